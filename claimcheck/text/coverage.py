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
from claimcheck.text.mentions import Mention, find_mentions
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
    mentions = find_mentions(source_text)
    missing = [m for m in mentions if not covering.covers(m)]
    uncovered = tuple(_with_sentence(m, source_text) for m in missing)
    return SourceCoverage(source, len(mentions), len(mentions) - len(missing), uncovered)


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


def _with_sentence(mention: Mention, source_text: str) -> UncoveredMention:
    start, end = sentence_around(source_text, mention.start, mention.end)
    page, line = page_and_line(source_text, mention.start)
    sentence = " ".join(source_text[start:end].split())
    return UncoveredMention(line, mention.text, sentence, page=page)
