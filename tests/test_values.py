"""The value grammar: every row is worked out by hand from docs/claims-format.md."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest

from claimcheck.errors import ValueGrammarError
from claimcheck.model import Interval, Written
from claimcheck.quantities.values import (
    QUALIFIERS,
    SCALES,
    Tolerance,
    Widths,
    describe_interval,
    format_number,
    intervals,
    number_words,
    parse_tolerance,
    parse_value,
)


def iv(text: str) -> Interval:
    """``"(2800, 2900]"`` -> Interval; ``inf``/``-inf`` are unbounded (None, open)."""
    left, right = text[0], text[-1]
    lo_text, hi_text = (part.strip() for part in text[1:-1].split(","))
    lo = None if lo_text == "-inf" else Fraction(lo_text)
    hi = None if hi_text == "inf" else Fraction(hi_text)
    return Interval(lo, hi, left == "(", right == ")")


DAY = 738160  # datetime.date(2022, 1, 5).toordinal()

# (written, tolerance, hard, reading)
INTERVAL_ROWS: list[tuple[object, object, str, str]] = [
    # bare integers are exact points
    ("243", None, "[243, 243]", "[243, 243]"),
    (243, None, "[243, 243]", "[243, 243]"),
    ("2,800", None, "[2800, 2800]", "[2800, 2800]"),
    ("0", None, "[0, 0]", "[0, 0]"),
    (-3, None, "[-3, -3]", "[-3, -3]"),
    # rounded: decimals, a scale word or %
    ("38.6 billion", None, "[38.55e9, 38.65e9]", "[38.55e9, 38.65e9]"),
    ("830bn", None, "[825e9, 835e9]", "[829.5e9, 830.5e9]"),
    ("11%", None, "[0.105, 0.115]", "[0.105, 0.115]"),
    (38.6, None, "[38.55, 38.65]", "[38.55, 38.65]"),
    (2800.0, None, "[2799.95, 2800.05]", "[2799.95, 2800.05]"),
    ("99.50", None, "[99.495, 99.505]", "[99.495, 99.505]"),
    ("1.8m", None, "[1.75e6, 1.85e6]", "[1.75e6, 1.85e6]"),
    ("24 bn", None, "[23.5e9, 24.5e9]", "[23.5e9, 24.5e9]"),
    ("50k", None, "[45e3, 55e3]", "[49.5e3, 50.5e3]"),
    ("1.5 mn", None, "[1.45e6, 1.55e6]", "[1.45e6, 1.55e6]"),
    ("1.2 mln", None, "[1.15e6, 1.25e6]", "[1.15e6, 1.25e6]"),
    ("3 tn", None, "[2.5e12, 3.5e12]", "[2.5e12, 3.5e12]"),
    ("7b", None, "[6.5e9, 7.5e9]", "[6.5e9, 7.5e9]"),
    ("4 bln", None, "[3.5e9, 4.5e9]", "[3.5e9, 4.5e9]"),
    ("2 thousand", None, "[1500, 2500]", "[1500, 2500]"),
    ("0.0", None, "[0, 0.05]", "[0, 0.05]"),  # clipped at 0: unsigned
    ("0.3", None, "[0.25, 0.35]", "[0.25, 0.35]"),
    ("38.6 per cent", None, "[0.3855, 0.3865]", "[0.3855, 0.3865]"),
    ("11 percent", None, "[0.105, 0.115]", "[0.105, 0.115]"),
    ("3.2 pct", None, "[0.0315, 0.0325]", "[0.0315, 0.0325]"),
    # signs
    ("-470m", None, "[-475e6, -465e6]", "[-470.5e6, -469.5e6]"),
    ("+3%", None, "[0.025, 0.035]", "[0.025, 0.035]"),
    ("\u22122.5", None, "[-2.55, -2.45]", "[-2.55, -2.45]"),
    # more than
    ("more than 2,800", None, "(2800, inf)", "(2800, 2900]"),
    ("more than 1,500", None, "(1500, inf)", "(1500, 1600]"),
    ("over 800", None, "(800, inf)", "(800, 900]"),
    ("above 24", None, "(24, inf)", "(24, 25]"),
    ("exceeds 1,630", None, "(1630, inf)", "(1630, 1640]"),
    ("in excess of 1,000", None, "(1000, inf)", "(1000, 2000]"),
    ("upwards of 5", None, "(5, inf)", "(5, 6]"),
    ("> 100", None, "(100, inf)", "(100, 200]"),
    ("more than 24 billion", None, "(24e9, inf)", "(24e9, 25e9]"),
    ("MORE THAN 2,800", None, "(2800, inf)", "(2800, 2900]"),
    ("more than 11%", None, "(0.11, inf)", "(0.11, 0.12]"),
    ("more than a dozen", None, "(12, inf)", "(12, 24]"),
    # at least
    ("at least 12", None, "[12, inf)", "[12, 13]"),
    ("no fewer than 300", None, "[300, inf)", "[300, 400]"),
    ("no less than 4.5", None, "[4.5, inf)", "[4.5, 4.6]"),
    ("not less than 70", None, "[70, inf)", "[70, 80]"),
    ("not fewer than 9", None, "[9, inf)", "[9, 10]"),
    (">=7", None, "[7, inf)", "[7, 8]"),
    ("\u2265 7", None, "[7, inf)", "[7, 8]"),
    # less than
    ("less than 1,500", None, "[0, 1500)", "[1400, 1500)"),
    ("under 100", None, "[0, 100)", "[0, 100)"),
    ("below 5%", None, "[0, 0.05)", "[0.04, 0.05)"),
    ("fewer than 20", None, "[0, 20)", "[10, 20)"),
    ("<7", None, "[0, 7)", "[6, 7)"),
    ("under 0.5", None, "[0, 0.5)", "[0.4, 0.5)"),
    ("less than -5", None, "(-inf, -5)", "[-6, -5)"),
    # at most
    ("at most 46", None, "[0, 46]", "[45, 46]"),
    ("up to 3,500", None, "[0, 3500]", "[3400, 3500]"),
    ("no more than 9", None, "[0, 9]", "[8, 9]"),
    ("not more than 2.5", None, "[0, 2.5]", "[2.4, 2.5]"),
    ("<= 7", None, "[0, 7]", "[6, 7]"),
    ("\u22647", None, "[0, 7]", "[6, 7]"),
    ("at most +10", None, "(-inf, 10]", "[0, 10]"),
    ("at most 0", None, "[0, 0]", "[0, 0]"),
    # the at-most row's new spellings (the format page)
    ("as much as 6bn", None, "[0, 6e9]", "[5e9, 6e9]"),
    ("as many as 300", None, "[0, 300]", "[200, 300]"),
    # nearly, and its row's new spellings
    ("just under 40", None, "[36, 40)", "[38, 40)"),
    ("just below 200", None, "[180, 200)", "[190, 200)"),
    ("slightly less than 2.5 million", None, "[2.25e6, 2.5e6)", "[2.375e6, 2.5e6)"),
    ("a little less than 1,000", None, "[900, 1000)", "[950, 1000)"),
    # just over: the mirror of nearly, (X, X + 10%] / (X, X + 5%]
    ("just over 40", None, "(40, 44]", "(40, 42]"),
    ("just above 200", None, "(200, 220]", "(200, 210]"),
    ("slightly more than 2.5 million", None, "(2.5e6, 2.75e6]", "(2.5e6, 2.625e6]"),
    ("a little more than 1,000", None, "(1000, 1100]", "(1000, 1050]"),
    ("little more than 12%", None, "(0.12, 0.132]", "(0.12, 0.126]"),
    ("just over -5", None, "(-5, -4.5]", "(-5, -4.75]"),
    ("nearly 3,070", None, "[2763, 3070)", "[2916.5, 3070)"),
    ("almost 200", None, "[180, 200)", "[190, 200)"),
    ("nearly -100", None, "(-100, -90]", "(-100, -95]"),
    ("nearly two million", None, "[1.8e6, 2e6)", "[1.9e6, 2e6)"),
    # about-family: 10% / 5%, at least step/2 / digit/2
    ("about 2,000", None, "[1500, 2500]", "[1900, 2100]"),
    ("around 230", None, "[207, 253]", "[218.5, 241.5]"),
    ("approximately 38.6 billion", None, "[34.74e9, 42.46e9]", "[36.67e9, 40.53e9]"),
    ("roughly 17", None, "[15.3, 18.7]", "[16.15, 17.85]"),
    ("some 766", None, "[689.4, 842.6]", "[727.7, 804.3]"),
    ("an estimated 50,000", None, "[45000, 55000]", "[47500, 52500]"),
    ("estimated 137", None, "[123.3, 150.7]", "[130.15, 143.85]"),
    ("approx. 40", None, "[35, 45]", "[38, 42]"),
    ("approx 40", None, "[35, 45]", "[38, 42]"),
    ("circa 1,630", None, "[1467, 1793]", "[1548.5, 1711.5]"),
    ("~5", None, "[4.5, 5.5]", "[4.5, 5.5]"),
    ("\u2248 5", None, "[4.5, 5.5]", "[4.5, 5.5]"),
    ("about 0.3", None, "[0.25, 0.35]", "[0.25, 0.35]"),
    ("about 0", None, "[0, 0.5]", "[0, 0.5]"),
    ("about -470m", None, "[-517e6, -423e6]", "[-493.5e6, -446.5e6]"),
    ("about a hundred", None, "[50, 150]", "[95, 105]"),
    # ranges: rounded ends widen, bare integer ends are exact
    ("10 to 20", None, "[10, 20]", "[10, 20]"),
    ("10\u201320", None, "[10, 20]", "[10, 20]"),
    ("10-20", None, "[10, 20]", "[10, 20]"),
    ("10 \u2014 20", None, "[10, 20]", "[10, 20]"),
    ("between 200 and 300", None, "[200, 300]", "[200, 300]"),
    ("between 1.5 and 2 million", None, "[1.45e6, 2.5e6]", "[1.45e6, 2.5e6]"),
    ("5% to 7.5%", None, "[0.045, 0.0755]", "[0.045, 0.0755]"),
    ("5-10%", None, "[0.045, 0.15]", "[0.045, 0.105]"),
    ("1,500 to 2,000", None, "[1500, 2000]", "[1500, 2000]"),
    ("-5 to 5", None, "[-5, 5]", "[-5, 5]"),
    ("between -5 and -3", None, "[-5, -3]", "[-5, -3]"),
    ("between 2.5 and 3", None, "[2.45, 3]", "[2.45, 3]"),
    ("900 million to 1.2 billion", None, "[850e6, 1.25e9]", "[899.5e6, 1.25e9]"),
    ("1.5m-2m", None, "[1.45e6, 2.5e6]", "[1.45e6, 2.5e6]"),
    ("two to three million", None, "[1.5e6, 3.5e6]", "[1.5e6, 3.5e6]"),
    ("between three and a half and five", None, "[3.25, 5]", "[3.25, 5]"),
    ("between three and four", None, "[3, 4]", "[3, 4]"),
    ("0.5 to 1.5", None, "[0.45, 1.55]", "[0.45, 1.55]"),
    # vague plurals
    ("dozens", None, "[24, inf)", "[24, 100)"),
    ("hundreds", None, "[200, inf)", "[200, 1000)"),
    ("Thousands", None, "[2000, inf)", "[2000, 10000)"),
    ("tens of thousands", None, "[20000, inf)", "[20000, 100000)"),
    ("Hundreds of thousands", None, "[200000, inf)", "[200000, 1000000)"),
    ("millions", None, "[2e6, inf)", "[2e6, 10e6)"),
    ("billions", None, "[2e9, inf)", "[2e9, 10e9)"),
    # number words: exact counts; halves rounded to the half; scale words round
    ("nine", None, "[9, 9]", "[9, 9]"),
    ("zero", None, "[0, 0]", "[0, 0]"),
    ("twenty-one", None, "[21, 21]", "[21, 21]"),
    ("twenty one", None, "[21, 21]", "[21, 21]"),
    ("Ninety-Nine", None, "[99, 99]", "[99, 99]"),
    ("a dozen", None, "[12, 12]", "[12, 12]"),
    ("two dozen", None, "[24, 24]", "[24, 24]"),
    ("half a dozen", None, "[6, 6]", "[6, 6]"),
    ("a hundred", None, "[100, 100]", "[100, 100]"),
    ("twenty-five hundred", None, "[2500, 2500]", "[2500, 2500]"),
    ("three and a half", None, "[3.25, 3.75]", "[3.25, 3.75]"),
    # fractions (the format page): exact, like number words; "one in N" is 1/N
    ("half", None, "[0.5, 0.5]", "[0.5, 0.5]"),
    ("a half", None, "[0.5, 0.5]", "[0.5, 0.5]"),
    ("one half", None, "[0.5, 0.5]", "[0.5, 0.5]"),
    ("a third", None, "[1/3, 1/3]", "[1/3, 1/3]"),
    ("two thirds", None, "[2/3, 2/3]", "[2/3, 2/3]"),
    ("two-thirds", None, "[2/3, 2/3]", "[2/3, 2/3]"),
    ("a quarter", None, "[0.25, 0.25]", "[0.25, 0.25]"),
    ("three quarters", None, "[0.75, 0.75]", "[0.75, 0.75]"),
    ("a fifth", None, "[0.2, 0.2]", "[0.2, 0.2]"),
    ("one-fifth", None, "[0.2, 0.2]", "[0.2, 0.2]"),
    ("three-fifths", None, "[0.6, 0.6]", "[0.6, 0.6]"),
    ("a tenth", None, "[0.1, 0.1]", "[0.1, 0.1]"),
    ("one-twelfth", None, "[1/12, 1/12]", "[1/12, 1/12]"),
    ("one in five", None, "[0.2, 0.2]", "[0.2, 0.2]"),
    ("one in 20", None, "[0.05, 0.05]", "[0.05, 0.05]"),
    ("about a third", None, "[0.3, 11/30]", "[19/60, 7/20]"),  # 1/3 +- 10% / 5%
    ("more than half", None, "(0.5, inf)", "(0.5, 1]"),  # reading: up to one part more
    ("nearly half", None, "[0.45, 0.5)", "[0.475, 0.5)"),
    ("a third to a half", None, "[1/3, 0.5]", "[1/3, 0.5]"),
    ("two million", None, "[1.5e6, 2.5e6]", "[1.5e6, 2.5e6]"),
    ("half a million", None, "[250e3, 750e3]", "[250e3, 750e3]"),
    ("a hundred thousand", None, "[50e3, 150e3]", "[99.5e3, 100.5e3]"),
    ("five percent", None, "[0.045, 0.055]", "[0.045, 0.055]"),
    # dates are points, in days
    (datetime.date(2022, 1, 5), None, f"[{DAY}, {DAY}]", f"[{DAY}, {DAY}]"),
    ("2022-01-05", None, f"[{DAY}, {DAY}]", f"[{DAY}, {DAY}]"),
    # tolerance widens both, keeps open bounds open, and unsigned values stay >= 0
    ("243", "5%", "[230.85, 255.15]", "[230.85, 255.15]"),
    ("more than 2,800", "5%", "(2660, inf)", "(2660, 3040]"),
    ("less than 100", "10", "[0, 110)", "[0, 110)"),
    ("10 to 20", "10%", "[9, 22]", "[9, 22]"),
    ("1.8m", "0.1m", "[1.65e6, 1.95e6]", "[1.65e6, 1.95e6]"),
    ("nearly 200", 5, "[175, 205)", "[185, 205)"),
    ("-470m", "10%", "[-522e6, -418e6]", "[-517.5e6, -422.5e6]"),
    ("0.3", "1", "[0, 1.35]", "[0, 1.35]"),
    ("dozens", "10%", "[21.6, inf)", "[21.6, 102.4)"),
    ("about 2,000", 0.5, "[1499.5, 2500.5]", "[1899.5, 2100.5]"),
    (datetime.date(2022, 1, 5), 3, f"[{DAY - 3}, {DAY + 3}]", f"[{DAY - 3}, {DAY + 3}]"),
]


@pytest.mark.parametrize(("written", "tolerance", "hard", "reading"), INTERVAL_ROWS)
def test_intervals(written: object, tolerance: object, hard: str, reading: str) -> None:
    tol = None if tolerance is None else parse_tolerance(tolerance)  # type: ignore[arg-type]
    got = intervals(parse_value(written), tol)  # type: ignore[arg-type]
    assert got == (iv(hard), iv(reading))


def _within(inner: Interval, outer: Interval) -> bool:
    """``inner`` is a subset of ``outer``, open and closed ends included."""
    lo_ok = outer.lo is None or (inner.lo is not None and (
        inner.lo > outer.lo or (inner.lo == outer.lo and (inner.lo_open or not outer.lo_open))))
    hi_ok = outer.hi is None or (inner.hi is not None and (
        inner.hi < outer.hi or (inner.hi == outer.hi and (inner.hi_open or not outer.hi_open))))
    return lo_ok and hi_ok


@pytest.mark.parametrize(("written", "tolerance", "hard", "reading"), INTERVAL_ROWS)
def test_reading_lies_inside_hard(written: object, tolerance: object, hard: str,
                                  reading: str) -> None:
    # A reading outside the hard interval would make "tension" stricter than "fail".
    assert _within(iv(reading), iv(hard))
    assert not iv(reading).is_empty()


# (written, step, digit): the format page's examples first
PLACE_ROWS: list[tuple[object, str, str]] = [
    ("2,800", "100", "1"),
    ("1,630", "10", "1"),
    ("24", "1", "1"),
    ("38.6", "0.1", "0.1"),
    ("99.50", "0.01", "0.01"),
    ("830", "10", "1"),
    ("100", "100", "1"),
    ("830bn", "10e9", "1e9"),
    ("38.6 billion", "0.1e9", "0.1e9"),
    ("11%", "0.01", "0.01"),
    ("2.5%", "0.001", "0.001"),
    ("1.8m", "1e5", "1e5"),
    ("1,000,000", "1e6", "1"),
    ("0", "1", "1"),
    ("0.0", "0.1", "0.1"),
    ("100.0", "0.1", "0.1"),
    (38.6, "0.1", "0.1"),
    (2800, "100", "1"),
    (2800.0, "0.1", "0.1"),
    ("twenty", "10", "1"),
    ("a hundred", "100", "1"),
    ("a dozen", "12", "1"),
    ("three and a half", "0.5", "0.5"),
    ("more than 2,800", "100", "1"),
    ("between 1.5 and 2 million", "1e5", "1e5"),  # the low end's
    ("dozens", "12", "12"),
    ("two thirds", "1/3", "1/3"),  # a fraction counts in its parts
    ("one in five", "1/5", "1/5"),
    ("millions", "1e6", "1e6"),
    ("tens of thousands", "1e4", "1e4"),
]


@pytest.mark.parametrize(("written", "step", "digit"), PLACE_ROWS)
def test_step_and_digit(written: object, step: str, digit: str) -> None:
    value = parse_value(written)  # type: ignore[arg-type]
    assert (value.step, value.digit) == (Fraction(step), Fraction(digit))


WRITTEN_ROWS: list[tuple[object, Written]] = [
    ("more than 2,800", Written("more than 2,800", Fraction(2800), "more_than",
                                step=Fraction(100))),
    ("38.6 billion", Written("38.6 billion", Fraction(38_600_000_000), scale="billion",
                             step=Fraction(10**8), digit=Fraction(10**8))),
    ("11%", Written("11%", Fraction(11, 100), percent=True, step=Fraction(1, 100),
                    digit=Fraction(1, 100))),
    ("-470m", Written("-470m", Fraction(-470_000_000), scale="million", signed=True,
                      step=Fraction(10**7), digit=Fraction(10**6))),
    ("5-10%", Written("5-10%", Fraction(5, 100), "range", high=Fraction(10, 100),
                      percent=True, step=Fraction(1, 100), digit=Fraction(1, 100))),
    (" between 1.5 and 2 bn ", Written("between 1.5 and 2 bn", Fraction(1_500_000_000),
                                       "range", high=Fraction(2_000_000_000),
                                       scale="billion", step=Fraction(10**8),
                                       digit=Fraction(10**8))),
    (38.6, Written("38.6", Fraction(386, 10), step=Fraction(1, 10), digit=Fraction(1, 10))),
    (-3, Written("-3", Fraction(-3), signed=True)),
    ("dozens", Written("dozens", Fraction(24), "vague", step=Fraction(12),
                       digit=Fraction(12))),
    (datetime.date(2022, 1, 5), Written("2022-01-05", Fraction(DAY), is_date=True)),
]


@pytest.mark.parametrize(("raw", "expected"), WRITTEN_ROWS)
def test_written_fields(raw: object, expected: Written) -> None:
    assert parse_value(raw) == expected  # type: ignore[arg-type]


PAGE_QUALIFIERS = [
    ("about", "about"), ("around", "about"), ("approximately", "about"),
    ("roughly", "about"), ("some", "about"), ("an estimated", "about"),
    ("estimated", "about"),
    ("more than", "more_than"), ("over", "more_than"), ("above", "more_than"),
    ("exceeds", "more_than"),
    ("at least", "at_least"), ("no fewer than", "at_least"), ("no less than", "at_least"),
    ("less than", "less_than"), ("under", "less_than"), ("below", "less_than"),
    ("fewer than", "less_than"),
    ("at most", "at_most"), ("up to", "at_most"), ("no more than", "at_most"),
    ("nearly", "nearly"), ("almost", "nearly"),
    ("between", "range"),
]


@pytest.mark.parametrize(("phrase", "canonical"), PAGE_QUALIFIERS)
def test_every_qualifier_on_the_page_is_known(phrase: str, canonical: str) -> None:
    assert QUALIFIERS[phrase] == canonical


@pytest.mark.parametrize("phrase", sorted(set(QUALIFIERS) - {"between"}))
def test_every_qualifier_phrase_parses(phrase: str) -> None:
    assert parse_value(f"{phrase} 5").qualifier == QUALIFIERS[phrase]


@pytest.mark.parametrize(("spelling", "word", "power"), [
    ("thousand", "thousand", 3), ("k", "thousand", 3),
    ("million", "million", 6), ("mn", "million", 6), ("m", "million", 6),
    ("billion", "billion", 9), ("bn", "billion", 9), ("b", "billion", 9),
    ("trillion", "trillion", 12), ("tn", "trillion", 12),
])
def test_scale_spellings(spelling: str, word: str, power: int) -> None:
    assert SCALES[spelling] == (word, power)
    for text in (f"3{spelling}", f"3 {spelling}", f"3 {spelling.upper()}"):
        value = parse_value(text)
        assert (value.number, value.scale) == (3 * 10**power, word)


def test_number_words_cover_the_page() -> None:
    words = number_words()
    assert (words["one"], words["nine"], words["ninety-nine"], words["twenty one"]) == (
        1, 9, 99, 21)
    assert (words["a dozen"], words["a hundred"]) == (12, 100)
    assert len({value for value in words.values() if value < 100}) == 100


REJECTED: list[object] = [
    True,
    False,
    float("inf"),
    float("-inf"),
    float("nan"),
    None,
    [1],
    "",
    "   ",
    "2 800",
    "3,5",
    "1,2345",
    "12,34,567",
    "abc",
    "inf",
    "2,800 weapons",
    "$470m",
    "more than",
    "about",
    ".5",
    "05",
    "- 5",
    "-about 5",
    "-three",
    "1.2.3",
    "5%%",
    "5% million",
    "over5",
    "20 to 10",
    "about 5 to 10",
    "5% to 10",
    "5 million to 10",
    "between 5",
    "between 5 and",
    "less than 0",
    "under 0%",
    "nearly 0",
    "about dozens",
    "trillions",
    "about millions",
    "two third",
    "a thirds",
    "one in zero",
    "about 2022-03-14",
    "2022-02-30",
    "a",
    "half a",
    "dozen",
    "twenty-one hundred and five",
    "one hundred twenty",
    datetime.datetime(2022, 1, 5, 10, 30),
    datetime.time(10, 30),
]


@pytest.mark.parametrize("raw", REJECTED)
def test_rejected_values_quote_the_input(raw: object) -> None:
    with pytest.raises(ValueGrammarError) as caught:
        parse_value(raw)  # type: ignore[arg-type]
    assert f'"{raw}"' in caught.value.message
    assert caught.value.hint
    assert caught.value.file is None and caught.value.line is None


@pytest.mark.parametrize(("raw", "reason"), [
    ("2 800", "spaces do not separate thousands"),
    ("3,5", 'misplaced ","'),
    ("2,800 weapons", 'unexpected "weapons"'),
    ("about 5 to 10", "a range cannot take a qualifier"),
    ("20 to 10", "low end of the range is above the high end"),
    (True, "true and false are not numbers"),
])
def test_rejection_says_why(raw: object, reason: str) -> None:
    with pytest.raises(ValueGrammarError, match=reason):
        parse_value(raw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("raw", "expected"), [
    ("5%", Tolerance(Fraction(5), True)),
    ("5 %", Tolerance(Fraction(5), True)),
    ("0.5 per cent", Tolerance(Fraction(1, 2), True)),
    ("100", Tolerance(Fraction(100), False)),
    ("1,000", Tolerance(Fraction(1000), False)),
    ("1.5m", Tolerance(Fraction(1_500_000), False)),
    (3, Tolerance(Fraction(3), False)),
    (0.25, Tolerance(Fraction(1, 4), False)),
    ("0", Tolerance(Fraction(0), False)),
])
def test_parse_tolerance(raw: object, expected: Tolerance) -> None:
    assert parse_tolerance(raw) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", [
    "-5%", "+5", "about 5", "5 to 10", "abc", "", "3,5", True, float("nan"),
    datetime.date(2022, 1, 5), None,
])
def test_rejected_tolerances_quote_the_input(raw: object) -> None:
    with pytest.raises(ValueGrammarError) as caught:
        parse_tolerance(raw)  # type: ignore[arg-type]
    assert f'"{raw}"' in caught.value.message


def test_tolerance_absolute_amount() -> None:
    assert Tolerance(Fraction(5), True).absolute(Fraction(-200)) == 10
    assert Tolerance(Fraction(7), False).absolute(Fraction(-200)) == 7


def test_percent_tolerance_on_a_date_is_rejected() -> None:
    with pytest.raises(ValueGrammarError, match="percentage tolerance"):
        intervals(parse_value(datetime.date(2022, 1, 5)), parse_tolerance("5%"))


def test_widths_can_be_changed() -> None:
    wide = Widths(about_hard=Fraction(1, 5), about_reading=Fraction(1, 10),
                  nearly_hard=Fraction(1, 5), nearly_reading=Fraction(1, 10))
    # about 1,630: 20% = 326 (> step/2 = 5), 10% = 163; nearly 200: 40 and 20
    assert intervals(parse_value("about 1,630"), widths=wide) == (
        iv("[1304, 1956]"), iv("[1467, 1793]"))
    assert intervals(parse_value("nearly 200"), widths=wide) == (
        iv("[160, 200)"), iv("[180, 200)"))


def test_hand_built_range_falls_back_to_low_end_places() -> None:
    # The text does not give the numbers, so both ends take the low end's step 1/10.
    written = Written("custom", Fraction(1), "range", high=Fraction(2),
                      step=Fraction(1, 10), digit=Fraction(1, 10))
    assert intervals(written) == (iv("[0.95, 2.05]"), iv("[0.95, 2.05]"))


@pytest.mark.parametrize(("interval", "scale", "percent", "expected"), [
    (iv("(2800, 2900]"), None, False, "(2,800, 2,900]"),
    (iv("[38.55e9, 38.65e9]"), "billion", False, "[38.55, 38.65] billion"),
    (iv("[38.55e9, 38.65e9]"), "bn", False, "[38.55, 38.65] billion"),
    (iv("[0, 1500)"), None, False, "[0, 1,500)"),
    (iv("(1500, inf)"), None, False, "(1,500, ∞)"),
    (iv("(-inf, -5)"), None, False, "(-∞, -5)"),
    (iv("[243, 243]"), None, False, "[243]"),
    (iv("[830e9, 830e9]"), "bn", False, "[830] billion"),
    (iv("[5, 5)"), None, False, "[5, 5)"),
    (iv("[-475e6, -465e6]"), "m", False, "[-475, -465] million"),
    (iv("[1234567.5, 1234567.25]"), None, False, "[1,234,567.5, 1,234,567.25]"),
    (iv("[1/3, 2/3]"), None, False, "[0.333333, 0.666667]"),
    (iv("[10/3, 1/3000]"), None, False, "[3.33333, 0.000333333]"),
    (iv("[4000000/3, 5e6]"), None, False, "[1,333,333, 5,000,000]"),
    (iv("[0.105, 0.115]"), None, True, "[10.5%, 11.5%]"),
    (iv("[2.50, 3.0]"), None, False, "[2.5, 3]"),
])
def test_describe_interval(interval: Interval, scale: str | None, percent: bool,
                           expected: str) -> None:
    assert describe_interval(interval, scale, percent=percent) == expected


@pytest.mark.parametrize(("number", "expected"), [
    (Fraction(2800), "2,800"),
    (Fraction(-470), "-470"),
    (Fraction("38.55"), "38.55"),
    (Fraction("99.50"), "99.5"),
    (Fraction(0), "0"),
    (Fraction(1, 1024), "0.0009765625"),
    (Fraction(2, 3), "0.666667"),
])
def test_format_number(number: Fraction, expected: str) -> None:
    assert format_number(number) == expected
