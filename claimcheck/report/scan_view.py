"""The page of a ``scan`` run (``view.ReportView``), from each document's text and its
``model.ScanReport``.

The numbers of the page are the document's numeric mentions; each mention a shown
relation rests on is a subject (found by its line and column), and each shown relation
an item, with its kind, score and cue as a note. A number no shown relation rests on
is ``uncovered``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence

from claimcheck import __version__
from claimcheck.model import Relation, ScanReport, Severity
from claimcheck.report.view import (
    DocumentView,
    Item,
    MarkState,
    ReportView,
    Subject,
    assemble,
)
from claimcheck.text.mentions import find_mentions

SCAN_LEGEND = (
    (MarkState.OK, "\u2714 ok: every relation on it holds"),
    (MarkState.TENSION, "~ tension: a relation on it holds only if read loosely"),
    (MarkState.FAIL, "\u2718 fail: a relation on it cannot hold"),
    (MarkState.UNCOVERED, "? no relation shown rests on it"),
)


def scan_view(scanned: Sequence[tuple[ScanReport, str]],
              chosen: Callable[[ScanReport], Sequence[Relation]],
              today: datetime.date | None = None) -> ReportView:
    """The page of ``scan``: each report with its document's text; ``chosen`` says which
    relations are shown (``draft.scan.shown``)."""
    from claimcheck.report.scan import summary_line

    return ReportView(
        command="scan",
        documents=tuple(document_view(report, text, chosen(report)) for report, text in scanned),
        summary=summary_line([report for report, _ in scanned], chosen),
        date=(today or datetime.date.today()).isoformat(), version=__version__,
        legend=SCAN_LEGEND, item_kind="relation", subject_kind="number")


def document_view(report: ScanReport, text: str,
                  relations: Sequence[Relation]) -> DocumentView:
    starts = [0, *(found.end() for found in re.finditer("\n", text))]
    ends = {m.start: m.end for m in find_mentions(text)}
    spans: dict[tuple[int, int], list[int]] = {(start, end): [] for start, end in ends.items()}
    subjects: list[Subject] = []
    items = []
    for relation in relations:
        own = []
        for ref in relation.mentions:
            start = starts[ref.line - 1] + ref.column - 1
            span = (start, ends.get(start, start + len(ref.text)))
            if not spans.get(span):
                subjects.append(Subject(ref.text, f"{ref.value} {ref.unit or ''}".strip(),
                                        f"{report.path}:{ref.line}:{ref.column}"))
                spans.setdefault(span, []).append(len(subjects) - 1)
            own.append(spans[span][0])
        items.append(_item(report.path, relation, tuple(own)))
    return assemble(name=report.path, text=text, spans=spans, items=items,
                    lines=[relation.line for relation in relations], subjects=subjects,
                    notes=(f"{report.mentions} numeric mentions; {len(report.relations)} "
                           f"relations proposed, {len(relations)} shown",))


def _item(path: str, relation: Relation, subjects: tuple[int, ...]) -> Item:
    return Item(
        name=relation.id, status=relation.status, severity=Severity.ERROR,
        location=f"{path}:{relation.line}:{relation.column}", check=relation.check,
        arithmetic=relation.display, detail=relation.message, why=relation.why,
        notes=(f"{relation.kind}, score {relation.score}: the cue \"{relation.cue}\"",
               *(f"rests on: {sentence}" for sentence in relation.sentences)),
        subjects=subjects)
