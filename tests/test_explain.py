"""``claimcheck explain``: every id of the seed file, unknown ids, JSON, golden output.

The golden files under tests/golden/ are the reviewed output for the examples of the
design card, rendered at 100 columns without colour. Regenerate them with
``CLAIMCHECK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_explain.py`` and review the
diff before committing it.
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from claimcheck.checks import Example, quotes
from claimcheck.claims.load import load_file
from claimcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = "data/claims.toml"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED_IDS = sorted({*load_file(ROOT / SEED).file.claims, *load_file(ROOT / SEED).file.rules})


@pytest.fixture(autouse=True)
def plain_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed width, no colour, and the repository root as the working directory."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.chdir(ROOT)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["explain", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def explain_json(capsys: pytest.CaptureFixture[str], target: str) -> dict[str, Any]:
    code, out, _ = run(capsys, target, "--file", SEED, "--format", "json")
    assert code == 0
    document: dict[str, Any] = json.loads(out)
    return document


def test_every_id_of_the_seed_file_explains_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    assert len(SEED_IDS) == 50  # 36 claims and 14 rules
    for target in SEED_IDS:
        for output in ("text", "json"):
            code, out, err = run(capsys, target, "--file", SEED, "--format", output)
            assert (target, output, code, err) == (target, output, 0, "")
            assert "Traceback" not in out and target in out


@pytest.mark.parametrize(("target", "suggested"), [
    ("weapons_stole", "did you mean: weapons_stolen, weapons_outstanding, weapons_recovered"),
    ("torture_case_add_up", "did you mean: torture_cases_add_up"),
])
def test_unknown_id_exits_2_with_the_closest_ids(capsys: pytest.CaptureFixture[str],
                                                 target: str, suggested: str) -> None:
    code, out, err = run(capsys, target, "--file", SEED)
    assert code == 2 and out == ""
    assert f"no claim or rule '{target}'" in err
    assert suggested in err
    assert "Traceback" not in err


def test_unknown_id_without_close_ids_says_where_ids_are(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "zzz", "--file", SEED)
    assert code == 2
    assert "claim ids are the [claims.<id>] tables" in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "x", "--file", str(tmp_path / "none.toml"))
    assert code == 2 and "no such file" in err


def test_json_of_a_failing_rule(capsys: pytest.CaptureFixture[str]) -> None:
    rule = explain_json(capsys, "torture_cases_add_up")["rule"]
    assert (rule["status"], rule["severity"]) == ("fail", "error")
    assert rule["display"] == "243 case == 234 case + 9 person"
    assert rule["mismatch"] == "cannot add case and person"
    assert [c["id"] for c in rule["claims"]] == [
        "torture_cases", "torture_cases_by_anticorruption", "torture_detained"]
    total = rule["evaluation"]["children"][1]
    assert total["note"] == "cannot add case and person; as bare numbers"
    assert total["hard"]["intervals"] == [{"lo": 243, "hi": 243, "lo_open": False,
                                           "hi_open": False}]
    assert [(h["kind"], h["claim"], h["value"], h["status"]) for h in rule["hints"]] == [
        ("other unit", "torture_detained", "9 case", "ok")]


def test_json_of_a_claim(capsys: pytest.CaptureFixture[str]) -> None:
    document = explain_json(capsys, "weapons_outstanding")
    assert (document["id"], document["file"], "rule" in document) == (
        "weapons_outstanding", SEED, False)
    claim = document["claim"]
    assert claim["hard"]["intervals"] == [{"lo": 1900, "hi": 2100, "lo_open": False,
                                           "hi_open": False}]
    quote = claim["quote"]
    start, end = quote["number_span"]
    assert quote["sentence"][start:end] == "2,000"
    assert quote["line"] == 19
    rules = {link["id"]: link for link in claim["rules"]}
    assert set(rules) == {"outstanding_within_stolen", "some_weapons_recovered",
                          "most_weapons_still_missing"}
    within = rules["outstanding_within_stolen"]
    # stolen is more than 2,800, read as (2,800, 2,900]: outstanding at most 2,900,
    # and never below 0 (it is unsigned)
    assert within["needed_reading"]["intervals"] == [
        {"lo": 0, "hi": 2900, "lo_open": False, "hi_open": False}]
    assert within["needed_hard"]["words"] == "any value"
    assert rules["some_weapons_recovered"]["via"] == ["weapons_recovered"]
    assert [use["id"] for use in claim["used_by"]] == ["weapons_recovered"]
    assert claim["used_by"][0]["reading"]["text"] == "(700, 1,000] weapon"


def test_json_of_a_scaled_claim_gives_plain_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    claim = explain_json(capsys, "sme_damage")["claim"]
    assert claim["hard"]["text"] == "[38.55, 38.65] billion tenge"
    assert claim["hard"]["plain"] == "[38,550,000,000, 38,650,000,000] tenge"
    assert claim["hard"]["intervals"][0]["lo"] == 38_550_000_000
    assert claim["dimension"] == "KZT"


def test_json_of_a_tension(capsys: pytest.CaptureFixture[str]) -> None:
    rule = explain_json(capsys, "sme_properties_within_buildings")["rule"]
    assert rule["status"] == "tension"
    needs = {need["claim"]: need for need in rule["needs"]}
    assert needs["sme_properties_damaged"]["needed"]["words"] == "at most 1,600 property"
    assert needs["sme_properties_damaged"]["miss"]["amount"] == 30
    assert needs["buildings_damaged"]["miss"]["percent"] == 2  # 30 of 1,500
    assert rule["smallest"] == "sme_properties_damaged"  # 30 of 1,630 is 1.84%
    assert rule["hints"] == []  # a tension is a reading, not a slip


def test_json_of_a_date_claim_uses_iso_dates(capsys: pytest.CaptureFixture[str]) -> None:
    claim = explain_json(capsys, "january_events_began")["claim"]
    (link,) = claim["rules"]
    # hearing (14 March) - began >= 2 months (60.875 days = 61 days less 21 hours):
    # began by 12 January, 03:00; and < 3 months (91.3125 days = 91 days and 7.5 hours):
    # after 12 December 2021, 16:30
    assert link["needed_hard"]["intervals"] == [
        {"lo": "2021-12-12 16:30", "hi": "2022-01-12 03:00", "lo_open": True,
         "hi_open": False}]


def test_a_claim_and_a_rule_may_share_an_id(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    path = tmp_path / "claims.toml"
    path.write_text('[claims.x]\nvalue = "3"\n[claims.y]\nvalue = "4"\n'
                    '[rules.x]\ncheck = "x < y"\n', encoding="utf-8")
    code, out, _ = run(capsys, "x", "--file", str(path), "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert document["claim"]["rules"][0]["id"] == "x"
    assert document["rule"]["status"] == "ok"


GOLDEN_IDS = [
    "torture_cases_add_up",  # a fail: 234 case + 9 person, and the hint that fixes it
    "torture_cases",  # the claim: quote in its sentence, both of its rules
    "outstanding_within_stolen",  # the weapons rule
    "weapons_outstanding",  # a weapons claim: three rules, one through a derived claim
    "weapons_recovered",  # the derived weapons claim
    "compensation_covers_most",  # the compensation rule: a scale word and a ratio
    "sme_properties_within_buildings",  # the tension: what each claim would need
]


@pytest.mark.parametrize("target", GOLDEN_IDS)
def test_golden_output(capsys: pytest.CaptureFixture[str], target: str) -> None:
    code, out, err = run(capsys, target, "--file", SEED)
    assert (code, err) == (0, "")
    golden = GOLDEN / f"explain_{target}.txt"
    if os.environ.get("CLAIMCHECK_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_without_file_the_configured_claims_file_is_explained(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the configuration's widths apply: about 1,250 is 1,250 ± 20% hard (250, more than
    # half its step of 50) and ± 10% as read
    (tmp_path / "claimcheck.toml").write_text(
        'paths = ["claims.toml"]\n[values]\nabout = "20%"\nabout_reading = "10%"\n',
        encoding="utf-8")
    (tmp_path / "claims.toml").write_text('[claims.b]\nvalue = "about 1,250"\n',
                                          encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "b", "--format", "json")
    claim = json.loads(out)["claim"]
    assert (code, claim["file"]) == (0, "claims.toml")
    assert claim["hard"]["text"] == "[1,000, 1,500]"
    assert claim["reading"]["text"] == "[1,125, 1,375]"


def test_several_configured_files_need_a_choice(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claimcheck.toml").write_text('paths = ["a.toml", "b.toml"]\n',
                                              encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "x")
    assert code == 2 and "choose one with --file" in err


@pytest.mark.parametrize("example", quotes.EXAMPLES, ids=lambda e: e.name)
def test_explain_a_built_in_check_shows_its_docstring_and_examples(
        capsys: pytest.CaptureFixture[str], example: Example) -> None:
    # The same EXAMPLES drive tests/test_quotes_check.py and this explanation.
    found = explain_json(capsys, "quote")["check"]
    assert found["documentation"] == inspect.cleandoc(quotes.__doc__ or "")
    shown = next(e for e in found["examples"] if e["name"] == example.name)
    facts = dict(example.shown)
    assert (shown["value"], shown["quote"], shown["passes"]) == (
        facts["value"], facts["quote"], example.passes)


def test_explain_a_finding_id_shows_the_check_then_the_claim(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "quote:weapons_stolen")
    assert code == 0
    assert out.index("built-in check quote") < out.index("claim weapons_stolen")


def test_explain_a_check_for_an_unknown_claim_is_exit_2(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "quote:weapons_stoln")
    assert code == 2
    assert "no claim or rule 'quote:weapons_stoln'" in err


# --- reading only the rules that matter --------------------------------------------


def explained(read: Any, target: str) -> str:
    from claimcheck.errors import ClaimcheckError
    from claimcheck.report import explain as explain_report

    try:
        return explain_report.to_json(read(target))
    except ClaimcheckError as error:
        return f"error: {error}"


def test_explain_reads_a_part_and_shows_what_the_whole_file_shows(
        tmp_path: Path, generate: ModuleType) -> None:
    # explain_file builds only the claims and rules that touch what it shows; every
    # claim and rule id (built-in check ids, unknown ids) must come out as from the
    # whole file.
    from claimcheck.explain import explanation

    generated = generate.write(40, tmp_path / "claims.toml", seed=4)
    derived = tmp_path / "derived.toml"
    derived.write_text(
        '[claims.parts_a]\nvalue = "40"\n[claims.parts_b]\nvalue = "about 60"\n'
        '[claims.parts_sum]\nderived = "parts_a + parts_b"\n'
        '[claims.double]\nderived = "parts_sum * 2"\n[claims.total]\nvalue = "100"\n'
        '[rules.sum_is_total]\ncheck = "parts_sum == total"\n'
        '[rules.double_is_more]\ncheck = "double >= total"\n'
        '[rules.unrelated]\ncheck = "total > 0"\n', encoding="utf-8")
    compared = 0
    for path in (ROOT / SEED, generated, derived):
        whole = load_file(path)
        ids = [*whole.file.claims, *whole.file.rules]
        targets = [*ids, "quote", f"quote:{ids[0]}", "quote:nothing", "nothing", "x:y"]
        for target in targets:
            assert explained(lambda t, p=path: explanation.explain_file(p, t), target) == \
                explained(lambda t, w=whole: explanation.explain(w, t), target), (path, target)
            compared += 1
    assert compared > 150
    outline = load_file(derived, select=lambda outline: (set(), set())).outline
    assert outline is not None and outline.checks["unrelated"] == "total > 0"
    # parts_a is in sum_is_total through parts_sum, in double_is_more through double
    assert explanation.to_read("parts_a", outline) == (
        {"parts_a", "parts_b", "parts_sum", "double", "total"},
        {"sum_is_total", "double_is_more"})
    assert explanation.to_read("unrelated", outline) == ({"total"}, {"unrelated"})


def test_an_unknown_claim_in_a_rule_read_by_explain_suggests_from_every_claim(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # explain builds only the claims it needs, but "did you mean" looks among all.
    path = tmp_path / "claims.toml"
    path.write_text('[claims.weapons_stolen]\nvalue = "2,800"\n'
                    '[claims.weapons_outstanding]\nvalue = "2,000"\n'
                    '[rules.r]\ncheck = "weapons_outstanding <= weapons_stolne"\n',
                    encoding="utf-8")
    code, _, err = run(capsys, "weapons_outstanding", "--file", str(path))
    assert code == 2
    assert "unknown claim 'weapons_stolne'" in err
    assert "did you mean: weapons_stolen, weapons_outstanding" in err
