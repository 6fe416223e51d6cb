"""Hints: a slip of the pen that would explain why a rule fails.

When a rule fails, ``claimcheck explain`` looks for a small slip in one claim of the
rule that, undone, makes the rule hold (a tension is a matter of reading, not of a
slip, and gets no hints):

transposition
    two neighbouring digits swapped: ``243`` for ``234``. When the swapped number is
    another claim's in the same rule, the hint says so.
dropped digit
    a digit written once where it belongs twice: ``280`` for ``2,800``.
doubled digit
    a digit written twice where it belongs once: ``28,000`` for ``2,800``.
scale slip
    the wrong scale word: ``24 million`` for ``24 billion`` (a factor of 1,000 or
    1,000,000), in the value or in the unit.
sign slip
    the opposite sign: ``470m`` for ``-470m``. Offered for money, plain numbers,
    percentages and values written with a sign; not for counts, lengths, durations or
    dates, which cannot be negative.
other unit
    the number in another unit of the file: ``9 person`` that adds up as ``9 case``.

A hint is offered only when the rule, evaluated again with that one claim changed,
holds at least inside the hard intervals (``ok`` or ``tension``). A digit slip puts
the changed number in as an exact value; a scale, sign or unit slip keeps the claim's
intervals, rescaled, negated or in the other unit. Per claim and kind, only the
alternative closest to the number as written is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from claimcheck.claims.load import Loaded
from claimcheck.errors import ClaimcheckError
from claimcheck.evaluate.engine import evaluate_rule, prepare
from claimcheck.model import Claim, Interval, Rule, Status, Written
from claimcheck.quantities.units import Dimension, UnitSystem
from claimcheck.quantities.values import SCALES, format_number

KINDS = ("other unit", "transposition", "dropped digit", "doubled digit", "scale slip",
         "sign slip")
_BETTER = {Status.FAIL: {Status.OK, Status.TENSION}}
_SCALE_EXPONENTS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_SCALE_IN_UNIT = re.compile(r"\b(thousand|million|billion|trillion)\b")
_NUMERAL = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?")
# Digit slips are looked for in numbers of at most this many digits: a person copies
# such a number by hand, and each digit gives three numbers to evaluate the rule with
# (a 3,000-digit value took 7 s and 136 MB).
MAX_SLIP_DIGITS = 30


@dataclass(frozen=True)
class Hint:
    """One slip that would make a rule hold: ``claim`` written as ``value`` instead.

    ``value`` is the alternative as a claim would write it (``"234"``,
    ``"24 million"``, ``"9 case"``); ``why`` says what slip turns one into the other;
    ``status`` is the rule's status with the alternative.
    """

    kind: str
    claim: str
    value: str
    why: str
    status: Status


@dataclass(frozen=True)
class _Candidate:
    """One value a claim might have been meant to have, and why."""

    kind: str
    value: str
    why: str
    hard: Interval
    reading: Interval
    unit: str | None
    distance: Fraction  # relative to the number as written, to keep the closest


def hints(loaded: Loaded, rule: Rule, status: Status,
          units: Sequence[str] = ()) -> tuple[Hint, ...]:
    """The hints for ``rule`` of a file focused on it (``implied.focus``), whose status
    is ``status``; ``units`` are the unit strings present in the whole file."""
    if status not in _BETTER:
        return ()
    system = UnitSystem(loaded.file.units)
    found: list[tuple[Fraction, int, Hint]] = []
    for claim in loaded.file.claims.values():
        for slip, new_status in _closest_per_kind(claim, loaded, rule, status, system, units):
            hint = Hint(slip.kind, claim.id, slip.value, slip.why, new_status)
            found.append((slip.distance, KINDS.index(slip.kind), hint))
    # nearest to the number as written first
    return tuple(hint for _, _, hint in sorted(found, key=lambda f: (f[0], f[1], f[2].claim)))


def _closest_per_kind(claim: Claim, loaded: Loaded, rule: Rule, status: Status,
                      system: UnitSystem,
                      units: Sequence[str]) -> Iterator[tuple[_Candidate, Status]]:
    done: set[str] = set()
    candidates = sorted(_candidates(claim, loaded, system, units), key=lambda c: c.distance)
    for candidate in candidates:
        if candidate.kind in done:
            continue
        new_status = status_with(loaded, rule, _changed(claim, candidate))
        if new_status in _BETTER[status]:
            done.add(candidate.kind)
            yield candidate, new_status


def _changed(claim: Claim, candidate: _Candidate) -> Claim:
    return replace(claim, hard=candidate.hard, reading=candidate.reading, unit=candidate.unit)


def status_with(loaded: Loaded, rule: Rule, claim: Claim) -> Status | None:
    """The status of ``rule`` with ``claim`` in place of the claim of that id."""
    claims = {**loaded.file.claims, claim.id: claim}
    changed = Loaded(replace(loaded.file, claims=claims), loaded.checks, loaded.derived)
    try:
        return evaluate_rule(prepare(changed), rule).status
    except ClaimcheckError:  # the changed claim is unusable: no hint from it
        return None


# --- candidates --------------------------------------------------------------------


def _candidates(claim: Claim, loaded: Loaded, system: UnitSystem,
                units: Sequence[str]) -> Iterator[_Candidate]:
    written = claim.written
    if written is None or written.is_date or claim.hard is None or claim.reading is None:
        return
    others = {c.written.number: c.id for c in loaded.file.claims.values()
              if c.written is not None and c.id != claim.id}
    yield from _digit_slips(claim, written, others)
    yield from _scale_slips(claim, written)
    dimension = _dimension(claim, system)
    if dimension is not None and written.number != 0 and _may_be_negative(written, dimension):
        yield _sign_slip(claim, written)
    if dimension is not None and not written.percent:
        yield from _unit_slips(claim, written, loaded, system, units)


def _dimension(claim: Claim, system: UnitSystem) -> Dimension | None:
    try:
        return system.unit(claim.unit).dimension
    except ClaimcheckError:
        return None


def _may_be_negative(written: Written, dimension: Dimension) -> bool:
    """Money, plain numbers and percentages can be negative (a loss, a fall); counts,
    lengths, durations and dates cannot, so a sign slip there is no hint."""
    if written.signed or not dimension:
        return True
    return all(name.startswith("[currency_") for name, _ in dimension)


@dataclass(frozen=True)
class _Digits:
    """A number as its written digits: ``38.6 billion`` is "386", 1 place, factor 10**9."""

    digits: str
    places: int
    factor: Fraction
    negative: bool

    def value(self, digits: str) -> Fraction:
        sign = -1 if self.negative else 1
        return sign * Fraction(int(digits), 10**self.places) * self.factor

    def number(self, digits: str) -> str:
        return format_number(self.value(digits) / self.factor)


def _digits(written: Written) -> _Digits | None:
    if written.high is not None or written.qualifier == "vague":
        return None
    if not any(ch.isdigit() for ch in written.text):
        return None  # a number word: no digits to slip
    factor = _scale_factor(written) * (Fraction(1, 100) if written.percent else 1)
    place = written.digit / factor
    places = 0
    while place < 1 and places < 20:
        place, places = place * 10, places + 1
    scaled = abs(written.number) / factor * 10**places
    if place != 1 or scaled.denominator != 1:
        return None
    return _Digits(str(scaled.numerator), places, factor, written.number < 0)


def _scale_factor(written: Written) -> Fraction:
    if written.scale is None or written.scale.lower() not in SCALES:
        return Fraction(1)
    return Fraction(10) ** SCALES[written.scale.lower()][1]


def _digit_slips(claim: Claim, written: Written,
                 others: dict[Fraction, str]) -> Iterator[_Candidate]:
    number = _digits(written)
    if number is None or len(number.digits) > MAX_SLIP_DIGITS:
        return
    suffix = _suffix(written)
    for kind, digits, why in _digit_variants(number.digits):
        if digits[0] == "0" and len(digits) > number.places + 1:
            continue  # a leading zero is no way to write a number
        value = number.value(digits)
        before, after = number.number(number.digits), number.number(digits)
        reason = why.format(before=before + suffix, after=after + suffix)
        if value in others:
            reason += f", the number of {others[value]}"
        point = Interval.point(value)
        yield _Candidate(kind, after + suffix, reason, point, point, claim.unit,
                         _relative(value, written.number))


def _digit_variants(digits: str) -> Iterator[tuple[str, str, str]]:
    seen = {digits}
    variants: list[tuple[str, str, str]] = []
    for i in range(len(digits) - 1):
        a, b = digits[i], digits[i + 1]
        if a != b:
            variants.append(("transposition", digits[:i] + b + a + digits[i + 2:],
                             f"{{before}} with {a} and {b} swapped is {{after}}"))
        else:
            variants.append(("doubled digit", digits[:i] + digits[i + 1:],
                             f"{{before}} with one {a} fewer is {{after}}"))
    for i, digit in enumerate(digits):
        variants.append(("dropped digit", digits[:i + 1] + digit + digits[i + 1:],
                         f"{{before}} with its {digit} written twice is {{after}}"))
    for kind, variant, why in variants:
        if variant not in seen:
            seen.add(variant)
            yield kind, variant, why


def _suffix(written: Written) -> str:
    if written.percent:
        return "%"
    if written.scale and written.scale.lower() in SCALES:
        return " " + SCALES[written.scale.lower()][0]
    return ""


def _relative(value: Fraction, stated: Fraction) -> Fraction:
    return abs(value - stated) / abs(stated) if stated else abs(value)


def _scale_slips(claim: Claim, written: Written) -> Iterator[_Candidate]:
    assert claim.hard is not None and claim.reading is not None
    scale = SCALES[written.scale.lower()][0] if written.scale and written.scale.lower() in \
        SCALES else None
    in_unit = _SCALE_IN_UNIT.search(claim.unit or "") if scale is None else None
    current = scale or (in_unit.group(1) if in_unit else None)
    if current is None:
        return
    for word, exponent in _SCALE_EXPONENTS.items():
        if word == current:
            continue
        factor = Fraction(10) ** (exponent - _SCALE_EXPONENTS[current])
        if in_unit is None:
            value = _with_scale(written, word)
            unit = claim.unit
            if value is None:
                return
        else:
            unit = _SCALE_IN_UNIT.sub(word, claim.unit or "", count=1)
            value = f"{written.text} {unit}"
        yield _Candidate("scale slip", value, f"{word} in place of {current}",
                         claim.hard.scaled(factor), claim.reading.scaled(factor), unit,
                         abs(factor - 1))


def _with_scale(written: Written, word: str) -> str | None:
    """The value as written up to its number, then ``word``: ``3.9bn`` -> ``3.9 million``.
    ``None`` for a range or a number in words."""
    numeral = _NUMERAL.search(written.text)
    if numeral is None or written.high is not None:
        return None
    return f"{written.text[:numeral.end()]} {word}"


def _without_scale(unit: str) -> str:
    return " ".join(_SCALE_IN_UNIT.sub(" ", unit).split())


def _sign_slip(claim: Claim, written: Written) -> _Candidate:
    assert claim.hard is not None and claim.reading is not None
    text = written.text[1:] if written.text[:1] in "+-" else "-" + written.text
    return _Candidate("sign slip", text, "the opposite sign", _negated(claim.hard),
                      _negated(claim.reading), claim.unit, Fraction(2))


def _negated(interval: Interval) -> Interval:
    lo = None if interval.hi is None else -interval.hi
    hi = None if interval.lo is None else -interval.lo
    return Interval(lo, hi, interval.hi_open, interval.lo_open)


def _unit_slips(claim: Claim, written: Written, loaded: Loaded, system: UnitSystem,
                units: Sequence[str]) -> Iterator[_Candidate]:
    assert claim.hard is not None and claim.reading is not None
    own = system.unit(claim.unit)
    users = {c.unit: c.id for c in reversed(loaded.file.claims.values()) if c.unit}
    for text in dict.fromkeys(units):
        try:
            other = system.unit(text)
        except ClaimcheckError:
            continue
        if (other.factor, other.dimension) == (own.factor, own.dimension) or \
                _without_scale(text) == _without_scale(claim.unit or ""):
            continue  # the same unit, or another scale of it: a scale slip's business
        why = f"{written.text} counted in {text}, not {claim.unit or 'a plain number'}"
        if text in users:
            why += f", as {users[text]} is"
        yield _Candidate("other unit", f"{written.text} {text}", why, claim.hard,
                         claim.reading, text, Fraction(0))
