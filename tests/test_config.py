"""Configuration files: discovery upwards, precedence, every key, and errors with lines."""

from __future__ import annotations

import textwrap
from fractions import Fraction
from pathlib import Path

import pytest

from claimcheck.config import (
    Config,
    find_config,
    find_config_file,
    key_lines,
    load_config,
)
from claimcheck.errors import LoadError
from claimcheck.quantities.values import DEFAULT_WIDTHS, Widths


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# ---------------------------------------------------------------- discovery

def test_no_file_gives_the_defaults(tmp_path: Path) -> None:
    config = find_config(tmp_path)
    assert config == Config()
    assert config.paths == (Path("data/claims.toml"),)
    assert (config.strict, config.format, config.exit_zero) == (False, None, False)
    assert config.widths == DEFAULT_WIDTHS
    assert config.file is None


def test_found_from_a_subdirectory_upwards(tmp_path: Path) -> None:
    write(tmp_path / "claimcheck.toml", "strict = true\n")
    deep = tmp_path / "docs" / "2022" / "march"
    deep.mkdir(parents=True)
    config = find_config(deep)
    assert config.file == tmp_path / "claimcheck.toml"
    assert config.strict is True


def test_claimcheck_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.claimcheck]\nformat = 'json'\n")
    write(tmp_path / "claimcheck.toml", "format = 'sarif'\n")
    assert find_config(tmp_path).format == "sarif"


def test_the_nearest_directory_wins(tmp_path: Path) -> None:
    write(tmp_path / "claimcheck.toml", "format = 'json'\n")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.claimcheck]\nformat = 'github'\n")
    assert find_config(tmp_path / "sub").format == "github"


def test_a_pyproject_without_the_table_does_not_count(tmp_path: Path) -> None:
    write(tmp_path / "claimcheck.toml", "format = 'concise'\n")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert find_config_file(tmp_path / "sub") == tmp_path / "claimcheck.toml"
    assert find_config(tmp_path / "sub").format == "concise"


def test_an_empty_tool_table_counts(tmp_path: Path) -> None:
    write(tmp_path / "claimcheck.toml", "format = 'concise'\n")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.claimcheck]\n")
    config = find_config(tmp_path / "sub")
    assert config.file == tmp_path / "sub" / "pyproject.toml"
    assert config.format is None


def test_start_may_be_a_file(tmp_path: Path) -> None:
    write(tmp_path / "claimcheck.toml", "exit_zero = true\n")
    claims = write(tmp_path / "claims.toml", "")
    assert find_config(claims).exit_zero is True


def test_load_config_of_a_pyproject_without_the_table(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert load_config(pyproject) == Config(file=pyproject)


# ---------------------------------------------------------------- every key

def test_every_key_in_claimcheck_toml(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "claimcheck.toml", """
        paths = ["docs/claims.toml", "reports"]
        strict = true
        format = "github"
        exit_zero = true

        [values]
        about = "15%"
        about_reading = "7.5%"
        nearly = "20%"
        nearly_reading = "2%"
    """))
    assert config == Config(
        paths=(tmp_path / "docs/claims.toml", tmp_path / "reports"),
        strict=True,
        format="github",
        exit_zero=True,
        widths=Widths(about_hard=Fraction(15, 100), about_reading=Fraction(75, 1000),
                      nearly_hard=Fraction(20, 100), nearly_reading=Fraction(2, 100)),
        file=tmp_path / "claimcheck.toml",
    )


def test_every_key_in_pyproject(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "pyproject.toml", """
        [project]
        name = "my-report"

        [tool.claimcheck]
        paths = ["claims"]
        strict = false
        format = "concise"
        exit_zero = false

        [tool.claimcheck.values]
        nearly = "12.5%"
    """))
    assert config.paths == (tmp_path / "claims",)
    assert (config.strict, config.format, config.exit_zero) == (False, "concise", False)
    assert config.widths == Widths(nearly_hard=Fraction(1, 8))


@pytest.mark.parametrize("values", [
    'values = { about = "20%" }',
    '[values]\nabout = "20%"',
    'values.about = "20%"',
])
def test_values_written_any_toml_way(tmp_path: Path, values: str) -> None:
    config = load_config(write(tmp_path / "claimcheck.toml", values + "\n"))
    assert config.widths.about_hard == Fraction(1, 5)
    assert config.widths.about_reading == DEFAULT_WIDTHS.about_reading


@pytest.mark.parametrize(("format_name"), ["table", "concise", "json", "github", "sarif"])
def test_every_format(tmp_path: Path, format_name: str) -> None:
    config = load_config(write(tmp_path / "claimcheck.toml", f"format = '{format_name}'\n"))
    assert config.format == format_name


def test_paths_are_relative_to_the_config_files_directory(tmp_path: Path) -> None:
    write(tmp_path / "claimcheck.toml", "paths = ['a.toml', '../b.toml', 'x/y']\n")
    (tmp_path / "sub").mkdir()
    config = find_config(tmp_path / "sub")
    assert config.paths == (tmp_path / "a.toml", tmp_path / "../b.toml", tmp_path / "x/y")


def test_default_paths_with_a_config_file_are_next_to_it(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "claimcheck.toml", "strict = true\n"))
    assert config.paths == (tmp_path / "data" / "claims.toml",)


# ---------------------------------------------------------------- errors, with lines

def load_error(path: Path, text: str) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_config(write(path, text))
    return caught.value


@pytest.mark.parametrize(("text", "line", "subject", "hint"), [
    ("strict = true\nformt = 'json'\n", 2, "key 'formt'", "did you mean 'format'?"),
    ("# settings\n\nexitzero = true\n", 3, "key 'exitzero'", "did you mean 'exit_zero'?"),
    ("colour = 'red'\n", 1, "key 'colour'", "known keys: paths, strict, format, exit_zero, "
                                            "values, source_roots, max_file_size"),
    ("[values]\nabout = '10%'\nnerly = '5%'\n", 3, "key 'values.nerly'",
     "did you mean 'nearly'?"),
    ("values = { about = '10%', nerly = '5%' }\n", 1, "key 'values.nerly'",
     "did you mean 'nearly'?"),
])
def test_unknown_key_in_claimcheck_toml(tmp_path: Path, text: str, line: int, subject: str,
                                        hint: str) -> None:
    error = load_error(tmp_path / "claimcheck.toml", text)
    assert (error.file, error.line) == (str(tmp_path / "claimcheck.toml"), line)
    assert error.subject == subject
    assert error.message == "unknown configuration key"
    assert error.hint == hint


def test_unknown_key_in_pyproject_points_at_its_own_table(tmp_path: Path) -> None:
    # 'strictt' also appears in another table and in a multi-line string above it:
    # only the one under [tool.claimcheck] is the culprit.
    error = load_error(tmp_path / "pyproject.toml", '''
        [project]
        description = """
        strictt = "not a key: inside a string"
        """

        [tool.other]
        strictt = 1

        [tool.claimcheck]
        paths = ["claims.toml"]
        strictt = true
    ''')
    assert error.line == 11
    assert error.subject == "key 'tool.claimcheck.strictt'"
    assert str(error) == (f"{tmp_path / 'pyproject.toml'}:11: key 'tool.claimcheck.strictt': "
                          "unknown configuration key\n  hint: did you mean 'strict'?")


def test_unknown_key_in_pyproject_values_table(tmp_path: Path) -> None:
    error = load_error(tmp_path / "pyproject.toml", """
        [tool.claimcheck]
        strict = true

        [tool.claimcheck.values]
        about = "10%"
        abuot_reading = "5%"
    """)
    assert (error.line, error.subject) == (6, "key 'tool.claimcheck.values.abuot_reading'")
    assert error.hint == "did you mean 'about_reading'?"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("strict = 'yes'\n", 1, "must be true or false, not a string"),
    ("# settings\nexit_zero = 1\n", 2, "must be true or false, not an integer"),
    ("format = 'xml'\n", 1, "unknown format 'xml'"),
    ("format = 3\n", 1, "unknown format an integer"),
    ("paths = 'data/claims.toml'\n", 1,
     "must be a non-empty array of path strings, not a string"),
    ("paths = []\n", 1, "must be a non-empty array of path strings, not an empty array"),
    ("paths = ['a.toml', 2]\n", 1,
     "must be a non-empty array of path strings, not an array holding an integer"),
    ("paths = ['a.toml', '']\n", 1,
     "must be a non-empty array of path strings, not an array holding an empty string"),
    ("values = '10%'\n", 1, "must be a table, not a string"),
    ("[values]\nabout = 0.1\n", 2,
     "must be a percentage above 0% and below 100%, not a float"),
    ("[values]\nabout = '10'\n", 2,
     "must be a percentage above 0% and below 100%, not '10'"),
    ("[values]\nnearly = '0%'\n", 2,
     "must be a percentage above 0% and below 100%, not '0%'"),
    ("[values]\nnearly = '100%'\n", 2,
     "must be a percentage above 0% and below 100%, not '100%'"),
    ("[values]\nabout = '-5%'\n", 2,
     "must be a percentage above 0% and below 100%, not '-5%'"),
])
def test_wrong_types_and_values(tmp_path: Path, text: str, line: int, message: str) -> None:
    error = load_error(tmp_path / "claimcheck.toml", text)
    assert (error.line, error.message) == (line, message)
    assert error.hint


@pytest.mark.parametrize(("text", "line", "subject", "message"), [
    # about_reading 5% (the default) would be wider than about 4%: blame about, the key
    # that was written.
    ("[values]\nabout = '4%'\n", 2, "key 'values.about'", "about_reading (5%) is wider than "
                                                          "about (4%)"),
    ("[values]\nnearly = '10%'\nnearly_reading = '12%'\n", 3, "key 'values.nearly_reading'",
     "nearly_reading (12%) is wider than nearly (10%)"),
])
def test_a_reading_may_not_be_wider_than_its_hard_interval(
        tmp_path: Path, text: str, line: int, subject: str, message: str) -> None:
    error = load_error(tmp_path / "claimcheck.toml", text)
    assert (error.line, error.subject, error.message) == (line, subject, message)


def test_equal_reading_and_hard_widths_are_allowed(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "claimcheck.toml",
                               "[values]\nabout = '5%'\nabout_reading = '5%'\n"))
    assert config.widths.about_hard == config.widths.about_reading == Fraction(1, 20)


def test_tool_claimcheck_must_be_a_table(tmp_path: Path) -> None:
    error = load_error(tmp_path / "pyproject.toml", "[tool]\nclaimcheck = true\n")
    assert (error.line, error.subject) == (2, "key 'tool.claimcheck'")
    assert error.message == "must be a table, not a boolean"


def test_toml_syntax_error_has_its_line(tmp_path: Path) -> None:
    error = load_error(tmp_path / "claimcheck.toml", "strict = true\nformat = \n")
    assert error.line == 2
    assert error.message.startswith("not valid TOML")


def test_a_broken_pyproject_on_the_way_up_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.claimcheck\n")
    with pytest.raises(LoadError) as caught:
        find_config(tmp_path)
    assert caught.value.file == str(tmp_path / "pyproject.toml")


# ---------------------------------------------------------------- the line scan

def test_key_lines() -> None:
    text = textwrap.dedent('''
        top = 1
        [tool.claimcheck]   # a comment
        "quoted" = 2
        values.about = "10%"
        note = """
        fake = 3
        """
        [ tool . claimcheck . values ]
        nearly = "5%"
        [[tool.mypy.overrides]]
        module = "x"
    ''').lstrip("\n")
    assert key_lines(text) == {
        ("top",): 1,
        ("tool", "claimcheck"): 2,
        ("tool", "claimcheck", "quoted"): 3,
        ("tool", "claimcheck", "values", "about"): 4,
        ("tool", "claimcheck", "note"): 5,
        ("tool", "claimcheck", "values"): 8,
        ("tool", "claimcheck", "values", "nearly"): 9,
        ("tool", "mypy", "overrides"): 10,
        ("tool", "mypy", "overrides", "module"): 11,
    }
