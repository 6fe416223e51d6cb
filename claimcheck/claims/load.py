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
import keyword
import math
import os
import re
import tomllib
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from claimcheck.claims import expr
from claimcheck.claims.lines import KeyLines, LineIndex
from claimcheck.claims.shapes import CheckTrees, ShapeCache, ShapedCheck
from claimcheck.claims.toml_chunks import PieceParser, fast_loads
from claimcheck.errors import ClaimcheckError, LoadError
from claimcheck.fileio import DEFAULT_ACCESS, Access, UnreadableFile, find_root, read_user_text
from claimcheck.model import Claim, ClaimsFile, Document, Interval, Rule, Severity, Written
from claimcheck.quantities.values import (
    DEFAULT_WIDTHS,
    Widths,
    decimal_text,
    intervals,
    parse_tolerance,
    parse_value,
)
from claimcheck.text.documents import DocumentError, is_url, read_document, url_error

# From this size on, a text is parsed in pieces (pieces.py) with tomli's compiled parser;
# for a small file, importing tomli costs more than it saves.
LARGE_TEXT = 200_000  # characters
PREFETCH_RULES = 1000  # from this many rules on, their check lines are found in one pass
SUGGESTIONS = 20  # unknown claim names of a file that get a "did you mean" (a search each)

ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
# Words a check cannot use as a claim's name: Python's keywords (``True``, ``lambda``,
# ``and``: a check is Python syntax) and the functions it may call.
RESERVED_IDS = frozenset(keyword.kwlist) | frozenset(expr.FUNCTIONS)
TOP_LEVEL_KEYS = ("document", "units", "claims", "rules", "extract")
# claimcheck's extension of the format (README, "What extract --update leaves out"):
# [extract] ignore = [quotes] lists numbers `extract --update` must not draft again.
EXTRACT_KEYS = ("ignore",)
DOCUMENT_KEYS = ("title", "date", "url", "source")
CLAIM_KEYS = ("value", "derived", "unit", "quote", "by", "note", "tolerance")
RULE_KEYS = ("check", "why", "severity", "tolerance")
_ALLOWED_SETS: dict[tuple[str, ...], frozenset[str]] = {
    keys: frozenset(keys) for keys in (CLAIM_KEYS, RULE_KEYS)}
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING}

@dataclass(frozen=True)
class Loaded:
    """A claims file with its compiled expressions, ready for the engine."""

    file: ClaimsFile
    checks: Mapping[str, expr.Node]
    derived: dict[str, expr.Node]
    source_text: str | None = None
    source_path: str | None = None
    outline: Outline | None = None  # of every claim and rule, when only some were built
    # With ``load_file(collect=True)``: what could not be built, each with its line; the
    # claims and rules above are the others (a rule naming a broken claim is broken).
    problems: tuple[ClaimcheckError, ...] = ()


@dataclass(frozen=True)
class Outline:
    """What is read of every claim and rule of a file before any is built, for
    ``load_file(select=...)`` to choose from: each claim's unit and derived expression,
    each rule's check, as written ("" where the file has no string)."""

    units: dict[str, str]  # every claim id
    derived: dict[str, str]  # every derived claim id
    checks: dict[str, str]  # every rule id


# Given a file's outline, the claims and the rules to build.
Selection = Callable[[Outline], tuple[Collection[str], Collection[str]]]


def load_file(path: str | Path, *, widths: Widths = DEFAULT_WIDTHS,
              select: Selection | None = None, access: Access = DEFAULT_ACCESS,
              collect: bool = False) -> Loaded:
    """Read and check one claims file. Raises ClaimcheckError with file and line.

    With ``collect``, only a file that cannot be read at all raises (no such file, a
    TOML syntax error: nothing after it can be read reliably); every other problem
    (a claim, a rule, a table, the source) goes into ``Loaded.problems``, and what it
    touches is left out, so that the rest can still be checked.

    With ``select``, only the claims and rules it picks are checked and built
    (``explain`` needs the few that touch what it shows), and the ``Loaded`` keeps the
    outline of the others. ``access``: the size limit, and the folders besides the
    file's root (``fileio.find_root``) that its source may lie in."""
    name = str(path)
    text = _read_text(Path(path), name, access.limit)
    with paused_collection(), _piece_parser(text, select is not None) as pieces:
        index = LineIndex(text)  # while a worker, if any, parses the first pieces
        loaded = _loaded(text, _Builder(name, index, widths, select, collect), pieces)
    source = loaded.file.document.source
    if source is None:
        return loaded
    source_line = index.line("document", "source")
    if is_url(source):  # "https://x" would be read as the file "x" of a folder "https:"
        raise _source_error(source, name, source_line, url_error(source))
    source_path = Path(os.path.normpath(Path(path).parent / source))
    roots = (find_root(Path(path)), *access.roots)
    try:
        source_text = _read_source(source_path, source, name, source_line,
                                   Access(roots, access.limit))
    except LoadError as error:
        if not collect:
            raise
        return replace(loaded, problems=(*loaded.problems, error))  # no quotes checked
    return replace(loaded, source_text=source_text, source_path=str(source_path))


def load_text(text: str, name: str, *, widths: Widths = DEFAULT_WIDTHS) -> Loaded:
    """A claims file given as text (``claimcheck scan`` builds one in memory), checked
    and built exactly as ``load_file`` builds a file; ``name`` is what errors call it.
    Its ``[document].source`` is not read: the caller has the document already."""
    with paused_collection(), _piece_parser(text, False) as pieces:
        index = LineIndex(text)
        return _loaded(text, _Builder(name, index, widths), pieces)


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


def _read_source(path: Path, written: str, name: str, line: int, access: Access) -> str:
    """The text of the document the quotes come from (``text.documents``: plain text,
    Markdown, HTML, Word or PDF), inside ``access.roots``; without it the quotes cannot
    be checked. Errors name the source as the claims file writes it."""
    try:
        return read_document(path, roots=access.roots, limit=access.limit,
                             what="the source document").text
    except UnreadableFile as refused:
        problem = "does not exist" if refused.problem == "no such file" else refused.problem
        hint = refused.hint if "outside the root" in problem or "limit" in problem else (
            "source is a path relative to the claims file; fix it or remove it")
    except DocumentError as unreadable:
        raise _source_error(written, name, line, unreadable) from None
    raise LoadError(f"the source {written} {problem}", file=name, line=line,
                    subject="[document]", hint=hint)


def _source_error(written: str, name: str, line: int, error: DocumentError) -> LoadError:
    return LoadError(f"the source {written} {error.message}", file=name, line=line,
                     subject="[document]", hint=error.hint)


def _piece_parser(text: str, selecting: bool) -> AbstractContextManager[PieceParser | None]:
    """The pieces of a large text, their parsing started; None for a small one. Where
    only a few entries are built (``selecting``), two workers parse (see pieces.py)."""
    if len(text) <= LARGE_TEXT:
        return nullcontext()
    return PieceParser(text, workers=2 if selecting else 1)


def _loaded(text: str, builder: _Builder, pieces: PieceParser | None) -> Loaded:
    """A large plain text (``LineIndex.plain``: each table one bare header of plain
    keys, none written twice) is read a piece at a time (``pieces``); if anything in it
    is amiss, the whole text is read again at once, so that the error, and which error
    comes first, is exactly what it is for any file. Only a plain text: there, no
    table can be declared in two pieces (``[claims]`` twice, a dotted key and a header
    for one table) without the builder seeing the same id twice."""
    if pieces is not None and builder.index.plain:
        # ValueError: TOML syntax; RecursionError: tomli's, for a key of 1,000 parts
        with suppress(ClaimcheckError, ValueError, RecursionError, _Overlap):
            loaded = builder.fresh().build(pieces)
            if not loaded.problems:  # else: found in the whole text, in its order
                return loaded
    return builder.fresh().build([_parse_toml(text, builder.name)])


class _Overlap(Exception):
    """Two pieces of a text define the same table; the whole text must say what it is."""


def _read_text(path: Path, name: str, limit: int) -> str:
    try:
        # A byte-order mark, as some Windows editors write, is no part of the TOML.
        return read_user_text(path, limit=limit, what="a claims file").removeprefix("\ufeff")
    except UnreadableFile as refused:
        hint = refused.hint
        if refused.problem == "no such file":
            hint = ("name a claims file (TOML): claimcheck verify FILE, "
                    "or claimcheck explain ID --file FILE")
        raise LoadError(refused.problem, file=name, line=refused.line, hint=hint) from None


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    if len(text) > LARGE_TEXT:
        # a syntax error (or nesting too deep): tomllib says it, in its own words
        with suppress(ValueError, RecursionError):
            return fast_loads()(text)
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
    except (ValueError, RecursionError) as error:
        raise _unreadable_toml(text, name, error) from None


# Python reads no integer of more digits from text (sys.get_int_max_str_digits).
_TOO_MANY_DIGITS = re.compile(r"[0-9][0-9_]{4300,}")


def _unreadable_toml(text: str, name: str, error: Exception) -> LoadError:
    """What tomllib raises besides a syntax error: an integer too long for Python to
    read, or nesting (a key of a thousand parts, arrays in arrays) too deep for it."""
    found = _TOO_MANY_DIGITS.search(text)
    if isinstance(error, ValueError) and found:
        line = text.count("\n", 0, found.start()) + 1
        return LoadError(f"a number of {len(found.group(0)):,} digits; the limit is 4,300",
                         file=name, line=line,
                         hint='write it as a string in the value grammar, with fewer '
                              'digits and a scale word ("2.5 trillion")')
    return LoadError(f"the TOML is nested too deeply to read ({error})", file=name,
                     hint="a claims file needs tables two levels deep, [claims.id]")


_UNQUOTED_GROUPED_NUMBER = re.compile(r"=\s*[+-]?\d[\d_]*,\d")


def _syntax_hint(text: str, line: int | None) -> str:
    """The commonest slip first: a number written with a thousands separator, unquoted."""
    lines = text.split("\n")  # tomllib counts lines by \n
    if line and line <= len(lines) and _UNQUOTED_GROUPED_NUMBER.search(lines[line - 1]):
        return 'numbers with thousands separators must be strings: value = "2,800"'
    return "see https://toml.io for the syntax; strings need quotes, tables a [header]"


class _Builder:
    """Checks the parsed TOML against the format and builds the model objects."""

    def __init__(self, name: str, index: LineIndex, widths: Widths,
                 select: Selection | None = None, collect: bool = False) -> None:
        self.name = name
        self.index = index
        self.widths = widths
        self.select = select
        self.collect = collect
        self.problems: list[ClaimcheckError] = []
        self.broken: dict[str, int | None] = {}  # claims not built: id -> line of why
        self.suggestions = 0  # "did you mean" searches made (see closest_claims)
        self.claim_ids: list[str] = []  # every claim's, where only some are built
        self.values: dict[tuple[type, Any, str | None], tuple[Written, Interval, Interval]] = {}
        self.tolerances: set[str] = set()  # rule tolerances read without an error
        self.checks = ShapeCache(expr.compile_check)
        self.arithmetic = ShapeCache(expr.compile_arithmetic)

    def fresh(self) -> _Builder:
        """A builder like this one, with nothing read yet."""
        return _Builder(self.name, self.index, self.widths, self.select, self.collect)

    def report(self, error: ClaimcheckError) -> None:
        """``error`` raised, or, collecting, kept for the report and the build goes on."""
        if not self.collect:
            raise error
        self.problems.append(error)

    def attempt(self, build: Callable[..., _Built], *args: Any) -> _Built | None:
        """``build(*args)``, or ``None`` where it raised a problem that was kept."""
        try:
            return build(*args)
        except ClaimcheckError as error:
            self.report(error)
            return None

    def guarded(self, build: Callable[[str, dict[str, Any]], _Built], kind: str
                ) -> Callable[[str, dict[str, Any]], _Built | None]:
        """``build`` of one claim or rule, ``None`` (kept as a problem) where it fails."""
        def built(entry_id: str, raw: dict[str, Any]) -> _Built | None:
            found = self.attempt(build, entry_id, raw)
            if found is None and kind == "claims":
                self.broken[entry_id] = self.problems[-1].line
            return found
        return built

    def error(self, message: str, *path: str, subject: str | None = None,
              hint: str | None = None) -> LoadError:
        return LoadError(message, file=self.name, line=self.index.line(*path),
                         subject=subject, hint=hint)

    def build(self, pieces: Iterable[dict[str, Any]]) -> Loaded:
        """The file from its parsed TOML, whole (one piece) or in pieces (pieces.py)."""
        document: Document | None = None
        units: dict[str, str] | None = None
        claims: dict[str, Claim] = {}
        rules: dict[str, Rule] = {}
        tables: tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]] = ({}, {})
        for data in pieces:
            self.check_top_level(data)
            if "document" in data:
                document = _first(document, self.attempt(
                    self.built_table, data, "document", self.document) or Document())
            if "units" in data:
                units = _first(units, self.attempt(
                    self.built_table, data, "units", self.units) or {})
            if "extract" in data:
                self.attempt(self.built_table, data, "extract", self.check_extract)
            if self.select is None:
                _add_built(claims, self.entries(data, "claims"),
                           self.guarded(self.claim, "claims"), data, "claims")
                _add_built(rules, self.entries(data, "rules"), self.guarded(self.rule, "rules"),
                           data, "rules")
            else:  # the tables kept, to be built once chosen
                _add_built(tables[0], self.entries(data, "claims"), _kept, data, "claims")
                _add_built(tables[1], self.entries(data, "rules"), _kept, data, "rules")
        if self.select is not None:
            return self.selected(document or Document(), units or {}, *tables, self.select)
        return self.finish(document or Document(), units or {}, claims, rules)

    def selected(self, document: Document, units: dict[str, str],
                 claims: dict[str, dict[str, Any]], rules: dict[str, dict[str, Any]],
                 select: Selection) -> Loaded:
        outline = _outline(claims, rules)
        chosen_claims, chosen_rules = select(outline)
        self.claim_ids = list(claims)  # "did you mean" looks among all of them
        built = self.finish(document, units,
                            {cid: self.claim(cid, raw) for cid, raw in claims.items()
                             if cid in chosen_claims},
                            {rid: self.rule(rid, raw) for rid, raw in rules.items()
                             if rid in chosen_rules})
        return replace(built, outline=outline)

    def built_table(self, data: Mapping[str, Any], key: str,
                    build: Callable[[dict[str, Any]], _Built]) -> _Built:
        return build(self.table(data, key))

    def check_top_level(self, data: Mapping[str, Any]) -> None:
        for key in data:
            if key not in TOP_LEVEL_KEYS:
                self.report(self.error(f"unknown top-level key '{key}'", key,
                                       hint=_suggest(key, TOP_LEVEL_KEYS, "allowed: ")))

    def check_extract(self, table: Mapping[str, Any]) -> None:
        """``[extract]``: only ``ignore``, a list of quotes (strings)."""
        for key, value in table.items():
            if key not in EXTRACT_KEYS:
                raise self.error(f"unknown key '{key}' in [extract]", "extract", key,
                                 hint=_suggest(key, EXTRACT_KEYS, "allowed: "))
            if not isinstance(value, list) or not all(isinstance(q, str) for q in value):
                raise self.error("'ignore' must be a list of quotes (strings)", "extract", key,
                                 hint='write ignore = ["a quote of the source", ...]')

    def finish(self, document: Document, units: dict[str, str], claims: dict[str, Claim],
               rules: dict[str, Rule]) -> Loaded:
        if len(rules) >= PREFETCH_RULES:  # each rule's result is reported on its check line
            self.index.prefetch("check")
        unit_lines = {name: self.index.line("units", name) for name in units}
        if self.collect:
            return self.finish_collecting(document, units, claims, rules, unit_lines)
        claims_file = ClaimsFile(self.name, document, units, claims, rules, unit_lines)
        checks = CheckTrees({rid: self.compile_check(rule, claims)
                             for rid, rule in rules.items()})
        derived = {
            cid: self.compile_derived(claim, claims)
            for cid, claim in claims.items() if claim.derived is not None
        }
        return Loaded(claims_file, checks, derived)

    def finish_collecting(self, document: Document, units: dict[str, str],
                          claims: dict[str, Claim], rules: dict[str, Rule],
                          unit_lines: dict[str, int]) -> Loaded:
        """``finish``, keeping what cannot be compiled as problems: derived claims first
        (a broken one breaks what is built from it), then the rules, each without the
        claims and rules that could not be built."""
        derived: dict[str, expr.Node] = {}
        for cid, claim in claims.items():
            if claim.derived is not None:
                tree = self.attempt(self.compile_derived, claim, claims)
                if tree is None:
                    self.broken[cid] = self.problems[-1].line
                else:
                    derived[cid] = tree
        self.break_users(derived, claims)
        kept = {cid: claim for cid, claim in claims.items() if cid not in self.broken}
        checks: dict[str, ShapedCheck | expr.Node] = {}
        for rid, rule in rules.items():
            check = self.attempt(self.compile_check, rule, kept)
            if check is not None:
                checks[rid] = check
        kept_rules = {rid: rule for rid, rule in rules.items() if rid in checks}
        claims_file = ClaimsFile(self.name, document, units, kept, kept_rules, unit_lines)
        return Loaded(claims_file, CheckTrees(checks),
                      {cid: tree for cid, tree in derived.items() if cid not in self.broken},
                      problems=tuple(self.problems))

    def break_users(self, derived: dict[str, expr.Node], claims: Mapping[str, Claim]) -> None:
        """Every derived claim built from a broken claim is broken too, until none is."""
        changed = True
        while changed:
            changed = False
            for cid, tree in derived.items():
                used = [n.id for n in expr.names(tree) if n.id in self.broken]
                if cid not in self.broken and used:
                    claim = claims[cid]
                    line = claim.key_lines.get("derived", claim.line)
                    self.report(self.uses_broken(used[0], line, f"claim '{cid}'"))
                    self.broken[cid] = line
                    changed = True

    def uses_broken(self, name: str, line: int, subject: str) -> LoadError:
        where = self.broken.get(name)
        return LoadError(f"uses claim '{name}', which cannot be checked"
                         + (f" (line {where})" if where else ""),
                         file=self.name, line=line, subject=subject,
                         hint=f"fix claim '{name}' first")

    def table(self, data: Mapping[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.error(f"'{key}' must be a table ([{key}])", key)
        return value

    def entries(self, data: Mapping[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
        result = []
        for entry_id, raw in (self.attempt(self.table, data, kind) or {}).items():
            problem = self.entry_problem(kind, entry_id, raw)
            if problem is None:
                result.append((entry_id, raw))
            else:
                self.report(problem)
                if kind == "claims":
                    self.broken[entry_id] = problem.line
        return result

    def entry_problem(self, kind: str, entry_id: str, raw: Any) -> LoadError | None:
        """What is wrong with an entry's id or table, before it is built."""
        singular = kind[:-1]
        try:
            if not ID_PATTERN.match(entry_id):
                raise self.error(
                    f"'{entry_id}' is not a valid {singular} id", kind, entry_id,
                    subject=f"{singular} '{entry_id}'",
                    hint="an id is a letter, then letters, digits or _ (weapons_stolen)")
            if kind == "claims" and entry_id in RESERVED_IDS:
                raise self.error(
                    f"cannot be a claim id: checks read '{entry_id}' as "
                    + ("a function" if entry_id in expr.FUNCTIONS else "a Python keyword"),
                    kind, entry_id, subject=f"claim '{entry_id}'",
                    hint=f"choose another id, such as {entry_id.lower()}_value")
            if not isinstance(raw, dict):
                raise self.error(f"must be a table ([{kind}.{entry_id}])", kind, entry_id,
                                 subject=f"{singular} '{entry_id}'")
        except LoadError as problem:
            return problem
        return None

    def key_lines(self, *path: str) -> KeyLines:
        return self.index.key_lines(*path)

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

    def strings(self, raw: Mapping[str, Any], keys: tuple[str, ...], *path: str,
                subject: str) -> dict[str, str | None]:
        """``text`` of each of ``keys``."""
        found = {key: raw.get(key) for key in keys}
        for key, value in found.items():
            if value is not None and type(value) is not str:
                self.text(raw, key, *path, subject=subject)  # says what is wrong
        return found

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

    def opened(self, kind: str, entry_id: str, raw: Mapping[str, Any],
               allowed: tuple[str, ...]) -> tuple[str, tuple[str, str]]:
        """The subject and path of a claim or a rule (``kind``), its keys checked."""
        subject = f"{kind[:-1]} '{entry_id}'"
        path = (kind, entry_id)
        if not _ALLOWED_SETS[allowed].issuperset(raw):  # else: which key, and where
            self.check_keys(raw, allowed, *path, subject=subject)
        return subject, path

    def claim(self, cid: str, raw: dict[str, Any]) -> Claim:
        subject, path = self.opened("claims", cid, raw, CLAIM_KEYS)
        if ("value" in raw) == ("derived" in raw):
            raise self.error("needs exactly one of 'value' and 'derived'", *path,
                             subject=subject)
        strings = self.strings(raw, ("derived", "unit", "quote", "by", "note"), *path,
                               subject=subject)
        tolerance = self.tolerance_text(raw, *path, subject=subject)
        key_lines = self.key_lines(*path)
        if "derived" in raw:
            return Claim(cid, self.index.table_line(path), derived=strings["derived"],
                         unit=strings["unit"], quote=strings["quote"], by=strings["by"],
                         note=strings["note"], tolerance=tolerance, key_lines=key_lines)
        return self.stated_claim(cid, raw["value"], strings, tolerance, key_lines)

    def stated_claim(self, cid: str, value: Any, strings: dict[str, str | None],
                     tolerance: str | None, key_lines: KeyLines) -> Claim:
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
        return Claim(cid, self.index.table_line(("claims", cid)), written=written,
                     unit=strings["unit"],
                     quote=strings["quote"], by=strings["by"], note=strings["note"],
                     tolerance=tolerance, hard=hard, reading=reading, key_lines=key_lines)

    def read_value(self, cid: str, value: Any, tolerance: str | None,
                   key_lines: KeyLines) -> tuple[Written, Interval, Interval]:
        subject = f"claim '{cid}'"
        try:
            written = parse_value(value)
        except ClaimcheckError as error:
            raise error.located(file=self.name,
                                line=key_lines.get("value", self.index.line("claims", cid)),
                                subject=subject) from None
        try:
            tol = None if tolerance is None else parse_tolerance(tolerance)
        except ClaimcheckError as error:
            raise error.located(file=self.name,
                                line=key_lines.get("tolerance", self.index.line("claims", cid)),
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
        if isinstance(value, float) and math.isfinite(value):
            return decimal_text(value)  # 1e16 as 10000000000000000, not as "1e+16"
        return str(value)

    def rule(self, rid: str, raw: dict[str, Any]) -> Rule:
        subject, path = self.opened("rules", rid, raw, RULE_KEYS)
        strings = self.strings(raw, ("check", "why"), *path, subject=subject)
        check = strings["check"]
        if not check:
            raise self.error("needs a 'check' (an expression such as `a <= b`)", *path,
                             subject=subject)
        written = raw.get("severity", "error")
        severity = _SEVERITIES.get(written) if type(written) is str else None
        if severity is None:
            raise self.error(f"'severity' must be \"error\" or \"warning\", not {written!r}",
                             *path, "severity", subject=subject)
        tolerance = self.tolerance_text(raw, *path, subject=subject)
        if tolerance is not None and tolerance not in self.tolerances:
            try:
                parse_tolerance(tolerance)
            except ClaimcheckError as error:
                raise error.located(file=self.name, line=self.index.line(*path, "tolerance"),
                                    subject=subject) from None
            self.tolerances.add(tolerance)
        return Rule(rid, self.index.table_line(path), check, why=strings["why"],
                    severity=severity, tolerance=tolerance, key_lines=self.key_lines(*path))

    def compile_check(self, rule: Rule, claims: Mapping[str, Claim]) -> ShapedCheck | expr.Node:
        subject = f"rule '{rule.id}'"
        try:
            compiled = self.checks.compile_shaped(rule.check)
        except ClaimcheckError as error:
            raise error.located(file=self.name, line=rule.key_lines.get("check", rule.line),
                                subject=subject) from None
        if isinstance(compiled, ShapedCheck):
            try:  # the claims' own id strings: one copy of each in memory
                return ShapedCheck(compiled.shape, tuple([claims[cid].id for cid in compiled.ids]))
            except KeyError:
                tree = compiled.tree()
        else:
            tree = compiled
        self.check_names(tree, claims, rule.key_lines.get("check", rule.line) or rule.line,
                         subject)
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
            if name.id in self.broken and name.id not in claims:
                raise self.uses_broken(name.id, line, subject)
            if name.id not in claims:
                raise LoadError(
                    f"unknown claim '{name.id}' (column {name.col})",
                    file=self.name, line=line, subject=subject,
                    hint=self.closest_claims(name.id, claims) or
                    "every name in a check must be a claim id of this file")

    def closest_claims(self, name: str, claims: Mapping[str, Claim]) -> str:
        """"did you mean" the closest claim ids, for the first ``SUGGESTIONS`` unknown
        names of a file: each compares the name with every id, and a file of many
        typos, all reported in one run, would take the square of its size."""
        self.suggestions += 1
        if self.suggestions > SUGGESTIONS:
            return ""
        return _suggest(name, self.claim_ids or claims, "did you mean: ")


_Built = TypeVar("_Built")
_Part = TypeVar("_Part")


def _add_built(built: dict[str, _Built], entries: list[tuple[str, dict[str, Any]]],
               build: Callable[[str, dict[str, Any]], _Built | None],
               data: dict[str, Any], kind: str) -> None:
    """Each entry built into ``built``, in order, its parsed table let go of as soon as
    it is: in a large file the parsed tables take as much memory as what is built."""
    data.pop(kind, None)
    pending = deque(entries)
    entries.clear()
    while pending:
        entry_id, raw = pending.popleft()
        if entry_id in built:
            raise _Overlap  # a second piece of the text defines it again
        found = build(entry_id, raw)
        if found is not None:  # None: a problem, kept by the builder
            built[entry_id] = found


def _kept(entry_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    """A claim's or rule's table as parsed, for ``select`` to choose from."""
    return raw


def _outline(claims: Mapping[str, Mapping[str, Any]],
             rules: Mapping[str, Mapping[str, Any]]) -> Outline:
    def text(raw: Mapping[str, Any], key: str) -> str:
        value = raw.get(key)
        return value if isinstance(value, str) else ""

    return Outline({cid: text(raw, "unit") for cid, raw in claims.items()},
                   {cid: text(raw, "derived") for cid, raw in claims.items() if "derived" in raw},
                   {rid: text(raw, "check") for rid, raw in rules.items()})


def _first(earlier: _Part | None, part: _Part) -> _Part:
    """``part``, if no earlier piece of the text had it."""
    if earlier is not None:
        raise _Overlap
    return part


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
