"""``--format github``: GitHub Actions workflow commands, one per finding.

::

    ::error file=data/claims.toml,line=240,col=1,title=claimcheck fail%3A cases_add_up::234 ...
    ::warning file=data/claims.toml,line=212,col=1,title=claimcheck tension%3A sme::1,630 ...

Run in a workflow step, each line becomes an annotation on the line of the claims file
in the pull request and the run summary. The command is the finding's level (see
``claimcheck.report.findings``): ``::error`` for a ``fail``, ``::warning`` for a
``tension`` or for a ``fail`` of a ``warning`` rule, ``::notice`` for a ``tension`` of a
``warning`` rule; ``--strict`` raises tensions one step. A file that could not be
checked is an ``::error`` at the line of the problem. ``ok`` results print nothing.

Paths are relative to the working directory (run claimcheck from the repository root)
with forward slashes. Text is escaped as GitHub's own toolkit escapes it: in the
message ``%``, CR and LF become ``%25``, ``%0D`` and ``%0A``; in the ``file=``/``title=``
properties ``:`` and ``,`` also become ``%3A`` and ``%2C``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from claimcheck.model import FileReport, InputProblem, Result
from claimcheck.report.findings import (
    error_message,
    findings,
    level,
    message,
    problem_message,
    problems,
    repository_path,
)
from claimcheck.safe_text import shown

COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}

# Order matters: '%' first, or the '%' of the other escapes would be escaped again.
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = (*_DATA_ESCAPES, (":", "%3A"), (",", "%2C"))


def render(reports: Sequence[FileReport], *, strict: bool = False) -> str:
    lines: list[str] = []
    for report in reports:
        if report.error:
            lines.append(load_error_command(report))
        else:
            lines.extend(finding_command(report, r, strict=strict) for r in findings(report))
            lines.extend(problem_command(report, problem) for problem in problems(report))
    return shown("".join(f"{line}\n" for line in lines))


def finding_command(report: FileReport, result: Result, *, strict: bool = False) -> str:
    properties = {
        "file": repository_path(report.path),
        "line": str(result.line),
        "col": str(result.column),
        "title": f"claimcheck {result.status.value}: {result.rule}",
    }
    return command(COMMANDS[level(result, strict=strict)], properties, message(result))


def load_error_command(report: FileReport) -> str:
    properties = {"file": repository_path(report.path)}
    if report.error_line:
        properties["line"] = str(report.error_line)
    properties["title"] = "claimcheck: file cannot be checked"
    return command("error", properties, error_message(report))


def problem_command(report: FileReport, problem: InputProblem) -> str:
    """A rule or claim that could not be checked: an error annotation on its line."""
    properties = {"file": repository_path(report.path)}
    if problem.line:
        properties["line"] = str(problem.line)
    what = f"{problem.kind} {problem.id}" if problem.id else "input"
    properties["title"] = f"claimcheck: {what} cannot be checked"
    return command("error", properties, problem_message(problem))


def command(name: str, properties: Mapping[str, str], data: str) -> str:
    """One workflow command, ``::name key=value,...::data``, with GitHub's escaping."""
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name} {listed}::{escape_data(data)}"


def escape_data(text: str) -> str:
    return _escape(text, _DATA_ESCAPES)


def escape_property(text: str) -> str:
    return _escape(text, _PROPERTY_ESCAPES)


def _escape(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for raw, escaped in escapes:
        text = text.replace(raw, escaped)
    return text
