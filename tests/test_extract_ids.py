"""Ids a person would choose, and ``[extract] ignore`` that ``--update`` respects."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from claimcheck.claims.load import load_file
from claimcheck.draft.extract import draft, update
from claimcheck.errors import LoadError


@pytest.mark.parametrize(("text", "expected"), [
    ("More than 2,800 weapons were stolen during the unrest.", "weapons_stolen"),
    ("The deficit in 1985 was $212bn.", "deficit_1985"),
    ("Northwind reported a net loss of $4.2bn for 2023 on Thursday.", "loss_2023"),
    ("The government will borrow £230bn a year.", "government_borrow"),  # not "year"
    ("It has options on 30 jets, and it pays $120m each.", "pays"),  # not "option_buy"
    ("Repairs cost an estimated $640m.", "repairs"),
    ("The 1,630 properties suffered 38.6 billion tenge worth of damage.", "tenge_damage"),
])
def test_ids_name_what_the_number_counts(text: str, expected: str) -> None:
    claims = tomllib.loads(draft(text, source_path="s.txt"))["claims"]
    assert expected in claims, sorted(claims)


def test_ids_never_start_with_a_digit() -> None:
    claims = tomllib.loads(draft("In 2020, 1,204,000 were sold.", source_path="s.txt"))
    assert all(cid[0].isalpha() for cid in claims["claims"]), claims


SOURCE = "Officials said 120 homes were destroyed. Another 45 schools were closed.\n"


def load_text(text: str, folder: Path) -> set[str]:
    path = folder / "claims.toml"
    path.write_text(text, encoding="utf-8")
    return set(load_file(path).file.claims)


def test_a_draft_carries_an_empty_ignore_list_that_loads(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text(SOURCE, encoding="utf-8")
    text = draft(SOURCE, source_path="s.txt")
    assert tomllib.loads(text)["extract"] == {"ignore": []}
    assert "move\n# its quote here" in text
    assert load_text(text, tmp_path) == {"homes_destroyed", "schools_closed"}


def test_update_does_not_draft_again_what_ignore_covers() -> None:
    """The user deleted the schools claim and moved its quote to ignore: --update adds
    nothing back; without the ignore entry it would re-add the claim."""
    kept = ('[document]\nsource = "s.txt"\n\n[extract]\n'
            'ignore = ["Another 45 schools were closed"]\n\n'
            '[claims.homes_destroyed]\nvalue = "120"\nunit = "home"\n'
            'quote = "120 homes were destroyed"\n')
    assert update(kept, SOURCE) == kept
    without_ignore = kept.replace('"Another 45 schools were closed"', "")
    added = tomllib.loads(update(without_ignore, SOURCE))["claims"]
    assert "schools_closed" in added


def test_old_files_without_extract_stay_valid(tmp_path: Path) -> None:
    assert load_text('[claims.a]\nvalue = "1"\n', tmp_path) == {"a"}


@pytest.mark.parametrize(("table", "message"), [
    ('[extract]\nignor = ["x"]\n', "unknown key 'ignor' in [extract]"),
    ('[extract]\nignore = "x"\n', "'ignore' must be a list of quotes"),
    ('[extract]\nignore = [1]\n', "'ignore' must be a list of quotes"),
])
def test_a_wrong_extract_table_is_an_input_error(table: str, message: str,
                                                 tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_text(table + '[claims.a]\nvalue = "1"\n', tmp_path)
    assert message in str(caught.value)
    assert caught.value.line == 2
