"""The ``claimcheck`` command: thin typer commands over the engine and the renderers.

This is the only module that prints and the only one that exits: with the codes of
``claimcheck.exitcodes`` (0 nothing failed, 1 a rule of ``error`` severity failed, or,
with ``--strict``, a tension, 2 the input could not be checked). The output formats are
those of the registry ``claimcheck.report.FORMATS``.
"""

from __future__ import annotations

import atexit
import enum
import errno
import gc
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError
from claimcheck.exitcodes import ExitCode
from claimcheck.report import (
    DEFAULT_FORMAT,
    EXPLAIN_FORMATS,
    FORMATS,
    PRE_COMMIT_FORMAT,
    SCAN_FORMATS,
    OutputFormat,
)

if TYPE_CHECKING:
    class FormatName(enum.StrEnum):
        """A name of FORMATS (the choices of ``verify --format``)."""

    class ExplainFormatName(enum.StrEnum):
        """A name of EXPLAIN_FORMATS."""
else:
    # typer takes an option's choices from an enum; these are made from the registry.
    FormatName = enum.StrEnum("FormatName", {name: name for name in FORMATS})
    ExplainFormatName = enum.StrEnum("ExplainFormatName", {n: n for n in EXPLAIN_FORMATS})
EXPLAIN_TEXT = ExplainFormatName(EXPLAIN_FORMATS[0])
if TYPE_CHECKING:
    class ScanFormatName(enum.StrEnum):
        """A name of SCAN_FORMATS (the choices of ``scan --format``)."""
else:
    ScanFormatName = enum.StrEnum("ScanFormatName", {name: name for name in SCAN_FORMATS})
SCAN_TABLE = ScanFormatName(next(iter(SCAN_FORMATS)))

if TYPE_CHECKING:
    from rich.console import Console

    from claimcheck.config import Config
    from claimcheck.fileio import Access
    from claimcheck.model import FileReport, Relation, ScanReport
    from claimcheck.report.verify_view import Checked
    from claimcheck.runner import RunOptions

app = typer.Typer(
    name="claimcheck",
    help="Check that the numbers in a document agree with each other.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        with _writing_output():
            typer.echo(f"claimcheck {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Check that the numbers in a document agree with each other."""


@app.command()
def verify(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Claims files or directories (default: the configuration's paths, "
             "else data/claims.toml).", show_default=False)] = None,
    output: Annotated[FormatName | None, typer.Option(
        "--format", "-f", show_default=False,
        help=f"Output format (default: {DEFAULT_FORMAT}; {PRE_COMMIT_FORMAT} under pre-commit).",
    )] = None,
    strict: Annotated[bool | None, typer.Option(
        "--strict/--no-strict", help="Tensions fail the run too.", show_default=False)] = None,
    exit_zero: Annotated[bool | None, typer.Option(
        "--exit-zero/--no-exit-zero", help="Exit 0 even when rules fail (2 still means "
        "input that cannot be checked).", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Only findings: no ok rows, no summary.")] = False,
    statistics: Annotated[bool, typer.Option(
        "--statistics", help="Counts per status and per kind of finding.")] = False,
    uncovered: Annotated[bool, typer.Option(
        "--uncovered", help="List the numbers in the source that no claim's quote "
        "covers, each with its sentence.")] = False,
    config_path: Annotated[Path | None, typer.Option(
        "--config", help="A claimcheck.toml or pyproject.toml to use instead of searching "
        "upwards from here.", show_default=False)] = None,
    output_file: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report here instead of printing it (refuses an "
        "existing file unless --force).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Let -o replace a file.")] = False,
) -> None:
    """Evaluate every rule of the claims files: ok, tension or fail."""
    from claimcheck import runner

    config = _configuration(config_path)
    options = runner.RunOptions(
        strict=config.strict if strict is None else strict,
        exit_zero=config.exit_zero if exit_zero is None else exit_zero,
        widths=config.widths,
        access=config.access,
    )
    if output_file is not None and not force:
        _refuse_existing(output_file)
    chosen = FORMATS[output or _default_format(config)]
    checked = _checked_files(paths or list(config.paths), options, chosen)
    reports = [entry.report for entry in checked] if checked is not None else runner.run(
        paths or list(config.paths), options, implicit=not paths)
    with _writing_output(), _to_file(output_file, force=force):
        _print_reports(reports, chosen, options.strict, quiet=quiet,
                       configuration=_config_name(config), checked=checked)
        if uncovered:
            _print_uncovered(reports, chosen)
        if statistics:
            _print_statistics(runner.statistics(reports), chosen)
    raise typer.Exit(runner.exit_code(reports, options))


def _checked_files(paths: list[Path], options: RunOptions,
                   chosen: OutputFormat) -> list[Checked] | None:
    """For a page, the files as loaded as well as their reports (else ``None``)."""
    if chosen.writer != "page":
        return None
    from claimcheck.report.verify_view import check_files

    return check_files(paths, options)


def _refuse_existing(path: Path) -> None:
    """``-o`` never replaces a file without ``--force``: said before any work is done."""
    if os.path.lexists(path):
        from claimcheck.safe_text import shown

        _say_error(f"{shown(str(path))}: already exists; not overwritten (pass --force to "
                   "replace it)")
        raise typer.Exit(ExitCode.INPUT)


@contextmanager
def _to_file(path: Path | None, *, force: bool) -> Iterator[None]:
    """What the block writes to stdout goes to ``path`` instead (when given), written
    once it is complete, through a temporary file and a rename (``write_atomically``)."""
    if path is None:
        yield
        return
    import io
    from contextlib import redirect_stdout

    from claimcheck.fileio import write_atomically

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        yield
    try:
        write_atomically(path, buffer.getvalue(), overwrite=force)
    except ClaimcheckError as error:
        _say_error(str(error))
        raise typer.Exit(ExitCode.INPUT) from None


@contextmanager
def _writing_output() -> Iterator[None]:
    """Output that cannot be written (a full disk) is an error without a traceback:
    exit 2, as for input that cannot be checked. A reader that stopped early (``|
    head``) is click's to handle; any other error is no failure to write."""
    try:
        yield
    except OSError as error:
        if error.errno not in _UNWRITABLE:
            raise
        _output_error(error)
        raise typer.Exit(ExitCode.INPUT) from None


# Why a write fails: a full disk or quota, a file over the size limit, a device error,
# a closed descriptor.
_UNWRITABLE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF}


def _say_error(message: str) -> None:
    """``error: message`` on stderr, its control characters escaped: a message quotes
    what a file says, and a file may come from a stranger."""
    from claimcheck.safe_text import shown

    sys.stderr.write(f"error: {shown(message)}\n")


def _config_name(config: Config) -> str | None:
    """The configuration file used, as a path from the working directory."""
    if config.file is None:
        return None
    try:
        return os.path.relpath(config.file)
    except ValueError:  # another drive (Windows)
        return str(config.file)


def _output_error(error: OSError) -> None:
    """Say on stderr that the output could not be written."""
    with suppress(OSError, AttributeError):  # no stderr either: nothing more to do
        sys.stderr.write(f"error: the output could not be written: {error.strerror}\n")
        sys.stderr.flush()


@app.command()
def extract(
    source: Annotated[Path, typer.Argument(
        help="A document (.txt, .md, .html, .docx, .pdf), or a folder of them.",
        show_default=False)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the draft here (refuses an existing file unless "
        "--force) instead of printing it.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Let -o replace a file.")] = False,
    update: Annotated[Path | None, typer.Option(
        "--update", help="Append claims to this claims file for the numbers its quotes do "
        "not cover yet; every existing line is kept byte for byte.",
        show_default=False)] = None,
    title: Annotated[str | None, typer.Option(
        help="The title for the draft's \\[document] table.", show_default=False)] = None,
    rules: Annotated[bool, typer.Option(
        "--rules", help="Also draft \\[rules] from the relations `scan` finds (with "
        "--update: only those involving a number added now).")] = False,
    full_page: Annotated[bool, typer.Option(
        "--full-page", help="An HTML page's whole text, not only its article.")] = False,
) -> None:
    """Draft a claims file from a document: one claim per number, to review and edit.
    A folder: one draft beside each document in it (DOCUMENT.claims.toml)."""
    from claimcheck.draft import extract as drafting
    from claimcheck.draft import rules as rule_drafting
    from claimcheck.fileio import read_user_text, write_atomically

    access = _configuration(None).access  # its size limit and source_roots
    if source.is_dir():
        _extract_folder(source, access, force=force, full_page=full_page, rules=rules,
                        refused=output or update)
        return
    try:
        text = _document_text(source, access.limit, full_page=full_page)
        if update is not None:
            existing = read_user_text(update, limit=access.limit, what="a claims file")
            updated = (rule_drafting.update_with_rules if rules else drafting.update)(
                existing, text)
            write_atomically(update, updated, overwrite=True)
            return
        where = output.parent if output is not None else Path.cwd()
        relative = os.path.relpath(source.resolve(), where.resolve())
        make = rule_drafting.draft_with_rules if rules else drafting.draft
        draft = make(text, source_path=Path(relative).as_posix(), title=title)
        if output is None:
            with _writing_output():
                _write_in_pieces(draft)
                sys.stdout.flush()
        else:
            write_atomically(output, draft, overwrite=force)
        _note_source_outside_root(source, where, access.roots)
    except OSError as error:  # a missing folder, a full disk: the draft is not written
        sys.stderr.write(f"error: {output or update}: cannot be written ({error.strerror})\n")
        raise typer.Exit(ExitCode.INPUT) from None
    except ClaimcheckError as error:
        _say_error(str(error))
        raise typer.Exit(ExitCode.INPUT) from None


def _write_in_pieces(text: str, size: int = 1 << 16) -> None:
    """``text`` to stdout 64 KB at a time: one write encodes the whole draft at once,
    into a buffer of up to three bytes a character (a 1 MB text's draft: 5 MB)."""
    for start in range(0, len(text), size):
        sys.stdout.write(text[start : start + size])


def _document_text(path: Path, limit: int, *, full_page: bool,
                   roots: Sequence[Path] | None = None) -> str:
    from claimcheck.text.documents import ReadOptions, read_document

    return read_document(path, roots=roots, limit=limit, what="a document",
                         options=ReadOptions(full_page=full_page)).text


def _extract_folder(folder: Path, access: Access, *, force: bool, full_page: bool,
                    rules: bool, refused: Path | None) -> None:
    """``extract DIR``: a draft beside each document of the folder; a document that
    cannot be read is said and skipped, and the exit is then 2."""
    from claimcheck.draft import extract as drafting
    from claimcheck.draft import rules as rule_drafting
    from claimcheck.fileio import find_root, write_atomically
    from claimcheck.runner import find_documents

    if refused is not None:
        _say_error(f"{folder}: is a folder; -o and --update take one document")
        raise typer.Exit(ExitCode.INPUT)
    documents = find_documents(folder)
    if not documents:
        _say_error(f"{folder}: no documents found (.txt, .md, .html, .docx, .pdf)")
        raise typer.Exit(ExitCode.INPUT)
    roots = (find_root(folder), *access.roots)
    failed = False
    for document in documents:
        target = document.with_name(document.name + ".claims.toml")
        try:
            text = _document_text(document, access.limit, full_page=full_page, roots=roots)
            make = rule_drafting.draft_with_rules if rules else drafting.draft
            draft = make(text, source_path=document.name)
            write_atomically(target, draft, overwrite=force)
        except ClaimcheckError as error:
            _say_error(str(error))
            failed = True
            continue
        sys.stderr.write(f"wrote {_shown_path(target)}\n")
    if failed:
        raise typer.Exit(ExitCode.INPUT)


def _shown_path(path: Path) -> str:
    from claimcheck.runner import display_path
    from claimcheck.safe_text import shown

    return shown(display_path(path))


@app.command(name="text")
def text_command(
    document: Annotated[Path, typer.Argument(
        help="A document (.txt, .md, .html, .docx, .pdf).", show_default=False)],
    full_page: Annotated[bool, typer.Option(
        "--full-page", help="An HTML page's whole text, not only its article.")] = False,
) -> None:
    """The text claimcheck reads from a document, with its line numbers (and pages):
    what the quotes are checked against and what the numbers are found in."""
    from claimcheck.text.documents import ReadOptions, read_document

    access = _configuration(None).access
    try:
        read = read_document(document, limit=access.limit,
                             options=ReadOptions(full_page=full_page))
    except ClaimcheckError as error:
        _say_error(str(error))
        raise typer.Exit(ExitCode.INPUT) from None
    with _writing_output():
        sys.stdout.writelines(_numbered_lines(read.text))
    raise typer.Exit(ExitCode.OK)


def _numbered_lines(text: str) -> Iterator[str]:
    """Each line of ``text`` with its number (within its page), a page's heading before
    its lines when the text has pages; control characters escaped."""
    from claimcheck.safe_text import shown

    pages = text.split("\f")
    for number, page in enumerate(pages, start=1):
        if len(pages) > 1:
            yield f"--- page {number} ---\n"
        lines = page.split("\n")
        if len(lines) > 1 and not lines[-1]:
            lines.pop()  # the newline that ends the page is no line of its own
        for line_number, line in enumerate(lines, start=1):
            yield f"{line_number:5d}  {shown(line)}\n"


def _note_source_outside_root(source: Path, where: Path, roots: Sequence[Path]) -> None:
    """``verify`` reads a source only inside the draft's root (or the configuration's
    ``source_roots``): say so when it is not."""
    from claimcheck.fileio import find_root, within
    from claimcheck.safe_text import shown

    root = find_root(where)
    if not within(source.resolve(), [root, *roots]):
        sys.stderr.write(f"note: {shown(str(source))} lies outside the draft's root "
                         f"({shown(str(root))}); verify will refuse it unless the "
                         "configuration's source_roots include its folder\n")


def _configuration(explicit: Path | None) -> Config:
    from claimcheck.config import find_config, load_config

    try:
        return load_config(explicit) if explicit else find_config(Path.cwd())
    except ClaimcheckError as error:
        _say_error(str(error))
        raise typer.Exit(ExitCode.INPUT) from None


def _default_format(config: Config) -> str:
    if config.format:
        return config.format
    return PRE_COMMIT_FORMAT if os.environ.get("PRE_COMMIT") else DEFAULT_FORMAT


def _print_reports(reports: Sequence[FileReport], output: OutputFormat, strict: bool, *,
                   quiet: bool = False, configuration: str | None = None,
                   checked: Sequence[Checked] | None = None) -> None:
    if output.errors_on_stderr:  # else the format carries them as findings of their own
        for report in reports:
            if report.error:
                _say_error(report.error)
            for problem in report.problems:  # a rule or claim that could not be checked
                _say_error(problem.message)
    if configuration and output.configuration == "stderr":
        # their stdout is one line per finding; the configuration is said beside it
        from claimcheck.safe_text import shown

        sys.stderr.write(f"claimcheck: configuration {shown(configuration)}\n")
    module = importlib.import_module(f"claimcheck.report.{output.module}")
    named = {"configuration": configuration} if output.configuration == "inline" else {}
    if output.writer == "rich":
        renderable = module.render_findings(reports) if quiet else module.render(
            reports, strict=strict, **named)
        _console().print(renderable)
    elif output.writer == "chunks":
        sys.stdout.writelines(module.chunks(reports, strict=strict, **named))
    elif output.writer == "page":
        sys.stdout.write(module.render(checked, strict=strict, **named))
    else:
        sys.stdout.write(module.render(reports, strict=strict, **named))


def _print_uncovered(reports: Sequence[FileReport], output: OutputFormat) -> None:
    if output.uncovered == "inline":
        return  # the document carries them (JSON: under "coverage")
    from claimcheck.report import table

    if not any(report.coverage for report in reports):
        sys.stderr.write("--uncovered: no file names a [document].source\n")
        return
    console = _console(stderr=output.uncovered != "stdout")
    console.print(table.render_uncovered(reports))


def _print_statistics(counts: dict[str, dict[str, int]], output: OutputFormat) -> None:
    # Machine formats keep stdout for their document; the counts go to stderr.
    stream = sys.stdout if output.statistics == "stdout" else sys.stderr
    if output.statistics == "stderr-json":
        import json  # only here: the table output needs no json module

        stream.write(json.dumps(counts) + "\n")
        return
    lines = [f"{count:6d}  {status}" for status, count in counts["status"].items()]
    lines += [f"{count:6d}  {kind}" for kind, count in counts["findings"].items()]
    stream.write("statistics:\n" + "\n".join(lines) + "\n")


def _console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    # Without emoji codes, rich does not load its table of them (2-3 ms a start) to
    # render the header strings; quotes and messages go in as Text, never as markup.
    # markup=False: a string from a file ("[link=...]" in a source's name) is shown as
    # written, never read as rich markup (a hyperlink is an escape sequence).
    return Console(highlight=False, emoji=False, markup=False, stderr=stderr)


@app.command()
def explain(
    target: Annotated[str, typer.Argument(
        metavar="ID", help="A claim or rule id.", show_default=False)],
    path: Annotated[Path | None, typer.Option(
        "--file", help="The claims file (default: the one file of the configuration's "
        "paths, else data/claims.toml).", show_default=False)] = None,
    output: Annotated[ExplainFormatName, typer.Option(
        "--format", "-f", help="Output format.")] = EXPLAIN_TEXT,
    scanned: Annotated[Path | None, typer.Option(
        "--scan", help="Explain a finding of `claimcheck scan DOCUMENT` (ID as scan "
        "shows it, e.g. sum_1) instead of a claim or rule.", show_default=False,
        metavar="DOCUMENT")] = None,
) -> None:
    """One claim or rule in full: where it comes from, what it conflicts with, and what
    would make it hold."""
    from claimcheck.explain.explanation import explain_file
    from claimcheck.report import explain as explain_report

    if scanned is not None:
        _explain_scan(target, scanned, output)
    config = _configuration(None)
    chosen = path or _explained_file(config)
    try:
        explanations = explain_file(chosen, target, widths=config.widths, access=config.access)
    except ClaimcheckError as error:
        _say_error(str(error.located(file=str(chosen))))
        raise typer.Exit(ExitCode.INPUT) from None
    with _writing_output():
        if output == "json":
            sys.stdout.write(explain_report.to_json(explanations))
        else:
            console = _console()
            markers = console.no_color or console.color_system is None
            console.print(explain_report.render(explanations, markers=markers))
    raise typer.Exit(ExitCode.OK)


def _explain_scan(target: str, document: Path, output: str) -> NoReturn:
    """``explain ID --scan DOCUMENT``: one scan finding in full."""
    from claimcheck.report import scan as scan_report

    report = _scanned([document])[0]
    found = next((r for r in report.relations if r.id == target), None)
    if found is None:
        ids = ", ".join(r.id for r in report.relations[:10]) or "none"
        _say_error(f"{document}: scan finds no relation {target!r} (its ids: {ids}); "
                   "run `claimcheck scan --all` to list them")
        raise typer.Exit(ExitCode.INPUT)
    with _writing_output():
        if output == "json":
            sys.stdout.write(scan_report.explain_json(report, found))
        else:
            _console().print(scan_report.explain_text(report, found))
    raise typer.Exit(ExitCode.OK)


def _explained_file(config: Config) -> Path:
    """The claims file ``explain`` reads without ``--file``: the configuration's only one."""
    from claimcheck.runner import display_path, find_claims_files

    files = find_claims_files(list(config.paths), config.access)
    if len(files) > 1:
        _say_error(f"the configuration names {len(files)} claims files; choose one with --file")
        raise typer.Exit(ExitCode.INPUT)
    if files and files[0].refused:
        _say_error(f"{display_path(files[0].path)}: {files[0].refused}")
        raise typer.Exit(ExitCode.INPUT)
    return Path(display_path(files[0].path)) if files else Path("data/claims.toml")


@app.command()
def scan(
    documents: Annotated[list[Path], typer.Argument(
        metavar="DOCUMENT...", help="Plain-text documents.", show_default=False)],
    output: Annotated[ScanFormatName, typer.Option(
        "--format", "-f", help="Output format.")] = SCAN_TABLE,
    every: Annotated[bool, typer.Option(
        "--all", help="Also list the relations that hold, and those scored too low to "
        "be shown by default.")] = False,
    output_file: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report here instead of printing it (refuses an "
        "existing file unless --force).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Let -o replace a file.")] = False,
) -> None:
    """Find the arithmetic in documents and check it: no claims file needed. Exit 1 when
    a relation shown by default fails; nothing is written but -o's file."""
    from functools import partial

    from claimcheck.draft import scan as scanning

    if output_file is not None and not force:
        _refuse_existing(output_file)
    if output == "html":
        _scan_page(documents, partial(scanning.shown, every=every), output_file, force=force)
    reports = _scanned(documents)
    renderer = getattr(importlib.import_module("claimcheck.report.scan"),
                       SCAN_FORMATS[output])
    rendered = renderer(reports, partial(scanning.shown, every=every))
    with _writing_output(), _to_file(output_file, force=force):
        if isinstance(rendered, str):
            sys.stdout.write(rendered)
        elif any(report.relations for report in reports) or every:
            _console().print(rendered)
    failing = any(r.status.value == "fail" for report in reports
                  for r in scanning.shown(report, every=False))
    raise typer.Exit(ExitCode.FAIL if failing else ExitCode.OK)


def _scan_page(documents: Sequence[Path], chosen: Callable[[ScanReport], Sequence[Relation]],
               output_file: Path | None, *, force: bool) -> NoReturn:
    """``scan --format html``: the page, with each document's text."""
    from claimcheck.draft import scan as scanning
    from claimcheck.report.html import render_scan

    scanned = _scanned_with_text(documents)
    with _writing_output(), _to_file(output_file, force=force):
        sys.stdout.write(render_scan(scanned, chosen))
    failing = any(r.status.value == "fail" for report, _ in scanned
                  for r in scanning.shown(report, every=False))
    raise typer.Exit(ExitCode.FAIL if failing else ExitCode.OK)


def _scanned_with_text(documents: Sequence[Path]) -> list[tuple[ScanReport, str]]:
    """Each document read and scanned, with its text (a folder: the documents in it);
    one that cannot be read is exit 2."""
    from claimcheck.draft import scan as scanning

    limit = _configuration(None).access.limit
    found = []
    for document in _documents_of(documents):
        try:
            text = scanning.read_document(document, limit=limit)
        except ClaimcheckError as error:
            _say_error(str(error.located(file=str(document))))
            raise typer.Exit(ExitCode.INPUT) from None
        found.append((scanning.scan_text(text, str(document)), text))
    return found


def _documents_of(paths: Sequence[Path]) -> list[Path]:
    """``scan DIR`` takes the documents in the folder, as ``extract DIR`` does."""
    from claimcheck.runner import find_documents

    return [found for path in paths
            for found in (find_documents(path) if path.is_dir() else [path])]


def _scanned(documents: Sequence[Path]) -> list[ScanReport]:
    return [report for report, _ in _scanned_with_text(documents)]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting."""
    # One command, then the process ends. A large claims file makes millions of small
    # objects that hold no reference cycles; the cycle collector would walk them all
    # several times (over a second on 100,000 claims) and free nothing. Reference
    # counting still frees everything as it goes.
    # Collection comes back on only once the command's objects are gone (with _run's
    # frame): switched on while they lived, it would walk them all once more.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(argv)
    finally:
        if collecting:
            gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    try:
        app(args=list(argv) if argv is not None else None, prog_name="claimcheck")
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or ExitCode.OK
        return ExitCode.INPUT
    return ExitCode.OK


def command() -> NoReturn:
    """``claimcheck`` as a process (the console script, ``python -m claimcheck``): ``main``,
    then the process ends without Python's teardown.

    Freeing every module and object one at a time as the interpreter shuts down took
    27 ms of the 180 ms of ``claimcheck verify`` on the shipped file, and frees nothing
    the operating system does not. What a normal exit does that matters is done here:
    atexit handlers run and the standard streams are flushed (claimcheck writes its
    files in ``with`` blocks, so none is open). ``main`` itself, for callers in Python,
    returns as usual."""
    # A stream closed by the caller (>&-) is None: what would go there goes nowhere.
    sys.stdout = sys.stdout or open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    sys.stderr = sys.stderr or open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    code = main()
    atexit._run_exitfuncs()
    os._exit(_flushed(code))


def _flushed(code: int) -> int:
    """``code``, once stdout and stderr are flushed; what a normal exit would say where
    the output cannot be written."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader stopped early (| head): click's code for it
        return ExitCode.FAIL
    except OSError as error:  # a full disk, say: the output is incomplete
        if code != ExitCode.INPUT:  # else stderr says already what went wrong
            _output_error(error)
        return ExitCode.INPUT
    return code


if __name__ == "__main__":
    command()
