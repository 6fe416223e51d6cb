"""How well ``claimcheck scan`` finds the arithmetic of a text, and how fast.

    .venv/bin/python bench/scan.py              # the corpus, then speed on 1 MB and 10 MB
    .venv/bin/python bench/scan.py --no-speed   # the corpus only

Reads every annotation of ``tests/corpus/scan/`` (see its README): each names a text and
lists the relations a careful fact-checker would write, with the status the arithmetic
gives each (``fail``/``tension``: an inconsistency, real or planted). It prints, per
group (tuned on / held out) and per kind:

- recall: annotated relations that scan proposes (shown or with ``--all``), matched by
  their numbers as written (the same multiset of mention texts);
- precision: proposed relations (``--all``) that match an annotated one;
- inconsistencies found: annotated inconsistencies among the findings shown by default
  (fail or tension, scored at least ``SHOWN_SCORE``);
- false alarms: findings shown by default that match no annotated inconsistency, per text.

Speed: the CPU time of ``scan_text`` on the seed article repeated to 1 MB, then to 10 MB
(the cost must be linear: the ratio is printed).
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "scan"
HELD_OUT = CORPUS / "held-out"  # annotated before scan ran on them; not tuned on
SEED = ROOT / "data" / "sources" / "mazhilis-hearing-2022-03-14.txt"
sys.path.insert(0, str(ROOT))

from claimcheck.draft.scan import scan_text, shown  # noqa: E402
from claimcheck.model import Relation  # noqa: E402

INCONSISTENT = ("fail", "tension")


@dataclass
class Tally:
    """Counts for one group of texts, overall and per kind."""

    annotated: Counter[str] = field(default_factory=Counter)
    recalled: Counter[str] = field(default_factory=Counter)
    proposed: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    inconsistencies: int = 0
    found: int = 0
    false_alarms: int = 0
    texts: int = 0


def key(texts: list[str]) -> tuple[str, ...]:
    return tuple(sorted(" ".join(text.split()) for text in texts))


def annotations(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in sorted(folder.rglob("*.toml")):
        if (HELD_OUT in path.parents) == (folder == HELD_OUT):
            found.append((path, tomllib.loads(path.read_text(encoding="utf-8"))))
    return found


def score_text(path: Path, data: dict[str, Any], tally: Tally, verbose: bool) -> None:
    source = (path.parent / data["source"]).resolve()
    report = scan_text(source.read_text(encoding="utf-8"), source.name)
    expected = {key(r["mentions"]): r for r in data["relations"]}
    every = {key([m.text for m in r.mentions]): r for r in shown(report, every=True)}
    default = list(shown(report, every=False))
    tally.texts += 1
    for mentions, relation in expected.items():
        tally.annotated[relation["kind"]] += 1
        tally.recalled[relation["kind"]] += mentions in every
        if relation["status"] in INCONSISTENT:
            tally.inconsistencies += 1
            tally.found += any(key([m.text for m in r.mentions]) == mentions for r in default)
    for mentions, proposal in every.items():
        tally.proposed[proposal.kind] += 1
        tally.correct[proposal.kind] += mentions in expected
    alarms = [r for r in default if expected.get(key([m.text for m in r.mentions]), {}).get(
        "status") not in INCONSISTENT]
    tally.false_alarms += len(alarms)
    if verbose:
        _print_text(path, expected, every, default, alarms)


def _print_text(path: Path, expected: dict[tuple[str, ...], Any],
                every: dict[tuple[str, ...], Relation], default: list[Relation],
                alarms: list[Relation]) -> None:
    found = sum(m in every for m in expected)
    print(f"  {path.relative_to(CORPUS)}: {found}/{len(expected)} relations found, "
          f"{len(every)} proposed, {len(default)} shown, {len(alarms)} false alarms")
    for mentions, relation in expected.items():
        if mentions not in every:
            print(f"      missed {relation['kind']}: {', '.join(mentions)}")
    for mentions, proposal in every.items():
        if mentions not in expected:
            print(f"      extra {proposal.kind} {proposal.status.value}: {proposal.display}")


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def print_tally(name: str, tally: Tally) -> None:
    print(f"{name}: {tally.texts} texts")
    kinds = sorted(set(tally.annotated) | set(tally.proposed))
    print(f"  {'kind':10} {'recall':>16} {'precision':>16}")
    for kind in kinds:
        print(f"  {kind:10} {tally.recalled[kind]:3d}/{tally.annotated[kind]:<3d} "
              f"{percent(tally.recalled[kind], tally.annotated[kind])}   "
              f"{tally.correct[kind]:3d}/{tally.proposed[kind]:<3d} "
              f"{percent(tally.correct[kind], tally.proposed[kind])}")
    recalled, annotated = sum(tally.recalled.values()), sum(tally.annotated.values())
    correct, proposed = sum(tally.correct.values()), sum(tally.proposed.values())
    print(f"  {'overall':10} {recalled:3d}/{annotated:<3d} {percent(recalled, annotated)}   "
          f"{correct:3d}/{proposed:<3d} {percent(correct, proposed)}")
    print(f"  inconsistencies found: {tally.found}/{tally.inconsistencies} "
          f"({percent(tally.found, tally.inconsistencies).strip()}); false alarms: "
          f"{tally.false_alarms} in {tally.texts} texts "
          f"({tally.false_alarms / max(tally.texts, 1):.2f} per text)")


def speed(megabytes: int) -> tuple[float, int]:
    text = SEED.read_text(encoding="utf-8")
    copies = megabytes * 1_000_000 // len(text) + 1
    long_text = "\n\n".join([text] * copies)
    started = time.process_time()
    report = scan_text(long_text, "long.txt")
    return time.process_time() - started, len(report.relations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-speed", action="store_true", help="skip the 1 MB / 10 MB runs")
    parser.add_argument("--quiet", action="store_true", help="no per-text lines")
    options = parser.parse_args()
    for name, folder in (("tuned on", CORPUS), ("held out", HELD_OUT)):
        tally = Tally()
        print(f"{name}:")
        for path, data in annotations(folder):
            score_text(path, data, tally, not options.quiet)
        print_tally(name, tally)
        print()
    if not options.no_speed:
        one, relations = speed(1)
        ten, _ = speed(10)
        print(f"speed: 1 MB in {one:.2f} s CPU ({relations} relations); 10 MB in "
              f"{ten:.2f} s CPU ({ten / one:.1f} x the 1 MB time)")


if __name__ == "__main__":
    main()


