"""Property-based tests (hypothesis) over what a stranger can write: values, expressions,
unit definitions, TOML structure, and the sentences `extract` drafts claims from.

Each asserts what claimcheck promises for any input: exit 0, 1 or 2, never a traceback.
Derandomised and bounded (a few hundred examples in all, some seconds), so CI runs the
same inputs every time; bench/fuzz.py runs the same strategies much longer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.cli import main
from claimcheck.draft.extract import draft

BOUNDED = settings(derandomize=True, max_examples=60, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow])

QUALIFIERS = ["", "about ", "more than ", "over ", "at least ", "under ", "up to ",
              "nearly ", "almost ", "some ", "just over "]
SCALES = ["", " thousand", " million", " billion", "bn", "m", "k", " dozen", " hundred",
          " millions", "%", " per cent"]
NOUNS = ["people", "weapons", "eggs", "tenge", "buildings", "cases", "km", "days", ""]


def numbers() -> st.SearchStrategy[str]:
    plain = st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n:,}")
    decimal = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(str)
    words = st.sampled_from(["three", "twenty-one", "a dozen", "a hundred", "half",
                             "three and a half", "dozens", "hundreds", "thousands"])
    odd = st.text(alphabet="0123456789,.-+ e%", min_size=1, max_size=12)
    return st.one_of(plain, decimal, words, odd)


def values() -> st.SearchStrategy[str]:
    single = st.builds(lambda q, n, s: f"{q}{n}{s}", st.sampled_from(QUALIFIERS), numbers(),
                       st.sampled_from(SCALES))
    ranged = st.builds(lambda a, b, sep: f"{a}{sep}{b}", numbers(), numbers(),
                       st.sampled_from([" to ", "-", "\u2013", " and "]))
    return st.one_of(single, ranged, st.text(max_size=30))


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def run_file(tmp_path: Path, text: str, *args: str) -> int:
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    return main([*args, str(path)] if args[0] == "verify" else [*args, "--file", str(path)])


def assert_clean(code: int, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), code
    assert "Traceback" not in out + err


@BOUNDED
@given(value=values(), unit=st.sampled_from(["", "person", "billion tenge", "km", "%"]),
       tolerance=st.one_of(st.none(), st.sampled_from(["5%", "1", "1e16", "lots"]),
                           st.floats(allow_nan=True)))
def test_any_value_is_read_or_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      value: str, unit: str, tolerance: object) -> None:
    text = f"[claims.a]\nvalue = {toml_string(value)}\n"
    text += f"unit = {toml_string(unit)}\n" if unit else ""
    if isinstance(tolerance, str):
        text += f"tolerance = {toml_string(tolerance)}\n"
    elif isinstance(tolerance, float):
        text += f"tolerance = {tolerance!r}\n".replace("inf", "inf").replace("nan", "nan")
    text += '[claims.b]\nvalue = 3\n[rules.r]\ncheck = "a >= b"\n'
    assert_clean(run_file(tmp_path, text, "verify"), capsys)


def expressions() -> st.SearchStrategy[str]:
    leaf = st.sampled_from(["a", "b", "c", "d", "0", "2", "0.5", "'3 km'", "'1 day'"])
    return st.recursive(leaf, lambda inner: st.one_of(
        st.builds(lambda x, op, y: f"({x} {op} {y})", inner, st.sampled_from("+-*/"), inner),
        st.builds(lambda x: f"-{x}", inner),
        st.builds(lambda f, x, y: f"{f}({x}, {y})", st.sampled_from(["min", "max"]), inner,
                  inner),
        st.builds(lambda x: f"abs({x})", inner)), max_leaves=8)


CLAIMS = ('[claims.a]\nvalue = "about 7"\n[claims.b]\nvalue = "more than 3"\n'
          '[claims.c]\nvalue = "2 to 5"\n[claims.d]\nderived = "a + b * c"\n')


@BOUNDED
@given(left=expressions(), op=st.sampled_from(["==", "<=", "<", ">", "!="]),
       right=expressions(), tolerance=st.sampled_from(["", "1%", "2"]))
def test_any_check_is_decided_or_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         left: str, op: str, right: str,
                                         tolerance: str) -> None:
    text = CLAIMS + f'[rules.r]\ncheck = "{left} {op} {right}"\n'
    text += f'tolerance = "{tolerance}"\n' if tolerance else ""
    assert_clean(run_file(tmp_path, text, "verify"), capsys)


@settings(derandomize=True, max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(left=expressions(), right=expressions())
def test_any_check_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                left: str, right: str) -> None:
    text = CLAIMS + f'[rules.r]\ncheck = "{left} <= {right}"\n'
    assert_clean(run_file(tmp_path, text, "explain", "r"), capsys)


UNIT_WORDS = st.sampled_from(["person", "[case]", "KZT", "470 KZT", "1000 * meter", "day",
                              "people", "thousand", "body", "x ** 2", "10**10**10", "",
                              "unit", "1/0", "meter / second"])


@BOUNDED
@given(definitions=st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,6}", fullmatch=True),
                                   UNIT_WORDS, max_size=4),
       unit=st.sampled_from(["person", "case", "tenge", "km", "body", "dollar"]))
def test_any_unit_definition_is_used_or_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], definitions: dict[str, str],
        unit: str) -> None:
    units = "".join(f"{name} = {toml_string(text)}\n" for name, text in definitions.items())
    text = (f"[units]\n{units}[claims.a]\nvalue = 3\nunit = \"{unit}\"\n"
            f"[claims.b]\nvalue = 4\nunit = \"person\"\n[rules.r]\ncheck = \"a <= b\"\n")
    assert_clean(run_file(tmp_path, text, "verify"), capsys)


TOML_PIECES = st.sampled_from([
    "[claims.a]\n", "[claims.b]\n", "[rules.r]\n", "[document]\n", "[units]\n", "[claims]\n",
    'value = 3\n', 'value = "x"\n', 'derived = "a + 1"\n', 'check = "a <= b"\n',
    'unit = "person"\n', 'quote = "3 people"\n', 'source = "doc.txt"\n', "a.b.c = 1\n",
    "[[claims]]\n", 'value = [1, 2]\n', "value = 2022-03-14\n", 'tolerance = "5%"\n',
    "= 3\n", '"quoted" = 1\n', "\ufeff", "[ claims . c ]\n", "value = 1e400\n",
    "value = " + "9" * 40 + "\n", 'check = "a +"\n', "\r\n"])


@BOUNDED
@given(pieces=st.lists(TOML_PIECES, max_size=14))
def test_any_toml_structure_is_read_or_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], pieces: list[str]) -> None:
    (tmp_path / "doc.txt").write_text("Then 3 people came.\n", encoding="utf-8")
    assert_clean(run_file(tmp_path, "".join(pieces), "verify"), capsys)


# --- item 11: a draft verifies on its own source -----------------------------------------


DRAFT_QUALIFIERS = ["", "about ", "more than ", "over ", "at least ", "nearly ", "up to ",
                    "some ", "almost ", "fewer than "]
DRAFT_SCALES = ["", " thousand", " million", " millions", " billion", "bn", "m", " dozen",
                " hundred", "%", " per cent", " billions"]
DRAFT_NOUNS = ["people", "weapons", "eggs", "tenge", "buildings", "were spent", "dollars",
               "km of road", "schools", "cases were opened", ""]


def sentences() -> st.SearchStrategy[str]:
    number = st.one_of(st.integers(min_value=1, max_value=99_999).map(lambda n: f"{n:,}"),
                       st.sampled_from(["3.5", "12", "800", "nine", "twenty-one", "a dozen",
                                        "2,800", "38.6", "0.5"]))
    clause = st.builds(lambda q, n, s, w: f"{q}{n}{s} {w}".strip(),
                       st.sampled_from(DRAFT_QUALIFIERS), number,
                       st.sampled_from(DRAFT_SCALES), st.sampled_from(DRAFT_NOUNS))
    return st.lists(clause, min_size=1, max_size=4).map(
        lambda clauses: "In the report, " + ", and ".join(clauses) + ".")


@settings(derandomize=True, max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=st.lists(sentences(), min_size=1, max_size=3).map(" ".join))
def test_a_draft_verifies_on_its_own_source(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    (tmp_path / "doc.txt").write_text(text + "\n", encoding="utf-8")
    claims = tmp_path / "claims.toml"
    claims.write_text(draft(text + "\n", source_path="doc.txt", title=None), encoding="utf-8")
    code = main(["verify", str(claims), "--format", "concise"])
    out, err = capsys.readouterr()
    assert code == 0, f"{text}\n{out}{err}\n{claims.read_text()}"
