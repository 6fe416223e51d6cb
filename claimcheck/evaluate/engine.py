"""Evaluate a loaded claims file: units, derived claims, and every rule's status.

For each rule the engine asks the solver twice: can the rule hold with every claim
inside its *reading* (``ok``)? If not, inside its *hard* interval (``tension``)? If
not, it is a ``fail``. A rule that adds or compares quantities of different
dimensions (``234 case + 9 person``) is a ``fail`` without asking.

All magnitudes are in base units (``38.6 billion tenge`` -> 38,600,000,000 KZT;
a date -> seconds), so per-rule work is exact fraction arithmetic, never pint.
The engine prints nothing and chooses no exit code.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import NamedTuple, NoReturn, Protocol, TypeVar

from claimcheck.claims import expr
from claimcheck.claims.load import Loaded, paused_collection
from claimcheck.claims.shapes import Shape, ShapedCheck, shaped_check
from claimcheck.errors import ClaimcheckError, UnitError
from claimcheck.evaluate.spans import (
    NotSingleUse,
    RuleTolerance,
    SpanPlan,
    divides,
    exact_range,
    plan,
    sides_allow,
)
from claimcheck.exact import algebra
from claimcheck.exact.algebra import Piece, Ratio
from claimcheck.exact.intervals import Span, span, span_empty
from claimcheck.exact.solver import Answer, poly_range, poly_sign, satisfiable
from claimcheck.model import (
    Claim,
    ClaimsFile,
    FileReport,
    InputProblem,
    Interval,
    Result,
    Rule,
    Severity,
    SourceCoverage,
    Status,
)
from claimcheck.quantities.units import Dimension, Unit, UnitSystem
from claimcheck.quantities.values import Tolerance as ParsedTolerance
from claimcheck.quantities.values import describe_interval, format_number, parse_tolerance

DATE: Dimension = (("@date", 1),)
SECONDS_PER_DAY = 86400
# A name as the compiler sees one: not the "e3" of "1e3", nor anything after a dot.
_IDENTIFIER = re.compile(r"(?<![\w.])[A-Za-z_][A-Za-z0-9_]*")
_QUOTED = re.compile(r"('[^']*'|\"[^\"]*\")")


class DimensionMismatch(Exception):
    """A rule or derived claim combines quantities of different dimensions."""


# Quantity and RuleOutcome are named tuples, immutable as the frozen dataclasses of the
# model are, but made five times as fast (0.4 us, not 2 us): a file of 100,000 claims
# and rules makes one of each per claim and per rule.


class Quantity(NamedTuple):
    """A stated claim reduced to base units: what the solver sees of it."""

    claim: Claim
    unit: Unit
    dimension: Dimension
    hard: Interval
    reading: Interval


class RuleOutcome(NamedTuple):
    """A rule's status with the facts behind it (``explain`` shows them all)."""

    rule: Rule
    status: Status
    detail: str
    display: str
    claims: tuple[str, ...]
    strays: tuple[str, ...] = ()  # for a tension: the claims that must leave their reading


@dataclass
class FileEvaluation:
    """One file, resolved: quantities in base units and every derived claim."""

    loaded: Loaded
    units: UnitSystem
    quantities: dict[str, Quantity] = field(default_factory=dict)
    derived_pieces: dict[str, list[Piece]] = field(default_factory=dict)
    dimensions: dict[str, Dimension] = field(default_factory=dict)
    broken_derived: dict[str, str] = field(default_factory=dict)
    # Claims that cannot be put in base units or resolved (a bad unit, a cycle), when
    # ``prepare`` collects problems: id -> the line of the problem. Rules using one are
    # problems too; every other rule is evaluated.
    unusable: dict[str, int | None] = field(default_factory=dict)
    # Per derived claim, what its expression becomes once every derived claim in it is
    # replaced by its own (see _expanded): worked out once, in dependency order.
    expansions: dict[str, Expansion] = field(default_factory=dict)
    # The hard and reading boxes, built once: every rule reads them (every strategy, and
    # explain), and building them per rule made a file's evaluation quadratic in its
    # size. Never handed on by dataclasses.replace (init=False). The strategies keep
    # their own caches (see RuleStrategy).
    _boxes: ClaimBoxes | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def file(self) -> ClaimsFile:
        return self.loaded.file


@dataclass(frozen=True)
class ClaimBoxes:
    """Every stated claim's hard and reading interval, for the ``quantities`` they are of."""

    quantities: dict[str, Quantity]
    size: int
    hard: dict[str, Interval]
    reading: dict[str, Interval]
    hard_spans: dict[str, Span]
    reading_spans: dict[str, Span]
    empty: frozenset[str]  # the claims with an empty interval, hard or reading (rare)


def prepare(loaded: Loaded, problems: list[ClaimcheckError] | None = None) -> FileEvaluation:
    """Resolve units and derived claims. Raises ClaimcheckError for unusable input; with
    ``problems``, a claim's problem goes there instead, the claim into ``unusable``,
    and only a bad ``[units]`` table raises."""
    name = loaded.file.path
    try:
        units = UnitSystem(loaded.file.units)
    except ClaimcheckError as error:
        unit_name = _subject_name(error.subject)
        raise error.located(file=name, line=loaded.file.unit_lines.get(unit_name or "")) from None
    evaluation = FileEvaluation(loaded, units)
    scaled: dict[tuple[int, Fraction], Interval] = {}
    for claim in loaded.file.claims.values():
        if claim.written is not None:
            try:
                evaluation.quantities[claim.id] = _quantity(claim, units, name, scaled)
            except ClaimcheckError as error:
                _keep(problems, error, evaluation, claim.id)
                continue
            evaluation.dimensions[claim.id] = evaluation.quantities[claim.id].dimension
    _resolve_derived(evaluation, problems)
    return evaluation


def _keep(problems: list[ClaimcheckError] | None, error: ClaimcheckError,
          evaluation: FileEvaluation, cid: str) -> None:
    """``error`` raised, or kept in ``problems`` with claim ``cid`` made unusable."""
    if problems is None:
        raise error
    problems.append(error)
    evaluation.unusable[cid] = error.line


def input_problem(error: ClaimcheckError, path: str) -> InputProblem:
    """An error as a line of the report: of a rule, of a claim, or of the file."""
    located = error.located(file=path)
    found = re.fullmatch(r"(claim|rule) '([^']+)'", located.subject or "")
    kind, ident = (found.group(1), found.group(2)) if found else ("file", None)
    return InputProblem(path, located.line, kind, ident, str(located))


def _unusable_claim(rule: Rule, evaluation: FileEvaluation) -> ClaimcheckError | None:
    """Why ``rule`` cannot be evaluated: it names a claim that is unusable."""
    for name in expr.names(evaluation.loaded.checks[rule.id]):
        if name.id in evaluation.unusable:
            where = evaluation.unusable[name.id]
            return ClaimcheckError(
                f"uses claim '{name.id}', which cannot be checked"
                + (f" (line {where})" if where else ""),
                file=evaluation.file.path, line=rule.key_lines.get("check", rule.line),
                subject=f"rule '{rule.id}'", hint=f"fix claim '{name.id}' first")
    return None


def evaluate(loaded: Loaded, strategies: Sequence[Strategy] | None = None, *,
             collect: bool = False) -> FileReport:
    """Every rule of the file, evaluated; the file's whole report. ``strategies``: the
    fast ways to decide a rule, asked in turn before the general one (default
    ``FAST_STRATEGIES``; ``()`` decides every rule the general way). With ``collect``,
    a rule or claim that cannot be checked is a problem of the report (with those of
    ``loaded.problems``), and every other rule is still evaluated."""
    with paused_collection():
        return _evaluate(loaded, FAST_STRATEGIES if strategies is None else strategies,
                         list(loaded.problems) if collect else None)


def _evaluate(loaded: Loaded, strategies: Sequence[Strategy],
              problems: list[ClaimcheckError] | None) -> FileReport:
    evaluation = prepare(loaded, problems)
    results = list(_derived_results(evaluation))
    decide = rule_decider(evaluation, strategies)
    for rule in loaded.file.rules.values():
        if problems is None:
            results.append(to_result(evaluation, decide(rule)))
            continue
        try:
            unusable = _unusable_claim(rule, evaluation) if evaluation.unusable else None
            if unusable is not None:
                raise unusable
            results.append(to_result(evaluation, decide(rule)))
        except ClaimcheckError as error:
            problems.append(error.located(subject=f"rule '{rule.id}'",
                                          line=rule.key_lines.get("check", rule.line)))
    results += _built_in_results(loaded.file, loaded.source_text)
    return FileReport(
        path=loaded.file.path,
        results=tuple(results),
        count_nouns=evaluation.units.count_nouns,
        ungrounded=_ungrounded(loaded.file),
        coverage=_coverage(loaded),
        problems=tuple(input_problem(error, loaded.file.path) for error in problems or ()),
    )


def _built_in_results(claims_file: ClaimsFile, source_text: str | None) -> list[Result]:
    from claimcheck import checks

    return checks.run(claims_file, source_text)


def _coverage(loaded: Loaded) -> SourceCoverage | None:
    if loaded.source_text is None:
        return None
    from claimcheck.text.coverage import coverage

    found = coverage(loaded.file, loaded.source_text, loaded.source_path or "")
    quotes = sum(1 for claim in loaded.file.claims.values() if claim.quote and claim.written)
    return replace(found, quotes=quotes)


def to_result(evaluation: FileEvaluation, outcome: RuleOutcome) -> Result:
    rule = outcome.rule
    return Result(
        file=evaluation.file.path,
        rule=rule.id,
        status=outcome.status,
        severity=rule.severity,
        claims=outcome.claims,
        message=outcome.detail,
        line=rule.key_lines.get("check", rule.line),
        display=outcome.display,
    )


def _ungrounded(claims_file: ClaimsFile) -> tuple[str, ...]:
    if claims_file.document.source is None:
        return ()
    return tuple(c.id for c in claims_file.claims.values() if c.written and not c.quote)


def _subject_name(subject: str | None) -> str | None:
    found = re.search(r"'([^']+)'", subject or "")
    return found.group(1) if found else None


# --- claims to base units ----------------------------------------------------------


def _quantity(claim: Claim, units: UnitSystem, file_name: str,
              scaled: dict[tuple[int, Fraction], Interval]) -> Quantity:
    assert claim.written is not None and claim.hard and claim.reading
    if claim.written.is_date:
        day = Fraction(SECONDS_PER_DAY)
        unit = Unit(day, DATE, "")
    else:
        unit = _claim_unit(claim, units, file_name)
    if unit.factor == 1:  # counts and plain numbers: the intervals as they are
        return Quantity(claim, unit, unit.dimension, claim.hard, claim.reading)
    return Quantity(claim, unit, unit.dimension, _scaled(claim.hard, unit.factor, scaled),
                    _scaled(claim.reading, unit.factor, scaled))


def _scaled(interval: Interval, factor: Fraction,
            done: dict[tuple[int, Fraction], Interval]) -> Interval:
    """``interval.scaled(factor)``, once per interval object and factor: claims of
    one value share their intervals (the loader reads each value once), and so their
    quantities share theirs. ``done`` lives no longer than the intervals it names."""
    key = (id(interval), factor)
    found = done.get(key)
    if found is None:
        found = done[key] = interval.scaled(factor)
    return found


def _claim_unit(claim: Claim, units: UnitSystem, file_name: str) -> Unit:
    assert claim.written is not None
    text = claim.unit
    if claim.written.percent and text and text.strip() in ("%", "percent"):
        text = None  # "11%" with unit "%": the percent is already in the value
    try:
        return units.unit(text)
    except ClaimcheckError as error:
        raise error.located(file=file_name, line=claim.key_lines.get("unit", claim.line),
                            subject=f"claim '{claim.id}'") from None


# --- derived claims ----------------------------------------------------------------


def _resolve_derived(evaluation: FileEvaluation,
                     problems: list[ClaimcheckError] | None = None) -> None:
    for cid in _collected_order(evaluation, problems):
        claim = evaluation.file.claims[cid]
        tree = evaluation.loaded.derived[cid]
        if evaluation.unusable and _uses_unusable(cid, tree, evaluation, problems):
            continue
        try:
            dimension = expression_dimension(tree, evaluation, claim)
            _check_declared_unit(claim, dimension, evaluation)
        except DimensionMismatch as mismatch:
            evaluation.broken_derived[cid] = str(mismatch)
            continue
        except ClaimcheckError as error:
            _keep(problems, error, evaluation, cid)
            continue
        evaluation.dimensions[cid] = dimension
        evaluation.derived_pieces[cid] = expression_pieces(tree, evaluation, claim)
        evaluation.expansions[cid] = _expansion(tree, evaluation.expansions)


def _collected_order(evaluation: FileEvaluation,
                     problems: list[ClaimcheckError] | None) -> list[str]:
    """``_dependency_order``; collecting, the claim where a cycle closes is unusable
    (and so are the claims built from it), and the walk goes on past it."""
    if problems is None:
        return _dependency_order(evaluation.loaded)

    def on_cycle(path: list[str], cid: str) -> None:
        try:
            _raise_cycle(path, cid, evaluation.loaded)
        except ClaimcheckError as error:
            _keep(problems, error, evaluation, cid)

    return _dependency_order(evaluation.loaded, on_cycle)


def _uses_unusable(cid: str, tree: expr.Node, evaluation: FileEvaluation,
                   problems: list[ClaimcheckError] | None) -> bool:
    """Whether derived claim ``cid`` is built from an unusable claim (and so is one)."""
    used = [n.id for n in expr.names(tree) if n.id in evaluation.unusable]
    if cid in evaluation.unusable:
        return True
    if not used:
        return False
    claim = evaluation.file.claims[cid]
    where = evaluation.unusable[used[0]]
    _keep(problems, ClaimcheckError(
        f"uses claim '{used[0]}', which cannot be checked"
        + (f" (line {where})" if where else ""), file=evaluation.file.path,
        line=claim.key_lines.get("derived", claim.line), subject=f"claim '{cid}'",
        hint=f"fix claim '{used[0]}' first"), evaluation, cid)
    return True


def _dependency_order(loaded: Loaded,
                      on_cycle: Callable[[list[str], str], None] | None = None) -> list[str]:
    """Derived claims, each after the derived claims it uses; a cycle is an error.

    A depth-first walk with a stack of its own, not recursion: a chain of a few
    hundred derived claims, each built from the one before, exceeded Python's
    recursion limit."""
    order: list[str] = []
    state: dict[str, str] = {}
    uses = {cid: [n.id for n in expr.names(tree) if n.id in loaded.derived]
            for cid, tree in loaded.derived.items()}
    for start in loaded.derived:
        if state.get(start) != "done":
            _visit(start, uses, loaded, state, order, on_cycle)
    return order


def _visit(start: str, uses: dict[str, list[str]], loaded: Loaded, state: dict[str, str],
           order: list[str], on_cycle: Callable[[list[str], str], None] | None = None) -> None:
    """Append ``start`` and the derived claims it needs, not yet done, to ``order``,
    each after those it uses. ``path`` is the chain being walked, each claim with the
    index of the next name it uses to look at."""
    state[start] = "active"
    path: list[tuple[str, int]] = [(start, 0)]
    while path:
        cid, next_use = path[-1]
        if next_use == len(uses[cid]):
            path.pop()
            state[cid] = "done"
            order.append(cid)
            continue
        path[-1] = (cid, next_use + 1)
        name = uses[cid][next_use]
        if state.get(name) == "active":
            if on_cycle is None:
                _raise_cycle([c for c, _ in path], name, loaded)
            on_cycle([c for c, _ in path], name)  # and the walk goes on, past it
            continue
        if state.get(name) != "done":
            state[name] = "active"
            path.append((name, 0))


def _raise_cycle(path: list[str], cid: str, loaded: Loaded) -> NoReturn:
    cycle = [*path[path.index(cid):], cid]
    claim = loaded.file.claims[cid]
    raise ClaimcheckError(
        "derived claims form a cycle: " + " -> ".join(cycle),
        file=loaded.file.path, line=claim.key_lines.get("derived", claim.line),
        subject=f"claim '{cid}'", hint="a derived claim cannot depend on itself")


def _check_declared_unit(claim: Claim, dimension: Dimension,
                         evaluation: FileEvaluation) -> None:
    if not claim.unit:
        return
    try:
        declared = evaluation.units.unit(claim.unit)
    except ClaimcheckError as error:
        raise error.located(file=evaluation.file.path,
                            line=claim.key_lines.get("unit", claim.line),
                            subject=f"claim '{claim.id}'") from None
    if declared.dimension != dimension:
        raise DimensionMismatch(
            f"declared unit '{claim.unit}' ({evaluation.units.describe(declared.dimension)}) "
            f"but the expression gives {_describe(dimension, evaluation)}")


def _derived_results(evaluation: FileEvaluation) -> Iterator[Result]:
    for cid, problem in evaluation.broken_derived.items():
        claim = evaluation.file.claims[cid]
        yield Result(
            file=evaluation.file.path, rule=f"derived:{cid}", status=Status.FAIL,
            severity=Severity.ERROR, claims=(cid,), message=problem,
            line=claim.key_lines.get("derived", claim.line), display=claim.derived or "")


def hard_box(evaluation: FileEvaluation) -> dict[str, Interval]:
    return dict(claim_boxes(evaluation).hard)


def reading_box(evaluation: FileEvaluation) -> dict[str, Interval]:
    return dict(claim_boxes(evaluation).reading)


def claim_boxes(evaluation: FileEvaluation) -> ClaimBoxes:
    """The boxes of ``evaluation`` (shared: never modify them), rebuilt if its claims changed."""
    boxes = evaluation._boxes
    quantities = evaluation.quantities
    if boxes is None or boxes.quantities is not quantities or boxes.size != len(quantities):
        hard = {cid: q.hard for cid, q in quantities.items()}
        reading = {cid: q.reading for cid, q in quantities.items()}
        (hard_spans, hard_empty), (reading_spans, reading_empty) = _spans(hard), _spans(reading)
        empty = frozenset(cid for spans in (hard_spans, reading_spans)
                          for cid, one in spans.items() if span_empty(one)
                          ) if hard_empty or reading_empty else frozenset()
        boxes = ClaimBoxes(quantities, len(quantities), hard, reading, hard_spans,
                       reading_spans, empty)
        evaluation._boxes = boxes
    return boxes


def _spans(box: dict[str, Interval]) -> tuple[dict[str, Span], bool]:
    """Each interval of ``box`` as a span, converted once per interval object: claims
    of the same value share theirs (the loader reads each value once); and whether
    any of them is empty (asked once per interval object, too)."""
    converted: dict[int, Span] = {}
    spans = {}
    any_empty = False
    for cid, interval in box.items():
        found = converted.get(id(interval))  # the intervals outlive this loop
        if found is None:
            found = converted[id(interval)] = span(interval)
            any_empty = any_empty or span_empty(found)
        spans[cid] = found
    return spans, any_empty


def _rule_boxes(evaluation: FileEvaluation,
                variables: tuple[str, ...]) -> tuple[dict[str, Interval], dict[str, Interval]]:
    """The hard and reading boxes cut down to a rule's variables: all the solver reads."""
    boxes = claim_boxes(evaluation)
    return ({v: boxes.hard[v] for v in variables}, {v: boxes.reading[v] for v in variables})


# --- dimensions --------------------------------------------------------------------

ANY: Dimension = (("@any", 1),)  # the bare number 0, which compares with anything


def expression_dimension(node: expr.Node, evaluation: FileEvaluation,
                         owner: Claim | Rule) -> Dimension:
    """The dimension of an arithmetic expression; DimensionMismatch where it mixes them."""
    match node:
        case expr.Num(value):
            return ANY if value == 0 else ()
        case expr.Qty(text):
            return _quoted_quantity(text, evaluation, owner)[1].dimension
        case expr.Name(name):
            return _name_dimension(name, evaluation)
        case expr.Neg(operand):
            return expression_dimension(operand, evaluation, owner)
        case expr.BinOp(op, left, right):
            return _binary_dimension(op, expression_dimension(left, evaluation, owner),
                                     expression_dimension(right, evaluation, owner), evaluation)
        case expr.Call(_, args):
            return _same_dimension([expression_dimension(a, evaluation, owner) for a in args],
                                   "compare", evaluation)
    raise AssertionError(f"not arithmetic: {node!r}")


def _name_dimension(name: str, evaluation: FileEvaluation) -> Dimension:
    if name in evaluation.broken_derived:
        raise DimensionMismatch(f"derived claim '{name}' cannot be computed: "
                                f"{evaluation.broken_derived[name]}")
    return evaluation.dimensions[name]


def _binary_dimension(op: str, left: Dimension, right: Dimension,
                      evaluation: FileEvaluation) -> Dimension:
    if op in "+-":
        return _additive_dimension(op, left, right, evaluation)
    left, right = (() if d == ANY else d for d in (left, right))
    if DATE in (left, right):
        raise DimensionMismatch("cannot multiply or divide a date")
    sign = 1 if op == "*" else -1
    powers = dict(left)
    for name, exp in right:
        powers[name] = powers.get(name, 0) + sign * exp
    return tuple(sorted((n, e) for n, e in powers.items() if e))


def _additive_dimension(op: str, left: Dimension, right: Dimension,
                        evaluation: FileEvaluation) -> Dimension:
    if DATE not in (left, right):  # the commonest case: no date, no time to look up
        verb = "add" if op == "+" else "subtract"
        return _same_dimension([left, right], verb, evaluation)
    time = evaluation.units.unit("second").dimension
    if left == DATE and right == DATE:
        if op == "-":
            return time
        raise DimensionMismatch("cannot add two dates")
    if left == DATE and right in (time, ANY):
        return DATE
    if right == DATE and left in (time, ANY) and op == "+":
        return DATE
    verb = "add" if op == "+" else "subtract"
    return _same_dimension([left, right], verb, evaluation)


def _same_dimension(dimensions: list[Dimension], verb: str,
                    evaluation: FileEvaluation) -> Dimension:
    known = [d for d in dimensions if d != ANY]
    for other in known[1:]:
        if other != known[0]:
            first, second = _describe(known[0], evaluation), _describe(other, evaluation)
            raise DimensionMismatch(f"cannot {verb} {first} and {second}"
                                    + _mismatch_hint(first, second))
    return known[0] if known else ANY


def _mismatch_hint(first: str, second: str) -> str:
    """What a mismatch most often is when it is the file's slip, not the document's."""
    if "dimensionless" in (first, second):
        unit = second if first == "dimensionless" else first
        if " " not in unit:
            return (f" (a bare number has no unit; write a quantity in quotes, "
                    f"such as '1000 {unit}')")
    if " " not in first + second and difflib.SequenceMatcher(None, first, second).ratio() >= 0.75:
        return f" ('{first}' and '{second}' differ by a letter or two: a typo in a unit?)"
    return ""


def _describe(dimension: Dimension, evaluation: FileEvaluation) -> str:
    if dimension == DATE:
        return "date"
    if dimension == ANY:
        return "zero"
    return evaluation.units.describe(dimension)


def _quoted_quantity(text: str, evaluation: FileEvaluation,
                     owner: Claim | Rule) -> tuple[Fraction, Unit]:
    try:
        return evaluation.units.quantity(text)
    except ClaimcheckError as error:
        kind = "rule" if isinstance(owner, Rule) else "claim"
        line = owner.key_lines.get("check" if kind == "rule" else "derived", owner.line)
        raise UnitError(f"the quantity '{text}' cannot be read: {error.message}",
                        file=evaluation.file.path, line=line,
                        subject=f"{kind} '{owner.id}'", hint=error.hint) from None


def check_dimensions(node: expr.Node, evaluation: FileEvaluation, rule: Rule) -> None:
    """Raise DimensionMismatch where a comparison or a sum mixes dimensions."""
    match node:
        case expr.Compare(_, operands):
            dims = [expression_dimension(o, evaluation, rule) for o in operands]
            if DATE in dims and len(set(dims) - {ANY}) > 1:
                raise DimensionMismatch("cannot compare a date with a number")
            _same_dimension(dims, "compare", evaluation)
        case expr.BoolOp(_, values):
            for value in values:
                check_dimensions(value, evaluation, rule)
        case expr.Not(operand):
            check_dimensions(operand, evaluation, rule)


# --- values as pieces --------------------------------------------------------------


def expression_pieces(node: expr.Node, evaluation: FileEvaluation,
                      owner: Claim | Rule) -> list[Piece]:
    """An arithmetic expression as piecewise exact values over the stated claims."""
    match node:
        case expr.Num(value):
            return [Piece((), Ratio.of(algebra.constant(value)))]
        case expr.Qty(text):
            magnitude, _ = _quoted_quantity(text, evaluation, owner)
            return [Piece((), Ratio.of(algebra.constant(magnitude)))]
        case expr.Name(name):
            if name in evaluation.derived_pieces:
                return evaluation.derived_pieces[name]
            return [Piece((), Ratio.of(algebra.variable(name)))]
        case expr.Neg(operand):
            return [Piece(p.conditions, p.value.negated())
                    for p in expression_pieces(operand, evaluation, owner)]
        case expr.BinOp(op, left, right):
            return algebra.combine(expression_pieces(left, evaluation, owner),
                                   expression_pieces(right, evaluation, owner), _OPERATIONS[op])
        case expr.Call(func, args):
            parts = [expression_pieces(a, evaluation, owner) for a in args]
            if func == "abs":
                return algebra.absolute(parts[0])
            return algebra.extreme(parts, smallest=func == "min")
    raise AssertionError(f"not arithmetic: {node!r}")


_OPERATIONS = {"+": Ratio.plus, "-": Ratio.minus, "*": Ratio.times, "/": Ratio.over}


# --- rules -------------------------------------------------------------------------


# A rule is decided by the first strategy of an ordered list that answers. The general
# one (GeneralFormula: the check as polynomial constraints for the exact solver) is the
# definition and answers every rule; each fast one answers a kind of rule exactly as the
# general one would (tests/test_fast_paths.py runs each against it), faster, or declines.


class RuleStrategy(Protocol):
    """One way to decide rules, made for one file's evaluation: what it caches (plans,
    dimension checks) lives as long as that evaluation, in the strategy."""

    def decide(self, rule: Rule) -> RuleOutcome | None:
        """The rule's outcome, or None where this way does not apply."""
        ...


Strategy = Callable[[FileEvaluation], RuleStrategy]
"""A strategy as the engine is given it: made for a file's evaluation (its class)."""


def rule_decider(evaluation: FileEvaluation,
                 strategies: Sequence[Strategy] | None = None) -> Callable[[Rule], RuleOutcome]:
    """A function that decides the rules of ``evaluation``: each of ``strategies``
    (default ``FAST_STRATEGIES``) asked in turn, the general way when none answers."""
    made = [make(evaluation) for make in (
        FAST_STRATEGIES if strategies is None else strategies)]
    general = GeneralFormula(evaluation)

    def decide(rule: Rule) -> RuleOutcome:
        for strategy in made:
            outcome = strategy.decide(rule)
            if outcome is not None:
                return outcome
        return general.decide(rule)

    return decide


def evaluate_rule(evaluation: FileEvaluation, rule: Rule,
                  strategies: Sequence[Strategy] | None = None) -> RuleOutcome:
    """One rule's outcome (see ``rule_decider``)."""
    return rule_decider(evaluation, strategies)(rule)


class GeneralFormula:
    """The definition of a rule's status, for every rule.

    The check becomes a disjunction of polynomial conjunctions over the stated claims
    (piecewise values for abs, min, max and quotients, a tolerance written out as
    conditions), which the exact solver is asked about (``_judged``): within the
    readings, then within the hard intervals, then each claim alone out of its
    reading. A check that mixes dimensions fails with a message that says so.

    Costs: the formula can grow exponentially with abs/min/max and and/or (bounded by
    ``algebra.check_size``); the solver is Fourier-Motzkin for linear conjunctions and a
    bounded branch and bound for products: some hundreds of microseconds a rule, where
    the fast strategies take a few or a few tens.
    """

    def __init__(self, evaluation: FileEvaluation) -> None:
        self.evaluation = evaluation

    def decide(self, rule: Rule) -> RuleOutcome:
        evaluation = self.evaluation
        tree = evaluation.loaded.checks[rule.id]
        try:
            check_dimensions(tree, evaluation, rule)
        except DimensionMismatch as mismatch:
            named = tuple(dict.fromkeys(n.id for n in expr.names(tree)))
            return RuleOutcome(rule, Status.FAIL, str(mismatch),
                               substitute(rule.check, evaluation.file), named)
        alternatives = _formula_constraints(evaluation, rule, tree)
        return _tree_outcome(evaluation, rule, tree, _solved(alternatives, evaluation))


class _TreeStrategy:
    """What the fast strategies that read a check's tree share: the dimensions checked
    first (a mismatch is the general way's to word), the outcome built alike."""

    def __init__(self, evaluation: FileEvaluation) -> None:
        self.evaluation = evaluation

    def decide(self, rule: Rule) -> RuleOutcome | None:
        evaluation = self.evaluation
        tree = evaluation.loaded.checks[rule.id]
        try:
            check_dimensions(tree, evaluation, rule)
        except DimensionMismatch:
            return None
        answer = self.answer(tree, rule)
        return None if answer is None else _tree_outcome(evaluation, rule, tree, answer)

    def answer(self, tree: expr.Node, rule: Rule) -> RuleAnswer | None:
        raise NotImplementedError


def _tree_outcome(evaluation: FileEvaluation, rule: Rule, tree: expr.Node,
                  answer: RuleAnswer) -> RuleOutcome:
    status, strays = answer
    named = tuple(dict.fromkeys(n.id for n in expr.names(tree)))
    detail = _detail(status, strays, [], tree, evaluation, rule)
    return RuleOutcome(rule, status, detail, substitute(rule.check, evaluation.file), named,
                       strays)


def _solved(alternatives: list[algebra.Conjunction],
            evaluation: FileEvaluation) -> RuleAnswer:
    """The status and strays of a rule given as constraints, from the solver."""
    variables = tuple(sorted({v for conj in alternatives for c in conj
                              for v in algebra.variables(c.poly)}))
    return _status(alternatives, evaluation, variables)


def _span_tolerance(rule: Rule, op: str, first: str | None,
                    evaluation: FileEvaluation) -> RuleTolerance | None:
    """The tolerance the span strategies apply to ``op``; NotSingleUse where they do not
    cover it: a tolerance on != (its negation is a disjunction), or a share of 100% or
    more (``spans.within_share`` covers shares below 1)."""
    tolerance = _rule_tolerance(rule, first, evaluation) if op in ("==", "!=") else None
    if tolerance is not None and (op == "!=" or (tolerance[1] and tolerance[0] >= 1)):
        raise NotSingleUse
    return tolerance


# --- a check of a shape seen before: its plan with this rule's claims ------------------


class ShapePlan:
    """Checks kept as a shape (``claims.shapes``: the check with its claim ids replaced
    by placeholders) whose shape has a span plan (``spans.plan``: one comparison, each
    placeholder once) and whose claims are all stated.

    Costs: no tree is built (but for the message of a fail); one plan per shape and one
    dimension check per shape and dimensions of its claims, cached here; per rule, a
    few span operations on the claims' spans, made once per file (``ClaimBoxes``). A
    file of many rules of few shapes (the generated ones: a dozen shapes) is decided in
    a few microseconds a rule.
    """

    def __init__(self, evaluation: FileEvaluation) -> None:
        self.evaluation = evaluation
        # Per shape its plan; per shape and dimensions whether they agree; per claim
        # its value as written, with its spaces tidied.
        self.plans: dict[Shape, SpanPlan | None] = {}
        self.agreeing: dict[tuple[Shape, tuple[Dimension, ...]], bool] = {}
        self.written: dict[str, str] = {}

    def decide(self, rule: Rule) -> RuleOutcome | None:
        shaped = shaped_check(self.evaluation.loaded.checks, rule.id)
        return None if shaped is None else self._planned_outcome(rule, shaped)

    def _planned_outcome(self, rule: Rule, shaped: ShapedCheck) -> RuleOutcome | None:
        evaluation = self.evaluation
        ids = shaped.ids
        found = self._plan_of(shaped.shape)
        quantities = evaluation.quantities
        try:
            dimensions = tuple([quantities[cid].dimension for cid in ids])
        except KeyError:  # a derived claim: the tree's way expands it
            return None
        if found is None or not self._dimensions_agree(shaped, dimensions, rule):
            return None  # the general path words the mismatch
        first = ids[0] if ids else None  # "2 == 2" names no claim
        try:
            tolerance = _span_tolerance(rule, found.op, first, evaluation)
            status, strays = _planned_status(found, ids, tolerance, evaluation)
        except NotSingleUse:
            return None
        known = self.written
        display = shaped.display([known.get(cid) or self._written(cid) for cid in ids])
        detail = "" if status is Status.OK else _detail(status, strays, [], shaped.tree(),
                                                        evaluation, rule)
        return RuleOutcome(rule, status, detail, display, ids, strays)

    def _written(self, cid: str) -> str:
        """``_as_written`` with its spaces tidied (for ``Shape.display``), once per claim
        (a claim is in a few rules each)."""
        text = self.written.get(cid)
        if text is None:
            text = self.written[cid] = " ".join(
                _as_written(cid, self.evaluation.file).split())
        return text

    def _plan_of(self, shape: Shape) -> SpanPlan | None:
        plans = self.plans
        return plans[shape] if shape in plans else plans.setdefault(shape, plan(shape))

    def _dimensions_agree(self, shaped: ShapedCheck, dimensions: tuple[Dimension, ...],
                          rule: Rule) -> bool:
        """Whether the shape's dimensions agree with these claims' (asked once per pair:
        it depends on nothing else)."""
        key = (shaped.shape, dimensions)
        agree = self.agreeing.get(key)
        if agree is None:
            try:
                check_dimensions(shaped.tree(), self.evaluation, rule)
                agree = True
            except DimensionMismatch:
                agree = False
            self.agreeing[key] = agree
        return agree


def _planned_status(found: SpanPlan, ids: tuple[str, ...], tolerance: RuleTolerance | None,
                    evaluation: FileEvaluation) -> tuple[Status, tuple[str, ...]]:
    """What ``SingleUseSpans`` finds, with the claims' spans in the plan's order."""
    boxes = claim_boxes(evaluation)
    if (found.divisors and not all(divides(boxes.hard[ids[i]]) for i in found.divisors)) or (
            boxes.empty and not boxes.empty.isdisjoint(ids)):
        raise NotSingleUse  # the tree's way knows these
    hard = boxes.hard_spans
    return _judged(ids, [boxes.reading_spans[cid] for cid in ids],
                   lambda: [hard[cid] for cid in ids],
                   lambda spans: found.holds(spans, tolerance))


def rule_constraints(evaluation: FileEvaluation, rule: Rule) -> list[algebra.Conjunction]:
    """The rule as a disjunction of polynomial conjunctions over the stated claims: built
    directly for a linear comparison (``LinearBuild``), else from its formula."""
    tree = evaluation.loaded.checks[rule.id]
    simple = _linear_comparison(tree, evaluation, rule)
    return simple if simple is not None else _formula_constraints(evaluation, rule, tree)


def _formula_constraints(evaluation: FileEvaluation, rule: Rule,
                         tree: expr.Node) -> list[algebra.Conjunction]:
    tolerance = _rule_tolerance(rule, _first_name(tree), evaluation)
    sign_of = _sign_function(claim_boxes(evaluation).hard)
    alternatives: list[algebra.Conjunction] = []
    for conditions in _formula(tree, False, evaluation, rule, tolerance):
        alternatives += algebra.to_constraints(conditions, sign_of)
    return alternatives


# --- the commonest rule: one comparison, each claim once (see spans.py) ------------

RuleAnswer = tuple[Status, tuple[str, ...]]  # status, strays


class SingleUseSpans(_TreeStrategy):
    """One comparison in which each claim occurs once (derived claims counted by the
    claims they are built from, expanded into their expressions): exact interval
    arithmetic on the two sides (``spans.exact_range``), no polynomials, no elimination.

    Costs: a walk of the check's tree per bound tried (readings, hard intervals, and one
    per claim for a tension): linear in the size of the check, some tens of
    microseconds a rule. Declines a claim used twice, abs/min/max in a derived claim, a
    divisor that may be 0 inside, a zero constant and the tolerances ``_span_tolerance``
    does not cover.
    """

    def answer(self, tree: expr.Node, rule: Rule) -> RuleAnswer | None:
        if not isinstance(tree, expr.Compare) or len(tree.ops) != 1:
            return None
        evaluation = self.evaluation
        op = tree.ops[0]
        ids = [n.id for n in expr.names(tree)]
        try:
            tolerance = _span_tolerance(rule, op, _first_name(tree), evaluation)
            derived = evaluation.loaded.derived
            if any(name in derived for name in ids):
                sides = [_expanded(operand, evaluation) for operand in tree.operands]
                leaves = [name for side in sides for name in _leaves(side)]
            else:
                sides, leaves = list(tree.operands), ids
            if len(set(leaves)) != len(leaves):
                return None
            variables = tuple(sorted(leaves))
            return _single_use_status(sides, op, tolerance, variables, evaluation, rule)
        except NotSingleUse:
            return None


def _single_use_status(sides: list[expr.Node], op: str, tolerance: RuleTolerance | None,
                       variables: tuple[str, ...], evaluation: FileEvaluation,
                       rule: Rule) -> RuleAnswer:
    boxes = claim_boxes(evaluation)

    def holds(bounds: list[Interval]) -> bool:
        spans = {name: span(bound) for name, bound in zip(variables, bounds, strict=True)}
        if any(span_empty(s) for s in spans.values()):
            return False
        left, right = (_exact_range(side, spans, evaluation, rule) for side in sides)
        return sides_allow(left, op, right, tolerance)

    return _judged(variables, [boxes.reading[v] for v in variables],
                   lambda: [boxes.hard[v] for v in variables], holds)


# How large an expression with its derived claims expanded may grow before the single-use
# path leaves it to the general one (which reads each derived claim's pieces, worked out
# once, and never expands). Derived claims that double (d2 = d1 + d1, d3 = d2 + d2, ...)
# expand to 2^n nodes, and a chain of a few hundred expands deeper than Python recurses.
MAX_EXPANDED_NODES = 2000
MAX_EXPANDED_DEPTH = 100


@dataclass(frozen=True)
class Expansion:
    """A derived claim's expression with every derived claim in it expanded, in
    summary: how many nodes and how deep, and how often each stated claim occurs in it
    (``None`` once it is larger than ``MAX_EXPANDED_NODES``: never expanded then)."""

    size: int
    depth: int
    leaves: Mapping[str, int] | None


def _expansion(node: expr.Node, known: Mapping[str, Expansion]) -> Expansion:
    """``node``'s Expansion, given those of the derived claims it names (``known``)."""
    match node:
        case expr.Name(name) if name in known:
            return known[name]
        case expr.Name(name):
            return Expansion(1, 1, {name: 1})
        case expr.Neg(operand):
            inner = _expansion(operand, known)
            return Expansion(inner.size + 1, inner.depth + 1, inner.leaves)
        case expr.BinOp(_, left, right) | expr.Call(_, (left, right)):
            return _joined([_expansion(left, known), _expansion(right, known)])
        case expr.Call(_, args):
            return _joined([_expansion(arg, known) for arg in args])
    return Expansion(1, 1, {})


def _joined(parts: list[Expansion]) -> Expansion:
    size = 1 + sum(part.size for part in parts)
    depth = 1 + max(part.depth for part in parts)
    if size > MAX_EXPANDED_NODES or any(part.leaves is None for part in parts):
        return Expansion(size, depth, None)
    leaves: dict[str, int] = {}
    for part in parts:
        for name, count in (part.leaves or {}).items():
            leaves[name] = leaves.get(name, 0) + count
    return Expansion(size, depth, leaves)


def _expanded(node: expr.Node, evaluation: FileEvaluation) -> expr.Node:
    """``node`` with each derived claim replaced by its expression, recursively; raises
    NotSingleUse where that would name a stated claim twice or grow past the bounds
    above (asked of the summaries first: the expansion itself may be exponential)."""
    expansions = evaluation.expansions
    for name in expr.names(node):
        if name.id in evaluation.loaded.derived and name.id not in expansions:
            raise NotSingleUse  # a derived claim that cannot be computed
    summary = _expansion(node, expansions)
    if (summary.leaves is None or summary.depth > MAX_EXPANDED_DEPTH
            or any(count > 1 for count in summary.leaves.values())):
        raise NotSingleUse
    return _expand(node, evaluation)


def _expand(node: expr.Node, evaluation: FileEvaluation) -> expr.Node:
    match node:
        case expr.Name(name) if name in evaluation.loaded.derived:
            return _expand(evaluation.loaded.derived[name], evaluation)
        case expr.Neg(operand, col):
            return expr.Neg(_expand(operand, evaluation), col)
        case expr.BinOp(op, left, right, col):
            return expr.BinOp(op, _expand(left, evaluation), _expand(right, evaluation), col)
        case expr.Call():
            raise NotSingleUse
    return node


def _leaves(node: expr.Node) -> Iterator[str]:
    for name in expr.names(node):
        yield name.id


def _exact_range(node: expr.Node, spans: Mapping[str, Span], evaluation: FileEvaluation,
                 rule: Rule) -> Span:
    """The values ``node`` takes over the claims' ``spans``, exactly (each claim occurs
    once in it)."""
    return exact_range(node, spans,
                       lambda text: _quoted_quantity(text, evaluation, rule)[0],  # base units
                       lambda divisor: _divides(divisor, evaluation))


def _divides(node: expr.Node, evaluation: FileEvaluation) -> bool:
    """A number, or a stated claim that ``spans.divides`` allows."""
    if isinstance(node, expr.Num | expr.Qty):
        return True
    return (isinstance(node, expr.Name) and node.id in evaluation.quantities
            and divides(claim_boxes(evaluation).hard[node.id]))


# --- one comparison of two linear sides, a claim in both -----------------------------
#
# Most checks compare two sums of claims (``a + b + c == total``, ``part <= whole``,
# ``part / total >= 0.25``, ``later - earlier <= '120 days'``). For those the pieces,
# ratios and conditions of the general path all reduce to one linear polynomial
# ``left - right``; it is built here directly, with the same exact coefficients, and
# handed to the same solver. Anything else (abs, min, max, a product or a quotient
# of claims, a chain, and/or/not, a tolerance on == or !=) takes the general path.

Linear = tuple[dict[str, Fraction], Fraction]  # coefficients of the claims, and a constant


class LinearBuild(_TreeStrategy):
    """One comparison of two linear sides (sums of claims times numbers, numbers and
    quantities; a derived claim that is linear itself), a claim in both allowed, no
    tolerance on == or !=: the one polynomial ``left - right`` built directly, with the
    coefficients the general way's pieces reduce to, for the same solver.

    Costs: building is linear in the size of the check (no pieces, ratios or sign
    conditions); solving is the general way's Fourier-Motzkin over the rule's claims.
    """

    def answer(self, tree: expr.Node, rule: Rule) -> RuleAnswer | None:
        alternatives = _linear_comparison(tree, self.evaluation, rule)
        return None if alternatives is None else _solved(alternatives, self.evaluation)


FAST_STRATEGIES: tuple[Strategy, ...] = (ShapePlan, SingleUseSpans, LinearBuild)
"""The fast ways to decide a rule, asked in this order before the general one. A new
one goes here; tests/test_fast_paths.py compares each with ``GeneralFormula``."""


def _linear_comparison(tree: expr.Node, evaluation: FileEvaluation,
                       rule: Rule) -> list[algebra.Conjunction] | None:
    if not isinstance(tree, expr.Compare) or len(tree.ops) != 1:
        return None
    op = tree.ops[0]
    if op in ("==", "!=") and rule.tolerance is not None:
        return None
    left = _as_linear(tree.operands[0], evaluation, rule)
    right = _as_linear(tree.operands[1], evaluation, rule) if left is not None else None
    if left is None or right is None:
        return None
    coefs = dict(left[0])
    for name, coef in right[0].items():
        coefs[name] = coefs.get(name, Fraction(0)) - coef
    poly: dict[algebra.Monomial, Fraction] = {
        ((name, 1),): coef for name, coef in coefs.items() if coef}
    const = left[1] - right[1]
    if const:
        poly[algebra.ONE] = const
    condition = algebra.Condition(Ratio.of(poly), op)
    return algebra.to_constraints([condition], _denominator_one)


def _as_linear(node: expr.Node, evaluation: FileEvaluation, owner: Claim | Rule) -> Linear | None:
    """``node`` as a linear combination of stated claims, if it is one."""
    match node:
        case expr.Num(value):
            return {}, value
        case expr.Qty(text):
            magnitude, _ = _quoted_quantity(text, evaluation, owner)  # in base units
            return {}, magnitude
        case expr.Name(name):
            if name in evaluation.derived_pieces:
                return _linear_derived(evaluation.derived_pieces[name])
            return {name: Fraction(1)}, Fraction(0)
        case expr.Neg(operand):
            inner = _as_linear(operand, evaluation, owner)
            return None if inner is None else _linear_scaled(inner, Fraction(-1))
        case expr.BinOp(op, left_node, right_node):
            left = _as_linear(left_node, evaluation, owner)
            right = _as_linear(right_node, evaluation, owner) if left is not None else None
            if left is None or right is None:
                return None
            return _linear_operation(op, left, right)
    return None


def _linear_operation(op: str, left: Linear, right: Linear) -> Linear | None:
    if op in "+-":
        sign = 1 if op == "+" else -1
        coefs = dict(left[0])
        for name, coef in right[0].items():
            coefs[name] = coefs.get(name, Fraction(0)) + sign * coef
        return coefs, left[1] + sign * right[1]
    if op == "*" and not left[0]:
        return _linear_scaled(right, left[1])
    if op == "*" and not right[0]:
        return _linear_scaled(left, right[1])
    if op == "/" and not right[0] and right[1]:
        return _linear_scaled(left, 1 / right[1])
    return None  # a product or a quotient of claims, or a division by zero


def _linear_scaled(value: Linear, factor: Fraction) -> Linear:
    return {name: coef * factor for name, coef in value[0].items()}, value[1] * factor


def _linear_derived(pieces: list[Piece]) -> Linear | None:
    if len(pieces) != 1 or pieces[0].conditions:
        return None
    value = pieces[0].value
    if algebra.as_constant(value.den) != 1 or not algebra.is_linear(value.num):
        return None
    coefs = {mono[0][0]: coef for mono, coef in value.num.items() if mono}
    return coefs, value.num.get(algebra.ONE, Fraction(0))


def _denominator_one(poly: algebra.Poly) -> int:
    return 1  # the denominators of _linear_comparison are the constant 1


def _sign_function(box: Mapping[str, Interval]) -> algebra.SignOf:
    def sign_of(poly: algebra.Poly) -> int:
        value = algebra.as_constant(poly)  # most denominators are the constant 1
        if value is not None:
            return 1 if value > 0 else -1 if value < 0 else 0
        return poly_sign(poly, box)

    return sign_of


def _status(alternatives: list[algebra.Conjunction], evaluation: FileEvaluation,
            variables: tuple[str, ...]) -> tuple[Status, tuple[str, ...]]:
    hard, reading = _rule_boxes(evaluation, variables)

    def holds(bounds: list[Interval]) -> bool:
        box = dict(zip(variables, bounds, strict=True))
        return satisfiable(alternatives, box) is not Answer.NO

    return _judged(variables, [reading[v] for v in variables],
                   lambda: [hard[v] for v in variables], holds)


_Bound = TypeVar("_Bound")  # what a claim is held to: an Interval, or its Span


def _judged(names: Sequence[str], reading: list[_Bound], hard_bounds: Callable[[], list[_Bound]],
            holds: Callable[[list[_Bound]], bool]) -> tuple[Status, tuple[str, ...]]:
    """A rule's status from ``holds`` (whether it can hold with each claim, named by
    ``names``, within the bound given for it): ok within the readings; fail when not
    even within the hard intervals (``hard_bounds``, asked for only then: nearly every
    rule holds within the readings); else tension, with the claims (in the order of
    their ids) that let it hold when they alone leave their reading for their hard
    interval. ``holds`` gets a list of its own."""
    if holds(reading[:]):
        return Status.OK, ()
    hard = hard_bounds()
    if not holds(hard[:]):
        return Status.FAIL, ()
    order = sorted(range(len(names)), key=names.__getitem__)
    return Status.TENSION, tuple(
        names[i] for i in order if holds([*reading[:i], hard[i], *reading[i + 1:]]))


def _rule_tolerance(rule: Rule, first: str | None,
                    evaluation: FileEvaluation) -> RuleTolerance | None:
    """The rule's tolerance; an amount is in the unit of ``first``, the first claim
    its check names."""
    if rule.tolerance is None:
        return None
    parsed = _parsed_tolerance(rule.tolerance)
    if parsed.percent:
        return parsed.amount / 100, True
    factor = Fraction(1)
    if first is not None and first in evaluation.quantities:
        factor = evaluation.quantities[first].unit.factor
    return parsed.amount * factor, False


def _first_name(tree: expr.Node) -> str | None:
    first = next(expr.names(tree), None)
    return None if first is None else first.id


@functools.lru_cache(maxsize=256)
def _parsed_tolerance(text: str) -> ParsedTolerance:
    """A rule's tolerance, read once per distinct text (a large file repeats "1%")."""
    return parse_tolerance(text)


def _formula(node: expr.Node, negated: bool, evaluation: FileEvaluation, rule: Rule,
             tolerance: RuleTolerance | None) -> list[list[algebra.Condition]]:
    """``node`` (negated if asked) as a disjunction of condition lists."""
    match node:
        case expr.Not(operand):
            return _formula(operand, not negated, evaluation, rule, tolerance)
        case expr.BoolOp(op, values):
            parts = [_formula(v, negated, evaluation, rule, tolerance) for v in values]
            conjunctive = (op == "and") != negated
            return _conjoin(parts) if conjunctive else [alt for p in parts for alt in p]
        case expr.Compare(ops, operands):
            pieces = [expression_pieces(o, evaluation, rule) for o in operands]
            links = [
                _comparison(pieces[i], op, pieces[i + 1], negated, tolerance)
                for i, op in enumerate(ops)
            ]
            # not (a < b < c) is (a >= b) or (b >= c)
            return [alt for link in links for alt in link] if negated else _conjoin(links)
    raise AssertionError(f"not boolean: {node!r}")


def _conjoin(parts: list[list[list[algebra.Condition]]]) -> list[list[algebra.Condition]]:
    combined: list[list[algebra.Condition]] = [[]]
    for part in parts:
        combined = [done + alt for done in combined for alt in part]
        algebra.check_size(len(combined))
    return combined


def _comparison(left: list[Piece], op: str, right: list[Piece], negated: bool,
                tolerance: RuleTolerance | None) -> list[list[algebra.Condition]]:
    if op in ("==", "!=") and tolerance is not None:
        within = _within_tolerance(left, right, tolerance)
        holds = (op == "==") != negated
        return within if holds else _negated_conditions(within)
    return algebra.compare(left, algebra.negate(op) if negated else op, right)


def _within_tolerance(left: list[Piece], right: list[Piece],
                      tolerance: RuleTolerance) -> list[list[algebra.Condition]]:
    """abs(left - right) <= amount, or <= share * max(abs(left), abs(right))."""
    amount, percent = tolerance
    gap = algebra.absolute(algebra.combine(left, right, Ratio.minus))
    if percent:
        larger = algebra.extreme([algebra.absolute(left), algebra.absolute(right)],
                                 smallest=False)
        bound = [Piece(p.conditions, p.value.times(Ratio.of(algebra.constant(amount))))
                 for p in larger]
    else:
        bound = [Piece((), Ratio.of(algebra.constant(amount)))]
    return algebra.compare(gap, "<=", bound)


def _negated_conditions(
        alternatives: list[list[algebra.Condition]]) -> list[list[algebra.Condition]]:
    """not (A or B or ...), where each alternative is a list of conditions (a conjunction)."""
    result: list[list[algebra.Condition]] = [[]]
    for conjunction in alternatives:
        negations = [[algebra.Condition(c.ratio, algebra.negate(c.op))] for c in conjunction]
        result = [done + alt for done in result for alt in negations]
        algebra.check_size(len(result))
    return result


# --- messages ----------------------------------------------------------------------


def _detail(status: Status, strays: tuple[str, ...], alternatives: list[algebra.Conjunction],
            tree: expr.Node, evaluation: FileEvaluation, rule: Rule) -> str:
    if status is Status.OK:
        return ""
    if status is Status.TENSION:
        return _tension_detail(strays, evaluation)
    return _miss_detail(tree, evaluation, rule) or (
        "cannot hold for any values inside the claims' hard intervals")


def _tension_detail(strays: tuple[str, ...], evaluation: FileEvaluation) -> str:
    if not strays:
        return "holds only if several claims lie outside their readings"
    parts = []
    for cid in strays:
        quantity = evaluation.quantities[cid]
        parts.append(f"{cid} outside its reading "
                     f"{describe_quantity_interval(quantity, quantity.claim.reading)}")
    return "holds only with " + " or ".join(parts)


def describe_quantity_interval(quantity: Quantity, interval: Interval | None) -> str:
    if interval is None:
        return "(none)"
    unit = quantity.claim.unit or ""
    text = describe_interval(interval, quantity.claim.written.scale
                             if quantity.claim.written else None)
    return f"{text} {unit}".strip()


def _miss_detail(tree: expr.Node, evaluation: FileEvaluation, rule: Rule) -> str | None:
    """For a single comparison ``L op R``: how far the hard intervals are from holding."""
    if not (isinstance(tree, expr.Compare) and len(tree.ops) == 1) or rule.tolerance:
        return None
    left, right = (expression_pieces(o, evaluation, rule) for o in tree.operands)
    if len(left) != 1 or len(right) != 1:
        return None
    difference = left[0].value.minus(right[0].value)
    if algebra.as_constant(difference.den) != 1:
        return None
    values = poly_range(difference.num, claim_boxes(evaluation).hard)
    op = tree.ops[0]
    gap = _gap(op, values.lo, values.hi)
    if gap is None:
        return None
    return f"misses by {_format_in_unit(gap, tree, evaluation, rule)}"


def _gap(op: str, lo: Fraction | None, hi: Fraction | None) -> Fraction | None:
    """How far the difference of the sides misses ``op`` (None: unbounded)."""
    if op in ("<", "<=") and lo is not None and lo >= 0:
        return Fraction(lo)
    if op in (">", ">=") and hi is not None and hi <= 0:
        return Fraction(-hi)
    if op == "==" and lo is not None and lo > 0:
        return Fraction(lo)
    if op == "==" and hi is not None and hi < 0:
        return Fraction(-hi)
    return None


def _format_in_unit(amount: Fraction, tree: expr.Compare, evaluation: FileEvaluation,
                    rule: Rule) -> str:
    """``amount`` (base units) in the unit of the first claim that measures the same thing."""
    dimension = expression_dimension(tree.operands[0], evaluation, rule)
    if dimension == ANY:
        dimension = expression_dimension(tree.operands[1], evaluation, rule)
    if dimension == DATE:
        return f"{format_number(amount / SECONDS_PER_DAY)} days"
    for name in expr.names(tree):
        quantity = evaluation.quantities.get(name.id)
        if quantity is not None and quantity.dimension == dimension:
            return f"{format_number(amount / quantity.unit.factor)} {quantity.unit.text}".strip()
    if dimension == evaluation.units.unit("second").dimension:
        return f"{format_number(amount / SECONDS_PER_DAY)} days"
    return f"{format_number(amount)} {_describe(dimension, evaluation)}".replace(
        " dimensionless", "")


def substitute(check: str, claims_file: ClaimsFile) -> str:
    """The check with each claim id replaced by its value as written and its unit."""
    if "'" not in check and '"' not in check:  # no quoted quantity: one part
        return " ".join(_IDENTIFIER.sub(lambda m: _as_written(m.group(0), claims_file),
                                        check).split())
    parts = _QUOTED.split(check)
    for index in range(0, len(parts), 2):  # even parts are outside quotes
        parts[index] = _IDENTIFIER.sub(lambda m: _as_written(m.group(0), claims_file),
                                       parts[index])
    return " ".join("".join(parts).split())


def _as_written(name: str, claims_file: ClaimsFile) -> str:
    claim = claims_file.claims.get(name)
    if claim is None or claim.written is None:
        return name
    return f"{claim.written.text} {claim.unit or ''}".strip()
