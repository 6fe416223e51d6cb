"""The built-in checks, one module each, in one explicit registry (no discovery by name).

Each check module has a docstring that is its user documentation, an ``ID``, a
``NEEDS_SOURCE`` flag, worked ``EXAMPLES`` and a ``check(claims_file, source_text)`` that
yields its findings (see ``base.Check``). Its results have a rule id ``<ID>:<claim>``,
which a user's rule id can never be.

To add a check: write the module, add one line to ``CHECKS`` below, and give it
examples (CONTRIBUTING.md shows a worked one). The examples are run by
``tests/test_checks.py`` and shown by ``claimcheck explain <ID>``.
"""

from __future__ import annotations

from collections.abc import Mapping

from claimcheck.checks import quotes
from claimcheck.checks.base import Check, Example
from claimcheck.model import ClaimsFile, Result

__all__ = ["CHECKS", "Check", "Example", "run"]

CHECKS: dict[str, Check] = {
    quotes.ID: quotes,
}
"""Check id -> its module, in the order the checks run."""


def run(claims_file: ClaimsFile, source_text: str | None,
        checks: Mapping[str, Check] = CHECKS) -> list[Result]:
    """The findings of ``checks`` on one file; a check that needs the source is left out
    when the file names none."""
    return [result for check in checks.values()
            if source_text is not None or not check.NEEDS_SOURCE
            for result in check.check(claims_file, source_text)]
