"""Renderers: one module per ``--format``, and the one registry of formats.

``FORMATS`` below is the only list of ``verify``'s output formats: the command line's
``--format`` choices and help, the configuration's ``format`` key and the README test all
read it. To add a format, write ``claimcheck/report/<module>.py`` with a
``render(reports, *, strict) -> str`` and add one line to ``FORMATS``.

The table renderer returns a rich renderable (the CLI prints it so that colour
follows the terminal); the others return plain text. This module imports nothing but
the standard library: the CLI reads it at every start, and a renderer is imported only
when its format is chosen.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Writer = Literal["rich", "chunks", "text", "page"]
"""How the CLI writes a format's output: ``rich`` prints the renderable ``render``
returns on a console, ``chunks`` writes what ``chunks(reports, strict=...)`` yields as it
is made (a JSON document can be tens of megabytes), ``text`` writes ``render``'s string,
``page`` writes ``render(checked, strict=...)``'s string, made from the files as loaded
(``verify_view.check_files``: a page shows the documents, which reports do not carry)."""

Stream = Literal["stdout", "stderr", "stderr-json", "inline"]
"""Where a side output goes: with the findings on stdout, on stderr (so that stdout
keeps one document a tool can parse), on stderr as one line of JSON, or nowhere apart
(the document carries it)."""


class OutputFormat(NamedTuple):
    """One ``--format`` of ``verify`` (a named tuple: made at every start, it costs a
    tenth of a frozen dataclass).

    ``module`` is the renderer under ``claimcheck.report``; ``errors_on_stderr`` says
    whether a file that cannot be loaded is said on stderr (else the format carries it
    as a finding of its own); ``statistics`` and ``uncovered`` say where the output of
    ``--statistics`` and ``--uncovered`` goes; ``configuration`` where the configuration
    file used is named (``inline``: the renderer takes it and names it itself).
    """

    name: str
    module: str
    writer: Writer = "text"
    errors_on_stderr: bool = False
    statistics: Stream = "stderr"
    uncovered: Stream = "stderr"
    configuration: Stream = "stderr"


FORMATS: dict[str, OutputFormat] = {format.name: format for format in (
    OutputFormat("table", "table", "rich", errors_on_stderr=True, statistics="stdout",
                 uncovered="stdout", configuration="inline"),
    OutputFormat("concise", "concise", statistics="stdout"),
    OutputFormat("json", "json_format", "chunks", errors_on_stderr=True,
                 statistics="stderr-json", uncovered="inline", configuration="inline"),
    OutputFormat("github", "github"),
    OutputFormat("sarif", "sarif", configuration="inline"),
    OutputFormat("html", "html", "page", errors_on_stderr=True, uncovered="inline",
                 configuration="inline"),
)}
"""Format name -> how it is written, in the order the help lists them."""

DEFAULT_FORMAT = "table"
PRE_COMMIT_FORMAT = "concise"
"""The format when neither the command line nor the configuration chooses one, and the
one under pre-commit (which sets ``PRE_COMMIT=1`` for its hooks: one line per finding
suits its log)."""

EXPLAIN_FORMATS = ("text", "json")
"""``explain``'s formats: rich panels for people, JSON for tools."""

SCAN_FORMATS: dict[str, str] = {
    "table": "render_table",
    "concise": "render_concise",
    "json": "render_json",
    "github": "render_github",
    "html": "html.render_scan",
}
"""``scan --format``'s formats: name -> its renderer in ``claimcheck.report.scan``
(``render_<name>(reports, chosen)``); the command line's choices read it. ``html`` is
``claimcheck.report.html.render_scan(scanned, chosen)``, which takes each report with
its document's text (a page shows the document)."""
