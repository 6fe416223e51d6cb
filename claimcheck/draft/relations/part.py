"""part: a number that is a part of another (``19 of them``, ``including 19 police
officers``, ``of those, 184``, ``12 out of 23 agencies``, ``out of 243 such cases,
234``, ``among them 5``).

The rule is ``part <= whole``. The whole is the number the cue points at: the one after
``of``/``out of``, or for ``including`` the last number before it in the sentence, or
for ``of those``/``among them`` the last number before the cue. Shares (``8% of``) are
the ``share`` kind. When it fails, the part outnumbers its whole: one of the two is
misquoted, or they count different things.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcheck.draft.relations.base import (
    SLOT,
    Candidate,
    Document,
    Example,
    cue_words,
    is_count,
    shared_units,
)
from claimcheck.model import Status
from claimcheck.text.mentions import Mention

KIND = "part"
_WORDS = r"(?:\s+(?!of\b|out\b|including\b|and\b|or\b|but\b|with\b)[A-Za-z-]+){0,4}?"
_PART = SLOT.replace("(", "(?P<part>", 1)
_WHOLE = SLOT.replace("(", "(?P<whole>", 1)
_AFTER = (  # the whole is written in the match
    re.compile(rf"{_PART}{_WORDS}\s+(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|all\s+"
               rf"|whose\s+)?{_WHOLE}", re.I),
    re.compile(rf"\bof\s+the\s+(?:[a-z]+'s\s+)?{_WHOLE}[^⟨]{{0,40}}?,\s+{_PART}", re.I),
    re.compile(rf"\bout\s+of\s+{_WHOLE}{_WORDS},?\s+{_PART}", re.I),
)
_BEFORE = (  # the whole is the number before the cue
    re.compile(rf"{_WHOLE}[^⟨]*?,?\s+including\s+(?:about\s+)?{_PART}", re.I),
    re.compile(rf"(?:^|[.;,]\s+)(?:of|among)\s+(?:those|them|these|whom)\b[^⟨;.]{{0,40}}?"
               rf",?\s+{_PART}", re.I),
    re.compile(rf"{_PART}\s+of\s+(?:them|those|whom)\b", re.I),
)
EXAMPLES: tuple[Example, ...] = (
    Example("230 people died, including 19 police officers.", Status.OK, "19 <= 230"),
    Example("23 people died, including 29 police officers.", Status.FAIL, "29 > 23"),
    Example("766 people are in custody. Of those, 19 are citizens of other countries.",
            Status.OK, "19 of the 766"),
    Example("Inspectors visited 12 out of 23 agencies.", Status.OK, "12 <= 23"),
    Example("Inspectors visited 32 out of 23 agencies.", Status.FAIL, "32 > 23"),
    Example("Out of 243 such cases, 234 criminal cases are being investigated.", Status.OK,
            "234 <= 243"),
    Example("Of the 312 nurses hired this year, 96 came from abroad.", Status.OK,
            "96 <= 312"),
    Example("About 3,400 jobs will go over the next 2 to 3 years, including fewer than "
            "200 engineers.", Status.OK, "the whole is 3,400, not the years"),
    Example("It offered 3,420 places, up from 3,180. Of those offered places, 2,610 went "
            "to state schools.", Status.OK, "2,610 <= 3,420 (not last year's 3,180)"),
    Example("The firm hired 12 engineers and 4 designers.", None, "no part-of cue"),
    Example("Turnout was 8% of the 120 districts polled.", None, "a share, not a count"),
)


def find(document: Document) -> Iterator[Candidate]:
    for _, skeleton in document.skeletons():
        for pattern in _AFTER:
            for found in pattern.finditer(skeleton):
                yield from _candidate(document, skeleton, found,
                                      document.at(found.group("whole")))
        for pattern in _BEFORE:
            for found in pattern.finditer(skeleton):
                whole = _whole_before(document, found)
                if whole is not None:
                    yield from _candidate(document, skeleton, found, whole)


def _whole_before(document: Document, found: re.Match[str]) -> Mention | None:
    """The nearest count before the part (``3,400 jobs ... over the next 2 to 3 years,
    including 200``: a range is no whole), within a few mentions and 400 characters."""
    part_index = int(found.group("part"))
    part = document.mentions[part_index]
    if found.groupdict().get("whole"):
        part_index = int(found.group("whole")) + 1
    for index in range(part_index - 1, max(-1, part_index - 4), -1):
        whole = document.mentions[index]
        if part.start - whole.end >= 400:
            return None
        before = document.text[max(0, whole.start - 12) : whole.start]
        if is_count(whole) and not _OLD_VALUE.search(before):
            return whole
    return None


# "3,420 applicants, up from 3,180 last year. Of those ...": not the old value
_OLD_VALUE = re.compile(r"\b(?:from|against|with)\s+\Z", re.I)


def _candidate(document: Document, skeleton: str, found: re.Match[str],
               whole: Mention) -> Iterator[Candidate]:
    part = document.at(found.group("part"))
    if not (is_count(part) and is_count(whole)) or part is whole:
        return
    cue = cue_words(document, skeleton, found)
    units = shared_units((part, whole))
    # The cue says the one is a part of the other, whatever each counts ("3,400 jobs,
    # including 200 engineers"): two different nouns are compared as plain counts.
    compared = (None, None) if len(set(units) - {None}) > 1 else units
    yield Candidate(KIND, cue, 80, (part, whole), "{0} <= {1}",
                    f'"{cue}": a part cannot outnumber its whole', units=compared)
