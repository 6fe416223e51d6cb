"""mix: a comparison between amounts in different currencies or units (``a loss of
$210m, compared to a profit of £35m``, ``3 km against 2 miles``).

Cues: ``compared to``, ``compared with``, ``against``, ``versus``/``vs``, ``from ... to``.
The rule compares the two amounts (``a != b``); the engine reports a comparison of two
dimensions as a fail, which is the finding: no exchange rate is assumed, so the reader
cannot tell which is larger. Counted nouns (``3 doctors compared with 200 patients``)
are not a mix: only currencies and measured units are. When it fails, convert one amount
or say the rate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcheck.draft.relations.base import SLOT, Candidate, Document, Example, cue_words
from claimcheck.model import Status
from claimcheck.text.mentions import Mention
from claimcheck.text.textnorm import word_set

KIND = "mix"
_GAP = r"[^⟨;]{0,40}?"
_PATTERN = re.compile(
    rf"{SLOT}{_GAP}\b(?:compared\s+(?:to|with)|against|versus|vs\.?){_GAP}{SLOT}"
    rf"|\bfrom\s+{SLOT}{_GAP}\bto\s+{SLOT}", re.I)
_MEASURES = word_set("km m cm mm kg g t ha mile miles lb lbs mph kph kwh mwh gwh")
EXAMPLES: tuple[Example, ...] = (
    Example("It made a loss of $210m this year, compared to a profit of £35m last year.",
            Status.FAIL, "dollars and pounds: no rate is given"),
    Example("It made a loss of $210m this year, compared to a profit of $35m last year.",
            None, "one currency: not a mix"),
    Example("There are 3 doctors compared with 200 patients.", None, "counted nouns"),
)


def find(document: Document) -> Iterator[Candidate]:
    for _, skeleton in document.skeletons():
        for found in _PATTERN.finditer(skeleton):
            slots = [s for s in found.groups() if s is not None]
            first, second = document.at(slots[0]), document.at(slots[1])
            units = (_measure(first), _measure(second))
            if None not in units and units[0] != units[1]:
                cue = cue_words(document, skeleton, found)
                yield Candidate(KIND, cue, 90, (first, second), "{0} != {1}",
                                f'"{cue}": {units[0]} and {units[1]} compared, with no rate',
                                units=units)


def _measure(mention: Mention) -> str | None:
    """The currency code or measure unit of a mention, else None."""
    word = mention.unit_word or ""
    if word.isupper() and len(word) == 3:
        return word
    return word.lower() if word.lower() in _MEASURES else None
