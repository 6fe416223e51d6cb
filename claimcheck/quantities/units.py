"""Units: what a claim's ``unit`` string means, exactly.

A unit string is read with pint's unit grammar over claimcheck's own vocabulary,
``claimcheck/units.txt`` (pint's definition-file syntax; the test suite loads it into
pint and checks that pint reads every unit as claimcheck does):

- SI units and prefixes (``km``, ``kilometre``, ``mg``, ``kWh``, ``GB``, ``MiB``), the
  common units of time (``s``, ``min``, ``h``, ``day``, ``week``, ``month`` = 1/12 of a
  365.25-day ``year``, ``decade``...), length, area, volume, mass, energy, power, speed
  and data, ``%``/``percent`` (= 0.01), ``‰``, ``ppm``;
- the scale words ``hundred``, ``thousand``, ``million``, ``billion``, ``trillion``,
  ``dozen``: dimensionless numbers, so ``billion KZT`` is 10**9 KZT. Only the full
  words scale: ``m`` is the metre;
- every ISO 4217 currency code, each its own dimension: no exchange rate is assumed,
  so adding KZT to USD is a dimension mismatch until ``[units]`` defines a rate.

Ordinary nouns that pint would read as obscure units (``unit``, ``point``, ``case``,
``line``, ``cup``, ``stone``, ``bar``, ``knot``, ``ton``, ``pound``...) are not in the
vocabulary. Any word that is neither in it nor in the file's ``[units]`` table is a
**count noun** with a dimension of its own: ``weapon`` is one ``[weapon]``, so adding
weapons to people is a dimension mismatch, never a silent pass. Plurals fold to the
singular (``weapons``, ``countries``, ``people``, ``businesses``, ``meters``,
``hours`` -> ``weapon``, ``country``, ``person``, ``business``, ``meter``, ``hour``).
Words are case-sensitive, as in pint (``Mt`` is a megatonne, ``mt`` a count noun).

The grammar is pint's: words, numbers, ``*`` (or a space, or ``·``), ``/`` (or
``per``), ``**`` or ``^`` with a whole exponent, superscripts (``m²``), ``square``,
``sq``, ``cubic``, ``squared``, ``cubed``, and parentheses. As in pint, ``*``, ``/``
and the space all bind equally, left to right: ``case / 100000 person`` is
case * person / 100000; write ``case / (100000 person)``.

``[units]`` entries are the right-hand side of a pint definition:

    case   = "[case]"             # a new base dimension
    person = "[person] = people"  # ... with an alias
    tenge  = "KZT"                # another name for a unit
    USD    = "470 KZT"            # a rate the file assumes
    body   = "person"             # another name for the count noun person

They may refer to each other in any order; a cycle or an unreadable definition is an
error naming the unit. A definition is user input, so it is read by claimcheck's own
small exact parser, never by an evaluator: expressions are at most
``MAX_EXPRESSION_LENGTH`` characters, parentheses nest at most ``MAX_NESTING`` deep,
an exponent is a whole number of at most ``MAX_EXPONENT``, and every intermediate
number is bounded, so no input can hang the process or run code. Every factor is an
exact fraction.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import NamedTuple

from claimcheck.errors import UnitError

Dimension = tuple[tuple[str, int], ...]
"""Sorted ``(name, exponent)`` pairs, e.g. ``(("[weapon]", 1),)``; dimensionless is ``()``."""

VOCABULARY_FILE = Path(__file__).with_name("units.txt")

# Bounds that make any user input cheap to reject (see the module docstring).
MAX_EXPRESSION_LENGTH = 200
MAX_NESTING = 20  # the parser recurses once per level of parentheses
MAX_EXPONENT = 10
MAX_DECIMAL_EXPONENT = 100  # "1e100"; Fraction would build 10**999999 for "1e999999"
MAX_FACTOR_BITS = 1024  # numerator and denominator of every intermediate factor
MAX_DIMENSION_EXPONENT = 100

_GRAMMAR_HINT = (
    "a unit is words, numbers, * / ** and parentheses, "
    "e.g. 'billion KZT', 'km / h' or 'weapon / person'"
)


@dataclass(frozen=True)
class Unit:
    """One unit: how big it is in base units, what it measures, and how to show it."""

    factor: Fraction
    dimension: Dimension
    text: str


NO_UNIT = Unit(Fraction(1), (), "")


# ---------------------------------------------------------------- plurals

_IRREGULAR_PLURALS = {
    "people": "person", "men": "man", "women": "woman", "children": "child", "pence": "penny",
    "feet": "foot", "teeth": "tooth", "geese": "goose", "mice": "mouse", "oxen": "ox",
    "dice": "die", "lives": "life", "knives": "knife", "wives": "wife",
    "wolves": "wolf", "halves": "half", "leaves": "leaf", "shelves": "shelf",
    "thieves": "thief", "loaves": "loaf", "calves": "calf", "selves": "self",
    "heroes": "hero", "potatoes": "potato", "tomatoes": "tomato", "echoes": "echo",
    "vetoes": "veto", "torpedoes": "torpedo", "volcanoes": "volcano",
    "embargoes": "embargo", "crises": "crisis", "analyses": "analysis",
    "theses": "thesis", "diagnoses": "diagnosis", "hypotheses": "hypothesis",
    "oases": "oasis", "buses": "bus", "gases": "gas", "statuses": "status",
    "viruses": "virus", "bonuses": "bonus", "censuses": "census",
    "campuses": "campus", "focuses": "focus", "lenses": "lens", "aliases": "alias",
    "biases": "bias", "atlases": "atlas", "quizzes": "quiz",
    "criteria": "criterion", "phenomena": "phenomenon", "bacteria": "bacterium",
    "millennia": "millennium", "indices": "index", "matrices": "matrix",
    "appendices": "appendix", "vertices": "vertex", "radii": "radius",
    "stimuli": "stimulus", "fungi": "fungus", "cacti": "cactus", "alumni": "alumnus",
    "nuclei": "nucleus", "movies": "movie", "cookies": "cookie",
    "calories": "calorie", "zombies": "zombie", "rookies": "rookie",
    "caches": "cache", "niches": "niche", "headaches": "headache", "aches": "ache",
    "avalanches": "avalanche", "cliches": "cliche", "moustaches": "moustache",
    "mustaches": "mustache", "policemen": "policeman", "policewomen": "policewoman",
    "servicemen": "serviceman", "servicewomen": "servicewoman", "gunmen": "gunman",
    "firemen": "fireman", "chairmen": "chairman", "fishermen": "fisherman",
    "businessmen": "businessman", "businesswomen": "businesswoman",
    "congressmen": "congressman", "spokesmen": "spokesman", "tribesmen": "tribesman",
    "militiamen": "militiaman", "countrymen": "countryman",
}
# Singular words that end in "s" and must keep it.
_UNCHANGED_WORDS = frozenset({
    "gas", "bias", "atlas", "canvas", "alias", "lens", "news", "series", "species",
    "means", "physics", "economics", "politics", "mathematics", "ethics", "logistics",
    "headquarters", "barracks", "crossroads", "kudos", "chaos", "ethos", "corps",
    "diabetes", "measles", "rabies",
})
_UNCHANGED_ENDINGS = ("ss", "us", "is")  # business, status, analysis
_ES_ENDINGS = ("sses", "xes", "ches", "shes", "zzes")  # classes, taxes, churches


def singular(word: str) -> str:
    """The singular of an English noun, for folding count nouns and unit plurals.

    A small rule set with a table of irregulars, tuned so that a singular maps to
    itself: ``weapons``, ``countries``, ``people``, ``businesses`` -> ``weapon``,
    ``country``, ``person``, ``business``. All-capital words (``KZT``, ``SMS``) and
    words of one or two letters are left alone; ``NGOs`` -> ``NGO``.
    """
    lower = word.lower()
    if word.isupper() or len(word) <= 2:
        return word
    if lower in _IRREGULAR_PLURALS:
        return _same_case(word, _IRREGULAR_PLURALS[lower])
    if lower in _UNCHANGED_WORDS or not lower.endswith("s") or lower.endswith(_UNCHANGED_ENDINGS):
        return word
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith(_ES_ENDINGS):
        return word[:-2]
    return word[:-1]


def _same_case(original: str, replacement: str) -> str:
    return replacement[0].upper() + replacement[1:] if original[0].isupper() else replacement


# ---------------------------------------------------------------- exact values


class _Rejected(Exception):
    """An expression that cannot be read; the caller says which unit or definition."""

    def __init__(self, problem: str, hint: str = _GRAMMAR_HINT) -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint

    def as_unit_error(self, what: str, subject: str | None = None) -> UnitError:
        return UnitError(f"{what}: {self.problem}", subject=subject, hint=self.hint)


@dataclass(frozen=True)
class _Value:
    """A unit while it is being computed: an exact positive factor and a dimension."""

    factor: Fraction
    dimension: Dimension = ()

    def times(self, other: _Value) -> _Value:
        return self._combined(other, self.factor * other.factor, 1)

    def over(self, other: _Value) -> _Value:
        return self._combined(other, self.factor / other.factor, -1)

    def power(self, exponent: int) -> _Value:
        dimension = tuple((name, power * exponent) for name, power in self.dimension)
        return _checked(self.factor**exponent, dict(dimension))

    def _combined(self, other: _Value, factor: Fraction, sign: int) -> _Value:
        exponents = dict(self.dimension)
        for name, power in other.dimension:
            exponents[name] = exponents.get(name, 0) + sign * power
        return _checked(factor, exponents)


def _checked(factor: Fraction, exponents: Mapping[str, int]) -> _Value:
    """A value, after making sure it stays small enough to compute with quickly."""
    if max(factor.numerator.bit_length(), factor.denominator.bit_length()) > MAX_FACTOR_BITS:
        raise _Rejected("its number is too large or too small")
    if any(abs(power) > MAX_DIMENSION_EXPONENT for power in exponents.values()):
        raise _Rejected(f"an exponent grows beyond {MAX_DIMENSION_EXPONENT}")
    dimension = tuple(sorted((name, power) for name, power in exponents.items() if power))
    return _Value(factor, dimension)


def _decimal(text: str) -> Fraction:
    """An exact number from a decimal literal such as ``470``, ``0.0254`` or ``1e-6``."""
    mantissa, _, exponent = text.lower().partition("e")
    power = int(exponent or 0)
    if abs(power) > MAX_DECIMAL_EXPONENT:
        limit = MAX_DECIMAL_EXPONENT
        raise _Rejected(f"the number {text} is out of range (exponents up to {limit})")
    return Fraction(mantissa) * Fraction(10) ** power


# ---------------------------------------------------------------- tokens and grammar

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TOKEN_PATTERN = re.compile(
    rf"""
    (?P<space>\s+)
    | (?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)
    | (?P<name>[^\W\d_{_SUPERSCRIPTS}][^\W{_SUPERSCRIPTS}]*|%|‰)
    | (?P<dimension>\[[^\W\d_]\w*\])
    | (?P<operator>\*\*|[-+*/^()·])
    | (?P<superscript>⁻?[{_SUPERSCRIPTS}]+)
    """,
    re.VERBOSE,
)
_NAME = re.compile(rf"[^\W\d_{_SUPERSCRIPTS}][^\W{_SUPERSCRIPTS}]*\Z")
_POWER_WORDS_BEFORE = {"square": 2, "sq": 2, "cubic": 3}
_POWER_WORDS_AFTER = {"squared": 2, "cubed": 3}
_RESERVED_WORDS = frozenset({"per", *_POWER_WORDS_BEFORE, *_POWER_WORDS_AFTER})


class _Token(NamedTuple):
    kind: str  # number, name, dimension, operator, superscript
    text: str
    start: int


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN_PATTERN.match(text, position)
        if match is None:
            raise _unexpected_character(text[position], position)
        if match.lastgroup != "space":
            tokens.append(_Token(match.lastgroup or "", match.group(), position))
        position = match.end()
    return tokens


def _unexpected_character(character: str, position: int) -> _Rejected:
    problem = f"unexpected {character!r} at position {position + 1}"
    if unicodedata.category(character) == "Sc":
        return _Rejected(problem, "write money as its ISO 4217 code, e.g. 'USD' or 'KZT'")
    if character == ",":
        return _Rejected(problem, "a unit has no commas; the number belongs in the value")
    return _Rejected(problem)


def _unexpected(token: _Token) -> _Rejected:
    problem = f"unexpected {token.text!r} at position {token.start + 1}"
    if token.text in ("-", "+"):
        return _Rejected(problem, "a unit has no + or -; join words with a space: 'person hour'")
    return _Rejected(problem)


def _superscript_value(text: str) -> int:
    digits = "".join(str(_SUPERSCRIPTS.index(character)) for character in text.lstrip("⁻"))
    return -int(digits) if text.startswith("⁻") else int(digits)


class _Parser:
    """Reads one expression in pint's unit grammar, computing its value exactly.

        product := power (("*" | "·" | "/" | "per" | nothing) power)*   left to right
        power   := atom [("**" | "^") integer | superscript | "squared" | "cubed"]
        atom    := number | name | dimension | "(" product ")" | ("square" | "sq" | "cubic") name

    ``resolve`` gives the value of a name or a dimension token. One exponent per atom
    and one level of recursion per parenthesis keep every input cheap (pint's own
    evaluator does not bound ``**``: "10**10**10" never returns there).
    """

    def __init__(
        self, tokens: list[_Token], resolve: Callable[[_Token], _Value], *, allow_numbers: bool
    ) -> None:
        self._tokens = tokens
        self._position = 0
        self._resolve = resolve
        self._allow_numbers = allow_numbers

    def parse(self) -> _Value:
        if not self._tokens:
            raise _Rejected("it is empty")
        value = self._product(depth=0)
        token = self._peek()
        if token is not None:
            raise _unexpected(token)
        return value

    def _peek(self) -> _Token | None:
        return self._tokens[self._position] if self._position < len(self._tokens) else None

    def _next(self) -> _Token | None:
        token = self._peek()
        self._position += token is not None
        return token

    def _accept(self, text: str) -> bool:
        token = self._peek()
        if token is not None and token.kind == "operator" and token.text == text:
            self._position += 1
            return True
        return False

    def _product(self, depth: int) -> _Value:
        value = self._power(depth)
        while (divide := self._product_operator()) is not None:
            right = self._power(depth)
            value = value.over(right) if divide else value.times(right)
        return value

    def _product_operator(self) -> bool | None:
        """True before a divisor, False before a factor, None where the product ends."""
        token = self._peek()
        if token is None:
            return None
        if (token.kind == "operator" and token.text in ("*", "·", "/")) or token.text == "per":
            self._position += 1
            return token.text in ("/", "per")
        if token.kind in ("number", "name", "dimension") or token.text == "(":
            return False  # two factors side by side multiply, as in pint
        return None

    def _power(self, depth: int) -> _Value:
        value = self._atom(depth)
        exponent = self._exponent()
        return value if exponent == 1 else value.power(exponent)

    def _exponent(self) -> int:
        token = self._peek()
        if token is None:
            return 1
        if token.kind == "operator" and token.text in ("**", "^"):
            self._position += 1
            return self._integer()
        if token.kind == "superscript":
            self._position += 1
            return self._bounded(_superscript_value(token.text), token.text)
        if token.kind == "name" and token.text in _POWER_WORDS_AFTER:
            self._position += 1
            return _POWER_WORDS_AFTER[token.text]
        return 1

    def _integer(self) -> int:
        parenthesised = self._accept("(")
        negative = self._accept("-")
        if not negative:
            self._accept("+")
        token = self._next()
        if token is None or token.kind != "number" or not token.text.isdigit():
            raise _Rejected("an exponent must be a whole number, as in 'm**2' or 's**-1'")
        if parenthesised and not self._accept(")"):
            raise _Rejected("a '(' after '**' is not closed")
        return self._bounded(-int(token.text) if negative else int(token.text), token.text)

    def _bounded(self, exponent: int, written: str) -> int:
        if abs(exponent) > MAX_EXPONENT:
            raise _Rejected(f"the exponent {written} is too large (at most {MAX_EXPONENT})")
        return exponent

    def _atom(self, depth: int) -> _Value:
        token = self._next()
        if token is None:
            raise _Rejected("it ends where a unit should follow")
        if token.kind == "operator" and token.text == "(":
            return self._group(depth)
        if token.kind == "number":
            return self._number(token)
        following = self._peek()
        if token.text in _POWER_WORDS_BEFORE and following and following.kind == "name":
            self._position += 1
            return self._resolve(following).power(_POWER_WORDS_BEFORE[token.text])
        if token.kind in ("name", "dimension") and token.text != "per":
            return self._resolve(token)
        raise _unexpected(token)

    def _group(self, depth: int) -> _Value:
        if depth >= MAX_NESTING:
            raise _Rejected(f"parentheses nest deeper than {MAX_NESTING}")
        value = self._product(depth + 1)
        if not self._accept(")"):
            raise _Rejected("a '(' is not closed")
        return value

    def _number(self, token: _Token) -> _Value:
        if not self._allow_numbers:
            raise _Rejected(
                f"a second number {token.text!r} at position {token.start + 1}",
                "write one number without spaces (2800 or 2,800), then the unit",
            )
        value = _decimal(token.text)
        if value == 0:
            raise _Rejected("a unit cannot be zero")
        return _checked(value, {})


def _display(text: str, tokens: list[_Token], shown: Mapping[int, str]) -> str:
    """``text`` with white space tidied and each word as it was understood (plurals folded)."""
    parts: list[str] = []
    end = 0
    for token in tokens:
        if parts and token.start > end:
            parts.append(" ")
        parts.append(shown.get(token.start, token.text))
        end = token.start + len(token.text)
    return "".join(parts)


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ---------------------------------------------------------------- the vocabulary


class _Vocabulary:
    """claimcheck's built-in units, read from units.txt once per process."""

    def __init__(self) -> None:
        self.units: dict[str, _Value] = {}  # every name, symbol and alias
        self.prefixes: dict[str, Fraction] = {}  # longest first, so "da" is tried before "d"
        self.prefixable: set[str] = set()
        self.not_units: set[str] = set()
        self.base_names: dict[str, str] = {}  # "[length]" -> "length", "[currency_KZT]" -> "KZT"
        self.named_dimensions: dict[Dimension, str] = {}  # (("[length]", 2),) -> "area"

    def find(self, word: str) -> _Value | None:
        """The built-in unit ``word`` names, exactly or as prefix + unit; None if none."""
        if word in self.not_units:
            return None
        exact = self.units.get(word)
        return exact if exact is not None else self._prefixed(word)

    def _prefixed(self, word: str) -> _Value | None:
        for prefix, factor in self.prefixes.items():
            rest = word[len(prefix):]
            if word.startswith(prefix) and rest in self.prefixable:
                return _Value(factor * self.units[rest].factor, self.units[rest].dimension)
        return None


_NOT_UNITS_DIRECTIVE = "#@not-units"


class _VocabularyReader:
    """Reads units.txt: the subset of pint's definition syntax its header describes."""

    def __init__(self) -> None:
        self.vocabulary = _Vocabulary()
        self._group: str | None = None

    def read(self, text: str) -> _Vocabulary:
        for number, line in enumerate(text.splitlines(), start=1):
            try:
                self._read_line(line)
            except (_Rejected, ValueError) as problem:
                raise ValueError(f"{VOCABULARY_FILE.name}:{number}: {problem}") from None
        return self.vocabulary

    def _read_line(self, line: str) -> None:
        if line.startswith(_NOT_UNITS_DIRECTIVE):
            self.vocabulary.not_units.update(line[len(_NOT_UNITS_DIRECTIVE):].split())
            return
        content = line.split("#", 1)[0].strip()
        if content.startswith("@"):
            self._group = self._directive(content)
        elif content:
            name, value, *aliases = (part.strip() for part in content.split("="))
            if name.endswith("-"):
                self._add_prefix([name, *aliases], _decimal(value))
            elif name.startswith("["):
                self._add_named_dimension(name, value)
            else:
                self._add_unit([name, *(alias for alias in aliases if alias != "_")], value)

    def _directive(self, content: str) -> str | None:
        words = content.split()
        if words[0] == "@group" and len(words) == 2:
            return words[1]
        if words == ["@end"]:
            return None
        raise ValueError(f"unsupported directive {content!r}")

    def _add_prefix(self, names: list[str], factor: Fraction) -> None:
        prefixes = self.vocabulary.prefixes
        prefixes.update((name.removesuffix("-"), factor) for name in names)
        self.vocabulary.prefixes = dict(sorted(prefixes.items(), key=lambda item: -len(item[0])))

    def _add_unit(self, names: list[str], value: str) -> None:
        if value.startswith("["):
            base_name = names[0] if value == f"[currency_{names[0]}]" else value[1:-1]
            self.vocabulary.base_names[value] = base_name
            unit = _Value(Fraction(1), ((value, 1),))
        else:
            unit = _Parser(_tokenize(value), self._known_unit, allow_numbers=True).parse()
        for name in names:
            self.vocabulary.units[name] = unit
            if self._group == "prefixed":
                self.vocabulary.prefixable.add(name)

    def _add_named_dimension(self, name: str, value: str) -> None:
        dimension = _Parser(_tokenize(value), self._known_dimension, allow_numbers=True).parse()
        self.vocabulary.named_dimensions[dimension.dimension] = name[1:-1].replace("_", " ")

    def _known_unit(self, token: _Token) -> _Value:
        unit = self.vocabulary.find(token.text)
        if unit is None:
            raise ValueError(f"{token.text!r} is not defined above")
        return unit

    def _known_dimension(self, token: _Token) -> _Value:
        if token.text not in self.vocabulary.base_names:
            raise ValueError(f"{token.text!r} is not a base dimension defined above")
        return _Value(Fraction(1), ((token.text, 1),))


@cache
def _vocabulary() -> _Vocabulary:
    return _VocabularyReader().read(VOCABULARY_FILE.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- a file's units


@dataclass(frozen=True)
class _Definition:
    """One ``[units]`` entry, split into its name, aliases and value tokens."""

    name: str
    text: str
    aliases: tuple[str, ...]
    tokens: list[_Token]

    @property
    def subject(self) -> str:
        return f"unit '{self.name}'"

    def declared_dimension(self) -> str | None:
        """``[case]`` for ``case = "[case]"``: a new base dimension, not an expression."""
        only = self.tokens[0] if len(self.tokens) == 1 else None
        return only.text if only is not None and only.kind == "dimension" else None


_NUMBER_AT_START = re.compile(
    r"\s*(?P<sign>[-+\N{MINUS SIGN}]?)\s*"
    r"(?P<digits>(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)?(?:\.[0-9]+)?)"
    r"(?P<exponent>[eE][-+]?[0-9]+)?"
)
_MISPLACED_DIGITS = re.compile(r"\s*[,.]?[0-9]")


class UnitSystem:
    """The units of one claims file: the built-in vocabulary plus its ``[units]`` table.

    Each instance keeps its own definitions, count nouns and caches (of units and
    quantities, by their text), so one file's ``[units]`` never leaks into another's.
    """

    def __init__(self, definitions: Mapping[str, str] | None = None) -> None:
        self._vocabulary = _vocabulary()
        self._user_names: dict[str, str] = {}  # a [units] name or alias -> its [units] key
        self._user_values: dict[str, _Value] = {}
        self._nouns: dict[str, _Value] = {}  # in order of first use
        self._dimension_names: dict[str, str] = {}  # for dimensions made here
        self._units: dict[tuple[str, bool], Unit] = {}
        self._quantities: dict[str, tuple[Fraction, Unit]] = {}
        if definitions:
            self._define(definitions)

    @property
    def count_nouns(self) -> tuple[str, ...]:
        """The count nouns this file's units have defined so far, in order of first use."""
        return tuple(self._nouns)

    def unit(self, expression: str | None) -> Unit:
        """The unit a claim's ``unit`` string names; None or "" is a plain number."""
        if expression is None or not expression.strip():
            return NO_UNIT
        return self._unit(expression, allow_numbers=True)

    def quantity(self, text: str) -> tuple[Fraction, Unit]:
        """A number and a unit, ``"2,800 weapons"`` -> (2800, weapon), magnitude in base units.

        The number is read here, not by pint: ``,`` separates thousands, ``.`` is the
        decimal point, a sign may lead, ``1.5e3`` is allowed; ``"3,5 km"`` and
        ``"2 800 m"`` are errors, never 3.5 km or a product 1600 m.
        """
        quantity = self._quantities.get(text)
        if quantity is None:
            number, rest = _leading_number(text)
            unit = self._unit(rest, allow_numbers=False) if rest.strip() else NO_UNIT
            quantity = self._quantities[text] = (number * unit.factor, unit)
        return quantity

    def describe(self, dimension: Dimension) -> str:
        """What a dimension measures, for messages: "weapon", "KZT", "weapon / person"."""
        if not dimension:
            return "dimensionless"
        named = self._vocabulary.named_dimensions.get(dimension)
        if named is not None:
            return named
        above = [self._term(name, power) for name, power in dimension if power > 0]
        below = [self._term(name, -power) for name, power in dimension if power < 0]
        top = " * ".join(above) or "1"
        if not below:
            return top
        return f"{top} / {below[0]}" if len(below) == 1 else f"{top} / ({' * '.join(below)})"

    def _term(self, name: str, power: int) -> str:
        shown = (
            self._dimension_names.get(name)
            or self._vocabulary.base_names.get(name)
            or name[1:-1]
        )
        return shown if power == 1 else f"{shown}^{power}"

    # ------------------------------------------------ reading expressions

    def _unit(self, expression: str, *, allow_numbers: bool) -> Unit:
        key = (expression, allow_numbers)
        unit = self._units.get(key)
        if unit is None:
            unit = self._units[key] = self._read_unit(expression, allow_numbers)
        return unit

    def _read_unit(self, expression: str, allow_numbers: bool) -> Unit:
        shown: dict[int, str] = {}
        try:
            if len(expression) > MAX_EXPRESSION_LENGTH:
                raise _Rejected(f"it is longer than {MAX_EXPRESSION_LENGTH} characters")
            tokens = _tokenize(expression)
            value = self._evaluate(tokens, allow_numbers, shown)
        except _Rejected as problem:
            what = f"cannot read the unit '{_shortened(expression)}'"
            raise problem.as_unit_error(what) from None
        return Unit(value.factor, value.dimension, _display(expression, tokens, shown))

    def _evaluate(
        self, tokens: list[_Token], allow_numbers: bool, shown: dict[int, str] | None = None
    ) -> _Value:
        def resolve(token: _Token) -> _Value:
            if token.kind == "dimension":
                raise _Rejected(
                    f"a dimension such as {token.text} can only stand alone in [units]",
                    f'to declare one, write name = "{token.text}" in [units]',
                )
            value, display = self._resolve_word(token.text)
            if shown is not None:
                shown[token.start] = display
            return value

        return _Parser(tokens, resolve, allow_numbers=allow_numbers).parse()

    def _resolve_word(self, word: str) -> tuple[_Value, str]:
        """A word's value and how to show it: a [units] entry, a built-in, or a count noun."""
        found = self._find_defined(word)
        if found is None:
            noun = singular(word)
            return self._count_noun(noun), noun
        form, meaning = found
        return (self._user_values[meaning] if isinstance(meaning, str) else meaning), form

    def _find_defined(self, word: str) -> tuple[str, str | _Value] | None:
        """The form of ``word`` (as written, else singular) naming a [units] key or a built-in."""
        forms = (word,) if singular(word) == word else (word, singular(word))
        for form in forms:
            if form in self._user_names:
                return form, self._user_names[form]
            built_in = self._vocabulary.find(form)
            if built_in is not None:
                return form, built_in
        return None

    def _count_noun(self, noun: str) -> _Value:
        value = self._nouns.get(noun)
        if value is None:
            dimension = f"[{noun}]"
            if dimension in self._vocabulary.base_names:
                # "5 times" must not be 5 seconds: the noun gets a dimension of its own.
                dimension = f"[{noun}_count]"
                self._dimension_names[dimension] = f"{noun} (count noun)"
            value = self._nouns[noun] = _Value(Fraction(1), ((dimension, 1),))
        return value

    # ------------------------------------------------ [units] definitions

    def _define(self, definitions: Mapping[str, str]) -> None:
        parsed = [_parse_definition(name, text) for name, text in definitions.items()]
        for definition in parsed:
            self._register(definition)
        for definition in self._in_dependency_order(parsed):
            self._user_values[definition.name] = self._evaluate_definition(definition)

    def _register(self, definition: _Definition) -> None:
        for name in (definition.name, *definition.aliases):
            owner = self._user_names.setdefault(name, definition.name)
            if owner != definition.name:
                raise UnitError(
                    f"'{name}' is already defined as unit '{owner}'",
                    subject=definition.subject,
                    hint="give every unit and alias its own name",
                )

    def _in_dependency_order(self, parsed: list[_Definition]) -> list[_Definition]:
        by_name = {definition.name: definition for definition in parsed}
        uses = {definition.name: self._dependencies(definition) for definition in parsed}
        order = _dependency_order(uses)
        if len(order) < len(parsed):
            cycle = _find_cycle(uses, [name for name in uses if name not in order])
            raise UnitError(
                "the [units] definitions refer to each other in a circle: " + " -> ".join(cycle),
                subject=f"unit '{cycle[0]}'",
                hint="define one of them from a built-in unit or a new base such as '[thing]'",
            )
        return [by_name[name] for name in order]

    def _dependencies(self, definition: _Definition) -> dict[str, None]:
        """The [units] keys a definition's words refer to, in the order they are written."""
        keys: dict[str, None] = {}
        for token in definition.tokens:
            found = self._find_defined(token.text) if token.kind == "name" else None
            if found is not None and isinstance(found[1], str):
                keys[found[1]] = None
        return keys

    def _evaluate_definition(self, definition: _Definition) -> _Value:
        dimension = definition.declared_dimension()
        if dimension is not None:
            return self._declared(definition, dimension)
        try:
            return self._evaluate(definition.tokens, allow_numbers=True)
        except _Rejected as problem:
            what = f"cannot read its definition '{_shortened(definition.text)}'"
            raise problem.as_unit_error(what, definition.subject) from None

    def _declared(self, definition: _Definition, dimension: str) -> _Value:
        if dimension in self._vocabulary.base_names:
            raise UnitError(
                f"{dimension} is a built-in dimension",
                subject=definition.subject,
                hint=f"define {definition.name} from one of its units, "
                f"e.g. '{self._vocabulary.base_names[dimension]}' or '1000 m'",
            )
        return _Value(Fraction(1), ((dimension, 1),))


def _parse_definition(name: str, text: object) -> _Definition:
    subject = f"unit '{name}'"
    if not isinstance(text, str) or not text.strip():
        raise UnitError(
            "a [units] definition must be a non-empty string",
            subject=subject,
            hint='e.g. case = "[case]", tenge = "KZT" or USD = "470 KZT"',
        )
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise UnitError(
            f"its definition is longer than {MAX_EXPRESSION_LENGTH} characters",
            subject=subject,
            hint="define a long unit in steps, one [units] entry for each part",
        )
    value, *aliases = (part.strip() for part in text.split("="))
    aliases = [alias for alias in aliases if alias != "_"]  # pint's "no symbol"
    for word in (name, *aliases):
        _check_name(word, subject)
    try:
        tokens = _tokenize(value)
    except _Rejected as problem:
        what = f"cannot read its definition '{_shortened(text)}'"
        raise problem.as_unit_error(what, subject) from None
    return _Definition(name, text, tuple(aliases), tokens)


def _check_name(word: str, subject: str) -> None:
    if not _NAME.match(word) or word in _RESERVED_WORDS:
        raise UnitError(
            f"'{_shortened(word)}' cannot be the name of a unit",
            subject=subject,
            hint="a unit name is a word: letters, digits and _, starting with a letter "
            "(and not per, square, sq, cubic, squared or cubed)",
        )


def _dependency_order(uses: Mapping[str, Iterable[str]]) -> list[str]:
    """Names in an order where each comes after those it uses (Kahn); a cycle's are left out."""
    users: dict[str, list[str]] = {name: [] for name in uses}
    waiting = dict.fromkeys(uses, 0)
    for name, used in uses.items():
        for dependency in used:
            users[dependency].append(name)
            waiting[name] += 1
    ready = deque(name for name, count in waiting.items() if count == 0)
    order = []
    while ready:
        name = ready.popleft()
        order.append(name)
        for user in users[name]:
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    return order


def _find_cycle(uses: Mapping[str, Iterable[str]], unresolved: list[str]) -> list[str]:
    """One cycle among ``unresolved``, each of which uses another one of them."""
    pending = set(unresolved)
    path = [unresolved[0]]
    while True:
        following = next(name for name in uses[path[-1]] if name in pending)
        if following in path:
            return [*path[path.index(following):], following]
        path.append(following)


def _leading_number(text: str) -> tuple[Fraction, str]:
    """The signed number a quantity starts with, exactly, and the rest of the text."""
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise UnitError(
            f"the quantity '{_shortened(text)}' is longer than {MAX_EXPRESSION_LENGTH} characters"
        )
    match = _NUMBER_AT_START.match(text)
    if match is None or not match.group("digits"):
        raise UnitError(
            f"the quantity '{_shortened(text)}' does not start with a number",
            hint="write a number and then its unit, e.g. '2 months' or '2,800 weapons'",
        )
    rest = text[match.end():]
    if _MISPLACED_DIGITS.match(rest):
        raise UnitError(
            f"cannot read the number in '{_shortened(text)}'",
            hint="',' only separates groups of three digits (2,800), '.' is the decimal "
            "point (3.5), and a number has no spaces (2800, not 2 800)",
        )
    try:
        number = _decimal(match.group("digits").replace(",", "") + (match.group("exponent") or ""))
    except _Rejected as problem:
        raise problem.as_unit_error(f"cannot read the quantity '{_shortened(text)}'") from None
    return (-number if match.group("sign") in ("-", "\N{MINUS SIGN}") else number), rest
