"""Configuration: ``[tool.claimcheck]`` in pyproject.toml, or a ``claimcheck.toml``.

Where it is found
=================

From the current directory upwards, up to the **root** and no further: the nearest
directory that holds ``.git``, a ``claimcheck.toml`` or a ``pyproject.toml`` with a
``[tool.claimcheck]`` table (``fileio.find_root``). The configuration is that
directory's ``claimcheck.toml``, else its pyproject.toml's table; a directory holding
only ``.git`` has none, and nothing above it is looked at (a file in a parent folder
of the repository never changes its results). When a directory has both files,
``claimcheck.toml`` wins. A ``pyproject.toml`` without the table does not count. With
no file at all, the defaults below apply. The file used is named in the output.
In ``claimcheck.toml`` the keys are top-level; in pyproject.toml they sit
under ``[tool.claimcheck]``::

    # claimcheck.toml                       # pyproject.toml
    paths = ["docs/claims"]                 [tool.claimcheck]
    strict = true                           paths = ["docs/claims"]
    format = "concise"                      strict = true
                                            format = "concise"
    [values]
    about = "15%"                           [tool.claimcheck.values]
    about_reading = "7.5%"                  about = "15%"

Keys
====

- ``paths`` (default ``["data/claims.toml"]``): the files and directories ``verify``
  checks when it is given none; relative to the configuration file's directory.
- ``strict`` (default ``false``): tensions fail the run, as ``--strict``.
- ``format`` (default: ``table``, or ``concise`` under pre-commit): one of
  ``claimcheck.report.FORMATS`` (``table``, ``concise``, ``json``, ``github``,
  ``sarif``, ``html``), as ``--format``.
- ``exit_zero`` (default ``false``): exit 0 even when a rule failed, as ``--exit-zero``.
- ``values.about`` (default ``"10%"``): the half-width of the hard interval of
  ``about X``, a percentage of X; ``values.about_reading`` (default ``"5%"``): the
  half-width of its reading.
- ``values.nearly`` (default ``"10%"``): how far below X ``nearly X`` may go;
  ``values.nearly_reading`` (default ``"5%"``): the same for its reading.

- ``source_roots`` (default ``[]``): folders, relative to the configuration file, that
  a ``[document] source`` may lie in besides its claims file's root (only the
  configuration can widen where sources are read from, never a claims file).
- ``max_file_size`` (default ``"50 MB"``): the largest claims file, source,
  configuration or ``extract`` document read, as bytes (an integer) or a string
  ``"N B"``, ``"N KB"``, ``"N MB"`` or ``"N GB"`` (powers of 1,000), at most 1 GB; a
  larger file is refused (exit 2).

A width is a string ``"N%"`` with 0 < N < 100, and a reading may not be wider than its
hard interval (a reader never takes words more loosely than they guarantee). Flags on
the command line override the file. An unknown key or a value of the wrong type is an
error that names the file and the line of the key.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from claimcheck.errors import LoadError
from claimcheck.fileio import (
    DEFAULT_ACCESS,
    DEFAULT_SIZE_LIMIT,
    Access,
    UnreadableFile,
    find_root,
    has_tool_table,
    read_user_text,
)
from claimcheck.quantities.values import DEFAULT_WIDTHS, Widths
from claimcheck.report import FORMATS

CONFIG_FILE = "claimcheck.toml"
PYPROJECT = "pyproject.toml"
DEFAULT_PATHS = ("data/claims.toml",)
TOP_KEYS = ("paths", "strict", "format", "exit_zero", "values", "source_roots",
            "max_file_size")
SIZE_UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9}
MAX_SIZE_LIMIT = 10**9  # a larger text would not fit the memory bound anyway
# The [values] keys and the Widths fields they set.
WIDTH_KEYS = {
    "about": "about_hard",
    "about_reading": "about_reading",
    "nearly": "nearly_hard",
    "nearly_reading": "nearly_reading",
}
# Each reading key, and the hard key whose width it may not exceed.
READING_OF = {"about_reading": "about", "nearly_reading": "nearly"}

Keys = tuple[str, ...]


@dataclass(frozen=True)
class Config:
    """The settings ``verify`` starts from; ``file`` is where they came from, if anywhere.

    ``format`` is ``None`` when the file does not choose one, so that the command line
    can pick its own default (``concise`` under pre-commit, ``table`` otherwise).
    """

    paths: tuple[Path, ...] = tuple(Path(p) for p in DEFAULT_PATHS)
    strict: bool = False
    format: str | None = None
    exit_zero: bool = False
    widths: Widths = DEFAULT_WIDTHS
    file: Path | None = None
    access: Access = DEFAULT_ACCESS


def find_config(start: Path) -> Config:
    """The configuration that applies in ``start`` (a directory): see the module doc."""
    found = find_config_file(start)
    return load_config(found) if found else Config()


def find_config_file(start: Path) -> Path | None:
    """The configuration file of ``start``'s root (see the module doc), if it has one."""
    root = find_root(start)
    own = root / CONFIG_FILE
    if os.path.lexists(own):  # read (and refused, if it is no regular file) by load_config
        return own
    pyproject = root / PYPROJECT
    if os.path.lexists(pyproject) and has_tool_table(pyproject):
        return pyproject
    return None


def load_config(path: Path) -> Config:
    """Read one configuration file: a pyproject.toml's ``[tool.claimcheck]``, or the
    top level of any other TOML file. A pyproject.toml without the table gives the
    defaults."""
    data = _parse(path)
    if path.name != PYPROJECT:
        return _build(data, _Source.of(path, ()))
    table = _tool_table(path, data)
    if table is None:
        return Config(file=path)
    return _build(table, _Source.of(path, ("tool", "claimcheck")))


# ---------------------------------------------------------------- where a key is

@dataclass(frozen=True)
class _Source:
    """The file being read, with the line of every key, to point errors at."""

    path: Path
    prefix: Keys
    lines: Mapping[Keys, int]

    @classmethod
    def of(cls, path: Path, prefix: Keys) -> _Source:
        return cls(path, prefix, key_lines(_read(path)))

    def error(self, keys: Keys, message: str, hint: str | None = None) -> LoadError:
        full = self.prefix + keys
        return LoadError(message, file=str(self.path), line=line_of(self.lines, full),
                         subject=f"key '{'.'.join(full)}'", hint=hint)


_TABLE_HEADER = re.compile(r"^\s*\[\[?([^\[\]]+)\]\]?\s*(#.*)?$")
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_KEY_LINE = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_MULTILINE_QUOTES = ('"""', "'''")


def key_lines(text: str) -> dict[Keys, int]:
    """The 1-based line of every table header and ``key =`` line, by its full dotted path.

    tomllib keeps no positions, so this small scan finds them. It skips the insides of
    multi-line strings; keys inside an inline table or array are not listed (an error
    there points at the line of the key that holds them).
    """
    lines: dict[Keys, int] = {}
    table: Keys = ()
    open_quote: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if open_quote:
            if line.count(open_quote) % 2 == 1:
                open_quote = None
            continue
        if header := _TABLE_HEADER.match(line):
            table = dotted(header.group(1))
            lines.setdefault(table, number)
        elif key := _KEY_LINE.match(line):
            lines.setdefault(table + dotted(key.group(1)), number)
        open_quote = next((q for q in _MULTILINE_QUOTES if line.count(q) % 2 == 1), None)
    return lines


def dotted(key: str) -> Keys:
    parts = re.findall(r""""[^"]*"|'[^']*'|[^.]+""", key)
    return tuple(part.strip().strip("\"'") for part in parts if part.strip())


def line_of(lines: Mapping[Keys, int], keys: Keys) -> int | None:
    """The line of ``keys``, or of the nearest enclosing key or table that has one."""
    for length in range(len(keys), 0, -1):
        if keys[:length] in lines:
            return lines[keys[:length]]
    return None


# ---------------------------------------------------------------- reading the file

def _read(path: Path) -> str:
    """The configuration's text, read as every user file is (``fileio``)."""
    try:
        return read_user_text(path, what="a configuration file")
    except UnreadableFile as refused:
        raise LoadError(refused.problem, file=str(path), line=refused.line,
                        hint=refused.hint) from None


def _parse(path: Path) -> dict[str, Any]:
    text = _read(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"at line (\d+)", str(error))
        raise LoadError(f"not valid TOML: {error}", file=str(path),
                        line=int(found.group(1)) if found else None,
                        hint="see https://toml.io for the syntax") from None
    except (ValueError, RecursionError):  # tomllib's own: an integer of 4,300+ digits
        raise LoadError("not readable TOML: a number of more than 4,300 digits, or "
                        "nesting too deep", file=str(path),
                        hint="see https://toml.io for the syntax") from None


def _tool_table(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    tool = data.get("tool")
    if not isinstance(tool, dict) or "claimcheck" not in tool:
        return None
    table = tool["claimcheck"]
    if not isinstance(table, dict):
        source = _Source.of(path, ("tool", "claimcheck"))
        raise source.error((), f"must be a table, not {toml_type(table)}",
                           hint="write [tool.claimcheck] and the keys below it")
    return table


def _build(table: dict[str, Any], source: _Source) -> Config:
    _reject_unknown(table, TOP_KEYS, (), source)
    base = source.path.parent
    return Config(
        paths=tuple(base / path for path in _paths(table, source)),
        strict=_boolean(table, "strict", source),
        format=_format(table, source),
        exit_zero=_boolean(table, "exit_zero", source),
        widths=_widths(table, source),
        file=source.path,
        access=Access(_source_roots(table, source), _size_limit(table, source)),
    )


def _reject_unknown(table: Mapping[str, Any], known: tuple[str, ...], where: Keys,
                    source: _Source) -> None:
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
            raise source.error((*where, key), "unknown configuration key", hint=hint)


def _paths(table: Mapping[str, Any], source: _Source) -> list[str]:
    paths = table.get("paths", list(DEFAULT_PATHS))
    if isinstance(paths, list) and paths and all(isinstance(p, str) and p for p in paths):
        return paths
    if not isinstance(paths, list):
        shown = toml_type(paths)
    else:
        shown = "an empty array" if not paths else f"an array holding {_first_bad(paths)}"
    raise source.error(("paths",), f"must be a non-empty array of path strings, not {shown}",
                       hint='e.g. paths = ["data/claims.toml", "docs/claims"]')


def _first_bad(paths: list[Any]) -> str:
    bad = next(p for p in paths if not (isinstance(p, str) and p))
    return "an empty string" if bad == "" else toml_type(bad)


def _boolean(table: Mapping[str, Any], key: str, source: _Source) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise source.error((key,), f"must be true or false, not {toml_type(value)}",
                           hint=f"write {key} = true (TOML booleans take no quotes)")
    return value


def _format(table: Mapping[str, Any], source: _Source) -> str | None:
    value = table.get("format")
    if value is not None and value not in FORMATS:
        shown = repr(value) if isinstance(value, str) else toml_type(value)
        raise source.error(("format",), f"unknown format {shown}",
                           hint=f"one of {', '.join(FORMATS)}")
    return value


# ---------------------------------------------------------------- what may be read

def _source_roots(table: Mapping[str, Any], source: _Source) -> tuple[Path, ...]:
    roots = table.get("source_roots", [])
    if not isinstance(roots, list) or not all(isinstance(r, str) and r for r in roots):
        shown = toml_type(roots) if not isinstance(roots, list) else "an array of other values"
        raise source.error(("source_roots",), f"must be an array of folder paths, not {shown}",
                           hint='e.g. source_roots = ["../shared-texts"]')
    for written in roots:
        if "\x00" in written:
            raise source.error(("source_roots",), f"{written!r} has a NUL byte")
    folders = tuple((source.path.parent / root).resolve() for root in roots)
    for written, folder in zip(roots, folders, strict=True):
        if not folder.is_dir():
            raise source.error(("source_roots",), f"{written!r} is not a folder",
                               hint="a path relative to the configuration file")
    return folders


_SIZE = re.compile(r"^\s*(\d{1,10})\s*([KMG]?B)\s*$", re.IGNORECASE)


def _size_limit(table: Mapping[str, Any], source: _Source) -> int:
    value = table.get("max_file_size", DEFAULT_SIZE_LIMIT)
    size: int | None = None
    if type(value) is int:
        size = value
    elif isinstance(value, str) and (found := _SIZE.match(value)):
        size = int(found.group(1)) * SIZE_UNITS[found.group(2).upper()]
    if size is None or not 0 < size <= MAX_SIZE_LIMIT:
        shown = repr(value) if isinstance(value, str | int) else toml_type(value)
        raise source.error(("max_file_size",), "must be a size above 0 and at most 1 GB, "
                           f"not {shown}", hint='e.g. max_file_size = "50 MB" (or bytes: '
                           "50000000)")
    return size


# ---------------------------------------------------------------- [values]

_PERCENT = re.compile(r"^\s*(\d{1,30}(?:\.\d{1,30})?)\s*%\s*$")  # Python reads ≤ 4,300 digits


def _widths(table: Mapping[str, Any], source: _Source) -> Widths:
    values = table.get("values", {})
    if not isinstance(values, dict):
        raise source.error(("values",), f"must be a table, not {toml_type(values)}",
                           hint="write a [values] table (in pyproject.toml "
                                "[tool.claimcheck.values]) with about = \"10%\" ...")
    _reject_unknown(values, tuple(WIDTH_KEYS), ("values",), source)
    chosen = {WIDTH_KEYS[key]: _width(key, value, source) for key, value in values.items()}
    widths = replace(DEFAULT_WIDTHS, **chosen)
    for reading, hard in READING_OF.items():
        _check_reading_within_hard(widths, reading, hard, values, source)
    return widths


def _width(key: str, value: Any, source: _Source) -> Fraction:
    found = _PERCENT.match(value) if isinstance(value, str) else None
    width = Fraction(found.group(1)) / 100 if found else None
    if width is None or not 0 < width < 1:
        shown = repr(value) if isinstance(value, str) else toml_type(value)
        raise source.error(("values", key), f"must be a percentage above 0% and below "
                           f"100%, not {shown}", hint=f'e.g. {key} = "10%"')
    return width


def _check_reading_within_hard(widths: Widths, reading: str, hard: str,
                               values: Mapping[str, Any], source: _Source) -> None:
    reading_width = getattr(widths, WIDTH_KEYS[reading])
    hard_width = getattr(widths, WIDTH_KEYS[hard])
    if reading_width > hard_width:
        blamed = reading if reading in values else hard
        raise source.error(
            ("values", blamed),
            f"{reading} ({_percent(reading_width)}) is wider than {hard} "
            f"({_percent(hard_width)})",
            hint=f"a reading lies inside the hard interval: set {reading} to at most {hard}")


def _percent(fraction: Fraction) -> str:
    return f"{float(fraction * 100):g}%"


def toml_type(value: Any) -> str:
    """How TOML calls the type of a parsed value, for error messages."""
    names: list[tuple[type | tuple[type, ...], str]] = [
        (bool, "a boolean"), (int, "an integer"), (float, "a float"), (str, "a string"),
        (list, "an array"), (dict, "a table"),
        ((datetime.date, datetime.time), "a date or time"),
    ]
    return next((name for kind, name in names if isinstance(value, kind)), "a value")
