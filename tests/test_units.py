"""Tests for claimcheck.quantities.units: vocabulary, count nouns, [units], safety, quantities."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import time
from fractions import Fraction

import pytest

from claimcheck.errors import UnitError
from claimcheck.quantities import units
from claimcheck.quantities.units import NO_UNIT, Dimension, Unit, UnitSystem, singular

LENGTH = (("[length]", 1),)
TIME = (("[time]", 1),)
MASS = (("[mass]", 1),)
AREA = (("[length]", 2),)
VOLUME = (("[length]", 3),)
SPEED = (("[length]", 1), ("[time]", -1))
ENERGY = (("[length]", 2), ("[mass]", 1), ("[time]", -2))  # the base of mass is the gram
POWER = (("[length]", 2), ("[mass]", 1), ("[time]", -3))
DATA = (("[information]", 1),)
KZT = (("[currency_KZT]", 1),)
USD = (("[currency_USD]", 1),)
DAY = 86400
YEAR = 365 * DAY + DAY // 4


def noun(name: str) -> Dimension:
    return ((f"[{name}]", 1),)


# ---------------------------------------------------------------- the vocabulary


@pytest.mark.parametrize(
    ("expression", "factor", "dimension"),
    [
        ("km", 1000, LENGTH),
        ("kilometre", 1000, LENGTH),
        ("kilometers", 1000, LENGTH),
        ("m", 1, LENGTH),
        ("meters", 1, LENGTH),
        ("cm", Fraction(1, 100), LENGTH),
        ("mile", Fraction("1609.344"), LENGTH),
        ("feet", Fraction("0.3048"), LENGTH),
        ("inches", Fraction("0.0254"), LENGTH),
        ("s", 1, TIME),
        ("ms", Fraction(1, 1000), TIME),
        ("min", 60, TIME),
        ("hour", 3600, TIME),
        ("hours", 3600, TIME),
        ("h", 3600, TIME),
        ("days", DAY, TIME),
        ("week", 7 * DAY, TIME),
        ("month", YEAR // 12, TIME),  # 2,629,800 s: 1/12 of a 365.25-day year
        ("months", 2_629_800, TIME),
        ("years", YEAR, TIME),
        ("decade", 10 * YEAR, TIME),
        ("%", Fraction(1, 100), ()),
        ("percent", Fraction(1, 100), ()),
        ("‰", Fraction(1, 1000), ()),
        ("ppm", Fraction(1, 10**6), ()),
        ("dozen", 12, ()),
        ("hundred", 100, ()),
        ("thousand", 1000, ()),
        ("million", 10**6, ()),
        ("millions", 10**6, ()),
        ("billion", 10**9, ()),
        ("trillion", 10**12, ()),
        ("billion KZT", 10**9, KZT),
        ("million USD", 10**6, USD),
        ("USD million", 10**6, USD),
        ("kWh", 3_600_000 * 1000, ENERGY),
        ("J", 1000, ENERGY),
        ("kcal", 4184 * 1000, ENERGY),
        ("MW", 10**6 * 1000, POWER),
        ("GB", 8 * 10**9, DATA),
        ("MiB", 8 * 2**20, DATA),
        ("Mbps", 10**6, (("[information]", 1), ("[time]", -1))),
        ("g", 1, MASS),
        ("kg", 1000, MASS),
        ("tonnes", 10**6, MASS),
        ("kt", 10**9, MASS),
        ("lb", Fraction("453.59237"), MASS),
        ("ha", 10**4, AREA),
        ("km²", 10**6, AREA),
        ("km^2", 10**6, AREA),
        ("square kilometres", 10**6, AREA),
        ("sq km", 10**6, AREA),
        ("acre", Fraction("4046.8564224"), AREA),
        ("L", Fraction(1, 1000), VOLUME),
        ("ml", Fraction(1, 10**6), VOLUME),
        ("cubic metres", 1, VOLUME),
        ("m³", 1, VOLUME),
        ("gallon", Fraction("0.003785411784"), VOLUME),
        ("km/h", Fraction(5, 18), SPEED),
        ("kilometres per hour", Fraction(5, 18), SPEED),
        ("mph", Fraction("0.44704"), SPEED),
        ("m s**-1", 1, SPEED),
    ],
)
def test_vocabulary_units(expression: str, factor: Fraction | int, dimension: Dimension) -> None:
    unit = UnitSystem().unit(expression)
    assert (unit.factor, unit.dimension) == (Fraction(factor), dimension)


@pytest.mark.parametrize(
    "word",
    ["unit", "units", "point", "points", "case", "cases", "line", "lines", "cup", "cups",
     "stone", "stones", "bar", "knot", "barrel", "ton", "pound", "degree", "grain", "drop",
     "hand", "dam", "dams", "weapon", "weapons"],
)
def test_ordinary_nouns_are_count_nouns(word: str) -> None:
    unit = UnitSystem().unit(word)
    assert unit == Unit(Fraction(1), noun(singular(word)), singular(word))


def test_count_noun_that_names_a_dimension_keeps_its_own() -> None:
    # "5 times" is a count, not 5 seconds, although "[time]" is the dimension of time.
    system = UnitSystem()
    times = system.unit("times")
    assert times.dimension != system.unit("s").dimension
    assert (times.text, system.describe(times.dimension)) == ("time", "time (count noun)")


@pytest.mark.parametrize("code", ["KZT", "USD", "EUR", "INR", "JPY", "GBP", "CHF", "XAU", "HRK"])
def test_currency_is_its_own_dimension(code: str) -> None:
    system = UnitSystem()
    unit = system.unit(code)
    assert unit == Unit(Fraction(1), ((f"[currency_{code}]", 1),), code)
    assert system.describe(unit.dimension) == code


def test_every_iso_code_is_a_distinct_dimension() -> None:
    text = units.VOCABULARY_FILE.read_text(encoding="utf-8")
    codes = re.findall(r"^([A-Z]{3}) = \[currency_\1\]$", text, flags=re.MULTILINE)
    dimensions = {UnitSystem().unit(code).dimension for code in codes}
    assert len(codes) >= 180  # ISO 4217 list one has about 180 codes
    assert len(dimensions) == len(codes)


@pytest.fixture(scope="module")
def pint_registry() -> object:
    """pint itself, reading units.txt (and nothing else) as its whole vocabulary."""
    pint = pytest.importorskip("pint")
    registry = pint.UnitRegistry(None)
    registry.load_definitions(str(units.VOCABULARY_FILE))
    return registry


def pint_reading(registry: object, expression: str) -> tuple[float, Dimension]:
    quantity = registry(expression).to_root_units()  # type: ignore[operator]
    dimension = tuple(sorted((name, int(power)) for name, power in quantity.dimensionality.items()))
    return float(quantity.magnitude), dimension


def agrees(reading: tuple[float, Dimension], factor: Fraction, dimension: Dimension) -> bool:
    magnitude, pint_dimension = reading
    return pint_dimension == dimension and math.isclose(magnitude, factor, rel_tol=1e-12)


def test_vocabulary_agrees_with_pint(pint_registry: object) -> None:
    """units.txt is pint's syntax: pint reads every unit and prefixed unit the same way."""
    vocabulary = units._vocabulary()
    words = list(vocabulary.units) + [
        prefix + name for prefix in vocabulary.prefixes for name in sorted(vocabulary.prefixable)
    ]
    found = [(word, vocabulary.find(word)) for word in words]
    read = [(word, value) for word, value in found if value is not None]
    disagreeing = [
        word
        for word, value in read
        if not agrees(pint_reading(pint_registry, word), value.factor, value.dimension)
    ]
    assert disagreeing == []
    assert len(read) > 1500


@pytest.mark.parametrize(
    "expression",
    ["km/h", "kg m / s^2", "km/h m", "m²", "s⁻¹", "m**(2)", "square kilometres", "sq km",
     "km squared", "cubic metres", "kilometres per hour", "billion KZT / month", "1/s",
     "kWh / (m**2 day)", "43 INR/USD", "1.5 km", "kg·m", "MiB / s", "% / year"],
)
def test_grammar_agrees_with_pint(pint_registry: object, expression: str) -> None:
    unit = UnitSystem().unit(expression)
    assert agrees(pint_reading(pint_registry, expression), unit.factor, unit.dimension)


# ---------------------------------------------------------------- plurals and count nouns


PLURALS = [
    ("weapons", "weapon"),
    ("countries", "country"),
    ("people", "person"),
    ("cases", "case"),
    ("businesses", "business"),
    ("properties", "property"),
    ("men", "man"),
    ("women", "woman"),
    ("children", "child"),
    ("policemen", "policeman"),
    ("buildings", "building"),
    ("facilities", "facility"),
    ("allegations", "allegation"),
    ("taxes", "tax"),
    ("churches", "church"),
    ("classes", "class"),
    ("crises", "crisis"),
    ("buses", "bus"),
    ("heroes", "hero"),
    ("lives", "life"),
    ("caches", "cache"),
    ("movies", "movie"),
    ("criteria", "criterion"),
    ("days", "day"),
    ("NGOs", "NGO"),
    ("Weapons", "Weapon"),
    ("People", "Person"),
    ("KZT", "KZT"),
    ("SMS", "SMS"),
    ("series", "series"),
    ("news", "news"),
    ("status", "status"),
    ("analysis", "analysis"),
    ("gas", "gas"),
    ("us", "us"),
]


@pytest.mark.parametrize(("plural", "expected"), PLURALS)
def test_singular(plural: str, expected: str) -> None:
    assert singular(plural) == expected


@pytest.mark.parametrize(
    "word", sorted({s for _, s in PLURALS} | set(units._IRREGULAR_PLURALS.values()))
)
def test_singular_keeps_a_singular(word: str) -> None:
    # Otherwise "weapon" and "weapons" would be two different count nouns.
    assert singular(word) == word


def test_plural_and_singular_are_one_count_noun() -> None:
    system = UnitSystem()
    weapon = Unit(Fraction(1), noun("weapon"), "weapon")
    assert system.unit("weapons") == system.unit("weapon") == weapon
    assert system.unit("people").dimension == system.unit("persons").dimension == noun("person")
    assert system.count_nouns == ("weapon", "person")


def test_count_nouns_in_order_of_first_use() -> None:
    system = UnitSystem()
    for expression in ["cameras", "km", "weapon / person", "billion KZT", "cameras"]:
        system.unit(expression)
    assert system.count_nouns == ("camera", "weapon", "person")


def test_units_and_quantities_are_cached_per_text() -> None:
    system = UnitSystem()
    assert system.unit("weapons per person") is system.unit("weapons per person")
    assert system.quantity("2 months") is system.quantity("2 months")


@pytest.mark.parametrize(
    ("expression", "text"),
    [
        ("weapons", "weapon"),
        ("  billion   KZT ", "billion KZT"),
        ("people", "person"),
        ("km/h", "km/h"),
        ("square kilometres", "square kilometre"),
        ("weapons per 1000 people", "weapon per 1000 person"),
        (None, ""),
        ("", ""),
    ],
)
def test_unit_text(expression: str | None, text: str) -> None:
    assert UnitSystem().unit(expression).text == text


def test_no_unit_is_a_plain_number() -> None:
    assert UnitSystem().unit(None) == NO_UNIT == Unit(Fraction(1), (), "")


@pytest.mark.parametrize(
    ("expression", "described"),
    [
        ("weapon", "weapon"),
        ("cases", "case"),
        ("KZT", "KZT"),
        ("billion tenge", "KZT"),
        ("weapon / person", "weapon / person"),
        ("km", "length"),
        ("%", "dimensionless"),
        ("", "dimensionless"),
        ("km/h", "speed"),
        ("kWh", "energy"),
        ("person hour", "person * time"),
        ("case / (person day)", "case / (person * time)"),
        ("m**-1", "1 / length"),
        ("weapon**2", "weapon^2"),
    ],
)
def test_describe(expression: str, described: str) -> None:
    system = UnitSystem({"case": "[case]", "tenge": "KZT"})
    assert system.describe(system.unit(expression).dimension) == described


# ---------------------------------------------------------------- [units]

FORMAT_PAGE_UNITS = {"case": "[case]", "person": "[person] = people", "tenge": "KZT"}


@pytest.mark.parametrize(
    ("definitions", "expression", "factor", "dimension", "nouns"),
    [
        (FORMAT_PAGE_UNITS, "cases", 1, noun("case"), ()),
        (FORMAT_PAGE_UNITS, "people", 1, noun("person"), ()),
        (FORMAT_PAGE_UNITS, "persons", 1, noun("person"), ()),
        (FORMAT_PAGE_UNITS, "billion tenge", 10**9, KZT, ()),
        ({"USD": "470 KZT"}, "USD", 470, KZT, ()),
        ({"USD": "470 KZT"}, "million USD", 470 * 10**6, KZT, ()),
        ({"body": "person"}, "bodies", 1, noun("person"), ("person",)),
        ({"property": "building"}, "properties", 1, noun("building"), ("building",)),
        ({"dozen_cases": "12 case", "case": "[case]"}, "dozen_cases", 12, noun("case"), ()),
        ({"a": "2 b", "b": "3 c", "c": "[c]"}, "a", 6, noun("c"), ()),
        ({"c": "[c]", "b": "3 c", "a": "2 b"}, "a", 6, noun("c"), ()),
        ({"m": "[widget]"}, "m", 1, noun("widget"), ()),
        ({"tenge": "KZT = _ = теңге"}, "теңге", 1, KZT, ()),
        ({"ton": "tonne"}, "tons", 10**6, MASS, ()),
    ],
)
def test_definitions(
    definitions: dict[str, str],
    expression: str,
    factor: int,
    dimension: Dimension,
    nouns: tuple[str, ...],
) -> None:
    system = UnitSystem(definitions)
    unit = system.unit(expression)
    assert (unit.factor, unit.dimension, system.count_nouns) == (Fraction(factor), dimension, nouns)


def test_definitions_never_leak_into_another_system() -> None:
    defined = UnitSystem({"USD": "470 KZT", "m": "[widget]", "body": "person"})
    plain = UnitSystem()
    assert defined.unit("USD").dimension == KZT
    assert plain.unit("USD").dimension == USD
    assert plain.unit("m").dimension == LENGTH
    assert (defined.count_nouns, plain.count_nouns) == (("person",), ())


@pytest.mark.parametrize(
    ("definitions", "subject", "cycle"),
    [
        ({"a": "a"}, "a", "a -> a"),
        ({"a": "b", "b": "a"}, "a", "a -> b -> a"),
        ({"x": "2 y", "y": "3 z", "z": "x / 6", "w": "[w]"}, "x", "x -> y -> z -> x"),
        ({"apple": "pears", "pear": "2 apples"}, "apple", "apple -> pear -> apple"),
        ({"KZT": "KZT"}, "KZT", "KZT -> KZT"),
    ],
)
def test_cycles_are_errors(definitions: dict[str, str], subject: str, cycle: str) -> None:
    with pytest.raises(UnitError) as raised:
        UnitSystem(definitions)
    assert raised.value.subject == f"unit '{subject}'"
    assert cycle in raised.value.message


@pytest.mark.parametrize(
    ("definitions", "subject"),
    [
        ({"x": ""}, "x"),
        ({"x": "   "}, "x"),
        ({"x": 470}, "x"),
        ({"x": "1 +"}, "x"),
        ({"x": "$5"}, "x"),
        ({"x": "m; offset: 3"}, "x"),
        ({"x": "0 m"}, "x"),
        ({"x": "m / 0"}, "x"),
        ({"x": "[length]"}, "x"),
        ({"x": "[currency_KZT]"}, "x"),
        ({"x": "[a] m"}, "x"),
        ({"x": "m = 4y"}, "x"),
        ({"x": "[x] = y", "y": "m"}, "y"),
        ({"kilo-": "1000"}, "kilo-"),
        ({"2x": "m"}, "2x"),
        ({"per": "m"}, "per"),
        ({"a": "b", "b": "m**99"}, "b"),
        ({"x": "m" * 201}, "x"),
    ],
)
def test_bad_definitions_name_the_unit(definitions: dict[str, str], subject: str) -> None:
    with pytest.raises(UnitError) as raised:
        UnitSystem(definitions)
    assert raised.value.subject == f"unit '{subject}'"
    assert raised.value.hint


def test_long_definition_chains_do_not_recurse() -> None:
    chain = {f"u{i}": f"u{i + 1}" for i in range(5000)} | {"u5000": "[thing]"}
    assert UnitSystem(chain).unit("u0").dimension == noun("thing")
    circle = {f"u{i}": f"u{(i + 1) % 5000}" for i in range(5000)}
    with pytest.raises(UnitError, match="circle"):
        UnitSystem(circle)


@pytest.mark.parametrize(
    "definitions",
    [
        {f"u{i}": f"1000 u{i + 1}" for i in range(200)} | {"u200": "[thing]"},
        {f"u{i}": f"u{i + 1} u{i + 1}" for i in range(200)} | {"u200": "[thing]"},
        {f"u{i}": f"(u{i + 1})**10" for i in range(200)} | {"u200": "1000 m"},
    ],
    ids=["factors", "doubling", "powers"],
)
def test_definitions_cannot_grow_without_bound(definitions: dict[str, str]) -> None:
    started = time.perf_counter()
    with pytest.raises(UnitError, match=r"too large|beyond"):
        UnitSystem(definitions)
    assert time.perf_counter() - started < 0.5


# ---------------------------------------------------------------- safety

UNSAFE = [
    "10**10**10",
    "2**999999",
    "2**-999999",
    "__import__('os')",
    "().__class__",
    "m.__class__",
    "lambda: 0",
    "'m'",
    "1e999999 m",
    "(" * 50 + "m" + ")" * 50,
    "(" * 100_000 + "m" + ")" * 100_000,
    "m " * 10**6,
    "((((((m**10)**10)**10)**10)**10)**10)",
    "((((10**10)**10)**10)**10)",
    "(" * 19 + "m",
]


@pytest.mark.parametrize("expression", UNSAFE, ids=lambda text: text[:30])
def test_unsafe_units_are_rejected_fast(expression: str) -> None:
    started = time.perf_counter()
    with pytest.raises(UnitError):
        UnitSystem().unit(expression)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("expression", UNSAFE, ids=lambda text: text[:30])
def test_unsafe_definitions_are_rejected_fast(expression: str) -> None:
    started = time.perf_counter()
    with pytest.raises(UnitError) as raised:
        UnitSystem({"evil": expression})
    assert raised.value.subject == "unit 'evil'"
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("expression", "hint"),
    [("$", "ISO 4217"), ("weapon-hours", "join words"), ("2,800 m", "no commas")],
)
def test_rejections_say_what_to_do(expression: str, hint: str) -> None:
    with pytest.raises(UnitError) as raised:
        UnitSystem().unit(expression)
    assert hint in (raised.value.hint or "")
    assert raised.value.file is None and raised.value.line is None  # the caller adds them


def test_limits_are_reachable() -> None:
    system = UnitSystem()
    assert system.unit("(" * 20 + "m" + ")" * 20).dimension == LENGTH
    assert system.unit("m**10").dimension == (("[length]", 10),)
    with pytest.raises(UnitError, match="deeper"):
        system.unit("(" * 21 + "m" + ")" * 21)
    with pytest.raises(UnitError, match="too large"):
        system.unit("m**11")


# ---------------------------------------------------------------- quantities


@pytest.mark.parametrize(
    ("text", "magnitude", "unit_text"),
    [
        ("2,800 weapons", 2800, "weapon"),
        ("1.5 km", 1500, "km"),
        ("1.5km", 1500, "km"),
        ("-3 days", -3 * DAY, "day"),
        ("\N{MINUS SIGN}3 days", -3 * DAY, "day"),
        ("+2 h", 7200, "h"),
        ("43 INR/USD", 43, "INR/USD"),
        ("2 months", 2 * 2_629_800, "month"),
        ("5%", Fraction(1, 20), "%"),
        ("0.5", Fraction(1, 2), ""),
        ("1,000,000 USD", 10**6, "USD"),
        ("2.5e3 m", 2500, "m"),
        ("3 billion KZT", 3 * 10**9, "billion KZT"),
    ],
)
def test_quantity(text: str, magnitude: Fraction | int, unit_text: str) -> None:
    number, unit = UnitSystem().quantity(text)
    assert (number, unit.text) == (magnitude, unit_text)


@pytest.mark.parametrize(
    "text",
    ["3,5 km", "2 800 m", "12,3456 m", "1.5.2 m", "2 km 800 m", "2 (800 m)", "months", "",
     "-", "2e999 m", "1" * 300],
)
def test_bad_quantities(text: str) -> None:
    with pytest.raises(UnitError):
        UnitSystem().quantity(text)


def test_quantity_uses_the_file_units() -> None:
    system = UnitSystem({"USD": "470 KZT"})
    assert system.quantity("2 USD") == (Fraction(940), Unit(Fraction(470), KZT, "USD"))


# ---------------------------------------------------------------- speed


def test_checking_units_does_not_import_pint() -> None:
    code = (
        "import sys; from claimcheck.quantities.units import UnitSystem; "
        "s = UnitSystem({'tenge': 'KZT'}); s.unit('billion tenge'); s.quantity('2 months'); "
        "print('pint' in sys.modules)"
    )
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
