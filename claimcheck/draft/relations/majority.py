"""majority: a word for a share beside the share as a number (``most voters said ...
(46%)``, ``a majority of members, 58%``, ``more than half, 46%``, ``nearly a third
(31.4%)``).

The rule: after ``most`` or ``a majority``, the percentage is above one half
(``p > 0.5``); after a fraction as words (``more than half``, ``nearly a third``), the
percentage is that fraction as the words read it (``p == more than half``). The
percentage must follow within the same clause; the comparison allows
``WORDS_TOLERANCE`` (5%) besides what the words themselves allow. When it fails, the
word and the number disagree: "most" of 46% is not a majority.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcheck.draft.relations.base import SLOT, Candidate, Document, Example, cue_words
from claimcheck.model import Status

KIND = "majority"
WORDS_TOLERANCE = "5%"
"""Words for shares are loose ("nearly a third" of 31.4%): the comparison allows this
much on top of the reading the value grammar gives the words."""
_GAP = r"[^⟨;.]{0,60}?"
_MOST = re.compile(rf"(?<!the\s)\b(?P<word>most|a\s+majority\s+of|the\s+majority\s+of)\s+"
                   rf"(?!of\s+the\s+time)[a-z]{_GAP}{SLOT}", re.I)
_FRACTION = re.compile(rf"{SLOT}(?:\s+(?!and\b|or\b|but\b)[a-z]+){{0,4}},?\s*\(?{SLOT}", re.I)
EXAMPLES: tuple[Example, ...] = (
    Example("Most voters said the economy was the main issue (56%).", Status.OK,
            "56% is a majority"),
    Example("Most voters said the economy was the main issue (46%).", Status.FAIL,
            "46% is not most"),
    Example("More than half of the members, 58%, voted for it.", Status.OK,
            "58% is more than half"),
    Example("More than half of the members, 46%, voted for it.", Status.FAIL,
            "46% is less than half"),
    Example("Nearly a third of beds (31.4%) were taken.", Status.OK,
            "31.4% is nearly a third, within the words' looseness"),
    Example("Nearly a third of beds (21.4%) were taken.", Status.FAIL,
            "21.4% is about a fifth"),
    Example("The most common answer, given by 46%, was no.", None,
            "the most: a superlative"),
)


def find(document: Document) -> Iterator[Candidate]:
    for _, skeleton in document.skeletons():
        for found in _MOST.finditer(skeleton):
            share = document.at(found.group(2))
            if share.written.percent:
                cue = cue_words(document, skeleton, found)
                yield Candidate(KIND, cue, 80, (share,), "{0} > 0.5",
                                f'"{cue}": "{found.group("word")}" is more than half')
        for found in _FRACTION.finditer(skeleton):
            words, share = document.at(found.group(1)), document.at(found.group(2))
            if words.written.exact and share.written.percent:
                cue = cue_words(document, skeleton, found)
                yield Candidate(KIND, cue, 80, (share, words), "{0} == {1}",
                                f'"{cue}": the percentage is the share the words say',
                                tolerance=WORDS_TOLERANCE)
