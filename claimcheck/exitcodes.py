"""The exit codes of ``claimcheck``, defined once: the runner computes them, the CLI exits
with them, the README's table lists them (``tests/test_readme.py`` checks it)."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    """Nothing failed (or ``--exit-zero``)."""
    FAIL = 1
    """A rule of ``error`` severity failed (or, with ``--strict``, was tense)."""
    INPUT = 2
    """The input could not be checked (or the output could not be written)."""
