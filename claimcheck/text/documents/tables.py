"""A table as the text a reader would read: one line per row, its label first.

``Sindh: 799`` for a row of two cells; with a header row, each value after its column's
label (``Sindh: Cases 799; Deaths 12``), so that every number of the table is a
numeric mention next to the words that say what it counts. Used by the Markdown, HTML
and Word readers alike.
"""

from __future__ import annotations

from collections.abc import Sequence


def table_lines(rows: Sequence[Sequence[str]], *, header: bool) -> list[str]:
    """The lines of a table of ``rows`` (cells as text); ``header``: the first row
    labels the columns."""
    cleaned = [[" ".join(cell.split()) for cell in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    if not cleaned:
        return []
    labels = cleaned[0] if header and len(cleaned) > 1 else None
    body = cleaned[1:] if labels is not None else cleaned
    lines = [_row_line(row, labels) for row in body]
    if labels is not None and len(labels) == 2:  # "Province: Cases" says what they count
        lines.insert(0, f"{labels[0]}: {labels[1]}")
    return [line for line in lines if line]


def _row_line(row: Sequence[str], labels: Sequence[str] | None) -> str:
    label, *values = row
    if not values:
        return label
    if labels is None or len(labels) <= 2:
        said = "; ".join(value for value in values if value)
    else:
        named = zip(labels[1:], values, strict=False)
        said = "; ".join(f"{name} {value}".strip() for name, value in named if value)
    return f"{label}: {said}" if label else said
