"""Read a claims file: TOML -> claims and rules, every one with its line.

``tomllib`` keeps no line numbers, so a small scan of the text maps each table and
key to the line it is written on; every error and every result can then say
``path:line``. Everything the format page defines is checked here, before any rule
is evaluated: unknown keys, malformed ids, values, tolerances, rule syntax.
"""

from __future__ import annotations

import datetime
import difflib
import gc
import os
import re
import tomllib
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from keyword import iskeyword
from pathlib import Path
from typing import Any, TypeVar

from claimcheck import expr
from claimcheck.errors import ClaimcheckError, LoadError
from claimcheck.model import Claim, ClaimsFile, Document, Interval, Rule, Severity, Written
from claimcheck.values import DEFAULT_WIDTHS, Widths, intervals, parse_tolerance, parse_value

# tomli's compiled wheel reads a large file about three times as fast as tomllib (the
# same parser in pure Python); for a small file importing it costs more than it saves.
LARGE_TEXT = 200_000  # characters

ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
TOP_LEVEL_KEYS = ("document", "units", "claims", "rules")
DOCUMENT_KEYS = ("title", "date", "url", "source")
CLAIM_KEYS = ("value", "derived", "unit", "quote", "by", "note", "tolerance")
RULE_KEYS = ("check", "why", "severity", "tolerance")

_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-.]+(?:\s*\.\s*[A-Za-z0-9_\-"']+)*)\s*=""")
# _HEADER or else _KEY on every line of a whole text ([^\S\n] is \s but the line break):
# a table, or a key of one bare part, or any other key, for each line in turn.
_LINE = re.compile(
    r"""^(?:[^\S\n]*\[[^\S\n]*([^\[\]\n]+?)[^\S\n]*\][^\S\n]*(?:\#[^\n]*)?$"""
    r"""|[^\S\n]*([A-Za-z0-9_\-]+)[^\S\n]*="""
    r"""|[^\S\n]*("[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_\-.]+"""
    r"""(?:[^\S\n]*\.[^\S\n]*[A-Za-z0-9_\-"']+)*)[^\S\n]*=)?[^\n]*""",
    re.MULTILINE,
)
_CHUNK = 1 << 20  # characters of text per findall
_BARE_KEY = re.compile(r"[A-Za-z0-9_\-.]*\Z")


@dataclass(frozen=True)
class Loaded:
    """A claims file with its compiled expressions, ready for the engine."""

    file: ClaimsFile
    checks: dict[str, expr.Node]
    derived: dict[str, expr.Node]
    source_text: str | None = None
    source_path: str | None = None


class LineIndex:
    """Where each table and key of a TOML text is written (1-based lines).

    A path's line is kept in one of two places: a key written alone in a table
    (``value = ...`` under ``[claims.x]``) in that table's own small dict, which the
    loader hands on as the claim's ``key_lines`` (a file of 100,000 claims has half a
    million keys: one copy of their lines is enough); every other path (tables, dotted
    keys) in ``_lines``. Either way the first place a path is written wins.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[tuple[str, ...], int] = {}
        self._keys: dict[tuple[str, ...], dict[str, int]] = {}
        self._parts: dict[str, str] = {}  # one string object per table name part
        self._nested: set[tuple[str, ...]] = set()  # tables with a longer path in _lines
        # Lines are what TOML, tomllib and editors count: runs ending in \n. A bare \r
        # (which TOML refuses anyway) sends the text the slow way.
        if text.count("\r") == text.count("\r\n"):
            self._scan(text)
        else:
            self._scan_lines(text)

    def _scan(self, text: str) -> None:
        """``_scan_lines`` for a text without a bare \\r, in the
        regular-expression engine: ``_LINE`` gives one (header, key, other key) per line,
        so a line's number is its position. A claims file of 100,000 claims has half a
        million lines; they are read a chunk at a time to keep the memory small."""
        table: tuple[str, ...] = ()
        keys: dict[str, int] | None = None  # the table's own key lines, once it has any
        number = 0
        start = 0
        while start <= len(text):
            end = text.find("\n", start + _CHUNK)
            end = len(text) if end == -1 else end
            for header, key, other_key in _LINE.findall(text, start, end):
                number += 1
                if key and keys is not None:
                    if key not in keys:  # the commonest line: a key in a claim or a rule
                        keys[key] = number
                    continue
                if key:
                    self._record_key(table, (key,), number)
                elif header:
                    table = self._table(header)
                    self._record(table, number)
                    fresh = table and table not in self._nested
                    keys = self._keys.setdefault(table, {}) if fresh else None
                    continue
                elif other_key:
                    self._record_key(table, _split_key(other_key), number)
                else:
                    continue
                keys = self._keys.get(table) if table and table not in self._nested else None
            start = end + 1

    def _scan_lines(self, text: str) -> None:
        table: tuple[str, ...] = ()
        # split("\n"), not splitlines(): a U+2028 inside a TOML string is no line break.
        for number, line in enumerate(text.split("\n"), start=1):
            header = _HEADER.match(line)
            if header:
                table = self._table(header.group(1))
                self._record(table, number)
                continue
            key = _KEY.match(line)
            if key:
                self._record_key(table, _split_key(key.group(1)), number)

    def _table(self, header: str) -> tuple[str, ...]:
        """The parts of a table's name, the first ("claims", "rules") one shared string."""
        first, *rest = _split_key(header)
        return (self._parts.setdefault(first, first), *rest)

    def _record_key(self, table: tuple[str, ...], parts: tuple[str, ...], number: int) -> None:
        if len(parts) == 1 and table:
            path = (*table, parts[0])
            if path not in self._lines:
                self._keys.setdefault(table, {}).setdefault(parts[0], number)
            return
        self._record(table + parts, number)

    def _record(self, path: tuple[str, ...], number: int) -> None:
        """``[a.b]`` is where ``a`` first appears too, if nothing named it earlier."""
        for end in range(1, len(path) + 1):
            prefix = path[:end]
            if prefix not in self._lines and self._key_line(prefix) is None:
                self._lines[prefix] = number
                if end > 1:
                    self._nested.add(path[:end - 1])

    def _key_line(self, path: tuple[str, ...]) -> int | None:
        keys = self._keys.get(path[:-1]) if len(path) > 1 else None
        return None if keys is None else keys.get(path[-1])

    def line(self, *path: str) -> int:
        """The line of ``path``, or of the nearest enclosing table that was found."""
        for end in range(len(path), 0, -1):
            found = self._lines.get(path[:end]) or self._key_line(path[:end])
            if found:
                return found
        return 1

    def keys_of(self, *table: str) -> dict[str, int]:
        """The lines of the keys written alone in ``table`` (shared: do not change it)."""
        return self._keys.get(table) or {}


def _split_key(text: str) -> tuple[str, ...]:
    if _BARE_KEY.match(text):  # nothing to strip: the common case, much faster
        return tuple(text.split("."))
    return tuple(part.strip().strip("\"'") for part in text.split("."))


def load_file(path: str | Path, *, widths: Widths = DEFAULT_WIDTHS) -> Loaded:
    """Read and check one claims file. Raises ClaimcheckError with file and line."""
    name = str(path)
    text = _read_text(Path(path), name)
    with paused_collection():
        index = LineIndex(text)
        data = _parse_toml(text, name)
        loaded = _Builder(name, index, widths).build(data)
    source = loaded.file.document.source
    if source is None:
        return loaded
    source_path = Path(os.path.normpath(Path(path).parent / source))
    source_text = _read_source(source_path, name, index.line("document", "source"))
    return replace(loaded, source_text=source_text, source_path=str(source_path))


@contextmanager
def paused_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a file's many small objects are built.

    A claims file of 100,000 claims makes millions of objects, none of them in a
    reference cycle; the collector would walk all of them again and again (a third of
    the loading time) and free nothing. Plain reference counting still frees them.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read_source(path: Path, name: str, line: int) -> str:
    """The document the quotes come from; without it the quotes cannot be checked."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problem = "does not exist"
    except UnicodeDecodeError:
        problem = "is not UTF-8 text"
    except OSError as error:
        problem = f"cannot be read ({error.strerror})"
    raise LoadError(f"the source {path} {problem}", file=name, line=line,
                    subject="[document]",
                    hint="source is a path relative to the claims file; fix it or remove it")


def _fast_toml_loads(text: str) -> dict[str, Any]:
    try:
        import tomli
    except ImportError:  # pragma: no cover - a dependency, but tomllib does the same
        return tomllib.loads(text)
    return tomli.loads(text)


def _read_text(path: Path, name: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LoadError("no such file", file=name,
                        hint="name a claims file (TOML): claimcheck verify FILE, "
                             "or claimcheck explain ID --file FILE") from None
    except IsADirectoryError:
        raise LoadError("is a directory, not a claims file", file=name) from None
    except OSError as error:
        raise LoadError(f"cannot be read: {error.strerror}", file=name) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(f"is not UTF-8 text (byte {raw[error.start]:#x})", file=name, line=line,
                        hint="save the file as UTF-8") from None


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    if len(text) > LARGE_TEXT:
        with suppress(ValueError):  # a syntax error: tomllib says it, in its own words
            return _fast_toml_loads(text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(found.group(1)) if found else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        if found:
            reason += f" (column {found.group(2)})"
        raise LoadError(f"TOML syntax error: {reason}", file=name, line=line,
                        hint=_syntax_hint(text, line)) from None


_UNQUOTED_GROUPED_NUMBER = re.compile(r"=\s*[+-]?\d[\d_]*,\d")


def _syntax_hint(text: str, line: int | None) -> str:
    """The commonest slip first: a number written with a thousands separator, unquoted."""
    lines = text.split("\n")  # tomllib counts lines by \n
    if line and line <= len(lines) and _UNQUOTED_GROUPED_NUMBER.search(lines[line - 1]):
        return 'numbers with thousands separators must be strings: value = "2,800"'
    return "see https://toml.io for the syntax; strings need quotes, tables a [header]"


class _Builder:
    """Checks the parsed TOML against the format and builds the model objects."""

    def __init__(self, name: str, index: LineIndex, widths: Widths) -> None:
        self.name = name
        self.index = index
        self.widths = widths
        self.values: dict[tuple[type, Any, str | None], tuple[Written, Interval, Interval]] = {}
        self.tolerances: set[str] = set()  # rule tolerances read without an error
        self.checks = ShapeCache(expr.compile_check)
        self.arithmetic = ShapeCache(expr.compile_arithmetic)

    def error(self, message: str, *path: str, subject: str | None = None,
              hint: str | None = None) -> LoadError:
        return LoadError(message, file=self.name, line=self.index.line(*path),
                         subject=subject, hint=hint)

    def build(self, data: dict[str, Any]) -> Loaded:
        for key in data:
            if key not in TOP_LEVEL_KEYS:
                raise self.error(f"unknown top-level key '{key}'", key,
                                 hint=_suggest(key, TOP_LEVEL_KEYS, "allowed: "))
        document = self.document(self.table(data, "document"))
        units = self.units(self.table(data, "units"))
        claims = _built(self.entries(data, "claims"), self.claim, data, "claims")
        rules = _built(self.entries(data, "rules"), self.rule, data, "rules")
        unit_lines = {name: self.index.line("units", name) for name in units}
        claims_file = ClaimsFile(self.name, document, units, claims, rules, unit_lines)
        checks = {rid: self.compile_check(rule, claims) for rid, rule in rules.items()}
        derived = {
            cid: self.compile_derived(claim, claims)
            for cid, claim in claims.items() if claim.derived is not None
        }
        return Loaded(claims_file, checks, derived)

    def table(self, data: Mapping[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.error(f"'{key}' must be a table ([{key}])", key)
        return value

    def entries(self, data: Mapping[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
        singular = kind[:-1]
        result = []
        for entry_id, raw in self.table(data, kind).items():
            if not ID_PATTERN.match(entry_id):
                raise self.error(
                    f"'{entry_id}' is not a valid {singular} id", kind, entry_id,
                    subject=f"{singular} '{entry_id}'",
                    hint="an id is a letter, then letters, digits or _ (weapons_stolen)")
            if not isinstance(raw, dict):
                raise self.error(f"must be a table ([{kind}.{entry_id}])", kind, entry_id,
                                 subject=f"{singular} '{entry_id}'")
            result.append((entry_id, raw))
        return result

    def key_lines(self, raw: Mapping[str, Any], *path: str) -> dict[str, int]:
        """The line of each key of a table: the index's own dict when it holds exactly
        these keys, in this order (it does, but for dotted or repeated keys)."""
        written = self.index.keys_of(*path)
        if len(written) == len(raw) and list(written) == list(raw):
            return written
        return {key: self.index.line(*path, key) for key in raw}

    def check_keys(self, raw: Mapping[str, Any], allowed: tuple[str, ...], *path: str,
                   subject: str) -> None:
        for key in raw:
            if key not in allowed:
                raise self.error(f"unknown key '{key}'", *path, key, subject=subject,
                                 hint=_suggest(key, allowed, "allowed keys: "))

    def text(self, raw: Mapping[str, Any], key: str, *path: str, subject: str) -> str | None:
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise self.error(f"'{key}' must be a string, not {_kind(value)}", *path, key,
                             subject=subject)
        return value

    def document(self, raw: dict[str, Any]) -> Document:
        subject = "[document]"
        self.check_keys(raw, DOCUMENT_KEYS, "document", subject=subject)
        date = raw.get("date")
        if date is not None and not isinstance(date, datetime.date | str):
            raise self.error("'date' must be a TOML date (2022-03-14)", "document", "date",
                             subject=subject)
        return Document(
            title=self.text(raw, "title", "document", subject=subject),
            date=None if date is None else str(date),
            url=self.text(raw, "url", "document", subject=subject),
            source=self.text(raw, "source", "document", subject=subject),
        )

    def units(self, raw: dict[str, Any]) -> dict[str, str]:
        for name, definition in raw.items():
            if not ID_PATTERN.match(name):
                raise self.error(f"'{name}' is not a valid unit name", "units", name,
                                 subject=f"unit '{name}'",
                                 hint="a unit name is a letter, then letters, digits or _")
            if not isinstance(definition, str):
                raise self.error(f"must be a string, not {_kind(definition)}", "units", name,
                                 subject=f"unit '{name}'",
                                 hint='write the right-hand side of a pint definition: '
                                      'case = "[case]"')
        return dict(raw)

    def claim(self, cid: str, raw: dict[str, Any]) -> Claim:
        subject = f"claim '{cid}'"
        path = ("claims", cid)
        self.check_keys(raw, CLAIM_KEYS, *path, subject=subject)
        if ("value" in raw) == ("derived" in raw):
            raise self.error("needs exactly one of 'value' and 'derived'", *path,
                             subject=subject)
        strings = {key: self.text(raw, key, *path, subject=subject)
                   for key in ("derived", "unit", "quote", "by", "note")}
        tolerance = self.tolerance_text(raw, *path, subject=subject)
        key_lines = self.key_lines(raw, *path)
        if "derived" in raw:
            return Claim(cid, self.index.line(*path), derived=strings["derived"],
                         unit=strings["unit"], quote=strings["quote"], by=strings["by"],
                         note=strings["note"], tolerance=tolerance, key_lines=key_lines)
        return self.stated_claim(cid, raw["value"], strings, tolerance, key_lines)

    def stated_claim(self, cid: str, value: Any, strings: dict[str, str | None],
                     tolerance: str | None, key_lines: dict[str, int]) -> Claim:
        # A value and tolerance read before give the same (frozen) results: a large file
        # repeats its rounded values ("about 4,300") many times.
        key = (type(value), value, tolerance) if type(value) in (str, int) else None
        known = self.values.get(key) if key is not None else None
        if known is None:
            known = self.read_value(cid, value, tolerance, key_lines)
            if key is not None:
                self.values[key] = known
        written, hard, reading = known
        if written.is_date and strings["unit"]:
            raise self.error("a date claim takes no unit", "claims", cid, "unit",
                             subject=f"claim '{cid}'")
        return Claim(cid, self.index.line("claims", cid), written=written, unit=strings["unit"],
                     quote=strings["quote"], by=strings["by"], note=strings["note"],
                     tolerance=tolerance, hard=hard, reading=reading, key_lines=key_lines)

    def read_value(self, cid: str, value: Any, tolerance: str | None,
                   key_lines: dict[str, int]) -> tuple[Written, Interval, Interval]:
        subject = f"claim '{cid}'"
        try:
            written = parse_value(value)
        except ClaimcheckError as error:
            raise error.located(file=self.name, line=key_lines.get("value"),
                                subject=subject) from None
        try:
            tol = None if tolerance is None else parse_tolerance(tolerance)
        except ClaimcheckError as error:
            raise error.located(file=self.name, line=key_lines.get("tolerance"),
                                subject=subject) from None
        hard, reading = intervals(written, tol, widths=self.widths)
        return written, hard, reading

    def tolerance_text(self, raw: Mapping[str, Any], *path: str, subject: str) -> str | None:
        value = raw.get("tolerance")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(f"'tolerance' must be a string or a number, not {_kind(value)}",
                             *path, "tolerance", subject=subject)
        return str(value)

    def rule(self, rid: str, raw: dict[str, Any]) -> Rule:
        subject = f"rule '{rid}'"
        path = ("rules", rid)
        self.check_keys(raw, RULE_KEYS, *path, subject=subject)
        check = self.text(raw, "check", *path, subject=subject)
        if not check:
            raise self.error("needs a 'check' (an expression such as `a <= b`)", *path,
                             subject=subject)
        severity = raw.get("severity", "error")
        if severity not in ("error", "warning"):
            raise self.error(f"'severity' must be \"error\" or \"warning\", not {severity!r}",
                             *path, "severity", subject=subject)
        tolerance = self.tolerance_text(raw, *path, subject=subject)
        if tolerance is not None and tolerance not in self.tolerances:
            try:
                parse_tolerance(tolerance)
            except ClaimcheckError as error:
                raise error.located(file=self.name, line=self.index.line(*path, "tolerance"),
                                    subject=subject) from None
            self.tolerances.add(tolerance)
        return Rule(rid, self.index.line(*path), check,
                    why=self.text(raw, "why", *path, subject=subject),
                    severity=Severity(severity), tolerance=tolerance,
                    key_lines=self.key_lines(raw, *path))

    def compile_check(self, rule: Rule, claims: Mapping[str, Claim]) -> expr.Node:
        line = rule.key_lines.get("check", rule.line)
        subject = f"rule '{rule.id}'"
        try:
            tree, ids = self.checks.compile_with_ids(rule.check)
        except ClaimcheckError as error:
            raise error.located(file=self.name, line=line, subject=subject) from None
        if ids is None or not all(name in claims for name in ids):
            self.check_names(tree, claims, line, subject)
        return tree

    def compile_derived(self, claim: Claim, claims: Mapping[str, Claim]) -> expr.Node:
        line = claim.key_lines.get("derived", claim.line)
        subject = f"claim '{claim.id}'"
        try:
            tree = self.arithmetic.compile(claim.derived or "")
        except ClaimcheckError as error:
            raise error.located(file=self.name, line=line, subject=subject) from None
        self.check_names(tree, claims, line, subject)
        return tree

    def check_names(self, tree: expr.Node, claims: Mapping[str, Claim], line: int,
                    subject: str) -> None:
        for name in expr.names(tree):
            if name.id not in claims:
                raise LoadError(
                    f"unknown claim '{name.id}' (column {name.col})",
                    file=self.name, line=line, subject=subject,
                    hint=_suggest(name.id, claims, "did you mean: ") or
                    "every name in a check must be a claim id of this file")


_Built = TypeVar("_Built")


def _built(entries: list[tuple[str, dict[str, Any]]],
           build: Callable[[str, dict[str, Any]], _Built],
           data: dict[str, Any], kind: str) -> dict[str, _Built]:
    """Each entry built, in order, its parsed table let go of as soon as it is: in a
    large file the parsed tables take as much memory as what is built from them."""
    data.pop(kind, None)
    pending = deque(entries)
    entries.clear()
    built: dict[str, _Built] = {}
    while pending:
        entry_id, raw = pending.popleft()
        built[entry_id] = build(entry_id, raw)
    return built


# --- compiling each shape of expression once -----------------------------------------
#
# A large file repeats a few shapes of check thousands of times with other claim ids
# (``g1_a + g1_b == g1_total``, ``g2_a + g2_b == g2_total``). Each id is replaced by a
# placeholder of the same length (``_0__``), so that the shape keeps every column; the
# shape is compiled once and its tree is copied with the real ids put back. Keywords,
# the names of calls and anything after a dot stay as written, and a check with a
# quoted quantity is compiled as it is. A shape that does not compile is compiled again
# as written, so that the message is exactly the one the check itself gets.

_SHAPE_NAME = re.compile(r"(?<![\w.])[A-Za-z_][A-Za-z0-9_]*(?![\w(])(?!\s*\()")


class ShapeCache:
    """``compile`` (``expr.compile_check`` or ``compile_arithmetic``), once per shape."""

    def __init__(self, compile_text: Callable[[str], expr.Node]) -> None:
        self._compile = compile_text
        self._trees: dict[str, tuple[expr.Node, list[str]]] = {}

    def compile(self, text: str) -> expr.Node:
        return self.compile_with_ids(text)[0]

    def compile_with_ids(self, text: str) -> tuple[expr.Node, list[str] | None]:
        """The tree, and the ids in it in the order written (``None``: not known)."""
        shaped = expression_shape(text)
        if shaped is None:
            return self._compile(text), None
        shape, names = shaped
        known = self._trees.get(shape)
        if known is None:
            try:
                tree = self._compile(shape)
            except ClaimcheckError:
                return self._compile(text), None
            known = self._trees[shape] = tree, [name.id for name in expr.names(tree)]
        tree, placeholders = known
        return renamed(tree, names), [names.get(p, p) for p in placeholders]


def expression_shape(text: str) -> tuple[str, dict[str, str]] | None:
    """``text`` with each claim id replaced by a placeholder of its length, and the
    placeholders' ids; ``None`` when the text is not worth or not safe to shape."""
    if "'" in text or '"' in text or len(text) > expr.MAX_EXPRESSION_LENGTH:
        return None
    placeholders: dict[str, str] = {}
    names: dict[str, str] = {}

    def placeholder(match: re.Match[str]) -> str:
        name = match.group()
        if iskeyword(name):
            return name
        found = placeholders.get(name)
        if found is None:
            found = f"_{len(placeholders):x}"
            if len(found) > len(name):
                raise _Unshapeable
            found = placeholders[name] = found.ljust(len(name), "_")
            names[found] = name
        return found

    try:
        return _SHAPE_NAME.sub(placeholder, text), names
    except _Unshapeable:
        return None


class _Unshapeable(Exception):
    """An id too short for its placeholder (``a``): the text is compiled as written."""


def renamed(node: expr.Node, names: Mapping[str, str]) -> expr.Node:
    """A copy of ``node`` with the ids in ``names`` replaced."""
    kind = type(node)  # the commonest nodes first, without pattern matching
    if kind is expr.Name:
        assert isinstance(node, expr.Name)
        return expr.Name(names.get(node.id, node.id), node.col, node.end_col)
    if kind is expr.BinOp:
        assert isinstance(node, expr.BinOp)
        return expr.BinOp(node.op, renamed(node.left, names), renamed(node.right, names),
                          node.col)
    match node:
        case expr.Compare(ops, operands, col):
            return expr.Compare(ops, tuple([renamed(o, names) for o in operands]), col)
        case expr.Neg(operand, col):
            return expr.Neg(renamed(operand, names), col)
        case expr.Call(func, args, col):
            return expr.Call(func, tuple(renamed(a, names) for a in args), col)
        case expr.BoolOp(op, values, col):
            return expr.BoolOp(op, tuple(renamed(v, names) for v in values), col)
        case expr.Not(operand, col):
            return expr.Not(renamed(operand, names), col)
    return node  # numbers and quantities hold no ids


def _suggest(word: str, choices: Any, prefix: str) -> str:
    """"did you mean" the closest choices; else, for keys, every allowed one."""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if close:
        return "did you mean: " + ", ".join(close)
    if prefix.startswith("allowed"):
        return prefix + ", ".join(choices)
    return ""


def _kind(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string",
             list: "an array", dict: "a table"}
    for python_type, name in names.items():
        if type(value) is python_type:
            return name
    if isinstance(value, datetime.date):
        return "a date"
    return type(value).__name__
