"""``claimcheck extract --rules``: the rules drafted from the relations scan finds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from claimcheck.claims.load import load_file
from claimcheck.draft.rules import draft_with_rules, update_with_rules
from claimcheck.evaluate.engine import evaluate
from claimcheck.model import Status

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sources" / "mazhilis-hearing-2022-03-14.txt"


@pytest.fixture
def drafted(tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "sources").mkdir()
    shutil.copy(SEED, tmp_path / "sources" / "seed.txt")
    text = draft_with_rules(SEED.read_text("utf-8"), source_path="sources/seed.txt")
    claims = tmp_path / "claims.toml"
    claims.write_text(text, "utf-8")
    return claims, text


def statuses(path: Path) -> dict[str, Status]:
    report = evaluate(load_file(path))
    return {r.rule: r.status for r in report.results if ":" not in r.rule}


def test_the_drafted_rules_verify_as_scan_found_them(drafted: tuple[Path, str]) -> None:
    found = statuses(drafted[0])
    assert found["sum_cases_initiated"] is Status.FAIL  # 243 cases = 9 people + 234 cases
    assert found["same_buildings_damaged"] is Status.TENSION  # 1,630 vs more than 1,500
    assert found["part_citizens_foreign"] is Status.OK


def test_each_rule_has_its_why_and_a_comment_with_kind_and_score(
        drafted: tuple[Path, str]) -> None:
    text = drafted[1]
    assert "[rules.sum_cases_initiated] # sum, score 80: fail when drafted\n" in text
    assert 'why = "9 + 234 = 243 exactly, in different units"' in text
    assert '[units] # nouns the rules below count as one thing\n' in text
    assert 'property = "building"\n' in text


def test_update_with_nothing_new_changes_nothing(drafted: tuple[Path, str]) -> None:
    assert update_with_rules(drafted[1], SEED.read_text("utf-8")) == drafted[1]


def test_a_deleted_rule_does_not_come_back(drafted: tuple[Path, str]) -> None:
    text = re.sub(r"\n\[rules\.part_officers\][^\[]*", "\n", drafted[1])
    assert "part_officers" not in text
    assert update_with_rules(text, SEED.read_text("utf-8")) == text


def test_update_adds_the_rules_of_a_number_it_adds(drafted: tuple[Path, str]) -> None:
    # the claim of "including 19 police and law enforcement officers", and its rule, gone
    text = re.sub(r"\n\[claims\.officers\][^\[]*", "\n", drafted[1])
    text = re.sub(r"\n\[rules\.part_officers\][^\[]*", "\n", text)
    updated = update_with_rules(text, SEED.read_text("utf-8"))
    assert updated.startswith(text)
    added = updated[len(text):]
    assert "[claims.officers]" in added
    assert 'check = "officers <= people_died"' in added


def test_extract_rules_on_the_command_line(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["extract", str(SEED), "--rules"], capsys)
    assert code == 0
    assert "[rules.sum_cases_initiated]" in out
    code, out, _ = run_cli(["extract", str(SEED)], capsys)
    assert code == 0 and "[rules." not in out
