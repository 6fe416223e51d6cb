"""Drafting a claims file from a plain-text document (``claimcheck extract``).

``draft`` writes one claim for each numeric mention of the text (see
``claimcheck.text.mentions`` for what counts as one):

- ``value``: the mention as written with its qualifier and scale (``"more than 2,800"``,
  ``"38.6 billion"``, ``"4.2bn"`` for ``$4.2bn``), always a string in the value grammar;
- ``unit``: the ISO code of a currency (``$`` -> ``USD``, ``tenge`` -> ``KZT``), a unit
  glued to the number or abbreviated (``km``), or the counted noun after the number in
  the singular (``weapons`` -> ``weapon``); omitted when there is none (percentages,
  ``19 are citizens``);
- ``quote``: the clause around the number, verbatim (the sentence cut at ``,``, ``;``,
  ``:``, dashes and brackets, and never shorter than four words when the sentence is
  longer); it always passes the ``quote`` check;
- ``by``: the speaker, when the sentence names one (``Asylov said``, ``according to the
  Prosecutor General``, ``Marat Akhmetzhanov, who informed that``); a pronoun (``he
  said``) is not resolved;
- an id that names what the number counts: the counted noun and the word after it
  (``weapons_stolen``); for money, shares and bare numbers the nearest noun before it
  with the clause's year or the word before (``deficit_1985``, ``net_loss``), never the
  ``a year``/``each`` after it; never starting with a digit; made unique with ``_2``.

``[document]`` gets the source path, the title (given, or the first line of the text
when it looks like a headline) and the first date of the text's opening (a dateline).
The draft is a starting point: every claim should be reviewed, and rules added.

``update`` appends claims for the mentions that no existing quote covers, after the
existing text, which it leaves byte for byte as it was. The quotes of ``[extract]
ignore`` (claimcheck's extension, README) cover mentions too: a draft writes the table
empty, and a user who deletes a claim moves its quote there to keep it out.

Speed: a 1 MB text drafts in under 2 s (``bench/text.py``): sentences and lines are
indexed once per text, each quote is checked against its own sentence, and the claims
are written as text, not through tomlkit's item tree.
"""

from __future__ import annotations

import bisect
import datetime
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import tomlkit
from tomlkit.items import Table

from claimcheck.errors import LoadError
from claimcheck.quantities.units import singular
from claimcheck.quantities.values import number_words
from claimcheck.text.coverage import Covering, quote_spans
from claimcheck.text.mentions import Mention, find_mentions, mention_matches
from claimcheck.text.textnorm import page_and_line, sentence_around, word_set

__all__ = ["DraftClaim", "draft", "draft_claims", "ignored_quotes", "update"]

_HEADER = """\
Claims drafted by `claimcheck extract`, one claim per numeric mention of
{source}
A draft: check each unit, id and `by`; delete the claims that do not matter; add
[rules] that relate the ones that do; run `claimcheck verify` on the result."""
_IGNORE_HELP = """\
[extract] is claimcheck's own table: `extract --update` never drafts again a number
that a quote of `ignore` covers. When you delete a claim you do not want back, move
its quote here: --update only appends, so it cannot note the deletion itself."""
_UPDATE_HEADER = """\
Claims added by `claimcheck extract --update`: numeric mentions of the source that no
quote above covered. Review them like the rest."""


@dataclass(frozen=True, slots=True)
class DraftClaim:
    """One drafted claim: its id, its keys, and the source line it comes from."""

    id: str
    value: str
    unit: str | None
    quote: str
    by: str | None
    line: int
    page: int | None = None  # of a paged source (a PDF's text); ``line`` is then within it

    def toml(self) -> str:
        """The claim as a ``[claims.<id>]`` table, written directly: tomlkit built and
        rendered each table as a tree of items, 4 of the 5 seconds of a 1 MB draft."""
        where = f"line {self.line}" if self.page is None else f"page {self.page}, line {self.line}"
        lines = [f"[claims.{self.id}] # source {where}",
                 f"value = {toml_string(self.value)}"]
        if self.unit:
            lines.append(f"unit = {toml_string(self.unit)}")
        lines.append(f"quote = {toml_string(self.quote)}")
        if self.by:
            lines.append(f"by = {toml_string(self.by)}")
        return "\n".join(lines) + "\n"


_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n",
                 "\f": "\\f", "\r": "\\r"}
_TOML_ESCAPED = re.compile('[\\\\"\x00-\x1f\x7f]')


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string, escaped as tomlkit escapes it."""
    return '"' + _TOML_ESCAPED.sub(_toml_escape, text) + '"'


def _toml_escape(found: re.Match[str]) -> str:
    char = found.group()
    return _TOML_ESCAPES.get(char) or f"\\u{ord(char):04x}"


# ----------------------------------------------------------------------- entry points


def draft(source_text: str, *, source_path: str, title: str | None = None) -> str:
    """A claims file (TOML, with comments) drafted from ``source_text``.

    ``source_path`` is written as ``[document].source``: give it relative to where the
    claims file will be. ``title`` defaults to the text's first line if it looks like a
    headline.
    """
    document = tomlkit.document()
    for line in _HEADER.format(source=source_path).splitlines():
        document.add(tomlkit.comment(line))
    document.add(tomlkit.nl())
    document["document"] = _document_table(source_text, source_path, title)
    document.add(tomlkit.nl())
    for line in _IGNORE_HELP.splitlines():
        document.add(tomlkit.comment(line))
    document["extract"] = _extract_table()
    mentions = find_mentions(source_text)
    # One join of every piece: concatenating the head to the joined claims made a third
    # copy of a draft that is about twice the size of its text. Each claim is rendered
    # as it is drafted, so the drafted claims are not all held beside their TOML.
    pieces = [tomlkit.dumps(document)]
    for claim in _drafted(source_text, mentions, set(), mentions):
        pieces += ("\n", claim.toml())
    return "".join(pieces)


def update(existing_toml_text: str, source_text: str) -> str:
    """``existing_toml_text`` with claims appended for the mentions no quote covers.

    Every byte of ``existing_toml_text`` stays as it was; the result starts with it.
    Raises ``LoadError`` if the existing text is not TOML, or if its ``claims`` are
    written in a way that new ``[claims.<id>]`` tables cannot extend.
    """
    data = _parse(existing_toml_text, "the existing claims file")
    existing_claims = _claim_tables(data)
    quotes = [c["quote"] for c in existing_claims.values() if isinstance(c.get("quote"), str)]
    quotes += ignored_quotes(data)
    covering = Covering(quote_spans(quotes, source_text))
    fresh = [m for m in find_mentions(source_text) if not covering.covers(m)]
    claims = draft_claims(source_text, fresh, taken=existing_claims)
    if not claims:
        return existing_toml_text
    addition = _render_addition(claims)
    joint = "" if existing_toml_text.endswith("\n") or not existing_toml_text else "\n"
    result = existing_toml_text + joint + "\n" + addition
    _parse(result, "the updated claims file")
    return result


def ignored_quotes(data: dict[str, Any]) -> list[str]:
    """The quotes of ``[extract] ignore``: numbers the user does not want drafted again.
    ``update`` treats them as covered, like the quotes of the claims."""
    table = data.get("extract", {})
    ignore = table.get("ignore", []) if isinstance(table, dict) else []
    return [quote for quote in ignore if isinstance(quote, str)] if isinstance(
        ignore, list) else []


def draft_claims(source_text: str, mentions: Sequence[Mention], *,
                 taken: Iterable[str], every: Sequence[Mention] | None = None,
                 ) -> list[DraftClaim]:
    """A drafted claim for each of ``mentions`` (mentions of ``source_text``), with ids
    unique among themselves and not in ``taken``. ``every`` is all the mentions of the
    text, when the caller has them (else they are found again)."""
    every = find_mentions(source_text) if every is None else every
    return list(_drafted(source_text, mentions, set(taken), every))


def _drafted(source_text: str, mentions: Sequence[Mention], used: set[str],
             every: Sequence[Mention]) -> Iterator[DraftClaim]:
    """``draft_claims`` one claim at a time; ``used`` grows with the ids drafted."""
    boundaries = _Neighbours(every)
    counters: dict[str, int] = {}
    for mention in mentions:
        claim = _draft_one(source_text, mention, used, boundaries, counters)
        used.add(claim.id)
        yield claim


# -------------------------------------------------------------------- TOML output


def _document_table(source_text: str, source_path: str, title: str | None) -> Table:
    table = tomlkit.table()
    title = title or _headline(source_text)
    if title:
        table["title"] = title
    date = _dateline(source_text)
    if date:
        table["date"] = date
    table["source"] = source_path
    return table


def _extract_table() -> Table:
    table = tomlkit.table()
    table["ignore"] = tomlkit.array()
    return table


def _claims_text(claims: Sequence[DraftClaim]) -> str:
    return "\n".join(claim.toml() for claim in claims)


def _render_addition(claims: Sequence[DraftClaim]) -> str:
    header = "".join(f"# {line}\n" for line in _UPDATE_HEADER.splitlines())
    return header + "\n" + _claims_text(claims)


def _parse(text: str, what: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as bad:
        raise LoadError(f"{what} is not valid TOML: {bad}",
                        hint="fix the TOML syntax, then run extract --update again") from None


def _claim_tables(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    claims = data.get("claims", {})
    if not isinstance(claims, dict):
        raise LoadError("`claims` is not a table", hint="write each claim as [claims.<id>]")
    return {cid: raw for cid, raw in claims.items() if isinstance(raw, dict)}


_DATELINE = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?P<month>[A-Z][a-z]+)\s+(?P<year>\d{4})\b"
    r"|\b(?P<month2>[A-Z][a-z]+)\s+(?P<day2>\d{1,2}),\s+(?P<year2>\d{4})\b"
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTHS, start=1)}


def _headline(source_text: str) -> str | None:
    first = next((line.strip() for line in source_text.splitlines() if line.strip()), "")
    looks_like_headline = 0 < len(first) <= 200 and not first.endswith((".", "!", "?"))
    return first if looks_like_headline else None


def _dateline(source_text: str) -> datetime.date | None:
    """The first full date in the opening of the text (a dateline), if there is one."""
    found = _DATELINE.search(source_text[:600])
    if found is None:
        return None
    day = found.group("day") or found.group("day2")
    month = _MONTH_NUMBERS.get(found.group("month") or found.group("month2") or "")
    year = found.group("year") or found.group("year2")
    try:
        return datetime.date(int(year), month, int(day)) if month else None
    except ValueError:
        return None


# ------------------------------------------------------------------- one claim


class _Neighbours:
    """The mentions of a text in order, to find the ones next to a span by bisection."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.starts = [m.start for m in mentions]
        self.ends = [m.end for m in mentions]

    def next_start(self, at: int, default: int) -> int:
        """The start of the first mention that starts at or after ``at``."""
        index = bisect.bisect_left(self.starts, at)
        return self.starts[index] if index < len(self.starts) else default

    def previous_end(self, at: int, default: int) -> int:
        """The end of the last mention that ends at or before ``at``."""
        index = bisect.bisect_right(self.ends, at) - 1
        return self.ends[index] if index >= 0 else default


_NO_NEIGHBOURS = _Neighbours(())


def _draft_one(source_text: str, mention: Mention, used: set[str],
               others: _Neighbours, counters: dict[str, int]) -> DraftClaim:
    sentence = sentence_around(source_text, mention.start, mention.end)
    narrow = _clause(source_text, sentence, mention, min_words=1)
    clause = _clause(source_text, sentence, mention, min_words=_MIN_QUOTE_WORDS)
    quote = _grounded_quote(source_text, mention, clause, sentence)
    page, line = page_and_line(source_text, mention.start)
    words = (_id_words(source_text, mention, narrow, others)
             or _id_words(source_text, mention, clause, others)
             or _id_words(source_text, mention, clause, _NO_NEIGHBOURS))
    return DraftClaim(
        id=_unique_id(words, used, counters),
        value=mention.written.text,
        unit=unit_for(mention.unit_word),
        quote=quote,
        by=speaker(source_text[sentence[0] : sentence[1]]),
        line=line,
        page=page,
    )


def _grounded_quote(source_text: str, mention: Mention, clause: tuple[int, int],
                    sentence: tuple[int, int]) -> str:
    """The clause as the quote, or the sentence if the clause alone reads differently.

    A passage cut from the text is always found there, so only the quote check's second
    step is run: a mention of the passage alone must state the value. (Running the whole
    quote check searched the whole text for each mention: long drafts were slow.)"""
    for start, end in (clause, sentence):
        stated = find_mentions(source_text[start:end])
        if any(mention_matches(mention.written, other) for other in stated):
            return _quote_text(source_text[start:end])
    return _quote_text(source_text[sentence[0] : sentence[1]])


def _quote_text(passage: str) -> str:
    """A passage as a one-line quote: white space collapsed, the final stop (and a
    closing quotation mark after it) dropped."""
    return " ".join(passage.split()).rstrip(".!?;:, \"'\u201d\u2019")


# A clause ends at , ; : a spaced dash or a bracket. A comma inside a number (2,800)
# has no space after it, so it never cuts.
_CLAUSE_BREAK = re.compile(r"[,;:][\"\u201d\u2019']?(?=\s)|\s[-\u2013\u2014]\s|[()]")
_MIN_QUOTE_WORDS = 4


def _clause(source_text: str, sentence: tuple[int, int], mention: Mention, *,
            min_words: int) -> tuple[int, int]:
    """The clause of ``sentence`` around ``mention``, widened to ``min_words`` words."""
    breaks = [(m.start(), m.end()) for m in
              _CLAUSE_BREAK.finditer(source_text, sentence[0], sentence[1])]
    before = [end for start, end in breaks if end <= mention.start]
    after = [start for start, end in breaks if start >= mention.end]
    starts, ends = [sentence[0], *before], [*after, sentence[1]]
    start_index, end_index = len(starts) - 1, 0
    while _word_count(source_text, starts[start_index], ends[end_index]) < min_words:
        if end_index + 1 < len(ends):
            end_index += 1
        elif start_index > 0:
            start_index -= 1
        else:
            break
    return _strip_span(source_text, starts[start_index], ends[end_index])


def _word_count(source_text: str, start: int, end: int) -> int:
    return len(source_text[start:end].split())


def _strip_span(source_text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and source_text[start] in " \t\r\n\"\u201c\u2018'":
        start += 1
    while end > start and source_text[end - 1].isspace():
        end -= 1
    return start, end


# ------------------------------------------------------------------------ units


def unit_for(unit_word: str | None) -> str | None:
    """The ``unit`` to draft for a mention's unit word: an ISO code or a unit abbreviation
    as written, a noun in the singular; ``None`` for anything that is not one plain word."""
    if unit_word is None or not re.fullmatch(r"[A-Za-z]+", unit_word):
        return None
    if unit_word.isupper() or len(unit_word) <= 3:
        return unit_word  # USD, KZT, km, m
    return singular(unit_word.lower())


# ---------------------------------------------------------------------- speakers


_REPORTING = (
    r"said|says|say|noted|notes|informed|informs|stated|states|explained|explains|added|"
    r"adds|told|tells|stressed|emphasi[sz]ed|acknowledged|reminded|notified|clarified|"
    r"reported|reports|announced|announces|claimed|claims|warned|warns|estimated|"
    r"confirmed|confirms|assured|suggested|urged"
)
_NAME_WORD = r"[A-Z][\w\u2019'.-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:of|for|the|and|de|van|von|al)?\s*{_NAME_WORD})*"
_SPEAKER_BEFORE = re.compile(
    rf"(?P<name>{_NAME})(?:,\s+who)?\s+(?:also\s+|further\s+|later\s+|then\s+)?"
    rf"(?:{_REPORTING})\b"
)
_SPEAKER_AFTER = re.compile(rf"\b(?:{_REPORTING})\s+(?P<name>{_NAME})")
_ACCORDING_TO = re.compile(rf"\b[Aa]ccording to (?:the\s+)?(?P<name>{_NAME})")
# Capitalised words that open a sentence or name a group rather than a speaker.
_NOT_NAMES = word_set(
    "He She They It We I You This That These Those The A An There In On At By For Of Finally"
    " Then Critics Officials Analysts Economists Experts Residents Sources Police Authorities"
    " Witnesses Reports Observers Investors Lawyers Doctors Scientists Researchers")


def speaker(sentence: str) -> str | None:
    """Who the sentence says is speaking, when it names them; else ``None``."""
    for pattern in (_ACCORDING_TO, _SPEAKER_BEFORE, _SPEAKER_AFTER):
        for found in pattern.finditer(sentence):
            name = _clean_name(found.group("name"))
            if name and not _bare_title(sentence, found.start("name"), name):
                return name
    return None


def _bare_title(sentence: str, start: int, name: str) -> bool:
    """``the Minister said``: a one-word title after ``the`` names nobody in particular."""
    return " " not in name and sentence[:start].rstrip().lower().endswith("the")


def _clean_name(name: str) -> str | None:
    """Drop leading words that open a sentence rather than a name (``The``, ``In``)."""
    words = name.split()
    while words and (words[0] in _NOT_NAMES or words[0].lower() in ("of", "for", "and")):
        words.pop(0)
    while words and words[-1].lower() in ("of", "for", "the", "and"):
        words.pop()
    return " ".join(words) or None


# --------------------------------------------------------------------------- ids


_ID_SKIP = word_set(
    """a an the of to in on at by for from with into over under about as than and or but
    is are was were be been being has have had will would can could may might must shall
    should do does did that which who whom whose this these those there it its they them
    their he she his her we our you your not no still now also already just only further
    such more most total overall worth some all each per than then so very said says told
    informed noted according including while who what when where his after before during""")
_ID_MAX_LENGTH = 40


def _id_words(source_text: str, mention: Mention, clause: tuple[int, int],
              others: _Neighbours) -> list[str]:
    """Words for the id, best first, as a person would name the number.

    A counted noun after the number comes first, with its nearest content word
    (``weapons_stolen``). Without one (money, a share, a bare number) the id names what
    the number is of: the nearest noun before it, with the year the clause gives or the
    word before that noun (``deficit_1985``, ``net_loss``); words of time or share after
    the number (``a year``, ``each``) never name it. Only words of ``clause`` up to the
    next mention and back to the previous one count."""
    stop = others.next_start(mention.end, default=clause[1])
    resume = others.previous_end(mention.start, default=clause[0])
    after = _content_words(source_text[mention.end : min(stop, clause[1])])
    noun = (mention.unit_word or "").lower()
    while after and after[0] in _NOT_NAMES_AFTER and after[0] != noun:
        after.pop(0)  # "£230bn a year", "$120m each": not what the number is
    before_text = source_text[max(resume, clause[0]) : mention.start]
    before = _content_words(before_text)
    if noun and noun in after and not _is_currency(mention.unit_word):
        return after[after.index(noun) :] + before[-2:]
    after = [word for word in after if word not in _DATE_WORDS]
    if after:
        return after + before[-2:]
    year = _year_in(source_text, clause, mention)
    head = _nearest_noun(before, _proper_names(before_text)) or (before[-1] if before else None)
    if head is None:
        return after + ([year] if year and after else [])
    index = before.index(head)
    return [head, year] if year else [*before[max(0, index - 1) : index], head]


def _proper_names(text: str) -> set[str]:
    """Words capitalised inside ``text`` (``Asylov said``): names of people and places,
    which name a speaker, not a number."""
    words = re.findall(r"(?<![\w.])([A-Z][a-z]+)", text)
    return {word.lower() for word in words[1:]} if words else set()


def _is_currency(unit_word: str | None) -> bool:
    return unit_word is not None and unit_word.isupper()


_ID_VERBS = word_set(
    """reach reached reaches rose rise rises fell fall falls hit hits total totalled totaled
    totals stood stand came come grew grow increased decreased dropped climbed slipped
    jumped cost costs paid pay pays raised raise reported expected estimated put set
    spent spend lost gained added cut went got made took gave""")
# After a number these say how often or how shared, not what: "a year", "each".
_DATE_WORDS = word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december today yesterday""")
_NOT_NAMES_AFTER = word_set(
    "year years month months week weeks day days annually each apiece per cent percent pct")


def _nearest_noun(before: list[str], names: set[str]) -> str | None:
    for word in reversed(before):
        if word in names or word in _ID_VERBS or word.endswith(("ed", "ing", "ly")):
            continue
        return word
    return None


_YEAR = re.compile(r"(?<![\d,.])(?:18|19|20)\d\d(?![\d,.]\d)")


def _year_in(source_text: str, clause: tuple[int, int], mention: Mention) -> str | None:
    """A year written in the clause outside the mention (``the deficit in 1985``)."""
    for found in _YEAR.finditer(source_text, clause[0], clause[1]):
        if not (mention.start <= found.start() < mention.end):
            return found.group()
    return None


def _content_words(text: str) -> list[str]:
    # Letters glued to digits ("bn" of "$4.2bn") are part of a number, not a word.
    words = [w.lower() for w in re.findall(r"(?<![\w\u2019'])[A-Za-z]+(?!\w)", text)]
    return [w for w in words if len(w) > 1 and w not in _ID_SKIP and w not in _NUMBER_WORDS]


_NUMBER_WORDS = frozenset(number_words())


def _unique_id(words: list[str], used: set[str], counters: dict[str, int]) -> str:
    """Two words joined by ``_`` (three if two clash), else the first free ``_2``, ``_3``.

    ``counters`` remembers, for each base, the number below which all are taken: a long
    text repeats its ids hundreds of times, and counting up from 2 each time was slow."""
    words = words or ["value"]
    if words[0][0].isdigit():  # an id starts with a letter: "deficit_1985", "value_2020"
        letters = [word for word in words if not word[0].isdigit()]
        words = (letters or ["value"]) + [word for word in words if word[0].isdigit()]
    candidates = ["_".join(words[:count]) for count in (2, 3)]
    for candidate in candidates:
        candidate = candidate[:_ID_MAX_LENGTH].rstrip("_")
        if candidate not in used:
            return candidate
    base = candidates[0][:_ID_MAX_LENGTH].rstrip("_")
    number = counters.get(base, 2)
    while f"{base}_{number}" in used:
        number += 1
    counters[base] = number + 1
    return f"{base}_{number}"
