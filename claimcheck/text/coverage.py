"""coverage: what share of the source's numeric mentions some claim's quote covers.

A numeric mention (see ``claimcheck.text.mentions``) is covered when it lies inside the
span where some claim's quote occurs in the source. A number that no claim quotes is
where an unchecked error can hide, so ``verify --uncovered`` lists each one with its
sentence and line. A source with no numeric mentions counts as fully covered.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable

from claimcheck.model import ClaimsFile, SourceCoverage, UncoveredMention
from claimcheck.text.mentions import Mention, iter_mentions
from claimcheck.text.textnorm import find_quote, page_and_line, sentence_around

ID = "coverage"


def coverage(claims_file: ClaimsFile, source_text: str, source: str = "") -> SourceCoverage:
    """The coverage of ``source_text`` (named ``source``) by the claims' quotes."""
    quotes = (claim.quote for claim in claims_file.claims.values() if claim.quote)
    return coverage_of_quotes(quotes, source_text, source)


def coverage_of_quotes(quotes: Iterable[str], source_text: str,
                       source: str = "") -> SourceCoverage:
    """The coverage of ``source_text`` by ``quotes`` (those not found cover nothing)."""
    covering = Covering(quote_spans(quotes, source_text))
    found, uncovered = 0, []
    sentences = _Sentences(source_text)
    for mention in iter_mentions(source_text):  # not held: only the uncovered are kept
        found += 1
        if not covering.covers(mention):
            uncovered.append(sentences.uncovered(mention))
    return SourceCoverage(source, found, found - len(uncovered), tuple(uncovered))


def quote_spans(quotes: Iterable[str], source_text: str) -> list[tuple[int, int]]:
    """Where each quote that occurs in ``source_text`` is, as spans of the source."""
    spans = (find_quote(source_text, quote) for quote in quotes)
    return [span for span in spans if span is not None]


def is_covered(mention: Mention, spans: Iterable[tuple[int, int]]) -> bool:
    return Covering(spans).covers(mention)


class Covering:
    """Quote spans sorted once, so that whether a mention lies inside one of them is a
    bisection: testing every span for every mention was mentions x quotes."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        # The furthest end among the spans that start at or before each one.
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def covers(self, mention: Mention) -> bool:
        last = bisect.bisect_right(self._starts, mention.start) - 1
        return last >= 0 and self._reach[last] >= mention.end


class _Sentences:
    """The uncovered mentions of one text with their sentences, white space collapsed;
    the mentions of one sentence share its string (a 1 MB text's thousands of
    uncovered mentions made a copy of their sentence each)."""

    def __init__(self, source_text: str) -> None:
        self.text = source_text
        self._last: tuple[int, int, str] = (-1, -1, "")

    def uncovered(self, mention: Mention) -> UncoveredMention:
        start, end = sentence_around(self.text, mention.start, mention.end)
        if self._last[:2] != (start, end):
            self._last = (start, end, " ".join(self.text[start:end].split()))
        page, line = page_and_line(self.text, mention.start)
        return UncoveredMention(line, mention.text, self._last[2], page=page)
