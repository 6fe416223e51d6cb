"""The ``claimcheck`` command: thin typer commands over the engine and the renderers.

This is the only module that prints and the only one that chooses exit codes:
0 nothing failed, 1 a rule of ``error`` severity failed (or, with ``--strict``, a
tension), 2 the input could not be checked.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError
from claimcheck.model import FileReport, Severity, Status

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2
DEFAULT_PATH = Path("data/claims.toml")

app = typer.Typer(
    name="claimcheck",
    help="Check that the numbers in a document agree with each other.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimcheck {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Check that the numbers in a document agree with each other."""


@app.command()
def verify(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Claims files (default: data/claims.toml).", show_default=False)] = None,
    output: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Output format.")] = OutputFormat.table,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Tensions fail the run too.")] = False,
) -> None:
    """Evaluate every rule of the claims files: ok, tension or fail."""
    reports = [check_file(path) for path in (paths or [DEFAULT_PATH])]
    _print_reports(reports, output, strict)
    raise typer.Exit(exit_code(reports, strict=strict))


def check_file(path: Path) -> FileReport:
    """Load and evaluate one file; input errors become a report with ``error`` set."""
    from claimcheck.engine import evaluate
    from claimcheck.load import load_file

    try:
        return evaluate(load_file(path))
    except ClaimcheckError as error:
        message = str(error.located(file=str(path)))
        return FileReport(str(path), error=message, error_line=error.line)


def exit_code(reports: Sequence[FileReport], *, strict: bool) -> int:
    if any(report.error for report in reports):
        return EXIT_INPUT
    failing = {Status.FAIL, Status.TENSION} if strict else {Status.FAIL}
    for report in reports:
        for result in report.results:
            if result.status in failing and result.severity is Severity.ERROR:
                return EXIT_FAIL
    return EXIT_OK


def _print_reports(reports: Sequence[FileReport], output: OutputFormat, strict: bool) -> None:
    for report in reports:
        if report.error:
            sys.stderr.write(f"error: {report.error}\n")
    if output is OutputFormat.json:
        from claimcheck.report import json_format

        sys.stdout.write(json_format.render(reports, strict=strict))
        return
    from claimcheck.report import table

    checked = [report for report in reports if not report.error]
    if checked:
        _console().print(table.render(checked, strict=strict))


def _console() -> Console:
    return Console(highlight=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="claimcheck")
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or EXIT_OK
        return EXIT_INPUT
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
