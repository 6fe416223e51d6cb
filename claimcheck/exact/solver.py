"""Can a conjunction of constraints hold for some values inside the claims' intervals?

Linear constraints (the great majority: sums, parts of a whole, ratios multiplied
out) are decided exactly by Fourier-Motzkin elimination over fractions, with strict
and non-strict inequalities kept apart so that an open bound (``more than 2,800``)
never meets the value it excludes.

Constraints with products of claims (``share * total == part``) are decided by
branch and bound: interval arithmetic prunes the boxes where a constraint cannot
hold, exact evaluation at points inside a box finds witnesses, and a box on which
only linear constraints are undecided is handed to the exact solver. Such a search
is bounded; when the bound is reached the answer is "undecided", which the engine
reports as holding (claimcheck never accuses a document it could not refute).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from claimcheck.exact.algebra import (
    Conjunction,
    Constraint,
    Monomial,
    Poly,
    is_linear,
    substitute,
    variables,
)
from claimcheck.exact.intervals import (
    Span,
    hull_span,
    interval_product,
    interval_scaled,
    interval_sum,
    span_interval,
    span_product,
    span_scaled,
    span_sum,
)
from claimcheck.model import Interval

# Boxes the branch-and-bound search may look at for one conjunction. Products of
# claims in real rules are decided in a few dozen; this bound keeps a pathological
# rule from stalling the run.
MAX_BOXES = 2000

Box = Mapping[str, Interval]


class Answer(enum.Enum):
    YES = "yes"
    NO = "no"
    UNDECIDED = "undecided"


def satisfiable(alternatives: Sequence[Conjunction], box: Box) -> Answer:
    """Whether any of the conjunctions can hold with every variable inside ``box``."""
    undecided = False
    for conjunction in alternatives:
        answer = conjunction_satisfiable(conjunction, box)
        if answer is Answer.YES:
            return Answer.YES
        undecided = undecided or answer is Answer.UNDECIDED
    return Answer.UNDECIDED if undecided else Answer.NO


def conjunction_satisfiable(conjunction: Conjunction, box: Box, *,
                            max_boxes: int | None = None) -> Answer:
    """Whether the conjunction holds somewhere in ``box``; a product it cannot settle
    within ``max_boxes`` boxes of its search (default ``MAX_BOXES``) is UNDECIDED."""
    names = {name for c in conjunction for name in variables(c.poly)}
    if any(box[name].is_empty() for name in names):
        return Answer.NO
    conjunction = _fix_points(conjunction, box)
    if all(is_linear(c.poly) for c in conjunction):
        return Answer.YES if _linear_answer(conjunction, box) else Answer.NO
    answer = one_form_feasible(conjunction, box)
    if answer is not None:  # exact: a product's open corner is refuted, not searched for
        return Answer.YES if answer else Answer.NO
    # Only the conjunction's own variables matter; the search copies its box often.
    return branch_and_bound(conjunction, {name: box[name] for name in names},
                            MAX_BOXES if max_boxes is None else max_boxes)


def _linear_answer(conjunction: Sequence[Constraint], box: Box) -> bool:
    """``linear_feasible``, by a range check when the constraints all bound one form."""
    answer = one_form_feasible(conjunction, box)
    return linear_feasible(conjunction, box) if answer is None else answer


def _fix_points(conjunction: Conjunction, box: Box) -> Conjunction:
    """Put exact claims in as numbers: ``share * 200`` is linear where ``share * total`` is not."""
    points = {
        name: interval.lo
        for c in conjunction for name in variables(c.poly)
        if (interval := box[name]).lo is not None and interval.lo == interval.hi
    }
    if not points:
        return conjunction
    return tuple(Constraint(substitute(c.poly, points), c.op) for c in conjunction)


# --- Fourier-Motzkin ---------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """``sum(coefs[x] * x) + const  op  0`` with op ``<``, ``<=`` or ``==``."""

    coefs: dict[str, Fraction]
    const: Fraction
    op: str


def linear_feasible(conjunction: Sequence[Constraint], box: Box) -> bool:
    rows = [_row(c) for c in conjunction]
    names = sorted({name for row in rows for name in row.coefs})
    rows += [bound for name in names for bound in _box_rows(name, box[name])]
    return _feasible(rows)


def _row(constraint: Constraint) -> _Row:
    coefs: dict[str, Fraction] = {}
    const = Fraction(0)
    for mono, coef in constraint.poly.items():
        if mono:
            coefs[mono[0][0]] = coef
        else:
            const = coef
    return _Row(coefs, const, constraint.op)


def _box_rows(name: str, interval: Interval) -> list[_Row]:
    rows = []
    if interval.lo is not None:  # lo - x <= 0
        rows.append(_Row({name: Fraction(-1)}, interval.lo, "<" if interval.lo_open else "<="))
    if interval.hi is not None:  # x - hi <= 0
        rows.append(_Row({name: Fraction(1)}, -interval.hi, "<" if interval.hi_open else "<="))
    return rows


def _feasible(rows: list[_Row]) -> bool:
    return _eliminated(rows) is not None


def _eliminated(rows: list[_Row], keep: str | None = None) -> list[_Row] | None:
    """Fourier-Motzkin elimination of every variable of ``rows`` but ``keep``: the rows
    left, in ``keep`` alone (none when ``keep`` is None), or None when the rows cannot
    all hold. Equalities first substitute a variable each (exactly, no blow-up); then
    the cheapest variable goes at each step, strict and non-strict rows kept apart, so
    the answer is exact both ways, open and closed ends included."""
    remaining = _substitute_equalities(rows, keep)
    if remaining is None:
        return None
    while True:
        if any(_constant_false(row) for row in remaining if not row.coefs):
            return None
        remaining = [row for row in remaining if row.coefs]
        others = {n for row in remaining for n in row.coefs} - {keep}
        if not others:
            return remaining
        remaining = _eliminate(remaining, _cheapest(remaining, others))


def _constant_false(row: _Row) -> bool:
    if row.op == "==":
        return row.const != 0
    return row.const >= 0 if row.op == "<" else row.const > 0


def _substitute_equalities(rows: list[_Row], keep: str | None = None
                           ) -> list[_Row] | None:
    """Use each equality to eliminate one variable exactly (no Fourier-Motzkin blow-up),
    never ``keep``; None when an equality left reads ``c == 0`` with c not 0."""
    while True:
        equality = next((r for r in rows if r.op == "==" and any(
            name != keep for name in r.coefs)), None)
        if equality is None:
            return rows
        name = next(name for name in equality.coefs if name != keep)
        coef = equality.coefs[name]
        # x = -(rest + const) / coef
        rows = [_substitute(row, name, equality, coef) for row in rows if row is not equality]
        if any(r.op == "==" and not r.coefs and r.const != 0 for r in rows):
            return None


def _substitute(row: _Row, name: str, equality: _Row, coef: Fraction) -> _Row:
    own = row.coefs.get(name)
    if own is None:
        return row
    factor = -own / coef
    return _combine(row, equality, Fraction(1), factor, row.op)


def _combine(a: _Row, b: _Row, fa: Fraction, fb: Fraction, op: str) -> _Row:
    coefs = {name: coef * fa for name, coef in a.coefs.items()}
    for name, coef in b.coefs.items():
        coefs[name] = coefs.get(name, Fraction(0)) + coef * fb
    return _Row({n: c for n, c in coefs.items() if c}, a.const * fa + b.const * fb, op)


def _cheapest(rows: list[_Row], names: set[str]) -> str:
    """The name of ``names`` whose elimination adds the fewest rows (ties: the first)."""
    def cost(name: str) -> int:
        upper = sum(1 for r in rows if r.coefs.get(name, 0) > 0)
        lower = sum(1 for r in rows if r.coefs.get(name, 0) < 0)
        return upper * lower - upper - lower

    return min(sorted(names), key=cost)


def _eliminate(rows: list[_Row], name: str) -> list[_Row]:
    uppers = [r for r in rows if r.coefs.get(name, 0) > 0]
    lowers = [r for r in rows if r.coefs.get(name, 0) < 0]
    kept = [r for r in rows if name not in r.coefs]
    for up, low in product(uppers, lowers):
        op = "<" if "<" in (up.op, low.op) else "<="
        kept.append(_combine(up, low, 1 / up.coefs[name], 1 / -low.coefs[name], op))
    return _deduplicated(kept)


def _deduplicated(rows: list[_Row]) -> list[_Row]:
    seen: dict[tuple[object, ...], _Row] = {}
    for row in rows:
        key = (tuple(sorted(row.coefs.items())), row.const, row.op)
        seen.setdefault(key, row)
    return list(seen.values())


# --- One form: a range check -------------------------------------------------------
#
# The commonest conjunctions bound one form f and nothing else: ``a + b - t == 0`` (a
# sum), ``p - w <= 0`` (a part of a whole), ``0 <= d <= 5`` (abs(d) <= 5, a tolerance),
# ``12,081 <= s * w <= 12,327`` (a share of a whole, within 2%). Each constraint is
# ``k * f + c op 0``, so together they allow f one interval. When no claim occurs in
# two terms of f and none is raised to a power, the values f takes over the box are
# exactly the sum of its terms' ranges, each the product of its claims' intervals: an
# interval whose ends, open or closed, are computed exactly here. The conjunction can
# hold exactly when the two intervals meet. For a linear f this is what Fourier-Motzkin
# elimination answers, without building rows; for a product it is an exact answer
# where branch and bound may run out of boxes.

EVERYWHERE = Interval(None, None, True, True)


def one_form_feasible(conjunction: Sequence[Constraint], box: Box) -> bool | None:
    """Exactly whether constraints that all bound one form ``f`` (each is
    ``k * f + c op 0``) can hold inside ``box``; ``None`` when they bound several forms
    or ``f`` repeats a claim (ask ``linear_feasible`` or the search). The intervals of
    the variables must not be empty."""
    form: dict[Monomial, Fraction] | None = None
    allowed = EVERYWHERE  # the values of f the constraints allow
    for constraint in conjunction:
        terms, const = _split_constant(constraint.poly)
        if not terms:
            if _constant_false(_Row({}, const, constraint.op)):
                return False
            continue
        form = form or terms
        factor = _proportion(terms, form)
        if factor is None:
            return None
        allowed = allowed.intersect(_allowed_values(factor, const, constraint.op))
    if form is None:
        return True
    values = form_range(form, box)
    if values is not None:
        return not allowed.intersect(values).is_empty()
    inner = _inner_range(form, box)
    if inner is not None and not allowed.intersect(inner).is_empty():
        return True
    return None


def _split_constant(poly: Poly) -> tuple[dict[Monomial, Fraction], Fraction]:
    terms = {mono: coef for mono, coef in poly.items() if mono and coef}
    return terms, poly.get((), Fraction(0))


def _proportion(terms: Mapping[Monomial, Fraction],
                form: Mapping[Monomial, Fraction]) -> Fraction | None:
    """The k with ``terms == k * form``, if there is one."""
    if terms is form:
        return Fraction(1)
    if terms.keys() != form.keys():
        return None
    first = next(iter(form))
    factor = terms[first] / form[first]
    if any(terms[mono] != factor * coef for mono, coef in form.items()):
        return None
    return factor


def _allowed_values(factor: Fraction, const: Fraction, op: str) -> Interval:
    """The values of f with ``factor * f + const op 0``."""
    bound = -const / factor
    if op == "==":
        return Interval(bound, bound)
    strict = op == "<"
    if factor > 0:  # f < bound (or <=)
        return Interval(None, bound, True, strict)
    return Interval(bound, None, strict, True)


def form_range(form: Mapping[Monomial, Fraction], box: Box) -> Interval | None:
    """The exact set of values of ``form`` over ``box`` (no interval empty), when no
    variable occurs twice in it; else ``None``."""
    seen: set[str] = set()
    total = Interval(Fraction(0), Fraction(0))
    for mono, coef in form.items():
        term: Interval | None = None
        for name, exp in mono:
            if exp != 1 or name in seen:
                return None
            seen.add(name)
            term = box[name] if term is None else interval_product(term, box[name])
        assert term is not None
        total = interval_sum(total, interval_scaled(term, coef))
    return total


# A form with a claim in two of its terms (``part - whole * share - whole / 100``) and
# each claim to the power 1 is affine in each claim, so over a bounded box its least
# and greatest values are at corners, and it takes every value strictly between them
# (the box is connected). Whether it reaches the extremes themselves depends on open
# bounds, so only that open interval is sure: enough to prove that some value works,
# never that none does.
MAX_CORNER_VARIABLES = 8


def _inner_range(form: Mapping[Monomial, Fraction], box: Box) -> Interval | None:
    """Values ``form`` surely takes over ``box``: the open interval between its least
    and greatest corner values (the one value, closed, when they are equal)."""
    names = sorted({name for mono in form for name, _ in mono})
    if len(names) > MAX_CORNER_VARIABLES or any(exp != 1 for mono in form for _, exp in mono):
        return None
    ends = []
    for name in names:
        interval = box[name]
        if interval.lo is None or interval.hi is None:
            return None
        ends.append((interval.lo, interval.hi))
    values = [_evaluate(form, dict(zip(names, corner, strict=True))) for corner in product(*ends)]
    low, high = min(values), max(values)
    return Interval(low, high) if low == high else Interval(low, high, True, True)


# --- Ranges ------------------------------------------------------------------------


def poly_range(poly: Poly, box: Box) -> Interval:
    """An enclosure of ``poly`` over the closed hull of ``box`` (its finite ends closed,
    an unbounded one None); exact when linear."""
    total: Span = (0, 0, False, False)
    for mono, coef in poly.items():
        term: Span
        if not mono or not coef:
            term = (coef if mono == () else 0, coef if mono == () else 0, False, False)
        elif len(mono) == 1 and mono[0][1] == 1:  # coef * x: the commonest term, directly
            term = span_scaled(hull_span(box[mono[0][0]]), coef)
        else:
            term = span_scaled(_monomial_range(mono, box), coef)
        total = span_sum(total, term)
    return span_interval((total[0], total[1], total[0] is None, total[1] is None))


def _monomial_range(mono: Monomial, box: Box) -> Span:
    """The values of a product of claims over the closed hull of ``box``."""
    values: Span = (1, 1, False, False)
    for name, exp in mono:
        factor = hull_span(box[name])
        for _ in range(exp):
            values = span_product(values, factor)
    return values


def poly_sign(poly: Poly, box: Box) -> int:
    """1 or -1 when ``poly`` keeps that sign all over ``box``, else 0 (a denominator's
    sign, where the box settles it)."""
    values = poly_range(poly, box)
    if values.lo is not None and values.lo > 0:
        return 1
    return -1 if values.hi is not None and values.hi < 0 else 0


# --- Branch and bound --------------------------------------------------------------


def branch_and_bound(conjunction: Conjunction, box: Box, max_boxes: int) -> Answer:
    """The search alone (``conjunction_satisfiable`` tries exact answers first): boxes
    split in halves, each decided or split again, at most ``max_boxes`` of them."""
    nonlinear = sorted({
        name for c in conjunction if not is_linear(c.poly) for name in variables(c.poly)
    })
    stack = [dict(box)]
    for _ in range(max_boxes):
        if not stack:
            return Answer.NO
        answer = _examine(conjunction, stack.pop(), nonlinear, stack)
        if answer is Answer.YES:
            return answer
    return Answer.UNDECIDED


def _examine(conjunction: Conjunction, box: dict[str, Interval], nonlinear: list[str],
             stack: list[dict[str, Interval]]) -> Answer:
    """Decide one box, or split it onto ``stack``."""
    open_constraints = []
    for constraint in conjunction:
        verdict = _verdict(constraint, box)
        if verdict is False:
            return Answer.NO
        if verdict is None:
            open_constraints.append(constraint)
    if all(is_linear(c.poly) for c in open_constraints):
        return Answer.YES if _linear_answer(open_constraints, box) else Answer.NO
    if _holds_at(conjunction, _centre(box)) or _crosses_zero(open_constraints, box):
        return Answer.YES
    stack.extend(_halves(box, nonlinear))
    return Answer.UNDECIDED


def _verdict(constraint: Constraint, box: Box) -> bool | None:
    """True: holds all over the box; False: nowhere in it; None: cannot tell."""
    values = poly_range(constraint.poly, box)
    below = values.hi is not None and values.hi < 0  # all over the box
    above = values.lo is not None and values.lo > 0
    if constraint.op == "<":
        return True if below else False if values.lo is not None and values.lo >= 0 else None
    if constraint.op == "<=":
        return True if below or values.hi == 0 else False if above else None
    if values.lo == values.hi == 0:
        return True
    return False if above or below else None


def _crosses_zero(open_constraints: list[Constraint], box: Box) -> bool:
    """One equality left open, everything else true all over the box: if the equality's
    polynomial takes both signs at points inside the box, it is zero between them
    (it is continuous and the box is connected)."""
    if len(open_constraints) != 1 or open_constraints[0].op != "==":
        return False
    poly = open_constraints[0].poly
    signs = {_sign(_evaluate(poly, point)) for point in _inner_points(box, poly)}
    return 0 in signs or signs == {-1, 1}


def _sign(value: Fraction) -> int:
    return (value > 0) - (value < 0)


def _inner_points(box: Box, poly: Poly) -> list[dict[str, Fraction]]:
    """The centre and the corners of the box (pulled half-way in where a bound is open)."""
    centre = _centre(box)
    names = sorted(variables(poly))[:6]  # 2**6 corners at most
    quarter = {n: _quarter_points(box[n], centre[n]) for n in names}
    points = [centre]
    for corner in product(*(quarter[n] for n in names)):
        points.append({**centre, **dict(zip(names, corner, strict=True))})
    return points


def _quarter_points(interval: Interval, centre: Fraction) -> tuple[Fraction, Fraction]:
    """Per side: the end itself when the interval includes it, else half-way to it."""
    lo = interval.lo if interval.lo is not None else centre - max(abs(centre), Fraction(1)) * 4
    hi = interval.hi if interval.hi is not None else centre + max(abs(centre), Fraction(1)) * 4
    low_point = lo if interval.lo is not None and not interval.lo_open else (lo + centre) / 2
    high_point = hi if interval.hi is not None and not interval.hi_open else (hi + centre) / 2
    return low_point, high_point


_HOLDS = {
    "<": lambda value: value < 0,
    "<=": lambda value: value <= 0,
    "==": lambda value: value == 0,
}


def _holds_at(conjunction: Conjunction, point: dict[str, Fraction]) -> bool:
    return all(_HOLDS[c.op](_evaluate(c.poly, point)) for c in conjunction)


def _evaluate(poly: Poly, point: Mapping[str, Fraction]) -> Fraction:
    total = Fraction(0)
    for mono, coef in poly.items():
        term = coef
        for name, exp in mono:
            term *= point[name] ** exp
        total += term
    return total


def _centre(box: Box) -> dict[str, Fraction]:
    return {name: _inner_point(interval) for name, interval in box.items()}


def _inner_point(interval: Interval) -> Fraction:
    """A point inside the interval, the middle when it is bounded."""
    lo, hi = interval.lo, interval.hi
    if lo is not None and hi is not None:
        return (lo + hi) / 2
    if lo is not None:
        return lo + max(abs(lo), Fraction(1))
    if hi is not None:
        return hi - max(abs(hi), Fraction(1))
    return Fraction(0)


def _halves(box: dict[str, Interval], names: list[str]) -> list[dict[str, Interval]]:
    name = max(names, key=lambda n: _width(box[n]))  # an unbounded one first
    interval = box[name]
    middle = _inner_point(interval)
    left = Interval(interval.lo, middle, interval.lo_open, False)
    right = Interval(middle, interval.hi, True, interval.hi_open)
    return [{**box, name: part} for part in (right, left) if not part.is_empty()]


def _width(interval: Interval) -> tuple[bool, Fraction]:
    """Width relative to magnitude, so that a share (0.105 to 0.115) gets split as
    readily as a total (190 to 210); an unbounded interval is wider than any (True)."""
    if interval.lo is None or interval.hi is None:
        return True, Fraction(0)
    size = max(abs(interval.lo), abs(interval.hi))
    return False, (interval.hi - interval.lo) / size if size else Fraction(0)


# --- Projection --------------------------------------------------------------------


def project(conjunction: Conjunction, box: Box, name: str) -> Interval | None:
    """The values of ``name`` for which a linear conjunction holds with every other
    variable inside ``box`` (``box[name]`` is ignored): one interval, or ``None``.

    Fourier-Motzkin eliminates every other variable exactly, with strict and non-strict
    rows kept apart, so each bound of the answer is open or closed as it should be
    (the projection of a convex set is convex: one interval). Raises ``ValueError``
    when the conjunction is not linear once the exact claims are put in.
    """
    free = {**box, name: EVERYWHERE}
    if any(free[n].is_empty() for c in conjunction for n in variables(c.poly)):
        return None
    conjunction = _fix_points(conjunction, free)
    if not all(is_linear(c.poly) for c in conjunction):
        raise ValueError("project() needs linear constraints")
    rows = [_row(c) for c in conjunction]
    others = sorted({n for row in rows for n in row.coefs} - {name})
    rows += [bound for other in others for bound in _box_rows(other, free[other])]
    remaining = _eliminated(rows, name)
    return None if remaining is None else _bounds(remaining, name)


def _bounds(rows: list[_Row], name: str) -> Interval | None:
    """Rows ``a * name + c op 0`` in ``name`` alone, intersected into one interval."""
    result = Interval(None, None, True, True)
    for row in rows:
        coef = row.coefs[name]
        at = -row.const / coef
        strict = row.op == "<"
        if row.op == "==":
            result = result.intersect(Interval(at, at))
        elif coef > 0:  # name < at (or <=)
            result = result.intersect(Interval(None, at, True, strict))
        else:
            result = result.intersect(Interval(at, None, strict, True))
    return None if result.is_empty() else result


