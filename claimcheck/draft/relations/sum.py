"""sum: parts that add up to a whole.

Three cues:

- a stated total (``a total of``, ``in all``, ``altogether``, ``combined``, ``in total``)
  and a run of numbers beside it in the same unit whose sum lands within 10% of it;
- parts that partition a whole: ``rose in 11 of the 18 regions, fell in six and was
  flat in two`` (the whole is written in the ``of``, or is the last number before in
  the same noun);
- a search: numbers within ``WINDOW`` mentions after a number (at most ``MAX_PARTS`` of
  them) whose sum is exactly that number, as in ``243 cases ... 9 people ... 234
  cases``. An exact sum of numbers in different units (234 cases + 9 people) is the
  finding: the text splits a whole into parts that do not count the same thing.

The rule is ``whole == part + part ...``. When it fails, the parts do not add up (one is
missing or misquoted) or they count different things.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence

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

KIND = "sum"
WINDOW = 8  # mentions after a whole that the exact search looks at
MAX_PARTS = 3  # parts in an exact sum: C(8, 2) + C(8, 3) = 84 sums for each whole
MAX_RUN = 6  # parts beside a stated total
NEAR = 0.10  # a run whose sum is this close to a stated total is proposed
_TOTAL = re.compile(rf"(?:\ba\s+total\s+of|\bin\s+total|\bcombined|\baltogether)\s+{SLOT}"
                    rf"|{SLOT}(?:\s+[A-Za-z-]+){{0,3}}\s+(?:in\s+all|altogether|in\s+total)\b",
                    re.I)
_PARTITION = re.compile(
    rf"\b(?:in|for)\s+{SLOT}\s+of\s+the\s+(?:{SLOT}\s+)?(?P<noun>[a-z]+)(?P<rest>.*)", re.I)
# A count, a few words with no number, a colon, then a list of counts and nothing else.
# After a colon, a list of counts and nothing else (the text before it holds the whole;
# split at the colon, not searched for it, so that a long sentence is read once).
_COLON_LIST = re.compile(
    rf"{SLOT}[^⟨;:.]{{0,40}}(?:(?:,|,?\s+and)\s+{SLOT}[^⟨;:.]{{0,40}})+\.?", re.I)
_SLOTS = re.compile(r"⟨(\d+)⟩")
_OF_THE_WHOLE = re.compile(
    rf"^of\s+the\s+{SLOT}[^⟨;:]{{0,60}}?,\s+(?P<list>{SLOT}[^⟨;:]{{0,40}}?"
    rf"(?:(?:,|,?\s+and)\s+{SLOT}[^⟨;:]{{0,40}}?)+)[.;]?$", re.I)
_BARE_SLOT = re.compile(rf"\b(?:in|for)\s+{SLOT}(?!\s+of\b)", re.I)
EXAMPLES: tuple[Example, ...] = (
    Example("A total of 90 cases were filed: 40 in May, 30 in June and 20 in July.",
            Status.OK, "40 + 30 + 20 = 90"),
    Example("A total of 95 cases were filed: 40 in May, 30 in June and 20 in July.",
            Status.FAIL, "40 + 30 + 20 = 90, not 95"),
    Example("Turnout rose in 11 of the 18 regions, fell in six and was flat in two.",
            Status.FAIL, "11 + 6 + 2 = 19 regions, but 18 were counted"),
    Example("Turnout rose in 10 of the 18 regions, fell in six and was flat in two.",
            Status.OK, "10 + 6 + 2 = 18"),
    Example("243 criminal cases have been initiated, while 9 people were detained. Out of "
            "these, 234 criminal cases are investigated by his agency.", Status.FAIL,
            "234 + 9 = 243, but 9 counts people, not cases"),
    Example("The state's 12 counties all reported fires: 7 in the north, 3 in the centre "
            "and 4 in the south.", Status.FAIL, "7 + 3 + 4 = 14, not 12"),
    Example("A total of 2,350 staff run it: 1,300 drivers, 700 station workers and 350 "
            "engineers.", Status.OK, "1,300 + 700 + 350 = 2,350"),
    Example("Tourism earned 5.5 billion euros; fuel cost 1.1 billion euros, farms 2.3 "
            "billion euros and aid 2.1 billion dollars.", None,
            "1.1 + 2.3 + 2.1 = 5.5 is a coincidence of two-digit numbers"),
    Example("Of the 1,150 bursts reported, 730 were in the old town and 520 in the suburbs.",
            Status.FAIL, "730 + 520 = 1,250, more than 1,150"),
    Example("Of the 1,250 bursts reported, 730 were in the old town and 420 in the suburbs.",
            Status.OK, "730 + 420 = 1,150, within 1,250"),
    Example("The team has 14 players and 3 coaches.", None, "no whole"),
)


def find(document: Document) -> Iterator[Candidate]:
    yield from _stated_totals(document)
    yield from _partitions(document)
    yield from _colon_lists(document)
    yield from _parts_of_the(document)
    yield from _exact_sums(document)


def _parts_of_the(document: Document) -> Iterator[Candidate]:
    """``Of the 1,150 bursts reported, 730 were in the old town and 520 in the
    suburbs``: parts of a named whole. They need not be all of it, so the rule is that
    they do not add up to more (``a + b <= whole``)."""
    for _, skeleton in document.skeletons():
        found = _OF_THE_WHOLE.search(skeleton)
        if found is None:
            continue
        whole = document.at(found.group(1))
        parts = [document.at(slot) for slot in _SLOTS.findall(found.group("list"))]
        if 2 <= len(parts) <= MAX_RUN and is_count(whole) and all(
                is_count(m) and m.written.number < whole.written.number for m in parts):
            cue = cue_words(document, skeleton, found)
            yield Candidate(KIND, cue, 80, (whole, *parts),
                            " + ".join(f"{{{i}}}" for i in range(1, len(parts) + 1)) + " <= {0}",
                            f'"{cue}": the parts of the whole add up to at most the whole',
                            units=(None,) * (len(parts) + 1))


def _colon_lists(document: Document) -> Iterator[Candidate]:
    """``The state's 12 counties all reported fires: 7 in the north, 3 in the centre
    and 4 in the south``: a count, then a colon and a list of smaller counts."""
    for _, skeleton in document.skeletons():
        head, colon, tail = skeleton.partition(":")
        found = _COLON_LIST.fullmatch(tail.strip()) if colon else None
        if found is None:
            continue
        parts = [document.at(slot) for slot in _SLOTS.findall(tail)]
        whole = _colon_whole(document, head[-200:], parts) if len(parts) <= MAX_RUN else None
        if len(parts) >= 2 and whole is not None:
            cue = document.unskeleton(f"{head[-60:]}:{tail}".strip())
            yield Candidate(KIND, cue, 80, (whole, *parts),
                            "{0} == " + " + ".join(f"{{{i}}}" for i in range(1, len(parts) + 1)),
                            f'"{cue}": the list after the colon adds up to the number before it',
                            units=(None,) * (len(parts) + 1))


def _stated_totals(document: Document) -> Iterator[Candidate]:
    for _, skeleton in document.skeletons():
        for found in _TOTAL.finditer(skeleton):
            index = int(found.group(1) or found.group(2))
            whole = document.mentions[index]
            run = _nearest_run(document, index) if is_count(whole) else None
            if run:
                cue = cue_words(document, skeleton, found)
                yield _sum(whole, run, cue, 85, f'"{cue}": the parts add up to the total')


def _nearest_run(document: Document, index: int) -> list[Mention] | None:
    """The run of same-noun counts right after (or else before) the total whose sum
    comes nearest to it, if within ``NEAR``; numbers that are no parts (another noun,
    a percentage) are passed over, two at most."""
    whole = document.mentions[index]
    best: tuple[float, list[Mention]] | None = None
    for run in (document.mentions[index + 1 : index + 3 + MAX_RUN],
                document.mentions[max(0, index - MAX_RUN - 2) : index][::-1]):
        taken: list[Mention] = []
        start, end = document.sentence_of(whole)
        for mention in run:
            if not start <= mention.start < end or len(taken) == MAX_RUN:
                break
            if not _part_of(mention, whole):
                continue  # "4,950 patients waited more than four hours": not a part
            taken.append(mention)
            miss = abs(float(sum(m.written.number for m in taken) / whole.written.number) - 1)
            if len(taken) >= 2 and miss <= NEAR and (best is None or miss < best[0]):
                best = (miss, list(taken))
    return best[1] if best else None


def _colon_whole(document: Document, head: str, parts: Sequence[Mention]) -> Mention | None:
    """Of the counts before the colon, the one larger than every part whose value is
    nearest their sum (``1,240 candidates stood for 420 seats: 610, 380 and 250``)."""
    if not all(map(is_count, parts)):
        return None
    total = sum(m.written.number for m in parts)
    largest = max(m.written.number for m in parts)
    heads = [document.at(slot) for slot in _SLOTS.findall(head)]
    fitting = [m for m in heads if is_count(m) and m.written.number > largest]
    return min(fitting, key=lambda m: abs(m.written.number - total), default=None)


def _part_of(mention: Mention, whole: Mention) -> bool:
    same = noun_class(mention) in (noun_class(whole), None)
    return is_count(mention) and same and mention.written.number < whole.written.number


def _partitions(document: Document) -> Iterator[Candidate]:
    for _, skeleton in document.skeletons():
        found = _PARTITION.search(skeleton)
        if found is None:
            continue
        first = document.at(found.group(1))
        rest = [document.at(m.group(1)) for m in _BARE_SLOT.finditer(found.group("rest"))]
        whole = (document.at(found.group(2)) if found.group(2)
                 else _noun_before(document, int(found.group(1)), found.group("noun")))
        parts = [first, *rest]
        if whole is not None and len(parts) >= 2 and all(map(is_count, parts)):
            cue = cue_words(document, skeleton, found)
            yield _sum(whole, parts, cue, 85, f'"{cue}": the groups partition the whole',
                       units=noun_class(whole))


def _noun_before(document: Document, index: int, word: str) -> Mention | None:
    for earlier in reversed(document.mentions[max(0, index - WINDOW) : index]):
        if (earlier.unit_word or "").lower().rstrip("s") == word.lower().rstrip("s"):
            return earlier
    return None


def _exact_sums(document: Document) -> Iterator[Candidate]:
    mentions = document.mentions
    for index, whole in enumerate(mentions):
        if not is_count(whole) or whole.written.qualifier:
            continue
        near = [m for m in mentions[index + 1 : index + 1 + WINDOW]
                if m.start - whole.end < 800 and is_count(m) and not m.written.qualifier
                and m.written.number < whole.written.number]
        parts = _exact_subset(whole, near)
        if parts and _one_noun_with_the_whole(whole, parts, strict=not _unlikely(whole, parts)):
            yield _exact_sum(whole, parts)


def _unlikely(whole: Mention, parts: Sequence[Mention]) -> bool:
    """Whether an exact sum is unlikely to be chance: ``C(WINDOW, 3)`` subsets land on a
    number of two significant digits (``5.5``) all too often, so two parts need a whole
    of three significant digits (``243``), three parts of four. Below that, only parts
    that all count what the whole counts are proposed."""
    significant = whole.written.number / whole.written.step
    return significant >= (100 if len(parts) == 2 else 1000)


def _exact_sum(whole: Mention, parts: Sequence[Mention]) -> Candidate:
    """An exact sum. Different nouns are the finding only where a part says the whole's
    noun too (``243 cases = 234 cases + 9 people``); beside parts that name nothing
    (``1,240 candidates: 610 ..., 380 ... and 250 independents``) they are counted as
    plain numbers."""
    written = " + ".join(m.text for m in parts)
    kinds = {noun_class(m) for m in (whole, *parts)} - {None}
    named = any(noun_class(m) == noun_class(whole) for m in parts) and noun_class(whole)
    if len(kinds) > 1 and named:
        return _sum(whole, parts, "", 80, f"{written} = {whole.text} exactly, in different units")
    return Candidate(KIND, f"{written} = {whole.text} exactly", 70, (whole, *parts),
                     "{0} == " + " + ".join(f"{{{i}}}" for i in range(1, len(parts) + 1)),
                     f"{written} = {whole.text} exactly",
                     units=None if len(kinds) <= 1 else (None,) * (len(parts) + 1))


def _one_noun_with_the_whole(whole: Mention, parts: Sequence[Mention], *,
                             strict: bool) -> bool:
    """A sum worth proposing: some part counts what the whole counts (or neither says),
    and at most one part counts something else (``234 cases + 9 people``): sums of
    numbers that count three different things are coincidences."""
    kinds = [noun_class(m) for m in parts]
    whole_kind = noun_class(whole)
    alike = sum(kind in (whole_kind, None) or whole_kind is None for kind in kinds)
    if strict:  # all parts must name the whole's noun (9 people = 8 employees + one officer)
        return whole_kind is not None and all(kind == whole_kind for kind in kinds)
    return alike >= 1 and len(parts) - alike <= 1


def _exact_subset(whole: Mention, near: Sequence[Mention]) -> tuple[Mention, ...] | None:
    for size in range(2, MAX_PARTS + 1):
        for parts in itertools.combinations(near, size):
            if sum(m.written.number for m in parts) == whole.written.number:
                return parts
    return None


def _sum(whole: Mention, parts: Sequence[Mention], cue: str, score: int, why: str,
         units: str | None = None) -> Candidate:
    check = "{0} == " + " + ".join(f"{{{i}}}" for i in range(1, len(parts) + 1))
    chosen = None if units is None else (units,) * (len(parts) + 1)
    return Candidate(KIND, cue or why, score, (whole, *parts), check, why, units=chosen)
