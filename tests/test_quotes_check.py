"""The built-in quote check and the coverage figures, on claims built by hand."""

from __future__ import annotations

import datetime
from fractions import Fraction
from pathlib import Path

import pytest

from claimcheck.checks import CHECKS, quotes
from claimcheck.checks.base import Example
from claimcheck.model import Claim, ClaimsFile, Document, Severity, Status
from claimcheck.quantities.values import parse_value
from claimcheck.text.coverage import coverage

SEED = (Path(__file__).parent / "corpus" / "mazhilis-hearing-2022-03-14.txt").read_text(
    encoding="utf-8"
)


def claim(cid: str, value: str | datetime.date | None, quote: str | None,
          line: int = 10) -> Claim:
    written = None if value is None else parse_value(value)
    derived = "a - b" if value is None else None
    key_lines = {"value": line + 1, "quote": line + 3} if quote else {"value": line + 1}
    return Claim(id=cid, line=line, written=written, derived=derived, quote=quote,
                 key_lines=key_lines)


def claims_file(*claims: Claim) -> ClaimsFile:
    return ClaimsFile(path="claims.toml", document=Document(source="seed.txt"), units={},
                      claims={c.id: c for c in claims}, rules={})


@pytest.mark.parametrize("example", quotes.EXAMPLES, ids=lambda e: e.name)
def test_every_example_of_the_quote_check_holds(example: Example) -> None:
    shown = dict(example.shown)
    results = list(quotes.check(claims_file(claim("c", shown["value"], shown["quote"])),
                                example.source))
    assert (results == []) is example.passes, [r.message for r in results]


def test_transcription_slip_fails_with_the_closest_passage() -> None:
    slip = claim("weapons_stolen", "more than 2,080",
                 "more than 2,080 weapons were stolen during the unrest", line=20)
    (result,) = quotes.check(claims_file(slip), SEED)
    assert result.rule == "quote:weapons_stolen"
    assert (result.status, result.severity) == (Status.FAIL, Severity.ERROR)
    assert result.claims == ("weapons_stolen",)
    assert result.line == 20  # the claim's line: the format page puts quote findings there
    assert result.file == "claims.toml"
    assert "quote not found" in result.message
    assert 'closest passage: "more than 2,800 weapons were stolen during the unrest' in (
        result.message)


def test_value_that_is_not_in_its_quote() -> None:
    wrong = claim("weapons_outstanding", "3,070",
                  "2,000 weapons are still in the hands of the criminals")
    (result,) = quotes.check(claims_file(wrong), SEED)
    assert result.rule == "quote:weapons_outstanding"
    assert result.message == ('the quote does not state the value "3,070"; it says "2,000"')


@pytest.mark.parametrize(
    ("value", "unit", "passes"),
    [
        ("38.6", "billion tenge", True),  # the unit's scale word completes the value
        ("38.6", "billion*KZT", True),
        ("38.6", None, False),
        ("38.6", "tenge", False),
        ("38.6 billion", "tenge", True),
        ("38.6", "million tenge", False),
    ],
)
def test_a_scale_word_in_the_unit_counts_as_written(value: str, unit: str | None,
                                                     passes: bool) -> None:
    damage = Claim(id="damage", line=1, written=parse_value(value), unit=unit,
                   quote="which amounts to 38.6 billion tenge worth of damage")
    assert (list(quotes.check(claims_file(damage), SEED)) == []) is passes


def test_quote_with_no_number_says_so() -> None:
    (result,) = quotes.check(claims_file(claim("c", "9", "the Human Rights Commissioner")), SEED)
    assert result.message.endswith("it says no number")


def test_claims_that_are_grounded_right_pass() -> None:
    good = [
        claim("weapons_stolen", "more than 2,800",
              "more than 2,800 weapons were stolen during the unrest"),
        claim("detained", "nine", "while 9 people were detained"),
        claim("damage", "38.6bn", "which amounts to 38.6 billion tenge worth of damage"),
        claim("hearing", "three and a half", "The session, which lasted three and a half hours"),
    ]
    assert list(quotes.check(claims_file(*good), SEED)) == []


def test_claims_without_quote_and_derived_claims_are_not_checked() -> None:
    unquoted = claim("weapons_stolen", "more than 2,080", None)
    derived = claim("recovered", None, "a quote that is nowhere in the source")
    assert list(quotes.check(claims_file(unquoted, derived), SEED)) == []


def test_date_claim_only_needs_its_quote_found() -> None:
    date = claim("hearing", datetime.date(2022, 3, 14), "Nur-Sultan, 14 March 2022")
    missing = claim("hearing2", datetime.date(2022, 3, 14), "Astana, 14 March 2022")
    results = list(quotes.check(claims_file(date, missing), SEED))
    assert [r.rule for r in results] == ["quote:hearing2"]


def test_the_registry_is_explicit_and_documented() -> None:
    assert {"quote": quotes} == CHECKS
    for check_id, module in CHECKS.items():
        assert check_id == module.ID
        assert module.__doc__ and module.__doc__.startswith(f"{check_id}:")
        outcomes = {example.passes for example in module.EXAMPLES}
        assert outcomes == {True, False}, "each check shows passing and failing examples"


# ----------------------------------------------------------------------------- coverage


def test_seed_coverage_without_claims() -> None:
    result = coverage(claims_file(), SEED)
    assert (result.total, result.covered, result.share) == (32, 0, Fraction(0))
    first = result.uncovered[0]
    assert first.text == "three and a half"
    assert first.line == 5
    assert first.sentence.startswith("The session, which lasted three and a half hours")


def test_seed_coverage_with_quotes() -> None:
    quoted = claims_file(
        claim("weapons_stolen", "more than 2,800",
              "more than 2,800 weapons were stolen during the unrest"),
        claim("weapons_outstanding", "2,000",
              "2,000 weapons are still in the hands of the criminals"),
        # one quote covering two mentions: "three deputies, and two more chiefs"
        claim("deputies", "three", "his three deputies, and two more chiefs"),
        # a quote not in the source covers nothing
        claim("cases", "3,070", "the police are investigating 3,700 criminal cases"),
        claim("unquoted", "243", None),
    )
    result = coverage(quoted, SEED)
    assert (result.total, result.covered) == (32, 4)
    assert result.share == Fraction(4, 32)
    assert len(result.uncovered) == 28
    uncovered_texts = [u.text for u in result.uncovered]
    assert "more than 2,800" not in uncovered_texts
    assert "3,070" in uncovered_texts


def test_empty_source_counts_as_covered() -> None:
    result = coverage(claims_file(), "No numbers here.")
    assert (result.total, result.covered, result.share, result.uncovered) == (
        0, 0, Fraction(1), ())


# The format page: "the qualifiers of one row of the table above are the same qualifier".
ROWS_SOURCE = (
    "Losses could be as much as $6bn. Turnout was just under 40%. Just over 1,000 homes "
    "lost power. As many as 300 people were hurt. A little less than half of them voted. "
    "Tens of thousands of people marched. One in five adults smokes. Millions of people "
    "are affected. Two-thirds of the seats went to the party."
)


@pytest.mark.parametrize(
    ("value", "quote", "passes"),
    [
        ("up to 6bn", "Losses could be as much as $6bn", True),  # the at-most row
        ("as much as 6bn", "Losses could be as much as $6bn", True),
        ("at most 6bn", "Losses could be as much as $6bn", True),
        ("about 6bn", "Losses could be as much as $6bn", False),  # another row
        ("nearly 40%", "Turnout was just under 40%", True),  # the nearly row
        ("almost 40%", "Turnout was just under 40%", True),
        ("less than 40%", "Turnout was just under 40%", False),  # under alone: less than
        ("slightly more than 1,000", "Just over 1,000 homes lost power", True),
        ("more than 1,000", "Just over 1,000 homes lost power", False),
        ("up to 300", "As many as 300 people were hurt", True),
        ("nearly half", "A little less than half of them voted", True),
        ("tens of thousands", "Tens of thousands of people marched", True),
        ("thousands", "Tens of thousands of people marched", False),
        ("one in five", "One in five adults smokes", True),
        ("a fifth", "One in five adults smokes", True),  # the same fraction
        ("millions", "Millions of people are affected", True),
        ("two thirds", "Two-thirds of the seats went to the party", True),
        ("a third", "Two-thirds of the seats went to the party", False),
    ],
)
def test_qualifiers_of_one_row_are_one_qualifier(value: str, quote: str, passes: bool) -> None:
    stated = claim("c", value, quote)
    results = list(quotes.check(claims_file(stated), ROWS_SOURCE))
    assert (results == []) is passes, [r.message for r in results]
