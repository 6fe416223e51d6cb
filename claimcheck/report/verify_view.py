"""The page of a ``verify`` run (``view.ReportView``), from its claims files as loaded
and their reports.

A report (``model.FileReport``) carries results, not the document; the page needs both,
so ``check_files`` runs ``verify`` keeping each file as loaded (its claims, rules and
source text, read once). Then:

- the numbers of the source are its numeric mentions (``text.mentions``); a claim's
  number is the mention inside its quote's span (``text.textnorm.find_quote``) that
  states its value, or every mention of the span when none does (the quote check
  fails then, and says so); a date claim's quote is marked whole (a date is no
  numeric mention);
- a rule rests on the claims it names and, through derived claims, on the stated
  claims they are built from;
- each finding gets what ``explain`` says in short: the smallest change that makes it
  hold, or that the units have to change, and the hints (for the first
  ``MAX_EXPLAINED`` findings: explaining is a small evaluation each).
"""

from __future__ import annotations

import bisect
import datetime
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimcheck import __version__
from claimcheck.checks.quotes import value_with_unit_scale
from claimcheck.claims import expr
from claimcheck.claims.load import Loaded, load_file
from claimcheck.errors import ClaimcheckError
from claimcheck.evaluate.engine import evaluate
from claimcheck.model import Claim, FileReport, Result, Status, Written
from claimcheck.report.view import DocumentView, Item, ReportView, Subject, assemble
from claimcheck.runner import RunOptions, display_path, find_claims_files, refused_report, run
from claimcheck.text.mentions import Mention, find_mentions, mention_matches
from claimcheck.text.textnorm import find_quote

MAX_EXPLAINED = 20
"""Findings explained per file (each is a small evaluation, its hints a few more: about
20 ms); the others show their arithmetic and ``why``, and name the ``explain`` command."""


@dataclass(frozen=True)
class Checked:
    """One claims file as ``verify`` saw it: its report, and the file as loaded
    (``None`` when it could not be loaded)."""

    report: FileReport
    loaded: Loaded | None = None


def check_files(paths: Sequence[Path], options: RunOptions) -> list[Checked]:
    """``runner.run``, keeping every file as loaded for the page."""
    files = find_claims_files(paths, options.access)
    if not files:  # the run's own report says so
        return [Checked(report) for report in run(paths, options)]
    return [Checked(refused_report(found)) if found.refused else _checked(found.path, options)
            for found in files]


def _checked(path: Path, options: RunOptions) -> Checked:
    shown = display_path(path)
    try:
        loaded = load_file(shown, widths=options.widths, access=options.access)
        return Checked(evaluate(loaded), loaded)
    except ClaimcheckError as error:
        located = error.located(file=shown)
        return Checked(FileReport(shown, error=str(located), error_line=located.line))


def report_view(checked: Sequence[Checked], *, strict: bool = False,
                configuration: str | None = None,
                today: datetime.date | None = None) -> ReportView:
    from claimcheck.report.table import summary_line

    reports = [entry.report for entry in checked]
    return ReportView(
        command="verify",
        documents=tuple(document_view(entry) for entry in checked),
        summary=summary_line(reports, strict=strict),
        date=(today or datetime.date.today()).isoformat(),
        version=__version__,
        configuration=configuration,
    )


def document_view(checked: Checked) -> DocumentView:
    report, loaded = checked.report, checked.loaded
    if loaded is None or report.error:
        return DocumentView(report.path, None, (), (), (), error=report.error)
    claims = list(loaded.file.claims.values())
    index = {claim.id: number for number, claim in enumerate(claims)}
    stated = _Stated(loaded)
    text = loaded.source_text
    explain = functools.partial(_notes_of, loaded)
    return assemble(
        name=report.coverage.source if report.coverage else report.path, text=text,
        spans=_claim_marks(claims, text) if text is not None else {},
        items=[_item(loaded, result, stated, index) for result in report.results],
        lines=[result.line for result in report.results],
        subjects=[_subject(claim, loaded.file.path) for claim in claims],
        notes=_notes(report), explain=explain)


def _notes(report: FileReport) -> tuple[str, ...]:
    from claimcheck.report.table import coverage_line

    notes = [f"claims file: {report.path}"]
    if report.coverage:
        notes.append(coverage_line(report.coverage))
    if report.ungrounded:
        notes.append(f"ungrounded (no quote): {', '.join(report.ungrounded)}")
    return tuple(notes)


def _subject(claim: Claim, path: str) -> Subject:
    if claim.written is not None:
        value = f"{claim.written.text} {claim.unit or ''}".strip()
    else:
        value = f"= {claim.derived or ''}"
    return Subject(claim.id, value, f"{path}:{claim.line}")


class _Stated:
    """A claim and, if it is derived, every claim it is built from, down to the stated
    ones (worked out once per claim)."""

    def __init__(self, loaded: Loaded) -> None:
        self._derived = loaded.derived
        self._known: dict[str, tuple[str, ...]] = {}

    def of(self, cid: str) -> tuple[str, ...]:
        if cid not in self._known:
            found, todo = {cid: None}, [cid]
            while todo:  # no cycles: the engine refused them before
                tree = self._derived.get(todo.pop())
                for name in expr.names(tree) if tree is not None else ():
                    if name.id not in found:
                        found[name.id] = None
                        todo.append(name.id)
            self._known[cid] = tuple(found)
        return self._known[cid]


def _item(loaded: Loaded, result: Result, stated: _Stated, index: dict[str, int]) -> Item:
    names = dict.fromkeys(cid for claim in result.claims for cid in stated.of(claim))
    rule = loaded.file.rules.get(result.rule)
    return Item(
        name=result.rule, status=result.status, severity=result.severity,
        location=f"{result.file}:{result.line}",
        check=rule.check if rule else "",
        arithmetic=result.display, detail=result.message,
        why=" ".join(rule.why.split()) if rule and rule.why else None,
        subjects=tuple(index[cid] for cid in names if cid in index))


# --- the numbers of the document ----------------------------------------------------


def _claim_marks(claims: list[Claim], text: str) -> dict[tuple[int, int], list[int]]:
    """Each marked span of ``text`` and the claims (by index) that quote it."""
    mentions = find_mentions(text)
    starts = [mention.start for mention in mentions]
    spans: dict[tuple[int, int], list[int]] = {(m.start, m.end): [] for m in mentions}
    for number, claim in enumerate(claims):
        span = find_quote(text, claim.quote) if claim.quote and claim.written else None
        if span is None or claim.written is None:
            continue
        inside = list(_until(mentions[bisect.bisect_left(starts, span[0]):], span[1]))
        if claim.written.is_date:
            if not inside:  # a date is no numeric mention: its quote is marked whole
                spans.setdefault(span, []).append(number)
            continue
        for mention in _stating(claim.written, claim.unit, inside) or inside:
            spans[mention.start, mention.end].append(number)
    return spans


def _until(mentions: list[Mention], end: int) -> Iterator[Mention]:
    for mention in mentions:
        if mention.end > end:
            return
        yield mention


def _stating(written: Written, unit: str | None, mentions: list[Mention]) -> list[Mention]:
    """The mentions that state the claim's value (as the quote check reads them)."""
    value = value_with_unit_scale(written, unit)
    return [mention for mention in mentions if mention_matches(value, mention)]


def _notes_of(loaded: Loaded, rank: int, item: Item) -> tuple[str, ...]:
    """What a finding of rank ``rank`` (0: the worst) adds from ``explain``."""
    if rank >= MAX_EXPLAINED:
        return (f"claimcheck explain {item.name} shows what would make it hold",)
    return _explained(loaded, item)


def _explained(loaded: Loaded, item: Item) -> tuple[str, ...]:
    """What ``explain`` adds to a finding, in short."""
    from claimcheck.explain.explanation import explain_rule

    if item.name not in loaded.file.rules:
        return ()  # a built-in check: its message says it all
    found = explain_rule(loaded, item.name)
    notes = []
    if found.mismatch:
        notes.append(f"no value of any one claim makes it hold: {found.mismatch}; "
                     "the units have to change")
    smallest = next((need for need in found.needs if need.claim == found.smallest), None)
    if smallest is not None:
        notes.append(f"smallest change: {smallest.claim} {smallest.needed.words} "
                     f"(now {smallest.current.text}; {smallest.miss.text})")
    for hint in found.hints:
        outcome = "would hold" if hint.status is Status.OK else "would hold, with a tension"
        notes.append(f"if {hint.claim} were {hint.value}, the rule {outcome} "
                     f"({hint.kind}: {hint.why})")
    return tuple(notes)
