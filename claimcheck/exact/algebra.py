"""Exact algebra over claims: polynomials, ratios of polynomials, and constraints.

A rule is turned into a disjunction of conjunctions of polynomial constraints
(``p < 0``, ``p <= 0``, ``p == 0``) over one variable per claim. Collecting terms
symbolically is what makes a claim that appears twice in a rule take one value:
``a - a`` is the polynomial 0, not the interval ``[lo - hi, hi - lo]``.

Division is kept as a ratio ``N / D`` and removed at comparison time by
multiplying through by ``D``, in two cases when the sign of ``D`` is unknown
(``D > 0`` and ``D < 0``; ``D == 0`` is where the expression has no value, so it is
no witness). ``abs``, ``min`` and ``max`` become pieces: a value valid under a
condition (``abs(x)`` is ``x`` where ``x >= 0`` and ``-x`` where ``x < 0``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from claimcheck.errors import ExpressionError

Monomial = tuple[tuple[str, int], ...]
Poly = Mapping[Monomial, Fraction]
ONE: Monomial = ()

# A rule whose expansion needs more alternatives than this is refused rather than
# left to run for minutes; real checks need a handful.
MAX_ALTERNATIVES = 512

_FLIPPED = {"<": ">", "<=": ">=", "==": "==", "!=": "!=", ">": "<", ">=": "<="}
_NEGATED = {"<": ">=", "<=": ">", "==": "!=", "!=": "==", ">": "<=", ">=": "<"}


def constant(value: Fraction) -> Poly:
    return {ONE: value} if value else {}


def variable(name: str) -> Poly:
    return {((name, 1),): Fraction(1)}


def add(p: Poly, q: Poly) -> Poly:
    total = dict(p)
    for mono, coef in q.items():
        new = total.get(mono, Fraction(0)) + coef
        if new:
            total[mono] = new
        else:
            total.pop(mono, None)
    return total


def scale(p: Poly, factor: Fraction) -> Poly:
    return {mono: coef * factor for mono, coef in p.items()} if factor else {}


def multiply(p: Poly, q: Poly) -> Poly:
    total: Poly = {}
    for (m1, c1), (m2, c2) in product(p.items(), q.items()):
        total = add(total, {_mono_product(m1, m2): c1 * c2})
    return total


def _mono_product(m1: Monomial, m2: Monomial) -> Monomial:
    powers = dict(m1)
    for name, exp in m2:
        powers[name] = powers.get(name, 0) + exp
    return tuple(sorted(powers.items()))


def as_constant(p: Poly) -> Fraction | None:
    """The value of ``p`` if it has no variables."""
    if not p:
        return Fraction(0)
    if len(p) == 1 and ONE in p:
        return p[ONE]
    return None


def substitute(p: Poly, values: Mapping[str, Fraction]) -> Poly:
    """``p`` with the named variables replaced by numbers."""
    total: Poly = {}
    for mono, coef in p.items():
        kept = []
        for name, exp in mono:
            if name in values:
                coef *= values[name] ** exp
            else:
                kept.append((name, exp))
        total = add(total, {tuple(kept): coef})
    return total


def is_linear(p: Poly) -> bool:
    return all(sum(exp for _, exp in mono) <= 1 for mono in p)


def variables(p: Poly) -> set[str]:
    return {name for mono in p for name, _ in mono}


@dataclass(frozen=True)
class Ratio:
    """``num / den``; ``den`` is the constant 1 for a polynomial."""

    num: Poly
    den: Poly

    @classmethod
    def of(cls, p: Poly) -> Ratio:
        return cls(p, constant(Fraction(1)))

    def plus(self, other: Ratio) -> Ratio:
        if self.den == other.den:
            return Ratio(add(self.num, other.num), self.den)
        num = add(multiply(self.num, other.den), multiply(other.num, self.den))
        return Ratio(num, multiply(self.den, other.den))

    def times(self, other: Ratio) -> Ratio:
        return _reduced(multiply(self.num, other.num), multiply(self.den, other.den))

    def over(self, other: Ratio) -> Ratio:
        return _reduced(multiply(self.num, other.den), multiply(self.den, other.num))

    def negated(self) -> Ratio:
        return Ratio(scale(self.num, Fraction(-1)), self.den)

    def minus(self, other: Ratio) -> Ratio:
        return self.plus(other.negated())


def _reduced(num: Poly, den: Poly) -> Ratio:
    """Divide through when the denominator is a constant, so polynomials stay polynomials."""
    value = as_constant(den)
    if value is not None and value != 0:
        return Ratio(scale(num, 1 / value), constant(Fraction(1)))
    return Ratio(num, den)


@dataclass(frozen=True)
class Condition:
    """``ratio op 0`` with op one of == != < <= > >=."""

    ratio: Ratio
    op: str


@dataclass(frozen=True)
class Piece:
    """A value that the expression takes where all its conditions hold."""

    conditions: tuple[Condition, ...]
    value: Ratio


@dataclass(frozen=True)
class Constraint:
    """``poly op 0`` with op one of ``<``, ``<=``, ``==``: what the solver reads."""

    poly: Poly
    op: str


Conjunction = tuple[Constraint, ...]
SignOf = Callable[[Poly], int]


def combine(pieces_a: list[Piece], pieces_b: list[Piece],
            op: Callable[[Ratio, Ratio], Ratio]) -> list[Piece]:
    """Every pairing of two piecewise values, with their conditions joined."""
    combined = [
        Piece(a.conditions + b.conditions, op(a.value, b.value))
        for a, b in product(pieces_a, pieces_b)
    ]
    check_size(len(combined))
    return combined


def absolute(pieces: list[Piece]) -> list[Piece]:
    result: list[Piece] = []
    for piece in pieces:
        result.append(Piece((*piece.conditions, Condition(piece.value, ">=")), piece.value))
        result.append(Piece((*piece.conditions, Condition(piece.value, "<")),
                            piece.value.negated()))
    check_size(len(result))
    return result


def extreme(arguments: list[list[Piece]], *, smallest: bool) -> list[Piece]:
    """``min`` or ``max``: argument i wins where it is below (above) every other."""
    result: list[Piece] = []
    for index, own in enumerate(arguments):
        rivals = [pieces for other, pieces in enumerate(arguments) if other != index]
        for choice in product(own, *rivals):
            mine, others = choice[0], choice[1:]
            conditions = list(mine.conditions)
            for position, rival in enumerate(others):
                # Ties go to the earlier argument so that the pieces do not overlap.
                beaten = "<" if position < index else "<="
                op = beaten if smallest else _FLIPPED[beaten]
                conditions += [*rival.conditions,
                               Condition(mine.value.minus(rival.value), op)]
            result.append(Piece(tuple(conditions), mine.value))
            check_size(len(result))
    return result


def compare(left: list[Piece], op: str, right: list[Piece]) -> list[list[Condition]]:
    """``left op right`` as alternatives (a disjunction) of condition lists."""
    alternatives = [
        [*a.conditions, *b.conditions, Condition(a.value.minus(b.value), op)]
        for a, b in product(left, right)
    ]
    check_size(len(alternatives))
    return alternatives


def negate(op: str) -> str:
    return _NEGATED[op]


def to_constraints(conditions: Iterable[Condition], sign_of: SignOf) -> list[Conjunction]:
    """Condition lists -> polynomial conjunctions (a disjunction of them)."""
    alternatives: list[Conjunction] = [()]
    for condition in conditions:
        options = _condition_options(condition, sign_of)
        alternatives = [done + option for done in alternatives for option in options]
        check_size(len(alternatives))
    return alternatives


def _condition_options(condition: Condition, sign_of: SignOf) -> list[Conjunction]:
    num, den = condition.ratio.num, condition.ratio.den
    den_sign = sign_of(den)
    if den_sign > 0:
        return _polynomial_options(num, condition.op)
    if den_sign < 0:
        return _polynomial_options(num, _FLIPPED[condition.op])
    positive = Constraint(scale(den, Fraction(-1)), "<")
    negative = Constraint(den, "<")
    return [
        (positive, *option) for option in _polynomial_options(num, condition.op)
    ] + [
        (negative, *option) for option in _polynomial_options(num, _FLIPPED[condition.op])
    ]


def _polynomial_options(p: Poly, op: str) -> list[Conjunction]:
    if op in ("<", "<=", "=="):
        return [(Constraint(p, op),)]
    minus_p = scale(p, Fraction(-1))
    if op == ">":
        return [(Constraint(minus_p, "<"),)]
    if op == ">=":
        return [(Constraint(minus_p, "<="),)]
    return [(Constraint(p, "<"),), (Constraint(minus_p, "<"),)]  # !=


def check_size(count: int) -> None:
    if count > MAX_ALTERNATIVES:
        raise ExpressionError(
            f"the check expands into more than {MAX_ALTERNATIVES} cases",
            hint="split it into smaller rules or use derived claims",
        )
