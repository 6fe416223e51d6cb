"""Documents as people have them: the text of a ``.txt``, ``.md``, ``.html``, ``.docx``
or ``.pdf`` file, read the same way for every command.

``read_document(path)`` is the one entry point. It reads the bytes through
``fileio.read_user_bytes`` (regular files, the size limit, the roots), chooses the
reader by the file's extension from the registry ``READERS`` (an explicit dict), checks
the content against the extension (a PDF named ``.txt`` is an error that says so), and
returns a ``Document``: the text as claimcheck reads it, with the map from a place in
that text to ``page 12, line 5``.

The text of a paged document (PDF) has a form feed (``\\f``) at the start of each page
after the first, as ``pdftotext`` writes it; a line number is counted within its page.
Everything that finds a place in a text (coverage, extract) reads the page from the
text itself (``textnorm.page_and_line``), so nothing else has to carry the map.

The parsers of the richer formats are optional extras (``pip install
'claimcheck[pdf]'``); without one, reading that format is a ``MissingExtra`` error (exit
2) that names the command installing it, never an ImportError. None of them reaches the
network: the HTML reader is given the page's text, never a URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimcheck.errors import ClaimcheckError
from claimcheck.fileio import DEFAULT_SIZE_LIMIT, read_user_bytes
from claimcheck.text.textnorm import PAGE_BREAK, page_and_line

__all__ = ["READERS", "Document", "DocumentError", "MissingExtra", "ReadOptions",
           "is_document", "is_url", "read_document", "reader_for"]

# A hostile PDF of a million empty pages is small on disk and slow to read; real reports
# rarely pass a thousand pages.
DEFAULT_PDF_PAGES = 5000
# What a Word file (a zip) may hold once uncompressed: a zip bomb of a few kilobytes
# unpacks to gigabytes. Twenty times the file size limit is far above any real report.
UNZIPPED_FACTOR = 20


class DocumentError(ClaimcheckError):
    """A document that cannot be read: not what its extension says, damaged, over a
    limit, or not a file (a URL)."""


class MissingExtra(DocumentError):
    """The parser of a format is an optional extra that is not installed."""


@dataclass(frozen=True)
class ReadOptions:
    """How a document is read besides its size limit: at most ``pdf_pages`` pages of a
    PDF; at most ``unzipped`` bytes unpacked from a Word file (``None``: twenty times
    the size limit); ``full_page``: an HTML page's whole text, not only its article."""

    pdf_pages: int = DEFAULT_PDF_PAGES
    unzipped: int | None = None
    full_page: bool = False


@dataclass(frozen=True)
class _Reading:
    """What a reader is given besides the bytes."""

    path: str
    limit: int
    options: ReadOptions

    @property
    def unzipped(self) -> int:
        chosen = self.options.unzipped
        return self.limit * UNZIPPED_FACTOR if chosen is None else chosen


@dataclass(frozen=True)
class Location:
    """Where a place of a document's text is: its page (``None`` when the document has
    no pages) and its line, counted within the page."""

    page: int | None
    line: int

    def __str__(self) -> str:
        return f"line {self.line}" if self.page is None else f"page {self.page}, line {self.line}"


@dataclass(frozen=True)
class Document:
    """A document as claimcheck reads it: ``text`` (what every check sees), the name of
    its ``format`` (a key of ``READERS``' readers) and its path as given."""

    path: str
    format: str
    text: str

    @property
    def pages(self) -> int:
        """How many pages the text has (1 for a document without pages)."""
        return self.text.count(PAGE_BREAK) + 1

    def location(self, at: int) -> Location:
        """The page and line of ``text[at]``."""
        return Location(*page_and_line(self.text, at))


@dataclass(frozen=True)
class Reader:
    """One format: its ``name``, how its content starts (``magic``, or ``None`` for text),
    the optional extra holding its parser (``None``: the standard library), and the
    function from the file's bytes to its text."""

    name: str
    magic: bytes | None
    extra: str | None
    read: Callable[[bytes, _Reading], str]


# Each format's module is imported only when a file of it is read: its parser is an
# optional extra, and importing trafilatura or pypdfium2 costs a start-up of 0.1-0.3 s.
def _plain(data: bytes, reading: _Reading) -> str:
    from claimcheck.text.documents import plain

    return plain.read(data, reading.path)


def _markdown(data: bytes, reading: _Reading) -> str:
    from claimcheck.text.documents import markdown

    return markdown.read(data, reading.path)


def _html(data: bytes, reading: _Reading) -> str:
    from claimcheck.text.documents import html

    if reading.options.full_page:
        return html.read_full(data, reading.path)
    return html.read(data, reading.path)


def _word(data: bytes, reading: _Reading) -> str:
    from claimcheck.text.documents import word

    return word.read(data, reading.path, reading.unzipped)


def _pdf(data: bytes, reading: _Reading) -> str:
    from claimcheck.text.documents import pdf

    return pdf.read(data, reading.path, reading.options.pdf_pages)


_PLAIN = Reader("text", None, None, _plain)
_MARKDOWN = Reader("markdown", None, "markdown", _markdown)
_HTML = Reader("html", None, "web", _html)
_WORD = Reader("word", b"PK\x03\x04", "word", _word)
_PDF = Reader("pdf", b"%PDF-", "pdf", _pdf)

# The readers by extension (lower case): an explicit table, so that what claimcheck
# reads is written in one place (the README's "Documents" section lists it).
READERS: dict[str, Reader] = {
    ".txt": _PLAIN, ".text": _PLAIN,
    ".md": _MARKDOWN, ".markdown": _MARKDOWN,
    ".html": _HTML, ".htm": _HTML,
    ".docx": _WORD,
    ".pdf": _PDF,
}
# Binary formats told apart by how they start, to say what a misnamed file really is.
_SNIFFED = {b"%PDF-": "a PDF", b"PK\x03\x04": "a zip archive (a Word file?)",
            b"\xd0\xcf\x11\xe0": "an old binary Word or Office file (.doc)"}
# A scheme and a colon, then a slash (Path folds "https://" to "https:/"); two letters
# at least, so that a Windows drive ("C:/") is a path.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:/")


def reader_for(path: Path) -> Reader:
    """The reader of ``path``'s extension; any other extension (or none) is plain text,
    as every source was before documents were read (its content is still checked)."""
    return READERS.get(path.suffix.lower(), _PLAIN)


def is_document(path: Path) -> bool:
    """Whether ``path``'s extension is one of ``READERS`` (what a folder is searched for)."""
    return path.suffix.lower() in READERS


def is_url(written: str) -> bool:
    """Whether a path as written is a URL (``https://...``): never fetched."""
    return _URL.match(written) is not None


def url_error(written: str) -> DocumentError:
    return DocumentError("is a URL; claimcheck never reaches the network", file=written,
                         hint="save the page (or the file) and give its path")


def read_document(path: Path, *, roots: Sequence[Path] | None = None,
                  limit: int = DEFAULT_SIZE_LIMIT, options: ReadOptions = ReadOptions(),
                  what: str = "a document") -> Document:
    """The text of the document ``path`` (see the module's docstring).

    ``roots``: the folders it must lie in (``None``: a file named on the command line);
    ``limit``: its size limit in bytes (``fileio``'s); ``options``: the other bounds and
    the HTML mode; ``what`` names it in a hint ("the source document"). Raises
    ``fileio.UnreadableFile`` or ``DocumentError``, each naming the file.
    """
    if is_url(str(path)):
        raise url_error(str(path))
    reader = reader_for(path)
    data = read_user_bytes(path, roots=roots, limit=limit, what=what)
    _check_content(path, reader, data)
    text = reader.read(data, _Reading(str(path), limit, options))
    return Document(str(path), reader.name, text)


def _check_content(path: Path, reader: Reader, data: bytes) -> None:
    """The content is what the extension says: a binary format starts with its magic
    bytes, and a text format starts with none of the binary ones."""
    found = _sniffed(data)
    named = f"named {path.suffix}" if path.suffix else "named without an extension"
    if reader.magic is not None and not data.startswith(reader.magic):
        raise DocumentError(f"is {named} but is {found or 'not one'} (it does "
                            f"not start as a {reader.name} file does)", file=str(path),
                            hint=f"give a {reader.name} file, or rename the file to what it is")
    if reader.magic is None and found is not None:
        raise DocumentError(f"is {named} but is {found}", file=str(path),
                            hint="rename the file to its real extension (.pdf, .docx)")


def _sniffed(data: bytes) -> str | None:
    return next((kind for magic, kind in _SNIFFED.items() if data.startswith(magic)), None)


def missing_extra(extra: str, package: str, path: str) -> MissingExtra:
    """The error for a parser that is not installed, naming the command that installs it."""
    return MissingExtra(
        f"needs {package} to be read, and it is not installed", file=path,
        hint=f"pip install 'claimcheck[{extra}]' (or 'claimcheck[documents]' for every format)")


def decoded(data: bytes, path: str) -> str:
    """``data`` as UTF-8, or a ``DocumentError`` with the line
    of the first byte that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DocumentError(f"is not UTF-8 text (byte {data[error.start]:#x})", file=path,
                            line=line, hint="save the file as UTF-8") from None
