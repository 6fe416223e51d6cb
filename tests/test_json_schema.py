"""The JSON that programs read follows a versioned schema (issue 16, part 3).

``docs/schema/verify.schema.json`` and ``docs/schema/explain.schema.json`` describe the
``--format json`` output of ``verify`` and ``explain``. conftest checks every such
document the tests produce against them; these tests make sure that check has teeth,
that the documented keys are always there, and that the versions agree.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, check_json_output, command_schema, run_cli, validate_json

from claimcheck.report import explain, json_format

SEED = "data/claims.toml"


@pytest.mark.parametrize(("command", "version"), [
    ("verify", json_format.SCHEMA_VERSION), ("explain", explain.SCHEMA_VERSION)])
def test_each_schema_is_valid_and_has_the_version_the_output_carries(
        command: str, version: int) -> None:
    schema = command_schema(command)  # checked against the 2020-12 meta-schema
    assert schema is not None
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema_version"]["const"] == version


def test_every_documented_key_is_there_when_there_is_nothing_to_say(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # no source (so no coverage, no ungrounded claims), nothing broken
    path = tmp_path / "claims.toml"
    path.write_text('[claims.a]\nvalue = 3\n[rules.r]\ncheck = "a > 1"\n', encoding="utf-8")
    code, out, _ = run_cli(["verify", str(path), "--format", "json"], capsys)
    document = json.loads(out)
    assert code == 0
    assert (document["errors"], document["ungrounded"], document["coverage"]) == ([], {}, {})
    assert document["count_nouns"] == [] and document["configuration"] is None
    assert document["schema_version"] == json_format.SCHEMA_VERSION


def test_the_seed_fills_every_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["verify", SEED, "-f", "json"], capsys)
    document = json.loads(out)
    assert code == 1
    assert document["ungrounded"] == {SEED: ["january_events_began", "compensation_deadline"]}
    assert document["coverage"][SEED]["covered"] == 31


# Documents the schema must refuse: a documented key gone, a status it does not know,
# a line that is not a number.
DRIFTS = [
    ("errors missing", lambda d: d.pop("errors")),
    ("ungrounded missing", lambda d: d.pop("ungrounded")),
    ("unknown status", lambda d: d["results"][0].update(status="maybe")),
    ("line as text", lambda d: d["results"][0].update(line="296")),
    ("another schema version", lambda d: d.update(schema_version=0)),
]


@pytest.mark.parametrize("drift", [case[1] for case in DRIFTS], ids=[c[0] for c in DRIFTS])
def test_the_schema_refuses_a_document_that_drifts(
        capsys: pytest.CaptureFixture[str], drift: object) -> None:
    _, out, _ = run_cli(["verify", SEED, "-f", "json"], capsys)
    document = json.loads(out)
    assert callable(drift)
    drift(document)
    schema = command_schema("verify")
    assert schema is not None
    with pytest.raises(AssertionError, match="does not follow"):
        validate_json(schema, document)


def test_the_check_leaves_other_output_alone() -> None:
    check_json_output("verify", "data/claims.toml:1:1: fail r 1 > 2\n")  # concise
    check_json_output("verify", '{"$schema": "sarif", "runs": []}')  # SARIF: its own schema
    check_json_output("no-such-command", '{"anything": 1}')  # no schema for it


def seed_ids() -> list[str]:
    data = tomllib.loads((ROOT / SEED).read_text(encoding="utf-8"))
    return [*data["rules"], *list(data["claims"])[::4], "quote", "quote:weapons_stolen"]


def test_explain_of_the_seed_follows_its_schema(capsys: pytest.CaptureFixture[str]) -> None:
    # every rule, every fourth claim, a built-in check and a finding's id: conftest
    # validates each document; here each is also read back
    for target in seed_ids():
        code, out, _ = run_cli(["explain", target, "--file", SEED, "-f", "json"], capsys)
        assert code == 0, target
        assert json.loads(out)["schema_version"] == explain.SCHEMA_VERSION
