"""Every fast path gives exactly what the general path gives, on many generated cases.

The speed work (issue 6) added short cuts: a range check for constraints on one form,
exact interval arithmetic ("spans") for checks in which each claim occurs once, a
direct build of the constraints of a linear comparison, a fast numeral reader, a
one-pass line index, compiling each shape of check once, and a direct JSON writer.
Each is compared here with the path it short-cuts, on hand-worked rows and on
thousands of generated cases, bounds open and closed, unbounded and single points.
The rule strategies are chosen through the engine's public ``strategies`` parameter:
every one of ``engine.FAST_STRATEGIES``, alone, against the general way
(``general_outcomes``), so a strategy added to that list is compared here at once.
"""

from __future__ import annotations

import json
import random
import re
import warnings
from collections.abc import Iterator, Sequence
from fractions import Fraction as F
from pathlib import Path
from types import ModuleType

import pytest

from claimcheck.claims import expr, load
from claimcheck.claims import toml_chunks as pieces
from claimcheck.claims.lines import LineIndex
from claimcheck.claims.load import load_file
from claimcheck.claims.shapes import ShapeCache
from claimcheck.errors import ClaimcheckError, ValueGrammarError
from claimcheck.evaluate import engine, spans
from claimcheck.exact import algebra, intervals, solver
from claimcheck.exact.algebra import Constraint, Poly
from claimcheck.exact.solver import Answer
from claimcheck.model import Interval
from claimcheck.quantities import values
from claimcheck.report.json_format import dumps

ROOT = Path(__file__).resolve().parent.parent

NAMES = ("a", "b", "c", "d")


def random_interval(rng: random.Random) -> Interval:
    """Small rationals, so that ends often meet: points, open and closed, unbounded."""
    choice = rng.random()
    lo = F(rng.randint(-6, 6), rng.choice((1, 2, 3)))
    if choice < 0.15:
        return Interval(lo, lo)
    hi = lo + F(rng.randint(0, 8), rng.choice((1, 2)))
    if hi == lo:
        hi += 1
    lo_open, hi_open = rng.random() < 0.4, rng.random() < 0.4
    if choice < 0.25:
        return Interval(None, hi, True, hi_open)
    if choice < 0.35:
        return Interval(lo, None, lo_open, True)
    return Interval(lo, hi, lo_open, hi_open)


def random_box(rng: random.Random) -> dict[str, Interval]:
    return {name: random_interval(rng) for name in NAMES}


def linear_poly(coefs: dict[str, F], const: F) -> Poly:
    poly: dict[algebra.Monomial, F] = {((n, 1),): c for n, c in coefs.items() if c}
    if const:
        poly[()] = const
    return poly


def random_one_form(rng: random.Random) -> list[Constraint]:
    """Constraints ``k * f + c op 0`` on one linear form f."""
    names = rng.sample(NAMES, rng.randint(1, 3))
    form = {n: F(rng.choice((-3, -2, -1, 1, 2, 3)), rng.choice((1, 2))) for n in names}
    constraints = []
    for _ in range(rng.randint(1, 3)):
        k = F(rng.choice((-2, -1, 1, 2)), rng.choice((1, 3)))
        poly = linear_poly({n: k * c for n, c in form.items()}, F(rng.randint(-8, 8), 2))
        constraints.append(Constraint(poly, rng.choice(("<", "<=", "=="))))
    return constraints


# --- the solver: one form ----------------------------------------------------------


def test_one_form_agrees_with_fourier_motzkin_on_generated_cases() -> None:
    rng = random.Random(6)
    checked = 0
    for _ in range(3000):
        conjunction = random_one_form(rng)
        box = random_box(rng)
        fast = solver.one_form_feasible(conjunction, box)
        assert fast is not None
        assert fast == solver.linear_feasible(conjunction, box), (conjunction, box)
        checked += fast
    assert 300 < checked < 2700  # both answers occur often


def test_one_form_declines_two_forms() -> None:
    box = {"a": Interval(F(0), F(1)), "b": Interval(F(0), F(1))}
    a_le_b = Constraint(linear_poly({"a": F(1), "b": F(-1)}, F(0)), "<=")
    a_ge_half = Constraint(linear_poly({"a": F(-1)}, F(1, 2)), "<=")
    assert solver.one_form_feasible((a_le_b, a_ge_half), box) is None


def product_poly(coef: F, names: tuple[str, ...], const: F) -> Poly:
    poly: dict[algebra.Monomial, F] = {tuple((n, 1) for n in sorted(names)): coef}
    if const:
        poly[()] = const
    return poly


def test_one_form_on_products_agrees_with_branch_and_bound_where_it_decides() -> None:
    rng = random.Random(7)
    decided = 0
    for _ in range(600):
        names = tuple(rng.sample(NAMES, rng.randint(2, 3)))
        coef = F(rng.choice((-2, -1, 1, 2)))
        conjunction = tuple(
            Constraint(product_poly(coef * F(rng.choice((-1, 1, 2))), names,
                                    F(rng.randint(-12, 12), 2)),
                       rng.choice(("<", "<=", "==")))
            for _ in range(rng.randint(1, 2)))
        # Bounded boxes: the search over unbounded ones takes long to say little.
        box = {name: Interval(F(rng.randint(-6, 2), 2), F(rng.randint(3, 9), 2),
                              rng.random() < 0.4, rng.random() < 0.4) for name in NAMES}
        fast = solver.one_form_feasible(conjunction, box)
        searched = solver.branch_and_bound(conjunction, box, 200)  # decided: a few boxes
        assert fast is not None
        if searched is not Answer.UNDECIDED:
            decided += 1
            assert fast == (searched is Answer.YES), (conjunction, box)
    assert decided > 300


@pytest.mark.parametrize(("a", "b", "product"), [
    # [0, 1] * (2, 3): 0 is reached (x = 0), 3 is not (y < 3).
    (Interval(F(0), F(1)), Interval(F(2), F(3), True, True), Interval(F(0), F(3), False, True)),
    # (0, 1] * [2, 3]: 0 is never reached, 3 is (1 * 3).
    (Interval(F(0), F(1), True), Interval(F(2), F(3)), Interval(F(0), F(3), True, False)),
    # [-1, 1] * [-1, 1): 1 is reached at (-1, -1); -1 at (-1, 1)? no, y < 1; at (1, -1) yes.
    (Interval(F(-1), F(1)), Interval(F(-1), F(1), False, True), Interval(F(-1), F(1))),
    # (-1, 1) * [2, 2]: (-2, 2), both ends open.
    (Interval(F(-1), F(1), True, True), Interval(F(2), F(2)), Interval(F(-2), F(2), True, True)),
    # [1, inf) * [2, 3]: [2, inf).
    (Interval(F(1), None, False, True), Interval(F(2), F(3)), Interval(F(2), None, False, True)),
    # [0, inf) * (0, 1]: 0 reached at x = 0, no upper end.
    (Interval(F(0), None, False, True), Interval(F(0), F(1), True, False),
     Interval(F(0), None, False, True)),
    # 11% of 200 to 300 people: [22, 33].
    (Interval(F(11, 100), F(11, 100)), Interval(F(200), F(300)), Interval(F(22), F(33))),
])
def test_interval_product_worked_rows(a: Interval, b: Interval, product: Interval) -> None:
    assert intervals.interval_product(a, b) == product
    assert intervals.interval_product(b, a) == product


@pytest.mark.parametrize(("a", "inverse"), [
    (Interval(F(2), F(4)), Interval(F(1, 4), F(1, 2))),
    (Interval(F(2), F(4), True, False), Interval(F(1, 4), F(1, 2), False, True)),
    (Interval(F(2), None, False, True), Interval(F(0), F(1, 2), True, False)),
    (Interval(F(0), F(4), True, False), Interval(F(1, 4), None, False, True)),
    (Interval(F(-4), F(-2)), Interval(F(-1, 2), F(-1, 4))),
    (Interval(None, F(-2), True, False), Interval(F(-1, 2), F(0), False, True)),
    (Interval(F(-1), F(1)), None),  # holds 0
    (Interval(F(0), F(1)), None),
])
def test_interval_reciprocal_worked_rows(a: Interval, inverse: Interval | None) -> None:
    assert intervals.interval_reciprocal(a) == inverse


def reference_poly_range(poly: Poly, box: dict[str, Interval]) -> Interval:
    """poly_range without its fast path for constants and linear terms: each term the
    product of its claims' closed hulls, by ``interval_product``, scaled and summed."""
    total = Interval(F(0), F(0))
    for mono, coef in poly.items():
        term = Interval(F(1), F(1))
        for name, exp in mono:
            interval = box[name]
            hull = Interval(interval.lo, interval.hi, interval.lo is None, interval.hi is None)
            for _ in range(exp):
                term = intervals.interval_product(term, hull)
        scaled = intervals.interval_scaled(term, coef) if coef else Interval(F(0), F(0))
        total = intervals.interval_sum(total, scaled)
    return Interval(total.lo, total.hi, total.lo is None, total.hi is None)


def test_poly_range_fast_terms_agree_with_the_general_product() -> None:
    rng = random.Random(8)
    for _ in range(3000):
        poly: dict[algebra.Monomial, F] = {}
        for _ in range(rng.randint(1, 4)):
            names = rng.sample(NAMES, rng.randint(0, 2))
            mono = tuple(sorted((n, rng.choice((1, 1, 2))) for n in names))
            poly[mono] = F(rng.randint(-5, 5) or 1, rng.choice((1, 2)))
        box = random_box(rng)
        assert solver.poly_range(poly, box) == reference_poly_range(poly, box)


# --- the engine: rule outcomes -------------------------------------------------------


Outcome = engine.RuleOutcome | tuple[str, str]


def general_outcomes(evaluation: engine.FileEvaluation) -> list[Outcome]:
    """Every rule decided the general way (no fast strategy): the definition. Each fast
    strategy, alone, must agree with it (asserted here), so that a strategy added to
    ``engine.FAST_STRATEGIES`` is compared the day it is added."""
    general = fast_outcomes(evaluation, strategies=())
    for strategy in engine.FAST_STRATEGIES:
        assert fast_outcomes(evaluation, strategies=(strategy,)) == general, strategy
    return general


def unplanned_outcomes(evaluation: engine.FileEvaluation) -> list[Outcome]:
    """Without the shape plans: each check's tree walked (``SingleUseSpans`` first)."""
    strategies = [s for s in engine.FAST_STRATEGIES if s is not engine.ShapePlan]
    return fast_outcomes(evaluation, strategies=strategies)


def fast_outcomes(evaluation: engine.FileEvaluation,
                  strategies: Sequence[engine.Strategy] | None = None) -> list[Outcome]:
    """Each rule's outcome, or the error it is refused with (a check too large), by
    ``strategies`` (default: every fast one) and the general way."""
    decide = engine.rule_decider(evaluation, strategies)
    outcomes: list[Outcome] = []
    for rule in evaluation.file.rules.values():
        try:
            outcomes.append(decide(rule))
        except ClaimcheckError as error:
            outcomes.append(("error", str(error)))
    return outcomes


def answered_by(strategy: engine.Strategy, evaluation: engine.FileEvaluation) -> list[str]:
    """The ids of the rules ``strategy`` decides (does not decline)."""
    made = strategy(evaluation)
    return [rid for rid, rule in evaluation.file.rules.items()
            if made.decide(rule) is not None]


@pytest.mark.parametrize("seed", [2, 5, 7])
def test_generated_files_evaluate_the_same_by_both_paths(
        tmp_path: Path, seed: int, generate: ModuleType) -> None:
    path = generate.write(300, tmp_path / "claims.toml", seed=seed)
    evaluation = engine.prepare(load_file(path))
    fast = fast_outcomes(evaluation)
    assert fast == general_outcomes(evaluation)
    assert fast == unplanned_outcomes(evaluation)
    statuses = {outcome.status.value for outcome in fast
                if isinstance(outcome, engine.RuleOutcome)}
    assert statuses == {"ok", "tension", "fail"}


def agreeing_outcomes(tmp_path: Path, text: str) -> tuple[list[Outcome], list[str]]:
    """The outcomes of a claims file's rules, the same on every path (asserted), and the
    ids of the rules that a shape's plan decided."""
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    evaluation = engine.prepare(load_file(path))
    fast = fast_outcomes(evaluation)
    assert fast == general_outcomes(evaluation)
    assert fast == unplanned_outcomes(evaluation)
    return fast, answered_by(engine.ShapePlan, evaluation)


def test_displays_tidy_spaces_alike_on_every_path(tmp_path: Path) -> None:
    """A plan writes the display without tidying it when the shape and the values are
    tidy already; spaces in a check or in a value as written must come out the same."""
    claims = {"aa": "more than  2,800", "bb": " 2,000", "cc": "about 10"}
    checks = ["aa  >=   bb", "bb <= aa", "\taa + bb >= cc ", "aa >= bb + cc"]
    text = "".join(f'[claims.{cid}]\nvalue = "{value}"\nunit = "1000  weapon"\n'
                   for cid, value in claims.items())
    text = text.replace("1000  weapon", "weapon", 2)  # c is in thousands, spaced twice
    text += "".join(f'[rules.r{i}]\ncheck = "{check}"\n' for i, check in enumerate(checks))
    fast, planned = agreeing_outcomes(tmp_path, text)
    assert planned == ["r0", "r1", "r2", "r3"]
    assert [outcome[3] for outcome in fast] == [
        "more than 2,800 weapon >= 2,000 weapon", "2,000 weapon <= more than 2,800 weapon",
        "more than 2,800 weapon + 2,000 weapon >= about 10 1000 weapon",
        "more than 2,800 weapon >= 2,000 weapon + about 10 1000 weapon"]


@pytest.mark.parametrize("values", [
    {"aa": "about 300", "bb": "more than 9,000"},  # a share, clearly positive
    {"aa": "between -5 and 5", "bb": "about 40"},  # a numerator either side of 0
    {"aa": "up to 40", "bb": "at least 0"},  # 0 at the ends: reached, or not
    {"aa": "between -10 and -1", "bb": "between -3 and -1"},
    {"aa": "0", "bb": "nearly 10"},
], ids=["share", "either sign", "zero ends", "negative", "zero"])
def test_a_side_that_is_zero_takes_the_plan_and_agrees(
        tmp_path: Path, values: dict[str, str]) -> None:
    checks = ["aa / bb >= 0.0", "0 <= aa - bb", "aa / bb > 0", "aa <= 0", "0 == aa + bb",
              "aa * bb != 0"]
    text = "".join(f'[claims.{cid}]\nvalue = "{value}"\n' for cid, value in values.items())
    text += "".join(f'[rules.r{i}]\ncheck = "{check}"\n' for i, check in enumerate(checks))
    _, planned = agreeing_outcomes(tmp_path, text)
    assert planned == [f"r{i}" for i in range(6)]  # "at least 0" divides: 0 is an end


def test_a_claim_with_an_empty_reading_leaves_the_plans_and_agrees(tmp_path: Path) -> None:
    """With a reading width of 0, "nearly 100" reads as [100, 100): empty. The plans
    leave such a claim to the general path (found once per distinct interval)."""
    text = ('[claims.aa]\nvalue = "nearly 100"\n[claims.bb]\nvalue = "5"\n'
            '[claims.cc]\nvalue = "nearly 100"\n[claims.dd]\nvalue = "about 100"\n'
            '[rules.r0]\ncheck = "aa + bb >= 5"\n[rules.r1]\ncheck = "bb <= cc"\n'
            '[rules.r2]\ncheck = "bb <= dd"\n')
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    widths = values.Widths(nearly_reading=F(0))
    evaluation = engine.prepare(load_file(path, widths=widths))
    assert engine.claim_boxes(evaluation).empty == {"aa", "cc"}
    fast = fast_outcomes(evaluation)
    assert fast == general_outcomes(evaluation)
    assert [outcome[1].value for outcome in fast] == ["tension", "tension", "ok"]


def test_divisor_with_zero_at_an_end_takes_the_fast_path_and_agrees(tmp_path: Path) -> None:
    # "up to 400" is [0, 400]: both paths leave b = 0 out (the quotient has no value
    # there); "between -1 and 1" has 0 inside, which only the general path splits.
    claims = {"a": "500", "b": "up to 400", "c": "0", "d": "between -1 and 1"}
    checks = ["a / b <= 1", "a / b <= 1.25", "a / b < 1.25", "a / b >= 2", "a / c >= 1",
              "a / d >= 1", "-a / b >= -2", "(a + 1) / b <= 1.3"]
    text = "".join(f'[claims.{cid}]\nvalue = "{value}"\n' for cid, value in claims.items())
    text += "".join(f'[rules.r{i}]\ncheck = "{check}"\n' for i, check in enumerate(checks))
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    evaluation = engine.prepare(load_file(path))
    assert fast_outcomes(evaluation) == general_outcomes(evaluation)
    assert fast_outcomes(evaluation) == unplanned_outcomes(evaluation)
    fast = answered_by(engine.SingleUseSpans, evaluation)
    assert fast == ["r0", "r1", "r2", "r3", "r6", "r7"]  # not c (only 0), not d (0 inside)


def quotient(a: intervals.Span, b: intervals.Span) -> intervals.Span | None:
    """``a / b`` by the engine's exact arithmetic (``spans.exact_range``), or None where
    it leaves the division to the general path."""
    divided = expr.BinOp("/", expr.Name("a"), expr.Name("b"))
    try:
        return spans.exact_range(divided, {"a": a, "b": b}, F, lambda _: True)
    except spans.NotSingleUse:
        return None


def test_share_quotients_agree_with_the_product_by_the_reciprocal() -> None:
    # The quotient's short cut (a >= 0, b > 0 and bounded) against a * (1 / b), ends
    # of 0 included: 0 / y is 0 for every y, reached where a's 0 is.
    rng = random.Random(15)
    cut = 0
    for _ in range(6000):
        a, b = (intervals.span(random_interval(rng)) for _ in range(2))
        if intervals.span_empty(a) or intervals.span_empty(b):
            continue
        general = None
        inverse = intervals.span_reciprocal(intervals.span_without_zero(b))
        if inverse is not None and not intervals.span_empty(intervals.span_without_zero(b)):
            general = intervals.span_product(a, inverse)
        assert quotient(a, b) == general, (a, b)
        short = a[0] is not None and a[0] >= 0 and b[0] is not None and b[0] > 0
        cut += short and b[1] is not None
    assert cut > 300


# The differences of the sides each comparison allows, as tolerances still compare.
ALLOWED_DIFFERENCES: dict[str, intervals.Span] = {
    "<": (None, 0, True, True),
    "<=": (None, 0, True, False),
    "==": (0, 0, False, False),
    ">=": (0, None, False, True),
    ">": (0, None, True, True),
}


def test_comparisons_in_one_step_agree_with_the_difference_of_the_sides() -> None:
    # spans.sides_allow without a tolerance (each comparison in one step) against the
    # way tolerances still go: left - right meeting the differences each comparison
    # allows. Small rationals, so that ends often meet.
    rng = random.Random(14)
    compared = {op: [0, 0] for op in ALLOWED_DIFFERENCES}
    for _ in range(6000):
        left, right = (intervals.span(random_interval(rng)) for _ in range(2))
        if intervals.span_empty(left) or intervals.span_empty(right):
            continue
        difference = intervals.span_difference(left, right)
        for op, allowed in ALLOWED_DIFFERENCES.items():
            expected = not intervals.span_empty(intervals.span_meet(difference, allowed))
            assert spans.sides_allow(left, op, right, None) is expected, (left, op, right)
            compared[op][expected] += 1
    assert all(min(counts) > 500 for counts in compared.values()), compared


def test_spans_settle_a_division_the_search_leaves_undecided(tmp_path: Path) -> None:
    # a / b / c <= -1 with a, c in [0, 1) and b >= 3: the quotient is >= 0 wherever it
    # has a value (c > 0), so it fails. The general path multiplies out b * c, whose sign
    # it splits on, and its branch and bound approaches c = 0 without end: UNDECIDED,
    # which the general path reports as holding. The spans answer exactly.
    path = tmp_path / "claims.toml"
    path.write_text('[claims.a]\nvalue = "less than 1"\n[claims.b]\nvalue = "at least 3"\n'
                    '[claims.c]\nvalue = "less than 1"\n[claims.d]\nvalue = "-1"\n'
                    '[rules.r]\ncheck = "a / b / c <= d"\n', encoding="utf-8")
    evaluation = engine.prepare(load_file(path))
    rule = evaluation.file.rules["r"]
    alternatives = engine.rule_constraints(evaluation, rule)
    hard = {name: engine.hard_box(evaluation)[name] for name in ("a", "b", "c", "d")}
    assert solver.satisfiable(alternatives, hard) is Answer.UNDECIDED
    assert engine.evaluate_rule(evaluation, rule).status is engine.Status.FAIL


def random_side(rng: random.Random, names: list[str]) -> str:
    """A side of a check: claims, numbers, quantities, + - * /, negation, derived.

    Products of claims are kept few: where a claim repeats in one, both paths take the
    branch-and-bound search, which is slow and tells nothing about the short cuts."""
    text = rng.choice(names)
    for _ in range(rng.randint(0, 2)):
        kind = rng.random()
        if kind < 0.55:
            term, op = rng.choice(names), rng.choice(("+", "-", "+", "/", "*" * (kind < 0.1)))
        else:
            term = rng.choice(("2", "0.5", "0", "3", "'2'", "'0'", "'1.5'"))
            op = rng.choice(("+", "-", "*", "/"))
        if rng.random() < 0.1:
            term = f"-{term}"
        text = f"{text} {op or '+'} {term}"
    return text


VALUES = ("240", "243", "about 240", "more than 230", "at least 240", "nearly 250",
          "up to 245", "between 230 and 250", "2.4 thousand", "less than 250", "0",
          "more than 0", "-5", "at most 2")


def rule_file(rng: random.Random, rules: int) -> str:
    lines = []
    # Ids of two letters: long enough for a placeholder, so checks take the shape plans.
    for name in ["pp", "qq", "rr", "ss", "tt"]:
        lines.append(f'[claims.{name}]\nvalue = "{rng.choice(VALUES)}"\n')
    lines.append('[claims.uu]\nderived = "pp + qq"\n')
    lines.append('[claims.ww]\nderived = "rr - pp"\n')
    stated = ["pp", "qq", "rr", "ss", "tt"]
    names = [*stated, *stated, "uu", "ww"]  # derived claims less often
    for index in range(rules):
        op = rng.choice(("<", "<=", "==", "!=", ">=", ">"))
        check = f"{random_side(rng, names)} {op} {random_side(rng, names)}"
        tolerance = rng.choice(("", "", 'tolerance = "2%"', 'tolerance = "5"',
                                'tolerance = "150%"'))
        lines.append(f'[rules.r{index}]\ncheck = "{check}"\n{tolerance}\n')
    return "\n".join(lines)


def test_random_checks_evaluate_the_same_by_both_paths(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both paths share the search for products; a shorter one keeps the test quick and
    # changes nothing in the comparison (the short cuts never answer "no" for products).
    monkeypatch.setattr(solver, "MAX_BOXES", 100)
    rng = random.Random(9)
    compared = 0
    planned = {"answered": 0}
    for index in range(16):
        path = tmp_path / f"claims{index}.toml"
        path.write_text(rule_file(rng, 25), encoding="utf-8")
        evaluation = engine.prepare(load_file(path))
        fast = fast_outcomes(evaluation)
        assert fast == general_outcomes(evaluation), path
        assert fast == unplanned_outcomes(evaluation), path
        compared += len(evaluation.file.rules)
        planned["answered"] += len(answered_by(engine.ShapePlan, evaluation))
    assert compared == 400
    assert planned["answered"] > 40  # the shape plans answered 63 of the 400


def test_seed_file_evaluates_the_same_by_both_paths() -> None:
    evaluation = engine.prepare(load_file(ROOT / "data" / "claims.toml"))
    assert fast_outcomes(evaluation) == general_outcomes(evaluation)


@pytest.mark.parametrize(("left", "right", "share", "within"), [
    # 243 vs 234 + 8 = 242 within 1%: |1| <= 2.43.
    ((243, 243), (242, 242), F(1, 100), True),
    # 100 vs 110 within 5%: 10 > 5.5.
    ((100, 100), (110, 110), F(5, 100), False),
    # 100 vs [104, 110] within 5%: 104 is 4 off, 5.2 allowed.
    ((100, 100), (104, 110), F(5, 100), True),
    # opposite signs never agree within less than 100%.
    ((-1, -1), (1, 1), F(50, 100), False),
    # both negative: -100 and -104 within 5%.
    ((-100, -100), (-104, -104), F(5, 100), True),
    # 0 and 0 agree within 0%.
    ((0, 0), (0, 0), F(0), True),
])
def test_within_share_worked_rows(left: tuple[int, int], right: tuple[int, int], share: F,
                                  within: bool) -> None:
    left_span = (left[0], left[1], False, False)
    right_span = (right[0], right[1], False, False)
    assert spans.within_share(left_span, right_span, share) is within


# --- values, lines, shapes, JSON ---------------------------------------------------


def numerals(rng: random.Random) -> Iterator[str]:
    yield from ("0", "05", "1,00", "2,800", "1,630", "38.6", "99.50", "100", "1,000,000",
                "12,34,567", "0.05", "7")
    digits = "0123456789"
    for _ in range(3000):
        whole = "".join(rng.choice(digits) for _ in range(rng.randint(1, 8)))
        if rng.random() < 0.4 and len(whole) > 3:
            whole = f"{int(whole):,}" if rng.random() < 0.8 else whole[:2] + "," + whole[2:]
        if rng.random() < 0.3:
            whole += "." + "".join(rng.choice(digits) for _ in range(rng.randint(1, 3)))
        yield whole


def read(raw: str) -> object:
    """What ``parse_value`` makes of ``raw``: the value, or why it refuses it (the
    reason after the quoted text, and the hint)."""
    try:
        return values.parse_value(raw)
    except ValueGrammarError as rejected:
        return ("rejected", str(rejected).split('": ', 1)[1], rejected.hint)


def test_plain_numerals_read_the_same_by_both_paths() -> None:
    # A bare numeral (values.NUMERAL, in ASCII digits) is read directly; with a space
    # after it, the same text takes the general path (the space is no part of it).
    direct = 0
    for text in numerals(random.Random(10)):
        assert read(text) == read(text + " "), text
        direct += re.fullmatch(values.NUMERAL, text, re.ASCII) is not None
    assert 1500 < direct < 3000, direct  # both paths' own texts occur often


class LineByLine:
    """The line index read line by line, the reference the one pass agrees with: the
    first place a path is written wins, the tables it lies in too unless written
    earlier as a key; a one-part key in a table is kept apart (a table written later
    under its name is no key of it)."""

    HEADER = re.compile(r"\s*\[([^\[\]]+)\]\s*(#.*)?$")
    KEY = re.compile(r"""\s*((?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_\-]+)"""
                     r"""(?:[^\S\n]*\.[^\S\n]*(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_\-]+))*)\s*=""")

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[str, ...], int] = {}
        self.keys: dict[tuple[str, ...], dict[str, int]] = {}
        table: tuple[str, ...] = ()
        for number, line in enumerate(text.split("\n"), start=1):
            if header := self.HEADER.match(line):
                table = self.split(header.group(1))
                self.record(table, number)
            elif key := self.KEY.match(line):
                parts = self.split(key.group(1))
                if len(parts) == 1 and table:
                    if (*table, *parts) not in self.lines and self.key_line(
                            (*table, *parts)) is None:
                        self.keys.setdefault(table, {})[parts[0]] = number
                else:
                    self.record(table + parts, number)

    @staticmethod
    def split(text: str) -> tuple[str, ...]:
        return tuple(part.strip().strip("\"'") for part in text.split("."))

    def key_line(self, path: tuple[str, ...]) -> int | None:
        return self.keys.get(path[:-1], {}).get(path[-1]) if len(path) > 1 else None

    def record(self, path: tuple[str, ...], number: int) -> None:
        for end in range(1, len(path) + 1):
            if path[:end] not in self.lines and self.key_line(path[:end]) is None:
                self.lines[path[:end]] = number

    def line(self, *path: str) -> int:
        for end in range(len(path), 0, -1):
            found = self.lines.get(path[:end]) or self.key_line(path[:end])
            if found:
                return found
        return 1

    def plain_keys(self, table: tuple[str, ...]) -> dict[str, int]:
        return {key: line for key, line in sorted(self.keys.get(table, {}).items(),
                                                  key=lambda item: item[1])
                if (*table, key) not in self.lines}


@pytest.mark.parametrize(("bulk", "prefetch"), [
    (True, False), (False, False), (True, True), (False, True)],
    ids=["plain pass", "general pass", "plain pass, prefetched", "general, prefetched"])
def test_line_index_one_pass_agrees_with_line_by_line(bulk: bool, prefetch: bool) -> None:
    # The one pass against the line-by-line reference: a plain text recorded in bulk
    # where allowed (``bulk``) or event by event, and everywhere else event by event;
    # keys looked for table by table, or all at once (``prefetch``).
    plain = {"applied": 0}
    rng = random.Random(11)
    pieces = ["[a]", "[a.b]", "[b]", '["a"]', "[ a . b ]", "x = 1", "b = 2", "a.b = 3",
              '"q" = 1', "'r'.s = 2", "# c", "", "  y=1", "[[t]]", "x.y.z = 1", "[a]\r",
              "k = 'x'", "\u00e9 = 1", "[claims.x]", "value = 3", "value=4", "[b.c]", "[a.c]",
              "z = 1\rw.v = 2", "[c]\rq = 1"]
    texts = [(ROOT / "data" / "claims.toml").read_text(encoding="utf-8")]
    texts += ["\n".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
              for _ in range(4000)]
    names = ("a", "b", "c", "x", "y", "z", "k", "q", "r", "s", "t", "v", "w", "value",
             "claims", "\u00e9", "zz")
    for text in texts:
        one_pass = LineIndex(text, bulk=bulk)
        plain["applied"] += one_pass.plain
        if prefetch:
            for key in ("x", "value", "b", "y", "k"):
                one_pass.prefetch(key)
        by_line = LineByLine(text)
        paths = {*by_line.lines, *((*table, key) for table, keys in by_line.keys.items()
                                   for key in keys)}
        probes = paths | {(*path, name) for path in {*paths, ()} for name in names}
        for path in probes:
            assert one_pass.line(*path) == by_line.line(*path), (text, path)
        for table in {path[:-1] for path in probes if len(path) > 1}:
            assert one_pass.plain_keys(table) == by_line.plain_keys(table), (text, table)
    assert (plain["applied"] > 200) is bulk, plain


def compiled(compile_text: object, text: str) -> object:
    try:
        return compile_text(text)  # type: ignore[operator]
    except ClaimcheckError as error:
        return ("error", str(error), error.hint)


def test_each_shape_compiles_to_what_the_text_compiles_to() -> None:
    rng = random.Random(12)
    atoms = ["abc", "g1_x", "a", "_", "x1", "True", "None", "not", "and", "or", "abs", "min",
             "max", "(", ")", "+", "-", "*", "/", "==", "<=", "<", "!=", " ", "0", "1.5",
             "1e3", ".b", "é", "ab(", ",", "**", "[0]", "lambda", ":", "if", "else", "foo",
             "weapons_stolen", "'2 months'"]
    cache = ShapeCache(expr.compile_check)
    texts = [" ".join(rng.choice(atoms) for _ in range(rng.randint(1, 9)))
             for _ in range(4000)]
    texts += [f"g{i}_a + g{i}_b == g{i}_total" for i in range(1, 200)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)  # "1e3abs" and the like
        for text in texts:
            assert compiled(cache.compile, text) == compiled(expr.compile_check, text), text


def random_document(rng: random.Random, depth: int = 0) -> object:
    if depth > 3 or rng.random() < 0.3:
        return rng.choice(["a", 'é"\\\n\t\x00\u2028', "", 0, -5, 10**20, True, False, None,
                           1.5, "ü🙂"])
    if rng.random() < 0.5:
        return {rng.choice(["k", "é", '"q', ""]) + str(i): random_document(rng, depth + 1)
                for i in range(rng.randint(0, 4))}
    return [random_document(rng, depth + 1) for _ in range(rng.randint(0, 4))]


def test_json_writer_writes_what_json_dumps_writes() -> None:
    rng = random.Random(13)
    for _ in range(5000):
        document = random_document(rng)
        assert dumps(document) == json.dumps(document, indent=2, ensure_ascii=False)


# --- the loader: a large text read in pieces ----------------------------------------


def load_outcome(path: Path) -> object:
    try:
        loaded = load_file(path)
    except ClaimcheckError as error:
        return ("error", str(error))
    return loaded.file, dict(loaded.checks), loaded.derived


def load_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch, *, whole_allowed: bool,
                   parallel: bool = False) -> tuple[object, object]:
    """The file read in pieces of about 400 characters (parsed by a worker process if
    ``parallel``), and read whole. Unless ``whole_allowed``, the pieces must not fall
    back to reading the whole text."""
    with monkeypatch.context() as patched:
        patched.setattr(load, "LARGE_TEXT", 0)
        patched.setattr(pieces, "PIECE", 400)
        patched.setattr(pieces, "PARALLEL_TEXT", 0 if parallel else 10**12)
        patched.setattr(pieces, "usable_cores", lambda: 2)
        if not whole_allowed:
            patched.setattr(load, "fast_loads", lambda: pytest.fail("read whole"))
        in_pieces = load_outcome(path)
    with monkeypatch.context() as patched:
        patched.setattr(load, "LARGE_TEXT", 10**12)
        whole = load_outcome(path)
    return in_pieces, whole


@pytest.mark.parametrize("parallel", [False, True], ids=["here", "worker"])
def test_a_generated_file_reads_the_same_in_pieces(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool,
        generate: ModuleType) -> None:
    path = generate.write(200, tmp_path / "claims.toml", seed=3)
    assert len(pieces.cut(path.read_text(encoding="utf-8"))) == 1  # 200 claims: one piece
    in_pieces, whole = load_both_ways(path, monkeypatch, whole_allowed=False,
                                      parallel=parallel)
    assert in_pieces == whole
    with monkeypatch.context() as patched:
        patched.setattr(pieces, "PIECE", 400)
        assert len(pieces.cut(path.read_text(encoding="utf-8"))) > 50


def test_a_selection_reads_the_same_in_pieces_by_two_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generate: ModuleType) -> None:
    """``explain``'s way (``select``): only some entries built, the pieces parsed by two
    workers, each every other piece; the same claims, rules and outline as read whole."""
    path = generate.write(200, tmp_path / "claims.toml", seed=4)

    def select(outline: load.Outline) -> tuple[set[str], set[str]]:
        return set(outline.units), set(list(outline.checks)[::5])  # every claim: names

    def selected() -> tuple[object, object, object]:
        loaded = load_file(path, select=select)
        return loaded.file, dict(loaded.checks), loaded.outline

    started: list[int] = []
    original = pieces.PieceParser.__init__

    def counting(self: pieces.PieceParser, text: str, **options: int) -> None:
        original(self, text, **options)
        started.append(self.workers)

    with monkeypatch.context() as patched:
        patched.setattr(load, "LARGE_TEXT", 0)
        patched.setattr(pieces, "PIECE", 400)
        patched.setattr(pieces, "PARALLEL_TEXT", 0)
        patched.setattr(pieces, "usable_cores", lambda: 2)
        patched.setattr(pieces.PieceParser, "__init__", counting)
        patched.setattr(load, "fast_loads", lambda: pytest.fail("read whole"))
        in_pieces = selected()
    assert started == [2]
    assert in_pieces == selected()  # LARGE_TEXT as it is: read whole


CLAIM = '[claims.{0}]\nvalue = "{1}"\nquote = "{1} of them"\n'
PADDING = "".join(CLAIM.format(f"pad{i}", 100 + i) for i in range(40))  # many pieces


@pytest.mark.parametrize(("name", "text", "falls_back", "is_error"), [
    ("document and units after the claims",
     PADDING + '[document]\ntitle = "T"\n[units]\ncase = "[case]"\n'
     + '[claims.late]\nvalue = "3"\nunit = "case"\n', False, False),
    # Not a plain text (a [claims] table beside [claims.x] ones, a dotted key): read
    # whole, as it might declare a table in two pieces.
    ("dotted keys and a [claims] table", '[claims]\nfirst.value = "1"\n' + PADDING, True,
     False),
    ("[claims] declared twice", '[claims]\nfirst = {value = "1"}\n' + PADDING
     + '[claims]\nsecond = {value = "2"}\n', True, True),
    # A cut inside the string leaves the piece before it unterminated: read whole.
    ("a header inside a multi-line string", CLAIM.format("first", 1)
     + '[claims.long]\nvalue = "7"\nnote = """\n' + PADDING + '"""\n' + PADDING.replace(
         "pad", "more"), True, False),
    ("a claim written twice", CLAIM.format("twice", 1) + PADDING + CLAIM.format("twice", 2),
     True, True),
    ("a sub-table in a later piece", CLAIM.format("parent", 1) + PADDING
     + '[claims.parent.extra]\nnote = "x"\n', True, True),
    ("a syntax error in a late piece", PADDING + '[claims.bad]\nvalue = 2,800\n', True, True),
    ("an unknown key in a late piece", PADDING + '[claims.bad]\nvalue = "1"\nvalu = "2"\n',
     True, True),
    ("units twice", '[units]\ncase = "[case]"\n' + PADDING + '[units]\nday = "[day]"\n',
     True, True),
])
@pytest.mark.parametrize("parallel", [False, True], ids=["here", "worker"])
def test_pieces_read_what_the_whole_text_reads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str,
        falls_back: bool, is_error: bool, parallel: bool) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    in_pieces, whole = load_both_ways(path, monkeypatch, whole_allowed=falls_back,
                                      parallel=parallel)
    assert in_pieces == whole
    assert isinstance(whole, tuple) and (whole[0] == "error") is is_error, whole


# --- the solver: one elimination, with a variable kept or none --------------------


def test_projection_agrees_with_feasibility_at_each_point() -> None:
    """``solver.project`` (elimination keeping one variable) against
    ``solver.linear_feasible`` (elimination of all) with that variable fixed: a point
    is in the projection exactly when the conjunction can hold there. Points at and
    beside the projection's ends check that open and closed ends come out right."""
    rng = random.Random(16)
    inside = outside = 0
    for _ in range(1500):
        conjunction = random_one_form(rng) + random_one_form(rng)
        box = random_box(rng)
        names = sorted({n for c in conjunction for n in algebra.variables(c.poly)})
        name = rng.choice(names)
        projected = solver.project(conjunction, box, name)
        ends = [] if projected is None else [e for e in (projected.lo, projected.hi)
                                              if e is not None]
        points = {F(rng.randint(-12, 12), 2), *ends, *(e + F(1, 7) for e in ends),
                  *(e - F(1, 7) for e in ends)}
        for point in points:
            fixed = {**box, name: Interval(point, point)}
            holds = solver.linear_feasible(conjunction, fixed)
            assert holds == (projected is not None and projected.contains(point)), (
                conjunction, box, name, point)
            inside += holds
            outside += not holds
    assert inside > 500 and outside > 500, (inside, outside)
