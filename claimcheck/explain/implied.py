"""What one claim would have to be for a rule to hold, the other claims staying put.

For a rule and one claim in it, the *implied set* is every value that claim may take
so that the rule can hold while each other claim stays inside its hard interval (or,
asked separately, inside its reading). The rule is a disjunction of polynomial
conjunctions (``engine.rule_constraints``); each linear conjunction is projected onto
the claim exactly by Fourier-Motzkin elimination (``solver.project``), with open and
closed bounds kept apart, and the union over the alternatives is merged into disjoint
intervals. ``outstanding <= stolen`` with ``stolen`` read as (2,800, 2,900] implies
``outstanding`` at most 2,900; ``a / b > 0.5`` with ``b`` in [10, 20] implies
``a`` more than 5.

A conjunction that stays nonlinear once the exact claims are put in (``share *
total == part`` with every claim uncertain) is bracketed by bisection instead: the
answer is a closed interval that encloses the true set, marked ``approximate``.

A derived claim in a rule is freed from its expression: its implied set is the values
the rule allows the derived value to take, everything else held. It is not adjustable
by itself; the claims it is built from are.

All numbers here are in base units (``engine.Quantity``); ``in_unit`` converts back.
Pass an evaluation focused on the rule (``focus``): the boxes are built from all of an
evaluation's claims.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from claimcheck.claims import expr
from claimcheck.claims.load import Loaded
from claimcheck.evaluate.engine import (
    FileEvaluation,
    Quantity,
    hard_box,
    reading_box,
    rule_constraints,
)
from claimcheck.exact import algebra
from claimcheck.exact.algebra import Conjunction, Piece
from claimcheck.exact.solver import (
    Answer,
    Box,
    conjunction_satisfiable,
    poly_range,
    poly_sign,
    project,
)
from claimcheck.model import Interval, Rule, Status
from claimcheck.quantities.units import Unit

ANYWHERE = Interval(None, None, True, True)
VALUE = "@value"  # a variable name no claim id can take: the value of an expression

# Bisection of a nonlinear projection: how far out to look (a multiple of the largest
# number in the problem) and how many halvings to make. 48 halvings of that reach
# leave a bracket far narrower than any rounding a document uses.
REACH_FACTOR = 1000
BISECTION_STEPS = 48  # the reach to one part in 2**48 (some 15 digits)
# The search for each of a bracketing's ~160 probes. An undecided probe counts as
# working, so a smaller search only widens the enclosure; with the solver's full 2,000
# boxes, explaining a claim of a product rule (share * whole == part) took 20 s.
BRACKET_BOXES = 50
# The probes one projection may make in all, over every alternative of the rule: a rule
# with max() and products splits into dozens of alternatives of ~100 probes each, and
# explaining one took 8 s (another over 150 s). Once they are spent, each edge stops
# where its bisection is (the enclosure only grows wider) and the range is approximate.
BRACKET_PROBES = 400
# And the probes of all the claims of one rule (``needs``), and the highest degree a
# polynomial may have to be bracketed at all: a probe multiplies out each power of an
# interval, and one of a * a * ... (199 factors) took a quarter of a second. Past
# either, a claim's range is the whole line, marked approximate.
NEEDS_PROBES = 300
MAX_BRACKET_DEGREE = 12


@dataclass(frozen=True)
class Implied:
    """A set of values as disjoint intervals in increasing order; ``()`` is no value."""

    intervals: tuple[Interval, ...]
    approximate: bool = False
    note: str = ""  # "no upper bound found", "whole numbers of plane", for people
    unsigned: bool = False  # cut at 0: the claim's values are never negative

    def meets(self, interval: Interval) -> bool:
        """Whether some value of ``interval`` is in the set."""
        return any(not interval.intersect(part).is_empty() for part in self.intervals)


@dataclass(frozen=True)
class Need:
    """What one claim of a rule would need for the rule to hold.

    ``implied`` and ``current`` are in base units, against the box that decides the
    rule's status (hard for a ``fail``, reading otherwise). ``change`` is the distance
    from ``current`` to ``implied`` (``None``: no value of this claim alone works; 0
    with ``meets`` false: it only has to move past an open bound); ``relative`` is
    ``change`` over the claim's magnitude (``None`` for a date or a zero).
    """

    claim: str
    derived: bool
    implied: Implied
    current: Interval
    change: Fraction | None
    relative: Fraction | None
    meets: bool


# --- focusing on a rule ------------------------------------------------------------


def claims_of(loaded: Loaded, names: Iterable[str]) -> list[str]:
    """``names`` and every claim they are built from, transitively, in a stable order."""
    found: dict[str, None] = {}
    pending = list(reversed(list(names)))
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found[name] = None
        if name in loaded.derived:
            pending += reversed([n.id for n in expr.names(loaded.derived[name])])
    return list(found)


def focus(loaded: Loaded, rule_ids: Iterable[str] = (), claim_ids: Iterable[str] = ()) -> Loaded:
    """The part of a file that some rules and claims touch, as a file of its own.

    ``engine.prepare`` on it costs what those claims cost, not what the file costs.
    """
    rules = {rid: loaded.file.rules[rid] for rid in rule_ids}
    named = [n.id for rid in rules for n in expr.names(loaded.checks[rid])]
    wanted = claims_of(loaded, [*named, *claim_ids])
    claims = {cid: loaded.file.claims[cid] for cid in wanted}
    file = replace(loaded.file, claims=claims, rules=rules)
    derived = {cid: loaded.derived[cid] for cid in wanted if cid in loaded.derived}
    return Loaded(file, {rid: loaded.checks[rid] for rid in rules}, derived)


# --- implied sets ------------------------------------------------------------------


def implied_values(evaluation: FileEvaluation, rule: Rule, name: str) -> tuple[Implied, Implied]:
    """The values ``name`` may take for ``rule`` to hold: (others in hard, others in reading).

    ``name`` is a stated claim of the rule (directly or inside a derived claim), or a
    derived claim the rule names, whose value is then freed from its expression.
    """
    freed = _freed(evaluation, name)
    alternatives = rule_constraints(freed, rule)
    hard = {k: v for k, v in hard_box(evaluation).items() if k != name}
    reading = {k: v for k, v in reading_box(evaluation).items() if k != name}
    return (as_claim(evaluation, name, project_alternatives(alternatives, hard, name)),
            as_claim(evaluation, name, project_alternatives(alternatives, reading, name)))


def _implied_within(evaluation: FileEvaluation, rule: Rule, name: str, hard: bool,
                    probes: list[int]) -> Implied:
    """One of ``implied_values``: with the others in their hard intervals or their
    readings, spending bracketing probes from ``probes``."""
    alternatives = rule_constraints(_freed(evaluation, name), rule)
    box = hard_box(evaluation) if hard else reading_box(evaluation)
    box.pop(name, None)
    return as_claim(evaluation, name, project_alternatives(alternatives, box, name, probes))


# --- what a claim can be at all ------------------------------------------------------

NOT_NEGATIVE = Interval(Fraction(0), None, False, True)


def as_claim(evaluation: FileEvaluation, name: str, found: Implied) -> Implied:
    """``found`` cut to the values the claim can take: an unsigned claim never goes
    below 0, a count written as a whole number takes whole values (the note says so);
    and an end a bracketing could not find is said to be not found, not infinite."""
    quantity = evaluation.quantities.get(name)
    written = quantity.claim.written if quantity else None
    parts = found.intervals
    notes = []
    unsigned = written is not None and not written.is_date and not written.signed
    if unsigned:
        parts = tuple(p.intersect(NOT_NEGATIVE) for p in parts)
    if quantity is not None and written is not None and _whole_count(evaluation, quantity):
        whole = tuple(_whole(p) for p in parts)
        if whole != parts:
            notes.append(f"whole numbers of {evaluation.units.describe(quantity.dimension)}")
        parts = whole
    parts = merge(parts)
    if found.approximate and parts and parts[0].lo is None:
        notes.append("no lower bound found")
    if found.approximate and parts and parts[-1].hi is None:
        notes.append("no upper bound found")
    return Implied(parts, found.approximate, "; ".join(notes), unsigned)


def _whole_count(evaluation: FileEvaluation, quantity: Quantity) -> bool:
    """A count noun's claim, written as a whole number of them (not ``2.5 weapons``)."""
    written = quantity.claim.written
    if written is None or written.percent or (written.number * quantity.unit.factor
                                              ).denominator != 1:
        return False
    nouns = {f"[{noun}]" for noun in evaluation.units.count_nouns}
    return len(quantity.dimension) == 1 and quantity.dimension[0][1] == 1 and (
        quantity.dimension[0][0] in nouns)


def _whole(part: Interval) -> Interval:
    """The whole numbers of ``part``, as a closed interval (empty if there are none)."""
    lo = hi = None
    if part.lo is not None:  # past an open end, or up to the next whole number
        lo = Fraction(part.lo.numerator // part.lo.denominator + 1
                      if part.lo_open or part.lo.denominator != 1 else part.lo)
    if part.hi is not None:
        hi = Fraction(-((-part.hi.numerator) // part.hi.denominator) - 1
                      if part.hi_open or part.hi.denominator != 1 else part.hi)
    return Interval(lo, hi, lo is None, hi is None)


def _freed(evaluation: FileEvaluation, name: str) -> FileEvaluation:
    """``evaluation`` with ``name`` unbounded, so that the constraints built from it
    (which split on the sign of denominators) hold for every value of ``name``."""
    quantities = dict(evaluation.quantities)
    current = quantities.get(name)
    claim = current.claim if current else evaluation.file.claims[name]
    dimension = evaluation.dimensions.get(name, ())
    unit = current.unit if current else Unit(Fraction(1), dimension, "")
    quantities[name] = Quantity(claim, unit, dimension, ANYWHERE, ANYWHERE)
    pieces = {k: v for k, v in evaluation.derived_pieces.items() if k != name}
    return replace(evaluation, quantities=quantities, derived_pieces=pieces)


def project_alternatives(alternatives: Sequence[Conjunction], box: Box, name: str,
                         budget: list[int] | None = None) -> Implied:
    """The union over the alternatives of each one's projection onto ``name``;
    ``budget`` (a one-item list) caps the bracketing probes, with ``BRACKET_PROBES``."""
    parts: list[Interval] = []
    approximate = False
    probes = [min(BRACKET_PROBES, budget[0])] if budget else [BRACKET_PROBES]
    for conjunction in alternatives:
        try:
            found: list[Interval] | None = _listed(project(conjunction, box, name))
        except ValueError:  # nonlinear even with the exact claims put in
            found = by_points(conjunction, box, name)
            if found is None:  # not linear once ``name`` is fixed, or no value found
                found = _listed(_bracketed(conjunction, box, name, probes))
                approximate = approximate or bool(found)  # none: refuted, exactly
        parts += found or []
    if budget:
        budget[0] -= min(BRACKET_PROBES, budget[0]) - probes[0]
    return Implied(merge(parts), approximate)


def _listed(part: Interval | None) -> list[Interval]:
    return [] if part is None else [part]


# --- nonlinear: exact point checks ---------------------------------------------------
#
# ``after / (1 + growth) == before`` becomes ``after - before - before * growth == 0``:
# a product, but linear in the other claims for any one value of ``growth``. Whether a
# value works is then decided exactly (Fourier-Motzkin on the others; for a product of
# others, ``share * total == part`` asked about ``part``, by the solver, whose answer
# for one value is exact or undecided, and then this gives way), and the edges
# of the set are found from values that work: each edge is bracketed outwards from a
# working value, halved to a part in 2**POINT_HALVINGS of its distance, and put on the
# exact number where a corner of the other claims' box solves a constraint there
# (2.565 / 2.485 - 1 is such a corner). The set is taken to be the union of the
# pieces around the working values found: one per sign-split alternative in every
# shape a rule of sums, products and ratios makes.

POINT_HALVINGS = 40  # each edge to a part in 2**40 of its distance from a working value
POINT_PROBES = 1500  # exact point checks one projection may make, then it gives up
MAX_CORNER_NAMES = 6  # corners of at most 2**6 points per constraint


def by_points(conjunction: Conjunction, box: Box, name: str) -> list[Interval] | None:
    """The projection of ``conjunction`` onto ``name`` from exact point checks, or
    ``None`` when they cannot decide it (see the comment above)."""
    search = _PointSearch(conjunction, box, name)
    try:
        return search.pieces()
    except _Undecided:
        return None


class _Undecided(Exception):
    """A point check that is not exact, or the point budget spent."""


class _PointSearch:
    """The exact point checks of one projection, and the edges they find."""

    def __init__(self, conjunction: Conjunction, box: Box, name: str) -> None:
        self.conjunction = conjunction
        self.box = box
        self.name = name
        self.left = POINT_PROBES
        self.reach = _reach(conjunction, box)
        self.candidates = sorted(_corner_roots(conjunction, box, name))

    def works(self, value: Fraction) -> bool:
        if self.left <= 0:
            raise _Undecided
        self.left -= 1
        fixed = tuple(algebra.Constraint(algebra.substitute(c.poly, {self.name: value}), c.op)
                      for c in self.conjunction)
        answer = conjunction_satisfiable(fixed, self.box, max_boxes=BRACKET_BOXES)
        if answer is Answer.UNDECIDED:
            raise _Undecided
        return answer is Answer.YES

    def pieces(self) -> list[Interval] | None:
        """The pieces around every working value found; ``None``: none found. Corner
        roots first; only if none works, the points beside them and a coarse grid."""
        found: list[Interval] = []
        for seeds in (self.candidates, self.fallback_seeds()):
            for seed in seeds:
                if not any(part.contains(seed) for part in found) and self.works(seed):
                    found.append(self.piece(seed))
            if found:
                return found
        return None

    def fallback_seeds(self) -> list[Fraction]:
        points = [p for root in self.candidates for p in (root - _nudge(root),
                                                          root + _nudge(root))]
        return points + [self.reach * k / 8 for k in range(-8, 9)]

    def piece(self, seed: Fraction) -> Interval:
        lo, lo_open = self.edge(seed, -1)
        hi, hi_open = self.edge(seed, 1)
        return Interval(lo, hi, lo_open or lo is None, hi_open or hi is None)

    def edge(self, seed: Fraction, direction: int) -> tuple[Fraction | None, bool]:
        """The end of the working values around ``seed`` in ``direction`` (None: none
        within the reach), and whether it is open: the corner roots past ``seed`` are
        tried in turn; where none is the end, the end is halved for."""
        good, bad = seed, None
        for root in sorted((c for c in self.candidates if (c - seed) * direction > 0),
                           key=lambda c: (c - seed) * direction):
            if not self.works(root):
                bad = root
                break
            good = root
        if bad is None:
            bad = seed + direction * self.reach
            if self.works(bad):
                return None, True
        if good in self.candidates and not self.works(good + direction * _nudge(good)):
            return good, False  # a working corner root, and nothing just past it works
        if bad in self.candidates and self.works(bad - direction * _nudge(bad)):
            return bad, True  # a failing corner root, and values just inside it work
        for _ in range(POINT_HALVINGS):
            middle = (good + bad) / 2
            good, bad = (middle, bad) if self.works(middle) else (good, middle)
        return self.snapped(good, bad)

    def snapped(self, good: Fraction, bad: Fraction) -> tuple[Fraction, bool]:
        """The exact edge between a working ``good`` and a failing ``bad``: a corner
        root there (closed if it works), else the last working value found."""
        low, high = min(good, bad), max(good, bad)
        for root in self.candidates:
            if low <= root <= high:
                return root, not self.works(root)
        raise _Undecided  # an edge no corner explains: leave it to the bisection


def _nudge(value: Fraction) -> Fraction:
    """A step far below any rounding a document uses, relative to ``value``."""
    return max(abs(value), Fraction(1, 10**12)) / 2**40


def _corner_roots(conjunction: Conjunction, box: Box, name: str) -> set[Fraction]:
    """Where a constraint of degree one in ``name`` is zero with the other claims at a
    corner of their box (or at its centre)."""
    roots: set[Fraction] = set()
    for constraint in conjunction:
        slope, rest = _split_on(constraint.poly, name)
        if slope is None:
            continue
        others = sorted(algebra.variables(slope) | algebra.variables(rest))
        for point in _corners(box, others[:MAX_CORNER_NAMES]):
            point = {**{n: _middle(box[n]) for n in others}, **point}
            divisor = _value_at(slope, point)
            if divisor != 0:
                roots.add(-_value_at(rest, point) / divisor)
    return roots


def _split_on(poly: algebra.Poly, name: str) -> tuple[algebra.Poly | None, algebra.Poly]:
    """``poly`` as ``slope * name + rest``; ``None`` when ``name`` has another power."""
    slope: dict[algebra.Monomial, Fraction] = {}
    rest: dict[algebra.Monomial, Fraction] = {}
    for mono, coef in poly.items():
        power = sum(exp for var, exp in mono if var == name)
        others = tuple((var, exp) for var, exp in mono if var != name)
        if power == 0:
            rest[mono] = coef
        elif power == 1:
            slope[others] = slope.get(others, Fraction(0)) + coef
        else:
            return None, rest
    return (slope or None), rest


def _corners(box: Box, names: list[str]) -> list[dict[str, Fraction]]:
    points: list[dict[str, Fraction]] = [{}]
    for var in names:
        ends = [end for end in (box[var].lo, box[var].hi) if end is not None]
        points = [{**point, var: end} for point in points for end in ends] or points
    return points


def _middle(interval: Interval) -> Fraction:
    if interval.lo is not None and interval.hi is not None:
        return (interval.lo + interval.hi) / 2
    return interval.lo if interval.lo is not None else (
        interval.hi if interval.hi is not None else Fraction(0))


def _value_at(poly: algebra.Poly, point: dict[str, Fraction]) -> Fraction:
    return sum((coef * _monomial_at(mono, point) for mono, coef in poly.items()), Fraction(0))


def _monomial_at(mono: tuple[tuple[str, int], ...], point: dict[str, Fraction]) -> Fraction:
    value = Fraction(1)
    for var, exp in mono:
        value *= point[var] ** exp
    return value


# --- nonlinear: bisection ----------------------------------------------------------


def _bracketed(conjunction: Conjunction, box: Box, name: str,
               probes: list[int]) -> Interval | None:
    """A closed interval that encloses the projection of a nonlinear conjunction.

    "Some value of ``name`` at most m works" only gets truer as m grows, so the lowest
    such m is found by bisection (and the highest from above). Undecided boxes count as
    working: the enclosure may be too wide, never too narrow; so does a probe that the
    budget ``probes`` (a one-item list, spent here) has no room left for.
    """
    if _degree(conjunction) > MAX_BRACKET_DEGREE:
        return Interval(None, None, True, True)
    reach = _reach(conjunction, box)

    def works(part: Interval) -> bool:
        if probes[0] <= 0:
            return True
        probes[0] -= 1
        return conjunction_satisfiable(conjunction, {**box, name: part},
                                       max_boxes=BRACKET_BOXES) is not Answer.NO

    if not works(Interval(-reach, reach)):
        return None
    lo = _edge(lambda m: works(Interval(-reach, m)), -reach, reach)
    hi = -_edge(lambda m: works(Interval(-m, reach)), -reach, reach)
    return Interval(None if lo == -reach else lo, None if hi == reach else hi,
                    lo == -reach, hi == reach)


def _edge(works_up_to: Callable[[Fraction], bool], low: Fraction, high: Fraction) -> Fraction:
    """The least m in [low, high] with ``works_up_to(m)``, from below (low if at once)."""
    if works_up_to(low):
        return low
    for _ in range(BISECTION_STEPS):
        middle = (low + high) / 2
        if works_up_to(middle):
            high = middle
        else:
            low = middle
    return low


def _degree(conjunction: Conjunction) -> int:
    return max((sum(exp for _, exp in mono) for c in conjunction for mono in c.poly),
               default=0)


def _reach(conjunction: Conjunction, box: Box) -> Fraction:
    numbers = [abs(coef) for c in conjunction for coef in c.poly.values()]
    for name in {n for c in conjunction for n in algebra.variables(c.poly)} & set(box):
        numbers += [abs(b) for b in (box[name].lo, box[name].hi) if b is not None]
    return (max(numbers, default=Fraction(1)) + 1) * REACH_FACTOR


# --- ranges of expressions ---------------------------------------------------------


def expression_range(pieces: Sequence[Piece], box: Box) -> Implied:
    """The values a piecewise expression takes with every claim inside ``box``.

    Exact (open and closed bounds included) for a linear piece; for a ratio with a
    variable denominator, or a product, an enclosure by interval arithmetic.
    """
    parts: list[Interval] = []
    approximate = False
    for piece in pieces:
        for conjunction in _piece_conditions(piece, box):
            part, rough = _piece_range(piece, conjunction, box)
            approximate = approximate or rough
            if part is not None:
                parts.append(part)
    return Implied(merge(parts), approximate)


def _piece_conditions(piece: Piece, box: Box) -> list[Conjunction]:
    """The conjunctions under which ``piece`` applies and that can hold in ``box``."""
    def sign_of(poly: algebra.Poly) -> int:
        return poly_sign(poly, box)

    options = algebra.to_constraints(piece.conditions, sign_of)
    return [c for c in options if conjunction_satisfiable(c, box) is not Answer.NO]


def _piece_range(piece: Piece, conditions: Conjunction,
                 box: Box) -> tuple[Interval | None, bool]:
    """The range of one piece under its conditions, and whether it is approximate."""
    exact = {n: iv.lo for n, iv in box.items() if iv.lo is not None and iv.lo == iv.hi}
    piece = Piece(piece.conditions, algebra.Ratio(algebra.substitute(piece.value.num, exact),
                                                  algebra.substitute(piece.value.den, exact)))
    denominator = algebra.as_constant(piece.value.den)
    if denominator is not None and denominator != 0:
        value = algebra.scale(piece.value.num, 1 / denominator)
        defining = algebra.Constraint(algebra.add(value, algebra.scale(
            algebra.variable(VALUE), Fraction(-1))), "==")
        try:
            return project((*conditions, defining), box, VALUE), False
        except ValueError:
            return _enclosure(value, box), True
    return _ratio_enclosure(piece, box), True


def _enclosure(poly: algebra.Poly, box: Box) -> Interval:
    return poly_range(poly, box)


def _ratio_enclosure(piece: Piece, box: Box) -> Interval:
    """``num / den`` by interval division, when ``den`` keeps one sign in ``box``."""
    num = poly_range(piece.value.num, box)
    den = poly_range(piece.value.den, box)
    if den.lo is None or den.hi is None or den.lo <= 0 <= den.hi:
        return ANYWHERE
    n_lo = float("-inf") if num.lo is None else num.lo
    n_hi = float("inf") if num.hi is None else num.hi
    quotients = [_quotient(n, Fraction(d)) for n in (n_lo, n_hi) for d in (den.lo, den.hi)]
    low, high = min(quotients), max(quotients)
    return Interval(None if isinstance(low, float) else low,
                    None if isinstance(high, float) else high)


def _quotient(numerator: Fraction | float, denominator: Fraction) -> Fraction | float:
    """``numerator / denominator`` for a finite, nonzero denominator; an infinite
    numerator (``more than 1.8bn``) keeps its infinity, signed."""
    if isinstance(numerator, float):  # only ever an infinity here
        return numerator if denominator > 0 else -numerator
    return numerator / denominator


# --- intervals ---------------------------------------------------------------------




def merge(parts: Iterable[Interval]) -> tuple[Interval, ...]:
    """Disjoint intervals in increasing order covering the same values as ``parts``."""
    ordered = sorted((p for p in parts if not p.is_empty()), key=_start_key)
    merged: list[Interval] = []
    for part in ordered:
        if merged and _touch(merged[-1], part):
            merged[-1] = _hull(merged[-1], part)
        else:
            merged.append(part)
    return tuple(merged)


def _start_key(part: Interval) -> tuple[int, Fraction, bool]:
    if part.lo is None:
        return 0, Fraction(0), False
    return 1, part.lo, part.lo_open


def _touch(first: Interval, second: Interval) -> bool:
    """Whether ``second`` (starting no earlier) overlaps or adjoins ``first``."""
    if first.hi is None or second.lo is None:
        return True
    if second.lo != first.hi:
        return second.lo < first.hi
    return not (first.hi_open and second.lo_open)


def _hull(first: Interval, second: Interval) -> Interval:
    if first.hi is None or second.hi is None:
        return Interval(first.lo, None, first.lo_open, True)
    if second.hi > first.hi or (second.hi == first.hi and not second.hi_open):
        return Interval(first.lo, second.hi, first.lo_open, second.hi_open)
    return first


def in_unit(interval: Interval, factor: Fraction) -> Interval:
    """A base-unit interval in a unit of ``factor`` base units (days for a date)."""
    return interval.scaled(Fraction(1) / factor)


# --- what it would take ------------------------------------------------------------


def distance(current: Interval, implied: Implied) -> Fraction | None:
    """How far ``current`` is from the nearest value of ``implied`` (``None``: no value)."""
    gaps = [_gap(current, part) for part in implied.intervals]
    return min(gaps) if gaps else None


def _gap(a: Interval, b: Interval) -> Fraction:
    if not a.intersect(b).is_empty():
        return Fraction(0)
    if a.hi is not None and b.lo is not None and a.hi <= b.lo:
        return b.lo - a.hi
    assert a.lo is not None and b.hi is not None
    return a.lo - b.hi


def needs(evaluation: FileEvaluation, rule: Rule, status: Status) -> tuple[Need, ...]:
    """For each claim of ``rule`` (stated ones, then the derived ones it names): what it
    would need for the rule to hold, the other claims held in their hard intervals for a
    ``fail`` and in their readings otherwise."""
    hard = status is Status.FAIL
    named = dict.fromkeys(n.id for n in expr.names(evaluation.loaded.checks[rule.id]))
    stated = [c for c in claims_of(evaluation.loaded, named) if c in evaluation.quantities]
    derived = [c for c in named if c in evaluation.derived_pieces]
    probes = [NEEDS_PROBES]  # shared by the claims
    return tuple(need(evaluation, name, _implied_within(evaluation, rule, name, hard, probes),
                      hard) for name in [*stated, *derived])


def need(evaluation: FileEvaluation, name: str, implied: Implied, hard: bool) -> Need:
    """What claim ``name`` needs to reach ``implied`` from its hard interval (or reading)."""
    current = _current(evaluation, name, hard)
    change = distance(current, implied)
    magnitude = _magnitude(evaluation, name, current)
    relative = change / magnitude if change is not None and magnitude else None
    return Need(name, name not in evaluation.quantities, implied, current, change, relative,
                implied.meets(current))


def _current(evaluation: FileEvaluation, name: str, hard: bool) -> Interval:
    quantity = evaluation.quantities.get(name)
    if quantity is not None:
        return quantity.hard if hard else quantity.reading
    box = hard_box(evaluation) if hard else reading_box(evaluation)
    values = expression_range(evaluation.derived_pieces[name], box).intervals
    if not values:
        return Interval(Fraction(1), Fraction(0))  # no value: an empty interval
    return Interval(values[0].lo, values[-1].hi, values[0].lo_open, values[-1].hi_open)


def _magnitude(evaluation: FileEvaluation, name: str, current: Interval) -> Fraction | None:
    """The size a relative change is measured against: the number as stated."""
    quantity = evaluation.quantities.get(name)
    if quantity is not None and quantity.claim.written is not None:
        if quantity.claim.written.is_date:
            return None
        return abs(quantity.claim.written.number * quantity.unit.factor) or None
    ends = [abs(b) for b in (current.lo, current.hi) if b is not None]
    return max(ends, default=None) or None


def smallest_change(found: Sequence[Need]) -> Need | None:
    """The one stated claim whose relative change makes the rule hold most cheaply."""
    movable = [n for n in found if not n.derived and not n.meets and n.relative is not None]
    return min(movable, key=lambda n: (n.relative, n.claim), default=None)
