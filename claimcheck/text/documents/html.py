"""Web pages (``.html``, ``.htm``): the article by trafilatura, or the whole page's text.

A saved web page holds a menu, a footer, "related stories" and ads besides the article,
and their numbers would be mentions no claim is about. ``read`` (the article mode, the
default) gives the page to trafilatura, which keeps the article's title, paragraphs and
tables and drops the rest. ``read_full`` (``--full-page``) keeps every visible text of
the page, for a page that is only the article (a CMS export) or one trafilatura cuts
too much of.

Both parse the bytes with lxml (the page's own ``<meta charset>`` decides the encoding)
and are given the parsed tree, never a URL: nothing is fetched. Tables are turned into
paragraphs, one per row (``tables.py``), before either reads the page. Each block is a
paragraph of its own, a blank line between.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from claimcheck.text.documents import DocumentError, missing_extra
from claimcheck.text.documents.tables import table_lines

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# trafilatura's time grows faster than the page beyond some tens of thousands of
# elements (80,000 paragraphs took 5 s, 100,000 table rows minutes); an article has a
# few thousand. A larger page is read in the full-page mode, which is linear.
MAX_ARTICLE_ELEMENTS = 50_000
# Elements whose text is never shown.
_HIDDEN = ("script", "style", "noscript", "template", "head")
# Elements that start a block of their own in the full-page text.
_BLOCKS = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
                     "blockquote", "pre", "tr", "section", "article", "header", "footer",
                     "nav", "aside", "main", "figure", "figcaption", "br", "hr", "td", "th"))


def read(data: bytes, path: str) -> str:
    """The article of the page, as trafilatura finds it."""
    try:
        import trafilatura
    except ImportError:
        raise missing_extra("web", "trafilatura", path) from None
    tree = _tree(data, path)
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ARTICLE_ELEMENTS:
        raise DocumentError(f"has {elements:,} elements, more than the article mode reads "
                            f"({MAX_ARTICLE_ELEMENTS:,})", file=path,
                            hint="read the whole page with --full-page")
    text = trafilatura.extract(tree, output_format="txt", include_tables=False,
                               include_comments=False, include_images=False,
                               include_links=False, deduplicate=False, favor_recall=True)
    if not text:
        raise DocumentError("has no article text that trafilatura can find", file=path,
                            hint="read the whole page with --full-page")
    return _paragraphs(str(text).splitlines())


def read_full(data: bytes, path: str) -> str:
    """Every visible text of the page, block by block."""
    tree = _tree(data, path)
    blocks: list[str] = []
    current: list[str] = []
    for element, event in _walk(tree):
        if element.tag in _BLOCKS and current:
            blocks.append("".join(current))
            current = []
        text = element.text if event == "start" else element.tail
        if text:
            current.append(text)
    blocks.append("".join(current))
    return _paragraphs(blocks)


def _walk(tree: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """``(element, "start")`` before an element's children (its text), ``(element,
    "end")`` after them (its tail), hidden elements skipped with their children (a
    count of the hidden elements open, so a deep page costs no walk up its ancestors)."""
    from lxml import etree

    hidden = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if not isinstance(element.tag, str) or element.tag in _HIDDEN:
            hidden += 1 if event == "start" else -1
            if event == "end" and not hidden:
                yield element, event  # its tail is outside it
        elif not hidden:
            yield element, event


def _tree(data: bytes, path: str) -> HtmlElement:
    try:
        import lxml.html
    except ImportError:
        raise missing_extra("web", "lxml", path) from None
    parser = lxml.html.HTMLParser()  # no huge_tree: libxml2's bounds on depth and size
    try:
        tree = lxml.html.document_fromstring(data, parser=parser)
    except Exception as error:  # lxml's parser errors share no base class worth naming
        raise DocumentError(f"cannot be parsed as HTML ({error})", file=path) from None
    limits = [e.message for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    if limits:  # libxml2 stops there and drops the rest: a text cut short, never checked
        raise DocumentError(f"is beyond what the HTML parser reads ({limits[0]})",
                            file=path, hint="the page nests elements over 255 deep")
    for table in list(tree.iter("table")):
        _replace_table(table)
    return tree


def _replace_table(table: HtmlElement) -> None:
    """The table replaced by one ``<p>`` per row, as ``tables.table_lines`` writes it."""
    import lxml.html

    rows = [row for row in table.iter("tr") if _own_row(row, table)]
    cells = [[cell.text_content() for cell in row if cell.tag in ("td", "th")]
             for row in rows]
    header = bool(rows) and all(cell.tag == "th" for cell in rows[0]
                                if cell.tag in ("td", "th"))
    replacement = lxml.html.Element("div")
    for line in table_lines(cells, header=header):
        paragraph = lxml.html.Element("p")
        paragraph.text = line
        replacement.append(paragraph)
    replacement.tail = table.tail
    parent = table.getparent()
    if parent is not None:
        parent.replace(table, replacement)


def _own_row(row: HtmlElement, table: HtmlElement) -> bool:
    """Whether ``row`` belongs to ``table`` itself, not to a table nested in it."""
    return next(row.iterancestors("table"), None) is table


def _paragraphs(blocks: list[str]) -> str:
    kept = (" ".join(block.split()) for block in blocks)
    return "\n\n".join(block for block in kept if block) + "\n"
