"""``claimcheck explain``: everything about one claim or one rule, as facts to render.

For a claim: its value as written, its hard and reading intervals in its unit (and in
plain numbers when a scale word is used), its dimension, tolerance and who claims it;
its quote inside the sentence of the source with the number marked; every rule that
mentions it (directly or through a derived claim), with the numbers put in, the
status, the values this claim would have to take for that rule to hold (the other
claims staying inside their hard intervals, and inside their readings), how far it
misses, and hints; the derived claims built from it. For a derived claim: its
expression and what it is built from.

For a rule: its check and why, each claim in it, the evaluation as a tree of
sub-expressions with their intervals over the hard and the reading intervals, the
status, and for each claim the values it would need, the one claim that needs the
smallest relative change, and hints.

Only what touches the id is evaluated: the rules that name it (or a derived claim
built from it) and the claims those rules use, so that a file of 100,000 claims
costs one load and a few small evaluations.
"""

from __future__ import annotations

import datetime
import difflib
import inspect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from claimcheck.checks import CHECKS, Example
from claimcheck.claims import expr
from claimcheck.claims.load import Loaded, Outline, load_file
from claimcheck.errors import ClaimcheckError
from claimcheck.evaluate import engine
from claimcheck.evaluate.engine import DATE, DimensionMismatch, FileEvaluation, Quantity
from claimcheck.explain import implied
from claimcheck.explain.hints import Hint, hints
from claimcheck.fileio import DEFAULT_ACCESS, Access
from claimcheck.model import Claim, Interval, Rule, Severity, Status
from claimcheck.quantities.units import Dimension
from claimcheck.quantities.values import (
    DEFAULT_WIDTHS,
    SCALES,
    Widths,
    describe_interval,
    format_number,
)
from claimcheck.text.mentions import find_mentions, mention_matches
from claimcheck.text.textnorm import closest_passage, find_quote, sentence_around

SECONDS_PER_DAY = Fraction(engine.SECONDS_PER_DAY)


# --- the facts ---------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    """A set of values of one claim or expression, in its unit.

    ``intervals`` are in the unit's numbers with any scale word applied (``38.6
    billion`` tenge is 38,550,000,000 to 38,650,000,000) and in days for a date.
    ``text`` shows them with the scale word (``[38.55, 38.65] billion tenge``),
    ``plain`` without it (only when there is one), ``words`` as a phrase
    (``at most 2,900 weapon``).
    """

    intervals: tuple[Interval, ...]
    text: str
    words: str
    unit: str
    plain: str | None = None
    is_date: bool = False
    approximate: bool = False
    note: str = ""  # how the values were cut or found: "whole numbers of plane"


@dataclass(frozen=True)
class Miss:
    """How far a claim is from the values a rule needs, in its unit and in percent of
    its stated number. ``amount`` is ``None`` when no value of this claim alone makes
    the rule hold; 0 when it only has to move past an open bound."""

    amount: Fraction | None
    percent: Fraction | None
    text: str


@dataclass(frozen=True)
class QuoteContext:
    """A claim's quote inside its sentence of the source.

    ``quote_span`` and ``number_span`` are positions in ``sentence`` (white space in
    it is shown as plain spaces); ``problem`` says why there is no sentence to show.
    """

    quote: str
    source: str | None
    sentence: str = ""
    line: int | None = None
    quote_span: tuple[int, int] | None = None
    number_span: tuple[int, int] | None = None
    problem: str | None = None


@dataclass(frozen=True)
class RuleLink:
    """One rule that mentions a claim, seen from the claim.

    ``via`` names the derived claims that carry the claim into the rule, when the rule
    does not name it. ``needed_hard`` / ``needed_reading`` are the values the claim
    would have to take for the rule to hold, the other claims inside their hard
    intervals / readings (``None`` when the rule mixes dimensions).
    """

    id: str
    check: str
    display: str
    status: Status
    severity: Severity
    detail: str
    via: tuple[str, ...]
    needed_hard: Range | None
    needed_reading: Range | None
    miss: Miss | None
    hints: tuple[Hint, ...]


@dataclass(frozen=True)
class DerivedUse:
    """A derived claim built (directly or not) from the claim being explained."""

    id: str
    expression: str
    hard: Range | None
    reading: Range | None
    problem: str | None = None


@dataclass(frozen=True)
class ClaimExplanation:
    """Everything ``explain`` shows of one claim."""

    id: str
    file: str
    line: int
    derived: bool
    written: str | None
    unit: str | None
    dimension: str
    tolerance: str | None
    by: str | None
    note: str | None
    hard: Range | None
    reading: Range | None
    quote: QuoteContext | None
    expression: str | None
    built_from: tuple[str, ...]
    problem: str | None
    used_by: tuple[DerivedUse, ...]
    rules: tuple[RuleLink, ...]


@dataclass(frozen=True)
class ClaimInRule:
    """A claim as a rule uses it: its value and intervals."""

    id: str
    derived: bool
    written: str
    hard: Range | None
    reading: Range | None


@dataclass(frozen=True)
class Step:
    """One sub-expression of a rule and its values over the hard and reading intervals.

    ``kind`` is ``claim``, ``derived``, ``number``, ``quantity``, ``arithmetic``,
    ``comparison`` or ``logic``; ``status`` is set for comparisons and and/or/not.
    """

    text: str
    kind: str
    written: str | None
    hard: Range | None
    reading: Range | None
    status: Status | None
    note: str | None
    children: tuple[Step, ...]


@dataclass(frozen=True)
class ClaimNeed:
    """What one claim of a rule would need for the rule to hold (see ``implied``)."""

    claim: str
    derived: bool
    built_from: tuple[str, ...]
    needed: Range
    current: Range
    miss: Miss


@dataclass(frozen=True)
class RuleExplanation:
    """``needs`` are measured with the other claims inside their hard intervals for a
    ``fail`` and inside their readings otherwise; ``smallest`` is the one stated claim
    that needs the smallest relative change (a ``fail`` or ``tension`` only)."""

    id: str
    file: str
    line: int
    check: str
    why: str | None
    severity: Severity
    tolerance: str | None
    display: str
    status: Status
    detail: str
    mismatch: str | None
    claims: tuple[ClaimInRule, ...]
    evaluation: Step
    needs: tuple[ClaimNeed, ...]
    smallest: str | None
    hints: tuple[Hint, ...]


@dataclass(frozen=True)
class CheckExplanation:
    """A built-in check: its documentation (the module docstring) and its examples, each
    as the facts shown of it (``example_facts``)."""

    file: str
    id: str
    documentation: str
    examples: tuple[dict[str, str | bool], ...]


Explanation = ClaimExplanation | RuleExplanation | CheckExplanation


# --- entry point -------------------------------------------------------------------


def explain_file(path: str | Path, target: str, *, widths: Widths = DEFAULT_WIDTHS,
                 access: Access = DEFAULT_ACCESS) -> tuple[Explanation, ...]:
    """``explain`` on a claims file, building of its claims and rules only those that
    touch what it shows (``to_read``): a large file has many thousands it never needs.
    An id that is not in the file makes it read the whole file, so that the error and
    the ids it suggests are those of the whole file."""
    loaded = load_file(path, widths=widths, select=lambda outline: to_read(target, outline),
                       access=access)
    if not _names(loaded, target):
        loaded = load_file(path, widths=widths, access=access)
    return explain(loaded, target)


def _names(loaded: Loaded, target: str) -> bool:
    """Whether ``target`` is an id ``explain`` finds in ``loaded``."""
    check_id, colon, claim_id = target.partition(":")
    built_in = check_id in CHECKS and (not colon or claim_id in loaded.file.claims)
    return target in loaded.file.claims or target in loaded.file.rules or built_in


def to_read(target: str, outline: Outline) -> tuple[set[str], set[str]]:
    """The claims and rules ``explain`` of ``target`` reads, going by the names in the
    text of checks and derived expressions (a few more than it uses, never fewer):
    the claim shown (for ``quote:<claim>``, that claim) and the derived claims built
    from it; the rules that name one of them, and the rule ``target``; every claim
    those rules name; and the claims each derived claim among them is built from."""
    shown = target.partition(":")[2] or target
    uses = {cid: _IDENTIFIER.findall(text) for cid, text in outline.derived.items()}
    names = {shown, *_users(shown, uses)}
    rules = {rid for rid, check in outline.checks.items()
             if rid == target or not names.isdisjoint(_IDENTIFIER.findall(check))}
    named = names.union(*(_IDENTIFIER.findall(outline.checks[rid]) for rid in rules))
    claims = named & outline.units.keys()
    # and what the derived claims among them are built from
    built_from = _reachable(claims, lambda cid: [n for n in uses.get(cid, ())
                                                 if n in outline.units])
    return claims.union(built_from), rules


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def explain(loaded: Loaded, target: str) -> tuple[Explanation, ...]:
    """The claim and/or the rule with id ``target`` (a claim and a rule may share one).

    Raises ClaimcheckError, with the closest ids as a hint, when there is neither.
    """
    found: list[Explanation] = []
    if target in loaded.file.claims:
        found.append(explain_claim(loaded, target))
    if target in loaded.file.rules:
        found.append(explain_rule(loaded, target))
    if not found:
        found += _built_in_check(loaded, target)
    if not found:
        raise unknown_id(loaded, target)
    return tuple(found)


def _built_in_check(loaded: Loaded, target: str) -> list[Explanation]:
    """``quote`` or ``quote:<claim>`` (a result's rule id): the check, then the claim."""
    check_id, _, claim_id = target.partition(":")
    module = CHECKS.get(check_id)
    if module is None or (claim_id and claim_id not in loaded.file.claims):
        return []
    check = CheckExplanation(loaded.file.path, check_id, inspect.cleandoc(module.__doc__ or ""),
                             tuple(example_facts(example) for example in module.EXAMPLES))
    return [check, explain_claim(loaded, claim_id)] if claim_id else [check]


def example_facts(example: Example) -> dict[str, str | bool]:
    """What ``explain`` shows of a check's example: its name, its source, what it shows
    (for ``quote``: the value and the quote), whether the check passes, and why."""
    facts: dict[str, str | bool] = {"name": example.name}
    if example.source is not None:
        facts["source"] = example.source
    facts.update(example.shown)
    return {**facts, "passes": example.passes, "why": example.why}


def unknown_id(loaded: Loaded, target: str) -> ClaimcheckError:
    ids = [*loaded.file.claims, *loaded.file.rules, *CHECKS]
    close = difflib.get_close_matches(target, ids, n=3, cutoff=0.6)
    hint = ("did you mean: " + ", ".join(close)) if close else (
        "claim ids are the [claims.<id>] tables of the file, rule ids the [rules.<id>] tables")
    return ClaimcheckError(f"no claim or rule '{target}'", file=loaded.file.path, hint=hint)


# --- a claim -----------------------------------------------------------------------


def explain_claim(loaded: Loaded, cid: str) -> ClaimExplanation:
    users = derived_users(loaded, cid)
    rule_ids = rules_mentioning(loaded, {cid, *users})
    evaluation = engine.prepare(implied.focus(loaded, claim_ids=[cid, *users]))
    claim = loaded.file.claims[cid]
    units = file_units(loaded)
    hard, reading = _claim_ranges(evaluation, cid)
    return ClaimExplanation(
        id=cid, file=loaded.file.path, line=claim.line, derived=claim.derived is not None,
        written=claim.written.text if claim.written else None, unit=claim.unit,
        dimension=_dimension_name(evaluation, cid), tolerance=claim.tolerance,
        by=claim.by, note=claim.note, hard=hard, reading=reading,
        quote=quote_context(loaded, claim), expression=claim.derived,
        built_from=_built_from(loaded, cid), problem=evaluation.broken_derived.get(cid),
        used_by=tuple(_derived_use(evaluation, user) for user in users),
        rules=tuple(_rule_link(loaded, rid, cid, users, units) for rid in rule_ids),
    )


def derived_users(loaded: Loaded, cid: str) -> list[str]:
    """The derived claims built from ``cid``, directly or through other derived claims."""
    return _users(cid, {derived: [n.id for n in expr.names(tree)]
                        for derived, tree in loaded.derived.items()})


def _users(cid: str, uses: Mapping[str, Iterable[str]]) -> list[str]:
    """The claims built from ``cid``, directly or through others, in the order found,
    given the names each derived claim ``uses``."""
    used_in: dict[str, dict[str, None]] = {}
    for derived, names in uses.items():
        for name in names:
            used_in.setdefault(name, {})[derived] = None
    return _reachable([cid], lambda name: used_in.get(name, {}))


def _reachable(starts: Iterable[str], following: Callable[[str], Iterable[str]]) -> list[str]:
    """Every name reached from ``starts`` by ``following``, but the starts, in the order
    a depth-first walk finds them."""
    found: dict[str, None] = {}
    pending = list(starts)
    while pending:
        for name in following(pending.pop()):
            if name not in found:
                found[name] = None
                pending.append(name)
    return list(found)


def rules_mentioning(loaded: Loaded, names: set[str]) -> list[str]:
    """The rules whose check names one of ``names``, in file order."""
    return [rid for rid, tree in loaded.checks.items()
            if any(n.id in names for n in expr.names(tree))]


def _built_from(loaded: Loaded, cid: str) -> tuple[str, ...]:
    tree = loaded.derived.get(cid)
    return () if tree is None else tuple(dict.fromkeys(n.id for n in expr.names(tree)))


def _dimension_name(evaluation: FileEvaluation, cid: str) -> str:
    dimension = evaluation.dimensions.get(cid)
    if dimension is None:
        return "unknown"
    return "date" if dimension == DATE else evaluation.units.describe(dimension)


def _claim_ranges(evaluation: FileEvaluation, cid: str) -> tuple[Range | None, Range | None]:
    quantity = evaluation.quantities.get(cid)
    if quantity is not None:
        display = claim_display(quantity)
        return (to_range((quantity.hard,), display), to_range((quantity.reading,), display))
    if cid not in evaluation.derived_pieces:
        return None, None
    display = derived_display(evaluation, cid)
    pieces = evaluation.derived_pieces[cid]
    hard = implied.expression_range(pieces, engine.hard_box(evaluation))
    reading = implied.expression_range(pieces, engine.reading_box(evaluation))
    return (to_range(hard.intervals, display, hard.approximate),
            to_range(reading.intervals, display, reading.approximate))


def _derived_use(evaluation: FileEvaluation, cid: str) -> DerivedUse:
    claim = evaluation.file.claims[cid]
    hard, reading = _claim_ranges(evaluation, cid)
    return DerivedUse(cid, claim.derived or "", hard, reading,
                      evaluation.broken_derived.get(cid))


def _rule_link(loaded: Loaded, rid: str, cid: str, users: Sequence[str],
               units: Sequence[str]) -> RuleLink:
    rule = loaded.file.rules[rid]
    # Each rule on its own small evaluation: a claim in thousands of rules stays linear.
    evaluation = engine.prepare(implied.focus(loaded, [rid]))
    outcome = engine.evaluate_rule(evaluation, rule)
    named = {n.id for n in expr.names(loaded.checks[rid])}
    via = () if cid in named else tuple(u for u in users if u in named)
    needed_hard, needed_reading, miss = None, None, None
    if dimension_mismatch(evaluation, rule) is None:
        needed_hard, needed_reading, miss = _needed(evaluation, rule, cid, outcome.status)
    return RuleLink(rid, rule.check, outcome.display, outcome.status, rule.severity,
                    outcome.detail, via, needed_hard, needed_reading, miss,
                    _hints(loaded, rule, outcome.status, units))


def _needed(evaluation: FileEvaluation, rule: Rule, cid: str,
            status: Status) -> tuple[Range, Range, Miss | None]:
    """The values ``cid`` would need (others in hard, others in reading) and its miss."""
    display = _display_of(evaluation, cid)
    hard, reading = implied.implied_values(evaluation, rule, cid)
    miss = None
    if status is not Status.OK:
        is_fail = status is Status.FAIL
        miss = to_miss(implied.need(evaluation, cid, hard if is_fail else reading, is_fail),
                       display)
    return (to_range(hard.intervals, display, hard.approximate, hard.note, hard.unsigned),
            to_range(reading.intervals, display, reading.approximate, reading.note,
                     reading.unsigned), miss)


def _hints(loaded: Loaded, rule: Rule, status: Status,
           units: Sequence[str]) -> tuple[Hint, ...]:
    if status is not Status.FAIL:
        return ()
    return hints(implied.focus(loaded, [rule.id]), rule, status, units)


def file_units(loaded: Loaded) -> list[str]:
    """The unit strings of the file: every claim's unit, then the ``[units]`` names
    (the outline's, where only some claims were built)."""
    written = (loaded.outline.units.values() if loaded.outline is not None
               else (c.unit for c in loaded.file.claims.values()))
    found = dict.fromkeys(unit for unit in written if unit)
    return [unit for unit in {**found, **dict.fromkeys(loaded.file.units)} if unit]


def dimension_mismatch(evaluation: FileEvaluation, rule: Rule) -> str | None:
    try:
        engine.check_dimensions(evaluation.loaded.checks[rule.id], evaluation, rule)
    except DimensionMismatch as mismatch:
        return str(mismatch)
    return None


# --- the quote ---------------------------------------------------------------------


def quote_context(loaded: Loaded, claim: Claim) -> QuoteContext | None:
    if claim.quote is None:
        return None
    source_name = loaded.file.document.source
    if source_name is None:
        return QuoteContext(claim.quote, None, problem="the file names no source document")
    if loaded.source_text is None:  # load_file reads it (within the root) or refuses
        return QuoteContext(claim.quote, source_name, problem="the source was not read")
    return _in_source(claim, loaded.source_text, source_name)


def _in_source(claim: Claim, source: str, source_name: str) -> QuoteContext:
    assert claim.quote is not None
    span = find_quote(source, claim.quote)
    if span is None:
        passage = closest_passage(source, claim.quote)
        return QuoteContext(claim.quote, source_name,
                            problem=f'not found in the source; closest passage: "{passage}"')
    start, end = sentence_around(source, *span)
    sentence = "".join(" " if ch.isspace() else ch for ch in source[start:end])
    number = _number_span(claim, source, span)
    return QuoteContext(
        claim.quote, source_name, sentence, source.count("\n", 0, span[0]) + 1,
        (span[0] - start, span[1] - start),
        None if number is None else (number[0] - start, number[1] - start))


def _number_span(claim: Claim, source: str, span: tuple[int, int]) -> tuple[int, int] | None:
    if claim.written is None or claim.written.is_date:
        return None
    for mention in find_mentions(source[span[0]:span[1]]):
        if mention_matches(claim.written, mention):
            return span[0] + mention.start, span[0] + mention.end
    return None


# --- a rule ------------------------------------------------------------------------


def explain_rule(loaded: Loaded, rid: str) -> RuleExplanation:
    rule = loaded.file.rules[rid]
    focused = implied.focus(loaded, [rid])
    evaluation = engine.prepare(focused)
    outcome = engine.evaluate_rule(evaluation, rule)
    mismatch = dimension_mismatch(evaluation, rule)
    found = () if mismatch else implied.needs(evaluation, rule, outcome.status)
    smallest = implied.smallest_change(found) if outcome.status is not Status.OK else None
    tree = loaded.checks[rid]
    return RuleExplanation(
        id=rid, file=loaded.file.path, line=rule.line, check=rule.check, why=rule.why,
        severity=rule.severity, tolerance=rule.tolerance, display=outcome.display,
        status=outcome.status, detail=outcome.detail, mismatch=mismatch,
        claims=tuple(_claim_in_rule(evaluation, c) for c in implied.claims_of(
            focused, (n.id for n in expr.names(tree)))),
        evaluation=_Stepper(evaluation, rule).root(outcome.status),
        needs=tuple(_claim_need(evaluation, n) for n in found),
        smallest=smallest.claim if smallest else None,
        hints=_hints(loaded, rule, outcome.status, file_units(loaded)),
    )


def _claim_in_rule(evaluation: FileEvaluation, cid: str) -> ClaimInRule:
    claim = evaluation.file.claims[cid]
    hard, reading = _claim_ranges(evaluation, cid)
    if claim.written is not None:
        written = f"{claim.written.text} {claim.unit or ''}".strip()
    else:
        written = claim.derived or ""
    return ClaimInRule(cid, claim.derived is not None, written, hard, reading)


def _claim_need(evaluation: FileEvaluation, found: implied.Need) -> ClaimNeed:
    display = _display_of(evaluation, found.claim)
    tree = evaluation.loaded.derived.get(found.claim)
    built = () if tree is None else tuple(dict.fromkeys(n.id for n in expr.names(tree)))
    return ClaimNeed(found.claim, found.derived, built,
                     to_range(found.implied.intervals, display, found.implied.approximate,
                              found.implied.note, found.implied.unsigned),
                     to_range((found.current,), display), to_miss(found, display))


def to_miss(found: implied.Need, display: Display) -> Miss:
    if found.meets:
        return Miss(Fraction(0), Fraction(0), "holds already")
    if found.change is None:
        return Miss(None, None, "no value of this claim alone makes the rule hold")
    amount = found.change / display.factor
    percent = None if found.relative is None else found.relative * 100
    if amount == 0:
        return Miss(amount, percent, "only needs to move past an open bound")
    text = f"misses by {display.amount(amount)}"
    if percent is not None:
        text += f" ({format_percent(percent)})"
    return Miss(amount, percent, text)


def format_percent(percent: Fraction) -> str:
    """A percentage to at most 2 decimals, never rounded down to a plain 0."""
    rounded = round(percent, 2)
    if rounded == 0 and percent > 0:
        return "less than 0.01%"
    return format_number(Fraction(rounded)) + "%"


# --- the evaluation tree -----------------------------------------------------------


MAX_DERIVED_STEPS = 8  # derived claims opened inside one another in a rule's steps


class _Stepper:
    """Builds the ``Step`` tree of one rule over a focused evaluation."""

    def __init__(self, evaluation: FileEvaluation, rule: Rule) -> None:
        self.evaluation = evaluation
        self.rule = rule
        # Each derived claim's own steps are shown once, and only so many levels down:
        # claims that double (d2 = d1 + d1, ...) made a tree of 2^n steps, and a chain
        # of hundreds of derived claims one deeper than Python recurses.
        self.expanded: set[str] = set()
        self.derived_depth = 0
        self.hard = engine.hard_box(evaluation)
        self.reading = engine.reading_box(evaluation)
        self.rule_claims = list(implied.claims_of(
            evaluation.loaded, (n.id for n in expr.names(evaluation.loaded.checks[rule.id]))))

    def root(self, status: Status) -> Step:
        tree = self.evaluation.loaded.checks[self.rule.id]
        step = self.step(tree)
        return replace(step, text=self.rule.check, status=status)

    def step(self, node: expr.Node) -> Step:
        if isinstance(node, expr.Compare | expr.BoolOp | expr.Not):
            return self.boolean(node)
        if isinstance(node, expr.Name):
            return self.name(node.id)
        return self.arithmetic(node)

    def boolean(self, node: expr.Compare | expr.BoolOp | expr.Not) -> Step:
        children: Sequence[expr.Node]
        if isinstance(node, expr.Compare):
            children, kind = node.operands, "comparison"
        else:
            children = node.values if isinstance(node, expr.BoolOp) else (node.operand,)
            kind = "logic"
        return Step(to_text(node), kind, None, None, None, self.status_of(node), None,
                    tuple(self.step(child) for child in children))

    def status_of(self, node: expr.Node) -> Status:
        """The status of a part of the check, evaluated as a rule of its own."""
        text = to_text(node)
        loaded = replace(self.evaluation.loaded, checks={self.rule.id: node})
        part = replace(self.evaluation, loaded=loaded)
        return engine.evaluate_rule(part, replace(self.rule, check=text)).status

    def name(self, cid: str) -> Step:
        claim = self.evaluation.file.claims[cid]
        hard, reading = _claim_ranges(self.evaluation, cid)
        if claim.written is not None:
            written = f"{claim.written.text} {claim.unit or ''}".strip()
            return Step(cid, "claim", written, hard, reading, None, None, ())
        tree = self.evaluation.loaded.derived[cid]
        problem = self.evaluation.broken_derived.get(cid)
        if cid in self.expanded or self.derived_depth >= MAX_DERIVED_STEPS:
            note = problem or ("steps shown above" if cid in self.expanded else
                               f"explain {cid} for its steps")
            return Step(cid, "derived", claim.derived, hard, reading, None, note, ())
        self.expanded.add(cid)
        self.derived_depth += 1
        try:
            children = (self.step(tree),)
        finally:
            self.derived_depth -= 1
        return Step(cid, "derived", claim.derived, hard, reading, None, problem, children)

    def arithmetic(self, node: expr.Node) -> Step:
        kind = {expr.Num: "number", expr.Qty: "quantity"}.get(type(node), "arithmetic")
        children = tuple(self.step(child) for child in _operands(node))
        broken = [n.id for n in expr.names(node) if n.id in self.evaluation.broken_derived]
        if broken:
            return Step(to_text(node), kind, None, None, None, None,
                        f"derived claim '{broken[0]}' cannot be computed", children)
        note = None
        try:
            dimension = engine.expression_dimension(node, self.evaluation, self.rule)
            display = self.display_for(node, dimension)
        except DimensionMismatch as mismatch:
            # Shown anyway, as bare numbers: 234 case + 9 person is 243, which is the
            # coincidence that makes such a rule look right.
            note = f"{mismatch}; as bare numbers"
            display = Display(Fraction(1), "", None, False, False)
        pieces = engine.expression_pieces(node, self.evaluation, self.rule)
        hard, reading = (implied.expression_range(pieces, box) for box in (self.hard,
                                                                          self.reading))
        return Step(to_text(node), kind, None,
                    to_range(hard.intervals, display, hard.approximate),
                    to_range(reading.intervals, display, reading.approximate),
                    None, note, children)

    def display_for(self, node: expr.Node, dimension: Dimension) -> Display:
        if isinstance(node, expr.Qty):
            unit = self.evaluation.units.quantity(node.text)[1]
            return Display(unit.factor, unit.text, None, False, False)
        inside = implied.claims_of(self.evaluation.loaded, (n.id for n in expr.names(node)))
        return dimension_display(self.evaluation, dimension, [*inside, *self.rule_claims])


def _operands(node: expr.Node) -> tuple[expr.Node, ...]:
    match node:
        case expr.Neg(operand):
            return (operand,)
        case expr.BinOp(_, left, right):
            return left, right
        case expr.Call(_, args):
            return args
    return ()


# Precedence of each kind of node when written out: parentheses go around a part
# that binds more loosely than the place it is in.
_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "compare": 4, "+": 5, "-": 5, "*": 6, "/": 6,
               "neg": 7, "atom": 8}


def to_text(node: expr.Node) -> str:
    """An expression written out as a check would write it."""
    return _text(node)[0]


def _text(node: expr.Node) -> tuple[str, int]:
    match node:
        case expr.Num(value):
            return format_number(value).replace(",", ""), _PRECEDENCE["atom"]
        case expr.Qty(text):
            return f"'{text}'", _PRECEDENCE["atom"]
        case expr.Name(name):
            return name, _PRECEDENCE["atom"]
        case expr.Call(func, args):
            return f"{func}({', '.join(to_text(a) for a in args)})", _PRECEDENCE["atom"]
        case expr.Neg(operand):
            return "-" + _wrapped(operand, _PRECEDENCE["neg"]), _PRECEDENCE["neg"]
        case expr.Not(operand):
            return "not " + _wrapped(operand, _PRECEDENCE["not"]), _PRECEDENCE["not"]
        case expr.BinOp(op, left, right):
            level = _PRECEDENCE[op]
            # a - (b - c) and a / (b * c) need their parentheses; a + (b + c) does not
            right_level = level + 1 if op in "-/" else level
            return (f"{_wrapped(left, level)} {op} {_wrapped(right, right_level)}", level)
        case expr.Compare(ops, operands):
            level = _PRECEDENCE["compare"]
            parts = [_wrapped(operands[0], level + 1)]
            for op, operand in zip(ops, operands[1:], strict=True):
                parts += [op, _wrapped(operand, level + 1)]
            return " ".join(parts), level
        case expr.BoolOp(op, values):
            level = _PRECEDENCE[op]
            return f" {op} ".join(_wrapped(v, level + 1) for v in values), level
    raise AssertionError(f"unknown node {node!r}")


def _wrapped(node: expr.Node, needed: int) -> str:
    text, level = _text(node)
    return f"({text})" if level < needed else text


# --- showing numbers in a claim's unit ---------------------------------------------


@dataclass(frozen=True)
class Display:
    """How to show base-unit numbers: ``factor`` base units make one ``unit``; numbers
    are shown with the scale word ``scale`` (``38.6 billion``), as percentages, or as
    dates."""

    factor: Fraction
    unit: str
    scale: str | None
    percent: bool
    is_date: bool

    def amount(self, number: Fraction) -> str:
        """A difference in this unit (days for dates): ``30 building``, ``1.5 billion tenge``."""
        if self.is_date:
            return f"{format_number(number)} days"
        return _with_unit(self.number(number), self.unit)

    def number(self, number: Fraction) -> str:
        if self.is_date:
            return format_date(number)
        if self.percent:
            return format_number(number * 100) + "%"
        if self.scale:
            return f"{format_number(number / _scale_factor(self.scale))} {self.scale}"
        return format_number(number)


def _with_unit(text: str, unit: str) -> str:
    return f"{text} {unit}".strip()


def _scale_factor(scale: str) -> Fraction:
    return Fraction(10) ** SCALES[scale][1]


def claim_display(quantity: Quantity) -> Display:
    written = quantity.claim.written
    assert written is not None
    if written.is_date:
        return Display(SECONDS_PER_DAY, "", None, False, True)
    unit = quantity.claim.unit or ""
    if written.percent and unit.strip() in ("%", "percent"):
        unit = ""
    scale = SCALES[written.scale.lower()][0] if written.scale and \
        written.scale.lower() in SCALES else None
    return Display(quantity.unit.factor, unit, scale, written.percent, False)


def derived_display(evaluation: FileEvaluation, cid: str) -> Display:
    claim = evaluation.file.claims[cid]
    dimension = evaluation.dimensions.get(cid, ())
    if claim.unit:
        unit = evaluation.units.unit(claim.unit)
        if unit.dimension == dimension:
            return Display(unit.factor, claim.unit, None, False, False)
    return dimension_display(evaluation, dimension,
                             implied.claims_of(evaluation.loaded, [cid]))


def dimension_display(evaluation: FileEvaluation, dimension: Dimension,
                      claims: Iterable[str]) -> Display:
    """Show a dimension in the unit of the first of ``claims`` that has it; a time
    made from dates in days; else in base units."""
    if dimension == DATE:
        return Display(SECONDS_PER_DAY, "", None, False, True)
    names = list(claims)
    if dimension == _time(evaluation) and _has_dates(evaluation, names):
        return Display(SECONDS_PER_DAY, "days", None, False, False)
    for cid in names:
        quantity = evaluation.quantities.get(cid)
        if quantity is not None and quantity.dimension == dimension:
            return claim_display(quantity)
    if dimension == _time(evaluation):
        return Display(SECONDS_PER_DAY, "days", None, False, False)
    shown = "" if dimension in ((), engine.ANY) else evaluation.units.describe(dimension)
    return Display(Fraction(1), shown, None, False, False)


def _time(evaluation: FileEvaluation) -> Dimension:
    return evaluation.units.unit("second").dimension


def _has_dates(evaluation: FileEvaluation, names: Sequence[str]) -> bool:
    """Whether the first of ``names`` with a dimension is a date: a time made from dates
    (the difference of two) reads best in days."""
    first = next((evaluation.dimensions[n] for n in names if n in evaluation.dimensions), None)
    return first == DATE


def _display_of(evaluation: FileEvaluation, cid: str) -> Display:
    quantity = evaluation.quantities.get(cid)
    return claim_display(quantity) if quantity else derived_display(evaluation, cid)


def to_range(base: Sequence[Interval], display: Display, approximate: bool = False,
             note: str = "", unsigned: bool = False) -> Range:
    """Base-unit intervals shown in ``display``; ``unsigned``: a closed 0 is no bound
    in words (``at most 2,900``: the claim is never negative)."""
    values = tuple(implied.in_unit(iv, display.factor) for iv in base if not iv.is_empty())
    unit = "" if display.is_date else display.unit
    text = " or ".join(_interval_text(iv, display) for iv in values) or "no value"
    plain = None
    if display.scale and values:
        plain = " or ".join(_with_unit(describe_interval(iv), unit) for iv in values)
    words = " or ".join(_words(_from_zero(iv) if unsigned else iv, display)
                        for iv in values) or "no value"
    return Range(values, text, words, unit, plain, display.is_date, approximate, note)


def _from_zero(interval: Interval) -> Interval:
    if interval.lo == 0 and not interval.lo_open and interval.hi != 0:
        return Interval(None, interval.hi, True, interval.hi_open)
    return interval


def _interval_text(interval: Interval, display: Display) -> str:
    if display.is_date:
        return _date_interval(interval)
    text = describe_interval(interval, display.scale, percent=display.percent)
    return _with_unit(text, display.unit)


def _words(interval: Interval, display: Display) -> str:
    def shown(x: Fraction) -> str:
        return _with_unit(display.number(x), "" if display.is_date else display.unit)

    lo, hi = interval.lo, interval.hi
    if lo is None and hi is None:
        return "any value"
    if lo is None:
        assert hi is not None
        return ("less than " if interval.hi_open else "at most ") + shown(hi)
    if hi is None:
        return ("more than " if interval.lo_open else "at least ") + shown(lo)
    if lo == hi:
        return "exactly " + shown(lo)
    return "in " + _interval_text(interval, display)


def _date_interval(interval: Interval) -> str:
    lo = "-∞" if interval.lo is None else format_date(interval.lo)
    hi = "∞" if interval.hi is None else format_date(interval.hi)
    if interval.lo is not None and interval.lo == interval.hi:
        return f"[{lo}]"
    left = "(" if interval.lo is None or interval.lo_open else "["
    right = ")" if interval.hi is None or interval.hi_open else "]"
    return f"{left}{lo}, {hi}{right}"


def format_date(day: Fraction) -> str:
    """A day number (``date.toordinal``) as a date, with the time when not midnight."""
    whole = day.numerator // day.denominator
    try:
        date = datetime.date.fromordinal(whole)
    except (ValueError, OverflowError):
        return f"day {format_number(day)}"
    minutes = round((day - whole) * 24 * 60)
    if minutes == 0:
        return date.isoformat()
    moment = datetime.datetime.combine(date, datetime.time()) + datetime.timedelta(
        minutes=minutes)
    return moment.strftime("%Y-%m-%d %H:%M")
