"""A quote copied from a rendered document matches whatever the format did to it
(issue 15, section 4): line breaks, a word hyphenated at a line end, ligatures, soft
hyphens and non-breaking spaces; and nothing else is forgiven."""

from __future__ import annotations

import pytest

from claimcheck.text.textnorm import find_quote

# (the source as a reader made it, the quote as a user copied it, found)
CASES = [
    ("more than 2,800 weap-\nons were stolen", "more than 2,800 weapons were stolen", True),
    ("more than 2,800 weapons were stolen", "more than 2,800 weap- ons were stolen", True),
    ("the of\ufb01cials said 9 people", "the officials said 9 people", True),
    ("the officials said 9 people", "the of\ufb01cials said 9 people", True),
    ("the e\ufb00ect of 40 billion", "the effect of 40 billion", True),
    ("inves\u00adtigating 3,070 cases", "investigating 3,070 cases", True),
    ("inves\u00ad\ntigating 3,070 cases", "investigating 3,070 cases", True),
    ("a total of\u00a0766\u00a0people", "a total of 766 people", True),
    ("1,630 small and medium-\nsized business", "1,630 small and medium-sized business", True),
    ("lasted three\nand a half\nhours", "lasted three and a half hours", True),
    # not forgiven: a digit, a word, a hyphen between digits
    ("more than 2,800 weapons", "more than 2,080 weapons", False),
    ("9 people were detained", "9 people were arrested", False),
    ("in 2021-\n2022 the budget", "in 20212022 the budget", False),
]


@pytest.mark.parametrize(("source", "quote", "found"), CASES)
def test_a_rendered_documents_quote_matches(source: str, quote: str, found: bool) -> None:
    span = find_quote(source, quote)
    assert (span is not None) is found
    if span is not None:  # the span is of the source as written, whole words
        assert source[span[0]] == quote[0] and source[span[1] - 1] == quote[-1]
