"""Relation kinds for ``claimcheck scan``: one module each, one explicit registry.

Each kind (``change.py`` ...) has a docstring that is its documentation, a ``KIND``, its
``EXAMPLES`` (pass, fail and not-this-kind sentences; ``tests/test_scan_kinds.py`` runs
every one of every kind), and ``find(document)``, which yields ``base.Candidate``
relations. To add a kind: write the module, add one line below (CONTRIBUTING.md).
"""

from __future__ import annotations

from claimcheck.draft.relations import change, majority, mix, part, ranked, same, share, sum
from claimcheck.draft.relations.base import Kind

RELATIONS: dict[str, Kind] = {
    change.KIND: change,
    part.KIND: part,
    share.KIND: share,
    sum.KIND: sum,
    majority.KIND: majority,
    mix.KIND: mix,
    same.KIND: same,
    ranked.KIND: ranked,
}
"""Kind name -> module, in the order ``scan`` asks them."""
