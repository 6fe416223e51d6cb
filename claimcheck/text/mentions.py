"""Numeric mentions: the numbers a text states, read the way a claim's value is read.

A numeric mention is a number with everything that changes what it claims: its
qualifier, its scale, ``%`` and, for a range, its other end. Each one is read by
``values.parse_value``, so a mention and a claim's ``value`` mean the same thing when
they are written the same way::

    more than 2,800 weapons      -> "more than 2,800"    (unit word "weapons")
    38.6 billion tenge           -> "38.6 billion"       (unit word "KZT")
    $4.2bn                       -> "4.2bn"              (unit word "USD")
    three and a half hours       -> "three and a half"   (unit word "hours")
    dozens of facilities         -> "dozens"             (unit word "facilities")
    between 10 and 20 sites      -> "between 10 and 20"
    7-9%, 12.5 per cent, -3.5%   -> ranges, percentages and signs as written

What is not a numeric mention (decided here, where the format page is silent):

- dates and years: ``14 March 2022``, ``March 14, 2022``, ``2022-03-14``, ``14/03/2022``,
  and a four-digit number from 1800 to 2100 written without a comma, unless a qualifier,
  a scale, ``%`` or a currency shows it is an amount, or it counts a plural noun
  (``1999 people``; but ``the 2023 results`` is a year);
- ordinals and decades (``first``, ``4th``, ``the 1990s``), times (``10:30``, ``7pm``),
  telephone numbers (``(202) 691-5902``), fractions and codes written with ``/``
  (``24/7``), numbers glued to letters (``COVID-19``, ``G20``, ``Q3``, ``A350``, ``7E7``),
  labels and model names (``Article 17``, ``Unit 3``, ``Boeing 747``, ``Windows 95``,
  ``Airbus Three Hundred``), a year named by a capitalised word (``Vintage 2023``), and
  list indices at the start of a line after a heading or another item (``1. Sindh``);
- ``one`` as a pronoun (``one of the MPs``, ``no one``, ``one another``);
- ``half`` or a fraction as a period or a measure (``the first half of the year``,
  ``half an hour``, ``a quarter of an hour``);
- words outside the value grammar: ``numerous``, ``a number of``.

Other choices: ``half`` is a mention as a share, after a qualifier or before
``of``/``the``/``their`` (``nearly half of all cases``, ``over half their value``: 0.5
with no unit word), and in ``three and a half`` and ``half a million``. Fractions
(``a third``, ``two-thirds``, ``one-fifth``) and ``one in N`` (``one in five``) are one
mention each, exact, with no unit word; the vague plurals ``tens of thousands``,
``hundreds of thousands``, ``millions`` and ``billions`` are mentions (not ``in millions``,
a table's scale). ``17 of 26 dams`` is two mentions, both counting dams. A qualifier
counts only right before the number (``under the age of two`` is ``two``), and a
qualifier word is always read as one: ``Over 30 years the group has paid...`` reads
``over 30`` though it means *during*.

Short scale forms: ``bn``, ``mn``, ``mln``, ``tn`` and ``k`` scale the number they
follow (glued, or after one space for the forms of two letters: ``310 mln dlrs``);
``m`` and ``b`` glued to digits are scales in prose (``grants of 2.4m``, ``Aid reached
2m.``), and metres where a length is meant: before a word of length (``3m high``), a
determiner and a noun (``a 2m wall``) unless the sentence is about money, or near words
of water, height and the like (``the water rose 2.5m``); ``2.5 m`` with a space is
always metres. A number at the start of a hard-wrapped line is read like any other.
A range written with ``to`` is a range only when its first end carries no scale, ``%`` or
currency of its own and it does not follow ``from`` or ``by`` (``rose from 10 to 20``
and ``fell 11% to $18.3bn`` are two mentions each); ``a 200- to 300-seat plane`` is the
range ``200 to 300`` in ``seat``.

``unit_word`` is an ISO 4217 code when a currency is written (``$``, ``€``, ``£``, ``¥``,
``₸``, a code such as ``USD`` before the number, or a word such as ``tenge`` or
``dollars`` or ``dlrs`` after it), else the counted noun as written (``weapons``,
``km``; ``people`` for ``4,200 who were evacuated``), else what ``text.context`` reads
around it (a compared amount's unit, the paragraph's currency, the subject, a table's
heading or column), else ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from claimcheck.errors import ValueGrammarError
from claimcheck.model import Written
from claimcheck.quantities.values import (
    DENOMINATORS,
    QUALIFIERS,
    SCALES,
    number_words,
    parse_value,
)
from claimcheck.text.context import fill_units
from claimcheck.text.textnorm import line_span, word_set

__all__ = ["Mention", "find_mentions", "mention_matches"]


@dataclass(frozen=True)
class Mention:
    """One numeric mention: ``text[start:end]`` as written and its value as read.

    ``written.text`` is the value in the value grammar (``"more than 2,800"``,
    ``"4.2bn"`` for ``$4.2bn``): what a claim's ``value`` should say.
    """

    start: int
    end: int
    text: str
    written: Written
    unit_word: str | None = None


# ------------------------------------------------------------------ word lists

_CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₸": "KZT",
                     "₽": "RUB", "₹": "INR", "C$": "CAD", "A$": "AUD"}
_CURRENCY_CODES = word_set(
    "USD EUR GBP JPY CNY KZT RUB INR CAD AUD CHF UAH UZS KGS TRY SEK NOK PLN")
_CURRENCY_WORDS = {
    "tenge": "KZT", "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "yuan": "CNY",
    "renminbi": "CNY", "yen": "JPY", "rupees": "INR", "som": "KGS", "soms": "UZS",
    "hryvnia": "UAH", "hryvnias": "UAH", "sterling": "GBP", "dlrs": "USD", "dlr": "USD",
    "stg": "GBP",
}
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# Words before a number that make it a name, not an amount. The first set in any case
# ("article 17"), the second only capitalised ("Unit 3", but "per unit 3" is rare).
_LABELS_ANY_CASE = word_set(
    "article articles section sections chapter page pages paragraph clause annex no nos"
    " vol volume resolution route flight highway category")
_LABELS_CAPITALISED = word_set(
    "Unit Level Line Class Part Item Number Building Floor Track Model Stage Phase Gate"
    " Platform Terminal Room Block Lot Reactor Grade Issue Version Channel Apartment"
    # product and model names: "Boeing 747", "Windows 95", "Airbus Three Hundred"
    " Boeing Airbus Embraer Bombardier Tupolev Antonov Ilyushin Sukhoi Cessna Windows"
    " Office Android iPhone Galaxy Pixel PlayStation Xbox Apollo Formula Falcon Soyuz"
    " Ariane Atlas Titan Saturn Series Mark Mk Type")
# Qualifier spellings in running text that the value grammar writes another way.
_QUALIFIER_ALIASES = {"exceed": "exceeds", "exceeded": "exceeds", "exceeding": "exceeds",
                      "more then": "more than"}
_DETERMINERS = word_set(
    "the its their his her our your this that these those a an last "
                         "next every each")
_IRREGULAR_PLURALS = word_set(
    "people men women children staff livestock cattle personnel "
                               "pence feet teeth mice geese aircraft")
_UNIT_ABBREVIATIONS = word_set(
    "km kg cm mm m ha mph kph kw mw gw kwh mwh gwh twh ml bpd t")
_COMMON_VERBS = word_set(
    "spent went took made got came gave left found paid lost won sold bought told saw died"
    " remains remained says said gets makes takes")
# Words that end the noun phrase after a number: verbs, prepositions, pronouns.
_STOP_WORDS = word_set(
    """a an the of to in on at by for from with without into onto over under about as than
    is are was were be been being am has have had do does did will would shall should can
    could may might must that which who whom whose what when where while if or but nor so
    it its they them their he she his her we our you your i me my this these those there
    here not no still now also already just only even each per a day week year month and
    said says say told according including such""")


def _alternation(words: list[str]) -> str:
    """A regex alternation of ``words``, longest first, any run of spaces matching."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


def _word_numbers_pattern() -> str:
    """``zero`` to ``ninety-nine`` as the value grammar spells them, as a compact regex
    (tens, then an optional unit): one alternative per word made long texts slow."""
    single = {word: value for word, value in number_words().items()
              if re.fullmatch("[a-z]+", word)}
    tens = [word for word, value in single.items() if value >= 20]
    units = [word for word, value in single.items() if 1 <= value <= 9]
    rest = [word for word, value in single.items() if value < 20]
    return (rf"(?:{_alternation(tens)})(?:[-\s]+(?:{_alternation(units)}))?"
            rf"|{_alternation(rest)}")


_WORD_NUMBERS = _word_numbers_pattern()
_FRACTION_NUMERATORS = word_set("two three four five six seven eight nine ten eleven")
_NUMBER_WORD = (
    rf"(?:a|an|one|{_WORD_NUMBERS})\s+(?:dozen|hundred)"
    rf"|half\s+a\s+(?:dozen|thousand|million|billion|trillion)"
    rf"|(?:{_WORD_NUMBERS})(?:\s+and\s+a\s+half)?"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)|\d+(?:\.\d+)?"
# A number's core: digits, number words, or a vague plural.
_FRACTION = (
    rf"(?:a|an|one|{_alternation(list(_FRACTION_NUMERATORS))})[-\u2011\s]+"
    rf"(?:{_alternation(list(DENOMINATORS))})"
    rf"|one\s+in\s+(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUMBERS})(?![\d.,]\d)"
)
# The lookahead lets the engine skip, at one test a character, every place where no
# alternative can start (a digit, or the first letter of a number word): a third of the
# time of trying each alternative at each word.
_CORE = re.compile(
    r"(?<![A-Za-z])(?=[\dzotfsenahdmb])(?:"
    rf"(?<![\d.,])(?P<digits>{_DIGITS})"
    rf"|\b(?P<fraction>{_FRACTION})\b"
    rf"|\b(?P<words>{_NUMBER_WORD})\b"
    r"|\b(?P<vague>(?:tens|hundreds)\s+of\s+thousands|dozens|hundreds|thousands|millions"
    r"|billions)\b"
    r"|\b(?P<half>half)\b)",
    re.IGNORECASE,
)
_DIGITS_AT = re.compile(_DIGITS)
_WORD_NUMBER_AT = re.compile(rf"(?:{_WORD_NUMBERS})\b", re.IGNORECASE)
_CURRENCY_AT = re.compile(r"(?:[$\u20ac\u00a3\u00a5\u20b8]|US\$)?")
_FULL_SCALE = r"thousand|million|billion|trillion"
_SHORT_SCALES = [s for s in SCALES if s not in _FULL_SCALE.split("|")]
_MULTIPLIER_AFTER = re.compile(r"\s+(dozen|hundred)\b", re.IGNORECASE)
# A space may come before the short forms of two letters or more ("310 mln dlrs", as
# the value grammar allows), never before "m", "b" or "k" ("2.5 m" is a length).
_SPACED_SHORT = [s for s in _SHORT_SCALES if len(s) > 1]
_SCALE_AFTER = re.compile(
    rf"\s*(?P<full>{_FULL_SCALE})s?\b"
    rf"|(?:\s(?=(?:{_alternation(_SPACED_SHORT)})(?![\w])))?"
    rf"(?P<short>{_alternation(_SHORT_SCALES)})(?![\w])",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(r"\s?%|\s*(?:per\s?cent|pct)\b", re.IGNORECASE)
_QUALIFIER_BEFORE = re.compile(
    rf"(?<![\w])(?P<q>{_alternation([*QUALIFIERS, *_QUALIFIER_ALIASES])})\s+\Z", re.IGNORECASE
)
_CURRENCY_BEFORE = re.compile(
    rf"(?P<symbol>{_alternation(list(_CURRENCY_SYMBOLS))})\s?\Z"
    rf"|(?<![\w])(?P<code>{'|'.join(_CURRENCY_CODES)})\s\Z"
)
_SIGN_BEFORE = re.compile(r"(?:^|(?<=[\s(]))[-\u2212+]\Z")
# Telephone numbers: "(202) 691-5902", "202-691-5902"; skipped whole, like dates.
_PHONE_AT = re.compile(r"\(?\d{3}\)?[\s.-]\d{3}-\d{4}(?!\d)")
_DATE_AROUND = re.compile(
    rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:,?\s+\d{{4}})?",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")
_GLUED_LETTERS = re.compile(r"[A-Za-z]+")
_RANGE_DASH = re.compile(r"\s*[\u2013\u2014]\s*|-(?=\d)")
_RANGE_TO = re.compile(r"\s+to\s+", re.IGNORECASE)
_RANGE_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
# The next word, on the same line or the next one: a blank line ends the phrase.
_WORD = re.compile(r"[^\S\n]*\n?[^\S\n]*([A-Za-z][A-Za-z'\u2019-]*)")
_SHARE_OF = re.compile(r"\s+(?:of|the|their|its|his|her|our|all)\b")
_COPULA = re.compile(r"\s+(?:is|are|was|were)(?:\s+(?:a|an))?(?=\s)", re.IGNORECASE)
_HYPHEN_WORD = re.compile(r"[-\u2011]([A-Za-z]+)")
_WHO = re.compile(r"\s+who\b", re.IGNORECASE)


# --------------------------------------------------------------------- finding


def find_mentions(text: str) -> list[Mention]:
    """Every numeric mention of ``text``, in order, none overlapping another."""
    mentions: list[Mention] = []
    done = 0
    for core in _CORE.finditer(text):
        if core.start() < done:
            continue
        date = _DATE_AROUND.match(text, core.start()) or _phone_at(text, core.start())
        if date and core.group("digits"):
            done = date.end()
            continue
        mention = _mention_at(text, core, done)
        if mention is not None:
            mentions.append(mention)
            done = mention.end
    return fill_units(text, mentions)


@dataclass
class _Parts:
    """A mention being assembled: its span and the pieces of its value, as written."""

    start: int
    end: int
    number: str
    qualifier: str = ""
    sign: str = ""
    currency: str | None = None
    suffix: str = ""  # scale and % of the (last) number, as written
    has_own_suffix: bool = False
    range_text: str = ""  # the range's separator and second end, as written
    glued_word: str | None = None

    def value_text(self) -> str:
        qualifier = f"{self.qualifier} " if self.qualifier else ""
        return f"{qualifier}{self.sign}{self.number}{self.suffix}{self.range_text}"


def _phone_at(text: str, at: int) -> re.Match[str] | None:
    start = at - 1 if at and text[at - 1] == "(" else at
    return _PHONE_AT.match(text, start)


def _mention_at(text: str, core: re.Match[str], done: int) -> Mention | None:
    parts = _Parts(core.start(), core.end(), " ".join(core.group().lower().split()))
    if not _is_amount_core(text, core, parts):
        return None
    _extend_right(text, parts, core)
    _extend_left(text, parts, done, is_digits=bool(core.group("digits")))
    if core.group("digits") and _is_date_or_year(text, parts):
        return None
    try:
        written = parse_value(parts.value_text())
    except ValueGrammarError:
        return None
    unit = parts.currency or _unit_after(text, parts, written)
    return Mention(parts.start, parts.end, text[parts.start : parts.end], written, unit)


def _is_amount_core(text: str, core: re.Match[str], parts: _Parts) -> bool:
    """False for numbers that are parts of names, codes, times, ordinals, pronouns."""
    if core.group("vague"):
        return not _in_bigger_vague_phrase(text, core)
    if core.group("half"):
        return _is_share_half(text, core)
    if core.group("fraction"):
        return not _is_period_fraction(text, core)
    if core.group("words"):
        before = text[max(0, core.start() - 30) : core.start()]
        return not (_is_pronoun_one(text, core) or _is_label(before))
    # Look only this far around the number: slicing the whole text made long texts slow.
    before = text[max(0, core.start() - 30) : core.start()]
    after = text[core.end() : core.end() + 30]
    if re.search(r"(?:[\w#/:]|[\w][-\u2011/])\Z", before) or re.match(r"[/:]\d|:\d", after):
        return False
    if _CODE_AFTER.match(after) or _is_list_index(text, core):
        return False
    glued = _GLUED_LETTERS.match(after)
    if glued:
        if re.fullmatch(r"st|nd|rd|th|s|am|pm", glued.group(), re.IGNORECASE):
            return False
        # A unit glued to the number ("5km"); _take_suffix drops it if it is a scale.
        parts.glued_word = glued.group()
    return not _is_label(before)


_CODE_AFTER = re.compile(r"[A-Za-z]+\d")  # "7E7", "3G4": a code, not an amount
_LIST_INDEX = re.compile(r"[.)]\s+[A-Z]")


def _is_list_index(text: str, core: re.Match[str]) -> bool:
    """``1. Sindh`` at the start of a line after a heading or another item: the index of
    a list (a flattened table), not an amount. A wrapped sentence that ends with a
    number at the start of a line (``...compared with\n48. The``) is not one."""
    if not _LIST_INDEX.match(text, core.end()):
        return False
    line_start, _ = line_span(text, core.start())
    if text[line_start : core.start()].strip():
        return False
    if line_start == 0:
        return True
    previous = text[slice(*line_span(text, line_start - 1))].strip()
    return (not previous or previous.endswith(":") or previous.isupper()
            or re.match(r"\d+[.)]\s", previous) is not None)


def _in_bigger_vague_phrase(text: str, core: re.Match[str]) -> bool:
    """``thousands of millions`` (outside the grammar), and ``in millions`` (a table's
    scale, not an amount)."""
    before = text[max(0, core.start() - 20) : core.start()].lower()
    after = text[core.end() : core.end() + 20].lower()
    return bool(re.search(r"\bin\s+\Z", before)
                or re.match(r"\s+of\s+(?:thousands|millions|billions)\b", after))


_PERIOD_AFTER = re.compile(
    r"\s+(?:of\s+)?(?:an?\s+|the\s+)?(?:hour|minute|second|day|week|month|year|decade|"
    r"century|mile|inch|pound)s?\b|[-\u2011](?:final|finals)\b", re.IGNORECASE)


def _is_period_fraction(text: str, core: re.Match[str]) -> bool:
    """``a quarter of an hour``, ``the first third of the year``: a time or measure."""
    before = text[max(0, core.start() - 12) : core.start()].lower()
    after_period = _PERIOD_AFTER.match(text, core.end()) is not None
    return after_period or bool(re.search(r"\b(?:first|second|last|final)\s+\Z", before))


def _is_share_half(text: str, core: re.Match[str]) -> bool:
    """``nearly half``, ``half of all cases``: a share; ``the first half of the year``
    and ``half an hour`` are not."""
    before = text[max(0, core.start() - 24) : core.start()]
    if _QUALIFIER_BEFORE.search(before):
        return True
    of_what = _SHARE_OF.match(text, core.end())
    period = re.search(r"\b(?:the|a|an|first|second|last|other|latter|one)\s+$", before.lower())
    return bool(of_what) and not period


def _is_pronoun_one(text: str, core: re.Match[str]) -> bool:
    if core.group().lower() != "one":
        return False
    before = text[max(0, core.start() - 12) : core.start()].lower()
    after = text[core.end() : core.end() + 12].lower()
    pronoun_before = re.search(r"\b(?:no|the|this|any|each|every|which|last)\s+$", before)
    pronoun_after = re.match(r"\s+(?:of|another|by\s+one|day)\b|[-\u2011](?:off|time|way)\b", after)
    return bool(pronoun_before or pronoun_after)


def _is_label(before: str) -> bool:
    word = _WORD_BEFORE.search(before[-20:])
    if word is None:
        return False
    name = word.group(1)
    return name.lower() in _LABELS_ANY_CASE or name in _LABELS_CAPITALISED


# -------------------------------------------------------------------- extending


def _extend_right(text: str, parts: _Parts, core: re.Match[str]) -> None:
    """Scale, ``%`` and a range's second end after the number."""
    if core.group("vague") or core.group("half") or core.group("fraction"):
        return
    is_digits = bool(core.group("digits"))
    _take_suffix(text, parts, is_digits=is_digits)
    parts.has_own_suffix = bool(parts.suffix)
    _take_range(text, parts, is_digits=is_digits)


def _take_suffix(text: str, parts: _Parts, *, is_digits: bool) -> None:
    multiplier = _MULTIPLIER_AFTER.match(text, parts.end) if is_digits else None
    if multiplier:  # "5 dozen eggs" are 60 eggs, "7 hundred people" 700 people
        parts.suffix = " " + multiplier.group(1).lower()
        parts.end = multiplier.end()
    scale = _SCALE_AFTER.match(text, parts.end)
    if scale and (scale.group("full") or (is_digits and _short_scale_ok(text, parts, scale))):
        # "800 millions were spent": a plural scale after digits is the scale itself
        written = text[parts.end : scale.end()].lower()
        parts.suffix += written.removesuffix("s") if scale.group("full") else written
        parts.end = scale.end()
        parts.glued_word = None
    percent = _PERCENT_AFTER.match(text, parts.end)
    if percent:
        parts.suffix += text[parts.end : percent.end()].lower()
        parts.end = percent.end()


def _short_scale_ok(text: str, parts: _Parts, scale: re.Match[str]) -> bool:
    """``m`` and ``b`` glued to a number are scales in prose (``grants of 2.4m``, ``Aid
    reached 2m.``), metres when a length is meant: before a word of length (``3m high``,
    ``40m tower`` after ``the``/``a``) unless the sentence is about money."""
    if scale.group("short").lower() not in ("m", "b"):
        return True
    if _CURRENCY_BEFORE.search(text[max(0, parts.start - 4) : parts.start]):
        return True
    if scale.start() != parts.end:
        return False  # "2.5 m": a space before the letter, as units are written
    following = _WORD.match(text, scale.end())
    if following is not None and _is_plural_noun(following.group(1)):
        return True
    if following is not None and following.group(1).lower() in _LENGTH_WORDS:
        return False
    determiner = re.search(r"\b(?:a|an|the|its|their)\s+\Z",
                           text[max(0, parts.start - 8) : parts.start], re.IGNORECASE)
    noun_after = following is not None and following.start(1) == scale.end() + 1
    window = (max(0, parts.start - 80), min(len(text), scale.end() + 80))
    money = _MONEY_NEARBY.search(text, *window) is not None
    if determiner and noun_after:  # "a 2m wall": a length, unless money is about
        return money
    return money or _LENGTH_NEARBY.search(text, *window) is None


_LENGTH_WORDS = word_set(
    "high tall long deep wide thick away above below apart across high-rise square cubic"
    " metres meters diameter radius sprint race hurdles freestyle butterfly breaststroke"
    " backstroke relay")
_LENGTH_NEARBY = re.compile(
    r"\b(?:water|waters|floodwater|floodwaters|river|rivers|sea|level|levels|wave|waves|"
    r"flood|floods|wall|walls|"
    r"tower|height|depth|snow|rain|tide|surge|deep|tall|high|long|wide|metres?|meters?|"
    r"jump|jumped|throw|threw|swim|ran|run)\b", re.IGNORECASE)
_MONEY_NEARBY = re.compile(
    r"[$\u20ac\u00a3\u00a5\u20b8]|\b(?:loan|loans|grant|grants|budget|cost|costs|paid|"
    r"pay|fund|funds|funding|dollars|euros|pounds|tenge|aid|price|prices|worth|spent|"
    r"spend|revenue|profit|deficit|debt)\b", re.IGNORECASE)


def _take_range(text: str, parts: _Parts, *, is_digits: bool) -> None:
    """Extend ``parts`` over ``to Y`` (or, between digits, a dash and Y) when it is a
    range: Y written like X (digits or words), X with no scale or % of its own."""
    dash = _RANGE_DASH.match(text, parts.end) if is_digits else None
    hyphen_to = _HYPHEN_TO.match(text, parts.end) if is_digits else None  # "200- to 300-seat"
    separator = hyphen_to or dash or _RANGE_TO.match(text, parts.end)
    if separator is None or parts.has_own_suffix:
        return
    if separator.group().strip(" -").lower() == "to" and _change_not_range(text, parts.start):
        return
    second = (_DIGITS_AT if is_digits else _WORD_NUMBER_AT).match(text, separator.end())
    if second is None or re.match(r"[/:]|[.,]\d", text[second.end() : second.end() + 2]):
        return
    written_separator = " to " if separator is hyphen_to else separator.group()
    _join_range(text, parts, written_separator, second, is_digits=is_digits)


_HYPHEN_TO = re.compile(r"-\s+to\s+(?=\d)", re.IGNORECASE)


def _change_not_range(text: str, start: int) -> bool:
    """``from 10 to 20`` and ``by 10 to 20`` are a change, not a range."""
    before = text[max(0, start - 16) : start].lower()
    return bool(re.search(r"\b(?:from|by)\s+(?:[$\u20ac\u00a3\u00a5\u20b8]|us\$)?\Z", before))


def _join_range(text: str, parts: _Parts, separator: str, second: re.Match[str], *,
                is_digits: bool) -> None:
    """Make ``parts`` a range: ``separator`` (as written) and the second end with its
    scale and %, which the value grammar applies to both ends."""
    tail = _Parts(second.start(), second.end(), "")
    _take_suffix(text, tail, is_digits=is_digits)
    parts.range_text = separator.lower() + " ".join(second.group().lower().split()) + tail.suffix
    parts.end = tail.end
    parts.glued_word = tail.glued_word


def _extend_left(text: str, parts: _Parts, done: int, *, is_digits: bool) -> None:
    """Sign, currency, qualifier and ``between ... and`` before the number."""
    if is_digits:
        _take_sign_and_currency(text, parts, done)
    if not parts.range_text:
        _take_between(text, parts, done, is_digits=is_digits)
    if parts.range_text:
        return
    before = text[max(done, parts.start - 24) : parts.start]
    qualifier = _QUALIFIER_BEFORE.search(before)
    if qualifier:
        phrase = " ".join(qualifier.group("q").lower().split())
        parts.qualifier = _QUALIFIER_ALIASES.get(phrase, phrase)
        parts.start -= len(before) - qualifier.start()


def _take_sign_and_currency(text: str, parts: _Parts, done: int) -> None:
    before = text[max(done, parts.start - 6) : parts.start]
    currency = _CURRENCY_BEFORE.search(before)
    if currency:
        code = currency.group("code") or _CURRENCY_SYMBOLS[currency.group("symbol")]
        parts.currency = code
        parts.start -= len(before) - currency.start()
        before = before[: currency.start()]
    sign = _SIGN_BEFORE.search(before)
    if sign:
        parts.sign = "-" if sign.group() in "-\u2212" else "+"
        parts.start -= 1


def _take_between(text: str, parts: _Parts, done: int, *, is_digits: bool) -> None:
    """``between X and Y``: the word before and the second number after."""
    before = text[max(done, parts.start - 10) : parts.start]
    between = re.search(r"\bbetween\s+$", before, re.IGNORECASE)
    joint = _RANGE_AND.match(text, parts.end)
    if between is None or joint is None:
        return
    currency = _CURRENCY_AT.match(text, joint.end())
    at = currency.end() if currency else joint.end()
    second = (_DIGITS_AT if is_digits else _WORD_NUMBER_AT).match(text, at)
    if second is None:
        return
    _join_range(text, parts, " and ", second, is_digits=is_digits)
    parts.qualifier = "between"
    parts.start -= len(before) - between.start()


# --------------------------------------------------------------- dates and years


def _is_date_or_year(text: str, parts: _Parts) -> bool:
    """A bare four-digit number 1800-2100, or a day after a month (``March 14``)."""
    qualifier = "" if parts.qualifier == "between" else parts.qualifier  # "between 2021 and"
    bare = not (qualifier or parts.sign or parts.currency or parts.suffix or parts.glued_word)
    if not bare:
        return False
    if parts.range_text:  # "2019-2021", "between 2021 and 2022"
        second = parts.range_text.lstrip(" -\u2013\u2014toand")
        return _is_year(parts.number) and _is_year(second)
    before = text[max(0, parts.start - 12) : parts.start]
    if _MONTH_BEFORE.search(before) and re.fullmatch(r"\d{1,2}|\d{4}", parts.number):
        return True
    if not _is_year(parts.number):
        return False
    following = _WORD.match(text, parts.end)
    counts_plural = following is not None and _is_plural_noun(following.group(1))
    word_before = _WORD_BEFORE.search(before)
    adjectival = (word_before is not None and word_before.group(1).lower() in _DETERMINERS
                  ) or before.rstrip().endswith(("'s", "\u2019s"))
    return adjectival or not counts_plural or _named_year(before, word_before)


def _named_year(before: str, word_before: re.Match[str] | None) -> bool:
    """``Vintage 2023 estimates``, ``Vision 2030 goals``: a capitalised word that does not
    open a sentence names the year's edition or plan."""
    if word_before is None or not word_before.group(1)[0].isupper():
        return False
    opening = before[: word_before.start()].rstrip()
    return bool(opening) and not opening.endswith((".", "!", "?", ":", "\n"))


def _is_year(number: str) -> bool:
    return re.fullmatch(r"\d{4}", number) is not None and 1800 <= int(number) <= 2100


# --------------------------------------------------------------------- units


def _unit_after(text: str, parts: _Parts, written: Written) -> str | None:
    """The counted noun after the mention, or a currency word's ISO code."""
    if parts.glued_word:
        return parts.glued_word
    if written.percent or written.exact or parts.number == "half":
        return None  # a share of something, not a count of it
    if _WHO.match(text, parts.end):
        return "people"  # "at least 4,200 who were evacuated"
    compound = _HYPHEN_WORD.match(text, parts.end)
    if compound:  # "a 48-hour warning"
        return compound.group(1).lower()
    copula = _COPULA.match(text, parts.end)  # "8 are employees", "one is a police officer"
    run = _noun_run(text, copula.end() if copula else parts.end)
    if run and run[0].lower() in _UNIT_ABBREVIATIONS:
        return run[0]
    for word in run:
        if word.lower() in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[word.lower()]
    plural = next((word for word in run if _is_plural_noun(word)), None)
    if plural is not None:
        return plural.lower()
    nouns = [word for word in run if not _looks_like_verb(word)]
    if nouns and written.number == 1:
        return nouns[-1].lower()  # "one police officer"
    return None


def _looks_like_verb(word: str) -> bool:
    """``One baby spent 11 days``: a singular noun is often followed by its verb."""
    lower = word.lower()
    return lower.endswith(("ed", "ing")) or lower in _COMMON_VERBS


def _noun_run(text: str, at: int) -> list[str]:
    """Up to five words after ``at`` before punctuation or a stop word (``of`` is
    skipped once at the start: ``dozens of facilities``)."""
    words: list[str] = []
    match = re.compile(r"\s+of\b", re.IGNORECASE).match(text, at)
    position = match.end() if match else at
    while len(words) < 5:
        word = _WORD.match(text, position)
        if word is None:
            break
        lower = word.group(1).lower()
        if lower in _STOP_WORDS and not _joins_modifiers(text, word, words):
            break
        if lower not in _JOINING_WORDS:
            words.append(word.group(1).strip("'\u2019-"))
        position = word.end()
    return words


_JOINING_WORDS = frozenset({"and", "or"})


def _joins_modifiers(text: str, word: re.Match[str], words: list[str]) -> bool:
    """``1,500 state and commercial buildings``: an ``and`` between the modifiers of
    one counted noun continues the phrase; after the noun (``3 cats and dogs``), before
    any word, or before another number (``one officer and two soldiers``) it ends it."""
    if word.group(1).lower() not in _JOINING_WORDS or not words:
        return False
    if any(map(_is_plural_noun, words)):
        return False
    after = _WORD.match(text, word.end())
    return after is not None and not _WORD_NUMBER_AT.fullmatch(after.group(1))


def _is_plural_noun(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS:
        return True
    if lower in _STOP_WORDS or lower in _CURRENCY_WORDS:
        return lower in _CURRENCY_WORDS
    return len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is"))


# ------------------------------------------------------------------- matching


def mention_matches(claim_written: Written, mention: Mention) -> bool:
    """Whether ``mention`` states ``claim_written``: the same number, scale, % and qualifier.

    ``nine`` and ``9`` are the same number; ``over``, ``more than`` and ``exceeds`` the
    same qualifier; ``pct``, ``per cent`` and ``%`` the same. A mention written without a
    sign matches a signed value of the same size ("a loss of $470m" states -470m).
    """
    claim, stated = claim_written, mention.written
    if claim.is_date or stated.is_date:
        return False
    same_shape = (claim.qualifier, _scale_word(claim.scale), claim.percent) == (
        stated.qualifier, _scale_word(stated.scale), stated.percent)
    return same_shape and _same_numbers(claim, stated)


def _same_numbers(claim: Written, stated: Written) -> bool:
    ends = (claim.number, claim.high)
    if ends == (stated.number, stated.high):
        return True
    return not stated.signed and (_abs(claim.number), _abs(claim.high)) == (
        stated.number, stated.high)


def _abs(number: Fraction | None) -> Fraction | None:
    return None if number is None else abs(number)


def _scale_word(scale: str | None) -> str | None:
    return SCALES[scale.lower()][0] if scale and scale.lower() in SCALES else scale
