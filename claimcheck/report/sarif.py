"""``--format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other viewers.

Upload it with ``github/codeql-action/upload-sarif`` and each finding becomes a code
scanning alert on its line of the claims file. The log has one run:

- ``tool.driver``: name ``claimcheck``, its version, its home page, and one rule
  (``reportingDescriptor``) for every rule id that has a finding, its default level
  from the rule's severity;
- ``results``: one per finding (``ok`` results are checks that passed, not alerts),
  with ``ruleId``, ``level`` (``error``, ``warning`` or ``note``, as in
  ``claimcheck.report.findings``), the message, and the location: the file's path
  relative to the working directory (run claimcheck from the repository root; a file
  outside it gets a ``file://`` URI) and its line and column. ``properties`` keep the
  claimcheck status, severity and claims;
- ``invocations``: one, with an ``error`` notification in
  ``toolExecutionNotifications`` for each file that could not be checked, and
  ``executionSuccessful`` false when there is any.

It is plain JSON built from dicts; nothing outside the standard library is needed.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimcheck import __version__
from claimcheck.model import FileReport, InputProblem, Result, Severity
from claimcheck.report.findings import (
    all_findings,
    error_message,
    level,
    message,
    problem_message,
    problems,
    repository_path,
)
from claimcheck.safe_text import json_safe

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/claimcheck/claimcheck"

Json = dict[str, Any]


def render(reports: Sequence[FileReport], *, strict: bool = False,
           configuration: str | None = None) -> str:
    log = sarif_log(reports, strict=strict, configuration=configuration)
    return json_safe(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def sarif_log(reports: Sequence[FileReport], *, strict: bool = False,
              configuration: str | None = None) -> Json:
    """The whole log as a dict (``render`` is this, as JSON text); ``configuration``,
    the configuration file used, goes into the run's ``properties``."""
    found = list(all_findings(reports))
    rule_ids = list(dict.fromkeys(result.rule for _, result in found))
    run: Json = {
        "tool": {"driver": driver([result for _, result in found])},
        "invocations": [invocation(reports)],
        "columnKind": "unicodeCodePoints",
        "results": [
            sarif_result(report, result, rule_ids.index(result.rule), strict=strict)
            for report, result in found
        ],
    }
    if configuration is not None:
        run["properties"] = {"configuration": configuration}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def driver(results: Sequence[Result]) -> Json:
    """The tool, with one rule descriptor per rule id found, in order of first finding."""
    first_by_rule: dict[str, Result] = {}
    for result in results:
        first_by_rule.setdefault(result.rule, result)
    return {
        "name": "claimcheck",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [rule_descriptor(result) for result in first_by_rule.values()],
    }


def rule_descriptor(result: Result) -> Json:
    default_level = "warning" if result.severity is Severity.WARNING else "error"
    return {
        "id": result.rule,
        "shortDescription": {"text": describe_rule(result.rule)},
        "defaultConfiguration": {"level": default_level},
    }


def describe_rule(rule_id: str) -> str:
    # Built-in checks have ids like 'quote:weapons_stolen'; a user's ids never hold ':'.
    if ":" in rule_id:
        check, subject = rule_id.split(":", 1)
        return f"claimcheck's built-in '{check}' check of '{subject}'"
    return f"The claims file's rule '{rule_id}'"


def sarif_result(report: FileReport, result: Result, rule_index: int, *,
                 strict: bool = False) -> Json:
    return {
        "ruleId": result.rule,
        "ruleIndex": rule_index,
        "level": level(result, strict=strict),
        "message": {"text": message(result)},
        "locations": [location(report.path, result.line, result.column)],
        "properties": {
            "status": result.status.value,
            "severity": result.severity.value,
            "claims": list(result.claims),
        },
    }


def invocation(reports: Sequence[FileReport]) -> Json:
    notifications = [load_error_notification(report) for report in reports if report.error]
    notifications += [problem_notification(report, problem) for report in reports
                      for problem in problems(report)]
    done: Json = {"executionSuccessful": not notifications}
    if notifications:
        done["toolExecutionNotifications"] = notifications
    return done


def load_error_notification(report: FileReport) -> Json:
    return {
        "level": "error",
        "message": {"text": error_message(report)},
        "locations": [location(report.path, report.error_line)],
    }


def problem_notification(report: FileReport, problem: InputProblem) -> Json:
    """A rule or claim that could not be checked: a tool error at its line."""
    return {
        "level": "error",
        "message": {"text": problem_message(problem)},
        "locations": [location(report.path, problem.line)],
    }


def location(path: str, line: int | None, column: int | None = None) -> Json:
    physical: Json = {"artifactLocation": {"uri": artifact_uri(path)}}
    if line:
        region: Json = {"startLine": max(line, 1)}
        if column:
            region["startColumn"] = max(column, 1)
        physical["region"] = region
    return {"physicalLocation": physical}


def artifact_uri(path: str) -> str:
    """A relative URI reference for a file under the working directory, else a file URI."""
    relative = repository_path(path)
    if Path(relative).is_absolute():
        return Path(relative).as_uri()
    return urllib.parse.quote(relative, safe="/")
