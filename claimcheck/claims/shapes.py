"""Each shape of check compiled once, and kept as its shape and the ids in it.

A large file repeats a few shapes of check thousands of times with other claim ids
(``g1_a + g1_b == g1_total``, ``g2_a + g2_b == g2_total``). Each id is replaced by a
placeholder of the same length (``_0__``), so that the shape keeps every column; the
shape is compiled once. A check is then its shape and its ids: the engine evaluates
the shape with the ids' values (``spans.SpanPlan``), and a tree with the real ids
put back is built only when something asks for it (a rule that fails, ``explain``).
Keywords, the names of calls and anything after a dot stay as written, and a check
with a quoted quantity is compiled as it is. A shape that does not compile is compiled
again as written, so that the message is exactly the one the check itself gets.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from keyword import iskeyword
from typing import NamedTuple

from claimcheck.claims import expr
from claimcheck.errors import ClaimcheckError

_SHAPE_NAME = re.compile(r"(?<![\w.])[A-Za-z_][A-Za-z0-9_]*(?![\w(])(?!\s*\()")
_SHAPE_SPLIT = re.compile(f"({_SHAPE_NAME.pattern})")


@dataclass(frozen=True, eq=False)
class Shape:
    """A check with placeholders for its ids, compiled."""

    text: str
    tree: expr.Node
    placeholders: tuple[str, ...]  # the name of each leaf of ``tree``, in order
    _template: str = field(default="", repr=False)  # {i}: the i-th of placeholders
    _tidy: bool = field(default=False, repr=False)  # one space between words, none at the ends

    def display(self, values: Sequence[str]) -> str:
        """The shape written out with ``values[i]`` for ``placeholders[i]``, its spaces
        as ``engine.substitute`` leaves them. Each value must be tidy itself (one space
        between words, none at the ends): then a tidy shape needs no tidying after."""
        text = self._template.format(*values)
        return text if self._tidy else " ".join(text.split())


class ShapedCheck(NamedTuple):
    """One check: a shared shape and the claim id of each of its leaves (a named tuple:
    one is made per rule, five times as fast as a frozen dataclass)."""

    shape: Shape
    ids: tuple[str, ...]  # the id at each of ``shape.placeholders``

    def tree(self) -> expr.Node:
        return renamed(self.shape.tree, dict(zip(self.shape.placeholders, self.ids, strict=True)))

    def display(self, written: Sequence[str]) -> str:
        """The check with the i-th id replaced by ``written[i]``."""
        return self.shape.display(written)


class ShapeCache:
    """``compile`` (``expr.compile_check`` or ``compile_arithmetic``), once per shape."""

    def __init__(self, compile_text: Callable[[str], expr.Node]) -> None:
        self._compile = compile_text
        self._shapes: dict[str, Shape] = {}

    def compile(self, text: str) -> expr.Node:
        compiled = self.compile_shaped(text)
        return compiled.tree() if isinstance(compiled, ShapedCheck) else compiled

    def compile_shaped(self, text: str) -> ShapedCheck | expr.Node:
        """The check as its shape and ids, or as a tree where it has no shape."""
        shaped = expression_shape(text)
        if shaped is None:
            return self._compile(text)
        shape_text, names = shaped
        shape = self._shapes.get(shape_text)
        if shape is None:
            try:
                tree = self._compile(shape_text)
            except ClaimcheckError:
                return self._compile(text)
            shape = self._shapes[shape_text] = _new_shape(shape_text, tree)
        return ShapedCheck(shape, tuple([names.get(p, p) for p in shape.placeholders]))


def _new_shape(text: str, tree: expr.Node) -> Shape:
    placeholders = tuple(name.id for name in expr.names(tree))
    first = {placeholder: i for i, placeholder in reversed(list(enumerate(placeholders)))}
    escaped = text.replace("{", "{{").replace("}", "}}")
    template = _SHAPE_NAME.sub(
        lambda m: f"{{{first[m.group()]}}}" if m.group() in first else m.group(), escaped)
    return Shape(text, tree, placeholders, template, text == " ".join(text.split()))


def expression_shape(text: str) -> tuple[str, dict[str, str]] | None:
    """``text`` with each claim id replaced by a placeholder of its length, and the
    placeholders' ids; ``None`` when the text is not worth or not safe to shape."""
    if "'" in text or '"' in text or len(text) > expr.MAX_EXPRESSION_LENGTH:
        return None
    parts = _SHAPE_SPLIT.split(text)  # text, name, text, name, ..., text
    placeholders: dict[str, str] = {}
    names: dict[str, str] = {}
    for index in range(1, len(parts), 2):
        name = parts[index]
        found = placeholders.get(name)
        if found is None:
            if iskeyword(name):
                continue
            found = _placeholder(len(placeholders), len(name))
            if found is None:
                return None  # an id too short for its placeholder (``a``): as written
            placeholders[name] = found
            names[found] = name
        parts[index] = found
    return "".join(parts), names


@functools.cache
def _placeholder(number: int, length: int) -> str | None:
    """The ``number``-th placeholder, as long as an id of ``length``; None if it is longer."""
    placeholder = f"_{number:x}"
    return None if len(placeholder) > length else placeholder.ljust(length, "_")


def renamed(node: expr.Node, names: Mapping[str, str]) -> expr.Node:
    """A copy of ``node`` with the ids in ``names`` replaced."""
    kind = type(node)  # the commonest nodes first, without pattern matching
    if kind is expr.Name:
        assert isinstance(node, expr.Name)
        return expr.Name(names.get(node.id, node.id), node.col, node.end_col)
    if kind is expr.BinOp:
        assert isinstance(node, expr.BinOp)
        return expr.BinOp(node.op, renamed(node.left, names), renamed(node.right, names),
                          node.col)
    match node:
        case expr.Compare(ops, operands, col):
            return expr.Compare(ops, tuple([renamed(o, names) for o in operands]), col)
        case expr.Neg(operand, col):
            return expr.Neg(renamed(operand, names), col)
        case expr.Call(func, args, col):
            return expr.Call(func, tuple(renamed(a, names) for a in args), col)
        case expr.BoolOp(op, values, col):
            return expr.BoolOp(op, tuple(renamed(v, names) for v in values), col)
        case expr.Not(operand, col):
            return expr.Not(renamed(operand, names), col)
    return node  # numbers and quantities hold no ids


class CheckTrees(Mapping[str, expr.Node]):
    """Each rule's check as a tree, built when asked for where the check is kept as
    its shape and ids (a file of 100,000 rules needs few of the trees, and they took
    as much memory as the rules)."""

    def __init__(self, checks: Mapping[str, ShapedCheck | expr.Node]) -> None:
        self._checks = checks

    def __getitem__(self, rule_id: str) -> expr.Node:
        check = self._checks[rule_id]
        return check.tree() if isinstance(check, ShapedCheck) else check

    def __iter__(self) -> Iterator[str]:
        return iter(self._checks)

    def __len__(self) -> int:
        return len(self._checks)

    def shaped(self, rule_id: str) -> ShapedCheck | None:
        check = self._checks.get(rule_id)
        return check if isinstance(check, ShapedCheck) else None


def shaped_check(checks: Mapping[str, expr.Node], rule_id: str) -> ShapedCheck | None:
    """The rule's check as shape and ids, if it is kept so."""
    # type(), not isinstance(): an isinstance of a Mapping goes through ABCMeta, slowly.
    return checks.shaped(rule_id) if type(checks) is CheckTrees else None
