"""What every relation kind shares: the text as a kind reads it, and what a kind proposes.

A kind reads a *skeleton* of each sentence: the sentence with every numeric mention
replaced by ``⟨k⟩`` (``k`` the mention's index in the document), so that its patterns
say ``rose ⟨k⟩ to ⟨j⟩ from ⟨i⟩`` without repeating the value grammar.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from claimcheck.model import Status
from claimcheck.text.mentions import Mention
from claimcheck.text.textnorm import sentence_spans, word_set

SLOT = r"⟨(\d+)⟩"
"""A mention in a skeleton; group 1 is its index."""
_SLOT = re.compile(SLOT)

# Nouns that count people, and nouns that count buildings: a kind compares a count of
# employees with a count of people, or properties with buildings, as one thing. Without
# these, "9 people ... 8 employees and one police officer" would be a unit mix.
PERSON_NOUNS = word_set(
    "person people persons employee officer citizen worker resident member child woman man"
    " voter student patient adult staff detainee suspect victim civilian soldier"
    " respondent teacher pupil migrant refugee passenger driver")
BUILDING_NOUNS = word_set(
    "building property house home premise facility structure dwelling shop")


@dataclass(frozen=True)
class Candidate:
    """One proposed relation, before the engine decides it.

    ``check`` names the mentions' claims ``{0}``, ``{1}``, ... in the order of
    ``mentions``; ``units`` gives each claim's unit where the kind decides it (else
    the unit ``extract`` would draft); ``cue`` is the text the relation rests on.
    """

    kind: str
    cue: str
    score: int
    mentions: tuple[Mention, ...]
    check: str
    why: str
    units: tuple[str | None, ...] | None = None
    tolerance: str | None = None


@dataclass(frozen=True)
class Example:
    """A sentence (or a few) and what the kind must make of it: ``expected`` is the
    status of the kind's one relation there, or ``None`` where it must find none."""

    text: str
    expected: Status | None
    why: str


class Kind(Protocol):
    """A relation kind is a module with these names (``change.py`` is one); its
    docstring is its documentation."""

    KIND: str
    EXAMPLES: tuple[Example, ...]

    def find(self, document: Document) -> Iterator[Candidate]:
        """The relations of this kind in ``document``."""
        ...


class Document:
    """A text and its mentions, indexed once for every kind."""

    def __init__(self, text: str, mentions: Sequence[Mention]) -> None:
        self.text = text
        self.mentions = list(mentions)
        self.starts = [m.start for m in self.mentions]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return sentence_spans(self.text)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentences]

    def sentence_of(self, mention: Mention) -> tuple[int, int]:
        """The span of the sentence that holds ``mention`` (the text's own sentences)."""
        index = max(0, bisect.bisect_right(self._sentence_starts, mention.start) - 1)
        return self.sentences[index] if self.sentences else (0, len(self.text))

    def inside(self, start: int, end: int) -> range:
        """The indexes of the mentions inside ``text[start:end]``."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end)
        while last > first and self.mentions[last - 1].end > end:
            last -= 1
        return range(first, last)

    def skeletons(self) -> Iterator[tuple[int, str]]:
        """Each sentence with a mention in it, as (sentence index, skeleton)."""
        for number, (start, end) in enumerate(self.sentences):
            indexes = self.inside(start, end)
            if indexes:
                yield number, self.skeleton(start, end, indexes)

    def skeleton(self, start: int, end: int, indexes: range) -> str:
        pieces: list[str] = []
        at = start
        for index in indexes:
            mention = self.mentions[index]
            pieces += (self.text[at : mention.start], f"⟨{index}⟩")
            at = mention.end
        pieces.append(self.text[at:end])
        return " ".join("".join(pieces).split())

    def unskeleton(self, skeleton: str) -> str:
        """A piece of a skeleton as the text writes it (the cue of a relation)."""
        return _SLOT.sub(lambda slot: self.mentions[int(slot.group(1))].text, skeleton)

    def at(self, slot: str | None) -> Mention:
        return self.mentions[int(slot or 0)]


def noun(mention: Mention) -> str | None:
    """The mention's counted noun in the singular, lower case (None for none)."""
    word = mention.unit_word
    if word is None or not word.isalpha():
        return None
    from claimcheck.draft.extract import unit_for

    return unit_for(word.lower() if not word.isupper() else word)


def noun_class(mention: Mention) -> str | None:
    """``person`` and ``building`` for the nouns of those classes, else the noun."""
    found = noun(mention)
    if found in PERSON_NOUNS:
        return "person"
    if found in BUILDING_NOUNS:
        return "building"
    return found


def is_count(mention: Mention) -> bool:
    """A plain amount: not a percentage, a fraction, a range or a vague plural."""
    written = mention.written
    return not (written.percent or written.high is not None or written.is_date
                or written.exact or written.qualifier == "vague")


def shared_units(mentions: Sequence[Mention]) -> tuple[str | None, ...]:
    """Each mention's unit for a relation between them: a mention without a counted noun
    takes the one noun the others share (``56.7 billion`` beside ``61.2 billion dlrs``);
    nouns of one class become the class; a percentage has none. Two different nouns
    stay different, so that the engine reports the mix."""
    classes = {noun_class(m) for m in mentions if not m.written.percent} - {None}
    only = next(iter(classes)) if len(classes) == 1 else None
    return tuple(None if m.written.percent else (only or noun_class(m)) for m in mentions)


CUE_LENGTH = 160
"""The longest cue kept whole; a longer one keeps its two ends (a cue quotes the text,
and a sentence of the text may be a megabyte long)."""


def cue_words(document: Document, skeleton: str, found: re.Match[str]) -> str:
    """The words of a match as the text writes them, numbers included."""
    cue = document.unskeleton(skeleton[found.start() : found.end()])
    if len(cue) <= CUE_LENGTH:
        return cue
    half = CUE_LENGTH // 2 - 2
    return f"{cue[:half]} … {cue[-half:]}"
