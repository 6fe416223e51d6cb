"""``claimcheck scan``: the seed's two inconsistencies, the command's output and exit
codes, the JSON against its schema, and a long text."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import run_cli

from claimcheck.draft.scan import SHOWN_SCORE, scan_text, shown
from claimcheck.model import Status

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sources" / "mazhilis-hearing-2022-03-14.txt"
SCHEMA = json.loads((ROOT / "docs" / "schema" / "scan.schema.json").read_text("utf-8"))


def seed_findings() -> dict[tuple[str, ...], Status]:
    report = scan_text(SEED.read_text("utf-8"), str(SEED))
    return {tuple(sorted(m.text for m in r.mentions)): r.status
            for r in shown(report, every=False)}


@pytest.mark.parametrize(("mentions", "status"), [
    (("234", "243", "9"), Status.FAIL),  # 234 cases + 9 people = 243 cases: a unit mix
    (("1,630", "more than 1,500"), Status.TENSION),  # read as at most 1,600
])
def test_the_seed_yields_its_two_inconsistencies(mentions: tuple[str, ...],
                                                   status: Status) -> None:
    assert seed_findings()[mentions] is status


def test_the_seed_shows_nothing_else_by_default() -> None:
    assert len(seed_findings()) == 2


def test_relations_that_hold_are_listed_with_all() -> None:
    report = scan_text(SEED.read_text("utf-8"), str(SEED))
    holding = {tuple(m.text for m in r.mentions) for r in shown(report, every=True)
               if r.status is Status.OK}
    assert ("19", "766") in holding  # "Of those, 19 are citizens of foreign countries"
    assert ("9", "8", "one") in holding  # 9 people detained = 8 KNB employees + one officer


def test_findings_are_most_certain_first() -> None:
    relations = scan_text(SEED.read_text("utf-8"), str(SEED)).relations
    order = {Status.FAIL: 0, Status.TENSION: 1, Status.OK: 2}
    keys = [(order[r.status], -r.score) for r in relations]
    assert keys == sorted(keys)


@pytest.mark.parametrize("output", ["table", "concise", "github"])
def test_a_text_with_no_relations_prints_nothing_and_exits_0(
        output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "plain.txt"
    document.write_text("The committee met on Tuesday. It will meet again in 12 days.\n")
    assert run_cli(["scan", "-f", output, str(document)], capsys) == (0, "", "")


def test_a_failing_relation_is_exit_1_and_located_in_the_document(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["scan", "-f", "concise", str(SEED)], capsys)
    assert code == 1
    assert f"{SEED}:27:269: fail sum_1 (sum) 243 case == 9 person + 234 case" in out


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    (b"caf\xe9 12 of 20\n", "is not UTF-8 text"),
])
def test_a_document_that_cannot_be_read_is_exit_2(
        content: bytes | None, message: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "doc.txt"
    if content is not None:
        document.write_bytes(content)
    code, out, err = run_cli(["scan", str(document)], capsys)
    assert (code, out) == (2, "")
    assert message in err and "Traceback" not in err


def test_json_follows_its_schema_and_locates_each_mention(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["scan", "-f", "json", "--all", str(SEED)], capsys)
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    lines = SEED.read_text("utf-8").splitlines()
    mentions = [m for f in document["documents"][0]["findings"] for m in f["mentions"]]
    assert {"text": "more than 1,500", "value": "more than 1,500", "unit": "buildings",
            "line": 23, "column": 69} in mentions
    for mention in mentions:
        assert lines[mention["line"] - 1][mention["column"] - 1 :].startswith(mention["text"])
    assert code == 1


def test_the_schema_is_draft_2020_12_with_the_version_const() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["version"] == {"const": "1"}


def test_control_characters_of_the_document_are_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "hostile.txt"
    document.write_text("23 people died, including 29 police\x1b[2J officers.\n")
    code, out, _ = run_cli(["scan", "-f", "table", str(document)], capsys)
    assert code == 1 and "\x1b" not in out and "\\x1b" in out


def test_the_default_threshold_hides_low_scores() -> None:
    report = scan_text(SEED.read_text("utf-8"), str(SEED))
    assert all(r.score >= SHOWN_SCORE for r in shown(report, every=False))
    assert any(r.score < SHOWN_SCORE for r in shown(report, every=True))


def test_a_1_mb_text_finishes() -> None:
    text = SEED.read_text("utf-8")
    long_text = "\n\n".join([text] * (1_000_000 // len(text) + 1))
    report = scan_text(long_text, "long.txt")
    copies = 1_000_000 // len(text) + 1
    # each copy brings its own findings; "same" links copies, so at least these:
    assert sum(r.kind == "sum" and r.status is Status.FAIL for r in report.relations) >= copies


def test_explain_shows_one_finding_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["explain", "sum_1", "--scan", str(SEED)], capsys)
    assert code == 0
    assert "243 case == 9 person + 234 case: cannot add person and case" in out
    assert "sum_1_b = '9' (line 27, column 315, people)" in out


def test_explain_json_of_a_finding(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["explain", "same_1", "--scan", str(SEED), "-f", "json"], capsys)
    found = json.loads(out)
    assert (code, found["status"], found["arithmetic"]) == (
        0, "tension", "more than 1,500 building == 1,630 building")
    jsonschema.validate({k: v for k, v in found.items()
                         if k not in ("version", "path", "kind_documentation")},
                        {**SCHEMA["$defs"]["finding"], "$defs": SCHEMA["$defs"]})


def test_explain_of_an_unknown_finding_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["explain", "sum_9", "--scan", str(SEED)], capsys)
    assert (code, out) == (2, "")
    assert "scan finds no relation 'sum_9'" in err


def test_a_huge_sentence_is_quoted_in_bounded_passages() -> None:
    # one "sentence" of 64,000 characters with 4,000 relations: each quotes a window
    text = "most of the 46% " * 4000
    relations = scan_text(text, "hostile.txt").relations
    assert len(relations) == 4000
    assert max(len(s) for r in relations for s in r.sentences) <= 2 * 200 + 10
    assert all(len(r.cue) <= 160 and len(r.why) <= 300 for r in relations)


def test_a_long_ranked_list_is_checked_in_parts() -> None:
    items = "\n".join(f"{i}. Sindh: {1000 - i}" for i in range(1, 100))
    ranked = [r for r in scan_text(f"Cases:\n{items}\n", "list.txt").relations
              if r.kind == "ranked"]
    # items 1-50, then 50-99: each part is one rule, and the parts overlap by one item
    assert [len(r.mentions) for r in ranked] == [50, 50]
    assert all(r.status is Status.OK for r in ranked)


def test_a_colon_list_of_thousands_proposes_no_giant_sum() -> None:
    text = "There were 5000 things: " + ", ".join(str(i) for i in range(1, 3000)) + "."
    assert not [r for r in scan_text(text, "list.txt").relations if len(r.mentions) > 10]


def test_a_relation_that_cannot_be_loaded_leaves_the_others() -> None:
    from claimcheck.draft.relations.base import Candidate
    from claimcheck.draft.scan import _decided_pairs
    from claimcheck.text.mentions import find_mentions

    five, seven = find_mentions("5 apples and 7 apples")
    good = Candidate("part", "cue", 80, (five, seven), "{0} <= {1}", "why")
    bad = Candidate("part", "cue", 80, (five, seven), "{0} <= {1}", "why", units=("per", "per"))
    pairs = [(f"part_{i}", bad if i == 3 else good) for i in range(8)]
    decided = _decided_pairs(pairs, "x.txt")
    assert sorted(decided) == [f"part_{i}" for i in range(8) if i != 3]
    assert all(result.status is Status.OK for result in decided.values())


@pytest.mark.parametrize(("output", "expected"), [
    ("table", "sum_1 (sum, score 80)"),
    ("concise", f"{SEED}:23:69: tension same_1 (same) more than 1,500 building == 1,630"),
    ("json", '"arithmetic": "243 case == 9 person + 234 case"'),
    ("github", "::error file=data/sources/mazhilis-hearing-2022-03-14.txt,line=27,col=269,"
               "title=claimcheck scan fail%3A sum_1::"),
])
def test_every_scan_format_shows_the_seed_finding(
        output: str, expected: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from claimcheck.report import SCAN_FORMATS

    assert output in SCAN_FORMATS
    monkeypatch.chdir(ROOT)
    code, out, _ = run_cli(["scan", "-f", output, "data/sources/mazhilis-hearing-2022-03-14.txt"],
                           capsys)
    assert code == 1
    assert expected.replace(str(SEED), "data/sources/mazhilis-hearing-2022-03-14.txt") in out


@pytest.mark.parametrize("extension", ["md", "html", "docx", "pdf"])
def test_scan_finds_the_seed_findings_in_every_document_format(
    extension: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """scan reads documents as verify and extract do: the seed as .md/.html/.docx/.pdf
    gives the same two findings (243 = 234 cases + 9 people; 1,500 vs 1,630) as the .txt."""
    def findings(path: Path) -> list[str]:
        code, out, _ = run_cli(["scan", "-f", "json", str(path)], capsys)
        assert code == 1
        (report,) = json.loads(out)["documents"]
        return sorted(f"{f['status']} {f['kind']} {f['arithmetic']}" for f in report["findings"])

    document = Path(__file__).parent / "data" / "documents" / f"mazhilis.{extension}"
    assert findings(document) == findings(SEED)


def test_scan_of_a_folder_takes_the_documents_in_it(capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(__file__).parent / "data" / "documents"
    code, out, _ = run_cli(["scan", "-f", "json", str(folder)], capsys)
    paths = sorted(Path(d["path"]).name for d in json.loads(out)["documents"])
    assert code == 1
    assert {"mazhilis.md", "mazhilis.html", "mazhilis.docx", "mazhilis.pdf"} <= set(paths)
