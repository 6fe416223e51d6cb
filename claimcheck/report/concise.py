"""``--format concise``: one line per finding, the way compilers and linters print them.

::

    data/claims.toml:212:1: tension sme_within_buildings 1,630 building <= more than ...
    data/claims.toml:240:1: fail cases_add_up 234 case + 9 person == 243: ...
    data/broken.toml:7:1: error load:error unknown key 'vlaue'; hint: ...

Each line is ``path:line:column: status rule-id message``. The status is the result's
own word (``tension`` or ``fail``); ``ok`` results are not findings and print nothing,
so a clean run prints nothing at all. A file that could not be checked prints one line
with the status ``error`` and the rule id ``load:error`` at the line of the problem (line
1 when it has none); so does each rule or claim of a checked file that could not be
checked, after the findings. Messages are folded onto one line. Findings of a file follow the
order of their lines; files keep the order they were given in.

``--strict`` changes no line here: it changes the exit code, not what was found.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimcheck.model import FileReport, InputProblem, Result
from claimcheck.report.findings import (
    LOAD_ERROR_ID,
    error_message,
    findings,
    message,
    one_line,
    problem_message,
    problems,
)
from claimcheck.safe_text import shown


def render(reports: Sequence[FileReport], *, strict: bool = False) -> str:
    lines: list[str] = []
    for report in reports:
        if report.error:
            lines.append(load_error_line(report))
        else:
            lines.extend(finding_line(report.path, result) for result in findings(report))
            lines.extend(problem_line(report.path, problem) for problem in problems(report))
    return shown("".join(f"{line}\n" for line in lines))


def finding_line(path: str, result: Result) -> str:
    where = f"{path}:{result.line}:{result.column}"
    return f"{where}: {result.status.value} {result.rule} {one_line(message(result))}"


def load_error_line(report: FileReport) -> str:
    where = f"{report.path}:{report.error_line or 1}:1"
    return f"{where}: error {LOAD_ERROR_ID} {one_line(error_message(report))}"


def problem_line(path: str, problem: InputProblem) -> str:
    """A rule or claim that could not be checked: ``error load:error`` on its line."""
    where = f"{path}:{problem.line or 1}:1"
    return f"{where}: error {LOAD_ERROR_ID} {one_line(problem_message(problem))}"
