"""``--format json``: one JSON object, exactly the contract of docs/claims-format.md.

Each result carries the contract's keys (file, rule, status, severity, claims,
message) and a few more (line, display, detail); ``message`` is the check with the
numbers as written, followed by what is wrong with it when something is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from claimcheck import __version__
from claimcheck.model import FileReport, Result, SourceCoverage, Status
from claimcheck.report.findings import message


def render(reports: Sequence[FileReport], *, strict: bool = False) -> str:
    results = [_result(r) for report in reports for r in report.results]
    document: dict[str, Any] = {
        "version": __version__,
        "results": results,
        "summary": summary(reports),
    }
    errors = [_error(report) for report in reports if report.error]
    if errors:
        document["errors"] = errors
    count_nouns = sorted({noun for report in reports for noun in report.count_nouns})
    document["count_nouns"] = count_nouns
    ungrounded = {report.path: list(report.ungrounded) for report in reports if report.ungrounded}
    if ungrounded:
        document["ungrounded"] = ungrounded
    coverage = {report.path: _coverage(report.coverage) for report in reports if report.coverage}
    if coverage:
        document["coverage"] = coverage
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def summary(reports: Sequence[FileReport]) -> dict[str, int]:
    counts = {status.value: 0 for status in Status}
    for report in reports:
        for result in report.results:
            counts[result.status.value] += 1
    return counts


def _result(result: Result) -> dict[str, Any]:
    return {
        "file": result.file,
        "rule": result.rule,
        "status": result.status.value,
        "severity": result.severity.value,
        "claims": list(result.claims),
        "message": message(result),
        "line": result.line,
        "display": result.display,
        "detail": result.message,
    }


def _coverage(coverage: SourceCoverage) -> dict[str, Any]:
    return {
        "source": coverage.source,
        "total": coverage.total,
        "covered": coverage.covered,
        "uncovered": [{"line": u.line, "mention": u.text, "sentence": u.sentence}
                      for u in coverage.uncovered],
    }


def _error(report: FileReport) -> dict[str, Any]:
    return {"file": report.path, "line": report.error_line, "message": report.error}
