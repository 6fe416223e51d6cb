"""``claimcheck explain``: rich panels and a tree for people, JSON for tools.

``render`` shows a claim as a panel of its facts, its quote inside its sentence with
the number marked, the derived claims built from it and every rule that mentions it;
a rule as a panel, its claims, the evaluation as a tree of sub-expressions and, when
it does not hold, what each claim would need and the hints. Without colour the
number in the quote is marked ``**243**`` so that it still stands out.

``to_json`` gives the same facts as one JSON object: ``{"version", "schema_version",
"file", "id", "claim", "rule", "check"}`` (``claim``, ``rule`` and ``check`` present
when the id names one), as ``docs/schema/explain.schema.json`` (its version is
``schema_version``) describes. Intervals are ``{"lo", "hi", "lo_open", "hi_open"}`` in
the claim's unit with any scale word applied (``null`` is unbounded; dates are ISO
strings), next to the same range as text.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from claimcheck import __version__
from claimcheck.explain.explanation import (
    CheckExplanation,
    ClaimExplanation,
    ClaimNeed,
    Explanation,
    QuoteContext,
    Range,
    RuleExplanation,
    RuleLink,
    Step,
    format_date,
)
from claimcheck.explain.hints import Hint
from claimcheck.model import Interval, Severity, Status
from claimcheck.quantities.values import format_number
from claimcheck.safe_text import json_safe, shown_all, shown_span

STATUS_LABELS = {Status.OK: "✔ ok", Status.TENSION: "~ tension", Status.FAIL: "✘ fail"}
STATUS_STYLES = {Status.OK: "green", Status.TENSION: "yellow", Status.FAIL: "bold red"}
KEY_STYLE = "bold cyan"


def render(explanations: Sequence[Explanation], *, markers: bool = False) -> RenderableType:
    """Everything ``explain`` found, for a console; ``markers`` marks the quoted number
    with ``**`` for output without colour."""
    parts: list[RenderableType] = []
    safe = shown_all(tuple(_spans_shown(e) for e in explanations))  # a file's text, made safe
    for explanation in safe:
        if isinstance(explanation, ClaimExplanation):
            parts += claim_parts(explanation, markers=markers)
        elif isinstance(explanation, CheckExplanation):
            parts += check_parts(explanation)
        else:
            parts += rule_parts(explanation)
    return Group(*parts)


def _spans_shown(explanation: Explanation) -> Explanation:
    """The quote's spans moved to where they lie once its sentence is ``shown``."""
    if not isinstance(explanation, ClaimExplanation) or explanation.quote is None:
        return explanation
    quote = explanation.quote

    def moved(span: tuple[int, int] | None) -> tuple[int, int] | None:
        return None if span is None else shown_span(quote.sentence, span)

    return dataclasses.replace(explanation, quote=dataclasses.replace(
        quote, quote_span=moved(quote.quote_span), number_span=moved(quote.number_span)))


def check_parts(found: CheckExplanation) -> list[RenderableType]:
    """A built-in check: its documentation as written, then its worked examples."""
    title = f"built-in check {found.id} · results {found.id}:<claim>"
    parts: list[RenderableType] = [Panel(Text(found.documentation.replace("``", "`")), title=title,
                                         title_align="left")]
    if found.examples:
        table = Table(expand=True)
        # The facts an example shows beside its name and why (quote: value, quote).
        shown = [key for key in found.examples[0] if key not in _NOT_COLUMNS]
        for column in ("", "example", *shown, "why"):
            table.add_column(column, overflow="fold")
        for example in found.examples:
            mark = status_text(Status.OK if example["passes"] else Status.FAIL)
            table.add_row(mark, str(example["name"]), *(str(example[key]) for key in shown),
                          str(example["why"]))
        parts.append(Panel(table, title="examples", title_align="left"))
    return parts


# The facts of a check's example that are not columns of its own in the table.
_NOT_COLUMNS = ("name", "source", "passes", "why")


def status_text(status: Status, severity: Severity | None = None) -> Text:
    label = STATUS_LABELS[status]
    if severity is Severity.WARNING and status is not Status.OK:
        label += " (warning)"
    return Text(label, style=STATUS_STYLES[status])


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=KEY_STYLE, no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _range_text(hard: Range | None, reading: Range | None) -> str:
    """One range when hard and reading agree, else both."""
    if hard is None or reading is None:
        return "unknown"
    if hard.text == reading.text:
        return _with_plain(hard)
    return f"hard {_with_plain(hard)} · reading {_with_plain(reading)}"


def _marks(values: Range) -> str:
    """`` (approximate)`` and the range's note, as the text shows them."""
    marks = ["approximate"] if values.approximate else []
    return "".join(f" ({mark})" for mark in [*marks, *filter(None, [values.note])])


def _with_plain(values: Range) -> str:
    text = values.text + _marks(values)
    return f"{text} = {values.plain}" if values.plain else text


# --- a claim -----------------------------------------------------------------------


def claim_parts(found: ClaimExplanation, *, markers: bool = False) -> list[RenderableType]:
    parts: list[RenderableType] = [_claim_panel(found)]
    if found.quote is not None:
        parts.append(_quote_panel(found.quote, markers=markers))
    if found.used_by:
        parts.append(_used_by_panel(found))
    parts.append(_rules_panel(found))
    return parts


def _claim_panel(found: ClaimExplanation) -> Panel:
    grid = _grid()
    if found.derived:
        grid.add_row("derived", found.expression or "")
        grid.add_row("built from", ", ".join(found.built_from))
        if found.unit:
            grid.add_row("unit", found.unit)
    else:
        grid.add_row("value", f"{found.written} {found.unit or ''}".strip())
    if found.problem:
        grid.add_row("problem", Text(found.problem, style="bold red"))
    for key, values in (("hard", found.hard), ("reading", found.reading)):
        if values is not None:
            grid.add_row(key, _with_plain(values))
    grid.add_row("dimension", found.dimension)
    for key, value in (("tolerance", found.tolerance), ("by", found.by), ("note", found.note)):
        if value:
            grid.add_row(key, " ".join(value.split()))
    title = f"claim {found.id} · {found.file}:{found.line}"
    return Panel(grid, title=Text(title), title_align="left")  # Text: a path is no markup


def _quote_panel(quote: QuoteContext, *, markers: bool) -> Panel:
    lines: list[RenderableType] = [Text(f'"{quote.quote}"')]
    if quote.problem:
        lines.append(Text(quote.problem, style="yellow"))
    else:
        lines.append(Text(""))
        lines.append(quote_sentence(quote, markers=markers))
    where = quote.source or "no source"
    if quote.line is not None:
        where += f":{quote.line}"
    return Panel(Group(*lines), title=Text(f"quote · {where}"), title_align="left")


def quote_sentence(quote: QuoteContext, *, markers: bool = False) -> Text:
    """The sentence with the quote underlined and its number in bold (or ``**``)."""
    sentence = quote.sentence
    number = quote.number_span
    if markers and number is not None:
        start, end = number
        sentence = f"{sentence[:start]}**{sentence[start:end]}**{sentence[end:]}"
    text = Text(sentence)
    shift = 4 if markers and number is not None else 0
    if quote.quote_span is not None:
        start, end = quote.quote_span
        moved_end = end + shift if number is not None and number[1] <= end else end
        text.stylize("underline", start, moved_end)
    if number is not None:
        text.stylize("bold yellow", number[0], number[1] + shift)
    return text


def _used_by_panel(found: ClaimExplanation) -> Panel:
    grid = _grid()
    for use in found.used_by:
        detail = use.problem or _range_text(use.hard, use.reading)
        grid.add_row(use.id, f"{use.expression}: {detail}")
    return Panel(grid, title=f"derived claims built from {found.id}", title_align="left")


def _rules_panel(found: ClaimExplanation) -> Panel:
    if not found.rules:
        body: RenderableType = Text("no rule mentions this claim", style="dim")
    else:
        blocks: list[RenderableType] = []
        for number, link in enumerate(found.rules):
            if number:
                blocks.append(Text(""))
            blocks.append(_rule_link(found.id, link))
        body = Group(*blocks)
    return Panel(body, title=f"rules that mention {found.id}", title_align="left")


def _rule_link(cid: str, link: RuleLink) -> RenderableType:
    head = status_text(link.status, link.severity)
    head.append(f"  {link.id}", style="bold")
    if link.via:
        head.append(f"  (through {', '.join(link.via)})", style="dim")
    grid = _grid()
    grid.add_row("check", link.check)
    grid.add_row("numbers", link.display)
    if link.detail:
        grid.add_row("why not", link.detail)
    _needed_rows(grid, cid, link)
    if link.miss is not None:
        grid.add_row("miss", link.miss.text)
    for hint in link.hints:
        grid.add_row("hint", hint_text(hint))
    return Group(head, Padding(grid, (0, 0, 0, 2)))


def _needed_rows(grid: Table, cid: str, link: RuleLink) -> None:
    hard, reading = link.needed_hard, link.needed_reading
    if hard is None or reading is None:
        grid.add_row("to hold", f"no value of {cid} helps: the rule mixes dimensions")
        return
    if hard.words == reading.words:
        grid.add_row("to hold", must_be(cid, hard))
        return
    grid.add_row("to hold", f"{must_be(cid, reading)}, the others inside their readings;")
    grid.add_row("", f"{_words(hard)}, the others anywhere inside their hard intervals")


def must_be(cid: str, values: Range) -> str:
    """``weapons_outstanding must be at most 2,900 weapon``, or may be anything."""
    if values.words == "any value":
        return f"{cid} may take any value"
    if not values.intervals:
        return f"no value of {cid} makes it hold"
    return f"{cid} must be {_words(values)}"


def _words(values: Range) -> str:
    return values.words + _marks(values)


def hint_text(hint: Hint) -> str:
    outcome = "would hold" if hint.status is Status.OK else "would hold, with a tension"
    return f"if {hint.claim} were {hint.value}, the rule {outcome} ({hint.kind}: {hint.why})"


# --- a rule ------------------------------------------------------------------------


def rule_parts(found: RuleExplanation) -> list[RenderableType]:
    parts: list[RenderableType] = [_rule_panel(found), _claims_panel(found),
                                   Panel(evaluation_tree(found.evaluation),
                                         title="evaluation", title_align="left")]
    if found.mismatch:
        see = " (see the hints)" if found.hints else ""
        parts.append(Panel(Text(f"no value of any one claim makes it hold: {found.mismatch}; "
                                f"the units have to change{see}"),
                           title="what it would take", title_align="left"))
    elif found.status is not Status.OK and found.needs:
        parts.append(_needs_panel(found))
    elif found.needs:
        parts.append(_margins_panel(found))
    if found.hints:
        grid = _grid()
        for hint in found.hints:
            grid.add_row("•", hint_text(hint))
        parts.append(Panel(grid, title="hints", title_align="left"))
    return parts


def _rule_panel(found: RuleExplanation) -> Panel:
    grid = _grid()
    grid.add_row("check", found.check)
    grid.add_row("numbers", found.display)
    if found.why:
        grid.add_row("why", " ".join(found.why.split()))
    grid.add_row("severity", found.severity.value)
    if found.tolerance:
        grid.add_row("tolerance", found.tolerance)
    status = status_text(found.status, found.severity)
    if found.detail:
        status.append(f": {found.detail}")
    grid.add_row("status", status)
    return Panel(grid, title=Text(f"rule {found.id} · {found.file}:{found.line}"),
                 title_align="left")


def _claims_panel(found: RuleExplanation) -> Panel:
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    for column in ("claim", "value", "hard", "reading"):
        table.add_column(column, style=KEY_STYLE if column == "claim" else None,
                         overflow="fold")
    for claim in found.claims:
        table.add_row(claim.id, claim.written, _text_of(claim.hard), _text_of(claim.reading))
    return Panel(table, title="claims", title_align="left")


def _text_of(values: Range | None) -> str:
    if values is None:
        return "unknown"
    return values.text + _marks(values)


def evaluation_tree(step: Step) -> Tree:
    tree = Tree(_step_label(step))
    _add_children(tree, step)
    return tree


def _add_children(tree: Tree, step: Step) -> None:
    for child in step.children:
        _add_children(tree.add(_step_label(child)), child)


def _step_label(step: Step) -> Text:
    if step.status is not None:
        label = status_text(step.status)
        label.append(f"  {step.text}")
        return label
    label = Text(step.text, style="bold" if step.kind in ("claim", "derived") else "")
    if step.written and step.kind == "claim":
        label.append(f" = {step.written}")
    if step.note:
        label.append(f": {step.note}", style="red")
    if step.kind != "number" and (step.hard or step.reading):
        label.append(f"{' ' if step.note else ': '}{_tree_ranges(step)}")
    return label


def _tree_ranges(step: Step) -> str:
    hard, reading = _text_of(step.hard), _text_of(step.reading)
    return hard if hard == reading else f"hard {hard} · reading {reading}"


def _needs_panel(found: RuleExplanation) -> Panel:
    others = "hard intervals" if found.status is Status.FAIL else "readings"
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    for column in ("claim", "now", "would need", "miss"):
        table.add_column(column, style=KEY_STYLE if column == "claim" else None,
                         overflow="fold")
    for need in found.needs:
        table.add_row(*_need_row(need))
    parts: list[RenderableType] = [table]
    smallest = next((n for n in found.needs if n.claim == found.smallest), None)
    if smallest is not None:
        parts += [Text(""), Text(f"smallest relative change: {smallest.claim}, "
                                 f"{smallest.miss.text}", style="bold")]
    return Panel(Group(*parts), title=f"what it would take (the other claims inside their "
                                      f"{others})", title_align="left")


def _margins_panel(found: RuleExplanation) -> Panel:
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    for column in ("claim", "now", "may be, and the rule still holds"):
        table.add_column(column, style=KEY_STYLE if column == "claim" else None,
                         overflow="fold")
    for need in found.needs:
        table.add_row(*_need_row(need)[:3])
    return Panel(table, title="how far each claim may move (the other claims inside their "
                              "readings)", title_align="left")


def _need_row(need: ClaimNeed) -> tuple[str, str, str, str]:
    name = need.claim
    if need.derived:
        name += f" (derived from {', '.join(need.built_from)})"
    return name, need.current.text, _words(need.needed), need.miss.text


# --- JSON --------------------------------------------------------------------------


SCHEMA_VERSION = 1  # of docs/schema/explain.schema.json


def to_json(explanations: Sequence[Explanation]) -> str:
    """The facts of ``explain`` as one JSON object (see the module docstring)."""
    document: dict[str, Any] = {"version": __version__, "schema_version": SCHEMA_VERSION}
    for explanation in explanations:
        document["file"] = explanation.file
        document["id"] = explanation.id
        kind = ("claim" if isinstance(explanation, ClaimExplanation) else
                "check" if isinstance(explanation, CheckExplanation) else "rule")
        document[kind] = _jsonable(explanation)
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Range):
        return _range_json(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Fraction):
        return _number(value)
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    return value


def _range_json(values: Range) -> dict[str, Any]:
    fields = {f.name: _jsonable(getattr(values, f.name)) for f in dataclasses.fields(values)
              if f.name != "intervals"}
    fields["intervals"] = [_interval_json(iv, values.is_date) for iv in values.intervals]
    return fields


def _interval_json(interval: Interval, is_date: bool) -> dict[str, Any]:
    def bound(x: Fraction | None) -> Any:
        if x is None:
            return None
        return format_date(x) if is_date else _number(x)

    return {"lo": bound(interval.lo), "hi": bound(interval.hi),
            "lo_open": interval.lo is None or interval.lo_open,
            "hi_open": interval.hi is None or interval.hi_open}


def _number(x: Fraction) -> int | float | str:
    if abs(x) >= _BEYOND_FLOAT:  # no float holds it, nor Python writes its digits
        return format_number(x).replace(",", "")  # "1.88168e+5988", as a string
    return x.numerator if x.denominator == 1 else float(x)


_BEYOND_FLOAT = Fraction(2) ** 1000
