"""The exact solver: worked numbers for repeated claims, open bounds, chains, products."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from claimcheck.exact import algebra
from claimcheck.exact.algebra import Condition, Piece, Ratio
from claimcheck.exact.solver import MAX_BOXES, Answer, poly_range, poly_sign, satisfiable
from claimcheck.model import Interval


def var(name: str) -> list[Piece]:
    return [Piece((), Ratio.of(algebra.variable(name)))]


def num(value: F | int | str) -> list[Piece]:
    return [Piece((), Ratio.of(algebra.constant(F(value))))]


def op(a: list[Piece], sign: str, b: list[Piece]) -> list[Piece]:
    operations = {"+": Ratio.plus, "-": Ratio.minus, "*": Ratio.times, "/": Ratio.over}
    return algebra.combine(a, b, operations[sign])


def can_hold(left: list[Piece], sign: str, right: list[Piece], box: dict[str, Interval]) -> Answer:
    def sign_of(poly: algebra.Poly) -> int:
        return poly_sign(poly, box)

    alternatives = []
    for conditions in algebra.compare(left, sign, right):
        alternatives += algebra.to_constraints(conditions, sign_of)
    return satisfiable(alternatives, box)


def closed(lo: int | str | None, hi: int | str | None) -> Interval:
    return Interval(None if lo is None else F(lo), None if hi is None else F(hi))


def test_repeated_claim_ratio_naive_says_yes_exact_says_no() -> None:
    # a in [1, 3], b in [3, 5].  Naive interval arithmetic: a / (a + b) is
    # [1, 3] / [4, 8] = [1/8, 3/4], which reaches above 1/2, so "can hold".
    # But a / (a + b) > 1/2 means a > b, and a <= 3 <= b: it cannot hold
    # (at a = b = 3 the ratio is exactly 1/2, not above it).
    naive_hi = F(3) / F(4)
    assert naive_hi > F(1, 2)
    box = {"a": closed(1, 3), "b": closed(3, 5)}
    ratio = op(var("a"), "/", op(var("a"), "+", var("b")))
    assert can_hold(ratio, ">", num("1/2"), box) is Answer.NO
    assert can_hold(ratio, ">=", num("1/2"), box) is Answer.YES  # a = b = 3 gives 1/2


def test_repeated_claim_cancels() -> None:
    box = {"a": closed(0, 100)}
    difference = op(var("a"), "-", var("a"))  # naive: [-100, 100]
    assert can_hold(difference, ">", num(0), box) is Answer.NO
    assert can_hold(difference, "==", num(0), box) is Answer.YES


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        (Interval(F(2800), None, lo_open=True), Answer.NO),   # more than 2,800
        (Interval(F(2800), None), Answer.YES),                # at least 2,800
        (Interval(F(2800), F(2900), True, False), Answer.NO),  # reading of more than 2,800
        (Interval(F(2700), F(2800), False, True), Answer.NO),  # [2,700, 2,800): less than
        (Interval(F(2700), F(2800)), Answer.YES),              # [2,700, 2,800]: at most
    ],
)
def test_open_bounds_never_meet_the_value_they_exclude(interval: Interval,
                                                        expected: Answer) -> None:
    assert can_hold(var("stolen"), "==", num(2800), {"stolen": interval}) is expected


def test_strict_comparison_between_open_and_closed_bounds() -> None:
    # x = 5, y in (4, 5]: x < y needs y > 5: no.  y in [4, 6]: y = 5.5 works.
    assert can_hold(var("x"), "<", var("y"),
                    {"x": closed(5, 5), "y": Interval(F(4), F(5), True, False)}) is Answer.NO
    assert can_hold(var("x"), "<=", var("y"),
                    {"x": closed(5, 5), "y": Interval(F(4), F(5), True, False)}) is Answer.YES
    assert can_hold(var("x"), "<", var("y"), {"x": closed(5, 5), "y": closed(4, 6)}) is Answer.YES


@pytest.mark.parametrize(("total", "expected"), [(15, Answer.YES), (16, Answer.NO)])
def test_sum_of_exact_counts(total: int, expected: Answer) -> None:
    # 10 + 5 == 15 holds; 10 + 5 == 16 misses by 1.
    box = {"a": closed(10, 10), "b": closed(5, 5), "c": closed(total, total)}
    assert can_hold(op(var("a"), "+", var("b")), "==", var("c"), box) is expected


def test_chain_shares_its_middle_claim() -> None:
    # a <= b and b <= c each can hold on their own (b = 5; b = 0), but not together:
    # a = 5 > 3 = c.
    box = {"a": closed(5, 5), "b": closed(0, 10), "c": closed(3, 3)}
    alternatives = []
    conditions = algebra.compare(var("a"), "<=", var("b"))[0] + algebra.compare(
        var("b"), "<=", var("c"))[0]
    alternatives += algebra.to_constraints(conditions, lambda p: 0)
    assert satisfiable(alternatives, box) is Answer.NO
    assert can_hold(var("a"), "<=", var("b"), box) is Answer.YES
    assert can_hold(var("b"), "<=", var("c"), box) is Answer.YES


@pytest.mark.parametrize(
    ("part", "share_lo_open", "expected"),
    [
        # share in [10.5%, 11.5%] (written "11%"), total = 200: share * total in [21, 23]
        ("21", False, Answer.YES),   # exactly at the closed edge: 0.105 * 200 = 21
        ("23", False, Answer.YES),
        ("24", False, Answer.NO),
        ("21", True, Answer.NO),     # (10.5%, 11.5%]: 21 is excluded
    ],
)
def test_share_of_a_total(part: str, share_lo_open: bool, expected: Answer) -> None:
    box = {"share": Interval(F("0.105"), F("0.115"), share_lo_open, False),
           "total": closed(200, 200), "part": closed(part, part)}
    assert can_hold(op(var("share"), "*", var("total")), "==", var("part"), box) is expected


@pytest.mark.parametrize(("part", "expected"), [("24", Answer.YES), ("19.95", Answer.YES),
                                                ("24.2", Answer.NO), ("19.9", Answer.NO)])
def test_product_of_two_uncertain_claims(part: str, expected: Answer) -> None:
    # share in [0.105, 0.115] times total in [190, 210] covers [19.95, 24.15]:
    # a true product of two variables, decided by branch and bound.
    box = {"share": closed("0.105", "0.115"), "total": closed(190, 210),
           "part": closed(part, part)}
    assert can_hold(op(var("share"), "*", var("total")), "==", var("part"), box) is expected


def test_division_by_a_claim_that_may_be_zero_is_split_by_sign() -> None:
    # x / y > 1 with x = 2, y in [-1, 1]: y in (0, 1] gives 2 / y >= 2: holds.
    box = {"x": closed(2, 2), "y": closed(-1, 1)}
    assert can_hold(op(var("x"), "/", var("y")), ">", num(1), box) is Answer.YES
    # x / y < -3 needs y in (-2/3, 0): holds too; x / y == 1 needs y = 2: no.
    assert can_hold(op(var("x"), "/", var("y")), "<", num(-3), box) is Answer.YES
    assert can_hold(op(var("x"), "/", var("y")), "==", num(1), box) is Answer.NO


def test_unbounded_intervals() -> None:
    # more than 24 billion allocated, compared with at most half of 38.6 billion.
    box = {"allocated": Interval(F(24), None, True, False), "damage": closed("38.55", "38.65")}
    half = op(var("damage"), "/", num(2))
    assert can_hold(var("allocated"), ">", half, box) is Answer.YES
    assert can_hold(var("allocated"), "<", half, box) is Answer.NO  # 24 > 19.325


def test_abs_and_extremes_are_pieces() -> None:
    box = {"a": closed(-5, -3), "b": closed(1, 2)}
    assert can_hold(algebra.absolute(var("a")), ">=", num(3), box) is Answer.YES
    assert can_hold(algebra.absolute(var("a")), "<", num(3), box) is Answer.NO
    smaller = algebra.extreme([var("a"), var("b")], smallest=True)
    larger = algebra.extreme([var("a"), var("b")], smallest=False)
    assert can_hold(smaller, ">", num(-3), box) is Answer.NO   # min is a, at most -3
    assert can_hold(larger, "==", num(2), box) is Answer.YES


def test_poly_range_is_exact_for_linear() -> None:
    poly = algebra.add(algebra.variable("a"), algebra.scale(algebra.variable("b"), F(-2)))
    assert poly_range(poly, {"a": closed(1, 3), "b": closed(0, 5)}) == Interval(F(-9), F(3))


def test_search_is_bounded() -> None:
    assert MAX_BOXES >= 100
    # x * y == 1 with x and y unbounded: a witness exists (1, 1); found quickly.
    box = {"x": Interval(None, None), "y": Interval(None, None)}
    assert can_hold(op(var("x"), "*", var("y")), "==", num(1), box) is Answer.YES


def test_condition_with_empty_interval_cannot_hold() -> None:
    box = {"x": Interval(F(1), F(1), True, False)}
    conditions = [Condition(Ratio.of(algebra.variable("x")), ">=")]
    assert satisfiable(algebra.to_constraints(conditions, lambda p: 0), box) is Answer.NO
