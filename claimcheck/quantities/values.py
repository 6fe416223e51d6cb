"""The value grammar: how a claim's ``value`` is read, and the two intervals it stands for.

Writing a value
===============

A value is a TOML number, a TOML date, or a string::

    [qualifier] number [scale] [%]
    number - number        number to number        between number and number

Numbers
    ``243``, ``2,800``, ``38.6``, ``99.50``, ``-470``, ``+3``. ``,`` groups thousands in
    threes (``2 800`` and ``3,5`` are rejected), ``.`` is the decimal point, and a leading
    ``-`` or ``+`` is a sign written right before the digits. Write ``0.5``, not ``.5``;
    leading zeros (``05``) are rejected as likely typos.
Number words
    ``zero`` to ``ninety-nine`` (``twenty-one`` or ``twenty one``), ``a``/``one`` or any of
    those before ``dozen`` or ``hundred`` (``a dozen``, ``two dozen``, ``a hundred``,
    ``twenty-five hundred``), halves (``half``, ``a half``, ``half a dozen``,
    ``three and a half``), and a full scale word after any of them (``two million``,
    ``half a million``). Short scale forms (``m``, ``bn``) follow digits only.
Scale words
    ``thousand`` (``k``), ``million`` (``mn``, ``mln``, ``m``), ``billion`` (``bn``, ``bln``,
    ``b``), ``trillion`` (``tn``, ``trn``), with or without a space: ``1.8m``, ``24 bn``.
Percent
    ``%``; ``percent``, ``per cent`` and ``pct`` are read as ``%``.
Qualifiers (see ``QUALIFIERS`` for every spelling)
    about-family: ``about``, ``around``, ``approximately``, ``approx.``, ``roughly``,
    ``some``, ``an estimated``, ``estimated``, ``circa``, ``~``;
    more than: ``more than``, ``over``, ``above``, ``exceeds``, ``in excess of``,
    ``upwards of``, ``>``;  at least: ``at least``, ``no fewer than``, ``no less than``,
    ``not less than``, ``not fewer than``, ``>=``, ``≥``;  less than: ``less than``,
    ``under``, ``below``, ``fewer than``, ``<``;  at most: ``at most``, ``up to``,
    ``no more than``, ``not more than``, ``as much as``, ``as many as``, ``<=``, ``≤``;
    nearly: ``nearly``, ``almost``, ``just under``, ``just below``, ``slightly less
    than``, ``a little less than``;  just over: ``just over``, ``just above``,
    ``slightly more than``, ``a little more than``, ``little more than``.
Fractions
    ``half`` (``a half``, ``one half``), ``a third``, ``two thirds``, ``a quarter``,
    ``three quarters``, ``a fifth`` to ``a twelfth``, hyphenated or not (``one-fifth``,
    ``three-fifths``), and ``one in N`` (``one in five`` is 1/5). Exact, like a number
    word; step and digit are one part (1/3 for ``two thirds``), and ``about`` a
    fraction is 10% / 5% of it (no half step). ``three and a half`` and ``half a
    million`` are number words, rounded to the half and by the scale as before.
Ranges
    ``10 to 20``, ``10-20`` (a hyphen or an en dash), ``between 1.5 and 2 million``.
    A scale word or ``%`` written after the second number only applies to both
    (``5-10%``); written after the first it must be written after the second too. The
    low end must not exceed the high end. A range takes no other qualifier.
Vague plurals
    ``dozens``, ``hundreds``, ``thousands``, ``tens of thousands``, ``hundreds of
    thousands``, ``millions``, ``billions``, alone.
Dates
    A TOML date, or a string ``YYYY-MM-DD``. A date with a time, or a time
    alone, is rejected.

Case does not matter, and non-breaking spaces, en and em dashes and the minus sign (U+2212)
are understood. A TOML integer reads like a bare integer; a TOML float like its shortest
decimal form (``38.6``, ``2800.0``), so it always has decimals. Write a string to keep
trailing zeros (``"99.50"``).

Place values
============

``step`` is the place value of the last significant digit (trailing zeros of the integer
part are not significant, zeros after the point are): 2,800 → 100; 1,630 → 10; 24 → 1;
38.6 → 0.1; 99.50 → 0.01; 100 → 100. ``digit`` is the place value of the last written
digit: 2,800 → 1; 99.50 → 0.01. Both are scaled by the scale word and by ``%``
(``830bn``: step 10 billion, digit 1 billion; ``11%``: step and digit 1/100).
``0`` has step and digit 1. A number word has the place values of the numeral it names
(``twenty`` → 10 and 1; ``a hundred`` → 100 and 1); ``dozen`` makes the step 12
(``more than a dozen`` is read as 13 to 24); a half makes step and digit 1/2.
For a range, ``Written.step``/``digit`` are the low end's; ``intervals`` works out the
high end's from the text.

Intervals
=========

``intervals`` gives (hard, reading), as in the table of docs/claims-format.md:

=================================  ===========================  ==========================
written                            hard                         reading
=================================  ===========================  ==========================
bare integer or number word        [X, X]                       [X, X]
rounded (decimals, scale, %, ½)    [X - step/2, X + step/2]     [X - digit/2, X + digit/2]
about X                            X ± max(10% of X, step/2)    X ± max(5% of X, digit/2)
more than X                        (X, ∞)                       (X, X + step]
at least X                         [X, ∞)                       [X, X + step]
less than X                        [0, X)                       [X - step, X)
at most X                          [0, X]                       [X - step, X]
nearly X                           [X - 10% of X, X)            [X - 5% of X, X)
just over X                        (X, X + 10% of X]            (X, X + 5% of X]
X to Y                             [X, Y], rounded ends ± step/2  rounded ends ± digit/2
dozens / hundreds / thousands      [24 / 200 / 2000, ∞)         [24, 100) / [200, 1000) /
                                                                [2000, 10000)
tens / hundreds of thousands       [20000 / 200000, ∞)          [20000, 100000) /
                                                                [200000, 1000000)
millions / billions                [2 / 2000 million, ∞)        [2, 10) million /
                                                                [2, 10) billion
date                               [D, D]                       [D, D]
=================================  ===========================  ==========================

Choices where the format page is silent:

- Values are non-negative unless written with a sign: for an unsigned value any lower
  bound below 0 (from rounding, ``about`` or a tolerance) becomes a closed 0. For a signed
  value ``less than`` and ``at most`` have no lower bound. ``less than 0`` and
  ``nearly 0`` are rejected: nothing fits them.
- ``just over`` widens by the ``nearly`` widths (``[values] nearly``, ``nearly_reading``),
  the other way: the same "slightly", from above.
- ``nearly`` approaches from the zero side: ``nearly -100`` is hard (-100, -90].
  The other qualifiers follow the number line (``more than -5`` is (-5, ∞)).
- Number words are exact counts (``nine`` is [9, 9]); halves are rounded to the half
  (``three and a half`` is [3.25, 3.75]); a scale word or ``%`` makes a word rounded.
- A tolerance ``"5%"`` widens each finite bound by 5% of the stated value (for a range,
  of the end it widens); a number widens by that much in the claim's unit; a date takes
  only a number (of days). Widening leaves open bounds open.
- An unbounded side is ``None`` and open.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from claimcheck.errors import ValueGrammarError
from claimcheck.model import Interval, Written

__all__ = [
    "DEFAULT_WIDTHS",
    "DENOMINATORS",
    "MAX_DIGITS",
    "QUALIFIERS",
    "SCALES",
    "VAGUE_PLURALS",
    "Tolerance",
    "Widths",
    "decimal_text",
    "describe_interval",
    "format_number",
    "intervals",
    "number_words",
    "parse_tolerance",
    "parse_value",
]

QUALIFIERS: dict[str, str] = {
    **dict.fromkeys(
        ["about", "around", "approximately", "approx.", "approx", "roughly", "some",
         "an estimated", "estimated", "circa", "~", "≈"],
        "about",
    ),
    **dict.fromkeys(
        ["more than", "over", "above", "exceeds", "in excess of", "upwards of", ">"],
        "more_than",
    ),
    **dict.fromkeys(
        ["at least", "no fewer than", "no less than", "not less than", "not fewer than",
         ">=", "≥"],
        "at_least",
    ),
    **dict.fromkeys(["less than", "under", "below", "fewer than", "<"], "less_than"),
    **dict.fromkeys(
        ["at most", "up to", "no more than", "not more than", "as much as", "as many as",
         "<=", "≤"], "at_most"
    ),
    **dict.fromkeys(["nearly", "almost", "just under", "just below", "slightly less than",
                     "a little less than"], "nearly"),
    **dict.fromkeys(["just over", "just above", "slightly more than", "a little more than",
                     "little more than"], "just_over"),
    "between": "range",
}

# Longest first, so that "more than" wins over "more"; no phrase starts with a digit.
_QUALIFIER_PHRASES = sorted(QUALIFIERS, key=len, reverse=True)
_NO_QUALIFIER_STARTS = frozenset("0123456789+-")

SCALES: dict[str, tuple[str, int]] = {
    **dict.fromkeys(["thousand", "k"], ("thousand", 3)),
    **dict.fromkeys(["million", "mn", "mln", "m"], ("million", 6)),
    **dict.fromkeys(["billion", "bn", "bln", "b"], ("billion", 9)),
    **dict.fromkeys(["trillion", "tn", "trn"], ("trillion", 12)),
}

# word -> (the least it allows, where its reading ends, its unit): the page's table.
VAGUE_PLURALS: dict[str, tuple[int, int, int]] = {
    "dozens": (24, 100, 12),
    "hundreds": (200, 1000, 100),
    "thousands": (2000, 10000, 1000),
    "tens of thousands": (20_000, 100_000, 10_000),
    "hundreds of thousands": (200_000, 1_000_000, 100_000),
    "millions": (2_000_000, 10_000_000, 1_000_000),
    "billions": (2_000_000_000, 10_000_000_000, 1_000_000_000),
}

# Fractions: the denominator words, singular and plural ("a third", "two thirds").
DENOMINATORS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10, "eleventh": 11, "elevenths": 11, "twelfth": 12,
    "twelfths": 12, "twentieth": 20, "twentieths": 20, "hundredth": 100,
    "hundredths": 100,
}

_UNIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
               "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
               "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_MULTIPLIERS = {"dozen": 12, "hundred": 100}
_FULL_SCALE_WORDS = {"thousand", "million", "billion", "trillion"}

_VALUE_HINT = (
    'write a number such as "243", "2,800", "38.6 billion", "830bn" or "11%", optionally '
    'after a qualifier ("more than 2,800", "about 50,000"), or a range ("10 to 20", '
    '"between 1.5 and 2 million")'
)
_TOLERANCE_HINT = (
    'write a percentage such as "5%", or a number in the claim\'s unit such as "100"'
)
_SCALE_HINT = (
    "after a number only a scale word (thousand/k, million/mn/m, billion/bn/b, "
    "trillion/tn) or % may follow; a unit belongs in the claim's `unit` key"
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A range of two dates: "2022-03-14 to 2022-03-20", "2022-03-14 (en dash) 2022-03-20",
# "between 2022-03-14 and 2022-03-20" (a hyphen would be lost among the dates' own).
_DATE_RANGE = re.compile(r"(?:between\s+)?(\d{4}-\d{2}-\d{2})"
                         r"(?:\s+to\s+|\s*\u2013\s*|\s+and\s+)(\d{4}-\d{2}-\d{2})")
_NUMERAL = re.compile(r"(?P<num>[+-]?\d[\d,]*(?:\.\d+)?)(?P<tail>.*)")
# A numeral in digits as prose writes it: its whole part grouped by commas in threes or
# not at all, then decimals. The one definition of it: text/mentions.py finds numerals
# in a text with it, and a bare one is read here directly (below).
GROUPED_DIGITS = r"\d{1,3}(?:,\d{3})+"
NUMERAL = rf"{GROUPED_DIGITS}(?:\.\d+)?(?![\d,]\d)|\d+(?:\.\d+)?"
_GROUPED = re.compile(GROUPED_DIGITS)
# The commonest value of all, a bare unsigned numeral ("2,800", "38.6"), in ASCII digits:
# read directly by _numeral, as _parse_words would read it.
_PLAIN_NUMERAL = re.compile(rf"(?:{NUMERAL})\Z", re.ASCII)
# A hyphen separates a range only between a number (or its scale/%) and digits, so that
# "twenty-one" and a leading minus sign are never split.
_EN_DASH = "\u2013"
_RANGE_SEPARATOR = re.compile(rf"\s+to\s+|\s*{_EN_DASH}\s*|(?<=[0-9%a-z])\s*-\s*(?=[+-]?\d)")
_MINUS_SIGNS = "\u2212\u2011"  # minus sign, non-breaking hyphen
_LONG_DASHES = "\u2014\u2012\u2015"  # em dash, figure dash, horizontal bar: read as en dash
_BETWEEN_SEPARATOR = re.compile(r"\s+and\s+")
_PERCENT_WORD = re.compile(r"\s*(?:per\s?cent|pct)(?![a-z])")


@dataclass(frozen=True)
class Tolerance:
    """A ``tolerance`` as written: ``"5%"`` is ``Tolerance(Fraction(5), percent=True)``
    (the percentage, so divide by 100 for a fraction); ``"100"`` is
    ``Tolerance(Fraction(100), percent=False)``, an amount in the claim's unit."""

    amount: Fraction
    percent: bool

    def absolute(self, stated: Fraction) -> Fraction:
        """How far this tolerance widens a bound around the value ``stated``."""
        return self.amount / 100 * abs(stated) if self.percent else self.amount


@dataclass(frozen=True)
class Widths:
    """The approximation widths of ``about`` and ``nearly``, as fractions of the value."""

    about_hard: Fraction = Fraction(1, 10)
    about_reading: Fraction = Fraction(1, 20)
    nearly_hard: Fraction = Fraction(1, 10)
    nearly_reading: Fraction = Fraction(1, 20)


DEFAULT_WIDTHS = Widths()


@dataclass(frozen=True)
class _Number:
    """One number as written: its value and place values, scale and % applied."""

    value: Fraction
    step: Fraction
    digit: Fraction
    scale: str | None = None
    percent: bool = False
    signed: bool = False
    exact: bool = False


class _Reject(Exception):
    """Why a text is not in the grammar; the public functions add the text itself."""

    def __init__(self, reason: str, hint: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


# ---------------------------------------------------------------------------- values


def parse_value(raw: str | int | float | datetime.date) -> Written:
    """Read a claim's ``value`` (a TOML string, integer, float or date)."""
    try:
        return _parse_any(raw)
    except _Reject as bad:
        raise ValueGrammarError(
            f'cannot read value "{_shortened(raw)}": {bad.reason}',
            hint=bad.hint or _VALUE_HINT) from None


def _shortened(raw: object, most: int = 60) -> str:
    """``raw`` for a message: a long text cut in the middle, its length said."""
    text = str(raw)
    if len(text) <= most:
        return text
    return f"{text[:most // 2]}...{text[-10:]} ({len(text):,} characters)"


def _parse_any(raw: object) -> Written:
    if isinstance(raw, bool):
        raise _Reject("true and false are not numbers")
    if isinstance(raw, datetime.datetime | datetime.time):
        raise _Reject("a time of day cannot be a value, with a date or alone",
                      "write a date alone: 2022-01-05")
    if isinstance(raw, datetime.date):
        return _date_written(raw)
    if isinstance(raw, int):
        return _parse_text(str(raw), text=str(raw))
    if isinstance(raw, float):
        return _parse_text(_float_text(raw), text=str(raw))
    if isinstance(raw, str):
        return _parse_string(raw)
    raise _Reject(f"a {type(raw).__name__} is not a value")


@functools.lru_cache(maxsize=4096)
def _parse_string(raw: str) -> Written:
    """A string value, remembered: a long text states the same few values many times
    over, and each mention of it is read with this grammar."""
    return _parse_text(raw, text=raw.strip())


def decimal_text(number: float) -> str:
    """A finite float's shortest decimal form, without an exponent: ``1e16`` is
    ``"10000000000000000"``, ``38.6`` is ``"38.6"``."""
    return _float_text(number)


def _float_text(number: float) -> str:
    """The shortest decimal form of a float, written out without an exponent."""
    if not math.isfinite(number):
        raise _Reject("infinity and NaN are not values", "write a finite number")
    return format(Decimal(repr(number)), "f")


def _date_written(date: datetime.date) -> Written:
    one = Fraction(1)
    return Written(text=date.isoformat(), number=Fraction(date.toordinal()),
                   step=one, digit=one, is_date=True)


def _parse_text(source: str, *, text: str) -> Written:
    if _PLAIN_NUMERAL.match(source):  # what _parse_words makes of it, faster
        number = _numeral(source)
        return Written(text=text, number=number.value, step=number.step, digit=number.digit)
    return _parse_words(source, text=text)


def _parse_words(source: str, *, text: str) -> Written:
    s = _normalise(source)
    if not s:
        raise _Reject("the value is empty")
    if _ISO_DATE.fullmatch(s):
        return _date_written(_iso_date(s))
    dates = _DATE_RANGE.fullmatch(s)
    if dates:
        return _date_range_written(dates, text)
    if s in VAGUE_PLURALS:
        return _vague_written(s, text)
    qualifier, rest = _split_qualifier(s)
    _reject_words_out_of_place(rest, qualifier)
    ends = _split_range(rest, qualifier)
    if ends is not None:
        return _range_written(*ends, qualifier=qualifier, text=text)
    if qualifier == "range":
        raise _Reject('"between" needs "and"', 'write "between 10 and 20"')
    return _single_written(_parse_quantity(rest), qualifier, text)


def _reject_words_out_of_place(rest: str, qualifier: str | None) -> None:
    """Clearer messages for things that look like values but are not in the grammar."""
    if qualifier and (rest in VAGUE_PLURALS or _ISO_DATE.fullmatch(rest)):
        raise _Reject(f'"{rest}" cannot take a qualifier', "write it alone")
    if rest.removesuffix("s") in _FULL_SCALE_WORDS and rest not in VAGUE_PLURALS:
        raise _Reject(f'"{rest}" is not a vague plural the grammar reads',
                      'only "dozens", "hundreds", "thousands", "tens of thousands", '
                      '"hundreds of thousands", "millions" and "billions" are; or write '
                      '"more than 2 trillion"')


def _normalise(source: str) -> str:
    """Lower case, one space between words, one dash for ranges, ``%`` for percent words."""
    s = " ".join(source.lower().split())
    for minus in _MINUS_SIGNS:
        s = s.replace(minus, "-")
    for dash in _LONG_DASHES:
        s = s.replace(dash, _EN_DASH)
    return _PERCENT_WORD.sub("%", s)


def _iso_date(s: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        raise _Reject("not a real date", "write a date as YYYY-MM-DD") from None


def _date_range_written(dates: re.Match[str], text: str) -> Written:
    """Two dates, the claim somewhere between them, both days included."""
    if dates.group(0).startswith("between") != (" and " in dates.group(0)):
        raise _Reject('"between" goes with "and", and "to" without it',
                      'write "2022-03-14 to 2022-03-20" or "between 2022-03-14 and 2022-03-20"')
    first, last = (_date_written(_iso_date(dates.group(i))) for i in (1, 2))
    if first.number > last.number:
        raise _Reject("the first date of the range is after the second",
                      'write the earlier date first: "2022-03-14 to 2022-03-20"')
    return replace(first, text=text, qualifier="range", high=last.number)


def _split_qualifier(s: str) -> tuple[str | None, str]:
    """The canonical qualifier at the start of ``s`` (longest phrase wins) and the rest."""
    if s[:1] in _NO_QUALIFIER_STARTS:
        return None, s
    for phrase in _QUALIFIER_PHRASES:
        rest = s.removeprefix(phrase)
        if rest == s or (phrase[-1].isalpha() and rest[:1] not in ("", " ")):
            continue
        if not rest.strip():
            raise _Reject(f'"{phrase}" needs a number after it')
        return QUALIFIERS[phrase], rest.strip()
    return None, s


def _split_range(rest: str, qualifier: str | None) -> tuple[_Number, _Number] | None:
    """Both ends of a range, trying each separator until both sides read as numbers."""
    separator = _BETWEEN_SEPARATOR if qualifier == "range" else _RANGE_SEPARATOR
    first_error: _Reject | None = None
    for match in separator.finditer(rest):
        try:
            low = _parse_quantity(rest[: match.start()].strip())
            return low, _parse_quantity(rest[match.end():].strip())
        except _Reject as bad:
            first_error = first_error or bad
    if first_error is not None:
        raise first_error
    return None


def _single_written(number: _Number, qualifier: str | None, text: str) -> Written:
    if qualifier == "less_than" and not number.signed and number.value <= 0:
        raise _Reject("no non-negative value is less than 0",
                      'write a sign ("less than -5") or "at most 0"')
    if qualifier == "nearly" and number.value == 0:
        raise _Reject('nothing is "nearly 0"', 'write "less than" or "at most" a number')
    return Written(text=text, number=number.value, qualifier=qualifier, scale=number.scale,
                   percent=number.percent, signed=number.signed, step=number.step,
                   digit=number.digit, exact=number.exact)


def _range_written(low: _Number, high: _Number, *, qualifier: str | None,
                   text: str) -> Written:
    if qualifier not in (None, "range"):
        raise _Reject("a range cannot take a qualifier",
                      "write the range alone, and a `tolerance` if it is approximate")
    low = _share_suffix(low, high)
    if low.value > high.value:
        raise _Reject("the low end of the range is above the high end",
                      'write the smaller number first: "10 to 20"')
    return Written(text=text, number=low.value, qualifier="range", high=high.value,
                   scale=high.scale, percent=high.percent,
                   signed=low.signed or high.signed, step=low.step, digit=low.digit,
                   exact=low.exact and high.exact)


def _share_suffix(low: _Number, high: _Number) -> _Number:
    """The low end with the high end's scale and % when it was written without its own."""
    if low.scale is None and not low.percent:
        return _with_suffix(low, high.scale, high.percent)
    if low.percent != high.percent:
        raise _Reject("% is written on one end of the range only", 'write "5% to 10%"')
    if low.scale is not None and high.scale is None:
        raise _Reject("a scale word is written on the first end of the range only",
                      'write "1.5 to 2 million" or "900 million to 1.2 billion"')
    return low


def _vague_written(word: str, text: str) -> Written:
    least, _, unit = VAGUE_PLURALS[word]
    return Written(text=text, number=Fraction(least), qualifier="vague",
                   step=Fraction(unit), digit=Fraction(unit))


# --------------------------------------------------------------------------- numbers


def _parse_quantity(s: str) -> _Number:
    """``number [scale] [%]`` with the number in digits or in words."""
    percent = s.endswith("%")
    s = s.removesuffix("%").strip()
    match = _NUMERAL.fullmatch(s)
    fraction = None if match else _fraction(s)
    if match:
        multiplier, tail = _multiplier_after(match["tail"].strip())
        base, scale = _times(_numeral(match["num"]), multiplier), _numeral_scale(tail)
    elif fraction is not None:
        base, scale = fraction, None
    elif s[:1].isalpha():
        base, scale = _words(s)
    else:
        raise _diagnose(s)
    return _with_suffix(base, scale, percent)


def _with_suffix(number: _Number, scale: str | None, percent: bool) -> _Number:
    if scale is None and not percent and number.scale is None and not number.percent:
        return number  # a factor of 1: the same number
    factor = Fraction(10) ** SCALES[scale][1] if scale else Fraction(1)
    if percent:
        factor /= 100
    return replace(number, value=number.value * factor, step=number.step * factor,
                   digit=number.digit * factor, scale=scale, percent=percent)


# The most digits a number may have. Far beyond any real figure, and below Python's own
# limit for reading an integer from text (4,300 digits), which raised a ValueError; the
# exact arithmetic on such numbers stays quick.
MAX_DIGITS = 1000


def _numeral(num: str) -> _Number:
    unsigned = num.lstrip("+-")
    digits = len(unsigned) - unsigned.count(",") - unsigned.count(".")
    if digits > MAX_DIGITS:
        raise _Reject(f"a number of {digits:,} digits is too long; the limit is {MAX_DIGITS:,}",
                      'write fewer digits with a scale word ("2.5 trillion")')
    whole, _, decimals = unsigned.partition(".")
    _check_grouping(whole, num)
    whole = whole.replace(",", "")
    value = Fraction(int(whole + decimals), 10 ** len(decimals)) if decimals else Fraction(
        int(whole))
    digit = Fraction(1, 10 ** len(decimals))
    step = digit if decimals else _integer_step(int(whole))
    signed = unsigned != num
    return _Number(-value if num.startswith("-") else value, step, digit, signed=signed)


def _check_grouping(whole: str, num: str) -> None:
    if "," in whole and not _GROUPED.fullmatch(whole):
        raise _Reject(f'"{num}" has a misplaced ","',
                      '"," separates thousands in groups of three (2,800); '
                      'the decimal point is "." (3.5)')
    plain = whole.replace(",", "")
    if len(plain) > 1 and plain.startswith("0"):
        raise _Reject(f'"{num}" starts with a zero', "write the number without leading zeros")


def _integer_step(whole: int) -> Fraction:
    """The place value of the last non-zero digit (1 for zero itself)."""
    step = 1
    while whole and whole % (step * 10) == 0:
        step *= 10
    return Fraction(step)


def _multiplier_after(tail: str) -> tuple[int | None, str]:
    """``dozen`` or ``hundred`` after digits ("5 dozen", "7 hundred thousand"), and the rest."""
    word, _, rest = tail.partition(" ")
    if word in _MULTIPLIERS:
        return _MULTIPLIERS[word], rest
    return None, tail


def _times(number: _Number, multiplier: int | None) -> _Number:
    """``5 dozen``: counted in dozens (the step times 12), as exact as ``5``."""
    if multiplier is None:
        return number
    return replace(number, value=number.value * multiplier, step=number.step * multiplier,
                   digit=number.digit * multiplier if number.digit < 1 else Fraction(1))


def _numeral_scale(tail: str) -> str | None:
    if not tail:
        return None
    if tail in SCALES:
        return SCALES[tail][0]
    if tail[:1].isdigit():
        raise _Reject("spaces do not separate thousands", 'write "2,800", not "2 800"')
    raise _Reject(f'unexpected "{tail}" after the number', _SCALE_HINT)


def _diagnose(s: str) -> _Reject:
    """The most helpful reason why ``s`` is neither digits nor number words."""
    if re.match(r"[+-]\s", s):
        return _Reject("the sign is apart from the digits", 'write "-5", not "- 5"')
    if re.match(r"[+-]?\.\d", s):
        return _Reject(f'"{s}" has no digit before the point', 'write "0.5", not ".5"')
    if re.match(r"[+-][a-z]", s):
        return _Reject("a sign goes before digits only", 'write "-3", not "-three"')
    return _Reject(f'"{s}" is not a number')


# ---------------------------------------------------------------------- number words


def number_words() -> dict[str, int]:
    """Every number word the grammar reads alone, spelled every accepted way -> its value:
    ``"nine"`` -> 9, ``"twenty-one"`` and ``"twenty one"`` -> 21, ``"a dozen"`` -> 12,
    ``"a hundred"`` -> 100. For matching numbers written in words in a quote."""
    words = dict(_cardinals())
    for lead in ("a", "one"):
        words.update({f"{lead} {name}": value for name, value in _MULTIPLIERS.items()})
    return words


@functools.cache
def _cardinals() -> dict[str, int]:
    """``zero`` to ``ninety-nine``, the tens-and-units ones hyphenated and spaced."""
    cardinals = {word: value for value, word in enumerate(_UNIT_WORDS)}
    for tens_index, tens in enumerate(_TENS_WORDS):
        tens_value = 20 + 10 * tens_index
        cardinals[tens] = tens_value
        for unit in range(1, 10):
            cardinals[f"{tens}-{_UNIT_WORDS[unit]}"] = tens_value + unit
            cardinals[f"{tens} {_UNIT_WORDS[unit]}"] = tens_value + unit
    return cardinals


_ONE_IN = re.compile(r"(?:one|1)\s+in\s+(?P<n>\d[\d,]*|[a-z][a-z -]*[a-z])")


def _fraction(s: str) -> _Number | None:
    """A fraction in words (``a third``, ``two-thirds``, ``one in five``), or ``None``.

    Exact, like a number word: its step and digit are one part (1/3 for ``two
    thirds``), so that ``more than a third`` reads up to two thirds."""
    one_in = _ONE_IN.fullmatch(s)
    if one_in:
        parts = _one_in_parts(one_in["n"])
        return None if parts is None else _exact_fraction(1, parts)
    tokens = re.split(r"[\s-]+", s)
    if len(tokens) == 1 and tokens[0] == "half":
        return _exact_fraction(1, 2)
    if len(tokens) < 2 or tokens[-1] not in DENOMINATORS:
        return None
    lead = " ".join(tokens[:-1])
    numerator = 1 if lead in ("a", "an") else _cardinals().get(lead)
    plural = tokens[-1].endswith("s")  # "thirds", "halves"
    if numerator is None or numerator == 0 or plural != (numerator > 1):
        return None  # "two third", "a thirds": not a fraction as people write one
    return _exact_fraction(numerator, DENOMINATORS[tokens[-1]])


def _one_in_parts(n: str) -> int | None:
    parts: int | None
    if n[0].isdigit():
        _check_grouping(n, n)
        parts = int(n.replace(",", ""))
    else:
        parts = _cardinals().get(" ".join(n.split()))
        if parts is None and n in ("a hundred", "one hundred", "a thousand", "one thousand"):
            parts = 100 if "hundred" in n else 1000
    return parts if parts is not None and parts >= 1 else None


def _exact_fraction(numerator: int, denominator: int) -> _Number:
    part = Fraction(1, denominator)
    return _Number(numerator * part, part, part, exact=True)


def _words(s: str) -> tuple[_Number, str | None]:
    """A number in words and the full scale word after it, if any."""
    tokens = re.split(r"[\s-]+", s)
    scale = tokens.pop() if tokens[-1] in _FULL_SCALE_WORDS else None
    multiplier = _MULTIPLIERS.get(tokens[-1]) if tokens else None
    if multiplier:
        tokens.pop()
    if not tokens:
        raise _Reject(f'"{s}" needs a number before it', 'write "two million", "a dozen"')
    base = _word_base(tokens, followed=bool(scale or multiplier))
    if multiplier:
        # "two dozen" counts in dozens (step 12) but is an exact count (digit 1).
        base = _Number(base.value * multiplier, base.step * multiplier, Fraction(1))
    return base, scale


def _word_base(tokens: list[str], *, followed: bool) -> _Number:
    """The number before any ``dozen``, ``hundred`` or scale word."""
    if tokens in (["a"], ["an"]) and followed:
        return _Number(Fraction(1), Fraction(1), Fraction(1))
    if tokens in (["half"], ["a", "half"]) or (tokens == ["half", "a"] and followed):
        return _half_past(0)
    if tokens[-3:] == ["and", "a", "half"] and len(tokens) > 3:
        return _half_past(_cardinal(tokens[:-3]))
    whole = _cardinal(tokens)
    return _Number(Fraction(whole), _integer_step(whole), Fraction(1))


def _half_past(whole: int) -> _Number:
    half = Fraction(1, 2)
    return _Number(whole + half, half, half)


def _cardinal(tokens: list[str]) -> int:
    phrase = " ".join(tokens)
    if phrase in _cardinals():
        return _cardinals()[phrase]
    known = set(_cardinals()) | set(_MULTIPLIERS) | _FULL_SCALE_WORDS | {"a", "an", "and", "half"}
    unknown = [token for token in tokens if token not in known]
    if unknown:
        raise _Reject(f'unknown word "{unknown[0]}"', _VALUE_HINT)
    raise _Reject(f'"{phrase}" is not a number the grammar reads in words',
                  'write it in digits, or use "one" to "ninety-nine", "a dozen", '
                  '"a hundred", "three and a half"')


# -------------------------------------------------------------------------- tolerance


def parse_tolerance(raw: str | int | float) -> Tolerance:
    """Read a claim's ``tolerance``: ``"5%"`` or a non-negative number in its unit."""
    try:
        return _tolerance(raw)
    except _Reject as bad:
        raise ValueGrammarError(
            f'cannot read tolerance "{_shortened(raw)}": {bad.reason}',
            hint=bad.hint or _TOLERANCE_HINT
        ) from None


def _tolerance(raw: object) -> Tolerance:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _Reject(f"a {type(raw).__name__} is not a tolerance")
    s = _normalise(_float_text(raw) if isinstance(raw, float) else str(raw))
    if not s:
        raise _Reject("the tolerance is empty")
    qualifier, _ = _split_qualifier(s)
    if qualifier is not None:
        raise _Reject("a tolerance takes no qualifier")
    number = _parse_quantity(s)
    if number.signed:
        raise _Reject("a tolerance takes no sign: it widens both sides")
    # _parse_quantity applies the %; a Tolerance keeps the percentage as written.
    amount = number.value * 100 if number.percent else number.value
    return Tolerance(amount, number.percent)


# -------------------------------------------------------------------------- intervals


def intervals(written: Written, tolerance: Tolerance | None = None, *,
              widths: Widths = DEFAULT_WIDTHS) -> tuple[Interval, Interval]:
    """The (hard, reading) intervals of a value, in the claim's unit (days for a date)."""
    hard, reading = _shape(written, widths)
    if tolerance is not None:
        hard = _widen_by(hard, written, tolerance)
        reading = _widen_by(reading, written, tolerance)
    if not (written.signed or written.is_date):
        hard, reading = _clip_at_zero(hard), _clip_at_zero(reading)
    return hard, reading


def _shape(written: Written, widths: Widths) -> tuple[Interval, Interval]:
    if written.is_date:  # a day, or the days of a range
        days = Interval(written.number, written.number if written.high is None else written.high)
        return days, days
    shape = _SHAPES.get(written.qualifier)
    if shape is None:
        raise ValueGrammarError(f'unknown qualifier "{written.qualifier}" in "{written.text}"')
    return shape(written, widths)


def _is_rounded(written: Written) -> bool:
    """Decimals, a scale word, % or a half: the number stands for a span, not a point."""
    return written.scale is not None or written.percent or (
        written.digit < 1 and not written.exact)


def _around(x: Fraction, half_width: Fraction) -> Interval:
    return Interval(x - half_width, x + half_width)


def _plain(w: Written, _: Widths) -> tuple[Interval, Interval]:
    if not _is_rounded(w):
        return Interval.point(w.number), Interval.point(w.number)
    return _around(w.number, w.step / 2), _around(w.number, w.digit / 2)


def _about(w: Written, widths: Widths) -> tuple[Interval, Interval]:
    size = abs(w.number)
    # A fraction is exact: "about a third" is 1/3 +- 10%, not +- half of a third.
    step, digit = (Fraction(0), Fraction(0)) if w.exact else (w.step, w.digit)
    hard = _around(w.number, max(widths.about_hard * size, step / 2))
    return hard, _around(w.number, max(widths.about_reading * size, digit / 2))


def _more_than(w: Written, _: Widths) -> tuple[Interval, Interval]:
    x = w.number
    return Interval(x, None, True, True), Interval(x, x + w.step, True, False)


def _at_least(w: Written, _: Widths) -> tuple[Interval, Interval]:
    x = w.number
    return Interval(x, None, False, True), Interval(x, x + w.step)


def _floor(w: Written) -> Fraction | None:
    """Where ``less than``/``at most`` start: 0, or nowhere for a signed value."""
    return None if w.signed else Fraction(0)


def _less_than(w: Written, _: Widths) -> tuple[Interval, Interval]:
    x = w.number
    return Interval(_floor(w), x, w.signed, True), Interval(x - w.step, x, False, True)


def _at_most(w: Written, _: Widths) -> tuple[Interval, Interval]:
    x = w.number
    return Interval(_floor(w), x, w.signed, False), Interval(x - w.step, x)


def _nearly(w: Written, widths: Widths) -> tuple[Interval, Interval]:
    return _just_short(w.number, widths.nearly_hard), _just_short(w.number, widths.nearly_reading)


def _just_short(x: Fraction, fraction: Fraction) -> Interval:
    """Up to ``fraction`` of ``x`` short of ``x`` on the zero side, ``x`` itself excluded."""
    gap = fraction * abs(x)
    if x < 0:
        return Interval(x, x + gap, True, False)
    return Interval(x - gap, x, False, True)


def _just_over(w: Written, widths: Widths) -> tuple[Interval, Interval]:
    """``just over X``: above X by up to the ``nearly`` widths, the mirror of ``nearly``."""
    return _just_past(w.number, widths.nearly_hard), _just_past(w.number, widths.nearly_reading)


def _just_past(x: Fraction, fraction: Fraction) -> Interval:
    return Interval(x, x + fraction * abs(x), True, False)


def _vague(w: Written, _: Widths) -> tuple[Interval, Interval]:
    reading_ends = {Fraction(least): end for least, end, _ in VAGUE_PLURALS.values()}
    end = reading_ends.get(w.number)
    hard = Interval(w.number, None, False, True)
    return hard, hard if end is None else Interval(w.number, Fraction(end), False, True)


def _range(w: Written, _: Widths) -> tuple[Interval, Interval]:
    low, high = _range_ends(w)
    hard = Interval(low.value - _half_place(low, low.step),
                    high.value + _half_place(high, high.step))
    reading = Interval(low.value - _half_place(low, low.digit),
                       high.value + _half_place(high, high.digit))
    return hard, reading


def _half_place(end: _Number, place: Fraction) -> Fraction:
    """Half the place value for a rounded end; a bare integer end is exact."""
    rounded = end.scale is not None or end.percent or (end.digit < 1 and not end.exact)
    return place / 2 if rounded else Fraction(0)


def _range_ends(w: Written) -> tuple[_Number, _Number]:
    """Both ends with their own place values, read again from the text as written.

    Falls back to the low end's place values for both when the text does not give the
    same numbers (a ``Written`` built by hand).
    """
    fallback = _Number(w.number, w.step, w.digit, w.scale, w.percent, w.signed)
    high = w.high if w.high is not None else w.number
    try:
        qualifier, rest = _split_qualifier(_normalise(w.text))
        ends = _split_range(rest, qualifier)
        if ends is not None:
            ends = _share_suffix(*ends), ends[1]
    except _Reject:
        ends = None
    if ends is None or (ends[0].value, ends[1].value) != (w.number, high):
        return fallback, replace(fallback, value=high)
    return ends


_SHAPES: dict[str | None, Callable[[Written, Widths], tuple[Interval, Interval]]] = {
    None: _plain,
    "about": _about,
    "more_than": _more_than,
    "at_least": _at_least,
    "less_than": _less_than,
    "at_most": _at_most,
    "nearly": _nearly,
    "just_over": _just_over,
    "range": _range,
    "vague": _vague,
}


def _widen_by(iv: Interval, w: Written, tolerance: Tolerance) -> Interval:
    if tolerance.percent and w.is_date:
        raise ValueGrammarError(f'a date ("{w.text}") cannot take a percentage tolerance',
                                hint="write a number of days, such as tolerance = 3")
    high = w.high if w.high is not None else w.number
    lo = None if iv.lo is None else iv.lo - tolerance.absolute(w.number)
    hi = None if iv.hi is None else iv.hi + tolerance.absolute(high)
    return Interval(lo, hi, iv.lo_open, iv.hi_open)


def _clip_at_zero(iv: Interval) -> Interval:
    """An unsigned value is never negative: a lower bound below 0 becomes a closed 0."""
    if iv.lo is not None and iv.lo < 0:
        return Interval(Fraction(0), iv.hi, False, iv.hi_open)
    return iv


# ------------------------------------------------------------------------- describing


def describe_interval(iv: Interval, scale: str | None = None, *, percent: bool = False) -> str:
    """An interval for people: ``"(2,800, 2,900]"``, ``"[38.55, 38.65] billion"``, and
    a single value as ``"[243]"``.

    ``scale`` (any spelling in ``SCALES``) divides the bounds and is named after them;
    ``percent`` shows the bounds as percentages (``"[10.5%, 11.5%]"``).
    """
    factor = Fraction(10) ** SCALES[scale][1] if scale else Fraction(1)
    if percent:
        factor /= 100
    suffix = "%" if percent else ""
    lo = "-∞" if iv.lo is None else format_number(iv.lo / factor) + suffix
    hi = "∞" if iv.hi is None else format_number(iv.hi / factor) + suffix
    left = "(" if iv.lo is None or iv.lo_open else "["
    right = ")" if iv.hi is None or iv.hi_open else "]"
    named = f" {SCALES[scale][0]}" if scale else ""
    if iv.lo is not None and iv.lo == iv.hi and left + right == "[]":
        return f"[{lo}]{named}"  # a single value: "[243]"
    return f"{left}{lo}, {hi}{right}{named}"


def format_number(q: Fraction) -> str:
    """A number for people: ``2,800``, ``38.55``, ``-470``, ``0.333333``.

    The exact decimal with thousands separators when it has at most 12 decimal places,
    else about 6 significant digits.
    """
    if _too_long_to_write(q):
        return _approximate(q)
    places = _decimal_places(q)
    if places is None or places > 12:
        return _approximate(q)
    scaled = abs(q.numerator) * 10**places // q.denominator
    whole, fraction = divmod(scaled, 10**places)
    text = f"{whole:,}"
    decimals = str(fraction).rjust(places, "0").rstrip("0") if places else ""
    if decimals:
        text += "." + decimals
    return "-" + text if q < 0 else text


# From 10^60 on, a number is shown as 1.23457e+75: its digits would fill the screen,
# and Python writes no integer of more than 4,300 digits.
_LONGEST_WRITTEN = Fraction(10) ** 60


def _too_long_to_write(q: Fraction) -> bool:
    return q.numerator.bit_length() - q.denominator.bit_length() > 190 and (
        abs(q) >= _LONGEST_WRITTEN)


def _approximate(q: Fraction) -> str:
    """About 6 significant digits, in fixed notation from 1 up (no ``1.33e+06``), and as
    ``1.66667e-08`` below 0.0001, as a float prints. Worked out on the exact fraction:
    a float has no room for 10^400, and rounds nothing small to 0 here."""
    if q < 0:
        return "-" + _approximate(-q)
    if q == 0:
        return "0"
    if 1 <= q < _LONGEST_WRITTEN:
        decimals = max(0, 6 - len(str(q.numerator // q.denominator)))
        return _fixed(round(q * 10**decimals), decimals, grouped=True)
    exponent = _exponent(q)  # q is in [10^exponent, 10^(exponent + 1))
    digits = round(q * Fraction(10) ** (5 - exponent))  # 6 significant digits
    if digits == 10**6:  # rounded up to the next power of ten
        digits, exponent = 10**5, exponent + 1
    if -4 <= exponent < 0:
        return _fixed(digits, 5 - exponent, grouped=False)
    mantissa = _fixed(digits, 5, grouped=False)
    return f"{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"


def _exponent(q: Fraction) -> int:
    """The power of ten at or below ``q`` (q > 0)."""
    # log10(2) = 0.30103: within one or two of it, from the sizes alone
    exponent = int((q.numerator.bit_length() - q.denominator.bit_length()) * 0.30103)
    while Fraction(10) ** exponent > q:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= q:
        exponent += 1
    return exponent


def _fixed(scaled: int, decimals: int, *, grouped: bool) -> str:
    """``scaled / 10^decimals`` in fixed notation, trailing zeros dropped."""
    whole, fraction = divmod(scaled, 10**decimals)
    text = f"{whole:,}" if grouped else str(whole)
    decimal_part = str(fraction).rjust(decimals, "0").rstrip("0") if decimals else ""
    return f"{text}.{decimal_part}" if decimal_part else text


def _decimal_places(q: Fraction) -> int | None:
    """How many decimal places ``q`` needs exactly, or ``None`` if it never terminates."""
    rest, twos, fives = q.denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    return max(twos, fives) if rest == 1 else None
