"""change: a value that rose or fell, with where it started and where it ended.

Cues: ``rose 8% to 61.2 billion from 56.7 billion``, ``fell from 120 to 95``,
``61.2 billion, up from 56.7 billion``, ``an increase of 4 from 20 to 24``,
``doubled from 4 to 8`` (also ``halved``, ``tripled``). The rule is the arithmetic the
words state: the new value is the old one changed by the percentage (``new == old * (1 +
p)``), or by the amount (``new - old == d``), or the multiple (``new == 2 * old``,
within 10%); with no size given, only the direction (``new > old``). A percentage
change of a percentage (points or per cent?) is checked for its direction only.
When it fails: one of the three numbers is misquoted, or the change is measured from
another base; read the sentence again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcheck.draft.relations.base import SLOT, Candidate, Document, Example, cue_words
from claimcheck.model import Status

KIND = "change"
_UP = (r"rose|risen|rise|rises|increased|increases|grew|grown|climbed|jumped|gained|up|widened"
       r"|higher|surged|advanced|an?\s+increase\s+of|an?\s+rise\s+of|an?\s+gain\s+of")
_DOWN = (r"fell|fallen|falls|dropped|declined|decreased|down|lower|slipped|shrank|cut|reduced"
         r"|narrowed"
         r"|plunged|slid|an?\s+decrease\s+of|an?\s+drop\s+of|an?\s+fall\s+of"
         r"|an?\s+decline\s+of")
_TIMES = {"doubled": 2, "tripled": 3, "trebled": 3, "quadrupled": 4, "halved": 0.5}
_UNIT = r"(?:\s+(?!from\b|to\b|by\b)[A-Za-z-]+){0,3}?"
_VERB = rf"\b(?P<verb>{_UP}|{_DOWN}|{'|'.join(_TIMES)})"
_BY = rf"(?:\s+by)?(?:\s+(?:about\s+)?{SLOT.replace('(', '(?P<by>', 1)}{_UNIT})?"
_OLD = SLOT.replace("(", "(?P<old>", 1)
# "131 of the 420 seats, up from 97": the part changed, not the whole.
_PART_OF = rf"{SLOT.replace('(', '(?P<part>', 1)}\s+of\s+(?:the\s+)?"
_NEW = SLOT.replace("(", "(?P<new>", 1)
# Between the new value and "from": its unit and a few words with no number in them
# ("9.8 mln tonnes in the July-September quarter from 8.2 mln").
_UNTIL_FROM = r"[^⟨;]{0,50}?"
_FROM = r"(?:from|against|compared\s+(?:with|to))"
_PATTERNS = (  # the most specific first: each value changes once
    # "rose from 2,100 to 2,650 in a year, an increase of 450"
    re.compile(rf"\bfrom\s+{_OLD}{_UNIT},?\s+to\s+{_NEW}{_UNTIL_FROM},\s+"
               rf"(?P<verb>an?\s+(?:increase|rise|gain|decrease|drop|fall|decline)\s+of)"
               rf"\s+{SLOT.replace('(', '(?P<by>', 1)}", re.I),
    # "21,500 applications, a rise of 4% from 20,700"
    re.compile(rf"{_NEW}{_UNTIL_FROM},\s+(?P<verb>an?\s+(?:increase|rise|gain|decrease|drop"
               rf"|fall|decline)\s+of)\s+{SLOT.replace('(', '(?P<by>', 1)}\s+(?:from|on)\s+"
               rf"{_OLD}", re.I),
    re.compile(rf"{_VERB}{_BY},?\s+to\s+{_NEW}{_UNTIL_FROM},?\s+{_FROM}\s+{_OLD}", re.I),
    re.compile(rf"{_VERB}{_BY},?\s+from\s+{_OLD}{_UNIT},?\s+to\s+{_NEW}", re.I),
    re.compile(rf"(?:{_PART_OF})?{_NEW}{_UNTIL_FROM},\s+(?P<verb>up|down){_BY}\s+from\s+{_OLD}",
               re.I),
)
EXAMPLES: tuple[Example, ...] = (
    Example("Revenue rose 8% to 61.2 billion dlrs from 56.7 billion.", Status.OK,
            "56.7 x 1.08 = 61.2"),
    Example("Revenue rose 18% to 61.2 billion dlrs from 56.7 billion.", Status.FAIL,
            "56.7 x 1.18 = 66.9, not 61.2"),
    Example("Sales fell from 120 cars to 95 cars.", Status.OK, "95 < 120"),
    Example("Sales fell from 120 cars to 135 cars.", Status.FAIL, "a fall to more"),
    Example("Exports reached 4.1 billion dlrs, up from 3.9 billion.", Status.OK,
            "4.1 > 3.9"),
    Example("The fleet doubled from 40 buses to 81 buses.", Status.OK, "2 x 40 = 80, 81 is near"),
    Example("The fleet doubled from 40 buses to 60 buses.", Status.FAIL, "2 x 40 is 80"),
    Example("Prices rose by 3 dlrs to 24 dlrs from 20 dlrs.", Status.FAIL, "20 + 3 is 23"),
    Example("Women won 131 of the 420 seats, up from 97.", Status.OK, "131 > 97"),
    Example("Imports fell to 4.94 billion dlrs against 5.67 billion.", Status.OK,
            "4.94 < 5.67"),
    Example("Vacancies rose from 2,100 to 2,650 in a year, an increase of 550.", Status.OK,
            "2,100 + 550 = 2,650"),
    Example("Vacancies rose from 2,100 to 2,650 in a year, an increase of 450.", Status.FAIL,
            "2,100 + 450 = 2,550"),
    Example("The port handled 38.2 million tonnes of cargo in 2024, up 6% from 36.0 million "
            "tonnes.", Status.OK, "36.0 x 1.06 = 38.16"),
    Example("Opening hours were cut by 12% to 1,760 hours from 2,000 hours.", Status.OK,
            "2,000 x 0.88 = 1,760"),
    Example("The university received 21,500 applications, a rise of 4% from 20,700.",
            Status.OK, "20,700 x 1.04 = 21,528"),
    Example("The deficit narrowed to 1.4 billion euros from 1.9 billion.", Status.OK,
            "1.4 < 1.9"),
    Example("Costs rose in 2020 and 2021, to 12 offices.", None, "no starting value"),
)


def find(document: Document) -> Iterator[Candidate]:
    for _, skeleton in document.skeletons():
        taken: set[str] = set()
        for pattern in _PATTERNS:
            for found in pattern.finditer(skeleton):
                if found.group("new") in taken:
                    continue
                candidate = _candidate(document, skeleton, found)
                if candidate is not None:
                    taken.add(found.group("new"))
                    yield candidate


def _candidate(document: Document, skeleton: str, found: re.Match[str]) -> Candidate | None:
    verb = " ".join(found.group("verb").lower().split())
    changed = found.groupdict().get("part") or found.group("new")
    old, new = document.at(found.group("old")), document.at(changed)
    by = document.at(found.group("by")) if found.group("by") else None
    if old.written.percent != new.written.percent:
        return None
    up = not re.match(_DOWN + r"\Z", verb)
    cue = cue_words(document, skeleton, found)
    if verb in _TIMES:
        return Candidate(KIND, cue, 80, (old, new), f"{{1}} == {_TIMES[verb]} * {{0}}",
                         f'"{cue}": {verb} means {_TIMES[verb]} times', tolerance="10%")
    if by is None or old.written.percent:
        sign = ">" if up else "<"
        return Candidate(KIND, cue, 75, (old, new), f"{{1}} {sign} {{0}}",
                         f'"{cue}": the value went {"up" if up else "down"}')
    op = "+" if up else "-"
    if by.written.percent:
        return Candidate(KIND, cue, 90, (old, new, by), f"{{1}} == {{0}} * (1 {op} {{2}})",
                         f'"{cue}": the old value changed by the percentage')
    return Candidate(KIND, cue, 85, (old, new, by), f"{{1}} == {{0}} {op} {{2}}",
                     f'"{cue}": the old value changed by the amount')
