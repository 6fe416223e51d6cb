"""Implied ranges against an independent brute force, on random rules of six shapes.

For a rule ``f(t, x, y)`` of three claims and the claim ``t`` asked about, the brute
force puts the other two claims on a grid over their intervals (their ends included)
and finds, at each point, the value of ``t`` that makes the rule hold by bisection in
floating point. Its smallest and largest roots are the implied range's ends: these
rules are monotone in each claim, so the ends come from the grid's corners, and the
grid's inner points check that nothing lies outside. ``implied`` (exact fractions,
Fourier-Motzkin and exact point checks) must agree to 0.1% of the range's width.

The cases are random but derandomised (one seed per shape), so a failure repeats.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction as F
from pathlib import Path

import pytest

from claimcheck.claims.load import load_file
from claimcheck.evaluate.engine import FileEvaluation, prepare
from claimcheck.explain import implied
from claimcheck.model import Interval

CASES_PER_SHAPE = 200
GRID = 5  # points per other claim, both ends included
HALVINGS = 80

# name, check, the rule as f(a, b, c) = 0, and a consistent point from two values
Shape = tuple[str, str, Callable[[float, float, float], float],
              Callable[[float, float], tuple[float, float, float]]]
SHAPES: list[Shape] = [
    ("sum", "a + b == c", lambda a, b, c: a + b - c, lambda x, y: (x, y, x + y)),
    ("difference", "a - b == c", lambda a, b, c: a - b - c, lambda x, y: (x + y, x, y)),
    ("product", "a * b == c", lambda a, b, c: a * b - c, lambda x, y: (x, y, x * y)),
    ("quotient", "a / b == c", lambda a, b, c: a / b - c, lambda x, y: (x * y, x, y)),
    # part / whole == share: a share of at most 1
    ("share", "a / b == c", lambda a, b, c: a / b - c,
     lambda x, y: (x * (y % 1 or 0.5), x, y % 1 or 0.5)),
    # after / (1 + growth) == before: growth a small rate
    ("growth", "a / (1 + b) == c", lambda a, b, c: a / (1 + b) - c,
     lambda x, y: (x * (1 + y / 100), y / 100, x)),
]
NAMES = ("a", "b", "c")


def evaluation_of(tmp_path: Path, check: str) -> FileEvaluation:
    path = tmp_path / "claims.toml"
    path.write_text("".join(f"[claims.{n}]\nvalue = 1\n" for n in NAMES)
                    + f'[rules.r]\ncheck = "{check}"\n', encoding="utf-8")
    return prepare(implied.focus(load_file(path), ["r"]))


def with_boxes(evaluation: FileEvaluation, boxes: dict[str, Interval]) -> FileEvaluation:
    quantities = dict(evaluation.quantities)
    for name, box in boxes.items():
        quantities[name] = quantities[name]._replace(hard=box, reading=box)
    return replace(evaluation, quantities=quantities)


def random_case(rng: random.Random, point: Callable[[float, float], tuple[float, float, float]]
                ) -> tuple[str, dict[str, Interval]]:
    """A claim to ask about, and intervals (0.1% to 20% wide) around a point where the
    rule holds, so that the implied range is never empty."""
    values = point(rng.uniform(1, 1000), rng.uniform(1, 50))
    boxes = {}
    for name, value in zip(NAMES, values, strict=True):
        width = rng.uniform(0.001, 0.2) * value
        low = max(value - width * rng.random(), 1e-6)
        boxes[name] = Interval(decimal(low), decimal(low + width))
    return rng.choice(NAMES), boxes


def decimal(value: float) -> F:
    """``value`` to six significant digits, as a document writes numbers."""
    return F(f"{value:.6g}")


def brute_force(rule: Callable[[float, float, float], float], check: str, target: str,
                boxes: dict[str, Interval]) -> tuple[float, float]:
    """The smallest and largest positive root in ``target`` over the grid of the others."""
    others = [n for n in NAMES if n != target]
    roots = []
    for x in grid(boxes[others[0]]):
        for y in grid(boxes[others[1]]):
            def f(t: float, x: float = x, y: float = y) -> float:
                point = {others[0]: x, others[1]: y, target: t}
                return rule(point["a"], point["b"], point["c"])
            # a denominator's root lies above 0, the pole; the others' anywhere
            low = (1e-12 if f"/ {target}" in check else -1 + 1e-12 if f"+ {target})" in check
                   else -1e12)
            roots.append(max(bisect(f, low, 1e12), 0.0))  # unsigned: never below 0
    return min(roots), max(roots)


def grid(box: Interval) -> list[float]:
    assert box.lo is not None and box.hi is not None
    lo, hi = float(box.lo), float(box.hi)
    return [lo + (hi - lo) * k / (GRID - 1) for k in range(GRID)]


def bisect(f: Callable[[float], float], low: float, high: float) -> float:
    """A root of ``f`` between ``low`` and ``high``, where it changes sign once."""
    sign = f(low) > 0
    assert (f(high) > 0) != sign, "no root in the bracket"
    for _ in range(HALVINGS):
        middle = (low + high) / 2
        low, high = (middle, high) if (f(middle) > 0) == sign else (low, middle)
    return (low + high) / 2


@pytest.mark.parametrize("shape", SHAPES, ids=[shape[0] for shape in SHAPES])
def test_implied_ranges_match_the_brute_force(tmp_path: Path, shape: Shape) -> None:
    name, check, rule, point = shape
    base = evaluation_of(tmp_path, check)
    rng = random.Random(f"issue 16 {name}")
    for _ in range(CASES_PER_SHAPE):
        target, boxes = random_case(rng, point)
        evaluation = with_boxes(base, boxes)
        found, _ = implied.implied_values(evaluation, evaluation.file.rules["r"], target)
        low, high = brute_force(rule, check, target, boxes)
        (part,) = found.intervals
        assert part.lo is not None and part.hi is not None, (target, boxes, found)
        slack = (high - low) / 1000 + high * 1e-12
        assert abs(float(part.lo) - low) <= slack, (target, boxes, found, low)
        assert abs(float(part.hi) - high) <= slack, (target, boxes, found, high)
        assert not found.approximate, (target, boxes, found)
