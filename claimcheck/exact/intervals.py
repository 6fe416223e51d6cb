"""Intervals, in the two forms claimcheck computes with, and exact arithmetic on them.

``model.Interval`` is the interval of the model: a claim's hard interval and its
reading, the boxes the solver searches, what ``explain`` shows. It stays in
``model.py`` (standard library only, the bottom layer, which every room reads).

A *span* is the same interval as a plain tuple ``(lo, hi, lo_open, hi_open)``,
``None`` for an infinite end (always open), with whole numbers kept as ints. It is
the hot path's form: the span strategies of the engine (``evaluate/spans.py``) decide
most rules of a large file with a few span operations each, and a span operation is
about 19 times as fast as the same on ``Interval`` objects of Fractions (``span_sum``
0.35 us; the sum of two Intervals, Fractions added and an Interval built, 6.6 us,
measured with timeit on one core of the team's machine). ``span`` and
``span_interval`` convert; the ``interval_*`` functions are the span operations for
Intervals, for the solver's ranges.

Each operation gives the exact set of values, ends open or closed, for operands that
vary independently.
"""

from __future__ import annotations

from fractions import Fraction

from claimcheck.model import Interval

# --- Spans: exact interval arithmetic -------------------------------------------------
#
# A span is an interval as a plain tuple ``(lo, hi, lo_open, hi_open)``, ``None`` for an
# infinite end, with whole numbers kept as ints: a rule's arithmetic over claims that
# are counts then runs at the speed of ints, and stays exact (an int meeting a Fraction
# gives a Fraction). Each operation gives the exact set of values, ends open or closed,
# for operands that vary independently.

Number = int | Fraction
Span = tuple[Number | None, Number | None, bool, bool]


def span(interval: Interval) -> Span:
    """The span of ``interval`` (an unbounded end of an Interval is open already)."""
    return compact(interval.lo), compact(interval.hi), interval.lo_open, interval.hi_open


def hull_span(interval: Interval) -> Span:
    """The span of ``interval``'s closed hull: its finite ends closed."""
    lo, hi = compact(interval.lo), compact(interval.hi)
    return lo, hi, lo is None, hi is None


def compact(value: Number | None) -> Number | None:
    """A whole Fraction as an int (int arithmetic is the fast path); others as they are."""
    if value is not None and value.denominator == 1:
        return value.numerator
    return value


def span_interval(s: Span) -> Interval:
    lo, hi, lo_open, hi_open = s
    return Interval(None if lo is None else Fraction(lo), None if hi is None else Fraction(hi),
                    lo_open, hi_open)


def point_span(value: Number) -> Span:
    return value, value, False, False


def span_sum(a: Span, b: Span) -> Span:
    """``{x + y}``: an end is reached when both ends it adds are."""
    lo = None if a[0] is None or b[0] is None else a[0] + b[0]
    hi = None if a[1] is None or b[1] is None else a[1] + b[1]
    return lo, hi, lo is None or a[2] or b[2], hi is None or a[3] or b[3]


def span_difference(a: Span, b: Span) -> Span:
    """``{x - y}``."""
    lo = None if a[0] is None or b[1] is None else a[0] - b[1]
    hi = None if a[1] is None or b[0] is None else a[1] - b[0]
    return lo, hi, lo is None or a[2] or b[3], hi is None or a[3] or b[2]


def span_scaled(a: Span, factor: Number) -> Span:
    """``{factor * x}`` for a non-zero ``factor``."""
    lo = None if a[0] is None else a[0] * factor
    hi = None if a[1] is None else a[1] * factor
    if factor > 0:
        return lo, hi, a[2], a[3]
    return hi, lo, a[3], a[2]


def span_product(a: Span, b: Span) -> Span:
    """``{x * y}`` for x in ``a`` and y in ``b``, both non-empty.

    Its least and greatest values are products of ends. A non-zero one is reached only
    at ends that are both closed (inside either span the product still moves); zero is
    reached when either span holds 0."""
    corners = [(_corner(x, x_side, y, y_side), x_closed and y_closed)
               for x, x_side, x_closed in _span_ends(a) for y, y_side, y_closed in _span_ends(b)]
    low = min(corner for corner, _ in corners)
    high = max(corner for corner, _ in corners)

    def reached(value: _Corner) -> bool:
        if value[0]:  # an infinity
            return False
        if value[1] == 0:
            return span_holds_zero(a) or span_holds_zero(b)
        return any(v == value and closed for v, closed in corners)

    return (None if low[0] else compact(low[1]), None if high[0] else compact(high[1]),
            not reached(low), not reached(high))


# A product of two ends, in span_product: ``(0, x)`` for the number x, ``(-1, 0)`` and
# ``(1, 0)`` for minus and plus infinity, so that corners order as on the extended line
# (tuples compare item by item). Only here does an infinite end need its sign; a span
# keeps its ends as numbers or None.
_Corner = tuple[int, Number]


def _span_ends(a: Span) -> tuple[tuple[Number | None, int, bool], tuple[Number | None, int, bool]]:
    """Both ends of ``a``, each with its side (-1 low, 1 high: the sign of an infinite
    end) and whether ``a`` holds it (an infinite end it never does)."""
    lo, hi, lo_open, hi_open = a
    return (lo, -1, lo is not None and not lo_open), (hi, 1, hi is not None and not hi_open)


def _corner(x: Number | None, x_side: int, y: Number | None, y_side: int) -> _Corner:
    """``x * y``, an end None being infinite on its side."""
    # In interval arithmetic 0 * inf is 0: the bound 0 times an unbounded side stays 0.
    if x == 0 or y == 0:
        return 0, 0
    if x is None or y is None:  # an infinity: only the signs count
        x_sign = x_side if x is None else 1 if x > 0 else -1
        y_sign = y_side if y is None else 1 if y > 0 else -1
        return x_sign * y_sign, 0
    return 0, x * y


def span_reciprocal(a: Span) -> Span | None:
    """``{1 / x}`` for x in ``a``; ``None`` when ``a`` holds 0."""
    if span_holds_zero(a):
        return None
    lo, hi, lo_open, hi_open = a
    # An infinite end becomes a 0 never reached; an (open) 0 end becomes infinite.
    new_lo = Fraction(0) if hi is None else None if hi == 0 else 1 / Fraction(hi)
    new_hi = Fraction(0) if lo is None else None if lo == 0 else 1 / Fraction(lo)
    return compact(new_lo), compact(new_hi), hi is None or hi_open, lo is None or lo_open


def span_without_zero(a: Span) -> Span:
    """``a`` with a closed 0 end made open: where a divisor is 0 the quotient has no
    value. A 0 inside ``a`` stays (``span_reciprocal`` refuses such a span)."""
    lo, hi, lo_open, hi_open = a
    return lo, hi, lo_open or lo == 0, hi_open or hi == 0


def span_holds_zero(a: Span) -> bool:
    lo, hi, lo_open, hi_open = a
    above = lo is None or lo < 0 or (lo == 0 and not lo_open)
    below = hi is None or hi > 0 or (hi == 0 and not hi_open)
    return above and below


def span_meet(a: Span, b: Span) -> Span:
    """Where both spans hold (it may be empty)."""
    lo, hi, lo_open, hi_open = a
    if b[0] is not None and (lo is None or b[0] > lo or (b[0] == lo and b[2])):
        lo, lo_open = b[0], b[2]
    if b[1] is not None and (hi is None or b[1] < hi or (b[1] == hi and b[3])):
        hi, hi_open = b[1], b[3]
    return lo, hi, lo_open, hi_open


def span_empty(a: Span) -> bool:
    lo, hi, lo_open, hi_open = a
    if lo is None or hi is None:
        return False
    return lo > hi or (lo == hi and (lo_open or hi_open))


def interval_sum(a: Interval, b: Interval) -> Interval:
    """``{x + y}``: an end is reached when both ends it adds are."""
    return span_interval(span_sum(span(a), span(b)))


def interval_scaled(a: Interval, factor: Fraction) -> Interval:
    return span_interval(span_scaled(span(a), factor))


def interval_product(a: Interval, b: Interval) -> Interval:
    """``{x * y}`` for x in ``a`` and y in ``b``, both non-empty, ends exact."""
    return span_interval(span_product(span(a), span(b)))


def interval_reciprocal(a: Interval) -> Interval | None:
    """``{1 / x}`` for x in ``a``, exactly; ``None`` when ``a`` holds 0."""
    inverse = span_reciprocal(span(a))
    return None if inverse is None else span_interval(inverse)
