"""Quote normalisation: what folds, what does not, and the map back to the source."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.text.textnorm import (
    closest_passage,
    find_quote,
    normalise_text,
    sentence_around,
    sentence_spans,
)

SEED = (Path(__file__).parent / "corpus" / "mazhilis-hearing-2022-03-14.txt").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("source", "quote", "expected_passage"),
    [
        ("He said MORE than 2,800 weapons.", "more than 2,800 weapons", "MORE than 2,800 weapons"),
        ("Kazakhstan\u2019s top officials", "Kazakhstan's top", "Kazakhstan\u2019s top"),
        ("a \u201cfinal\u201d list", 'a "final" list', "a \u201cfinal\u201d list"),
        ("in 2022 \u2013 at the session", "2022 - at the", "2022 \u2013 at the"),
        ("in 2022 \u2014 at", "2022 - at", "2022 \u2014 at"),
        ("a loss of \u2212470", "loss of -470", "loss of \u2212470"),
        ("38.6\u00a0billion tenge", "38.6 billion tenge", "38.6\u00a0billion tenge"),
        ("three  and\n a half hours", "three and a half", "three  and\n a half"),
        ("wait\u2026 then", "wait... then", "wait\u2026 then"),
        ("co\u00adoperation was", "cooperation was", "co\u00adoperation was"),
        ("Item one.", "  item one  ", "Item one"),
    ],
)
def test_quote_found_after_folding_maps_back_to_the_original(
    source: str, quote: str, expected_passage: str
) -> None:
    span = find_quote(source, quote)
    assert span is not None
    assert source[span[0] : span[1]] == expected_passage


@pytest.mark.parametrize(
    ("source", "quote"),
    [
        ("more than 2,800 weapons", "more than 2,080 weapons"),  # a transcription slip
        ("more than 2,800 weapons", "more than 2800 weapons"),  # a comma is not typography
        ("more than 2,800 weapons", "over 2,800 weapons"),  # a word changed
        ("nine people were detained", "nine people were arrested"),
        ("nine people were detained", ""),
        ("nine people were detained", "   "),
    ],
)
def test_anything_but_typography_is_not_forgiven(source: str, quote: str) -> None:
    assert find_quote(source, quote) is None


def test_normalised_text_folds_case_space_quotes_and_dashes() -> None:
    assert normalise_text("  \u201cA\u2014B\u201d\u00a0\t it\u2019s ") == "\"a-b\" it's"


def test_transcription_slip_shows_the_passage_it_was_meant_to_copy() -> None:
    passage = closest_passage(SEED, "more than 2,080 weapons were stolen during the unrest")
    assert "more than 2,800 weapons were stolen during the unrest" in passage


def test_closest_passage_of_a_reworded_quote() -> None:
    passage = closest_passage(SEED, "234 criminal cases are investigated by his agency")
    assert passage.startswith("234 criminal cases are being investigated")


def test_sentence_around_a_number_with_a_decimal_point() -> None:
    start = SEED.index("38.6 billion")
    s, e = sentence_around(SEED, start, start + len("38.6 billion"))
    assert SEED[s:e].startswith("First Deputy Prime Minister Roman Sklyar")
    assert SEED[s:e].endswith("worth of damage.")


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Mr. Smith paid $4.2bn. Then he left.", ["Mr. Smith paid $4.2bn.", "Then he left."]),
        ("The U.S. team won. Next.", ["The U.S. team won.", "Next."]),
        ('He said: "We will." She agreed.', ['He said: "We will."', "She agreed."]),
        ("A headline\n\nThe first paragraph", ["A headline", "The first paragraph"]),
    ],
)
def test_sentence_spans(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == sentences


def test_normalising_by_slices_is_normalising_each_character() -> None:
    """The fast way (``_normalised_by_slices``) against the plain character loop, on the
    seed and on every short text over an alphabet of what normalising treats specially:
    runs of spaces, replaced and dropped characters next to each other, and characters
    that casefold to two ("ß", "İ", which take the loop)."""
    from itertools import product

    from claimcheck.text import textnorm

    def fresh(text: str) -> textnorm.Normalised:
        textnorm.normalise.cache_clear()
        return textnorm.normalise(text)

    assert fresh(SEED) == textnorm._normalised_each(SEED)
    alphabet = "aZ \u00a0\n\u2013\u2019\u00ad\u2026\u00df"
    for length in range(5):
        for letters in product(alphabet, repeat=length):
            text = "".join(letters)
            assert fresh(text) == textnorm._normalised_each(text), repr(text)


def test_folded_text_is_the_text_of_normalise() -> None:
    """``folded_text`` (quotes: no map back) gives the text ``normalise`` gives, on the
    seed and on every short text over the characters normalising treats specially,
    a dropped character between two spaces included."""
    from itertools import product

    from claimcheck.text import textnorm

    assert textnorm.folded_text(SEED) == textnorm._normalised_each(SEED).text
    alphabet = "aZ \u00a0\n\u2013\u2019\u00ad\u2026\u00df\u0130\u200b\""
    for length in range(5):
        for letters in product(alphabet, repeat=length):
            text = "".join(letters)
            assert textnorm.folded_text(text) == textnorm._normalised_each(text).text, text


def test_sentence_around_by_bisection_matches_the_spans() -> None:
    """The index answers as a scan of every sentence would: each span of the seed, a
    span across two sentences, and a span in the white space between two."""
    from claimcheck.text.textnorm import sentence_index

    spans = sentence_spans(SEED)
    index = sentence_index(SEED)
    for start in range(0, len(SEED), 37):
        for length in (0, 1, 5, 120):
            end = min(len(SEED), start + length)
            touching = [s for s in spans if s[0] < max(end, start + 1) and s[1] > start]
            expected = (touching[0][0], touching[-1][1]) if touching else None
            assert index.around(start, end) == expected, (start, end)


def test_line_number_counts_lines_from_one() -> None:
    from claimcheck.text.textnorm import line_number

    text = "a\nbb\n\nc"
    assert [line_number(text, i) for i in range(len(text))] == [1, 1, 2, 2, 2, 3, 4]
