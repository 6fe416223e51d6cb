"""Word files (``.docx``), read by python-docx: paragraphs and tables in reading order.

A ``.docx`` is a zip archive. Before python-docx unpacks anything, the archive's own
table of contents is checked: what its parts add up to uncompressed (a zip bomb of a
few kilobytes unpacks to gigabytes) and how many parts it has. Then the body is read
in document order: each paragraph is a paragraph of the text (a blank line between),
and each table one line per row (``tables.py``), its first row taken as the column
labels when the table marks it as a header row or it holds no number.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from claimcheck.text.documents import DocumentError, missing_extra
from claimcheck.text.documents.tables import table_lines

if TYPE_CHECKING:
    from docx.table import Table, _Cell

# A Word file has a few dozen parts; a hundred thousand is no document.
MAX_PARTS = 10_000
_DIGIT = re.compile(r"\d")


def read(data: bytes, path: str, unzipped_limit: int) -> str:
    try:
        import docx
        from docx.table import Table
    except ImportError:
        raise missing_extra("word", "python-docx", path) from None
    check_archive(data, path, unzipped_limit)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors...
        raise DocumentError(f"cannot be read as a Word file ({type(error).__name__}: "
                            f"{error})", file=path,
                            hint="save it again from Word as .docx") from None
    blocks = (_table_text(item) if isinstance(item, Table) else item.text
              for item in document.iter_inner_content())
    return "\n\n".join(block for block in blocks if block.strip()) + "\n"


def check_archive(data: bytes, path: str, unzipped_limit: int) -> None:
    """Refuse an archive that is damaged, has too many parts or unpacks to more than
    ``unzipped_limit`` bytes, from its table of contents alone (nothing unpacked)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise DocumentError(f"is not a readable zip archive, as a .docx is ({error})",
                            file=path) from None
    if len(parts) > MAX_PARTS:
        raise DocumentError(f"holds {len(parts):,} parts (the limit is {MAX_PARTS:,}); "
                            "not read", file=path)
    total = sum(part.file_size for part in parts)
    if total > unzipped_limit:
        raise DocumentError(
            f"would unpack to {total:,} bytes (the limit is {unzipped_limit:,}); not read",
            file=path, hint="a Word file this large is likely a zip bomb; the "
                            "configuration's max_file_size raises the limit")


def _table_text(table: Table) -> str:
    rows = [[cell.text for cell in _unique_cells(row.cells)] for row in table.rows]
    return "\n".join(table_lines(rows, header=_has_header(table, rows)))


def _unique_cells(cells: Iterable[_Cell]) -> Iterator[_Cell]:
    """A merged cell is repeated in each grid column it spans (one ``w:tc`` element);
    it is read once."""
    seen: set[int] = set()
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            yield cell


def _has_header(table: Table, rows: list[list[str]]) -> bool:
    if not rows:
        return False
    marked = table.rows[0]._tr.trPr is not None and table.rows[0]._tr.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
    return marked or not any(_DIGIT.search(cell) for cell in rows[0])
