"""``--format table`` (the default): a rich table per file and a summary line.

Every status is a symbol *and* a word, so the table reads the same without colour
(``NO_COLOR``, pipes, screen readers).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from claimcheck.model import (
    FileReport,
    InputProblem,
    Result,
    Severity,
    SourceCoverage,
    Status,
    UncoveredMention,
)
from claimcheck.report.findings import could_not_check, problem_message, problems, summary
from claimcheck.safe_text import shown

STATUS_LABELS = {Status.OK: "✔ ok", Status.TENSION: "~ tension", Status.FAIL: "✘ fail"}
STATUS_STYLES = {Status.OK: "green", Status.TENSION: "yellow", Status.FAIL: "bold red"}


def render(reports: Sequence[FileReport], *, strict: bool = False,
           configuration: str | None = None) -> RenderableType:
    """The tables, the summary line, and the configuration file used, if any. Text
    from the files is shown with its control characters escaped (``safe_text``)."""
    parts: list[RenderableType] = []
    for report in reports:
        parts.extend(_file_parts(report))
    parts.append(Text(summary_line(reports, strict=strict), style="bold"))
    if configuration is not None:
        parts.append(Text(f"configuration: {shown(configuration)}", style="dim"))
    return Group(*parts)


def render_findings(reports: Sequence[FileReport]) -> RenderableType:
    """``--quiet``: only the rows that are not ok, and nothing else."""
    parts: list[RenderableType] = []
    for report in reports:
        findings = [r for r in report.results if r.status is not Status.OK]
        if findings or report.problems:
            parts.append(_table(FileReport(report.path, tuple(findings),
                                           problems=report.problems)))
    return Group(*parts)


def status_text(result: Result) -> Text:
    label = STATUS_LABELS[result.status]
    if result.status is not Status.OK and result.severity is Severity.WARNING:
        label += " (warning)"
    return Text(label, style=STATUS_STYLES[result.status])


def summary_line(reports: Sequence[FileReport], *, strict: bool = False) -> str:
    counts = summary(reports)
    files = f"{len(reports)} file{'s' if len(reports) != 1 else ''}"
    text = (f"{files}, {sum(counts.values())} checks: {counts['ok']} ok, "
            f"{counts['tension']} tension, {counts['fail']} fail")
    unreadable = sum(1 for report in reports if report.error)
    if unreadable:
        text += f", {unreadable} could not be checked"
    unchecked = could_not_check(reports)
    if unchecked:
        text += f"; {unchecked}"
    if strict and counts["tension"]:
        text += " (--strict: tensions fail the run)"
    return text


def _file_parts(report: FileReport) -> list[RenderableType]:
    if report.error:
        return []  # the CLI writes why to stderr; the summary line counts the file
    parts: list[RenderableType] = [_table(report)]
    if report.count_nouns:
        parts.append(Text(shown("count nouns: " + ", ".join(report.count_nouns)), style="dim"))
    if report.ungrounded:
        parts.append(Text(f"ungrounded (no quote): {', '.join(report.ungrounded)}", style="dim"))
    if report.coverage:
        parts.append(Text(shown(coverage_line(report.coverage)), style="dim"))
    return parts


def coverage_line(coverage: SourceCoverage) -> str:
    share = f" ({float(coverage.share):.0%})" if coverage.total else ""
    quotes = f"{coverage.quotes} quote{'' if coverage.quotes == 1 else 's'}"
    return (f"{quotes} checked against {coverage.source}; "
            f"{coverage.covered} of its {coverage.total} numeric mentions are quoted by a "
            f"claim{share}")


def render_uncovered(reports: Sequence[FileReport]) -> RenderableType:
    """``--uncovered``: each number of the source that no claim quotes, with its sentence."""
    table = Table(title="numbers no claim covers", title_justify="left")
    table.add_column("source:line", no_wrap=True)
    table.add_column("mention", no_wrap=True)
    table.add_column("sentence", overflow="fold")
    for report in reports:
        if report.coverage:
            for mention in report.coverage.uncovered:
                table.add_row(shown(_mention_place(report.coverage.source, mention)),
                              shown(mention.text), shown(mention.sentence))
    return table


def _mention_place(source: str, mention: UncoveredMention) -> str:
    """``source:line``, or ``report.pdf: page 12, line 5`` in a paged source."""
    if mention.page is None:
        return f"{source}:{mention.line}"
    return f"{source}: page {mention.page}, line {mention.line}"


def _table(report: FileReport) -> Table:
    # Text, not a string: a path is no rich markup ("[bold]" in a name stays as written)
    table = Table(title=Text(shown(report.path), style="table.title"), title_justify="left",
                  expand=False)
    table.add_column("status", no_wrap=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("check, and what is wrong", overflow="fold")
    for result in report.results:
        table.add_row(status_text(result), Text(shown(result.rule)), _check_cell(result))
    for problem in problems(report):
        table.add_row(*problem_row(problem))
    return table


PROBLEM_LABEL = "! error"  # a rule or claim that could not be checked (exit 2)


def problem_row(problem: InputProblem) -> tuple[Text, Text, Text]:
    """A rule or claim that could not be checked, as a row: what, and why, on its line."""
    name = problem.id if problem.id is not None else "(file)"
    where = f"line {problem.line}: " if problem.line else ""
    why = problem_message(problem).removeprefix(f"{problem.kind} '{problem.id}': ")
    return (Text(PROBLEM_LABEL, style="bold red"), Text(shown(name)),
            Text(shown(where + why), style="red"))


def _check_cell(result: Result) -> Text:
    cell = Text(shown(result.display))
    if result.message:
        cell.append("\n" + shown(result.message), style=STATUS_STYLES[result.status])
    return cell
