"""What a report page shows, as data: the document as read, its numbers marked, and
the findings, built by an adapter (``verify_view`` for ``verify``) and drawn by a
renderer (``html``). Nothing here knows which command it came from,
so that another command (``scan``) needs only an adapter of its own.

An adapter gives ``assemble`` the spans of the text to mark, the subjects on each,
and the items; ``assemble`` orders and links them. A **mark** is one numeric mention
of the document, in one of four states:

==============  ===========================================================
``ok``          quoted by a claim, and every rule on that claim holds
``tension``     quoted by a claim, and a rule on it is in tension (none fails)
``fail``        quoted by a claim, and a rule on it fails (or its quote check)
``uncovered``   no claim quotes it: nothing checks it
==============  ===========================================================

An **item** is one rule (or built-in check) with its outcome; the *findings* are the
items that are not ``ok``, worst first. Marks and items point at each other by index.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from claimcheck.model import Severity, Status
from claimcheck.text.textnorm import line_number


class MarkState(enum.Enum):
    """How a number of the document stands, worst last."""

    OK = "ok"
    TENSION = "tension"
    FAIL = "fail"
    UNCOVERED = "uncovered"


STATE_OF_STATUS = {Status.OK: MarkState.OK, Status.TENSION: MarkState.TENSION,
                   Status.FAIL: MarkState.FAIL}


@dataclass(frozen=True, slots=True)
class Mark:
    """``text[start:end]`` of the document, on ``line``; ``subjects`` are the claims
    that quote it (indexes into ``DocumentView.subjects``), ``items`` the rules on it."""

    start: int
    end: int
    line: int
    state: MarkState
    subjects: tuple[int, ...] = ()
    items: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Subject:
    """A claim as a chosen number shows it: its id, its value as written (with its
    unit), and where it is defined (``file:line``)."""

    id: str
    value: str
    location: str


@dataclass(frozen=True, slots=True)
class Item:
    """One rule or built-in check and its outcome.

    ``arithmetic`` is the check with the numbers as written; ``detail`` what is wrong;
    ``why`` the rule's own reason; ``notes`` what ``explain`` adds in short (what it
    would take, hints); ``marks`` the numbers of the document it rests on."""

    name: str
    status: Status
    severity: Severity
    location: str
    check: str
    arithmetic: str
    detail: str
    why: str | None = None
    notes: tuple[str, ...] = ()
    marks: tuple[int, ...] = ()
    subjects: tuple[int, ...] = ()

    @property
    def is_finding(self) -> bool:
        return self.status is not Status.OK


@dataclass(frozen=True)
class DocumentView:
    """One document (or, without a source, one claims file) of the report.

    ``text`` is ``None`` when there is no document to show (a claims file without a
    ``[document] source``, or one that could not be loaded: ``error`` says why).
    ``items`` are worst first; ``marks`` in the order of the text, none overlapping."""

    name: str
    text: str | None
    marks: tuple[Mark, ...]
    items: tuple[Item, ...]
    subjects: tuple[Subject, ...]
    notes: tuple[str, ...] = ()
    error: str | None = None

    @property
    def findings(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.is_finding)


VERIFY_LEGEND = (
    (MarkState.OK, "\u2714 ok: quoted by a claim, every rule on it holds"),
    (MarkState.TENSION, "~ tension: a rule on it holds only if read loosely"),
    (MarkState.FAIL, "\u2718 fail: a rule on it cannot hold"),
    (MarkState.UNCOVERED, "? not covered: no claim quotes it"),
)


@dataclass(frozen=True)
class ReportView:
    """The whole page: what ran, on what, when, with which claimcheck.

    ``legend`` says what each state of a number means; ``item_kind`` and
    ``subject_kind`` name an item and a subject (``rule`` and ``claim`` for ``verify``)."""

    command: str
    documents: tuple[DocumentView, ...]
    summary: str
    date: str
    version: str
    configuration: str | None = None
    legend: tuple[tuple[MarkState, str], ...] = VERIFY_LEGEND
    item_kind: str = "rule"
    subject_kind: str = "claim"


_STATUS_RANK = {Status.FAIL: 0, Status.TENSION: 1, Status.OK: 2}
_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1}


def worst_first(items: list[Item], lines: list[int]) -> list[int]:
    """The order of ``items`` worst first: fail before tension before ok, an error
    before a warning, then by ``lines`` (the line each is written on)."""
    def key(index: int) -> tuple[int, int, int]:
        item = items[index]
        return _STATUS_RANK[item.status], _SEVERITY_RANK[item.severity], lines[index]
    return sorted(range(len(items)), key=key)


def mark_state(statuses: list[Status]) -> MarkState:
    """A covered number's state: the worst status of the rules on it (ok without any)."""
    if not statuses:
        return MarkState.OK
    return STATE_OF_STATUS[min(statuses, key=_STATUS_RANK.__getitem__)]


Spans = Mapping[tuple[int, int], Sequence[int]]
"""Each span of the text to mark, and the subjects (by index) that stand for it."""
Explainer = Callable[[int, Item], tuple[str, ...]]
"""What a finding of a given rank (0: the worst) adds to its notes."""


def assemble(*, name: str, text: str | None, spans: Spans, items: Sequence[Item],
             lines: Sequence[int], subjects: Sequence[Subject], notes: Sequence[str] = (),
             explain: Explainer | None = None) -> DocumentView:
    """A document's view from what an adapter knows: the spans of the text and the
    subjects on each, the items (each with its ``subjects``) and the line each is
    written on. The items are put worst first; marks and items are linked both ways;
    ``explain`` adds notes to each finding."""
    ordered = [items[index] for index in worst_first(list(items), list(lines))]
    marks = _marks(spans, ordered, text or "")
    on: dict[int, list[int]] = {}
    for number, mark in enumerate(marks):
        for rank in mark.items:
            on.setdefault(rank, []).append(number)
    finished = tuple(
        replace(item, marks=tuple(on.get(rank, ())),
                notes=item.notes + (explain(rank, item) if explain and item.is_finding
                                    else ()))
        for rank, item in enumerate(ordered))
    return DocumentView(name, text, marks, finished, tuple(subjects), tuple(notes))


def _marks(spans: Spans, items: list[Item], text: str) -> tuple[Mark, ...]:
    """The marks in text order (a span overlapping an earlier one is dropped), each with
    the items that rest on its subjects, by rank."""
    by_subject: dict[int, list[int]] = {}
    for rank, item in enumerate(items):
        for subject in item.subjects:
            by_subject.setdefault(subject, []).append(rank)
    marks: list[Mark] = []
    for (start, end), on in sorted(spans.items()):
        if marks and start < marks[-1].end:
            continue
        ranks = sorted({rank for subject in on for rank in by_subject.get(subject, ())})
        state = (mark_state([items[rank].status for rank in ranks]) if on
                 else MarkState.UNCOVERED)
        marks.append(Mark(start, end, line_number(text, start), state, tuple(on),
                          tuple(ranks)))
    return tuple(marks)
