"""One ``verify`` run over many files: find the claims files, check each, sum up.

Pure functions under the CLI: no printing, no exit; the CLI turns what they return
into output and an exit code. A file that cannot be loaded becomes a report with
``error`` set, and the other files are still checked.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimcheck.errors import ClaimcheckError
from claimcheck.exitcodes import ExitCode
from claimcheck.model import FileReport, Severity, Status
from claimcheck.quantities.values import DEFAULT_WIDTHS, Widths

# A TOML file is a claims file when it has a claims table: [claims.x] or [claims].
_CLAIMS_TABLE = re.compile(rb"^\s*\[\s*claims\s*[.\]]", re.MULTILINE)
# Directories never searched: tool caches and environments hold TOML of their own.
_SKIPPED_DIRECTORIES = {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__",
                        ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache",
                        "build", "dist"}


@dataclass(frozen=True)
class RunOptions:
    """How a run judges and reads: ``--strict``, ``--exit-zero`` and the readings' widths."""

    strict: bool = False
    exit_zero: bool = False
    widths: Widths = DEFAULT_WIDTHS


def claims_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given; directories searched (sorted) for TOML files with a claims table."""
    found: list[Path] = []
    for path in paths:
        found.extend(_search(path) if path.is_dir() else [path])
    return list(dict.fromkeys(found))


def _search(directory: Path) -> Iterator[Path]:
    for root, directories, files in os.walk(directory):
        directories[:] = sorted(d for d in directories if d not in _SKIPPED_DIRECTORIES
                                and not d.startswith("."))
        for name in sorted(files):
            candidate = Path(root) / name
            if name.endswith(".toml") and _has_claims_table(candidate):
                yield candidate


def _has_claims_table(path: Path) -> bool:
    try:
        return _CLAIMS_TABLE.search(path.read_bytes()) is not None
    except OSError:
        return False


def check_file(path: Path, options: RunOptions = RunOptions()) -> FileReport:
    """Load and evaluate one file; input errors become a report with ``error`` set."""
    from claimcheck.claims.load import load_file
    from claimcheck.evaluate.engine import evaluate

    shown = display_path(path)
    try:
        return evaluate(load_file(shown, widths=options.widths))
    except ClaimcheckError as error:
        located = error.located(file=shown)
        return FileReport(shown, error=str(located), error_line=located.line)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def run(paths: Sequence[Path], options: RunOptions = RunOptions()) -> list[FileReport]:
    files = claims_files(paths)
    if not files:
        where = ", ".join(str(p) for p in paths)
        return [FileReport(where, error=f"{where}: no claims files found (TOML files with "
                           "a [claims] table)")]
    return [check_file(path, options) for path in files]


def exit_code(reports: Sequence[FileReport], options: RunOptions) -> ExitCode:
    """2 when a file could not be checked, else 1 when an error-severity rule failed
    (or, strict, was tense), else 0. ``exit_zero`` turns 1 into 0, never 2."""
    if any(report.error for report in reports):
        return ExitCode.INPUT
    if options.exit_zero:
        return ExitCode.OK
    failing = {Status.FAIL, Status.TENSION} if options.strict else {Status.FAIL}
    for report in reports:
        for result in report.results:
            if result.status in failing and result.severity is Severity.ERROR:
                return ExitCode.FAIL
    return ExitCode.OK


def statistics(reports: Sequence[FileReport]) -> dict[str, dict[str, int]]:
    """Counts per status, and per kind of finding (a rule, or a built-in check)."""
    statuses: Counter[str] = Counter({status.value: 0 for status in Status})
    kinds: Counter[str] = Counter()
    for report in reports:
        if report.error:
            kinds["unloadable file"] += 1
        for result in report.results:
            statuses[result.status.value] += 1
            if result.status is not Status.OK:
                kind = result.rule.split(":")[0] if ":" in result.rule else "rule"
                kinds[f"{kind} {result.status.value}"] += 1
    return {"status": dict(statuses), "findings": dict(sorted(kinds.items()))}
