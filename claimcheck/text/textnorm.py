"""Finding a quote in its source text, forgiving typography but nothing else.

A quote is compared with the source after both are normalised the same way:

- case is ignored (``str.casefold``);
- every run of white space, non-breaking spaces included, is one space, and white
  space at the ends of the quote does not count;
- curly, angled and straight double quotes are one character, and so are curly and
  straight single quotes and apostrophes (a curly apostrophe is a straight one);
- every dash (hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign)
  is ``-``; an ellipsis character is ``...``;
- soft hyphens and zero-width characters are dropped;
- a hyphen between two letters is dropped, with the white space (a line break) after
  it: ``weap-\nons``, ``weap- ons`` and ``weapons`` are one word, as are
  ``well-known`` and ``wellknown``, so that a quote matches whatever a PDF's line
  ends did to a word (ligatures such as ``\ufb01`` are ``fi`` by case folding).

Nothing else is forgiven: a different digit, a missing word or a changed qualifier
makes the quote not found, and ``closest_passage`` then shows the part of the source
that looks most like it, so that ``2,080`` against ``2,800`` is obvious at a glance.

Every normalised character remembers where it came from, so a quote found in the
normalised text is reported as a span of the original source, and can be shown inside
its sentence (``sentence_around``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

# Written as escapes so that no look-alike character hides in the source code.
_DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02'
_SINGLE_QUOTES = "'`\u2018\u2019\u201a\u201b\u2032\u00b4\uff07"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_REPLACEMENTS: dict[str, str] = {
    **dict.fromkeys(_DOUBLE_QUOTES, '"'),
    **dict.fromkeys(_SINGLE_QUOTES, "'"),
    **dict.fromkeys(_DASHES, "-"),
    **dict.fromkeys(_DROPPED, ""),
    "\u2026": "...",  # ellipsis
}


@dataclass(frozen=True)
class Normalised:
    """A normalised text and, for each of its characters, the index it came from.

    ``origin`` has one more entry than ``text``: the end of the original text, so that
    the end of a match at the very end maps back too. It is an array of C integers, not
    a tuple: a tuple of a million Python ints took 36 bytes a character.
    """

    text: str
    origin: array[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that produced ``text[start:end]`` (end > start)."""
        return self.origin[start], self.origin[end - 1] + 1


# A hyphen (or soft hyphen) between letters, and any white space after it: dropped.
_WORD_HYPHEN_TEXT = "[-\u2010\u2011\u00ad](?<=[^\\W\\d_].)\\s*(?=[^\\W\\d_])"
_WORD_HYPHEN = re.compile(_WORD_HYPHEN_TEXT)
# What normalising changes besides case: a run of white space (\s is str.isspace() in
# a str pattern), a word's hyphen, or one character of the replacements.
_CHANGED = re.compile(r"(\s+)|(" + _WORD_HYPHEN_TEXT + ")|["
                      + re.escape("".join(_REPLACEMENTS)) + "]")
_DROPPED_FOUND = re.compile(f"[{_DROPPED}]")
# The same, but a lone space between two other characters is left in the slices: it
# normalises to itself, and as a change each one cost a slice of its own (a 1 MB text
# made some 200,000 slices, 12 MB). Only for texts without dropped characters, as a
# space after a dropped one that follows a space must still be dropped.
_CHANGED_BUT_LONE_SPACES = re.compile(
    r"((?! (?!\s))\s+)|(" + _WORD_HYPHEN_TEXT + ")|[" + re.escape("".join(_REPLACEMENTS)) + "]")


@functools.lru_cache(maxsize=16)
def normalise(text: str) -> Normalised:
    """``text`` folded for comparison, with the map back to the original."""
    folded = text.casefold()
    if len(folded) == len(text):  # casefold never shortens: each character folds to one
        return _normalised_by_slices(text, folded)
    return _normalised_each(text)  # a character folds to two or more ("ß" -> "ss")


def _index_type(length: int) -> str:
    """The array type code for indexes up to ``length``: 4 bytes while they fit."""
    return "i" if length < 2**31 - 1 else "q"


def _normalised_by_slices(text: str, folded: str) -> Normalised:
    """``normalise`` that copies the folded text a slice at a time between the places
    ``_CHANGED`` finds; the same result as ``_normalised_each``, ten times as fast on
    a news article."""
    chars: list[str] = []
    origin = array(_index_type(len(text)))
    start = 0
    after_space = False  # white space after a space (and dropped characters) adds none
    changed = _CHANGED_BUT_LONE_SPACES if _DROPPED_FOUND.search(text) is None else _CHANGED
    for change in changed.finditer(text):
        at = change.start()
        if at > start:
            chars.append(folded[start:at])
            origin.extend(range(start, at))
            after_space = False
        if change.group(1) is None:
            replacement = "" if change.group(2) is not None else _REPLACEMENTS[change.group()]
            chars.append(replacement)
            origin.extend([at] * len(replacement))
            after_space = after_space and not replacement
        elif not after_space:
            chars.append(" ")  # the space points at the run's start
            origin.append(at)
            after_space = True
        start = change.end()
    chars.append(folded[start:])
    origin.extend(range(start, len(text) + 1))
    return Normalised("".join(chars), origin)


def _normalised_each(text: str) -> Normalised:
    """``normalise`` a character at a time: any text, replacements and all."""
    chars: list[str] = []
    origin = array(_index_type(len(text)))
    hyphens = {i for found in _WORD_HYPHEN.finditer(text) for i in range(*found.span())}
    for index, char in enumerate(text):
        if index in hyphens:
            continue
        if char.isspace():
            # A run of white space is one space; the space points at the run's start.
            if chars and chars[-1] == " ":
                continue
            folded = " "
        else:
            folded = _REPLACEMENTS.get(char, char).casefold()
        chars.extend(folded)
        origin.extend([index] * len(folded))
    origin.append(len(text))
    return Normalised("".join(chars), origin)


def normalise_text(text: str) -> str:
    """Only the folded text of ``normalise``, trimmed: what two equal quotes share."""
    return folded_text(text).strip()


_DROPPED_CHARS = re.compile("[" + _DROPPED + "]")
_SPACE_RUN = re.compile(r"\s+")
_REPLACED = re.compile("[" + re.escape("".join(set(_REPLACEMENTS) - set(_DROPPED))) + "]")


def folded_text(text: str) -> str:
    """``normalise(text).text`` without the map back, for quotes: building the map for
    each of thousands of quotes cost more than finding them. Dropped characters go
    first, so that white space on both sides of one makes one space, as there."""
    text = _SPACE_RUN.sub(" ", _DROPPED_CHARS.sub("", _WORD_HYPHEN.sub("", text)))
    return _REPLACED.sub(lambda found: _REPLACEMENTS[found.group()], text).casefold()


def find_quote(source: str, quote: str) -> tuple[int, int] | None:
    """The span of ``source`` where ``quote`` occurs after normalising, or ``None``.

    The span is in the ORIGINAL source, so ``source[start:end]`` is the passage as
    the document writes it. An empty quote is never found.
    """
    found = _quote_spans(source)
    if quote not in found:
        found[quote] = _find_quote(source, quote)
    return found[quote]


@functools.lru_cache(maxsize=8)
def _quote_spans(source: str) -> dict[str, tuple[int, int] | None]:
    """Where each quote asked about was found in ``source``: the quote check and
    coverage both look up every quote of a file (a search of the whole text each)."""
    return {}


def _find_quote(source: str, quote: str) -> tuple[int, int] | None:
    needle = normalise_text(quote)
    if not needle:
        return None
    haystack = normalise(source)
    at = haystack.text.find(needle)
    if at < 0:
        return None
    return haystack.original_span(at, at + len(needle))


def word_set(text: str) -> frozenset[str]:
    """The words of ``text``: a word list written as one readable string."""
    return frozenset(text.split())


# A sentence ends at . ! or ? (and any closing quotes or brackets) before white space,
# or at a blank line. A full stop after a single capital (initials, "U.S.") or after
# one of these abbreviations does not end a sentence.
_SENTENCE_END = re.compile("[.!?][\"'\u201d\u2019\u00bb)\\]]*(?=\\s|$)|\n[ \t\u00a0]*\n")
_ABBREVIATIONS = word_set(
    "mr mrs ms dr prof gen col lt sgt st no nos vs etc approx est fig inc ltd co corp jr sr"
    " jan feb mar apr jun jul aug sep sept oct nov dec")
_WORD_BEFORE_DOT = re.compile(r"([\w.]+)\.$")


def _is_abbreviation(source: str, dot: int) -> bool:
    word = _WORD_BEFORE_DOT.search(source[max(0, dot - 12) : dot + 1])
    if word is None:
        return False
    token = word.group(1)
    initials = re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token) is not None  # U.S., e.g.
    single_capital = len(token) == 1 and token.isupper()
    return initials or single_capital or token.casefold() in _ABBREVIATIONS


def sentence_spans(source: str) -> list[tuple[int, int]]:
    """The sentences of ``source`` as spans, white space around them excluded."""
    index = sentence_index(source)
    return list(zip(index.starts, index.ends, strict=True))


@dataclass(frozen=True)
class SentenceIndex:
    """The sentences of one text, split once: ``starts[k]``, ``ends[k]`` of the k-th,
    both increasing, so that the sentence around any span is two bisections away."""

    starts: array[int]
    ends: array[int]

    def around(self, start: int, end: int) -> tuple[int, int] | None:
        """The span from the first to the last sentence touching ``[start, end)``."""
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, max(end, start + 1)) - 1
        if first > last:
            return None
        return self.starts[first], self.ends[last]


@functools.lru_cache(maxsize=8)
def sentence_index(source: str) -> SentenceIndex:
    """``source`` split into sentences once; kept for the few texts last asked about,
    as every mention of a long text asks for its sentence (re-splitting the whole text
    each time made extract quadratic: 8 minutes for 1.5 MB)."""
    typecode = _index_type(len(source))
    starts, ends = array(typecode), array(typecode)
    for span in _raw_sentence_spans(source):
        start, end = _trim(source, *span)
        if start < end:
            starts.append(start)
            ends.append(end)
    return SentenceIndex(starts, ends)


def _raw_sentence_spans(source: str) -> Iterator[tuple[int, int]]:
    start = 0
    for end_mark in _SENTENCE_END.finditer(source):
        if end_mark.group().startswith(".") and _is_abbreviation(source, end_mark.start()):
            continue
        end = end_mark.end() if not end_mark.group().startswith("\n") else end_mark.start()
        yield start, end
        start = end_mark.end()
    yield start, len(source)


def _trim(source: str, start: int, end: int) -> tuple[int, int]:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return start, end


def sentence_around(source: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) of ``source`` that contain ``source[start:end]``."""
    span = sentence_index(source).around(start, end)
    return _trim(source, start, end) if span is None else span


@functools.lru_cache(maxsize=8)
def _line_starts(source: str) -> array[int]:
    starts = array(_index_type(len(source)), [0])
    starts.extend(found.end() for found in re.finditer("\n", source))
    return starts


def line_span(source: str, at: int) -> tuple[int, int]:
    """The start and end (before its newline) of the line of ``source`` holding ``at``."""
    starts = _line_starts(source)
    index = bisect.bisect_right(starts, at)
    end = starts[index] - 1 if index < len(starts) else len(source)
    return starts[index - 1], end


def line_number(source: str, at: int) -> int:
    """The 1-based line of ``source`` that holds index ``at``, by bisection over the
    line starts found once per text (counting newlines for each mention was quadratic)."""
    return bisect.bisect_right(_line_starts(source), at)


def closest_passage(source: str, quote: str) -> str:
    """The passage of ``source`` most like ``quote``, white space collapsed, for display.

    First the sentence (or pair of adjacent sentences) that holds most of the quote's
    characters in order, then within it the run of words, about as long as the quote,
    that difflib rates most similar. A slip such as ``2,080`` for ``2,800`` leaves the
    rest of the words equal, so the passage returned is the one the quote was meant
    to copy.
    """
    needle = normalise_text(quote)[:MAX_COMPARED]
    spans = sentence_spans(source)
    if not needle or not spans:
        return ""
    windows = _sized_windows(source, _sentence_windows(spans), len(needle))
    start, end = _best_window(needle, source, windows)
    return _best_word_run(source[start:end], needle)


# How much of a quote the search compares (the passage found shows where it went wrong),
# and how much longer than it a window may be: difflib's work grows with the product
# of the two lengths, and a long quote against a source with no full stop (one
# sentence of 6 KB) took 32 s.
MAX_COMPARED = 400
_WINDOW_FACTOR = 3


def _sized_windows(source: str, windows: list[tuple[int, int]],
                   size: int) -> list[tuple[int, int]]:
    """``windows``, each one much longer than ``size`` cut into overlapping pieces of
    about ``_WINDOW_FACTOR * size`` characters, starting and ending between words; the
    pieces of a text are about three times as long as it is, all told."""
    longest = _WINDOW_FACTOR * size + 100
    sized: list[tuple[int, int]] = []
    for start, end in windows:
        if end - start <= longest:
            sized.append((start, end))
            continue
        for piece in range(start, end, max(1, longest - size)):
            first = _word_start(source, piece, end) if piece > start else start
            sized.append((first, _word_start(source, min(end, first + longest), end)))
            if first + longest >= end:
                break
    return sized


def _word_start(source: str, at: int, end: int) -> int:
    """The first space at or after ``at`` (before ``end``), or ``end``."""
    found = source.find(" ", at, end)
    return end if found == -1 else found


def _best_window(needle: str, source: str,
                 windows: list[tuple[int, int]]) -> tuple[int, int]:
    """The window with the best ``_coverage``. Windows are tried from the highest bound
    down (shared characters, counted without order), and the search stops when no bound
    can beat the best so far: comparing every window of a long text took seconds."""
    wanted = Counter(needle)
    texts = {w: normalise_text(source[w[0] : w[1]]) for w in windows}
    bounds = {w: sum((wanted & Counter(t)).values()) / len(needle) for w, t in texts.items()}
    best, best_score = windows[0], (-1.0, 0.0)
    for window in sorted(windows, key=lambda w: -bounds[w]):
        if bounds[window] < best_score[0]:
            break
        score = _coverage(needle, texts[window])
        if score > best_score:
            best, best_score = window, score
    return best


def _sentence_windows(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    singles = list(spans)
    pairs = [(a[0], b[1]) for a, b in itertools.pairwise(spans)]
    return singles + pairs


def _coverage(needle: str, candidate: str) -> tuple[float, float]:
    """How much of ``needle`` ``candidate`` holds in order, then (to break ties) brevity."""
    matcher = SequenceMatcher(None, needle, candidate, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(needle), -len(candidate)


def _best_word_run(passage: str, needle: str) -> str:
    words = passage.split()
    size = len(needle.split())
    runs = [" ".join(words[first : first + length])
            for length in range(max(1, size - 2), size + 3)
            for first in range(max(1, len(words) - length + 1))]
    # difflib's ratio for the few runs that its quick bound (characters shared, in any
    # order, linear in the lengths) rates highest: the ratio of every run was quadratic.
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(needle)
    bounds = []
    for index, run in enumerate(runs):
        matcher.set_seq1(normalise_text(run))
        bounds.append((-matcher.quick_ratio(), index))
    best, best_score = " ".join(words), -1.0
    for _, index in sorted(bounds)[:_RUNS_COMPARED]:
        matcher.set_seq1(normalise_text(runs[index]))
        score = matcher.ratio()
        if score > best_score:
            best, best_score = runs[index], score
    return best


_RUNS_COMPARED = 12


# ---------------------------------------------------------------- pages (documents)

PAGE_BREAK = "\f"  # the text of a paged document starts each page after the first so


@functools.lru_cache(maxsize=8)
def _page_starts(source: str) -> array[int]:
    """Where each page of ``source`` starts (its form feed); the first page at 0."""
    starts = array(_index_type(len(source)), [0])
    starts.extend(found.start() for found in re.finditer(PAGE_BREAK, source))
    return starts


def page_and_line(source: str, at: int) -> tuple[int | None, int]:
    """The page (``None`` for a text without form feeds) and the line within it of
    ``source[at]``: a PDF's text says ``page 12, line 5``, as the page shows it."""
    starts = _page_starts(source)  # found once per text: this is asked for every mention
    if len(starts) == 1:
        return None, line_number(source, at)
    page = bisect.bisect_right(starts, at)
    return page, line_number(source, at) - line_number(source, starts[page - 1]) + 1
