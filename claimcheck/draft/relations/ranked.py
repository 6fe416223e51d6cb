"""ranked: a numbered list that ranks must be in order (``1. Sindh: 799 2. Punjab: 650
3. Balochistan: 210``).

Items ``1.``, ``2.``, ... (or ``1)``) in sequence, each followed on its line by a
number; at least three. The order is the one from the first item to the last
(largest first, or smallest first); the rule is that each next value keeps it
(``a >= b and b >= c``). When it fails, an item is out of place, or its number is
misquoted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from claimcheck.draft.relations.base import Candidate, Document, Example, is_count
from claimcheck.model import Status
from claimcheck.text.mentions import Mention

KIND = "ranked"
_ITEM = re.compile(r"(?<![\w.,])(\d{1,2})[.)]\s+(?=[A-Z])")
_GAP = 200  # characters between one item and the next
MAX_ITEMS = 50  # a longer list is checked 50 items at a time: the rule stays small
EXAMPLES: tuple[Example, ...] = (
    Example("Cases by province:\n1. Sindh: 799\n2. Punjab: 650\n3. Balochistan: 210\n",
            Status.OK, "799 >= 650 >= 210"),
    Example("Cases by province:\n1. Sindh: 799\n2. Punjab: 850\n3. Balochistan: 210\n",
            Status.FAIL, "850 is above 799"),
    Example("Steps:\n1. Open the box.\n2. Take out 3 parts.\n", None, "not a ranking"),
)


def find(document: Document) -> Iterator[Candidate]:
    run: list[tuple[int, Mention]] = []
    for found in _ITEM.finditer(document.text):
        value = _value_after(document, found.end())
        follows = run and int(found.group(1)) == run[-1][0] + 1 and (
            found.start() - run[-1][1].end < _GAP)
        if not follows:
            yield from _ranking(run)
            run = []
        elif len(run) == MAX_ITEMS:  # the next part of the list, from its last item on
            yield from _ranking(run)
            run = run[-1:]
        if value is not None and (run or found.group(1) == "1"):
            run.append((int(found.group(1)), value))
    yield from _ranking(run)


def _value_after(document: Document, at: int) -> Mention | None:
    index = bisect.bisect_left(document.starts, at)
    if index >= len(document.mentions):
        return None
    mention = document.mentions[index]
    between = document.text[at : mention.start]
    return mention if len(between) < 60 and "\n" not in between and is_count(mention) else None


def _ranking(run: list[tuple[int, Mention]]) -> Iterator[Candidate]:
    if len(run) < 3:
        return
    values = tuple(m for _, m in run)
    op = ">=" if values[0].written.number >= values[-1].written.number else "<="
    check = " and ".join(f"{{{i}}} {op} {{{i + 1}}}" for i in range(len(values) - 1))
    cue = " ".join(f"{n}. {m.text}" for n, m in run)
    yield Candidate(KIND, cue, 85, values, check,
                    f"a numbered list, {'largest' if op == '>=' else 'smallest'} first")
