"""The line-oriented formats (concise, github, sarif) and streamed JSON, from reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from claimcheck import __version__
from claimcheck.model import FileReport, Result, Severity, Status
from claimcheck.report import concise, github, json_format, sarif
from claimcheck.report.findings import level, one_line, repository_path

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

CLAIMS = "data/claims.toml"


def result(rule: str, status: Status, line: int, *, severity: Severity = Severity.ERROR,
           display: str = "", message: str = "", column: int = 1,
           file: str = CLAIMS) -> Result:
    return Result(file=file, rule=rule, status=status, severity=severity,
                  claims=("a", "b"), message=message, line=line, display=display,
                  column=column)


OK = result("stolen_within", Status.OK, 5, display="2,000 weapon <= more than 2,800 weapon")
QUOTE = result("quote:weapons_stolen", Status.FAIL, 8, column=9,
               message="the quote is not in the source")
TENSION = result("sme_within", Status.TENSION, 12,
                 display="1,630 building <= more than 1,500 building",
                 message="holds only outside the readings")
WARNING_FAIL = result("share_small", Status.FAIL, 30, severity=Severity.WARNING,
                      display="11% <= 10%", message="cannot hold")
FAIL = result("cases_add_up", Status.FAIL, 40, display="234 case + 9 person == 243",
              message="adds [case] to [person]")

# Given out of line order, as an engine may give them: the formats sort by line.
CHECKED = FileReport(CLAIMS, results=(FAIL, OK, TENSION, QUOTE, WARNING_FAIL))
BROKEN = FileReport(
    "data/broken.toml",
    error="data/broken.toml:7: claim 'a': unknown key 'vlaue'\n  hint: did you mean 'value'?",
    error_line=7,
)
MISSING = FileReport("data/missing.toml", error="data/missing.toml: no such file")


# ---------------------------------------------------------------- findings and levels

@pytest.mark.parametrize(("status", "severity", "strict", "expected"), [
    (Status.FAIL, Severity.ERROR, False, "error"),
    (Status.FAIL, Severity.WARNING, False, "warning"),
    (Status.TENSION, Severity.ERROR, False, "warning"),
    (Status.TENSION, Severity.WARNING, False, "note"),
    (Status.TENSION, Severity.ERROR, True, "error"),
    (Status.TENSION, Severity.WARNING, True, "warning"),
    (Status.FAIL, Severity.ERROR, True, "error"),
    (Status.FAIL, Severity.WARNING, True, "warning"),
])
def test_level(status: Status, severity: Severity, strict: bool, expected: str) -> None:
    assert level(result("r", status, 1, severity=severity), strict=strict) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("one line", "one line"),
    ("unknown key\n  hint: did you mean 'value'?", "unknown key; hint: did you mean 'value'?"),
    ("a\r\nb\n\n c ", "a; b; c"),
])
def test_one_line(text: str, expected: str) -> None:
    assert one_line(text) == expected


def test_repository_path_is_relative_to_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert repository_path(str(tmp_path / "docs" / "claims.toml")) == "docs/claims.toml"
    assert repository_path("./docs//claims.toml") == "docs/claims.toml"
    outside = tmp_path.parent / "elsewhere.toml"
    assert repository_path(str(outside)) == outside.as_posix()


# ---------------------------------------------------------------- concise

def test_concise_prints_one_line_per_finding_in_line_order() -> None:
    assert concise.render([CHECKED]) == (
        "data/claims.toml:8:9: fail quote:weapons_stolen the quote is not in the source\n"
        "data/claims.toml:12:1: tension sme_within 1,630 building <= more than 1,500 building:"
        " holds only outside the readings\n"
        "data/claims.toml:30:1: fail share_small 11% <= 10%: cannot hold\n"
        "data/claims.toml:40:1: fail cases_add_up 234 case + 9 person == 243:"
        " adds [case] to [person]\n"
    )


def test_concise_reports_files_that_cannot_be_checked_in_their_place() -> None:
    assert concise.render([BROKEN, FileReport(CLAIMS, results=(QUOTE,)), MISSING]) == (
        "data/broken.toml:7:1: error load:error claim 'a': unknown key 'vlaue';"
        " hint: did you mean 'value'?\n"
        "data/claims.toml:8:9: fail quote:weapons_stolen the quote is not in the source\n"
        "data/missing.toml:1:1: error load:error no such file\n"
    )


@pytest.mark.parametrize("reports", [
    [],
    [FileReport(CLAIMS, results=(OK,))],
    [FileReport(CLAIMS)],
])
def test_concise_prints_nothing_without_findings(reports: list[FileReport]) -> None:
    assert concise.render(reports) == ""


def test_concise_folds_a_multiline_message_onto_its_line() -> None:
    multiline = result("r", Status.FAIL, 3, message="first\nsecond")
    assert concise.render([FileReport(CLAIMS, results=(multiline,))]) == (
        "data/claims.toml:3:1: fail r first; second\n"
    )


def test_concise_is_the_same_under_strict() -> None:
    assert concise.render([CHECKED], strict=True) == concise.render([CHECKED])


# ---------------------------------------------------------------- github

@pytest.mark.parametrize(("raw", "data", "prop"), [
    ("plain text", "plain text", "plain text"),
    ("50% of 80", "50%25 of 80", "50%25 of 80"),
    ("line one\nline two", "line one%0Aline two", "line one%0Aline two"),
    ("crlf\r\nend", "crlf%0D%0Aend", "crlf%0D%0Aend"),
    ("key: a, b", "key: a, b", "key%3A a%2C b"),
    # A literal "%0A" must stay text, not turn into a newline: '%' is escaped first.
    ("%0A", "%250A", "%250A"),
])
def test_github_escaping(raw: str, data: str, prop: str) -> None:
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop


def test_github_commands_for_every_level() -> None:
    assert github.render([CHECKED]) == (
        "::error file=data/claims.toml,line=8,col=9,"
        "title=claimcheck fail%3A quote%3Aweapons_stolen::the quote is not in the source\n"
        "::warning file=data/claims.toml,line=12,col=1,title=claimcheck tension%3A sme_within"
        "::1,630 building <= more than 1,500 building: holds only outside the readings\n"
        "::warning file=data/claims.toml,line=30,col=1,title=claimcheck fail%3A share_small"
        "::11%25 <= 10%25: cannot hold\n"
        "::error file=data/claims.toml,line=40,col=1,title=claimcheck fail%3A cases_add_up"
        "::234 case + 9 person == 243: adds [case] to [person]\n"
    )


def test_github_strict_raises_tensions() -> None:
    tension_of_warning_rule = result("soft", Status.TENSION, 2, severity=Severity.WARNING,
                                     message="outside the readings")
    report = FileReport(CLAIMS, results=(TENSION, tension_of_warning_rule))
    plain = github.render([report]).splitlines()
    strict = github.render([report], strict=True).splitlines()
    assert [line.split(" ")[0] for line in plain] == ["::notice", "::warning"]
    assert [line.split(" ")[0] for line in strict] == ["::warning", "::error"]


def test_github_escapes_paths_titles_and_messages() -> None:
    odd = result("r", Status.FAIL, 4, display="a, b: 100%", message="first\nsecond",
                 file="docs/a,b:c.toml")
    assert github.render([FileReport("docs/a,b:c.toml", results=(odd,))]) == (
        "::error file=docs/a%2Cb%3Ac.toml,line=4,col=1,title=claimcheck fail%3A r"
        "::a, b: 100%25: first%0Asecond\n"
    )


def test_github_file_that_cannot_be_checked() -> None:
    assert github.render([BROKEN, MISSING]) == (
        "::error file=data/broken.toml,line=7,title=claimcheck%3A file cannot be checked"
        "::claim 'a': unknown key 'vlaue'%0A  hint: did you mean 'value'?\n"
        "::error file=data/missing.toml,title=claimcheck%3A file cannot be checked"
        "::no such file\n"
    )


def test_github_prints_nothing_for_ok_results() -> None:
    assert github.render([FileReport(CLAIMS, results=(OK,))]) == ""


# ---------------------------------------------------------------- sarif

@pytest.fixture(scope="module")
def validator() -> Any:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def sarif_of(reports: list[FileReport], *, strict: bool = False) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(sarif.render(reports, strict=strict))
    return log


@pytest.mark.parametrize(("reports", "strict"), [
    ([CHECKED], False),
    ([CHECKED], True),
    ([CHECKED, BROKEN, MISSING], False),
    ([], False),
    ([FileReport(CLAIMS, results=(OK,))], False),
])
def test_sarif_is_valid_against_the_schema(
        validator: Any, reports: list[FileReport], strict: bool) -> None:
    errors = [error.message for error in validator.iter_errors(sarif_of(reports, strict=strict))]
    assert errors == []


def test_sarif_schema_rejects_a_broken_log(validator: Any) -> None:
    # The validation above means something only if the schema can say no.
    log = sarif_of([CHECKED])
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(list(validator.iter_errors(log))) == 2


def test_sarif_results_levels_and_locations() -> None:
    run = sarif_of([CHECKED])["runs"][0]
    summary = [
        (r["ruleId"], r["level"], r["properties"]["status"],
         r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
         r["locations"][0]["physicalLocation"]["region"])
        for r in run["results"]
    ]
    assert summary == [
        ("quote:weapons_stolen", "error", "fail", CLAIMS, {"startLine": 8, "startColumn": 9}),
        ("sme_within", "warning", "tension", CLAIMS, {"startLine": 12, "startColumn": 1}),
        ("share_small", "warning", "fail", CLAIMS, {"startLine": 30, "startColumn": 1}),
        ("cases_add_up", "error", "fail", CLAIMS, {"startLine": 40, "startColumn": 1}),
    ]
    assert run["results"][1]["message"]["text"] == (
        "1,630 building <= more than 1,500 building: holds only outside the readings")


def test_sarif_strict_makes_an_error_rules_tension_an_error() -> None:
    results = sarif_of([CHECKED], strict=True)["runs"][0]["results"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["sme_within"] == "error"
    assert levels["share_small"] == "warning"


def test_sarif_tool_and_one_rule_per_rule_id() -> None:
    twice = FileReport("other/claims.toml", results=(
        result("cases_add_up", Status.FAIL, 3, file="other/claims.toml"),))
    log = sarif_of([CHECKED, twice])
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("claimcheck", __version__)
    assert driver["informationUri"].startswith("https://")
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == ["quote:weapons_stolen", "sme_within", "share_small", "cases_add_up"]
    levels = [rule["defaultConfiguration"]["level"] for rule in driver["rules"]]
    assert levels == ["error", "error", "warning", "error"]
    for found in log["runs"][0]["results"]:
        assert driver["rules"][found["ruleIndex"]]["id"] == found["ruleId"]
    assert len(log["runs"][0]["results"]) == 5


def test_sarif_reports_unloadable_files_as_tool_notifications() -> None:
    invocation = sarif_of([CHECKED, BROKEN, MISSING])["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["error", "error"]
    assert notes[0]["message"]["text"] == (
        "claim 'a': unknown key 'vlaue'\n  hint: did you mean 'value'?")
    broken = notes[0]["locations"][0]["physicalLocation"]
    assert broken == {"artifactLocation": {"uri": "data/broken.toml"},
                      "region": {"startLine": 7}}
    missing = notes[1]["locations"][0]["physicalLocation"]
    assert missing == {"artifactLocation": {"uri": "data/missing.toml"}}


def test_sarif_clean_run() -> None:
    run = sarif_of([FileReport(CLAIMS, results=(OK,))])["runs"][0]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_sarif_uris(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    inside = str(tmp_path / "my docs" / "claims.toml")
    outside = tmp_path.parent / "claims.toml"
    assert sarif.artifact_uri(inside) == "my%20docs/claims.toml"
    assert sarif.artifact_uri("./data/claims.toml") == CLAIMS
    assert sarif.artifact_uri(str(outside)) == outside.as_uri()
    assert sarif.artifact_uri(str(outside)).startswith("file:///")


# ---------------------------------------------------------------- json, streamed

@pytest.mark.parametrize("reports", [
    [], [FileReport(CLAIMS)], [CHECKED], [CHECKED, BROKEN], [BROKEN, MISSING],
    [FileReport(CLAIMS, results=(OK,), count_nouns=("weapon",), ungrounded=("x",))],
], ids=["nothing", "no results", "results", "results and an error", "errors", "extras"])
def test_json_written_in_chunks_is_json_dumps_of_the_document(
        reports: list[FileReport], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_format, "BATCH", 2)  # results two to a piece
    pieces = list(json_format.chunks(reports))
    document = json.loads("".join(pieces))
    assert "".join(pieces) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert json_format.render(reports) == "".join(pieces)
    results = [r for report in reports for r in report.results]
    assert [r["rule"] for r in document["results"]] == [r.rule for r in results]
    for written, result in zip(document["results"], results, strict=True):
        assert list(written) == ["file", "rule", "status", "severity", "claims", "message",
                                 "line", "display", "detail"]
        assert written["claims"] == list(result.claims)
        assert (written["line"], written["detail"]) == (result.line, result.message)
    # The head, each full pair of results, the rest with the list's end, the tail.
    assert len(pieces) == len(results) // 2 + 3
    assert document["summary"]["fail"] == sum(r.status is Status.FAIL for r in results)
