"""One bad rule never hides the rest (issue 16, part 2).

A rule or claim that cannot be built (an unknown claim id, a rejected expression, a
unit error, a cycle, a bad value or key) is an error on its own line, in every
format, with its line; every other rule is still evaluated and shown, and the run
exits 2 after reporting them all. A TOML syntax error still stops its file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from claimcheck.claims.load import load_file
from claimcheck.errors import ClaimcheckError
from claimcheck.runner import check_file

GOOD = ('[claims.a]\nvalue = 10\n[claims.b]\nvalue = 4\n'
        '[rules.holds]\ncheck = "a > b"\n'
        '[rules.fails]\ncheck = "a < b"\n')

# (name, what is appended to GOOD, the line of the problem, its kind and id, its text)
PROBLEMS = [
    ("unknown claim id", '[rules.typo]\ncheck = "a > bb"\n', 10, "rule", "typo",
     "unknown claim 'bb' (column 5)\n  hint: did you mean: b"),
    ("rejected expression", '[rules.power]\ncheck = "a ** 2 > b"\n', 10, "rule", "power",
     "`**` is not allowed"),
    ("unknown key", '[rules.keys]\nchek = "a > b"\n', 10, "rule", "keys",
     "unknown key 'chek'"),
    ("bad value", '[claims.c]\nvalue = "lots"\n[rules.uses_c]\ncheck = "c > 0"\n', 10,
     "claim", "c", 'cannot read value "lots"'),
    ("unit error", '[claims.c]\nvalue = 3\nunit = "m**"\n[rules.uses_c]\ncheck = "c > 0"\n',
     11, "claim", "c", "cannot read the unit 'm**'"),
    ("cycle", '[claims.x]\nderived = "y + 1"\n[claims.y]\nderived = "x - 1"\n', 10, "claim",
     "x", "derived claims form a cycle: x -> y -> x"),
    ("unknown claim in a derived claim", '[claims.d]\nderived = "a + e"\n', 10, "claim", "d",
     "unknown claim 'e'"),
    ("bad quoted quantity", '[rules.quoted]\ncheck = "a > \'2 zorks per\'"\n', 10, "rule",
     "quoted", "rule 'quoted'"),
    ("unknown top-level key", '[rule.r]\ncheck = "a > 0"\n', 9, "file", None,
     "unknown top-level key 'rule'"),
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("extra", "line", "kind", "ident", "text"),
                         [case[1:] for case in PROBLEMS], ids=[case[0] for case in PROBLEMS])
def test_a_problem_is_reported_and_the_other_rules_are_checked(
        tmp_path: Path, extra: str, line: int, kind: str, ident: str | None,
        text: str) -> None:
    report = check_file(write(tmp_path, GOOD + extra))
    assert report.error is None
    assert {r.rule: r.status.value for r in report.results} == {"holds": "ok", "fails": "fail"}
    first = report.problems[0]
    assert (first.line, first.kind, first.id) == (line, kind, ident)
    assert text in first.message
    assert first.message.startswith(f"{report.path}:{line}: ")


def test_a_rule_using_a_broken_claim_is_a_problem_of_its_own(tmp_path: Path) -> None:
    extra = '[claims.c]\nvalue = "lots"\n[rules.uses_c]\ncheck = "c > a"\n'
    problems = check_file(write(tmp_path, GOOD + extra)).problems
    assert [(p.kind, p.id, p.line) for p in problems] == [("claim", "c", 10),
                                                          ("rule", "uses_c", 12)]
    assert "uses claim 'c', which cannot be checked (line 10)" in problems[1].message


def test_every_load_error_of_a_file_is_reported_in_one_run(tmp_path: Path) -> None:
    text = GOOD + ''.join(case[1] for case in PROBLEMS[:4])  # four problems, four lines
    problems = check_file(write(tmp_path, text)).problems
    assert sorted((p.line, p.id) for p in problems) == [
        (10, "typo"), (12, "power"), (14, "keys"), (16, "c"), (18, "uses_c")]


def test_explain_and_other_callers_still_get_the_first_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimcheckError, match="unknown claim 'bb'"):
        load_file(write(tmp_path, GOOD + PROBLEMS[0][1]))


def test_a_toml_syntax_error_still_stops_the_file(tmp_path: Path) -> None:
    report = check_file(write(tmp_path, GOOD + '[rules.typo]\ncheck = "a > bb"\nvalue = 2,800\n'))
    assert report.results == () and report.problems == ()
    assert report.error is not None and "TOML syntax error" in report.error
    assert report.error_line == 11


@pytest.fixture
def seed_with_a_typo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped data (12 ok, 1 tension, 1 fail) with one more rule, naming a claim
    that is not there."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "claims.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\n[rules.typo]\ncheck = "weapons_stolen > weapons_stoln"\n',
                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return Path("data/claims.toml")


def test_the_table_shows_the_error_line_and_the_summary_counts_it(
        seed_with_a_typo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["verify", str(seed_with_a_typo)], capsys)
    assert code == 2
    assert "1 file, 14 checks: 12 ok, 1 tension, 1 fail; 1 rule could not be checked" in out
    (row,) = [line for line in out.splitlines() if "! error" in line]
    assert "typo" in row and "line 353:" in row  # its own row, with its line
    assert "weapons_stoln" in out
    assert "torture_cases_add_up" in out  # the other rules are all there
    assert f"{seed_with_a_typo}:" in err and "rule 'typo': unknown claim 'weapons_stoln'" in err


FORMATS = [
    # format, text that shows the problem on its own line, text of another rule's finding
    ("concise", "error load:error rule 'typo': unknown claim 'weapons_stoln'",
     "fail torture_cases_add_up"),
    ("github", "title=claimcheck%3A rule typo cannot be checked::rule 'typo'",
     "claimcheck fail%3A torture_cases_add_up"),
]


@pytest.mark.parametrize(("output", "problem", "finding"), FORMATS,
                         ids=[case[0] for case in FORMATS])
def test_the_line_formats_show_the_problem_and_the_findings(
        seed_with_a_typo: Path, capsys: pytest.CaptureFixture[str], output: str, problem: str,
        finding: str) -> None:
    code, out, _ = run_cli(["verify", str(seed_with_a_typo), "-f", output], capsys)
    assert code == 2
    (line,) = [line for line in out.splitlines() if problem in line]
    assert "353" in line  # on its line
    assert finding in out


def test_json_lists_the_problem_under_errors_and_every_result(
        seed_with_a_typo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["verify", str(seed_with_a_typo), "-f", "json"], capsys)
    document = json.loads(out)
    assert code == 2
    assert document["summary"] == {"ok": 12, "tension": 1, "fail": 1}
    (error,) = document["errors"]
    assert (error["kind"], error["id"], error["file"]) == ("rule", "typo", str(seed_with_a_typo))
    assert "unknown claim 'weapons_stoln'" in error["message"]


def test_sarif_makes_the_problem_a_tool_error(
        seed_with_a_typo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["verify", str(seed_with_a_typo), "-f", "sarif"], capsys)
    (run,) = json.loads(out)["runs"]
    assert code == 2
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["message"]["text"].startswith("rule 'typo': unknown claim 'weapons_stoln'")
    assert {r["ruleId"] for r in run["results"]} >= {"torture_cases_add_up"}


def test_exit_zero_never_hides_a_problem(seed_with_a_typo: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run_cli(["verify", str(seed_with_a_typo), "--exit-zero"], capsys)
    assert code == 2
