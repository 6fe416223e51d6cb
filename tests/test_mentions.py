"""Numeric mentions: what is one, how it is read, and when it states a claim's value."""

from __future__ import annotations

from fractions import Fraction

import pytest

from claimcheck.quantities.values import parse_value
from claimcheck.text.mentions import Mention, find_mentions, mention_matches


def found(text: str) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.written.text, m.unit_word) for m in find_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("more than 2,800 weapons were stolen",
         [("more than 2,800", "more than 2,800", "weapons")]),
        ("worth 38.6 billion tenge", [("38.6 billion", "38.6 billion", "KZT")]),
        ("a loss of $4.2bn", [("$4.2bn", "4.2bn", "USD")]),
        ("around \u20ac350m", [("around \u20ac350m", "around 350m", "EUR")]),
        ("USD 4.2 billion", [("USD 4.2 billion", "4.2 billion", "USD")]),
        ("lasted three and a half hours", [("three and a half", "three and a half", "hours")]),
        ("dozens of facilities", [("dozens", "dozens", "facilities")]),
        ("two months is not enough", [("two", "two", "months")]),
        ("Of those, 19 are citizens", [("19", "19", "citizens")]),
        ("19 are now in custody", [("19", "19", None)]),
        ("fell 11% to $18.3bn", [("11%", "11%", None), ("$18.3bn", "18.3bn", "USD")]),
        ("up 12.5 per cent", [("12.5 per cent", "12.5 per cent", None)]),
        ("margin of -3.5%", [("-3.5%", "-3.5%", None)]),
        ("between 10 and 20 retail sites",
         [("between 10 and 20", "between 10 and 20", "sites")]),
        ("between $10m and $20m", [("between $10m and $20m", "between 10m and 20m", "USD")]),
        ("margins of 7\u20139%", [("7\u20139%", "7\u20139%", None)]),
        ("over the next 2 to 3 years", [("2 to 3", "2 to 3", "years")]),
        ("aged one to six", [("one to six", "one to six", None)]),
        ("rose from 10 to 20 people", [("10", "10", None), ("20", "20", "people")]),
        ("could exceed 40 billion tenge",
         [("exceed 40 billion", "exceeds 40 billion", "KZT")]),
        ("An estimated 50,000 people", [("An estimated 50,000", "an estimated 50,000", "people")]),
        ("more than 1.8m customers", [("more than 1.8m", "more than 1.8m", "customers")]),
        ("the water rose 2.5m overnight", [("2.5", "2.5", "m")]),
        ("a 5km race", [("5", "5", "km")]),
        ("a 48-hour warning", [("48", "48", "hour")]),
        ("nearly half of all cases", [("nearly half", "nearly half", None)]),
        ("half a million people", [("half a million", "half a million", "people")]),
        ("and one is a police officer", [("one", "one", "officer")]),
        ("a dozen analysts", [("a dozen", "a dozen", "analysts")]),
        ("forty-two schools", [("forty-two", "forty-two", "schools")]),
        ("1999 people", [("1999", "1999", "people")]),
        ("over 2000 people", [("over 2000", "over 2000", "people")]),
        # The seed's sentences: modifiers joined by "and" before the counted noun.
        ("more than 1,500 state and commercial buildings were damaged",
         [("more than 1,500", "more than 1,500", "buildings")]),
        ("1,630 small and medium-sized business properties were damaged",
         [("1,630", "1,630", "properties")]),
        ("3 cats and dogs", [("3", "3", "cats")]),
        ("2,800 and more", [("2,800", "2,800", None)]),
        ("one officer and two soldiers",
         [("one", "one", "officer"), ("two", "two", "soldiers")]),
    ],
)
def test_mentions_are_read_with_qualifier_scale_and_unit(
    text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Nur-Sultan, 14 March 2022 \u2013 At the session",
        "on March 14, 2022",
        "on 2022-03-14 and 14/03/2022",
        "since 2016, and in the 1990s",
        "The company's 2023 results and its 2030 target",
        "in 2019-2021",
        "First, the first half of the year; the 4th quarter",
        "at 10:30 or 7pm, 24/7",
        "COVID-19 and the G20 in Q3",
        "Article 17, Unit 3, Route 16 and Children's Hospital No. 2",
        "one of the MPs; no one knew; one another",
        "Windows 95 on a Boeing 747, the 7E7 and G8",
        "numerous questions and a number of citizens",
    ],
)
def test_dates_years_labels_ordinals_and_pronouns_are_not_mentions(text: str) -> None:
    assert find_mentions(text) == []


def test_mention_spans_point_into_the_text() -> None:
    text = "He said that more than 2,800 weapons were stolen."
    (mention,) = find_mentions(text)
    assert text[mention.start : mention.end] == mention.text == "more than 2,800"
    assert mention.written.number == Fraction(2800)
    assert mention.written.qualifier == "more_than"


def mention_of(text: str) -> Mention:
    (mention,) = find_mentions(text)
    return mention


@pytest.mark.parametrize(
    ("claim_value", "source_text", "matches"),
    [
        ("9", "nine people were detained", True),
        ("nine", "9 people were detained", True),
        ("more than 2,800", "over 2,800 weapons", True),
        ("over 2,800", "2,800 weapons exceeded", False),
        ("more than 40 billion", "could exceed 40 billion tenge", True),
        ("2,800", "more than 2,800 weapons", False),  # the qualifier is part of the value
        ("more than 2,800", "2,800 weapons", False),
        ("2,080", "2,800 weapons", False),
        ("11%", "11 per cent of voters", True),
        ("11 pct", "11% of voters", True),
        ("0.11", "11% of voters", False),  # a share written as % is a percentage
        ("-470m", "a loss of $470m", True),  # an unsigned mention matches a signed value
        ("470m", "a change of -470m", False),  # a signed mention must match its sign
        ("38.6 billion", "38.6bn tenge", True),
        ("38.6 billion", "38,600,000,000 tenge", False),  # the scale is part of the value
        ("about 50,000", "an estimated 50,000 people", True),
        ("roughly 50,000", "some 50,000 people", True),
        ("10 to 20", "between 10 and 20 sites", True),
        ("10 to 20", "between 10 and 25 sites", False),
        ("dozens", "Dozens of shops", True),
        ("hundreds", "dozens of shops", False),
        ("three and a half", "3.5 hours", True),
    ],
)
def test_mention_matches_claim_value(claim_value: str, source_text: str, matches: bool) -> None:
    assert mention_matches(parse_value(claim_value), mention_of(source_text)) is matches


def test_a_date_claim_never_matches_a_mention() -> None:
    import datetime

    date = parse_value(datetime.date(2022, 1, 5))
    assert not mention_matches(date, mention_of("5 weapons"))
