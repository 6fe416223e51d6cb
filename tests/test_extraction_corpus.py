"""Extraction quality on the hand-annotated corpus stays at 95% precision and recall."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "extraction.py"
TARGET = 0.95


def load_bench() -> ModuleType:
    # bench/ is not a package on the test path; load the one script by its file.
    spec = importlib.util.spec_from_file_location("bench_extraction", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


bench = load_bench()
TEXTS = bench.load_corpus()
SCORES = bench.score_ours(TEXTS)


def test_the_corpus_has_the_seed_and_at_least_two_more_texts() -> None:
    names = {text.name for text in TEXTS}
    assert "mazhilis-hearing-2022-03-14" in names
    assert len(names) >= 3
    assert all(len(text.gold) >= 30 for text in TEXTS)


@pytest.mark.parametrize("name", sorted(SCORES))
def test_precision_and_recall_per_text(name: str) -> None:
    score = SCORES[name]
    assert score.precision >= TARGET, f"{name}: precision {score.precision:.1%}"
    assert score.recall >= TARGET, f"{name}: recall {score.recall:.1%}"


def test_precision_and_recall_overall() -> None:
    total = sum(SCORES.values(), bench.Score(0, 0, 0))
    assert total.precision >= TARGET
    assert total.recall >= TARGET


@pytest.mark.parametrize(
    ("gold", "found", "expected"),
    [
        # (number, qualifier) pairs at the same place: right, wrong qualifier, extra
        ([(10, None)], [(10, None)], (1, 1, 1)),
        ([(10, "more_than")], [(10, None)], (1, 1, 0)),
        ([(10, None)], [(10, None), (20, None)], (2, 1, 1)),
        ([(10, None), (20, None)], [], (0, 2, 0)),
    ],
)
def test_scoring_counts_only_exact_values(
    gold: list[tuple[int, str | None]], found: list[tuple[int, str | None]],
    expected: tuple[int, int, int],
) -> None:
    def readings(rows: list[tuple[int, str | None]]) -> list[object]:
        return [bench.Reading(i * 10, i * 10 + 5, bench.Fraction(n), qualifier=q)
                for i, (n, q) in enumerate(rows)]

    score = bench.score(readings(gold), readings(found), with_scale=True)
    assert (score.found, score.annotated, score.correct) == expected
