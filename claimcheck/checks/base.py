"""What every built-in check shares: its function type and its worked examples."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from claimcheck.model import ClaimsFile, Result

CheckFunction = Callable[[ClaimsFile, str], Iterator[Result]]
"""A built-in check: the loaded claims file and its source text in, fail results out."""


@dataclass(frozen=True)
class Example:
    """One worked example of a check: a source, a claim's value and quote, the outcome.

    The examples are the check's specification: the tests run every one, and
    ``claimcheck explain`` shows them.
    """

    name: str
    source: str
    value: str
    quote: str
    passes: bool
    why: str
