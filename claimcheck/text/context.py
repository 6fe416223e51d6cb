"""Unit words that are not right after the number: read from the mention's context.

``find_mentions`` reads the counted noun after a number. Wire copy and tables often
put it elsewhere; this pass fills ``unit_word`` for the mentions that have none:

- a comparison or list carries the unit of the scaled amount it compares with:
  ``61.3 billion dlrs from 52.8 billion``, ``rose to 27 billion euros from 24.45
  billion`` (both ends scaled, one sentence, a comparison word between them);
- ``12 out of 23 government agencies``: the first number counts what the second does;
- a paragraph's currency carries to its later bare scaled amounts (``a surplus of 3.1
  billion`` after a sentence in dollars); a blank line ends the paragraph;
- the subject of a copula or of a verb of change: ``Deliveries in 2023 were
  1,204,000``, ``The number injured ... exceeds 900`` (people), ``payroll employment
  rose by 1.4 million`` (jobs: a collective noun names what its amounts count, scaled
  or not), ``the change in payroll employment for May was revised down by 12,000``
  (through ``the change in``); a subject may follow a comma, ``and`` or ``while``;
- a change's ends: ``revised down by 72,000 jobs, from 336,000 to 264,000``;
- a count in brackets: ``gains (542) than losses (513)``, ``60% (1,876) of counties``;
- a suspended hyphen: ``the 5- and 10-year totals`` (both in years);
- a table's heading (``FLOOD DEATHS BY PROVINCE`` above ``Sindh: 799``) or its column
  (``Province   Deaths   Injured`` above ``Sindh   799   1,210``).

Only scaled amounts carry a unit from a comparison or a paragraph: a bare integer in a
list (``120 homes, 45 schools and 12 in the hills``) is as often something else. A
paragraph's currency stops at a blank line: carried through a whole text, it gave
dollars to ``Utah's population crossed the 3.0 million mark`` in a list of releases,
and to two amounts the wire corpus leaves without a currency (tried and measured).
Percentages and fractions never take a unit. Each step looks only at the mention's
sentence or line and the one before it, so the pass is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from claimcheck.text.textnorm import line_span, sentence_around, word_set

if TYPE_CHECKING:
    from claimcheck.text.mentions import Mention

_CURRENCY_CODE = re.compile(r"[A-Z]{3}")
_COMPARISON = re.compile(
    r"\A[\s,]*(?:[a-z]+\s+){0,3}?(?:from|against|compared\s+with|compared\s+to|versus|vs\.?"
    r"|to|and|or|while|with)\s+(?:about\s+|a\s+|an\s+)?\Z|\A\s*,\s*\Z",
    re.IGNORECASE)
_OUT_OF = re.compile(r"\A\s+(?:out\s+of|of)\s+\Z", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SUBJECT = re.compile(
    r"(?:\A|[.;:,]\s+|,?\s+(?:and|while|but)\s+)\s*(?:the\s+)?(?:(?:U\.S\.|[a-z]+)\s+){0,3}?"
    r"(?P<number>number\s+(?:of\s+)?)?(?P<noun>[A-Za-z]+)"
    r"(?:\s+(?:in|of|for|at|on|during|from|since)\b(?P<of_what>[^,;:.]{0,60}?))?"
    r"\s+(?P<verb>(?:were|was|are|is|reached|totall?ed|numbered|stood\s+at|came\s+to"
    r"|will\s+be|would\s+be|has\s+been|had\s+been)\s+)?\Z",
    re.IGNORECASE)
# A verb of change before the number: reduced to a copula for ``_SUBJECT``.
_VERB_BEFORE = re.compile(
    r"\s+(?:rose|rises|fell|falls|increased|increases|decreased|decreases|grew|grows"
    r"|declined|declines|dropped|climbed|jumped|edged\s+(?:up|down)|chang(?:ed|es)\s+little"
    r"|(?:was|were)\s+revised\s+(?:up|down))"
    r"(?:\s+by)?\s*\(?\s*\Z", re.IGNORECASE)
_SUSPENDED = re.compile(r"\A-\s+(?:and|or|to)\s+\Z", re.IGNORECASE)
_CHANGE_ENDS = re.compile(r"\A(?:\s+[A-Za-z]+)?,?\s+(?:from|to)\s+\Z", re.IGNORECASE)
_OF_NOUNS_AFTER = re.compile(
    r"\s+of\s+(?:the\s+)?(?:(?:[A-Z][\w.]*|[a-z]+-[a-z]+)\s+)?(?P<noun>[a-z]{3,}s)\b")
_NOUN_BEFORE = re.compile(r"(?P<noun>[A-Za-z]+)\s*\Z")
# Nouns whose amounts count something else: "payroll employment rose by 1.4 million".
_COLLECTIVE = {"employment": "jobs", "payroll": "jobs", "payrolls": "jobs",
               "population": "people", "enrollment": "students", "enrolment": "students",
               "workforce": "workers", "membership": "members", "attendance": "people",
               "turnout": "voters",
               **dict.fromkeys(word_set(
                   "injured killed dead wounded missing displaced evacuated arrested detained"
                   " hurt affected homeless"), "people")}
# Nouns that name a figure of something: "the change in payroll employment was".
_TRANSPARENT = word_set("change changes number total level count rise fall increase decrease")
_PEOPLE_WORDS = word_set(
    "injured killed dead wounded missing displaced evacuated arrested detained hurt"
    " affected homeless")
_ROW_LABEL = re.compile(r"\s*(?:\d+[.)]\s+)?[A-Z][\w .'()-]*?(?::\s*|\s{2,}|\s+)")
_COLUMNS = re.compile(r"\S+(?:\s\S+)*")


def fill_units(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """``mentions`` with unit words filled from their context where they had none."""
    return list(filled_units(text, mentions))


def filled_units(text: str, mentions: Iterable[Mention]) -> Iterator[Mention]:
    """``fill_units`` one mention at a time: each needs only the one before and after."""
    previous: Mention | None = None
    currency: str | None = None
    tables = _Tables(text)
    for mention, following in _with_next(mentions):
        if previous is not None and _BLANK_LINE.search(text, previous.end, mention.start):
            currency = None
        if mention.unit_word is None and not _is_share(mention):
            unit = (_unit_from_neighbours(text, mention, previous, following)
                    or _unit_of_subject(text, mention)
                    or _unit_in_brackets(text, mention)
                    or tables.unit(mention)
                    or (currency if mention.written.scale else None))
            mention = replace(mention, unit_word=unit) if unit else mention
        if mention.unit_word and _CURRENCY_CODE.fullmatch(mention.unit_word):
            currency = mention.unit_word
        yield mention
        previous = mention


def _with_next(items: Iterable[Mention]) -> Iterator[tuple[Mention, Mention | None]]:
    """Each item with the one after it (``None`` after the last)."""
    iterator = iter(items)
    current = next(iterator, None)
    while current is not None:
        following = next(iterator, None)
        yield current, following
        current = following


def _is_share(mention: Mention) -> bool:
    written = mention.written
    return written.percent or written.exact or written.is_date


def _unit_from_neighbours(text: str, mention: Mention, previous: Mention | None,
                          following: Mention | None) -> str | None:
    if following is not None and following.unit_word and _OUT_OF.match(
            text[mention.end : following.start]):
        return following.unit_word  # "12 out of 23 agencies"
    if following is not None and following.unit_word and _SUSPENDED.match(
            text[mention.end : following.start]):
        return following.unit_word  # "the 5- and 10-year totals"
    if previous is None or not previous.unit_word or mention.start - previous.end > 60:
        return None
    between = text[previous.end : mention.start]
    if _CHANGE_ENDS.match(between) and not _is_share(previous):
        return previous.unit_word  # "revised down by 72,000 jobs, from 336,000 to 264,000"
    if not (mention.written.scale and previous.written.scale):
        return None
    return previous.unit_word if _COMPARISON.match(between) else None


def _unit_of_subject(text: str, mention: Mention) -> str | None:
    """``Deliveries in 2023 were 1,204,000``, ``payroll employment rose by 1.4 million``
    (jobs): the noun of the clause's subject, before a copula or a verb of change.
    A scaled amount takes only a collective noun's unit (``Sales were 4.5 billion`` is
    money, not sales)."""
    start, _ = sentence_around(text, mention.start, mention.end)
    before = text[max(start, mention.start - 120) : mention.start]
    verb = _VERB_BEFORE.search(before)
    exceeds = mention.written.qualifier == "more_than"
    found = _SUBJECT.search(before[: verb.start()] + " is " if verb else before)
    if found is None or not (found.group("verb") or exceeds):
        return None
    noun = _head_noun(found)
    if noun in _COLLECTIVE:
        return _COLLECTIVE[noun]
    if mention.written.scale:
        return None
    if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3 and (
            found.group("number") or found.group("verb")):
        return noun
    return None


def _head_noun(found: re.Match[str]) -> str:
    """The subject's noun; through ``the change in``/``the total of`` to what changed."""
    noun: str = found.group("noun").lower()
    of_what: str | None = found.group("of_what")
    if noun in _TRANSPARENT and of_what:
        words: list[str] = re.findall(r"[A-Za-z]+", of_what.split(" for ")[0])
        if words:
            return words[-1].lower()
    return noun


def _unit_in_brackets(text: str, mention: Mention) -> str | None:
    """``population gains (542) than losses (513)``, ``60% (1,876) of U.S. counties``:
    a bare count in brackets counts the plural noun before the bracket, or after it."""
    if text[mention.start - 1 : mention.start] != "(" or text[mention.end : mention.end + 1] != ")":
        return None
    after = _OF_NOUNS_AFTER.match(text, mention.end + 1)
    if after:
        return after.group("noun").lower()
    before = _NOUN_BEFORE.search(text, max(0, mention.start - 40), mention.start - 1)
    if before and _is_plural(before.group("noun")):
        return before.group("noun").lower()
    return None


def _is_plural(word: str) -> bool:
    lower = word.lower()
    return len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is"))


class _Tables:
    """Headings and columns of the plain-text tables of one text, read line by line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._headings: dict[int, str | None] = {}

    def unit(self, mention: Mention) -> str | None:
        line_start, line_end = line_span(self.text, mention.start)
        line = self.text[line_start:line_end]
        if not _is_row(line):
            return None
        return self._unit_in(line_start, mention.start - line_start)

    def _unit_in(self, line_start: int, column: int) -> str | None:
        heading = self._heading_above(line_start)
        if heading is None:
            return None
        columns = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+(?: \S+)*",
                                                                           heading)]
        if len(columns) >= 3 and re.search(r"\S {2,}\S", heading):
            return _column_unit(columns, column)
        return _first_plural(heading)

    def _heading_above(self, line_start: int) -> str | None:
        """The nearest line above the table's rows (other rows skipped), or ``None``."""
        if line_start in self._headings:
            return self._headings[line_start]
        if line_start == 0:
            return None
        above_start, above_end = line_span(self.text, line_start - 1)
        above = self.text[above_start:above_end]
        if not above.strip():
            heading = None
        elif _is_row(above):
            heading = self._heading_above(above_start) if above_start else None
        else:
            heading = above if _looks_like_heading(above) else None
        self._headings[line_start] = heading
        return heading


def _is_row(line: str) -> bool:
    """``Sindh: 799``, ``1. Sindh   799``, ``Sindh     799     1,210``: a label, then
    only numbers."""
    label = _ROW_LABEL.match(line)
    if label is None or len(line) > 100:
        return False
    rest = line[label.end() :].strip()
    return bool(rest) and re.fullmatch(r"[\d,.%\s-]+", rest) is not None


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    letters = [c for c in stripped if c.isalpha()]
    return bool(letters) and (stripped.endswith(":") or stripped.isupper()
                              or re.search(r"\S {2,}\S", stripped) is not None)


def _column_unit(columns: list[tuple[int, int, str]], at: int) -> str | None:
    """The heading of the column whose span is nearest the number at ``at``."""
    candidates = columns[1:]  # the first column names the rows
    best = min(candidates, key=lambda c: min(abs(at - c[0]), abs(at - c[1])))
    name: str = best[2]
    return _first_plural(name) or name.split()[0].lower()


def _first_plural(heading: str) -> str | None:
    for found in re.finditer(r"[A-Za-z]+", heading):
        word = found.group()
        lower = word.lower()
        if lower in _PEOPLE_WORDS:
            return lower
        if len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us")):
            return lower
    return None
