"""Wire copy, tables and everyday qualifiers (issue 13): each cause with its sentence.

Each row is a text and the mentions ``find_mentions`` must find in it, in order, as
(text as written, value in the grammar, unit word). A unit word of ``None`` means none.
"""

from __future__ import annotations

import pytest

from claimcheck.draft.extract import unit_for
from claimcheck.text.mentions import find_mentions

Row = tuple[str, str, str | None]

CASES: list[tuple[str, str, list[Row]]] = [
    # -- a number at the start of a hard-wrapped line
    ("wrapped line, scale", "The trade surplus was 61.3 billion dlrs, compared with\n"
     "48.12 billion a year earlier.",
     [("61.3 billion", "61.3 billion", "USD"), ("48.12 billion", "48.12 billion", "USD")]),
    ("wrapped line, qualifier", "The cost of the project is put at about\n3.2 billion pesos.",
     [("about\n3.2 billion", "about 3.2 billion", "pesos")]),
    ("wrapped line, sign", "The index fell by\n-5 points on Friday.",
     [("-5", "-5", "points")]),
    # -- scale letters in prose
    ("m before and", "It offered grants of 2.4m and loans to 300 farmers.",
     [("2.4m", "2.4m", None), ("300", "300", "farmers")]),
    ("m at the end", "Aid reached 2m.", [("2m", "2m", None)]),
    ("bn glued", "Sales were 4.5bn last year.", [("4.5bn", "4.5bn", None)]),
    ("k glued", "The fund raised 250k from donors.", [("250k", "250k", None)]),
    ("metres stay metres", "They built a 2m wall around the 40m tower.",
     [("2", "2", "m"), ("40", "40", "m")]),
    ("a length stays a length", "The wave was 3m high.", [("3", "3", "m")]),
    ("m with money", "The city paid for a 2m bridge with a loan of $5m.",
     [("2m", "2m", None), ("$5m", "5m", "USD")]),
    # -- the unit carried to a later bare figure of the same kind
    ("comparison from", "Exports rose to 61.3 billion dlrs from 52.8 billion.",
     [("61.3 billion", "61.3 billion", "USD"), ("52.8 billion", "52.8 billion", "USD")]),
    ("paragraph currency", "Exports were 61.3 billion dlrs in May.\n"
     "Imports were 12.4 billion against 14.9 billion in April, leaving\n"
     "a surplus of 3.1 billion.",
     [("61.3 billion", "61.3 billion", "USD"), ("12.4 billion", "12.4 billion", "USD"),
      ("14.9 billion", "14.9 billion", "USD"), ("3.1 billion", "3.1 billion", "USD")]),
    ("to and from", "Reserves rose to 27 billion euros from 24.45 billion.",
     [("27 billion", "27 billion", "EUR"), ("24.45 billion", "24.45 billion", "EUR")]),
    ("a new paragraph forgets", "Exports were 61.3 billion dlrs.\n\n"
     "The ministry counted 4.2 billion.",
     [("61.3 billion", "61.3 billion", "USD"), ("4.2 billion", "4.2 billion", None)]),
    ("list of counts", "The storm destroyed 120 homes, 45 schools and 12 in the hills.",
     [("120", "120", "homes"), ("45", "45", "schools"), ("12", "12", None)]),
    # -- the counted noun not right after the number
    ("who", "At least 4,200 who were evacuated returned home.",
     [("At least 4,200", "at least 4,200", "people")]),
    ("subject and copula", "Deliveries in 2023 were 1,204,000.",
     [("1,204,000", "1,204,000", "deliveries")]),
    ("the number injured", "The number injured in the blasts exceeds 900.",
     [("exceeds 900", "exceeds 900", "people")]),
    ("table heading", "FLOOD DEATHS BY PROVINCE\n1. Sindh: 799\n2. Punjab: 223\n",
     [("799", "799", "deaths"), ("223", "223", "deaths")]),
    ("table columns", "Province      Deaths   Injured\nSindh            799     1,210\n"
     "Punjab           223       480\n",
     [("799", "799", "deaths"), ("1,210", "1,210", "injured"), ("223", "223", "deaths"),
      ("480", "480", "injured")]),
    # -- words
    ("one-fifth of", "One-fifth of the budget went to schools.",
     [("One-fifth", "one-fifth", None)]),
    ("billions of", "It will cost billions of euros.", [("billions", "billions", "EUR")]),
    ("Millions of", "Millions of people are affected.", [("Millions", "millions", "people")]),
    ("tens of thousands", "Tens of thousands of people marched.",
     [("Tens of thousands", "tens of thousands", "people")]),
    ("hundreds of thousands", "It hit hundreds of thousands of homes.",
     [("hundreds of thousands", "hundreds of thousands", "homes")]),
    ("a third of", "A third of voters stayed home, and two-thirds of the seats went"
     " to the party.", [("A third", "a third", None), ("two-thirds", "two-thirds", None)]),
    ("one in five", "One in five adults smokes.", [("One in five", "one in five", None)]),
    ("one in digits", "The risk is one in 20 for drivers.", [("one in 20", "one in 20", None)]),
    # -- not numbers
    ("7E7", "Boeing's 7E7 will carry 250 passengers.", [("250", "250", "passengers")]),
    ("A350 and 747", "The Airbus A350 competes with the Boeing 747 on 12 routes.",
     [("12", "12", "routes")]),
    ("Windows 95", "PCs running Windows 95 made up 30% of sales.", [("30%", "30%", None)]),
    ("G8", "G8 leaders pledged 50 billion dollars.",
     [("50 billion", "50 billion", "USD")]),
    ("Airbus Three Hundred", "The Airbus Three Hundred seats 400 people.",
     [("400", "400", "people")]),
    ("list indices", "Worst hit:\n1. Sindh, 799 deaths\n2. Punjab, 223 deaths\n",
     [("799", "799", "deaths"), ("223", "223", "deaths")]),
    # -- ranges and shared units
    ("hyphen to range", "Boeing plans a 200- to 300-seat plane.",
     [("200- to 300", "200 to 300", "seat")]),
    ("between and", "Rates rose between 2.5 and 4 points.",
     [("between 2.5 and 4", "between 2.5 and 4", "points")]),
    ("out of", "12 out of 23 government agencies failed.",
     [("12", "12", "agencies"), ("23", "23", "agencies")]),
    # -- the format page's new qualifiers
    ("as much as", "Losses could be as much as $6bn.", [("as much as $6bn", "as much as 6bn",
                                                         "USD")]),
    ("as many as", "As many as 300 people were hurt.", [("As many as 300", "as many as 300",
                                                         "people")]),
    ("just under", "Turnout was just under 40%.", [("just under 40%", "just under 40%", None)]),
    ("just below", "Prices stayed just below 2,000 dollars.",
     [("just below 2,000", "just below 2,000", "USD")]),
    ("slightly less than", "It took slightly less than 3 hours.",
     [("slightly less than 3", "slightly less than 3", "hours")]),
    ("a little less than", "A little less than half of them voted.",
     [("A little less than half", "a little less than half", None)]),
    ("just over", "Just over 1,000 homes lost power.",
     [("Just over 1,000", "just over 1,000", "homes")]),
    ("just above", "Inflation was just above 5 percent.",
     [("just above 5 percent", "just above 5 percent", None)]),
    ("slightly more than", "Slightly more than 60 schools closed.",
     [("Slightly more than 60", "slightly more than 60", "schools")]),
    ("a little more than", "They raised a little more than $2m.",
     [("a little more than $2m", "a little more than 2m", "USD")]),
    ("little more than", "It is little more than 12 km away.",
     [("little more than 12", "little more than 12", "km")]),
    # -- implied units (second session; causes seen on the held-out texts)
    ("collective subject, verb of change", "Total payroll employment rose by 1.4 million"
     " in August.", [("1.4 million", "1.4 million", "jobs")]),
    ("present tense, in brackets", "Payroll employment changes little (+49,000) in May.",
     [("+49,000", "+49,000", "jobs")]),
    ("through the change in", "The change in farm employment for May was revised down by"
     " 12,000.", [("12,000", "12,000", "jobs")]),
    ("from and to after a count", "Hiring was revised down by 12,000 jobs, from 336,000 to"
     " 324,000.", [("12,000", "12,000", "jobs"), ("336,000", "336,000", "jobs"),
                   ("324,000", "324,000", "jobs")]),
    ("subject after a comma", "With these revisions, deliveries in May and June combined"
     " were 159,000.", [("159,000", "159,000", "deliveries")]),
    ("a scaled amount is not counted by a plural subject", "Sales rose by 4.5 billion.",
     [("4.5 billion", "4.5 billion", None)]),
    ("collective subject after and", "The city population will be 12,400 and the county"
     " population will be 85,000.", [("12,400", "12,400", "people"),
                                     ("85,000", "85,000", "people")]),
    ("in brackets after a plural", "More counties had gains (542) than losses (513).",
     [("542", "542", "gains"), ("513", "513", "losses")]),
    ("in brackets before of", "About 60% (1,876) of U.S. counties grew.",
     [("About 60%", "about 60%", None), ("1,876", "1,876", "counties")]),
    ("a bracket after a singular word", "The fund (42) is closed.", [("42", "42", None)]),
    ("suspended hyphen", "It corrects the 5- and 10-year totals.",
     [("5", "5", "year"), ("10", "10", "year")]),
    ("percentage point", "The rate fell by 0.4 percentage point.",
     [("0.4", "0.4", "points")]),
    ("such", "Of 243 such cases, 234 are open.", [("243", "243", "cases"), ("234", "234", None)]),
    ("parts of a report", "The totals are in Summary Table 1 and Figure 3.", []),
]


@pytest.mark.parametrize(("text", "expected"), [(c[1], c[2]) for c in CASES],
                         ids=[c[0] for c in CASES])
def test_wire_copy_mentions(text: str, expected: list[Row]) -> None:
    found = [(m.text, m.written.text, m.unit_word) for m in find_mentions(text)]
    assert found == expected


@pytest.mark.parametrize(("text", "number"), [
    ("One-fifth of the budget", "1/5"),
    ("two-thirds of the seats", "2/3"),
    ("One in five adults", "1/5"),
    ("Millions of people", "2000000"),
])
def test_fraction_and_vague_mentions_have_their_value(text: str, number: str) -> None:
    from fractions import Fraction

    (mention,) = find_mentions(text)
    assert mention.written.number == Fraction(number)


def test_units_draft_singular() -> None:
    assert unit_for("deliveries") == "delivery"
    assert unit_for("agencies") == "agency"


def test_iter_mentions_streams_what_find_mentions_lists() -> None:
    """``iter_mentions`` (coverage's way, not holding the mentions) gives the same
    mentions as ``find_mentions`` on every corpus text, units from context included."""
    from pathlib import Path

    from claimcheck.text.mentions import iter_mentions

    corpus = Path(__file__).parent / "corpus"
    texts = sorted(corpus.rglob("*.txt"))
    assert len(texts) >= 20
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert list(iter_mentions(text)) == find_mentions(text), path.name
