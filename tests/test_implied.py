"""Implied sets: the values one claim may take for a rule to hold, worked by hand.

Each row is a small claims file (claims written as in the format), a check, the claim
asked about, and the exact answer with its open and closed bounds: first with the
other claims anywhere inside their hard intervals, then inside their readings.
"""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest

from claimcheck.claims import expr
from claimcheck.claims.load import load_file
from claimcheck.evaluate.engine import evaluate_rule, expression_pieces, hard_box, prepare
from claimcheck.exact import algebra
from claimcheck.exact.algebra import Constraint
from claimcheck.exact.solver import project
from claimcheck.explain import implied
from claimcheck.model import Interval, Status


def interval(text: str) -> Interval:
    """``"(5, inf)"``, ``"[30, 40]"``, ``"(-inf, 2900]"``, ``"[243]"`` -> an Interval."""
    text = text.strip()
    if "," not in text:
        point = F(text[1:-1])
        return Interval(point, point)
    lo_text, hi_text = (part.strip() for part in text[1:-1].split(","))
    lo = None if lo_text == "-inf" else F(lo_text)
    hi = None if hi_text == "inf" else F(hi_text)
    return Interval(lo, hi, text[0] == "(", text[-1] == ")")


def intervals(*texts: str) -> tuple[Interval, ...]:
    return tuple(interval(t) for t in texts)


def claims_file(tmp_path: Path, claims: dict[str, str], check: str,
                tolerance: str | None = None) -> Path:
    """A file with one rule ``r``; a claim spec is ``value [unit]`` or ``= expression``."""
    lines = ["[document]", 'title = "t"', ""]
    for cid, spec in claims.items():
        lines.append(f"[claims.{cid}]")
        if spec.startswith("="):
            lines.append(f'derived = "{spec[1:].strip()}"')
        else:
            value, _, unit = spec.partition("|")
            lines.append(f'value = "{value.strip()}"')
            if unit:
                lines.append(f'unit = "{unit.strip()}"')
    lines += ["[rules.r]", f'check = "{check}"']
    if tolerance:
        lines.append(f'tolerance = "{tolerance}"')
    path = tmp_path / "claims.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def implied_of(tmp_path: Path, claims: dict[str, str], check: str, name: str,
               tolerance: str | None = None) -> tuple[implied.Implied, implied.Implied]:
    loaded = load_file(claims_file(tmp_path, claims, check, tolerance))
    focused = implied.focus(loaded, ["r"])
    return implied.implied_values(prepare(focused), focused.file.rules["r"], name)


CASES = [
    # sums: a + b == c leaves a exactly c - b
    ("sum of points", {"a": "30", "b": "12", "c": "50"}, "a + b == c", "a",
     ("[38]",), ("[38]",)),
    ("sum with a range", {"a": "30", "b": "10 to 20", "c": "50"}, "a + b == c", "a",
     ("[30, 40]",), ("[30, 40]",)),
    ("total of a sum", {"a": "30", "b": "10 to 20", "c": "50"}, "a + b == c", "c",
     ("[40, 50]",), ("[40, 50]",)),
    # part <= whole: an open-ended whole allows any part; its reading caps the part.
    # Every claim here is unsigned, so none of its values is below 0
    ("part of more than", {"part": "2,000", "whole": "more than 2,800"}, "part <= whole",
     "part", ("[0, inf)",), ("[0, 2900]",)),
    ("whole above a part", {"part": "2,000", "whole": "more than 2,800"}, "part <= whole",
     "whole", ("[2000, inf)",), ("[2000, inf)",)),
    ("strict part", {"part": "2,000", "whole": "more than 2,800"}, "part < whole", "part",
     ("[0, inf)",), ("[0, 2900)",)),
    ("part of less than", {"part": "50", "whole": "less than 100"}, "part <= whole", "part",
     ("[0, 100)",), ("[0, 100)",)),
    ("part of at most", {"part": "50", "whole": "at most 100"}, "part <= whole", "part",
     ("[0, 100]",), ("[0, 100]",)),
    # open and closed: >= keeps the closed end of "at least", > opens it
    ("at least, >=", {"a": "12", "b": "at least 10"}, "a >= b", "a",
     ("[10, inf)",), ("[10, inf)",)),
    ("at least, >", {"a": "12", "b": "at least 10"}, "a > b", "a",
     ("(10, inf)",), ("(10, inf)",)),
    # ratios: a / b > 0.5 with b in [10, 20] needs a > 5; with a = 8, 0 < b < 16
    ("ratio numerator", {"a": "8", "b": "10 to 20"}, "a / b > 0.5", "a",
     ("(5, inf)",), ("(5, inf)",)),
    ("ratio denominator", {"a": "8", "b": "10 to 20"}, "a / b > 0.5", "b",
     ("(0, 16)",), ("(0, 16)",)),
    # a repeated claim takes one value: a / (a + b) > 1/2 is a > b where a + b > 0,
    # and a < b where a + b < 0, i.e. a < -b; with b in [3, 5]: a < -3 or a > 3
    ("repeated claim", {"a": "4", "b": "3 to 5"}, "a / (a + b) > 0.5", "a",
     ("(3, inf)",), ("(3, inf)",)),
    # the same, signed: the values below 0 count too
    ("repeated claim, signed", {"a": "+4", "b": "3 to 5"}, "a / (a + b) > 0.5", "a",
     ("(-inf, -3)", "(3, inf)"), ("(-inf, -3)", "(3, inf)")),
    # and with a = 4: 4 / (4 + b) > 1/2 is b < 4 where b > -4; where b < -4 it would
    # need b > 4, which cannot be: (-4, 4) and nothing else
    ("repeated claim, the other", {"a": "4", "b": "3 to 5"}, "a / (a + b) > 0.5", "b",
     ("[0, 4)",), ("[0, 4)",)),
    # the seed's weapons: outstanding > stolen - outstanding is 2 * outstanding > stolen
    ("twice in a rule", {"out": "2,000", "stolen": "more than 2,800"},
     "out > stolen - out", "out", ("(1400, inf)",), ("(1400, inf)",)),
    ("twice in a rule, the other", {"out": "2,000", "stolen": "more than 2,800"},
     "out > stolen - out", "stolen", ("[0, 4000)",), ("[0, 4000)",)),
    # or: two alternatives, kept apart; a chain: both links at once
    ("or", {"a": "15"}, "a < 10 or a > 20", "a",
     ("[0, 10)", "(20, inf)"), ("[0, 10)", "(20, inf)")),
    ("or that meets", {"a": "15"}, "a <= 10 or a >= 10", "a", ("[0, inf)",),
     ("[0, inf)",)),
    ("chain", {"a": "7", "lo": "5", "hi": "9"}, "lo <= a < hi", "a", ("[5, 9)",), ("[5, 9)",)),
    # a rounded claim: "38.6" is [38.55, 38.65]
    ("rounded", {"a": "20", "b": "38.6"}, "a <= b", "a", ("[0, 38.65]",),
     ("[0, 38.65]",)),
    # about 200: hard 200 ± max(10%, step/2) = [150, 250] (step 100), reading
    # 200 ± max(5%, digit/2) = [190, 210]; a <= 250 - b at the smallest b
    ("about", {"a": "0", "b": "about 200"}, "a + b <= 250", "a", ("[0, 100]",),
     ("[0, 60]",)),
    # == with a tolerance of 10: |a - b| <= 10
    ("tolerance", {"a": "95", "b": "100"}, "a == b", "a", ("[90, 110]",), ("[90, 110]",)),
    # a derived claim is freed from its expression: d = a - b, d > 0
    ("derived", {"a": "10", "b": "4", "d": "= a - b"}, "d > 0", "d", ("(0, inf)",),
     ("(0, inf)",)),
    # a claim inside a derived claim: a - b > 0 with b = 4
    ("inside derived", {"a": "10", "b": "4", "d": "= a - b"}, "d > 0", "a", ("(4, inf)",),
     ("(4, inf)",)),
    # no value of a helps: b alone already breaks the rule
    ("no value", {"a": "1", "b": "5"}, "a < b and b < 3", "a", (), ()),
]


@pytest.mark.parametrize(("claims", "check", "name", "hard", "reading"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_implied_sets(tmp_path: Path, claims: dict[str, str], check: str, name: str,
                      hard: tuple[str, ...], reading: tuple[str, ...]) -> None:
    tolerance = "10" if check == "a == b" else None
    found_hard, found_reading = implied_of(tmp_path, claims, check, name, tolerance)
    assert found_hard.intervals == intervals(*hard)
    assert found_reading.intervals == intervals(*reading)
    assert not found_hard.approximate and not found_reading.approximate


def test_units_are_base_units_and_convert_back(tmp_path: Path) -> None:
    # 24 billion KZT <= damage in billions: the implied set is in KZT (base units)
    claims = {"paid": "more than 24 billion | tenge", "damage": "38.6 billion | tenge"}
    path = claims_file(tmp_path, claims, "paid <= damage")
    path.write_text(path.read_text() + '[units]\ntenge = "KZT"\n', encoding="utf-8")
    loaded = load_file(path)
    focused = implied.focus(loaded, ["r"])
    evaluation = prepare(focused)
    hard, reading = implied.implied_values(evaluation, focused.file.rules["r"], "paid")
    assert hard.intervals == (Interval(F(0), F(38_650_000_000)),)  # unsigned: from 0
    assert reading.intervals == hard.intervals  # 38.6 billion reads as it is written
    factor = evaluation.quantities["paid"].unit.factor
    assert implied.in_unit(hard.intervals[0], factor).hi == F(38_650_000_000)
    assert implied.in_unit(Interval(F(86400), F(172800)), F(86400)) == Interval(F(1), F(2))


def test_a_product_linear_once_the_claim_is_fixed_is_exact(tmp_path: Path) -> None:
    # a * b == 12 with b in [2, 4]: a = 12 / b is exactly [3, 6] (corners of b)
    hard, _ = implied_of(tmp_path, {"a": "5", "b": "2 to 4", "c": "12"}, "a * b == c", "a")
    assert hard.intervals == intervals("[3, 6]")
    assert not hard.approximate


def test_the_issue_growth_is_exact(tmp_path: Path) -> None:
    # issue 16: after / (1 + growth) == before, after 2.57 and before 2.48 trillion
    # (each +- 0.005 trillion): growth is exactly 2.565/2.485 - 1 to 2.575/2.475 - 1
    claims = {"after": "2.57 trillion", "growth": "3.5%", "before": "2.48 trillion"}
    hard, reading = implied_of(tmp_path, claims, "after / (1 + growth) == before", "growth")
    expected = Interval(F(2565, 2485) - 1, F(2575, 2475) - 1)
    assert hard.intervals == reading.intervals == (expected,)
    assert not hard.approximate
    assert (round(float(expected.lo) * 100, 2), round(float(expected.hi) * 100, 2)) == (
        3.22, 4.04)


def test_a_product_of_three_is_exact_by_point_checks(tmp_path: Path) -> None:
    # a * b * c == 24 with b, c in [2, 4]: a in [24 / 16, 24 / 4], corners of b and c
    claims = {"a": "3", "b": "2 to 4", "c": "2 to 4", "d": "24"}
    hard, _ = implied_of(tmp_path, claims, "a * b * c == d", "a")
    assert hard.intervals == intervals("[1.5, 6]")
    assert not hard.approximate


def test_nonlinear_is_bracketed_and_marked_approximate(tmp_path: Path) -> None:
    # a * a * b == 32 with b in [2, 4]: a = sqrt(32 / b) in [2 sqrt 2, 4] (or its
    # negative, cut off: a is unsigned), ends no corner gives: bisection, an enclosure
    # of both (cut at 0), marked approximate
    claims = {"a": "3", "b": "2 to 4", "c": "32"}
    hard, _ = implied_of(tmp_path, claims, "a * a * b == c", "a")
    assert hard.approximate
    (found,) = hard.intervals
    assert found.lo is not None and found.hi is not None
    assert found.lo <= F(28284, 10000)  # 2 sqrt 2 = 2.828427...
    assert F(4) <= found.hi < F(4) + F(1, 10**6)  # an enclosure: never too narrow


# --- solver.project on constraints written out --------------------------------------


def poly(**terms: int) -> algebra.Poly:
    """``poly(a=1, b=-1, one=-10)`` is a - b - 10."""
    return {(() if name == "one" else ((name, 1),)): F(coef) for name, coef in terms.items()}


PROJECTIONS = [
    ("equality", (Constraint(poly(a=1, b=1, one=-10), "=="),), {"b": "[2, 3]"}, "a",
     "[7, 8]"),
    ("strict upper", (Constraint(poly(a=1, b=-1), "<"),), {"b": "(2800, 2900]"}, "a",
     "(-inf, 2900)"),
    ("closed upper", (Constraint(poly(a=1, b=-1), "<="),), {"b": "(2800, 2900]"}, "a",
     "(-inf, 2900]"),
    ("open lower", (Constraint(poly(a=-1, b=1), "<="),), {"b": "(2800, 2900]"}, "a",
     "(2800, inf)"),
    ("two others", (Constraint(poly(a=1, b=-1, c=-1), "<="),),
     {"b": "[1, 2]", "c": "[10, 20)"}, "a", "(-inf, 22)"),
    ("pinned by an equality", (Constraint(poly(a=2, one=-7), "=="),), {}, "a", "[3.5]"),
    ("unconstrained", (Constraint(poly(b=1, one=-5), "<="),), {"b": "[1, 2]"}, "a",
     "(-inf, inf)"),
]


@pytest.mark.parametrize(("conjunction", "box", "name", "expected"),
                         [case[1:] for case in PROJECTIONS], ids=[c[0] for c in PROJECTIONS])
def test_project(conjunction: tuple[Constraint, ...], box: dict[str, str], name: str,
                 expected: str) -> None:
    boxes = {k: interval(v) for k, v in box.items()}
    assert project(conjunction, boxes, name) == interval(expected)


def test_project_empty_and_nonlinear() -> None:
    # a <= b - 5 with b in [1, 2] and a >= 0: no a
    rows = (Constraint(poly(a=1, b=-1, one=5), "<="), Constraint(poly(a=-1), "<="))
    assert project(rows, {"b": interval("[1, 2]")}, "a") is None
    product = (Constraint({(("a", 1), ("b", 1)): F(1), (): F(-12)}, "=="),)
    with pytest.raises(ValueError, match="linear"):
        project(product, {"b": interval("[2, 4]")}, "a")


# --- merging, distances, needs ------------------------------------------------------


@pytest.mark.parametrize(("parts", "merged"), [
    (("[1, 2]", "[2, 3]"), ("[1, 3]",)),
    (("[1, 2)", "(2, 3]"), ("[1, 2)", "(2, 3]")),
    (("[1, 2)", "[2, 3]"), ("[1, 3]",)),
    (("(5, inf)", "(-inf, 1]"), ("(-inf, 1]", "(5, inf)")),
    (("[1, 4]", "(2, 3)"), ("[1, 4]",)),
    (("[1, 2]", "(0, 2)"), ("(0, 2]",)),
])
def test_merge(parts: tuple[str, ...], merged: tuple[str, ...]) -> None:
    assert implied.merge(intervals(*parts)) == intervals(*merged)


@pytest.mark.parametrize(("current", "target", "expected"), [
    ("[1630]", ("(-inf, 1600]",), F(30)),
    ("(1500, 1600]", ("[1630, inf)",), F(30)),
    ("[5, 10]", ("[8, 20]",), F(0)),
    ("[2000]", ("(2000, inf)",), F(0)),  # only an open bound between them
    ("[50]", ("(-inf, 10]", "[60, 70]"), F(10)),
    ("[50]", (), None),
])
def test_distance(current: str, target: tuple[str, ...], expected: F | None) -> None:
    assert implied.distance(interval(current), implied.Implied(intervals(*target))) == expected


def needs_of(tmp_path: Path, claims: dict[str, str],
             check: str) -> tuple[Status, tuple[implied.Need, ...]]:
    loaded = load_file(claims_file(tmp_path, claims, check))
    focused = implied.focus(loaded, ["r"])
    evaluation = prepare(focused)
    status = evaluate_rule(evaluation, focused.file.rules["r"]).status
    return status, implied.needs(evaluation, focused.file.rules["r"], status)


def test_needs_of_a_tension_use_the_readings(tmp_path: Path) -> None:
    # the seed's tension: 1,630 <= more than 1,500 (read as at most 1,600)
    status, found = needs_of(tmp_path, {"sme": "1,630", "buildings": "more than 1,500"},
                             "sme <= buildings")
    assert status is Status.TENSION
    by_claim = {n.claim: n for n in found}
    assert by_claim["sme"].implied.intervals == intervals("[0, 1600]")
    assert (by_claim["sme"].change, by_claim["sme"].relative) == (F(30), F(30, 1630))
    assert by_claim["buildings"].implied.intervals == intervals("[1630, inf)")
    assert (by_claim["buildings"].change, by_claim["buildings"].relative) == (F(30), F(1, 50))
    smallest = implied.smallest_change(found)
    assert smallest is not None and smallest.claim == "sme"  # 1.84% < 2%


def test_needs_of_a_fail_use_the_hard_intervals(tmp_path: Path) -> None:
    status, found = needs_of(tmp_path, {"a": "3,000", "b": "2,800"}, "a <= b")
    assert status is Status.FAIL
    by_claim = {n.claim: n for n in found}
    assert (by_claim["a"].change, by_claim["a"].relative) == (F(200), F(1, 15))
    assert (by_claim["b"].change, by_claim["b"].relative) == (F(200), F(1, 14))
    assert not by_claim["a"].meets
    smallest = implied.smallest_change(found)
    assert smallest is not None and smallest.claim == "a"


def test_needs_of_an_ok_rule_meet(tmp_path: Path) -> None:
    status, found = needs_of(tmp_path, {"a": "2", "b": "3", "d": "= a + b"}, "d <= 10")
    assert status is Status.OK
    assert [(n.claim, n.derived, n.meets, n.change) for n in found] == [
        ("a", False, True, 0), ("b", False, True, 0), ("d", True, True, 0)]
    assert implied.smallest_change(found) is None


def test_focus_keeps_only_what_the_rule_touches(tmp_path: Path) -> None:
    path = claims_file(tmp_path, {"a": "1", "b": "2", "d": "= a + b", "other": "9"}, "d > 0")
    focused = implied.focus(load_file(path), ["r"])
    assert list(focused.file.claims) == ["d", "a", "b"]
    assert list(focused.file.rules) == ["r"]
    assert list(focused.derived) == ["d"]


# --- what a claim can be at all, and the ranges of expressions (issue 16) -------------


def test_an_unsigned_count_takes_whole_values_from_0(tmp_path: Path) -> None:
    # firm + others <= total, others about 10 ([9.5, 10.5] read), total about 20 ([19,
    # 21] read): firm at most 11.5, so at most 11 planes, and never below 0
    claims = {"firm": "6 | plane", "others": "about 10 | plane", "total": "about 20 | plane"}
    _, reading = implied_of(tmp_path, claims, "firm + others <= total", "firm")
    assert reading.intervals == intervals("[0, 11]")
    assert reading.note == "whole numbers of plane"
    assert reading.unsigned


def test_a_signed_claim_keeps_its_negative_values(tmp_path: Path) -> None:
    _, reading = implied_of(tmp_path, {"a": "+3", "b": "5"}, "a <= b", "a")
    assert reading.intervals == intervals("(-inf, 5]")
    assert not reading.unsigned and reading.note == ""


def test_an_end_the_bisection_does_not_find_is_said_not_found(tmp_path: Path) -> None:
    # a * a * b >= 32 with b in [2, 4]: a at least 2 sqrt 2, no end above; bracketed
    claims = {"a": "3", "b": "2 to 4", "c": "32"}
    hard, _ = implied_of(tmp_path, claims, "a * a * b >= c", "a")
    assert hard.approximate
    assert hard.intervals[-1].hi is None
    assert hard.note == "no upper bound found"


@pytest.mark.parametrize(("months", "low", "exact"), [
    # more than 1.8bn / 12 is (150 million, inf), exactly; a divisor "12 to 15" (whole
    # numbers: hard [12, 15]) gives at least 1.8bn / 15 (an enclosure)
    ("12", F(150_000_000), True),
    ("12 to 15", F(120_000_000), False),
])
def test_a_ratio_of_an_unbounded_claim_keeps_its_bound(tmp_path: Path, months: str,
                                                       low: F, exact: bool) -> None:
    claims = {"revenue": "more than 1.8bn", "months": months}
    loaded = load_file(claims_file(tmp_path, claims, "revenue / months > 0"))
    evaluation = prepare(implied.focus(loaded, ["r"]))
    tree = loaded.checks["r"]
    assert isinstance(tree, expr.Compare)
    pieces = expression_pieces(tree.operands[0], evaluation, evaluation.file.rules["r"])
    found = implied.expression_range(pieces, hard_box(evaluation))
    (part,) = found.intervals
    assert (part.lo, part.hi) == (low, None)
    assert found.approximate is not exact
