"""The allow-list compiler: what a check may say, and what is refused with its column."""

from __future__ import annotations

from fractions import Fraction

import pytest

from claimcheck.claims import expr
from claimcheck.errors import ExpressionError


@pytest.mark.parametrize(
    "check",
    [
        "a <= b",
        "a + b == c",
        "a - b * 2 / c >= 0",
        "-a < +b",
        "a <= b <= c",
        "a == b and not (c > d) or e != f",
        "abs(a - b) <= 3",
        "min(a, b, c) > max(d, e)",
        "hearing - unrest >= '2 months'",
        "rate == '43 INR/USD'",
        "a / (a + b) > 0.5",
        "(\n a + b\n) == c",
    ],
)
def test_accepted(check: str) -> None:
    assert isinstance(expr.compile_check(check), expr.BOOLEAN)


@pytest.mark.parametrize(
    ("check", "fragment"),
    [
        ("__import__('os').system('ls') == 0", "only abs(), min() and max()"),
        ("__import__('os') == 0", "only abs(), min() and max()"),
        ("a.real == b", "attributes"),
        ("a ** 2 == b", "`**` is not allowed"),
        ("a[0] == b", "subscripts"),
        ("(lambda: 1)() == a", "only abs(), min() and max()"),
        ("[x for x in a] == b", "comprehensions"),
        ("a % 2 == 0", "`%` is not an operator"),
        ("a // 2 == b", "`//`"),
        ("a in b", "only == != < <= > >="),
        ("a is b", "only == != < <= > >="),
        ("abs(a, b) == 1", "exactly 1 argument"),
        ("min(a) == 1", "2 to 16 arguments"),
        ("abs(x=a) == 1", "keyword"),
        ("True == a", "not a number"),
        ("a + (b < c) == d", "cannot be used as a number"),
        ("a and b", "join comparisons"),
        ("a + b", "a check must be a comparison"),
        ("a <= ", "syntax error"),
        ("a = b", "syntax error"),
        ("1e999 == a", "finite"),
        ("~a == b", "`~`"),
        ("f'{a}' == b", "JoinedStr"),
    ],
)
def test_rejected_with_reason(check: str, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        expr.compile_check(check)
    assert fragment in str(caught.value)


def test_rejection_names_the_column() -> None:
    with pytest.raises(ExpressionError, match=r"column 5\)"):
        expr.compile_check("a + b ** 2 == c")


def test_depth_limit() -> None:
    # Parentheses alone make no tree nodes; operators do.
    assert isinstance(expr.compile_check("(" * 60 + "a" + ")" * 60 + " == b"), expr.Compare)
    deep = "-(" * 60 + "a" + ")" * 60 + " == b"
    with pytest.raises(ExpressionError, match="nested"):
        expr.compile_check(deep)
    nested_calls = "abs(" * 60 + "a" + ")" * 60 + " == b"
    with pytest.raises(ExpressionError, match="nested"):
        expr.compile_check(nested_calls)


def test_very_deep_nesting_does_not_crash_the_parser() -> None:
    with pytest.raises(ExpressionError):
        expr.compile_check("(" * 500 + "a" + ")" * 500 + " == b")


def test_length_limit() -> None:
    long_check = " + ".join(["a"] * 1500) + " == b"
    with pytest.raises(ExpressionError, match="characters long"):
        expr.compile_check(long_check)


def test_derived_must_be_arithmetic() -> None:
    assert isinstance(expr.compile_arithmetic("a - b"), expr.BinOp)
    with pytest.raises(ExpressionError, match="derived claim must be arithmetic"):
        expr.compile_arithmetic("a < b")


def test_names_in_order_with_repeats() -> None:
    tree = expr.compile_check("a / (a + b) > max(c, 0.5)")
    assert [n.id for n in expr.names(tree)] == ["a", "a", "b", "c"]


def test_numbers_are_exact() -> None:
    tree = expr.compile_check("a > 0.1")
    assert isinstance(tree, expr.Compare)
    assert tree.operands[1] == expr.Num(Fraction(1, 10), 5)
