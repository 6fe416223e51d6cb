"""What every built-in check shares: the shape of its module and of its worked examples."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from claimcheck.model import ClaimsFile, Result, Status


class Check(Protocol):
    """A built-in check is a module with these names (``quotes.py`` is one).

    Its docstring is its user documentation (``claimcheck explain <ID>`` shows it); its
    results carry the rule id ``<ID>:<claim>``, which a user's rule id can never be.
    """

    ID: str
    NEEDS_SOURCE: bool
    """Whether it reads the document (``[document].source``); if so it runs only for a
    file that names one, and ``check`` gets the text, never None."""
    EXAMPLES: tuple[Example, ...]

    def check(self, claims_file: ClaimsFile, source_text: str | None) -> Iterator[Result]:
        """The check's findings on one loaded claims file (ok results need not be made)."""
        ...


@dataclass(frozen=True)
class Example:
    """One worked example of a check: a small claims file, the source it is checked
    against (None: no ``[document].source``), and what the check must find.

    ``claims`` is TOML (claims, rules, units; no ``[document]`` table: the test that
    runs the examples adds one for ``source``). ``expected`` gives the status of each
    result of the check, by result id (``quote:c``); a result not named must not occur,
    so ``()`` means the check finds nothing. ``shown`` is what ``explain`` shows of the
    example beside its name and ``why``: (label, text) pairs, the same labels in every
    example of a check. The examples are the check's specification: one generated test
    (``tests/test_checks.py``) runs every example of every registered check.
    """

    name: str
    claims: str
    expected: tuple[tuple[str, Status], ...]
    why: str
    source: str | None = None
    shown: tuple[tuple[str, str], ...] = ()

    @property
    def passes(self) -> bool:
        """Whether the check finds nothing here."""
        return not self.expected


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string, for an example's claims (no json module: a check's
    examples are made at every start, and the table output needs no json)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.translate(_CONTROL) + '"'


# TOML's basic strings escape the control characters.
_CONTROL = {code: f"\\u{code:04x}" for code in (*range(32), 127)}
