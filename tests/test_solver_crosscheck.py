"""Cross-checks of the exact solver against independent brute force.

The solver must never say NO where a witness exists, nor YES where none does. These
tests build random rules the way the engine does (``algebra.compare``, then
``algebra.to_constraints``) and compare ``solver.satisfiable`` with oracles that share
no code with the solver or the algebra:

* a witness: a point inside the box (open ends respected) where the rule holds,
  evaluated exactly on Fractions by the small evaluator below. It proves YES; it can
  never prove NO.
* an exact oracle for linear rules in one or two variables (``exactly_feasible``), which
  decides both ways, so the solver's YES and its NO are both checked.
* for products ``share * (total + offset) op part``, an exact oracle that slices along
  ``share`` (``product_oracle``), and the intermediate value theorem: a sign change
  between two points of the box proves a root between them, as a box is convex.

UNDECIDED is never wrong (the engine reads it as "holds"), but it is counted and must
stay rare. Every generator is a ``random.Random`` with a fixed seed, so a failure
reproduces; its message prints the smallest failing cases.
"""

from __future__ import annotations

import operator
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction as F
from itertools import combinations, pairwise, product
from typing import NamedTuple

import pytest

from claimcheck.exact import algebra
from claimcheck.exact.algebra import Piece, Ratio
from claimcheck.exact.solver import Answer, poly_sign, satisfiable
from claimcheck.model import Interval

# --- Expressions: evaluated here, compiled by the algebra -----------------------------


@dataclass(frozen=True)
class Var:
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Num:
    value: F

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Bin:
    sign: str  # + - * /
    left: Expr
    right: Expr

    def __str__(self) -> str:
        return f"({self.left} {self.sign} {self.right})"


@dataclass(frozen=True)
class Call:
    name: str  # abs min max
    args: tuple[Expr, ...]

    def __str__(self) -> str:
        return f"{self.name}({', '.join(map(str, self.args))})"


Expr = Var | Num | Bin | Call
Comparison = tuple[Expr, str, Expr]
Rule = tuple[Comparison, ...]  # a conjunction
Box = dict[str, Interval]
Point = dict[str, F]
Failure = tuple[Rule, Box, str]

HOLDS: dict[str, Callable[[F, F], bool]] = {
    "<": operator.lt, "<=": operator.le, "==": operator.eq,
    "!=": operator.ne, ">": operator.gt, ">=": operator.ge,
}
OPS = tuple(HOLDS)
_ARITHMETIC: dict[str, Callable[[F, F], F]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
}
_RATIO_OPS = {"+": Ratio.plus, "-": Ratio.minus, "*": Ratio.times, "/": Ratio.over}


def times(k: int | F, expr: Expr) -> Expr:
    return Bin("*", Num(F(k)), expr)


def evaluate(expr: Expr, point: Point) -> F | None:
    """The exact value of ``expr`` at ``point``; ``None`` where it divides by zero."""
    if isinstance(expr, Var):
        return point[expr.name]
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Call):
        values = [evaluate(arg, point) for arg in expr.args]
        known = [v for v in values if v is not None]
        if len(known) < len(values):
            return None
        if expr.name == "abs":
            return abs(known[0])
        return min(known) if expr.name == "min" else max(known)
    left, right = evaluate(expr.left, point), evaluate(expr.right, point)
    if left is None or right is None or (expr.sign == "/" and right == 0):
        return None
    return _ARITHMETIC[expr.sign](left, right)


def rule_holds(rule: Rule, point: Point) -> bool:
    for left, op, right in rule:
        x, y = evaluate(left, point), evaluate(right, point)
        if x is None or y is None or not HOLDS[op](x, y):
            return False
    return True


def to_pieces(expr: Expr) -> list[Piece]:
    if isinstance(expr, Var):
        return [Piece((), Ratio.of(algebra.variable(expr.name)))]
    if isinstance(expr, Num):
        return [Piece((), Ratio.of(algebra.constant(expr.value)))]
    if isinstance(expr, Call):
        args = [to_pieces(arg) for arg in expr.args]
        if expr.name == "abs":
            return algebra.absolute(args[0])
        return algebra.extreme(args, smallest=expr.name == "min")
    return algebra.combine(to_pieces(expr.left), to_pieces(expr.right), _RATIO_OPS[expr.sign])


def sign_function(box: Box) -> algebra.SignOf:
    """As the engine does: a denominator's sign when the box settles it, else 0."""
    def sign_of(poly: algebra.Poly) -> int:
        return poly_sign(poly, box)

    return sign_of


def solve(rule: Rule, box: Box) -> Answer:
    """The solver's answer for a conjunction of comparisons, built as the engine builds it."""
    sign_of = sign_function(box)
    per_comparison = [algebra.compare(to_pieces(x), op, to_pieces(y)) for x, op, y in rule]
    alternatives: list[algebra.Conjunction] = []
    for choice in product(*per_comparison):
        conditions = [condition for conditions in choice for condition in conditions]
        alternatives += algebra.to_constraints(conditions, sign_of)
    return satisfiable(alternatives, box)


def decided(truth: bool) -> Answer:
    return Answer.YES if truth else Answer.NO


def show_interval(i: Interval) -> str:
    left = "(" if i.lo is None or i.lo_open else "["
    right = ")" if i.hi is None or i.hi_open else "]"
    return f"{left}{'-inf' if i.lo is None else i.lo}, {'inf' if i.hi is None else i.hi}{right}"


def show(rule: Rule, box: Box) -> str:
    rule_text = " and ".join(f"{x} {op} {y}" for x, op, y in rule)
    box_text = ", ".join(f"{name} in {show_interval(i)}" for name, i in sorted(box.items()))
    return f"{rule_text}   with {box_text}"


def report(failures: list[Failure]) -> str:
    """The three smallest failures, for a readable assertion message."""
    smallest = sorted(failures, key=lambda f: (len(f[0]), len(f[1]), len(show(f[0], f[1]))))
    lines = [f"{len(failures)} failing case(s); the smallest:"]
    lines += [f"  {show(rule, box)}: {why}" for rule, box, why in smallest[:3]]
    return "\n".join(lines)


# --- Points inside a box --------------------------------------------------------------


def grid(interval: Interval, steps: int) -> list[F]:
    """Points of ``interval``, never an excluded end: ``steps + 1`` evenly spaced points
    over its closed hull (an unbounded side cut 8 beyond the other end), kept if inside."""
    lo, hi = interval.lo, interval.hi
    if lo is None:
        lo = (F(0) if hi is None else hi) - 8
    if hi is None:
        hi = lo + 8 if interval.lo is not None else F(8)
    candidates = {lo + (hi - lo) * j / steps for j in range(steps + 1)}
    return sorted(x for x in candidates if interval.contains(x))


def grid_points(box: Box, steps: int) -> Iterable[Point]:
    names = sorted(box)
    for values in product(*(grid(box[name], steps) for name in names)):
        yield dict(zip(names, values, strict=True))


def grid_witness(rule: Rule, box: Box, steps: int) -> Point | None:
    return next((p for p in grid_points(box, steps) if rule_holds(rule, p)), None)


# --- Random boxes ---------------------------------------------------------------------

COEFFICIENTS = [F(n, 2) for n in (-4, -3, -2, -1, 1, 2, 3, 4)]
NAMES = ("a", "b", "c", "d")


def random_half(rng: random.Random, reach: int) -> F:
    return F(rng.randint(-2 * reach, 2 * reach), 2)


def random_interval(rng: random.Random, reach: int = 4, unbounded: float = 0.15) -> Interval:
    """Half-integer ends in [-reach, reach]; sometimes a point (an exact claim), an open
    or missing end, or (rarely: the ends meet and one is open) empty."""
    if rng.random() < 0.1:
        point = random_half(rng, reach)
        return Interval(point, point)
    lo, hi = sorted((random_half(rng, reach), random_half(rng, reach)))
    return Interval(None if rng.random() < unbounded else lo,
                    None if rng.random() < unbounded else hi,
                    rng.random() < 0.4, rng.random() < 0.4)


def non_empty_interval(rng: random.Random) -> Interval:
    # Nor exactly 0: a ratio over a claim that is 0 has no value anywhere.
    while (interval := random_interval(rng)).is_empty() or interval == Interval(F(0), F(0)):
        pass
    return interval


def positive_interval(rng: random.Random) -> Interval:
    """Inside [1/2, 4]: a claim that can be divided by."""
    lo, hi = sorted((F(rng.randint(1, 8), 2), F(rng.randint(1, 8), 2)))
    return Interval(lo, hi, lo != hi and rng.random() < 0.4, lo != hi and rng.random() < 0.4)


def random_end(rng: random.Random, interval: Interval) -> F:
    """One end of the interval (open or not), or any number for a missing end."""
    end = rng.choice((interval.lo, interval.hi))
    return random_half(rng, 4) if end is None else end


# --- The exact oracle for linear rules ------------------------------------------------

# ``sum(a_i * x_i) op k`` over an ordered list of variables.
Row = tuple[tuple[F, ...], str, F]

_RELAXED = {"<": "<=", "<=": "<=", "==": "==", ">=": ">=", ">": ">="}


def row_value(coefs: Sequence[F], point: Sequence[F]) -> F:
    return sum((c * x for c, x in zip(coefs, point, strict=True)), F(0))


def row_holds(row: Row, point: Sequence[F]) -> bool:
    coefs, op, k = row
    return HOLDS[op](row_value(coefs, point), k)


def box_rows(names: Sequence[str], box: Box) -> list[Row]:
    rows: list[Row] = []
    for index, name in enumerate(names):
        unit = tuple(F(int(i == index)) for i in range(len(names)))
        interval = box[name]
        if interval.lo is not None:
            rows.append((unit, ">" if interval.lo_open else ">=", interval.lo))
        if interval.hi is not None:
            rows.append((unit, "<" if interval.hi_open else "<=", interval.hi))
    return rows


def without_not_equal(rows: Sequence[Row]) -> list[list[Row]]:
    """``!=`` is ``<`` or ``>``: the conjunctions (a disjunction) free of it."""
    options = [[(c, "<", k), (c, ">", k)] if op == "!=" else [(c, op, k)] for c, op, k in rows]
    return [list(choice) for choice in product(*options)]


def boundary_meets(rows: Sequence[Row], dimension: int) -> list[tuple[F, ...]]:
    """Where ``dimension`` boundary lines (``a . x = k``) of the rows meet in one point."""
    lines = [(c, k) for c, _, k in rows if any(c)]
    if dimension == 1:
        return [(k / c[0],) for c, k in lines]
    points: list[tuple[F, ...]] = []
    for ((a1, a2), k1), ((b1, b2), k2) in combinations(lines, 2):
        det = a1 * b2 - a2 * b1
        if det:
            points.append(((k1 * b2 - a2 * k2) / det, (a1 * k2 - k1 * b1) / det))
    return points


def nearest_to_origin(rows: Sequence[Row]) -> list[tuple[F, ...]]:
    """Each boundary line's point nearest the origin: ``k a / (a . a)``."""
    points = []
    for c, _, k in rows:
        norm = sum((coef * coef for coef in c), F(0))
        if norm:
            points.append(tuple(k * coef / norm for coef in c))
    return points


def exactly_feasible(rows: Sequence[Row], dimension: int) -> bool:
    """Exactly whether rows with ops ``< <= == >= >`` (no ``!=``) hold at some point of
    R^dimension, for dimension 0, 1 or 2.

    Why this is exact. Let S be the set the rows define and P the polyhedron of their
    relaxation (``<`` read as ``<=``). If S is not empty it contains the relative interior
    ri(P): for p in ri(P) and s in S there is q in P with p = t q + (1 - t) s, 0 < t < 1,
    and a strict row, <= at q and < at s, is then < at p. So S is empty or contains all
    of ri(P), and one point of ri(P) decides.

    Finding that point. Cut P with the closed cube [-M, M]^d, M larger than 0 and than
    every coordinate of (i) each point where d boundary lines meet and (ii) each line's
    point nearest the origin. A non-empty P has a minimal face, an affine set cut out by
    boundary lines (for d <= 2: a point of type (i), a line through a point of type
    (ii), or the plane through 0), so P has a point inside the open cube, and so does
    ri(P), which is dense in P. Then ri(P and cube) = ri(P) and open cube (Rockafellar,
    Theorem 6.5) is not empty. P and cube is a polytope, empty exactly when it has no
    vertex, and the mean of its vertices lies in its relative interior (a combination of
    all of them with positive weights). Its vertices are where d boundary lines meet and
    every relaxed row holds, solved exactly with Fractions. So: no vertex, S is empty;
    else S is non-empty exactly when the mean vertex satisfies the rows, strict ones
    strictly. (The brute-force vertex-plus-epsilon idea, made exact.)
    """
    if dimension == 0:
        return all(row_holds(row, ()) for row in rows)
    special = [*boundary_meets(rows, dimension), *nearest_to_origin(rows)]
    size = 1 + max((abs(x) for point in special for x in point), default=F(0))
    axes = [str(i) for i in range(dimension)]
    cube = box_rows(axes, dict.fromkeys(axes, Interval(-size, size)))
    relaxed = [(c, _RELAXED[op], k) for c, op, k in [*rows, *cube]]
    vertices = {p for p in boundary_meets(relaxed, dimension)
                if all(row_holds(row, p) for row in relaxed)}
    if not vertices:
        return False
    mean = tuple(sum(xs, F(0)) / len(vertices) for xs in zip(*vertices, strict=True))
    return all(row_holds(row, mean) for row in rows)


def oracle(rows: Sequence[Row], names: Sequence[str], box: Box) -> bool:
    """Exactly whether linear rows (any op) hold somewhere in ``box``, 2 variables at most."""
    bounds = box_rows(names, box)
    return any(exactly_feasible([*option, *bounds], len(names))
               for option in without_not_equal(rows))


def slice_witness(rows: Sequence[Row], names: Sequence[str], box: Box, steps: int) -> bool:
    """For 3 or 4 variables, a one-way proof of YES: all but the last two variables fixed
    at grid points of their intervals, the rest decided exactly by ``oracle``."""
    fixed, free = list(names[:-2]), list(names[-2:])
    for values in product(*(grid(box[name], steps) for name in fixed)):
        sliced = [(c[-2:], op, k - row_value(c[:-2], values)) for c, op, k in rows]
        if oracle(sliced, free, box):
            return True
    return False


def test_oracle_on_worked_examples() -> None:
    one, zero = F(1), F(0)
    # 1 < x < 1: the relaxation is the point 1, which fails the strict rows.
    assert not exactly_feasible([((one,), ">", one), ((one,), "<", one)], 1)
    # x + y <= 2, x > 1, y >= 1: x + y > 2; empty. With x >= 1, (1, 1) works.
    assert not exactly_feasible([((one, one), "<=", F(2)), ((one, zero), ">", one),
                                 ((zero, one), ">=", one)], 2)
    assert exactly_feasible([((one, one), "<=", F(2)), ((one, zero), ">=", one),
                             ((zero, one), ">=", one)], 2)
    # x + y < 2, x > 0.9, y > 0.9: (0.95, 0.95).
    assert exactly_feasible([((one, one), "<", F(2)), ((one, zero), ">", F(9, 10)),
                             ((zero, one), ">", F(9, 10))], 2)
    # x - y > 1000 alone: a half-plane with no vertex, found inside the cube.
    assert exactly_feasible([((one, -one), ">", F(1000))], 2)
    # x + y == 3 and x - y == 1: the point (2, 1); with x > 2 too: empty.
    assert exactly_feasible([((one, one), "==", F(3)), ((one, -one), "==", one)], 2)
    assert not exactly_feasible([((one, one), "==", F(3)), ((one, -one), "==", one),
                                 ((one, zero), ">", F(2))], 2)
    # A constant row 0 < 0 is false whatever the rest.
    assert not exactly_feasible([((zero, zero), "<", zero)], 2)
    # != splits: x != 1 with x in [1, 1] is empty, with x in [1, 2] it is not.
    assert not oracle([((one,), "!=", one)], ["x"], {"x": Interval(one, one)})
    assert oracle([((one,), "!=", one)], ["x"], {"x": Interval(one, F(2))})


# --- 1. Linear rules ------------------------------------------------------------------


def random_rows(rng: random.Random, box: Box) -> list[Row]:
    """1 to 3 comparisons over the box's variables. A later one sometimes bounds the same
    form as the first (``0 <= a - b <= 2``), which the solver decides by a range check of
    its own; half the right-hand sides are the form's value at a corner of the box, so
    that boundary lines pass through bounds and open or closed ends decide the answer."""
    names = sorted(box)
    rows: list[Row] = []
    for _ in range(rng.randint(1, 3)):
        if rows and rng.random() < 0.3:
            factor = rng.choice(COEFFICIENTS)
            coefs = tuple(x * factor for x in rows[0][0])
        else:
            used = rng.sample(range(len(names)), rng.randint(1, len(names)))
            coefs = tuple(rng.choice(COEFFICIENTS) if i in used else F(0)
                          for i in range(len(names)))
        corner = [random_end(rng, box[name]) for name in names]
        tight = row_value(coefs, corner)
        rows.append((coefs, rng.choice(OPS), tight if rng.random() < 0.5 else random_half(rng, 6)))
    return rows


def random_linear_case(rng: random.Random, dimension: int) -> tuple[list[Row], list[str], Box]:
    """Rows over exactly the variables they use (an unused one is dropped with its column)."""
    box = {name: random_interval(rng) for name in NAMES[:dimension]}
    rows = random_rows(rng, box)
    used = [i for i in range(dimension) if any(c[i] for c, _, _ in rows)]
    names = [NAMES[i] for i in used]
    rows = [(tuple(c[i] for i in used), op, k) for c, op, k in rows]
    return rows, names, {name: box[name] for name in names}


def linear_expr(coefs: Sequence[F], names: Sequence[str]) -> Expr:
    """``c1 * x1 + c2 * x2 + ...``, zero coefficients left out."""
    terms = [times(c, Var(n)) for c, n in zip(coefs, names, strict=True) if c]
    total = terms[0]
    for term in terms[1:]:
        total = Bin("+", total, term)
    return total


def linear_rule(rows: Sequence[Row], names: Sequence[str]) -> Rule:
    return tuple((linear_expr(c, names), op, Num(k)) for c, op, k in rows)


@pytest.mark.parametrize("seed", range(4))
def test_linear_rules_in_one_or_two_variables_agree_with_the_exact_oracle(seed: int) -> None:
    rng = random.Random(1000 + seed)
    failures: list[Failure] = []
    for case in range(100):
        rows, names, box = random_linear_case(rng, 2 if case % 3 else 1)
        rule = linear_rule(rows, names)
        expected, got = oracle(rows, names, box), solve(rule, box)
        witness = grid_witness(rule, box, steps=8)
        if witness is not None and not expected:  # the oracle, checked by brute force
            failures.append((rule, box, f"the oracle says NO but {witness} is a witness"))
        if got is not decided(expected):
            failures.append((rule, box, f"expected {decided(expected)}, got {got}"))
    assert not failures, report(failures)


@pytest.mark.parametrize("seed", range(2))
def test_linear_rules_in_three_or_four_variables_never_miss_a_witness(seed: int) -> None:
    rng = random.Random(2000 + seed)
    failures: list[Failure] = []
    yes = 0
    for case in range(100):
        rows, names, box = random_linear_case(rng, 3 + case % 2)
        rule = linear_rule(rows, names)
        got = solve(rule, box)
        yes += got is Answer.YES
        if got is Answer.UNDECIDED:
            failures.append((rule, box, "a linear rule must be decided"))
        elif len(names) <= 2:  # variables went unused: decide exactly
            if got is not decided(oracle(rows, names, box)):
                failures.append((rule, box, f"the exact oracle disagrees with {got}"))
        elif got is Answer.NO and slice_witness(rows, names, box, steps=4):
            failures.append((rule, box, "a witness exists, got NO"))
    assert not failures, report(failures)
    assert 25 <= yes <= 75  # both answers well represented, so the check means something


# --- 2. Repeated claims ---------------------------------------------------------------

a, b = Var("a"), Var("b")


class Repeated(NamedTuple):
    """A rule ``expression(r) op r`` with a claim in it twice, and the same simplified
    by hand: ``coefs . (a, b) op k`` with ``(coefs, k) = simplified(r)``."""

    name: str
    expression: Callable[[F], Expr]
    simplified: Callable[[F], tuple[tuple[F, F], F]]
    positive: bool = False  # a and b must be positive for the simplification
    searched: bool = False  # compiles to a product: the bounded search may be UNDECIDED


ZERO, ONE = F(0), F(1)
REPEATED = [
    Repeated("a - a", lambda r: Bin("-", a, a), lambda r: ((ZERO, ZERO), r)),
    Repeated("2*a - a - a + b", lambda r: Bin("+", Bin("-", Bin("-", times(2, a), a), a), b),
             lambda r: ((ZERO, ONE), r)),
    Repeated("a + b - a", lambda r: Bin("-", Bin("+", a, b), a), lambda r: ((ZERO, ONE), r)),
    Repeated("3*a - 2*(a + b) + 2*b",
             lambda r: Bin("+", Bin("-", times(3, a), times(2, Bin("+", a, b))), times(2, b)),
             lambda r: ((ONE, ZERO), r)),
    Repeated("(a - b) - (a - b)/2",
             lambda r: Bin("-", Bin("-", a, b), Bin("/", Bin("-", a, b), Num(F(2)))),
             lambda r: ((F(1, 2), F(-1, 2)), r)),
    # a / (a + b) op r  <=>  a op r (a + b)  <=>  (1 - r) a - r b op 0, as a + b > 0.
    Repeated("a / (a + b)", lambda r: Bin("/", a, Bin("+", a, b)),
             lambda r: ((1 - r, -r), ZERO), positive=True),
    Repeated("(a + b) / (a + b)", lambda r: Bin("/", Bin("+", a, b), Bin("+", a, b)),
             lambda r: ((ZERO, ZERO), r - 1), positive=True),
    Repeated("a / a * b", lambda r: Bin("*", Bin("/", a, a), b), lambda r: ((ZERO, ONE), r),
             positive=True, searched=True),
    Repeated("abs(a - a) + b", lambda r: Bin("+", Call("abs", (Bin("-", a, a),)), b),
             lambda r: ((ZERO, ONE), r)),
    Repeated("min(a, a) - max(a, a) + a",
             lambda r: Bin("+", Bin("-", Call("min", (a, a)), Call("max", (a, a))), a),
             lambda r: ((ONE, ZERO), r)),
]


@pytest.mark.parametrize("case", REPEATED, ids=[row.name for row in REPEATED])
def test_repeated_claims_agree_with_the_hand_simplified_form(case: Repeated) -> None:
    rng = random.Random(case.name)
    failures: list[Failure] = []
    undecided = 0
    for _ in range(40):
        # Non-empty intervals: a claim cancelled out of the rule is not looked at, so an
        # empty interval of its would not make the rule fail (the grammar makes none).
        make = positive_interval if case.positive else non_empty_interval
        box = {"a": make(rng), "b": make(rng)}
        op, r = rng.choice(OPS), random_half(rng, 3)
        rule: Rule = ((case.expression(r), op, Num(r)),)
        coefs, k = case.simplified(r)
        exact = decided(oracle([(coefs, op, k)], ["a", "b"], box))
        by_hand = solve(linear_rule([(coefs, op, k)], ["a", "b"]), box) if any(coefs) else exact
        got = solve(rule, box)
        undecided += got is Answer.UNDECIDED
        if by_hand is not exact:
            failures.append((rule, box, f"simplified: exact {exact}, solver {by_hand}"))
        if got is not exact and not (case.searched and got is Answer.UNDECIDED):
            failures.append((rule, box, f"simplified: exact {exact}; as written: {got}"))
    assert not failures, report(failures)
    assert undecided <= 4


# --- 3. Products ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProductCase:
    """``share * (total + offset) op part``, ``part`` a number or (``None``) the claim."""

    offset: F
    op: str
    part: F | None
    expanded: bool  # written ``share * total + offset * share``: share twice

    def rule(self) -> Rule:
        share, total = Var("share"), Var("total")
        left: Expr = Bin("*", share, total)
        if self.offset and self.expanded:
            left = Bin("+", left, times(self.offset, share))
        elif self.offset:
            left = Bin("*", share, Bin("+", total, Num(self.offset)))
        return ((left, self.op, Var("part") if self.part is None else Num(self.part)),)


def random_product_case(rng: random.Random, *, offset: bool) -> tuple[ProductCase, Box]:
    """Shares of a few percent, totals in the hundreds and a part near their product (the
    commonest product in real rules), or small generic intervals with signs and unbounded
    sides. Half the time the part is the product at a corner of the box, so that open
    and closed ends decide. An offset puts share in two terms once expanded, which the
    solver's exact range check does not take: its branch and bound decides."""
    if rng.random() < 0.5:
        centre, width = F(rng.randint(5, 30), 100), F(rng.randint(0, 10), 1000)
        middle, spread = F(rng.randint(100, 300)), F(rng.randint(0, 20))
        box = {"share": Interval(centre - width, centre + width,
                                 rng.random() < 0.3, rng.random() < 0.3),
               "total": Interval(middle - spread, middle + spread,
                                 rng.random() < 0.3, rng.random() < 0.3)}
        guess = centre * middle + rng.randint(-6, 6)
    else:
        box = {"share": random_interval(rng), "total": random_interval(rng)}
        guess = random_half(rng, 8)
    shift = random_half(rng, 3) if offset else F(0)
    if rng.random() < 0.5:
        guess = random_end(rng, box["share"]) * (random_end(rng, box["total"]) + shift)
    part: F | None = guess
    if rng.random() < 0.5:
        part = None
        box["part"] = Interval(guess, guess) if rng.random() < 0.6 else random_interval(rng, 8)
    return ProductCase(shift, rng.choice(OPS), part, rng.random() < 0.5), box


def product_witness(rule: Rule, box: Box, steps: int) -> bool:
    """A grid point where the comparison holds, or, for ``==``, points where the two sides
    differ in both directions: their difference is continuous and the segment between
    the points lies in the box, so it is zero somewhere on it."""
    (left, op, right), = rule
    below = set()
    for point in grid_points(box, steps):
        x, y = evaluate(left, point), evaluate(right, point)
        assert x is not None and y is not None
        if HOLDS[op](x, y):
            return True
        below.add(x < y)
    return op == "==" and below == {True, False}


def finite_ends(interval: Interval) -> list[F]:
    return [end for end in (interval.lo, interval.hi) if end is not None]


def one_point_per_piece(cuts: Iterable[F]) -> list[F]:
    """The cuts, the midpoints between neighbours and a point beyond each extreme: a
    point in every piece the cuts divide the line into."""
    points = sorted(set(cuts))
    middles = [(p + q) / 2 for p, q in pairwise(points)]
    return [points[0] - 1, *points, *middles, points[-1] + 1]


def product_oracle(case: ProductCase, box: Box) -> bool:
    """Exactly whether ``share * (total + offset) op part`` holds somewhere in ``box``.

    Why this is exact. For a fixed share x the comparison is linear in (total, part), so
    ``oracle`` decides it exactly. As x varies, that answer depends only on how the ends
    of ``x * (total + offset) - part`` compare with 0 (which end is which changes at
    x = 0; an end is 0 where x = part_end / (total_end + offset)) and on whether x lies
    in share's interval (which changes at its ends). Between consecutive such cuts
    nothing changes, so one x in every piece, and every cut itself, decide every x.
    """
    share, totals = box["share"], finite_ends(box["total"])
    parts = finite_ends(box["part"]) if case.part is None else [case.part]
    cuts = [F(0), *finite_ends(share),
            *(z / (y + case.offset) for z in parts for y in totals if y + case.offset)]
    for x in one_point_per_piece(cuts):
        if not share.contains(x):
            continue
        if case.part is None:  # x * total - part op -offset * x
            found = oracle([((x, F(-1)), case.op, -case.offset * x)], ["total", "part"], box)
        else:
            found = oracle([((x,), case.op, case.part - case.offset * x)], ["total"], box)
        if found:
            return True
    return False


def check_products(seed: int, cases: int, *, offset: bool) -> tuple[list[Failure], int]:
    """Failures against brute force and the exact oracle, and the count of UNDECIDED."""
    rng = random.Random(seed)
    failures: list[Failure] = []
    undecided = 0
    for _ in range(cases):
        case, box = random_product_case(rng, offset=offset)
        rule = case.rule()
        got = solve(rule, box)
        undecided += got is Answer.UNDECIDED
        witness, exact = product_witness(rule, box, steps=6), product_oracle(case, box)
        if witness and got is Answer.NO:
            failures.append((rule, box, "brute force proves YES, got NO"))
        if witness and not exact:  # the exact oracle, checked by brute force
            failures.append((rule, box, "brute force proves YES, the exact oracle says NO"))
        if got is not Answer.UNDECIDED and got is not decided(exact):
            failures.append((rule, box, f"the exact oracle says {decided(exact)}, got {got}"))
    return failures, undecided


def test_share_times_total_agrees_with_brute_force_and_the_exact_oracle() -> None:
    cases = 150
    failures, undecided = check_products(3000, cases, offset=False)
    assert not failures, report(failures)
    assert undecided < cases * 5 // 100, f"{undecided} of {cases} undecided"


def test_products_with_a_claim_in_two_terms_agree_with_the_exact_oracle() -> None:
    # share * total + 2 * share: not one exact range, so the bounded search decides,
    # and a witness only on a face of the box (or a tangent) leaves it UNDECIDED more
    # often; the answers it does give must still be right.
    cases = 40
    failures, undecided = check_products(3500, cases, offset=True)
    assert not failures, report(failures)
    assert undecided < cases * 20 // 100, f"{undecided} of {cases} undecided"


# Found by this file: the solver once dropped the exact range check's NO for a product
# and let branch and bound run out of boxes at the excluded corner (UNDECIDED, read as
# "holds"). Kept as a regression test.
@pytest.mark.parametrize(("rule", "box"), [
    # x > 1 and y >= 1, so x * y > 1: x * y == 1 never holds (only at the open corner).
    (((Bin("*", Var("x"), Var("y")), "==", Num(F(1))),),
     {"x": Interval(F(1), F(2), True, False), "y": Interval(F(1), F(2))}),
    # "more than 10.5%" of 190 to 210 is more than 19.95: 0.105 * 190 is excluded.
    (((Bin("*", Var("share"), Var("total")), "==", Var("part")),),
     {"share": Interval(F("0.105"), F("0.115"), True, False),
      "total": Interval(F(190), F(210)), "part": Interval(F("19.95"), F("19.95"))}),
], ids=["x*y==1", "share*total==part"])
def test_a_product_missing_only_an_open_corner_is_refuted(rule: Rule, box: Box) -> None:
    assert solve(rule, box) is Answer.NO


# --- 4. Negation ----------------------------------------------------------------------


@pytest.mark.parametrize("op", OPS)
def test_negate_is_the_complement(op: str) -> None:
    for x in (F(-1), F(0), F(1)):
        assert HOLDS[op](x, F(0)) is not HOLDS[algebra.negate(op)](x, F(0))


def random_expression(rng: random.Random) -> Expr:
    """A left side of one of the shapes rules use: sums, products, ratios, abs, min, max."""
    c, d = Var("c"), Var("d")
    shapes: list[Expr] = [
        Bin("-", Bin("+", a, times(rng.choice(COEFFICIENTS), b)), c),
        Bin("*", a, b),
        Bin("/", a, b),
        Bin("/", Bin("+", a, b), c),
        Call("abs", (Bin("-", a, b),)),
        Call("min", (a, Bin("+", b, c))),
        Call("max", (a, b, times(2, c))),
        Bin("-", Bin("*", a, b), Bin("*", c, d)),
    ]
    return rng.choice(shapes)


def variables_of(expr: Expr) -> set[str]:
    if isinstance(expr, Var):
        return {expr.name}
    if isinstance(expr, Num):
        return set()
    parts = expr.args if isinstance(expr, Call) else (expr.left, expr.right)
    return set().union(*(variables_of(p) for p in parts))


@pytest.mark.parametrize("seed", range(3))
def test_a_comparison_or_its_negation_can_hold(seed: int) -> None:
    # Wherever the left side has a value, op or its negation holds: the solver may not
    # say NO to both, nor NO to the one that holds at a sampled point.
    rng = random.Random(4000 + seed)
    failures: list[Failure] = []
    for _ in range(100):
        left = random_expression(rng)
        box = {name: non_empty_interval(rng) for name in sorted(variables_of(left))}
        op, k = rng.choice(OPS), random_half(rng, 4)
        rule: Rule = ((left, op, Num(k)),)
        negated: Rule = ((left, algebra.negate(op), Num(k)),)
        answers = (solve(rule, box), solve(negated, box))
        if answers == (Answer.NO, Answer.NO):
            failures.append((rule, box, "NO for it and for its negation"))
        for _ in range(4):
            point = {name: rng.choice(grid(box[name], 8)) for name in box}
            for which, answer in zip((rule, negated), answers, strict=True):
                if answer is Answer.NO and rule_holds(which, point):
                    failures.append((which, box, f"holds at {point}, got NO"))
    assert not failures, report(failures)
