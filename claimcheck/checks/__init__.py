"""The built-in checks, one module each, in an explicit registry (no discovery by name).

Each check module has a docstring that is its user documentation, an ``ID``, worked
``EXAMPLES`` and a ``check(claims_file, source_text)`` that yields ``fail`` results.
Its results have a rule id ``<ID>:<claim>``, which a user's rule id can never be.

To add a check: write the module, add it to ``CHECKS`` below, and give it examples.
"""

from __future__ import annotations

from types import ModuleType

from claimcheck.checks import quotes
from claimcheck.checks.base import CheckFunction, Example

__all__ = ["CHECKS", "MODULES", "CheckFunction", "Example"]

MODULES: dict[str, ModuleType] = {quotes.ID: quotes}
"""Check id -> its module (for the docstring and examples that ``explain`` shows)."""

CHECKS: dict[str, CheckFunction] = {quotes.ID: quotes.check}
"""Check id -> the function that runs it."""
