"""One ``verify`` run over many files: find the claims files, check each, sum up.

Pure functions under the CLI: no printing, no exit; the CLI turns what they return
into output and an exit code. A file that cannot be loaded becomes a report with
``error`` set, and the other files are still checked; a rule or claim that cannot be
checked is one of its report's ``problems``, and the file's other rules still are.
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
from claimcheck.fileio import (
    DEFAULT_ACCESS,
    Access,
    UnreadableFile,
    find_root,
    read_user_bytes,
)
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
    """How a run judges and reads: ``--strict``, ``--exit-zero``, the readings' widths,
    and what may be read (``access``: the size limit and the configuration's roots)."""

    strict: bool = False
    exit_zero: bool = False
    widths: Widths = DEFAULT_WIDTHS
    access: Access = DEFAULT_ACCESS


@dataclass(frozen=True)
class Found:
    """A claims file to check; ``refused`` says why a file found in a folder is not
    read at all (not a regular file, a symlink out of the root)."""

    path: Path
    refused: str | None = None


def claims_files(paths: Sequence[Path], access: Access = DEFAULT_ACCESS) -> list[Path]:
    """Files as given; directories searched (sorted) for TOML files with a claims table."""
    return [found.path for found in find_claims_files(paths, access)]


def find_claims_files(paths: Sequence[Path], access: Access = DEFAULT_ACCESS) -> list[Found]:
    """``claims_files``, with the files of a folder that are refused unread."""
    found: list[Found] = []
    for path in paths:
        found.extend(_search(path, access) if path.is_dir() else [Found(path)])
    unique: dict[Path, Found] = {}
    for entry in found:
        unique.setdefault(entry.path, entry)
    return list(unique.values())


def _search(directory: Path, access: Access) -> Iterator[Found]:
    roots = (find_root(directory), *access.roots)
    for root, directories, files in os.walk(directory):
        directories[:] = sorted(d for d in directories if d not in _SKIPPED_DIRECTORIES
                                and not d.startswith("."))
        for name in sorted(files):
            candidate = Path(root) / name
            if name.endswith(".toml"):
                yield from _candidate(candidate, roots, access.limit)


def find_documents(folder: Path) -> list[Path]:
    """The documents of ``folder`` and its subfolders (sorted): the files whose extension
    ``text.documents`` reads (``.txt``, ``.md``, ``.html``, ``.docx``, ``.pdf``, ...)."""
    from claimcheck.text.documents import is_document

    found: list[Path] = []
    for root, directories, files in os.walk(folder):
        directories[:] = sorted(d for d in directories if d not in _SKIPPED_DIRECTORIES
                                and not d.startswith("."))
        found.extend(Path(root) / name for name in sorted(files)
                     if is_document(Path(name)) and not name.startswith("."))
    return found


def _candidate(path: Path, roots: Sequence[Path], limit: int) -> Iterator[Found]:
    """``path`` if it is a claims file; refused if it cannot be read safely (a FIFO
    named x.toml would block a plain read, /dev/zero never end)."""
    try:
        data = read_user_bytes(path, roots=roots, limit=limit, what="a claims file")
    except UnreadableFile as refused:
        yield Found(path, refused.problem)
        return
    if _CLAIMS_TABLE.search(data) is not None:
        yield Found(path)


def check_file(path: Path, options: RunOptions = RunOptions()) -> FileReport:
    """Load and evaluate one file. A file that cannot be read becomes a report with
    ``error`` set; a problem of a claim or a rule one of its ``problems``."""
    from claimcheck.claims.load import load_file
    from claimcheck.evaluate.engine import evaluate

    shown = display_path(path)
    try:
        return evaluate(load_file(shown, widths=options.widths, access=options.access,
                                  collect=True), collect=True)
    except ClaimcheckError as error:
        located = error.located(file=shown)
        return FileReport(shown, error=str(located), error_line=located.line)


def refused_report(found: Found) -> FileReport:
    shown = display_path(found.path)
    return FileReport(shown, error=f"{shown}: {found.refused}")


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def run(paths: Sequence[Path], options: RunOptions = RunOptions(), *,
        implicit: bool = False) -> list[FileReport]:
    """Every claims file of ``paths`` checked. ``implicit``: the paths are not the
    user's own words but the configuration's or the default, and none existing is said
    so (a pre-commit hook without file names meets it in a repository of its own)."""
    if implicit and paths and not any(map(_may_exist, paths)):
        return [_nothing_named(paths)]
    files = find_claims_files(paths, options.access)
    if not files:
        where = ", ".join(str(p) for p in paths)
        return [FileReport(where, error=f"{where}: no claims files found (TOML files with "
                           "a [claims] table)")]
    return [refused_report(found) if found.refused else check_file(found.path, options)
            for found in files]


def _may_exist(path: Path) -> bool:
    """Whether ``path`` exists; a path the system cannot even look up (a NUL byte in it)
    counts as there, for the reading of it to say what is wrong."""
    if "\x00" in str(path):
        return True
    try:
        return path.exists()
    except (OSError, ValueError):
        return True


def _nothing_named(paths: Sequence[Path]) -> FileReport:
    where = ", ".join(str(p) for p in paths)
    return FileReport(where, error=(
        f"no claims file was named, and {where} (the configuration's paths, or the "
        "default) does not exist\n"
        "  hint: name claims files or folders (claimcheck verify PATH ...), or set paths "
        "in claimcheck.toml or [tool.claimcheck] of pyproject.toml; a pre-commit hook "
        "with pass_filenames: false takes them in args: [PATH]"))


def exit_code(reports: Sequence[FileReport], options: RunOptions) -> ExitCode:
    """2 when a file, a rule or a claim could not be checked, else 1 when an
    error-severity rule failed (or, strict, was tense), else 0. ``exit_zero`` turns 1
    into 0, never 2."""
    if any(report.error or report.problems for report in reports):
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
        for problem in report.problems:
            kinds[f"{problem.kind} that could not be checked"] += 1
        for result in report.results:
            statuses[result.status.value] += 1
            if result.status is not Status.OK:
                kind = result.rule.split(":")[0] if ":" in result.rule else "rule"
                kinds[f"{kind} {result.status.value}"] += 1
    return {"status": dict(statuses), "findings": dict(sorted(kinds.items()))}
