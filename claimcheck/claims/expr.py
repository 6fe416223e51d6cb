"""Rule and derived-claim expressions: parsed with ``ast``, walked with an allow-list.

A ``check`` is Python syntax, but claimcheck never runs it. The text is parsed with
``ast.parse`` and every node is looked up in the tables below; a node that is not in
them (an attribute, a call to another name, ``**``, a subscript, a lambda, a
comprehension, ...) is rejected with its column. What comes out is a small tree of
frozen dataclasses that the engine reads; nothing else.

Allowed:

- numbers (``0.5``, ``100``), claim ids, and quantities written as quoted strings
  (``'2 months'``, ``'800 weapons'``);
- ``+ - * /``, unary ``-`` and ``+``, parentheses;
- comparisons ``== != < <= > >=``, chained (``a <= b <= c``);
- ``and``, ``or``, ``not``;
- ``abs(x)``, ``min(x, y, ...)``, ``max(x, y, ...)``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from claimcheck.errors import ExpressionError

# Bounds on what one expression may be. A check is a line a person writes; these are
# far above any real one and keep a hostile file from exhausting the parser or the
# DNF expansion (CPython's parser itself gives up near 200 nested parentheses).
MAX_EXPRESSION_LENGTH = 2000
MAX_DEPTH = 40
# A sum or product of many terms (a + b + c + ...) is one level of nesting however long
# it is (see _Compiler.visit_BinOp), but Python nests it one tree level per term, and so
# does every walk of the tree: this bounds that depth well inside Python's recursion limit.
MAX_TERMS = 200


@dataclass(frozen=True)
class Num:
    """A number as written (``0.5``, ``100``), exactly."""

    value: Fraction
    col: int = 0


@dataclass(frozen=True)
class Qty:
    """A quoted quantity such as ``'2 months'``; the engine resolves its unit."""

    text: str
    col: int = 0


@dataclass(frozen=True)
class Name:
    """A claim id; ``col`` and ``end_col`` are where it is written in the check."""

    id: str
    col: int = 0
    end_col: int = 0


@dataclass(frozen=True)
class Neg:
    """``-operand`` (a unary ``+`` leaves no node)."""

    operand: Node
    col: int = 0


@dataclass(frozen=True)
class BinOp:
    """``left op right`` for ``op`` one of ``+ - * /``."""

    op: str
    left: Node
    right: Node
    col: int = 0


@dataclass(frozen=True)
class Call:
    """``abs(x)``, ``min(x, y, ...)`` or ``max(x, y, ...)``."""

    func: str
    args: tuple[Node, ...]
    col: int = 0


@dataclass(frozen=True)
class Compare:
    """A comparison, chained or not: ``operands[i] ops[i] operands[i + 1]`` for each i."""

    ops: tuple[str, ...]
    operands: tuple[Node, ...]
    col: int = 0


@dataclass(frozen=True)
class BoolOp:
    """``and`` or ``or`` over two or more ``values``."""

    op: str
    values: tuple[Node, ...]
    col: int = 0


@dataclass(frozen=True)
class Not:
    """``not operand``."""

    operand: Node
    col: int = 0


Node = Num | Qty | Name | Neg | BinOp | Call | Compare | BoolOp | Not
ARITHMETIC = (Num, Qty, Name, Neg, BinOp, Call)
BOOLEAN = (Compare, BoolOp, Not)

_BINARY_OPERATORS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
}
_COMPARISONS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
_BOOLEAN_OPERATORS: dict[type[ast.boolop], str] = {ast.And: "and", ast.Or: "or"}
# name -> (fewest, most) arguments
FUNCTIONS: dict[str, tuple[int, int]] = {"abs": (1, 1), "min": (2, 16), "max": (2, 16)}

# What to say about the constructs people try most often.
_REJECTION_HINTS: dict[type[ast.AST], str] = {
    ast.Pow: "`**` is not allowed; write the product out or use a derived claim",
    ast.Attribute: "attributes (`a.b`) are not allowed; refer to claims by their id",
    ast.Subscript: "subscripts (`a[0]`) are not allowed",
    ast.Lambda: "lambdas are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.Mod: "`%` is not an operator here; write a percentage as a quoted quantity '5%'",
    ast.FloorDiv: "`//` is not allowed; use `/`",
}


def compile_check(text: str) -> Node:
    """A rule's ``check``: a comparison, or comparisons joined by and/or/not."""
    tree = _compile(text)
    if not isinstance(tree, BOOLEAN):
        raise ExpressionError(
            "a check must be a comparison such as `a <= b`",
            hint="compare two sides with == != < <= > >=",
        )
    return tree


def compile_arithmetic(text: str) -> Node:
    """A derived claim's expression: arithmetic only, no comparison."""
    tree = _compile(text)
    if not isinstance(tree, ARITHMETIC):
        raise ExpressionError(
            "a derived claim must be arithmetic (such as `a - b`), not a comparison",
        )
    return tree


def names(node: Node) -> Iterator[Name]:
    """Every claim id in ``node``, in the order written (with repeats)."""
    match node:
        case Name():
            yield node
        case Neg(operand) | Not(operand):
            yield from names(operand)
        case BinOp(_, left, right):
            yield from names(left)
            yield from names(right)
        case Call(_, args) | Compare(_, args) | BoolOp(_, args):
            for arg in args:
                yield from names(arg)


def _compile(text: str) -> Node:
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(
            f"the expression is {len(text):,} characters long; the limit is "
            f"{MAX_EXPRESSION_LENGTH:,}",
            hint="split it into derived claims and smaller rules",
        )
    tree = _parse(text)
    return _Compiler().visit(tree.body, 0)


def _parse(text: str) -> ast.Expression:
    try:
        return ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        column = (error.offset or 1)
        raise ExpressionError(
            f"syntax error at column {column}: {error.msg}",
            hint="a check is written like `a + b <= c`",
        ) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError(
            "the expression is nested too deeply to read",
            hint=f"keep nesting under {MAX_DEPTH} levels",
        ) from None


class _Compiler:
    """Turns an ``ast`` tree into claimcheck nodes, one allow-listed node type at a time."""

    terms = 0  # how many links of one chain (a + b + c ...) lead to the node visited

    def visit(self, node: ast.expr, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise _reject(node, f"the expression is nested more than {MAX_DEPTH} levels deep")
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise _reject(node, _describe_forbidden(node))
        result: Node = method(node, depth + 1)
        return result

    def visit_Constant(self, node: ast.Constant, depth: int) -> Node:
        value = node.value
        if isinstance(value, str):
            return Qty(value, _col(node))
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _reject(node, f"{value!r} is not a number or a quoted quantity")
        if (isinstance(value, float) and value != value) or value in (float("inf"), -float("inf")):
            raise _reject(node, "numbers must be finite")
        return Num(Fraction(repr(value)) if isinstance(value, float) else Fraction(value),
                   _col(node))

    def visit_Name(self, node: ast.Name, depth: int) -> Node:
        return Name(node.id, _col(node), (node.end_col_offset or node.col_offset) + 1)

    def visit_UnaryOp(self, node: ast.UnaryOp, depth: int) -> Node:
        operand = self.visit(node.operand, depth)
        if isinstance(node.op, ast.USub):
            return Neg(self._arithmetic(operand, node), _col(node))
        if isinstance(node.op, ast.UAdd):
            return self._arithmetic(operand, node)
        if isinstance(node.op, ast.Not):
            return Not(self._boolean(operand, node), _col(node))
        raise _reject(node, "`~` is not allowed")

    def visit_BinOp(self, node: ast.BinOp, depth: int) -> Node:
        op = _BINARY_OPERATORS.get(type(node.op))
        if op is None:
            raise _reject(node, _describe_forbidden(node.op))
        # The left operand of a + b + c is a + b: the same chain, at the same level.
        chained = isinstance(node.left, ast.BinOp) and _same_chain(node.left.op, node.op)
        self.terms = self.terms + 1 if chained else 0
        if self.terms + 2 > MAX_TERMS:  # this link and those above join terms + 2 terms
            raise _reject(node, f"a sum or product of more than {MAX_TERMS} terms")
        left = self._arithmetic(self.visit(node.left, depth - 1 if chained else depth),
                                node.left)
        self.terms = 0
        right = self._arithmetic(self.visit(node.right, depth), node.right)
        return BinOp(op, left, right, _col(node))

    def visit_Compare(self, node: ast.Compare, depth: int) -> Node:
        ops = tuple(self._comparison(op, node) for op in node.ops)
        operands = tuple(
            self._arithmetic(self.visit(part, depth), part)
            for part in (node.left, *node.comparators)
        )
        return Compare(ops, operands, _col(node))

    def visit_BoolOp(self, node: ast.BoolOp, depth: int) -> Node:
        op = _BOOLEAN_OPERATORS[type(node.op)]
        values = tuple(self._boolean(self.visit(v, depth), v) for v in node.values)
        return BoolOp(op, values, _col(node))

    def visit_Call(self, node: ast.Call, depth: int) -> Node:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise _reject(node, "only abs(), min() and max() may be called")
        if node.keywords:
            raise _reject(node, f"{node.func.id}() takes no keyword arguments")
        fewest, most = FUNCTIONS[node.func.id]
        if not fewest <= len(node.args) <= most:
            raise _reject(node, f"{node.func.id}() takes {_count_words(fewest, most)}")
        args = tuple(self._arithmetic(self.visit(a, depth), a) for a in node.args)
        return Call(node.func.id, args, _col(node))

    def _comparison(self, op: ast.cmpop, node: ast.Compare) -> str:
        symbol = _COMPARISONS.get(type(op))
        if symbol is None:
            raise _reject(node, "only == != < <= > >= compare (`in` and `is` do not)")
        return symbol

    @staticmethod
    def _arithmetic(value: Node, where: ast.AST) -> Node:
        if not isinstance(value, ARITHMETIC):
            raise _reject(where, "a comparison or and/or/not cannot be used as a number")
        return value

    @staticmethod
    def _boolean(value: Node, where: ast.AST) -> Node:
        if not isinstance(value, BOOLEAN):
            raise _reject(where, "and/or/not join comparisons, not numbers")
        return value


_CHAINS = ((ast.Add, ast.Sub), (ast.Mult, ast.Div))


def _same_chain(inner: ast.operator, outer: ast.operator) -> bool:
    """Whether ``inner`` continues the chain of ``outer``: + with -, * with /."""
    return any(isinstance(inner, kinds) and isinstance(outer, kinds) for kinds in _CHAINS)


def _col(node: ast.AST) -> int:
    return getattr(node, "col_offset", 0) + 1


def _reject(node: ast.AST, message: str) -> ExpressionError:
    return ExpressionError(f"{message} (column {_col(node)})",
                           hint="see 'Rules' in docs/claims-format.md for what a check may use")


def _describe_forbidden(node: ast.AST) -> str:
    for kind, hint in _REJECTION_HINTS.items():
        if isinstance(node, kind):
            return hint
    return f"{type(node).__name__} is not allowed in a check"


def _count_words(fewest: int, most: int) -> str:
    if fewest == most:
        return f"exactly {fewest} argument{'s' if fewest != 1 else ''}"
    return f"{fewest} to {most} arguments"
