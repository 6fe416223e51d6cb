"""``claimcheck scan``: the arithmetic of a bare document, found and checked.

The mentions of the text (``text/mentions.py``) are read by every relation kind of
``draft.relations.RELATIONS``; each proposes candidates (a check over the mentions, a
``why`` quoting its cue, a score). The candidates become one claims file, built in
memory as text (a claim per mention of each relation, a rule per relation), which is
loaded by ``claims.load.load_text`` and decided by ``evaluate.engine.evaluate``: the
same loader and engine as ``verify``, so a finding means what a rule of a user's file
would mean. The result is a frozen ``model.ScanReport``, the relations most certain
first (fail, tension, ok; then by score; then in the order of the text).

Bounds: each kind looks at one sentence or a fixed window of mentions (``sum``: named
``WINDOW`` and ``MAX_PARTS``), so the cost is linear in the length of the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from claimcheck.claims.load import load_text
from claimcheck.draft.extract import toml_string
from claimcheck.draft.relations import RELATIONS
from claimcheck.draft.relations.base import Candidate, Document, shared_units
from claimcheck.errors import ClaimcheckError
from claimcheck.evaluate.engine import evaluate
from claimcheck.fileio import DEFAULT_SIZE_LIMIT
from claimcheck.model import MentionRef, Relation, Result, ScanReport, Status
from claimcheck.text.mentions import Mention, find_mentions
from claimcheck.text.textnorm import line_span, sentence_around

__all__ = ["SHOWN_SCORE", "candidates", "read_document", "scan_text", "shown"]

SHOWN_SCORE = 70
"""Findings scored below this are listed only with ``--all``: a false alarm costs a
fact-checker's trust, so what is shown by default favours precision over recall."""
_STATUS_ORDER = {Status.FAIL: 0, Status.TENSION: 1, Status.OK: 2}


def read_document(path: Path, *, limit: int = DEFAULT_SIZE_LIMIT) -> str:
    """The text of the document to scan, in any format text/documents reads (.txt,
    .md, .html, .docx, .pdf). The one place scan reads a document."""
    from claimcheck.text.documents import read_document as read_any

    return read_any(path, limit=limit, what="a document").text


def scan_text(text: str, name: str) -> ScanReport:
    """Every relation the kinds find in ``text`` (called ``name`` in locations)."""
    mentions = find_mentions(text)
    found = candidates(Document(text, mentions))
    ids = _rule_ids(found)
    results = _decide(found, ids, name)
    relations = [_relation(text, rid, c, results[rid]) for rid, c in zip(ids, found, strict=True)
                 if rid in results]
    relations.sort(key=lambda r: (_STATUS_ORDER[r.status], -r.score, r.line, r.column))
    return ScanReport(path=name, mentions=len(mentions), relations=tuple(relations))


def decided(found: Sequence[Candidate]) -> list[tuple[Candidate, str]]:
    """Each candidate the engine could decide, with its status (``"fail"``)."""
    ids = _rule_ids(found)
    results = _decide(found, ids, "scan")
    return [(c, results[rid].status.value) for rid, c in zip(ids, found, strict=True)
            if rid in results]


def shown(report: ScanReport, *, every: bool) -> tuple[Relation, ...]:
    """The relations a report shows: with ``every``, all; else the ones that fail or are
    in tension, scored at least ``SHOWN_SCORE``."""
    if every:
        return report.relations
    return tuple(r for r in report.relations
                 if r.status is not Status.OK and r.score >= SHOWN_SCORE)


def candidates(document: Document) -> list[Candidate]:
    """The candidates of every kind, in the order of the text; of two on the same
    mentions, the higher scored (one finding per piece of arithmetic)."""
    best: dict[frozenset[int], Candidate] = {}
    for kind in RELATIONS.values():
        for candidate in kind.find(document):
            key = frozenset(m.start for m in candidate.mentions)
            if len(key) == len(candidate.mentions) and (
                    key not in best or best[key].score < candidate.score):
                best[key] = candidate
    return sorted(best.values(), key=lambda c: (min(m.start for m in c.mentions), c.kind))


def _rule_ids(found: Sequence[Candidate]) -> list[str]:
    counts: dict[str, int] = {}
    ids = []
    for candidate in found:
        counts[candidate.kind] = counts.get(candidate.kind, 0) + 1
        ids.append(f"{candidate.kind}_{counts[candidate.kind]}")
    return ids


# ------------------------------------------------------------------ the engine


def claim_ids(rid: str, candidate: Candidate) -> tuple[str, ...]:
    """The claims of a relation: ``sum_1_a``, ``sum_1_b``, ... (``_aa`` after ``_z``)."""
    return tuple(f"{rid}_{_letters(i)}" for i in range(len(candidate.mentions)))


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def claims_toml(pairs: Iterable[tuple[str, Candidate]]) -> str:
    """The claims file of ``pairs`` (rule id, candidate): a claim per mention, a rule
    per candidate; each relation's claims are its own, so its units are its own."""
    pieces = []
    for rid, candidate in pairs:
        ids = claim_ids(rid, candidate)
        units = candidate.units or shared_units(candidate.mentions)
        for cid, mention, unit in zip(ids, candidate.mentions, units, strict=True):
            pieces.append(f"[claims.{cid}]\nvalue = {toml_string(mention.written.text)}\n")
            if unit:
                pieces.append(f"unit = {toml_string(unit)}\n")
        pieces.append(f"[rules.{rid}]\ncheck = {toml_string(candidate.check.format(*ids))}\n"
                      f"why = {toml_string(candidate.why)}\n")
        if candidate.tolerance:
            pieces.append(f"tolerance = {toml_string(candidate.tolerance)}\n")
    return "".join(pieces)


def _decide(found: Sequence[Candidate], ids: Sequence[str], name: str) -> dict[str, Result]:
    """Each candidate's result by rule id, all in one file; if that file cannot be
    loaded (a unit the vocabulary refuses), each half again, so that the few that
    cannot be are left out at the cost of a few loads, not one load per candidate."""
    pairs = list(zip(ids, found, strict=True))
    return _decided_pairs(pairs, name)


def _decided_pairs(pairs: Sequence[tuple[str, Candidate]], name: str) -> dict[str, Result]:
    if not pairs:
        return {}
    try:
        return _results(claims_toml(pairs), name)
    except ClaimcheckError:
        if len(pairs) == 1:
            return {}
        middle = len(pairs) // 2
        return _decided_pairs(pairs[:middle], name) | _decided_pairs(pairs[middle:], name)


def _results(claims_text: str, name: str) -> dict[str, Result]:
    report = evaluate(load_text(claims_text, name))
    return {result.rule: result for result in report.results if ":" not in result.rule}


def _relation(text: str, rid: str, candidate: Candidate, result: Result) -> Relation:
    refs = tuple(_reference(text, m) for m in candidate.mentions)
    first = min(candidate.mentions, key=lambda m: m.start)
    spans = _passages(text, candidate.mentions)
    return Relation(
        id=rid, kind=candidate.kind, cue=candidate.cue, score=candidate.score,
        check=candidate.check.format(*claim_ids(rid, candidate)), why=candidate.why,
        status=result.status, message=result.message, display=result.display,
        claims=claim_ids(rid, candidate), mentions=refs,
        sentences=tuple(_passage_text(text, span) for span in spans),
        line=_reference(text, first).line, column=_reference(text, first).column)


PASSAGE_WINDOW = 200
"""How much of a sentence is kept on each side of a number: a relation quotes its
sentences, and one sentence of a hostile text can be a megabyte (quoting it whole for
each of its relations made the output quadratic)."""


def _passages(text: str, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """The sentences of the mentions, each cut to ``PASSAGE_WINDOW`` around its number,
    overlapping ones merged, in order."""
    spans = []
    for m in sorted(mentions, key=lambda m: m.start):
        start, end = sentence_around(text, m.start, m.end)
        spans.append((max(start, m.start - PASSAGE_WINDOW), min(end, m.end + PASSAGE_WINDOW)))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _passage_text(text: str, span: tuple[int, int]) -> str:
    """The passage with white space folded, ``…`` where it is cut inside a sentence."""
    start, end = span
    sentence = sentence_around(text, start, end)
    words = " ".join(text[start:end].split())
    return f"{'… ' if start > sentence[0] else ''}{words}{' …' if end < sentence[1] else ''}"


def _reference(text: str, mention: Mention) -> MentionRef:
    from claimcheck.text.textnorm import line_number

    line_start, _ = line_span(text, mention.start)
    return MentionRef(text=mention.text, value=mention.written.text,
                      unit=mention.unit_word, line=line_number(text, mention.start),
                      column=mention.start - line_start + 1)
