"""Extraction quality on the hand-annotated corpus stays at 95% precision and recall."""

from __future__ import annotations

import pytest
from conftest import bench_script

TARGET = 0.95

bench = bench_script("extraction")
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
