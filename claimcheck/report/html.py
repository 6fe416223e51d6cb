"""``--format html``: one self-contained page for people who would rather look at the
document than read a table.

The page shows the document as claimcheck read it, every numeric mention marked by its
state (``view.MarkState``), the findings worst first with their arithmetic, ``why`` and
what ``explain`` adds, the rules that hold (folded), and every claim with the rules on
it; above them the summary line, the file names, the date, claimcheck's version and the
configuration used. States differ by more than colour: an icon (✔ ~ ✘ ?) and the
underline (solid, wavy, double, dotted), so they read in black and white and in print.

It is safe to open a page made from a stranger's files:

- Jinja2 with autoescaping on escapes everything from the document or the claims file
  (``<script>`` shows as text), and every string shown passes ``safe_text.shown``
  first (control and bidirectional characters as escapes);
- nothing is loaded from anywhere: no network, fonts, images or scripts from outside;
  a Content-Security-Policy of ``default-src 'none'`` allows only the page's own style
  and script, by their SHA-256, so an injected handler (``onerror=``) could not run;
- the script is a little plain JavaScript that only highlights (a finding's numbers;
  a number's claims and rules); with JavaScript off every finding is still there, and
  the links (a finding to its numbers, a number to its claim) still work.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimcheck.model import Relation, ScanReport, Status
from claimcheck.report.view import DocumentView, Item, Mark, ReportView
from claimcheck.safe_text import shown

if TYPE_CHECKING:
    import jinja2

    from claimcheck.report.verify_view import Checked

ICONS = {Status.OK: "\u2714", Status.TENSION: "~", Status.FAIL: "\u2718"}


def render(checked: Sequence[Checked], *, strict: bool = False,
           configuration: str | None = None) -> str:
    """The page of a ``verify`` run (``verify_view.check_files``)."""
    from claimcheck.report.verify_view import report_view

    return render_view(report_view(checked, strict=strict, configuration=configuration))


def render_scan(scanned: Sequence[tuple[ScanReport, str]],
                chosen: Callable[[ScanReport], Sequence[Relation]]) -> str:
    """The page of a ``scan`` run: each report with its document's text."""
    from claimcheck.report.scan_view import scan_view

    return render_view(scan_view(scanned, chosen))


def render_view(view: ReportView) -> str:
    """The page of any report view (``verify``'s, ``scan``'s)."""
    style, script = _asset("report.css"), _asset("report.js")
    template = _environment().get_template("report.html.j2")
    return template.render(
        view=view, title=", ".join(doc.name for doc in view.documents) or "no files",
        documents=[_page(doc) for doc in view.documents],
        policy=policy(style, script), style=_trusted(style), script=_trusted(script),
        icons=ICONS)


def policy(style: str, script: str) -> str:
    """Nothing may load; only this style and this script may apply, by their hashes."""
    return (f"default-src 'none'; style-src '{_sha256(style)}'; "
            f"script-src '{_sha256(script)}'; base-uri 'none'; form-action 'none'")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@functools.cache
def _asset(name: str) -> str:
    """A file of the page shipped beside the template, read by the template loader."""
    environment = _environment()
    assert environment.loader is not None
    return environment.loader.get_source(environment, name)[0]


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("claimcheck.report", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, finalize=_finalize)


def _finalize(value: Any) -> Any:
    """Every value the template prints is shown with its control characters escaped
    (autoescaping then escapes it for HTML); the page's own style and script are not."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return shown(value)
    return value


def _trusted(text: str) -> Any:
    """The page's own style or script, shipped with claimcheck: put in as written (its
    hash in the policy is of exactly this text)."""
    import markupsafe

    return markupsafe.Markup(text)


# --- what the template walks ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    """A stretch of the document: plain text (``mark`` is ``None``) or the ``index``-th
    mark."""

    text: str
    mark: Mark | None = None
    index: int = 0


@dataclass(frozen=True, slots=True)
class _Entry:
    rank: int
    item: Item
    mark_texts: tuple[str, ...]


@dataclass(frozen=True)
class _Page:
    view: DocumentView
    blocks: list[list[_Part]]
    findings: list[_Entry]
    holding: list[_Entry]
    rules_of: list[list[int]]


def _page(doc: DocumentView) -> _Page:
    text = doc.text or ""
    entries = [_Entry(rank, item, tuple(text[doc.marks[n].start:doc.marks[n].end]
                                        for n in item.marks))
               for rank, item in enumerate(doc.items)]
    rules_of: list[list[int]] = [[] for _ in doc.subjects]
    for rank, item in enumerate(doc.items):
        for subject in item.subjects:
            rules_of[subject].append(rank)
    return _Page(doc, _blocks(text, doc.marks),
                 [entry for entry in entries if entry.item.is_finding],
                 [entry for entry in entries if not entry.item.is_finding], rules_of)


def _blocks(text: str, marks: Sequence[Mark]) -> list[list[_Part]]:
    """The document in paragraphs (split after each blank line outside a mark), each a
    run of parts: a browser lays out only the paragraphs in view (content-visibility),
    which opens a long document in a fraction of the time one block takes."""
    blocks: list[list[_Part]] = [[]]
    done = 0
    for index, mark in enumerate(marks):
        _add_plain(text[done:mark.start], blocks)
        blocks[-1].append(_Part(text[mark.start:mark.end], mark, index))
        done = mark.end
    _add_plain(text[done:], blocks)
    return [block for block in blocks if block]


def _add_plain(text: str, blocks: list[list[_Part]]) -> None:
    start = 0
    for found in _PARAGRAPH_END.finditer(text):
        blocks[-1].append(_Part(text[start:found.end()]))
        blocks.append([])
        start = found.end()
    if start < len(text):
        blocks[-1].append(_Part(text[start:]))


_PARAGRAPH_END = re.compile(r"\n[ \t]*\n\s*")
