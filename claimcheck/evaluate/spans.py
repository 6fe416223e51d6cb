"""The commonest rule exactly and fast: one comparison, each claim in it once.

When no claim occurs twice in ``left op right`` (derived claims counted by the claims
they are built from), the two sides depend on different claims, and interval
arithmetic gives the exact set of values each side takes over a box, open and closed
ends included (``intervals.span_sum``, ``span_product``...). Whether the rule can hold
is then whether the two sets allow the comparison: no polynomials, no elimination,
the same answer as the general path (``tests/test_fast_paths.py`` compares them). A
tolerance on ``==`` is a band around the difference, or (a percentage) a region of
the plane of the two sides. A zero constant in the check makes the general path drop
claims from its list of variables, so such a check goes there.

Two ways in: ``exact_range`` walks a check's tree; a ``SpanPlan`` is the same walk
compiled once per shape of check (``shapes.Shape``) into functions of the claims'
spans, which a file of many rules of few shapes runs once per rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from claimcheck.claims import expr
from claimcheck.claims.shapes import Shape
from claimcheck.exact.intervals import (
    Span,
    compact,
    point_span,
    span_difference,
    span_empty,
    span_meet,
    span_product,
    span_reciprocal,
    span_scaled,
    span_sum,
    span_without_zero,
)
from claimcheck.model import Interval

# A rule's tolerance on == : (amount in base units, False) or (share of the larger
# side, True).
RuleTolerance = tuple[Fraction, bool]
SpanFunction = Callable[[Sequence[Span]], Span]


class NotSingleUse(Exception):
    """The check is outside what the exact interval arithmetic here covers."""


def exact_range(node: expr.Node, spans: Mapping[str, Span],
                constant: Callable[[str], Fraction],
                divisor_ok: Callable[[expr.Node], bool]) -> Span:
    """The values ``node`` takes over the claims' ``spans``, exactly (each claim occurs
    once in it). ``constant`` reads a quoted quantity in base units; ``divisor_ok``
    says whether a divisor is one the general path multiplies out (see ``divides``)."""
    match node:
        case expr.Name(name):
            return spans[name]
        case expr.Num(value):
            return constant_span(value)
        case expr.Qty(text):
            return constant_span(constant(text))
        case expr.Neg(operand):
            return span_scaled(exact_range(operand, spans, constant, divisor_ok), -1)
        case expr.BinOp(op, left, right):
            if op == "/" and not divisor_ok(right):
                raise NotSingleUse
            a = exact_range(left, spans, constant, divisor_ok)
            b = exact_range(right, spans, constant, divisor_ok)
            return _OPERATIONS[op](a, b)
    raise NotSingleUse


def divides(hard: Interval) -> bool:
    """Whether a claim with this hard interval may be a divisor here: one with no 0
    inside it. The general path multiplies such a divisor out, knowing its sign (a 0
    at an end, as in "up to 26,000", is a point where the quotient has no value, and
    neither path takes it as a witness); a divisor that may be either sign it splits
    in two, which spans do not."""
    below = hard.lo is None or hard.lo < 0
    above = hard.hi is None or hard.hi > 0
    return not ((below and above) or hard.lo == hard.hi == 0)


def constant_span(value: Fraction) -> Span:
    if value == 0:
        raise NotSingleUse  # the general path's polynomials lose claims multiplied by 0
    return point_span(value.numerator if value.denominator == 1 else value)


def _ratio(a: int | Fraction, b: int | Fraction) -> Fraction:
    if type(a) is int and type(b) is int:
        return Fraction(a, b)  # one step, not two
    return Fraction(a) / b


def _quotient(a: Span, b: Span) -> Span:
    a_lo, a_hi, a_lo_open, a_hi_open = a
    b_lo, b_hi, b_lo_open, b_hi_open = b
    if a_lo is not None and a_lo >= 0 and b_lo is not None and b_lo > 0 and b_hi is not None:
        # The commonest quotient, a share (part / total): for a >= 0 and b > 0 it runs
        # from a.lo / b.hi to a.hi / b.lo, each end reached where both of its ends are;
        # but an end of 0 is 0 / y for any y, reached where a's 0 is.
        lo, hi = _ratio(a_lo, b_hi), None if a_hi is None else _ratio(a_hi, b_lo)
        return (compact(lo), None if hi is None else compact(hi),
                a_lo_open or (b_hi_open and a_lo != 0),
                a_hi is None or a_hi_open or (b_lo_open and a_hi != 0))
    divisor = span_without_zero(b)
    inverse = None if span_empty(divisor) else span_reciprocal(divisor)
    if inverse is None:  # a divisor of either sign, or only 0: the general path knows
        raise NotSingleUse
    return span_product(a, inverse)


_OPERATIONS: dict[str, Callable[[Span, Span], Span]] = {
    "+": span_sum, "-": span_difference, "*": span_product, "/": _quotient}

_ALLOWED_DIFFERENCES: dict[str, Span] = {
    "<": (None, 0, True, True),
    "<=": (None, 0, True, False),
    "==": (0, 0, False, False),
    ">=": (0, None, False, True),
    ">": (0, None, True, True),
}


def sides_allow(left: Span, op: str, right: Span, tolerance: RuleTolerance | None) -> bool:
    """Whether some value of ``left`` and some of ``right`` (neither empty) satisfy the
    comparison."""
    if tolerance is None and op in _ORDERS:
        return _ORDERS[op](left, right)
    if tolerance is not None and tolerance[1]:
        return within_share(left, right, tolerance[0])
    difference = span_difference(left, right)
    if tolerance is not None:  # abs(left - right) <= amount
        amount = tolerance[0]
        return not span_empty(span_meet(difference, (-amount, amount, False, False)))
    if op == "!=":
        return not (difference[0] == difference[1] == 0)
    return not span_empty(span_meet(difference, _ALLOWED_DIFFERENCES[op]))


def _can_be_below(left: Span, right: Span, strict: bool) -> bool:
    """Some l in ``left`` and r in ``right`` (neither empty) with l < r, or l <= r:
    both spans hold values as close to their ends as one likes, so it turns on the
    least l and the greatest r, and on whether they are reached where they meet."""
    least, greatest = left[0], right[1]
    if least is None or greatest is None or least < greatest:
        return True
    return least == greatest and not strict and not left[2] and not right[3]


def _can_be_equal(left: Span, right: Span) -> bool:
    """Two intervals meet exactly when neither lies wholly below the other."""
    return _can_be_below(left, right, False) and _can_be_below(right, left, False)


# The comparisons without a tolerance, each in one step (the same answers as the
# difference of the sides meeting _ALLOWED_DIFFERENCES, which tolerances still use).
_ORDERS: dict[str, Callable[[Span, Span], bool]] = {
    "<": lambda left, right: _can_be_below(left, right, True),
    "<=": lambda left, right: _can_be_below(left, right, False),
    "==": _can_be_equal,
    ">=": lambda left, right: _can_be_below(right, left, False),
    ">": lambda left, right: _can_be_below(right, left, True),
}


def within_share(left: Span, right: Span, share: Fraction) -> bool:
    """Some l in ``left`` and r in ``right`` with |l - r| <= share * max(|l|, |r|), for
    0 <= share < 1: l and r of one sign, r between (1 - share) l and l / (1 - share)."""
    return _within_share_positive(left, right, share) or _within_share_positive(
        span_scaled(left, -1), span_scaled(right, -1), share)


def _within_share_positive(left: Span, right: Span, share: Fraction) -> bool:
    """The l >= 0 half: for such l the r that work are [(1 - share) l, l / (1 - share)],
    which meets ``right`` exactly when l is at most right.hi / (1 - share) and at least
    (1 - share) * right.lo (strictly where ``right`` is open)."""
    keep = 1 - share
    lo = None if right[0] is None else right[0] * keep
    hi = None if right[1] is None else right[1] / keep
    usable = span_meet((lo, hi, right[2], right[3]), (0, None, False, True))
    return not span_empty(span_meet(left, usable))


# --- one plan per shape of check --------------------------------------------------------


@dataclass(frozen=True)
class SpanPlan:
    """``exact_range`` of both sides of a shape, compiled: functions of the spans of
    the shape's claims, in the order of ``Shape.placeholders``."""

    op: str
    left: SpanFunction
    right: SpanFunction
    divisors: tuple[int, ...]  # the claims that divide (each must pass ``divides``)

    def holds(self, spans: Sequence[Span], tolerance: RuleTolerance | None) -> bool:
        """Whether the comparison can hold with each claim inside its span (none of
        them empty). Raises NotSingleUse for a divisor these spans cannot divide by."""
        return sides_allow(self.left(spans), self.op, self.right(spans), tolerance)


def plan(shape: Shape) -> SpanPlan | None:
    """The plan of a single comparison in which each claim occurs once, else None."""
    tree = shape.tree
    if not isinstance(tree, expr.Compare) or len(tree.ops) != 1:
        return None
    if len(set(shape.placeholders)) != len(shape.placeholders):
        return None
    position = {placeholder: i for i, placeholder in enumerate(shape.placeholders)}
    divisors: list[int] = []
    try:
        left, right = (_side(side, position, divisors) for side in tree.operands)
    except NotSingleUse:
        return None
    return SpanPlan(tree.ops[0], left, right, tuple(divisors))


def _side(node: expr.Node, position: Mapping[str, int], divisors: list[int]) -> SpanFunction:
    """A side of the comparison compiled. A side that is 0 itself (``share >= 0``) is
    the point 0, exactly: ``constant_span`` refuses a 0 only as a term or a factor."""
    if isinstance(node, expr.Num) and node.value == 0:
        return lambda spans: _ZERO
    return _compiled(node, position, divisors)


_ZERO: Span = point_span(0)


def _compiled(node: expr.Node, position: Mapping[str, int], divisors: list[int]) -> SpanFunction:
    match node:
        case expr.Name(name):
            index = position[name]
            return lambda spans: spans[index]
        case expr.Num(value):
            fixed = constant_span(value)
            return lambda spans: fixed
        case expr.Neg(operand):
            inner = _compiled(operand, position, divisors)
            return lambda spans: span_scaled(inner(spans), -1)
        case expr.BinOp(op, left, right):
            if op == "/" and isinstance(right, expr.Name):
                divisors.append(position[right.id])
            elif op == "/" and not isinstance(right, expr.Num):
                raise NotSingleUse  # an expression as divisor: the general path splits it
            return _binary(_OPERATIONS[op], _compiled(left, position, divisors),
                           _compiled(right, position, divisors))
    raise NotSingleUse


def _binary(operation: Callable[[Span, Span], Span], left: SpanFunction,
            right: SpanFunction) -> SpanFunction:
    return lambda spans: operation(left(spans), right(spans))
