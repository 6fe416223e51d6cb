"""The data claimcheck works on: frozen dataclasses and enums, standard library only.

Every other module builds these; none changes them after they are built.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction


class Status(enum.Enum):
    """The outcome of one rule or built-in check, best first."""

    OK = "ok"
    TENSION = "tension"
    FAIL = "fail"


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Interval:
    """A real interval; ``None`` as a bound means unbounded on that side.

    Bounds are exact fractions so that a closed bound that meets another closed bound
    is never lost to floating-point rounding.
    """

    lo: Fraction | None
    hi: Fraction | None
    lo_open: bool = False
    hi_open: bool = False

    def __post_init__(self) -> None:
        # An unbounded side is open, always, however it was written: the one way an
        # infinite end is represented (exact/intervals.py's spans rely on it).
        if self.lo is None and not self.lo_open:
            object.__setattr__(self, "lo_open", True)
        if self.hi is None and not self.hi_open:
            object.__setattr__(self, "hi_open", True)

    @classmethod
    def point(cls, x: Fraction) -> Interval:
        return cls(x, x)

    def is_empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        if self.lo == self.hi:
            return self.lo_open or self.hi_open
        return self.lo > self.hi

    def contains(self, x: Fraction) -> bool:
        above_lo = self.lo is None or x > self.lo or (x == self.lo and not self.lo_open)
        below_hi = self.hi is None or x < self.hi or (x == self.hi and not self.hi_open)
        return above_lo and below_hi

    def intersect(self, other: Interval) -> Interval:
        """The common part of two intervals (possibly empty); an unbounded side of the
        result is marked open."""
        lo, lo_open = _tighter(self.lo, self.lo_open, other.lo, other.lo_open, upper=False)
        hi, hi_open = _tighter(self.hi, self.hi_open, other.hi, other.hi_open, upper=True)
        return Interval(lo, hi, lo_open, hi_open)

    def scaled(self, factor: Fraction) -> Interval:
        """This interval multiplied by a positive ``factor`` (a unit conversion)."""
        lo = None if self.lo is None else self.lo * factor
        hi = None if self.hi is None else self.hi * factor
        return Interval(lo, hi, self.lo_open, self.hi_open)

    def widened(self, by: Fraction) -> Interval:
        """Both finite bounds moved outwards by ``by``."""
        lo = None if self.lo is None else self.lo - by
        hi = None if self.hi is None else self.hi + by
        return Interval(lo, hi, self.lo_open, self.hi_open)


def _tighter(x: Fraction | None, x_open: bool, y: Fraction | None, y_open: bool, *,
             upper: bool) -> tuple[Fraction | None, bool]:
    """The tighter of two bounds on one side (``None`` is no bound); at a tie, open wins."""
    if x is None:
        return y, y_open if y is not None else True
    if y is None:
        return x, x_open
    if x == y:
        return x, x_open or y_open
    return (x, x_open) if (x < y) == upper else (y, y_open)


@dataclass(frozen=True, slots=True)
class Written:
    """A claim's value as written, parsed by the value grammar (``values.py``).

    ``number`` is the stated number X with its scale and percent applied
    (``"38.6 billion"`` -> 38600000000; ``"11%"`` -> 11/100); ``high`` is the second
    number of a range. ``qualifier`` is a canonical word (see ``values.QUALIFIERS``)
    or ``None``. ``step`` and ``digit`` are the place values of the format page,
    scale applied.
    """

    text: str
    number: Fraction
    qualifier: str | None = None
    high: Fraction | None = None
    scale: str | None = None
    percent: bool = False
    signed: bool = False
    step: Fraction = Fraction(1)
    digit: Fraction = Fraction(1)
    is_date: bool = False
    exact: bool = False  # a fraction ("a third"): exact though its step is below 1


@dataclass(frozen=True, slots=True)
class Claim:
    """One numeric claim of a document, or a claim derived from others."""

    id: str
    line: int
    written: Written | None = None
    derived: str | None = None
    unit: str | None = None
    quote: str | None = None
    by: str | None = None
    note: str | None = None
    tolerance: str | None = None
    hard: Interval | None = None
    reading: Interval | None = None
    key_lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Rule:
    """A relation between claims that the document implies."""

    id: str
    line: int
    check: str
    why: str | None = None
    severity: Severity = Severity.ERROR
    tolerance: str | None = None
    key_lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Document:
    """The ``[document]`` table: what the claims are quoted from."""

    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class ClaimsFile:
    """A loaded claims file: everything in it, with the line of every entry."""

    path: str
    document: Document
    units: dict[str, str]
    claims: dict[str, Claim]
    rules: dict[str, Rule]
    unit_lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of one rule or built-in check on one file.

    ``rule`` is the rule id, or for a built-in check an id with a ``:`` in it
    (``quote:weapons_stolen``), which a user's id can never contain.
    ``display`` is the check with the numbers as written put in for the claims.
    """

    file: str
    rule: str
    status: Status
    severity: Severity
    claims: tuple[str, ...]
    message: str
    line: int
    display: str = ""
    column: int = 1


@dataclass(frozen=True)
class FileReport:
    """Everything one run found in one file: its results, or why it could not be checked.

    ``error`` is why the whole file could not be checked (a TOML syntax error, a file
    that cannot be read); ``problems`` are the parts of a file that was checked that
    could not be (a rule with an unknown claim, a claim with a bad value): every
    other rule was still evaluated."""

    path: str
    results: tuple[Result, ...] = ()
    count_nouns: tuple[str, ...] = ()
    error: str | None = None
    error_line: int | None = None
    ungrounded: tuple[str, ...] = ()
    coverage: SourceCoverage | None = None
    problems: tuple[InputProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One part of a claims file that cannot be checked, reported on its own line.

    ``kind`` is ``rule``, ``claim`` or ``file`` (a table, the source, a top-level key);
    ``id`` the rule's or claim's id (``None`` for ``file``); ``message`` the whole
    message, ``path:line: subject: what is wrong`` and its hint.
    """

    file: str
    line: int | None
    kind: str
    id: str | None
    message: str


@dataclass(frozen=True)
class UncoveredMention:
    """A number in the source that no claim's quote covers."""

    line: int
    text: str
    sentence: str
    page: int | None = None  # the page of a paged source (PDF); ``line`` is within it


@dataclass(frozen=True)
class SourceCoverage:
    """How many of the source's numeric mentions the claims' quotes cover."""

    source: str
    total: int
    covered: int
    uncovered: tuple[UncoveredMention, ...] = ()
    quotes: int = 0  # claims' quotes checked against the source

    @property
    def share(self) -> Fraction:
        """The covered share; a source with no numeric mentions is fully covered."""
        return Fraction(self.covered, self.total) if self.total else Fraction(1)


# ------------------------------------------------------------- claimcheck scan (issue 14)


@dataclass(frozen=True)
class MentionRef:
    """A numeric mention a scan finding rests on, where the document writes it.

    ``text`` is the mention as written (``"more than 2,800"``); ``value`` its reading in
    the value grammar; ``line`` and ``column`` are 1-based, in the document.
    """

    text: str
    value: str
    unit: str | None
    line: int
    column: int


@dataclass(frozen=True)
class Relation:
    """One relation ``scan`` proposed and the engine decided.

    ``id`` is a rule id (``sum_3``); ``kind`` the relation kind (``draft/relations``);
    ``cue`` the words of the text it rests on; ``score`` how sure the pattern is (0-100,
    shown by default from ``scan.SHOWN_SCORE`` on); ``check`` the rule over the claims
    ``claims`` (one per mention, in order); ``display`` the check with the numbers as
    written; ``message`` the engine's account of the status.
    """

    id: str
    kind: str
    cue: str
    score: int
    check: str
    why: str
    status: Status
    message: str
    display: str
    claims: tuple[str, ...]
    mentions: tuple[MentionRef, ...]
    sentences: tuple[str, ...]
    line: int
    column: int


@dataclass(frozen=True)
class ScanReport:
    """What ``scan`` found in one document: every relation proposed, most certain first."""

    path: str
    mentions: int
    relations: tuple[Relation, ...] = ()
