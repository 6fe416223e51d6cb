"""Where each table and key of a TOML text is written (1-based lines).

``tomllib`` keeps no positions, so claimcheck finds them in the text itself. Lines
are what TOML, tomllib and editors count: runs ending in ``\\n``. The first place a
path is written wins: ``[a.b]`` is where ``a`` is first written too, if nothing
named it earlier.

One pass over the text finds every table header and every key that is not a plain
``key =`` line inside a table (dotted and quoted keys, keys before the first table).
The plain keys of a table, the commonest lines of a claims file, are looked for only
when asked for, in that table's own lines: a file of 100,000 claims has half a million
of them, and a run needs one per rule (its ``check``, where its result is reported).
Keeping them all took a second and a hundred megabytes on such a file.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from itertools import accumulate, repeat
from operator import itemgetter

Path = tuple[str, ...]

# One part of a dotted key: quoted, or bare. A bare part holds no dot, so that a dotted
# key splits into parts one way only: with a dot in both the part and the separator, a
# long line of "a.a.a..." without "=" backtracked through every split (13 s for 30 KB).
_KEY_PART = r"""(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_\-]++)"""
_MORE_PARTS = rf"""(?:[^\S\n]*+\.[^\S\n]*+{_KEY_PART})"""
# Every line worth recording, matched from the line break before it (in "\n" + text:
# the engine then looks only at line breaks): a plain header (group 1: ``[a]`` or
# ``[a.b]`` of bare names, alone on its line), any other table header (2), a key that
# is not one plain part (3: ``a.b =``, ``"q" =``; a quoted part first, or a bare part
# and more), or any other line that makes a text not plain (see _record_plain: a line
# that starts with a quote, a dot, a dotted name or an indented ``[``). The commonest
# line, a plain ``key =``, is passed over at once (the lookahead). [^\S\n] is \s but
# the line break; the possessive quantifiers (*+, ++) never give back what can only
# fail again. A header's name keeps the spaces around it (_split_key strips them):
# trimming them in the pattern, with a lazy name before optional spaces, was quadratic
# in a long line of spaces without "]".
_LINE = re.compile(
    r"""\n(?![A-Za-z0-9_\-]++[^\S\n]*+=)"""
    r"""(?:\[([A-Za-z0-9_\-]++(?:\.[A-Za-z0-9_\-]++)?)\][^\S\n]*+(?=\n|\Z)"""
    r"""|[^\S\n]*+(?:\[([^\[\]\n]+)\][^\S\n]*(?:\#[^\n]*)?(?=\n|\Z)"""
    rf"""|((?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_\-]++(?=[^\S\n]*\.)){_MORE_PARTS}*)[^\S\n]*="""
    r"""|["'.\[]|[A-Za-z0-9_\-]++[^\S\n]*+\.))""")
_PLAIN_KEY = re.compile(r"^[^\S\n]*([A-Za-z0-9_\-]+)[^\S\n]*=", re.MULTILINE)
_BARE_KEY = re.compile(r"[A-Za-z0-9_\-.]*\Z")

# One line worth recording: its position, its number, and a header or a key in it.
_Event = tuple[int, int, str, str]


class LineIndex:
    """The lines of the tables and keys of one TOML text."""

    def __init__(self, text: str, *, bulk: bool = True) -> None:
        """``bulk``: record a plain text in bulk (the same lines, faster); False records
        it event by event, as any other text (for the tests that compare the two)."""
        self._text = text
        self._bulk = bulk
        self._lines: dict[Path, int] = {}  # tables and dotted paths
        self._keys: dict[Path, dict[str, int]] = {}  # one-part keys found in the pass
        self._parts: dict[str, str] = {}  # one string object per table name part
        # Each header's line, where its line starts, and where its table's lines start.
        self._header_lines = array("q")
        self._header_starts = array("q")
        self._body_starts = array("q")
        self._bodies: dict[Path, int] = {}  # a table -> its (first) header's number
        self._more_bodies: dict[Path, list[int]] = {}  # a table written twice (not TOML)
        self._prefetched: dict[str, dict[Path, int]] = {}  # a key -> its line in each table
        # Whether every table is one bare header with plain keys (see _record_plain).
        self.plain = False
        self._scan(text)

    # --- building ---------------------------------------------------------------------

    def _scan(self, text: str) -> None:
        """One pass over the text: every header and unusual key (``_LINE``), and the
        plain keys before the first header; recorded in bulk where the text is plain."""
        padded = "\n" + text  # a match starts at the break: its start is the line's in text
        found = list(_LINE.finditer(padded))
        first = next((i for i, match in enumerate(found) if match[1] or match[2]), len(found))
        root_end = found[first].start() if first < len(found) else len(text)
        root_keys = [(m.start(), m.group(1)) for m in _PLAIN_KEY.finditer(text, 0, root_end)]
        if self._bulk and not root_keys and first == 0 and self._record_plain(text, found):
            return  # the commonest text, in bulk
        events = sorted([*((m.start(), m[3]) for m in found[:first] if m[3]), *root_keys])
        numbered = self._numbered(text, [(p, "", key) for p, key in events] + [
            (m.start(), m[1] or m[2] or "", m[3] or "") for m in found[first:]
            if m[1] or m[2] or m[3]])
        table: Path = ()
        for position, number, header, key in numbered:
            if header:
                table = self._table(header)
                self._record(table, number)
                self._open_body(table, position, number)
            elif table:
                self._record_key(table, _split_key(key), number)
            else:
                self._record(_split_key(key), number)

    @staticmethod
    def _numbered(text: str, events: list[tuple[int, str, str]]) -> Iterator[_Event]:
        """The events, in order, each with its line's number."""
        number, counted = 1, 0
        for position, header, key in events:
            number += text.count("\n", counted, position)
            counted = position
            yield position, number, header, key

    def _record_plain(self, text: str, found: list[re.Match[str]]) -> bool:
        """Record the lines ``_LINE`` found in bulk, or False where the text is not plain.

        It is plain when every line that starts with ``[`` is a header ``[a]`` or
        ``[a.b]`` of bare names with nothing after it, no ``[a]`` names the first part
        of an ``[a.b]``, no header is written twice, every key is a plain ``key =``
        inside a table (no line starts with a quote, a dot, a dotted name or an
        indented ``[``), and no bare \\r (which TOML refuses anyway) is in it: then
        each table's line is its header's, and there is nothing else to record."""
        names = list(map(itemgetter(1), found))  # None for any other line
        if None in names or text.count("\r") != text.count("\r\n"):
            return False
        paths = [tuple(name.split(".")) for name in names]
        parents = {path[0] for path in paths if len(path) == 2}
        if len(set(paths)) != len(paths) or any(
                len(path) == 1 and path[0] in parents for path in paths):
            return False
        # In padded, a header's end is where its table's lines start in text.
        starts, bodies = [m.start() for m in found], [m.end() for m in found]
        counts = map(text.count, repeat("\n"), [0, *starts[:-1]], starts)
        lines = list(accumulate(counts, initial=1))[1:]
        self._header_lines = array("q", lines)
        self._header_starts = array("q", starts)
        self._body_starts = array("q", [min(body, len(text)) for body in bodies])
        self._bodies = dict(zip(paths, range(len(paths)), strict=True))
        for path, line in zip(paths, lines, strict=True):  # [a.b] is where a is first
            if len(path) == 2 and (path[0],) not in self._lines:
                self._lines[(path[0],)] = line
        self._lines.update(zip(paths, lines, strict=True))
        self.plain = True
        return True

    def _open_body(self, table: Path, position: int, number: int) -> None:
        end_of_line = self._text.find("\n", position)
        body = len(self._header_lines)
        self._header_lines.append(number)
        self._header_starts.append(position)
        self._body_starts.append(len(self._text) if end_of_line == -1 else end_of_line + 1)
        if table in self._bodies:
            self._more_bodies.setdefault(table, []).append(body)
        else:
            self._bodies[table] = body

    def _table(self, header: str) -> Path:
        """The parts of a table's name, the first ("claims", "rules") one shared string."""
        first, *rest = _split_key(header)
        return (self._parts.setdefault(first, first), *rest)

    def _record_key(self, table: Path, parts: Path, number: int) -> None:
        if len(parts) == 1 and table:
            path = (*table, parts[0])
            if path not in self._lines and self._key_line(path, before=number) is None:
                self._keys.setdefault(table, {})[parts[0]] = number
            return
        self._record(table + parts, number)

    def _record(self, path: Path, number: int) -> None:
        for end in range(1, len(path) + 1):
            prefix = path[:end]
            if prefix not in self._lines and not self._written_as_key(prefix, number):
                self._lines[prefix] = number

    def _written_as_key(self, path: Path, before: int) -> bool:
        table = path[:-1]
        if table not in self._bodies and table not in self._keys:  # no key to look for
            return False
        return self._key_line(path, before) is not None

    # --- looking up -------------------------------------------------------------------

    def line(self, *path: str) -> int:
        """The line of ``path``, or of the nearest enclosing table that was found."""
        for end in range(len(path), 0, -1):
            found = self.exact_line(path[:end])
            if found:
                return found
        return 1

    def table_line(self, path: Path) -> int:
        """``line`` of a table, found at once where its header is (nearly always)."""
        return self._lines.get(path) or self.line(*path)

    def exact_line(self, path: Path) -> int | None:
        """The line of ``path`` itself, if it is written."""
        return self._lines.get(path) or self._key_line(path)

    def key_lines(self, *table: str) -> KeyLines:
        """The lines of ``table``'s keys, found when asked for."""
        return KeyLines(self, table)

    def _key_line(self, path: Path, before: int | None = None) -> int | None:
        """The first line where ``path`` is written as a one-part key in its table."""
        if len(path) < 2:
            return None
        table, key = path[:-1], path[-1]
        prefetched = self._prefetched.get(key)
        if prefetched is not None and table not in self._keys:  # the commonest: at once
            found = prefetched.get(table)
            return None if found is None or (before is not None and found >= before) else found
        found = self._keys[table].get(key) if table in self._keys else None
        plain = ([prefetched.get(table)] if prefetched is not None else
                 [self._plain_key_line(body, key) for body in self._bodies_of(table)])
        for line in plain:
            if line is not None and (found is None or line < found):
                found = line
        return None if found is None or (before is not None and found >= before) else found

    def prefetch(self, key: str) -> None:
        """Find the line of the plain key ``key`` in every table at once (one pass of
        the text), for a key that nearly every table has: each rule's ``check``."""
        text = self._text
        pattern = re.compile(rf"\n[^\S\n]*{re.escape(key)}[^\S\n]*=")  # from the break, as _LINE
        starts = [m.start() for m in pattern.finditer("\n" + text)]  # line starts in text
        counts = map(text.count, repeat("\n"), [0, *starts[:-1]], starts)
        numbers = list(accumulate(counts, initial=1))[1:]
        bodies = list(map(bisect_right, repeat(self._body_starts), starts))
        ends = [*self._header_starts[1:], len(text)]  # where each table's lines end
        tables = self._body_tables()
        lines: dict[Path, int] = {}
        for start, number, following in zip(starts, numbers, bodies, strict=True):
            body = following - 1  # the last table whose lines start at or before it
            if body >= 0 and start < ends[body]:
                lines.setdefault(tables[body], number)  # a table's first body comes first
        self._prefetched[key] = lines

    def _body_tables(self) -> list[Path]:
        tables: list[Path] = [()] * len(self._header_lines)
        for table, body in self._bodies.items():
            tables[body] = table
        for table, bodies in self._more_bodies.items():
            for body in bodies:
                tables[body] = table
        return tables

    def _bodies_of(self, table: Path) -> tuple[int, ...]:
        first = self._bodies.get(table)
        if first is None:
            return ()
        return (first, *self._more_bodies[table]) if table in self._more_bodies else (first,)

    def _plain_key_line(self, body: int, key: str) -> int | None:
        start, end = self._body_range(body)
        for match in _PLAIN_KEY.finditer(self._text, start, end):
            if match.group(1) == key:
                return self._header_lines[body] + 1 + self._text.count("\n", start,
                                                                       match.start())
        return None

    def _body_range(self, body: int) -> tuple[int, int]:
        following = body + 1
        end = (self._header_starts[following] if following < len(self._header_starts)
               else len(self._text))
        return self._body_starts[body], max(end, self._body_starts[body])

    def plain_keys(self, table: Path) -> dict[str, int]:
        """Every one-part key of ``table`` with its first line, in the order written."""
        found: dict[str, int] = {}
        for body in self._bodies_of(table):
            start, end = self._body_range(body)
            for match in _PLAIN_KEY.finditer(self._text, start, end):
                line = self._header_lines[body] + 1 + self._text.count("\n", start,
                                                                       match.start())
                found.setdefault(match.group(1), line)
        for key, line in self._keys.get(table, {}).items():
            found[key] = min(line, found.get(key, line))
        # A path written first as a table ([a.b], then b = 1 in [a]) is no key of it.
        return dict(sorted(((key, line) for key, line in found.items()
                            if (*table, key) not in self._lines), key=lambda item: item[1]))


class KeyLines(Mapping[str, int]):
    """The lines of one table's keys, read from the text when asked for (a claim or a
    rule holds one; most are never asked)."""

    __slots__ = ("_index", "_table")

    def __init__(self, index: LineIndex, table: Path) -> None:
        self._index = index
        self._table = table

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        found = self._index.exact_line((*self._table, key))
        return default if found is None else found

    def __getitem__(self, key: str) -> int:
        found = self._index.exact_line((*self._table, key))
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._index.plain_keys(self._table))

    def __len__(self) -> int:
        return len(self._index.plain_keys(self._table))


def _split_key(text: str) -> Path:
    if _BARE_KEY.match(text):  # nothing to strip: the common case, much faster
        return tuple(text.split("."))
    return tuple(part.strip().strip("\"'") for part in text.split("."))
