"""``claimcheck scan --format ...``: the relations a scan found, one renderer per format.

Each finding is said with its location in the document (``article.txt:12:34``, the
line and column of its first number), its status, kind and id, the arithmetic with the
numbers as written (the check as ``verify`` shows it), the engine's account, and the
sentences it rests on. ``report.SCAN_FORMATS`` is the registry ``scan --format``
reads: format name -> the name of its renderer here, ``render_<name>(reports,
chosen)``. Text from the document is shown with its control characters escaped
(``safe_text``).

``json`` is one object, ``{"version": "1", "documents": [...], "summary": {...}}``;
its schema is ``docs/schema/scan.schema.json`` (``version`` is the schema's own, a
constant that changes only when a key's meaning does).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from claimcheck.model import Relation, ScanReport, Status
from claimcheck.report.findings import repository_path
from claimcheck.report.github import command
from claimcheck.report.table import STATUS_LABELS, STATUS_STYLES
from claimcheck.safe_text import json_safe, shown

SCHEMA_VERSION = "1"
Shown = Callable[[ScanReport], Sequence[Relation]]
"""Which relations of a report to render (``scan.shown``: the findings, or all)."""


def render_table(reports: Sequence[ScanReport], chosen: Shown) -> RenderableType:
    parts: list[RenderableType] = []
    for report in reports:
        relations = chosen(report)
        if relations:
            parts.append(_table(report, relations))
    parts.append(Text(summary_line(reports, chosen), style="bold"))
    return Group(*parts)


def _table(report: ScanReport, relations: Sequence[Relation]) -> RenderableType:
    """The findings as a table, then the sentences each rests on (too long for a cell)."""
    table = Table(title=shown(report.path), title_justify="left", show_lines=True)
    for heading in ("where", "status", "finding", "arithmetic"):
        table.add_column(heading, overflow="fold")
    for relation in relations:
        table.add_row(
            f"{relation.line}:{relation.column}",
            Text(STATUS_LABELS[relation.status], style=STATUS_STYLES[relation.status]),
            shown(f"{relation.id} ({relation.kind}, score {relation.score})\n{relation.why}"),
            shown(_arithmetic(relation)))
    sources = [Text(shown(f"{r.id} rests on: " + " / ".join(r.sentences)), style="dim")
               for r in relations]
    return Group(table, *sources)


def summary_line(reports: Sequence[ScanReport], chosen: Shown) -> str:
    counts = dict.fromkeys(Status, 0)
    for report in reports:
        for relation in chosen(report):
            counts[relation.status] += 1
    every = sum(len(report.relations) for report in reports)
    return (f"{counts[Status.FAIL]} fail, {counts[Status.TENSION]} tension, "
            f"{counts[Status.OK]} ok shown, of {every} relations proposed")


def _arithmetic(relation: Relation) -> str:
    detail = f": {relation.message}" if relation.message else ""
    return f"{relation.display or relation.check}{detail}"


def render_concise(reports: Sequence[ScanReport], chosen: Shown) -> str:
    """``path:line:column: status id (kind) arithmetic``, one line per finding."""
    lines = [f"{report.path}:{r.line}:{r.column}: {r.status.value} {r.id} ({r.kind}) "
             f"{' '.join(_arithmetic(r).split())}"
             for report in reports for r in chosen(report)]
    return shown("".join(f"{line}\n" for line in lines))


def render_github(reports: Sequence[ScanReport], chosen: Shown) -> str:
    """GitHub workflow commands: ``::error`` for a fail, ``::warning`` for a tension,
    ``::notice`` for a relation that holds (``--all``)."""
    names = {Status.FAIL: "error", Status.TENSION: "warning", Status.OK: "notice"}
    lines = []
    for report in reports:
        for r in chosen(report):
            title = f"claimcheck scan {r.status.value}: {r.id}"
            properties = {"file": repository_path(report.path), "line": str(r.line),
                          "col": str(r.column), "title": title}
            lines.append(command(names[r.status], properties, f"{r.why}: {_arithmetic(r)}"))
    return shown("".join(f"{line}\n" for line in lines))


def render_json(reports: Sequence[ScanReport], chosen: Shown) -> str:
    document = scan_json(reports, chosen)
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def scan_json(reports: Sequence[ScanReport], chosen: Shown) -> dict[str, Any]:
    """The JSON document of ``docs/schema/scan.schema.json``."""
    documents = [{"path": report.path, "mentions": report.mentions,
                  "proposed": len(report.relations),
                  "findings": [relation_json(r) for r in chosen(report)]}
                 for report in reports]
    summary = {status.value: sum(1 for d in reports for r in chosen(d) if r.status is status)
               for status in Status}
    return {"version": SCHEMA_VERSION, "documents": documents, "summary": summary}


def relation_json(relation: Relation) -> dict[str, Any]:
    return {
        "id": relation.id, "kind": relation.kind, "status": relation.status.value,
        "score": relation.score, "line": relation.line, "column": relation.column,
        "cue": relation.cue, "why": relation.why, "check": relation.check,
        "arithmetic": relation.display, "message": relation.message,
        "claims": list(relation.claims),
        "mentions": [{"text": m.text, "value": m.value, "unit": m.unit, "line": m.line,
                      "column": m.column} for m in relation.mentions],
        "sentences": list(relation.sentences),
    }


# ------------------------------------------------------------ explain ID --scan DOCUMENT


def explain_text(report: ScanReport, relation: Relation) -> RenderableType:
    """One finding in full: status, the arithmetic, each number where it is written,
    the sentences, and the documentation of its kind."""
    head = Text(f"{shown(report.path)}:{relation.line}:{relation.column}  ", style="bold")
    head.append(STATUS_LABELS[relation.status], style=STATUS_STYLES[relation.status])
    head.append(f"  {relation.id} ({relation.kind}, score {relation.score})")
    lines = [f"why: {relation.why}", f"cue: {relation.cue}", f"rule: {relation.check}",
             f"arithmetic: {_arithmetic(relation)}", "numbers:"]
    lines += [f"  {claim} = {m.text!r} (line {m.line}, column {m.column}"
              f"{', ' + m.unit if m.unit else ''})"
              for claim, m in zip(relation.claims, relation.mentions, strict=True)]
    lines += ["sentences:", *(f"  {s}" for s in relation.sentences),
              f"the kind {relation.kind}:", *(f"  {line}" for line in kind_doc(relation.kind))]
    return Group(head, Text(shown("\n".join(lines))))


def explain_json(report: ScanReport, relation: Relation) -> str:
    document = {"version": SCHEMA_VERSION, "path": report.path, **relation_json(relation),
                "kind_documentation": "\n".join(kind_doc(relation.kind))}
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def kind_doc(kind: str) -> list[str]:
    from claimcheck.draft.relations import RELATIONS

    return (RELATIONS[kind].__doc__ or "").strip().splitlines()
