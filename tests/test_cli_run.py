"""verify over many files and directories, formats through the CLI, configuration,
--exit-zero, --quiet and --statistics."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import run_cli as run

OK_FILE = '[claims.a]\nvalue = 3\n[rules.r]\ncheck = "a == 3"\n'
FAIL_FILE = '[claims.a]\nvalue = 3\n[rules.r]\ncheck = "a == 4"\n'
TENSE_FILE = ('[claims.a]\nvalue = 1630\n[claims.b]\nvalue = "more than 1,500"\n'
              '[rules.r]\ncheck = "a <= b"\n')
BROKEN_FILE = '[claims.a]\nvalue = "lots"\n'
UNREADABLE_FILE = '[claims.a]\nvalue = 2,800\n'  # TOML syntax: nothing after it is read
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    (tmp_path / "docs" / "deep").mkdir(parents=True)
    (tmp_path / "docs" / "ok.toml").write_text(OK_FILE)
    (tmp_path / "docs" / "deep" / "fail.toml").write_text(FAIL_FILE)
    (tmp_path / "docs" / "other.toml").write_text("[tool]\nname = 'not claims'\n")
    (tmp_path / "docs" / ".hidden").mkdir()
    (tmp_path / "docs" / ".hidden" / "skip.toml").write_text(FAIL_FILE)
    return tmp_path


def test_directory_is_searched_for_claims_files(project: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["verify", "docs", "--format", "concise"], capsys)
    assert code == 1
    assert out == "docs/deep/fail.toml:4:1: fail r 3 == 4: misses by 1\n"


def test_unloadable_file_reported_while_others_are_checked(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "broken.toml").write_text(UNREADABLE_FILE)
    code, out, err = run(["verify", "broken.toml", "docs"], capsys)
    assert code == 2
    assert "broken.toml:2: TOML syntax error" in err
    assert "docs/ok.toml" in out and "docs/deep/fail.toml" in out
    assert "3 files, 2 checks: 1 ok, 0 tension, 1 fail, 1 could not be checked" in out


def test_a_directory_without_claims_is_exit_2(project: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (project / "empty").mkdir()
    code, _, err = run(["verify", "empty"], capsys)
    assert code == 2
    assert "no claims files found" in err


def test_github_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["verify", "docs", "--format", "github"], capsys)
    assert code == 1
    assert out.startswith("::error file=docs/deep/fail.toml,line=4,")
    assert "::3 == 4: misses by 1" in out


def test_sarif_format_validates(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "tense.toml").write_text(TENSE_FILE)
    code, out, _ = run(["verify", "docs", "tense.toml", "--format", "sarif"], capsys)
    assert code == 1
    log = json.loads(out)
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    levels = sorted(r["level"] for r in log["runs"][0]["results"])
    assert levels == ["error", "warning"]


def test_json_has_every_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["verify", "docs", "--format", "json"], capsys)
    document = json.loads(out)
    assert code == 1
    assert sorted({r["file"] for r in document["results"]}) == ["docs/deep/fail.toml",
                                                                 "docs/ok.toml"]
    assert document["summary"] == {"ok": 1, "tension": 0, "fail": 1}


def test_pre_commit_defaults_to_concise(project: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    _, out, _ = run(["verify", "docs"], capsys)
    assert out == "docs/deep/fail.toml:4:1: fail r 3 == 4: misses by 1\n"


@pytest.mark.parametrize(("args", "expected"), [
    (["--exit-zero"], 0),
    ([], 1),
])
def test_exit_zero(project: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                   expected: int) -> None:
    assert run(["verify", "docs", *args], capsys)[0] == expected


def test_exit_zero_never_hides_unreadable_input(project: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (project / "broken.toml").write_text(BROKEN_FILE)
    assert run(["verify", "broken.toml", "--exit-zero"], capsys)[0] == 2


def test_quiet_shows_only_findings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["verify", "docs", "--quiet"], capsys)
    assert "fail" in out and "3 == 4" in out
    assert "ok" not in out.replace("docs/ok.toml", "")
    assert "checks:" not in out


def test_statistics(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "tense.toml").write_text(TENSE_FILE)
    _, out, _ = run(["verify", "docs", "tense.toml", "--statistics", "--format", "concise"],
                    capsys)
    assert "statistics:\n     1  ok\n     1  tension\n     1  fail\n" in out
    assert "     1  rule fail\n     1  rule tension\n" in out


def test_configuration_supplies_defaults(project: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (project / "tense.toml").write_text(TENSE_FILE)
    (project / "claimcheck.toml").write_text('paths = ["tense.toml"]\nstrict = true\n'
                                            'format = "concise"\n')
    code, out, _ = run(["verify"], capsys)
    assert code == 1  # strict from the file: the tension fails
    assert out.startswith("tense.toml:6:1: tension r")
    code, out, _ = run(["verify", "--no-strict", "--format", "json"], capsys)
    assert code == 0  # flags override the file
    assert json.loads(out)["summary"]["tension"] == 1


def test_configuration_widths_change_about(project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    # 1,630 <= about 1,500: hard 10% is [1,350, 1,650] (tension); hard 5% is
    # [1,425, 1,575] and fails.
    (project / "about.toml").write_text('[claims.a]\nvalue = 1630\n[claims.b]\n'
                                        'value = "about 1,500"\n[rules.r]\ncheck = "a <= b"\n')
    assert run(["verify", "about.toml"], capsys)[0] == 0
    (project / "pyproject.toml").write_text('[tool.claimcheck.values]\nabout = "5%"\n'
                                            'about_reading = "2%"\n')
    code, out, _ = run(["verify", "about.toml", "--format", "concise"], capsys)
    assert code == 1
    assert "fail r" in out


def test_bad_configuration_is_exit_2_with_line(project: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (project / "claimcheck.toml").write_text('strict = true\nstrikt = false\n')
    code, _, err = run(["verify", "docs"], capsys)
    assert code == 2
    assert "claimcheck.toml:2" in err
    assert "did you mean 'strict'" in err
