"""What the line-oriented formats (concise, github, sarif) have in common.

A *finding* is a result that is not ``ok``: ``ok`` results are checks that passed, and
linters do not print those. A file that could not be checked is reported separately,
as an error at its ``error_line``.

Each finding has a level, the word CI systems understand:

======================  =============================  ============================
result                  rule of ``error`` severity     rule of ``warning`` severity
======================  =============================  ============================
``fail``                error                          warning
``tension``             warning                        note
``tension``, --strict   error                          warning
======================  =============================  ============================

``--strict`` makes tensions fail the run, so it raises their level by one step.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath
from typing import Literal

from claimcheck.model import FileReport, InputProblem, Result, Severity, Status

Level = Literal["error", "warning", "note"]

# A file that could not be loaded is not a rule's result; its pseudo rule id holds a
# ':' so that it can never be taken for a user's rule id (ids are identifiers).
LOAD_ERROR_ID = "load:error"


def findings(report: FileReport) -> list[Result]:
    """The file's non-ok results, in the order of their lines (stable for ties)."""
    found = [result for result in report.results if result.status is not Status.OK]
    return sorted(found, key=lambda result: (result.line, result.column))


def level(result: Result, *, strict: bool = False) -> Level:
    """How loud a finding is: see the table in this module's docstring."""
    steps: list[Level] = ["note", "warning", "error"]
    loudness = 2 if result.status is Status.FAIL or strict else 1
    if result.severity is Severity.WARNING:
        loudness -= 1
    return steps[loudness]


def message(result: Result) -> str:
    """The check as written with the claims' numbers, then what is wrong with it."""
    if result.display and result.message:
        return f"{result.display}: {result.message}"
    return result.display or result.message


def error_message(report: FileReport) -> str:
    """Why the file could not be checked, without the ``path:line:`` it may start with.

    The location is printed by every format already; repeating it inside the message
    would only make the line longer.
    """
    text = report.error or ""
    prefixes = [f"{report.path}:{report.error_line}: ", f"{report.path}: "]
    for prefix in prefixes:
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def one_line(text: str) -> str:
    """``text`` on a single line: its lines stripped and joined by ``"; "``."""
    return "; ".join(part.strip() for part in text.splitlines() if part.strip())


def repository_path(path: str) -> str:
    """``path`` as CI systems name files: relative to the working directory if it lies
    inside it, with forward slashes on every platform."""
    pure = Path(path)
    if pure.is_absolute():
        try:
            pure = pure.relative_to(Path.cwd())
        except ValueError:
            return pure.as_posix()
    return PurePath(os.path.normpath(pure)).as_posix()


def all_findings(reports: Sequence[FileReport]) -> Iterator[tuple[FileReport, Result]]:
    """Every finding of every checked file, files in the order given."""
    for report in reports:
        if not report.error:
            for result in findings(report):
                yield report, result


def summary(reports: Sequence[FileReport]) -> dict[str, int]:
    """How many results of each status (the table's last line, the JSON's summary)."""
    counts = {status.value: 0 for status in Status}
    for report in reports:
        for result in report.results:
            counts[result.status.value] += 1
    return counts


# --- parts of a file that could not be checked ---------------------------------------


def problems(report: FileReport) -> list[InputProblem]:
    """The file's rules, claims and tables that could not be checked, by line."""
    return sorted(report.problems, key=lambda problem: problem.line or 0)


def problem_message(problem: InputProblem) -> str:
    """The problem without the ``path:line: `` it starts with (each format says where)."""
    for prefix in (f"{problem.file}:{problem.line}: ", f"{problem.file}: "):
        if problem.message.startswith(prefix):
            return problem.message[len(prefix):]
    return problem.message


_KINDS = {"rule": ("rule", "rules"), "claim": ("claim", "claims"),
          "file": ("other entry", "other entries")}


def could_not_check(reports: Sequence[FileReport]) -> str:
    """``1 rule could not be checked``, ``2 rules and 1 claim could not be checked``;
    "" when every rule and claim of the files that were read could be."""
    counts = dict.fromkeys(_KINDS, 0)
    for report in reports:
        for problem in report.problems:
            counts[problem.kind if problem.kind in counts else "file"] += 1
    parts = [f"{n} {_KINDS[kind][n != 1]}" for kind, n in counts.items() if n]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{listed} could not be checked"
