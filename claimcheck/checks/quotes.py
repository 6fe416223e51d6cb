"""quote: every quote occurs in the source and states its claim's value.

When ``[document].source`` names the text the claims come from, each claim with a
``quote`` is checked against it:

1. The quote must occur in the source. Case does not matter, and neither do
   typographic differences: runs of white space and non-breaking spaces, curly and
   straight quotes and apostrophes, and the kinds of dash are all the same. Any other
   difference (a digit, a word, a comma in a number) means the quote is not found, and
   the message shows the passage of the source most like it, so that a transcription
   slip such as ``2,080`` for ``2,800`` is plain to see.
2. The quote must contain a numeric mention that reads as the claim's value: the same
   number, scale and qualifier. ``nine`` and ``9`` are the same number; the
   qualifiers of one row of the format page's table are the same qualifier (``over``,
   ``more than`` and ``exceeds``; ``up to`` and ``as much as``; ``nearly`` and ``just
   under``), as each spelling reads as its row's canonical word; ``one in five`` and ``a
   fifth`` are the same fraction; ``%``, ``per cent`` and ``pct``
   the same; ``$4.2bn`` is ``4.2bn``. A mention written without a sign matches a signed
   value, as "a loss of $470m" states ``-470m``. A quote that says ``more than 2,800``
   does not state ``2,800``: the qualifier is part of the value. A scale word that
   starts the claim's unit counts as written in the value (``value = 38.6`` with
   ``unit = "billion tenge"`` states ``38.6 billion``).

Each failure is a ``fail`` result with the rule id ``quote:<claim>`` on the claim's
line (its ``[claims.<id>]`` header). Derived claims and claims without a quote are not
checked here (the summary lists claims without a quote as ungrounded). For a date claim
only step 1 is checked: dates are not numeric mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction

from claimcheck.checks.base import Example, toml_string
from claimcheck.model import Claim, ClaimsFile, Result, Severity, Status, Written
from claimcheck.quantities.values import SCALES
from claimcheck.text.mentions import find_mentions, mention_matches
from claimcheck.text.textnorm import PAGE_BREAK, closest_passage, find_quote, page_and_line

ID = "quote"
NEEDS_SOURCE = True

_HEARING = (
    "The meeting also included reports by Minister of Internal Affairs Marat "
    "Akhmetzhanov, who informed that more than 2,800 weapons were stolen during the "
    "unrest. 2,000 weapons are still in the hands of the criminals."
)


def _example(name: str, source: str, value: str, quote: str, passes: bool,
              why: str) -> Example:
    """An example of one claim ``c`` with this value and quote, against ``source``."""
    claims = f"[claims.c]\nvalue = {toml_string(value)}\nquote = {toml_string(quote)}\n"
    expected = () if passes else ((f"{ID}:c", Status.FAIL),)
    return Example(name, claims, expected, why, source=source,
                   shown=(("value", value), ("quote", quote)))


EXAMPLES: tuple[Example, ...] = (
    _example("verbatim", _HEARING, "more than 2,800",
             "more than 2,800 weapons were stolen during the unrest", True,
             "the quote is in the source and states the value"),
    _example("typography folded",
             "Kazakhstan\u2019s officials said\u00a0nine people \u2013 all civilians \u2013 "
             "were detained.", "9", "KAZAKHSTAN'S officials said nine people - all civilians",
             True, "case, the curly apostrophe, the non-breaking space and the en dash fold; "
                   "nine is 9"),
    _example("a word changed", "Officials said nine people were detained.", "9",
             "officials said nine people were arrested", False,
             "only typography folds: arrested is not detained"),
    _example("transcription slip", _HEARING, "more than 2,080",
             "more than 2,080 weapons were stolen during the unrest", False,
             "2,080 is not in the source; the message shows the passage with 2,800"),
    _example("qualifier dropped", _HEARING, "2,800",
             "more than 2,800 weapons were stolen during the unrest", False,
             "the quote says more than 2,800, which is not the value 2,800"),
    _example("value not in quote", _HEARING, "3,070",
             "2,000 weapons are still in the hands of the criminals", False,
             "the quote is in the source but does not state 3,070"),
    _example("signed value", "It reported a loss of $470m for the year.", "-470m",
             "a loss of $470m", True, "an unsigned mention matches a signed value"),
    _example("same qualifier, other words", "Damage could exceed 40 billion tenge.",
             "over 40 billion", "could exceed 40 billion tenge", True,
             "exceeds and over are the same qualifier"),
)


def check(claims_file: ClaimsFile, source_text: str | None) -> Iterator[Result]:
    """A ``fail`` for each quote that is not in ``source_text`` or not of its value."""
    assert source_text is not None  # NEEDS_SOURCE: never run without one
    for claim in claims_file.claims.values():
        if claim.quote is None or claim.written is None:
            continue
        problem = quote_problem(claim, source_text)
        if problem is not None:
            yield _fail(claims_file.path, claim, problem)


def quote_problem(claim: Claim, source_text: str) -> str | None:
    """Why ``claim``'s quote fails against ``source_text``, or ``None`` when it holds."""
    assert claim.quote is not None and claim.written is not None
    span = find_quote(source_text, claim.quote)
    if span is None:
        passage = closest_passage(source_text, claim.quote)
        return (f'quote not found in the source: "{claim.quote}"; closest passage'
                f'{_page_of(source_text, find_quote(source_text, passage))}: "{passage}"')
    if claim.written.is_date:
        return None
    stated = value_with_unit_scale(claim.written, claim.unit)
    mentions = find_mentions(source_text[span[0] : span[1]])
    if any(mention_matches(stated, mention) for mention in mentions):
        return None
    said = ", ".join(f'"{mention.text}"' for mention in mentions) or "no number"
    return (f'the quote{_page_of(source_text, span)} does not state the value '
            f'"{claim.written.text}"; it says {said}')


def _page_of(source_text: str, span: tuple[int, int] | None) -> str:
    """`` (page 12, line 5)`` for a place in a paged source (a PDF's text), else "": a
    message points into the claims file, and a long PDF needs the page too."""
    if span is None or PAGE_BREAK not in source_text:
        return ""
    page, line = page_and_line(source_text, span[0])
    return f" (page {page}, line {line})"


_UNIT_SCALE = re.compile(r"\s*(thousand|million|billion|trillion|dozen)\b", re.IGNORECASE)


def value_with_unit_scale(written: Written, unit: str | None) -> Written:
    """``value = 38.6`` with ``unit = "billion tenge"`` states ``38.6 billion``: the scale
    word that starts the unit moves into the value, so the quote can be matched."""
    found = _UNIT_SCALE.match(unit or "")
    if found is None or written.scale is not None or written.percent:
        return written
    word = found.group(1).lower()
    factor = Fraction(12) if word == "dozen" else Fraction(10) ** SCALES[word][1]
    high = None if written.high is None else written.high * factor
    scale = None if word == "dozen" else word  # "two dozen" is a number, not a scale
    return replace(written, number=written.number * factor, high=high, scale=scale)


def _fail(path: str, claim: Claim, message: str) -> Result:
    return Result(
        file=path,
        rule=f"{ID}:{claim.id}",
        status=Status.FAIL,
        severity=Severity.ERROR,
        claims=(claim.id,),
        message=message,
        line=claim.line,  # the format page: "a fail result quote:<claim> on the claim's line"
    )
