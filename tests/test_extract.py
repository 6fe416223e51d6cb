"""Drafting a claims file from a text, and appending to one without touching it."""

from __future__ import annotations

import datetime
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from claimcheck.checks import quotes
from claimcheck.draft.extract import draft, singular, speaker, unit_for, update
from claimcheck.errors import LoadError
from claimcheck.model import Claim, ClaimsFile, Document
from claimcheck.quantities.values import parse_value
from claimcheck.text.mentions import find_mentions
from claimcheck.text.textnorm import find_quote

CORPUS = Path(__file__).parent / "corpus"
SEED = (CORPUS / "mazhilis-hearing-2022-03-14.txt").read_text(encoding="utf-8")
TEXTS = sorted(CORPUS.glob("*.txt"))
ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
CLAIM_KEYS = {"value", "unit", "quote", "by"}


def as_claims_file(data: dict[str, Any]) -> ClaimsFile:
    """The drafted TOML as the loader would build it (values parsed, no intervals)."""
    claims = {
        cid: Claim(id=cid, line=1, written=parse_value(raw["value"]), unit=raw.get("unit"),
                   quote=raw.get("quote"), by=raw.get("by"))
        for cid, raw in data.get("claims", {}).items()
    }
    return ClaimsFile(path="draft.toml", document=Document(**data["document"]), units={},
                      claims=claims, rules={})


@pytest.fixture(scope="module")
def seed_draft() -> dict[str, Any]:
    return tomllib.loads(draft(SEED, source_path="sources/seed.txt", title=None))


def test_seed_draft_fills_the_document_table(seed_draft: dict[str, Any]) -> None:
    assert seed_draft["document"] == {
        "title": "Kazakh Parliament Holds Unprecedented Hearing on Investigation into "
                 "Tragic January Events So Far",
        "date": datetime.date(2022, 3, 14),
        "source": "sources/seed.txt",
    }


def test_seed_draft_has_one_claim_per_mention(seed_draft: dict[str, Any]) -> None:
    assert len(seed_draft["claims"]) == len(find_mentions(SEED)) == 32


def test_seed_draft_claim_as_the_issue_describes_it(seed_draft: dict[str, Any]) -> None:
    assert seed_draft["claims"]["weapons_stolen"] == {
        "value": "more than 2,800",
        "unit": "weapon",
        "quote": "who informed that more than 2,800 weapons were stolen during the unrest",
        "by": "Minister of Internal Affairs Marat Akhmetzhanov",
    }
    assert seed_draft["claims"]["tenge_damage"]["unit"] == "KZT"


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_every_draft_is_valid_and_grounded(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    data = tomllib.loads(draft(source, source_path=path.name, title="T"))
    for cid, raw in data["claims"].items():
        assert ID_PATTERN.match(cid), cid
        assert set(raw) <= CLAIM_KEYS
        parse_value(raw["value"])  # raises if the value is outside the grammar
        assert find_quote(source, raw["quote"]) is not None, raw["quote"]
        assert raw.get("unit") is None or re.fullmatch(r"[A-Za-z]+", raw["unit"]), raw
    assert list(quotes.check(as_claims_file(data), source)) == []


def test_draft_is_commented_tomlkit_output() -> None:
    text = draft(SEED, source_path="seed.txt", title="Hearing")
    assert text.startswith("# Claims drafted by `claimcheck extract`")
    assert "[claims.weapons_stolen] # source line 19\n" in text
    assert 'title = "Hearing"\n' in text


EXISTING = """\
# My claims for the hearing, kept by hand.
[document]
title = "Hearing"   # short title
source = "seed.txt"

[claims.weapons_stolen]
value = "more than 2,800"
unit  = "weapon"
quote = "more than 2,800 weapons were stolen during the unrest"   # Akhmetzhanov

[rules.weapons_hands_within_stolen]
check = "weapons_hands <= weapons_stolen"
"""


def test_update_keeps_every_existing_byte() -> None:
    result = update(EXISTING, SEED)
    assert result.startswith(EXISTING)
    data = tomllib.loads(result)
    assert data["claims"]["weapons_stolen"]["value"] == "more than 2,800"
    added = set(data["claims"]) - {"weapons_stolen"}
    assert len(added) == 31  # every mention but the one already quoted
    assert "# Claims added by `claimcheck extract --update`" in result[len(EXISTING):]


def test_update_without_a_final_newline_still_appends_valid_toml() -> None:
    existing = EXISTING.rstrip("\n")
    result = update(existing, SEED)
    assert result.startswith(existing)
    assert len(tomllib.loads(result)["claims"]) == 32


def test_update_of_a_full_draft_adds_nothing() -> None:
    full = draft(SEED, source_path="seed.txt", title=None)
    assert update(full, SEED) == full


def test_update_ids_never_clash_with_existing_ones() -> None:
    existing = '[claims.weapons_stolen]\nvalue = "1"\n'  # same id, no quote: covers nothing
    data = tomllib.loads(update(existing, SEED))
    assert data["claims"]["weapons_stolen"] == {"value": "1"}
    assert data["claims"]["weapons_stolen_unrest"]["value"] == "more than 2,800"


@pytest.mark.parametrize(
    "existing", ['[claims\nvalue = "1"\n', 'claims = "not a table"\n', 'claims = {a = 1}\n']
)
def test_update_refuses_what_it_cannot_extend(existing: str) -> None:
    with pytest.raises(LoadError):
        update(existing, SEED)


@pytest.mark.parametrize(
    ("noun", "expected"),
    [("weapons", "weapon"), ("properties", "property"), ("people", "person"),
     ("cases", "case"), ("businesses", "business"), ("taxes", "tax"), ("pence", "penny"),
     ("livestock", "livestock"), ("officer", "officer"), ("status", "status")],
)
def test_singular(noun: str, expected: str) -> None:
    assert singular(noun) == expected


@pytest.mark.parametrize(
    ("unit_word", "expected"),
    [("weapons", "weapon"), ("USD", "USD"), ("km", "km"), ("m", "m"), (None, None),
     ("medium-sized", None), ("Kazakhstan\u2019s", None)],
)
def test_unit_for(unit_word: str | None, expected: str | None) -> None:
    assert unit_for(unit_word) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Prosecutor General Berik Asylov noted that 44 cases are open.",
         "Prosecutor General Berik Asylov"),
        ("First Deputy Prime Minister Roman Sklyar further notified that 1,630 were hit.",
         "First Deputy Prime Minister Roman Sklyar"),
        ("According to the Prosecutor General, a total of 766 people are in custody.",
         "Prosecutor General"),
        ("Civilians were drawn into the crowd, Umarova said.", "Umarova"),
        ("He said dozens of facilities were vandalized.", None),
        ("A total of 184 people are suspects, the Minister clarified.", None),
        ("Critics say lessons were not learned.", None),
        ("Criminals damaged more than 800 cameras.", None),
    ],
)
def test_speaker(sentence: str, expected: str | None) -> None:
    assert speaker(sentence) == expected
