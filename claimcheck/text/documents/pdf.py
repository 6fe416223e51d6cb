"""PDF (``.pdf``), read by pypdfium2 (Google's PDFium), page by page, in reading order.

PDFium gives the text of a page as runs of characters, each with its box. They are put
in the order a reader reads them:

- a page whose runs leave a vertical gutter near the middle free is read as two
  columns, the left one first (a run that crosses the gutter, a title, is read with
  the left column);
- runs side by side on one baseline are one line; lines are joined into paragraphs,
  a paragraph ending where the space to the next line is clearly larger than a line's
  (a blank line in the text between paragraphs);
- a word PDFium marks as hyphenated at a line end (its soft hyphen) is joined again
  (``inspe-`` + ``ctors`` is ``inspectors``); a line ending in a hyphen of the text
  itself (``Nur-`` + ``Sultan``) keeps it, without a space;
- ligatures (``\\ufb01``) are the letters they join.

Each page after the first starts with a form feed, so that a place in the text is
``page N, line M`` (``Document.location``). A PDF that PDFium cannot open, that has
more pages than the limit or that has no text at all (a scan) is a ``DocumentError``.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimcheck.text.documents import DocumentError, missing_extra

_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
_SOFT_HYPHENS = ("\x02", "\ufffe", "\u00ad")  # how PDFium marks a line end's hyphen
# A gutter: a band this wide near the middle of the page that no narrow run crosses.
_GUTTER = 8.0  # points
_MIDDLE = (0.3, 0.7)  # of the page's width, where a gutter between two columns lies


@dataclass(frozen=True)
class Run:
    """A run of text on one line of a page, with its box (PDF points, y upwards)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def height(self) -> float:
        return self.top - self.bottom


def read(data: bytes, path: str, max_pages: int) -> str:
    try:
        import pypdfium2
    except ImportError:
        raise missing_extra("pdf", "pypdfium2", path) from None
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise DocumentError(f"is a PDF that PDFium cannot open ({error})", file=path,
                            hint="open it in a PDF viewer and save or print it to a new "
                                 "PDF") from None
    try:
        return _text(document, path, max_pages)
    finally:
        document.close()


def _text(document: Any, path: str, max_pages: int) -> str:
    if len(document) > max_pages:
        raise DocumentError(f"has {len(document):,} pages (the limit is {max_pages:,}); "
                            "not read", file=path, hint="split the PDF into smaller files")
    pages = [_page_text(document[index]) for index in range(len(document))]
    if not any(page.strip() for page in pages):
        raise DocumentError("has no text to read (a scanned PDF holds only images)",
                            file=path, hint="claimcheck does no OCR; give a PDF with text")
    return "\f".join(pages)


def _page_text(page: Any) -> str:
    textpage = page.get_textpage()
    try:
        width = page.get_width()
        runs = [_run(textpage, index) for index in range(textpage.count_rects())]
    finally:
        textpage.close()
        page.close()
    runs = [run for run in runs if run.text.strip()]
    paragraphs = _paragraphs(_lines(in_reading_order(runs, width)))
    return "".join(paragraph + "\n\n" for paragraph in paragraphs).removesuffix("\n")


def _run(textpage: Any, index: int) -> Run:
    left, bottom, right, top = textpage.get_rect(index)
    text = textpage.get_text_bounded(left, bottom, right, top)
    return Run(left, bottom, right, top, text.translate(_LIGATURES))


def in_reading_order(runs: list[Run], width: float) -> list[list[Run]]:
    """The runs as columns (one, or two when a gutter splits the page), each from the
    top down and, on one line, from left to right."""
    gutter = _gutter(runs, width)
    if gutter is None:
        return [_top_down(runs)]
    left = [run for run in runs if run.left < gutter]
    right = [run for run in runs if run.left >= gutter]
    return [_top_down(left), _top_down(right)]


def _top_down(runs: Iterable[Run]) -> list[Run]:
    return sorted(runs, key=lambda run: (-round(run.top), run.left))


def _gutter(runs: list[Run], width: float) -> float | None:
    """The x of a gutter between two columns, or ``None``: a gap near the middle that
    no narrow run (under 55% of the page's width) crosses, with at least three runs on
    each side of it."""
    narrow = sorted((run for run in runs if run.right - run.left < 0.55 * width),
                    key=lambda run: run.left)
    reach = None
    for run in narrow:
        if reach is not None and run.left - reach >= _GUTTER:
            middle = (reach + run.left) / 2
            if _MIDDLE[0] * width <= middle <= _MIDDLE[1] * width and _both_sides(
                    narrow, middle):
                return middle
        reach = run.right if reach is None else max(reach, run.right)
    return None


def _both_sides(runs: list[Run], x: float) -> bool:
    left = sum(run.right <= x for run in runs)
    return left >= 3 and len(runs) - left >= 3


def _lines(columns: list[list[Run]]) -> list[list[Run]]:
    """Runs grouped into lines: a run whose box overlaps the line's by half its height
    or more is on that line. A column always starts a line (and a paragraph)."""
    lines: list[list[Run]] = []
    for column in columns:
        current: list[Run] = []
        for run in column:
            if current and not _same_line(current[-1], run):
                lines.append(sorted(current, key=lambda r: r.left))
                current = []
            current.append(run)
        if current:
            lines.append(sorted(current, key=lambda r: r.left))
        lines.append([])  # the column's end: a paragraph ends there
    return lines


def _same_line(one: Run, other: Run) -> bool:
    overlap = min(one.top, other.top) - max(one.bottom, other.bottom)
    return overlap >= 0.5 * min(one.height, other.height)


def _paragraphs(lines: list[list[Run]]) -> list[str]:
    """The lines joined into paragraphs (see the module's docstring)."""
    heights = [run.height for line in lines for run in line]
    usual = statistics.median(heights) if heights else 0.0
    paragraphs: list[str] = []
    current = ""
    previous: list[Run] = []
    for line in lines:
        if not line or (previous and _gap(previous, line) > 0.8 * usual):
            paragraphs.append(current)
            current = ""
        if line:
            current = _joined(current, _line_text(line))
        previous = line
    paragraphs.append(current)
    return [paragraph for paragraph in paragraphs if paragraph.strip()]


def _gap(above: list[Run], below: list[Run]) -> float:
    return min(run.bottom for run in above) - max(run.top for run in below)


def _line_text(line: list[Run]) -> str:
    return " ".join(run.text.strip(" \r\n") for run in line)


def _joined(paragraph: str, line: str) -> str:
    """``line`` added to ``paragraph``: a soft hyphen at the end joins the halves of a
    word, a hyphen of the text joins without a space, else a space."""
    if not paragraph:
        return line
    if paragraph.endswith(_SOFT_HYPHENS):
        return paragraph[:-1] + line
    if paragraph.endswith("-") and paragraph[-2:-1].isalpha():
        return paragraph + line
    return f"{paragraph} {line}"
