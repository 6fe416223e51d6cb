"""The document link through the CLI: quotes against the source, coverage, extract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli as run

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sources" / "mazhilis-hearing-2022-03-14.txt"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    (tmp_path / ".git").mkdir()  # a repository: its sources lie inside its root
    (tmp_path / "sources").mkdir()
    shutil.copy(SEED, tmp_path / "sources" / "hearing.txt")
    return tmp_path


def claims(value: str, quote: str) -> str:
    return ('[document]\ntitle = "t"\nsource = "sources/hearing.txt"\n\n'
            f'[claims.weapons_stolen]\nvalue = "{value}"\nunit = "weapon"\n'
            f'quote = "{quote}"\n')


def test_transcription_slip_is_a_fail_with_the_closest_passage(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slip = claims("more than 2,080", "more than 2,080 weapons were stolen")
    (workspace / "c.toml").write_text(slip)
    code, out, _ = run(["verify", "c.toml", "--format", "concise"], capsys)
    assert code == 1
    assert out.startswith("c.toml:5:1: fail quote:weapons_stolen quote not found in the source")
    assert "closest passage: \"more than 2,800 weapons were stolen\"" in out


def test_value_not_in_its_quote(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "c.toml").write_text(claims("2,800", "more than 2,800 weapons were stolen"))
    code, out, _ = run(["verify", "c.toml", "--format", "json"], capsys)
    assert code == 1
    result = json.loads(out)["results"][0]
    assert result["rule"] == "quote:weapons_stolen"
    assert result["status"] == "fail"
    assert result["line"] == 5  # the claim's line, as the format page says


def test_a_good_quote_passes_and_coverage_is_counted(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "c.toml").write_text(claims("more than 2,800",
                                             "more than 2,800 weapons were stolen"))
    code, out, _ = run(["verify", "c.toml", "--format", "json"], capsys)
    assert code == 0
    coverage = json.loads(out)["coverage"]["c.toml"]
    assert coverage["covered"] == 1
    assert coverage["total"] == 32  # numeric mentions in the seed article
    assert len(coverage["uncovered"]) == 31


def test_uncovered_lists_sentences(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "c.toml").write_text(claims("more than 2,800",
                                             "more than 2,800 weapons were stolen"))
    code, out, _ = run(["verify", "c.toml", "--uncovered"], capsys)
    assert code == 0
    assert "1 quote checked against sources/hearing.txt; 1 of its 32 numeric mentions" in out
    assert "An estimated 50,000 people took part in these rallies." in out


def test_missing_source_is_exit_2(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = claims("more than 2,800", "x").replace("sources/hearing.txt", "sources/gone.txt")
    (workspace / "c.toml").write_text(text)
    code, _, err = run(["verify", "c.toml"], capsys)
    assert code == 2
    assert "c.toml:3: [document]: the source sources/gone.txt does not exist" in err


def test_extract_prints_a_draft_that_verifies(workspace: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, draft, _ = run(["extract", "sources/hearing.txt"], capsys)
    assert code == 0
    (workspace / "draft.toml").write_text(draft)
    code, out, _ = run(["verify", "draft.toml", "--format", "json"], capsys)
    assert code == 0  # no quote fails, nothing that cannot be checked
    assert json.loads(out)["coverage"]["draft.toml"]["covered"] == 32


def test_extract_output_never_overwrites_without_force(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = workspace / "mine.toml"
    target.write_text("# my careful work\n")
    code, _, err = run(["extract", "sources/hearing.txt", "-o", "mine.toml"], capsys)
    assert code == 2
    assert "already exists; not overwritten" in err
    assert target.read_text() == "# my careful work\n"
    code, _, _ = run(["extract", "sources/hearing.txt", "-o", "mine.toml", "--force"], capsys)
    assert code == 0
    assert 'source = "sources/hearing.txt"' in target.read_text()


def test_extract_output_paths_are_relative_to_the_claims_file(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "data").mkdir()
    assert run(["extract", "sources/hearing.txt", "-o", "data/claims.toml"], capsys)[0] == 0
    assert 'source = "../sources/hearing.txt"' in (workspace / "data" / "claims.toml").read_text()
    assert run(["verify", "data/claims.toml"], capsys)[0] == 0


def test_update_keeps_every_existing_byte(workspace: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    existing = claims("more than 2,800", "more than 2,800 weapons were stolen") + (
        "# a comment the user wrote\n\n[rules.r]\ncheck = \"weapons_stolen > 0\"\n")
    (workspace / "c.toml").write_text(existing)
    code, _, _ = run(["extract", "sources/hearing.txt", "--update", "c.toml"], capsys)
    assert code == 0
    updated = (workspace / "c.toml").read_text()
    assert updated.startswith(existing)
    assert updated.count("[claims.") == 32
    assert "more than 2,800 weapons were stolen during" not in updated[len(existing):]
    code, out, _ = run(["verify", "c.toml", "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["coverage"]["c.toml"]["covered"] == 32


def test_extract_missing_source(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["extract", "nope.txt"], capsys)
    assert code == 2
    assert "nope.txt: no such file" in err
