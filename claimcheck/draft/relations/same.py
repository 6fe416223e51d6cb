"""same: one quantity stated twice (``243 criminal cases`` ... ``out of 243 such
cases``), or one event counted twice (``more than 1,500 state and commercial buildings
were damaged`` ... ``1,630 small and medium-sized business properties were damaged``).

Two counts of one noun (people, buildings: nouns of a class count as one) with the same
number, or followed by the same passive verb (``were damaged``, ``were detained``) or
``died``, within ``DISTANCE`` characters. The rule is ``a == b``: the engine says how
far apart the two readings are (``more than 1,500`` is read as at most 1,600, so 1,630
is a tension). When it fails, the text gives two numbers for one thing; find out which
is right, or say why they differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcheck.draft.extract import unit_for
from claimcheck.draft.relations.base import Candidate, Document, Example, is_count, noun_class
from claimcheck.model import Status
from claimcheck.text.mentions import Mention

KIND = "same"
DISTANCE = 3000  # characters between the two statements
_EVENT = re.compile(
    r"(?:[\w-]+\s+){0,6}?(?:(?:were|was|have\s+been|has\s+been|had\s+been)\s+"
    r"(?P<passive>[a-z]+(?:ed|en))|(?P<died>died|were\s+killed))(?P<end>\s*[.,;]|\s+\w+)",
    re.I)
EXAMPLES: tuple[Example, ...] = (
    Example("More than 1,500 buildings were damaged. Officials said 1,560 homes were "
            "damaged.", Status.OK, "1,560 is within more than 1,500"),
    Example("More than 1,500 buildings were damaged. Officials said 1,630 homes were "
            "damaged.", Status.TENSION, "more than 1,500 reads as at most 1,600"),
    Example("Police said 40 people were arrested. Later, 55 people were arrested.",
            Status.FAIL, "40 and 55 for one count"),
    Example("Police said 40 people were arrested. Later, 55 cars were towed.", None,
            "two events"),
)


def find(document: Document) -> Iterator[Candidate]:
    seen: dict[tuple[str, str], Mention] = {}
    for mention in document.mentions:
        kind = noun_class(mention) or _noun_after_such(document, mention)
        if kind is None or not is_count(mention):
            continue
        for key, looks_back in _keys(document, mention, kind):
            earlier = seen.get(key)
            if looks_back and earlier is not None and mention.start - earlier.end < DISTANCE:
                yield _candidate(document, earlier, mention, key)
            seen[key] = mention


def _distinctive(mention: Mention) -> bool:
    """A number unlikely to recur by chance: decimals, or three significant digits
    (``$4.2bn``, ``243``; not ``19``, nor ``1,500``)."""
    written = mention.written
    return "." in written.text or written.number / written.step >= 100


def _noun_after_such(document: Document, mention: Mention) -> str | None:
    """The noun of ``243 such cases``, which the mention itself does not take."""
    found = re.match(r"\s+such\s+([a-z]+)", document.text[mention.end : mention.end + 30])
    return unit_for(found.group(1)) if found else None


_POINTER = re.compile(r"(?:such|these|those|same|out\s+of|of\s+the)\s+\Z", re.I)


def _keys(document: Document, mention: Mention,
          kind: str) -> Iterator[tuple[tuple[str, str], bool]]:
    """What the mention states, and whether it may repeat an earlier statement of it.
    The same number repeats one only where the text points back at it ("out of 243
    such cases") or where it is distinctive: 19 foreigners and 19 officers are two
    numbers that happen to be equal."""
    before = document.text[max(0, mention.start - 16) : mention.start]
    after = document.text[mention.end : mention.end + 8]
    points_back = bool(_POINTER.search(before) or re.match(r"\s+such\b", after))
    yield (kind, f"={mention.written.text}"), points_back or _distinctive(mention)
    phrase = document.text[mention.end : mention.end + 80].split("\n\n")[0]
    found = _EVENT.match(phrase.lstrip())
    if found:
        verb = (found.group("passive") or found.group("died")).lower()
        end = found.group("end").strip().lower()
        yield (kind, f"{verb}|{'.' if not end or not end[0].isalpha() else end}"), True


def _candidate(document: Document, first: Mention, second: Mention,
               key: tuple[str, str]) -> Candidate:
    same_number = key[1].startswith("=")
    what = "the same number" if same_number else f"{key[1].split('|')[0]} twice"
    cue = f"{first.text} ... {second.text}"
    return Candidate(KIND, cue, 60 if same_number else 75, (first, second), "{0} == {1}",
                     f"{key[0]}: {what} (\"{first.text}\" and \"{second.text}\")",
                     units=(key[0], key[0]))
