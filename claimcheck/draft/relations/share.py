"""share: a part given with its percentage of a whole (``14.2 billion dlrs, 7.5 pct of
the total``, ``X, or 31.4% of Y``, ``accounting for 40% of``).

The rule is ``part == share * whole``. The whole is the number after ``of`` when there
is one, else the nearest number before the part in the same unit (within the
sentence or the one before) that is larger than it: the total the share is of. When it
fails, the percentage does not match the two amounts; one of the three is misquoted or
the share is of another total.
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
    noun_class,
)
from claimcheck.model import Status
from claimcheck.text.mentions import Mention

KIND = "share"
_PART = SLOT.replace("(", "(?P<part>", 1)
_SHARE = SLOT.replace("(", "(?P<share>", 1)
_WHOLE = SLOT.replace("(", "(?P<whole>", 1)
_UNIT = r"(?:\s+[A-Za-z-]+){0,3}?"
_PATTERN = re.compile(
    rf"{_PART}{_UNIT},?\s+(?:or|accounting\s+for|which\s+is|about|some)?\s*{_SHARE}"
    rf"\s+of\s+(?:the\s+|its\s+|their\s+)?(?:(?:total|all)\b|{_WHOLE})", re.I)
# "6.2 million of the 11.8 million registered voters cast a ballot, or 52.5%"
_PART_OF_WHOLE = re.compile(
    rf"{_PART}\s+(?:out\s+)?of\s+(?:the\s+)?{_WHOLE}[^⟨;]{{0,60}}?,?\s+or\s+{_SHARE}", re.I)
# "1,130 had visited a library in the past year, or 47.1% of those asked";
# "418 million dollars, or 61.5% of operating costs of 680 million dollars"
_OR_SHARE = re.compile(
    rf"{_PART}[^⟨;]{{0,60}}?,\s+(?:or|accounting\s+for|which\s+is)\s+{_SHARE}\s+of\b"
    rf"(?:[^⟨;.]{{0,30}}?\bof\s+{_WHOLE})?", re.I)
_SLOT_AFTER = re.compile(SLOT)
_OF_THE = re.compile(rf"\bof\s+the\s+{SLOT}", re.I)
_OLD_VALUE = re.compile(r"\b(?:from|against|with)\s+\Z", re.I)
EXAMPLES: tuple[Example, ...] = (
    Example("Exports were 190 billion dlrs. Of that, oil was 14.2 billion dlrs, 7.5 pct of "
            "the total.", Status.OK, "7.5% of 190 is 14.25"),
    Example("Exports were 190 billion dlrs. Of that, oil was 24.2 billion dlrs, 7.5 pct of "
            "the total.", Status.FAIL, "7.5% of 190 is 14.25, not 24.2"),
    Example("The party won 412 seats, or 63.4% of 650.", Status.OK, "63.4% of 650 = 412"),
    Example("The party won 412 seats, or 43.4% of 650.", Status.FAIL, "43.4% of 650 = 282"),
    Example("Exports rose to 9.8 mln tonnes from 8.2 mln tonnes; wheat was 6.1 mln "
            "tonnes, or 62.2 pct of the total.", Status.OK,
            "the total is 9.8, not last year's 8.2"),
    Example("Of the 312 nurses hired this year, 96 came from abroad, 30.8% of the total.",
            Status.OK, "96 / 312 = 30.8%"),
    Example("6.2 million of the 11.8 million voters cast a ballot, or 62.5% of them.",
            Status.FAIL, "6.2 / 11.8 = 52.5%"),
    Example("Fare revenue was 418 million dollars, or 61.5% of operating costs of 680 "
            "million dollars.", Status.OK, "418 / 680 = 61.5%"),
    Example("Investment will reach 220 million dollars, or 35% of the five-year plan's 630 "
            "million dollars.", Status.OK, "220 / 630 = 34.9%; five is no total"),
    Example("Inflation was 3.2% in May, and 2.9% in June.", None, "no share of a whole"),
)


def find(document: Document) -> Iterator[Candidate]:
    for _, skeleton in document.skeletons():
        for pattern in (_PATTERN, _PART_OF_WHOLE, _OR_SHARE):
            for found in pattern.finditer(skeleton):
                candidate = _candidate(document, skeleton, found)
                if candidate is not None:
                    yield candidate


def _candidate(document: Document, skeleton: str, found: re.Match[str]) -> Candidate | None:
    part, share = document.at(found.group("part")), document.at(found.group("share"))
    if not share.written.percent or not is_count(part):
        return None
    whole = (document.at(found.group("whole")) if found.group("whole")
             else _whole_after(document, skeleton, found)
             or _whole_in_sentence(document, skeleton, found)
             or _total_before(document, int(found.group("part"))))
    if whole is None or not is_count(whole) or _is_compound(document, whole):
        return None
    cue = cue_words(document, skeleton, found)
    return Candidate(KIND, cue, 85, (part, share, whole), "{0} == {1} * {2}",
                     f'"{cue}": the part is that share of the whole')


def _is_compound(document: Document, mention: Mention) -> bool:
    """``the five-year plan``: a number in a compound adjective is no total."""
    return document.text[mention.end : mention.end + 1] in "-\u2011" and (
        document.text[mention.end + 1 : mention.end + 2].isalpha())


def _whole_after(document: Document, skeleton: str, found: re.Match[str]) -> Mention | None:
    """``or 35% of the five-year plan's 630 million``: the first count after the share's
    ``of`` (within 40 characters) that is no compound adjective."""
    if not found.group(0).lower().endswith("of"):
        return None
    for slot in _SLOT_AFTER.finditer(skeleton, found.end(), found.end() + 40):
        mention = document.at(slot.group(1))
        if is_count(mention) and not _is_compound(document, mention):
            return mention
    return None


def _whole_in_sentence(document: Document, skeleton: str,
                       found: re.Match[str]) -> Mention | None:
    """``Of the 312 nurses hired, 96 came from abroad, 30.8% of the total``: 312."""
    named = _OF_THE.search(skeleton, 0, found.start())
    return document.at(named.group(1)) if named else None


def _total_before(document: Document, index: int) -> Mention | None:
    """The nearest larger count before the part, in its noun (any, if it has none),
    that is not the old value of a change (``from 8.2 mln``)."""
    part = document.mentions[index]
    for earlier in reversed(document.mentions[max(0, index - 6) : index]):
        if part.start - earlier.end > 500:
            return None
        before = document.text[max(0, earlier.start - 12) : earlier.start]
        alike = noun_class(part) in (None, noun_class(earlier))
        if (is_count(earlier) and alike and earlier.written.number > part.written.number
                and not _OLD_VALUE.search(before)):
            return earlier
    return None
