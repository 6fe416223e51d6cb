"""``bench/scan.py`` keeps working on the corpus it scores (no figure is asserted but
the seed's, whose relations the kinds' tests already pin down)."""

from __future__ import annotations

from conftest import bench_script

bench = bench_script("scan")


def test_every_annotation_names_a_text_and_known_kinds() -> None:
    from claimcheck.draft.relations import RELATIONS

    for folder in (bench.CORPUS, bench.HELD_OUT):
        for path, data in bench.annotations(folder):
            assert (path.parent / data["source"]).is_file(), path
            assert data["licence"], path
            for relation in data["relations"]:
                assert relation["kind"] in RELATIONS, path
                assert relation["status"] in ("ok", "tension", "fail"), path


def test_the_seed_is_scored() -> None:
    tally = bench.Tally()
    seed = next((p, d) for p, d in bench.annotations(bench.CORPUS) if p.name == "seed.toml")
    bench.score_text(*seed, tally, False)
    assert (tally.inconsistencies, tally.found, tally.false_alarms) == (2, 2, 0)
    assert sum(tally.annotated.values()) == 10
