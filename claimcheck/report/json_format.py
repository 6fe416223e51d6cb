"""``--format json``: one JSON object, exactly the contract of docs/claims-format.md.

Each result carries the contract's keys (file, rule, status, severity, claims,
message) and a few more (line, display, detail); ``message`` is the check with the
numbers as written, followed by what is wrong with it when something is.

Every top-level key is always present (``errors``, ``ungrounded`` and ``coverage``
empty when there is nothing to say), and the document follows
``docs/schema/verify.schema.json``, whose version is ``schema_version``: a key that
changes meaning, or goes, changes it; a key added does not.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from typing import Any

from claimcheck import __version__
from claimcheck.model import (
    FileReport,
    InputProblem,
    Result,
    Severity,
    SourceCoverage,
    Status,
    UncoveredMention,
)
from claimcheck.report.findings import message, problems, summary
from claimcheck.safe_text import json_safe


def render(reports: Sequence[FileReport], *, strict: bool = False,
           configuration: str | None = None) -> str:
    return "".join(chunks(reports, strict=strict, configuration=configuration))


def chunks(reports: Sequence[FileReport], *, strict: bool = False,
           configuration: str | None = None) -> Iterator[str]:
    """``_chunks``, with what a terminal would act on escaped (``safe_text.json_safe``)."""
    return map(json_safe, _chunks(reports, configuration))


def _chunks(reports: Sequence[FileReport], configuration: str | None) -> Iterator[str]:
    """The document a piece at a time, ``BATCH`` results to a piece: a file of 100,000
    rules makes tens of megabytes of JSON, which need not be in memory at once, and
    a piece per result would be a write per result where the output is unbuffered
    (PYTHONUNBUFFERED, as in many containers): 0.35 s of system calls at 100,000."""
    head, tail = dumps(_document(reports, configuration)).split(_STRING(_RESULTS), 1)
    yield head
    batch: list[str] = []
    separator = "[" + _ITEM
    for report in reports:
        for result in report.results:
            batch.append(separator + _result_text(result))
            separator = "," + _ITEM
            if len(batch) == BATCH:
                yield "".join(batch)
                batch.clear()
    yield "".join(batch) + ("[]" if separator.startswith("[") else "\n" + _INDENT + "]")
    yield tail + "\n"


BATCH = 1000  # results in one piece of ``chunks``


# Stands for the results in the document, which are written out one by one after it.
_RESULTS = "\x00results\x00"


def _document(reports: Sequence[FileReport], configuration: str | None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "configuration": configuration,  # the configuration file used, or null
        "results": _RESULTS,
        "summary": summary(reports),
    }
    # Whole files that could not be read, then the rules and claims that could not be
    # checked, file by file: every one of them makes the run exit 2.
    document["errors"] = [entry for report in reports for entry in _errors(report)]
    count_nouns = sorted({noun for report in reports for noun in report.count_nouns})
    document["count_nouns"] = count_nouns
    document["ungrounded"] = {report.path: list(report.ungrounded) for report in reports
                              if report.ungrounded}
    document["coverage"] = {report.path: _coverage(report.coverage) for report in reports
                            if report.coverage}
    return document


SCHEMA_VERSION = 1  # of docs/schema/verify.schema.json


# --- the document as text ----------------------------------------------------------
#
# Exactly ``json.dumps(document, indent=2, ensure_ascii=False)``, written out directly:
# with an indent, the json module falls back to its pure-Python encoder, which takes
# seconds for the 100,000 results of a large file. Strings still go through the json
# module's own (C) string encoder.

_STRING = json.encoder.encode_basestring  # ensure_ascii=False, C-accelerated
_INDENT = "  "


def dumps(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, faster for large documents."""
    parts: list[str] = []
    try:
        _write(value, "\n", parts)
    except _Unusual:
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "".join(parts)


class _Unusual(Exception):
    """A value the writer leaves to the json module (its own rules, or its error)."""


def _write(value: Any, newline: str, parts: list[str]) -> None:
    """Append ``value`` to ``parts``; ``newline`` is a line break and the current indent."""
    if isinstance(value, str):
        parts.append(_STRING(value))
    elif isinstance(value, dict):
        _write_dict(value, newline, parts)
    elif isinstance(value, list | tuple):
        _write_list(value, newline, parts)
    else:
        parts.append(_scalar(value))


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    raise _Unusual  # floats, subclasses, other types: exactly as the json module does


def _write_dict(value: dict[Any, Any], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("{}")
        return
    inner = newline + _INDENT
    separator = "{" + inner
    for key, item in value.items():
        if type(key) is not str:
            raise _Unusual
        kind = type(item)
        if kind is str:  # most values: written at once
            parts.append(separator + _STRING(key) + ": " + _STRING(item))
        elif kind is int:
            parts.append(separator + _STRING(key) + ": " + int.__repr__(item))
        else:
            parts.append(separator + _STRING(key) + ": ")
            _write(item, inner, parts)
        separator = "," + inner
    parts.append(newline + "}")


def _write_list(value: list[Any] | tuple[Any, ...], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("[]")
        return
    inner = newline + _INDENT
    separator = "[" + inner
    for item in value:
        # One string per item: 100,000 results as millions of small strings at once
        # would cost hundreds of megabytes.
        item_parts = [separator]
        _write(item, inner, item_parts)
        parts.append("".join(item_parts))
        separator = "," + inner
    parts.append(newline + "]")


# A result sits at depth 2 of the document (its list at depth 1), its keys at 3.
_ITEM = "\n" + _INDENT * 2
_KEY = "\n" + _INDENT * 3


def _result_text(result: Result) -> str:
    """One result as ``dumps`` would write its dict in the results list, at once: the
    contract's keys (file, rule, status, severity, claims, message), then line,
    display and detail."""
    claims = ("[" + _KEY + _INDENT + _CLAIM_SEPARATOR.join(map(_STRING, result.claims))
              + _KEY + "]") if result.claims else "[]"
    return (f'{{{_KEY}"file": {_file_text(result.file)},{_KEY}"rule": {_STRING(result.rule)},'
            f'{_KEY}"status": {_VALUE_TEXT[result.status]},'
            f'{_KEY}"severity": {_VALUE_TEXT[result.severity]},{_KEY}"claims": {claims},'
            f'{_KEY}"message": {_STRING(message(result))},{_KEY}"line": {result.line:d},'
            f'{_KEY}"display": {_STRING(result.display)},'
            f'{_KEY}"detail": {_STRING(result.message)}{_ITEM}}}')


_CLAIM_SEPARATOR = "," + _KEY + _INDENT
_VALUE_TEXT: dict[Status | Severity, str] = {
    member: _STRING(member.value) for member in (*Status, *Severity)}  # an enum's .value is slow
_file_text = functools.lru_cache(maxsize=64)(_STRING)  # every result of a file names it


def _coverage(coverage: SourceCoverage) -> dict[str, Any]:
    return {
        "source": coverage.source,
        "total": coverage.total,
        "covered": coverage.covered,
        "quotes_checked": coverage.quotes,
        "uncovered": [_uncovered(u) for u in coverage.uncovered],
    }


def _uncovered(mention: UncoveredMention) -> dict[str, Any]:
    """A mention no claim covers; ``page`` only where the source has pages (PDF)."""
    found: dict[str, Any] = {"line": mention.line, "mention": mention.text,
                             "sentence": mention.sentence}
    if mention.page is not None:
        found["page"] = mention.page
    return found


def _error(report: FileReport) -> dict[str, Any]:
    return {"file": report.path, "line": report.error_line, "kind": "file", "id": None,
            "message": report.error}


def _errors(report: FileReport) -> list[dict[str, Any]]:
    return [_error(report)] if report.error else [_problem(p) for p in problems(report)]


def _problem(problem: InputProblem) -> dict[str, Any]:
    return {"file": problem.file, "line": problem.line, "kind": problem.kind,
            "id": problem.id, "message": problem.message}
