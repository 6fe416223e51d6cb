"""Precision and recall of numeric-mention extraction on the hand-annotated corpus.

    .venv/bin/python bench/extraction.py

Reads every ``tests/corpus/*.toml`` annotation (see ``tests/corpus/README.md``) and
scores two extractors on the texts they annotate:

- claimcheck: ``claimcheck.text.mentions.find_mentions``, which ``claimcheck extract``
  drafts one claim from each;
- quantulum3, side by side, if it is installed (``pip install -r bench/requirements.txt``);
  it is a benchmark-only dependency.

A found mention counts as correct only when it overlaps an annotated mention and has
the same value: number, range end, qualifier, scale and percent. quantulum3 folds the
scale into the number and has no qualifiers, so for it the scaled number stands for
number and scale, and its qualifier is always none. Precision is correct / found;
recall is annotated mentions found correctly / annotated. Units are not part of the
score; claimcheck's unit agreement on its correct mentions is printed for information.
"""

from __future__ import annotations

import sys
import tomllib
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
HELD_OUT = CORPUS / "held-out"  # annotated before the extractor ran on them; since seen
# The second held-out set, annotated before the extractor ran on it; not tuned on.
HELD_OUT_2 = CORPUS / "held-out-2"
sys.path.insert(0, str(ROOT))

from claimcheck.draft.extract import unit_for  # noqa: E402
from claimcheck.quantities.values import SCALES  # noqa: E402
from claimcheck.text.mentions import find_mentions  # noqa: E402

_QUALIFIERS = {None: None, "about": "about", "more than": "more_than",
               "at least": "at_least", "less than": "less_than", "at most": "at_most",
               "nearly": "nearly", "just over": "just_over", "range": "range",
               "vague": "vague"}


@dataclass(frozen=True)
class Reading:
    """One mention, annotated or found: where it is and the value it states.

    ``number`` and ``high`` have the scale and the percent applied (``11%`` -> 0.11).
    """

    start: int
    end: int
    number: Fraction
    high: Fraction | None = None
    qualifier: str | None = None
    scale: str | None = None
    percent: bool = False
    unit: str | None = None

    def overlaps(self, other: Reading) -> bool:
        return self.start < other.end and other.start < self.end

    def same_number(self, other: Reading) -> bool:
        return (self.number, self.high) == (other.number, other.high)

    def same_value(self, other: Reading, *, with_scale: bool) -> bool:
        mine = (self.number, self.high, self.qualifier, self.percent)
        theirs = (other.number, other.high, other.qualifier, other.percent)
        return mine == theirs and (not with_scale or self.scale == other.scale)


@dataclass(frozen=True)
class Score:
    """``correct``: number, range end, qualifier, scale and % right; ``numbers_right``:
    the number (and range end) right whatever the rest; ``units_right``: correct and the
    unit the annotation's too."""

    found: int
    annotated: int
    correct: int
    units_right: int = 0
    numbers_right: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.annotated if self.annotated else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(self.found + other.found, self.annotated + other.annotated,
                     self.correct + other.correct, self.units_right + other.units_right,
                     self.numbers_right + other.numbers_right)


@dataclass(frozen=True)
class Text:
    name: str
    text: str
    gold: tuple[Reading, ...]


# --------------------------------------------------------------------------- corpus


def load_corpus(folder: Path = CORPUS) -> list[Text]:
    """Every annotated text of ``folder``, its annotations located in the text."""
    return [load_annotated(path) for path in sorted(folder.glob("*.toml"))]


def load_annotated(path: Path) -> Text:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / data["source"]).read_text(encoding="utf-8")
    gold: list[Reading] = []
    at = 0
    for row in data["mentions"]:
        start = _locate(text, row["text"], at, path)
        gold.append(_gold_reading(row, start))
        at = start + len(row["text"])
    return Text(path.stem, text, tuple(gold))


def _locate(text: str, needle: str, at: int, path: Path) -> int:
    """The next whole-word occurrence of ``needle`` from ``at`` (annotations are in order)."""
    start = text.find(needle, at)
    while start >= 0 and not _whole_word(text, start, start + len(needle)):
        start = text.find(needle, start + 1)
    if start < 0:
        raise ValueError(f"{path.name}: annotated mention {needle!r} not found after {at}")
    return start


def _whole_word(text: str, start: int, end: int) -> bool:
    """Not inside a longer word or number; a unit may be glued after digits (``2.5m``)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    glued_ok = text[end - 1].isdigit() and after.isalpha()
    return not (before.isalnum() or (after.isalnum() and not glued_ok))


def _gold_reading(row: dict[str, Any], start: int) -> Reading:
    scale = row.get("scale")
    factor = Fraction(10) ** SCALES[scale][1] if scale else Fraction(1)
    percent = bool(row.get("percent", False))
    if percent:
        factor /= 100
    high = row.get("high")
    return Reading(
        start, start + len(row["text"]), Fraction(row["number"]) * factor,
        None if high is None else Fraction(high) * factor,
        _QUALIFIERS[row.get("qualifier")], scale, percent, row.get("unit"),
    )


# ----------------------------------------------------------------------- extractors


def ours(text: str) -> list[Reading]:
    """claimcheck's mentions of ``text``."""
    return [
        Reading(m.start, m.end, m.written.number, m.written.high, m.written.qualifier,
                m.written.scale, m.written.percent, unit_for(m.unit_word))
        for m in find_mentions(text)
    ]


def quantulum_extractor() -> Callable[[str], list[Reading]] | None:
    """quantulum3's parser as an extractor, or ``None`` if it cannot be imported."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns that its optional classifier is absent
            from quantulum3 import parser
    except ImportError:
        return None

    def extract(text: str) -> list[Reading]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantities = parser.parse(text)
        return [_quantulum_reading(q) for q in quantities]

    return extract


def _quantulum_reading(quantity: Any) -> Reading:
    percent = quantity.unit.name == "percentage"
    number = Fraction(str(quantity.value))
    if percent:
        number /= 100
    start, end = quantity.span
    return Reading(start, end, number, percent=percent, unit=quantity.unit.name)


# -------------------------------------------------------------------------- scoring


def score(gold: Sequence[Reading], found: Sequence[Reading], *, with_scale: bool) -> Score:
    """Match each annotated mention to at most one found mention that overlaps it and
    states the same value."""
    used: set[int] = set()
    correct = units_right = 0
    numbers_right = sum(any(c.overlaps(t) and c.same_number(t) for c in found) for t in gold)
    for truth in gold:
        for index, candidate in enumerate(found):
            if index in used or not candidate.overlaps(truth):
                continue
            if candidate.same_value(truth, with_scale=with_scale):
                used.add(index)
                correct += 1
                units_right += candidate.unit == truth.unit
                break
    return Score(len(found), len(gold), correct, units_right, numbers_right)


def score_ours(texts: Sequence[Text]) -> dict[str, Score]:
    return {t.name: score(t.gold, ours(t.text), with_scale=True) for t in texts}


def _line(name: str, result: Score) -> str:
    share = result.numbers_right / result.annotated if result.annotated else 1.0
    unit = result.units_right / result.annotated if result.annotated else 1.0
    return (f"  {name:<34} {result.found:>6} {result.annotated:>9} {result.correct:>8}"
            f" {result.precision:>10.1%} {result.recall:>7.1%} {share:>7.1%} {unit:>7.1%}")


def _report(title: str, results: dict[str, Score]) -> list[str]:
    total = sum(results.values(), Score(0, 0, 0))
    header = (f"  {'text':<34} {'found':>6} {'annotated':>9} {'correct':>8}"
              f" {'precision':>10} {'recall':>7} {'number':>7} {'unit':>7}")
    lines = [title, header, *(_line(name, r) for name, r in results.items())]
    return [*lines, _line("all", total), ""]


_COLUMNS = """\
  correct: number, range end, qualifier, scale and % right (so recall is "number +
  qualifier + scale right" of the annotated mentions); number: the number alone right;
  unit: correct and the same unit as the annotation, of the annotated mentions."""


def _print_set(title: str, texts: list[Text], extractor: Callable[[str], list[Reading]] | None,
               ) -> None:
    annotated = sum(len(t.gold) for t in texts)
    print(f"== {title}: {len(texts)} texts, {annotated} annotated numeric mentions\n")
    print("\n".join(_report("claimcheck (find_mentions, as used by extract)",
                            score_ours(texts))))
    if extractor is None:
        print("quantulum3: not installed or not importable here; "
              "pip install -r bench/requirements.txt to compare\n")
        return
    theirs = {t.name: score(t.gold, extractor(t.text), with_scale=False) for t in texts}
    print("\n".join(_report("quantulum3 (scale folded into the number, no qualifiers)", theirs)))


def main() -> int:
    print(_COLUMNS + "\n")
    extractor = quantulum_extractor()
    _print_set("tuned on (tests/corpus)", load_corpus(), extractor)
    _print_set("held out, first set, since seen (tests/corpus/held-out)",
               load_corpus(HELD_OUT), extractor)
    _print_set("held out, second set (tests/corpus/held-out-2)", load_corpus(HELD_OUT_2),
               extractor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
