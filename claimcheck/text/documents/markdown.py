"""Markdown (``.md``), parsed by markdown-it-py (CommonMark, with tables).

The text is what the rendered page shows: emphasis, links and code marks go
(``**2,800** [weapons](url)`` reads ``2,800 weapons``), each block is a paragraph of its
own (a blank line between), a line break inside a paragraph stays a line break (so the
lines are the file's), and a table becomes one line per row (``tables.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from claimcheck.text.documents import DocumentError, decoded, missing_extra
from claimcheck.text.documents.tables import table_lines

if TYPE_CHECKING:
    from markdown_it.token import Token

# How deep blocks (quotes in quotes, lists in lists) and marks may nest: markdown-it
# drops what lies deeper (its CommonMark preset: 20, which a real file may pass), and
# its parser recurses, so the limit also bounds the stack.
MAX_NESTING = 100
# Inline tokens whose text is shown; the others (emphasis marks, link brackets) show none.
_SHOWN = {"text", "code_inline", "html_inline"}
_BREAKS = {"softbreak", "hardbreak"}


def read(data: bytes, path: str) -> str:
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        raise missing_extra("markdown", "markdown-it-py", path) from None
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
    tokens = parser.parse(decoded(data, path))
    if max((token.level for token in tokens), default=0) >= MAX_NESTING - 1:
        # markdown-it stops at its nesting limit and drops what is deeper, unsaid
        raise DocumentError(f"nests blocks or marks {MAX_NESTING - 2} deep or more, "
                            "deeper than claimcheck reads", file=path)
    return "\n\n".join(_blocks(tokens)) + "\n"


def _blocks(tokens: Sequence[Token]) -> Iterator[str]:
    """The text of each block: a paragraph, a heading, a code block or a table."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "table_open":
            end = _closing(tokens, index, "table_close")
            yield from _nonempty("\n".join(_table(tokens[index:end])))
            index = end
        elif token.type == "inline":
            yield from _nonempty(_inline_text(token))
        elif token.type in ("fence", "code_block"):
            yield from _nonempty(token.content.rstrip("\n"))
        index += 1


def _nonempty(text: str) -> Iterator[str]:
    if text.strip():
        yield text


def _closing(tokens: Sequence[Token], start: int, kind: str) -> int:
    return next(i for i in range(start, len(tokens)) if tokens[i].type == kind)


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in _SHOWN:
            parts.append(child.content)
        elif child.type in _BREAKS:
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)  # its alt text
    return "".join(parts)


def _table(tokens: Sequence[Token]) -> list[str]:
    rows: list[list[str]] = []
    header = False
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(_inline_text(token))
        elif token.type == "thead_open":
            header = True
    return table_lines(rows, header=header)
