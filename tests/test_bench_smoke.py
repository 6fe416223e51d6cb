"""The benchmark keeps working: ``bench/run.py --quick`` on the 1k file gives every figure.

No time is asserted (a busy machine must not fail the suite); only that each figure is
there and is a positive number, and that the generated file is what it says.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import bench_script

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
generate = bench_script("generate")


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("bench")
    figures_file = out / "figures.json"
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--runs", "2", "--repeats", "1",
         "--out", str(out), "--json", str(figures_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert "cold start" in done.stdout and "scale" in done.stdout
    loaded: dict[str, Any] = json.loads(figures_file.read_text(encoding="utf-8"))
    return loaded


def test_machine_and_date_are_recorded(figures: dict[str, Any]) -> None:
    assert figures["machine"]["cores"] >= 1
    assert figures["machine"]["python"].startswith("3.")
    assert len(figures["date"]) == 10


def test_cold_start_figures(figures: dict[str, Any]) -> None:
    cold = figures["cold_start"]
    assert cold["runs"] == 2
    assert cold["python"] > 0
    assert cold["claimcheck"] > 0
    if cold["yamllint"] is not None:  # a benchmark-only dependency
        assert cold["ratio"] == pytest.approx(cold["claimcheck"] / cold["yamllint"])


def test_scale_figures_on_the_1k_file(figures: dict[str, Any]) -> None:
    [row] = figures["scale"]
    assert row["size"] == "1k"
    assert row["claims"] == row["rules"] >= 1000
    assert row["parse"] > 0 and row["verify"] > 0 and row["peak_mb"] > 0
    assert row["verify_cpu"] > 0
    assert row["ratio"] == pytest.approx(row["verify"] / row["parse"])
    assert sum(row["summary"].values()) == row["rules"]
    assert figures["growth_10k_100k"] is None  # only measured with both sizes


def test_explain_figures_when_explain_exists(figures: dict[str, Any]) -> None:
    for row in figures["explain"]:
        assert row["kind"] in ("claim", "rule")
        assert row["seconds"] > 0
        assert row["ratio"] == pytest.approx(row["seconds"] / row["verify"])


@pytest.mark.parametrize("claims", [10, 137, 1000])
def test_generated_file_has_as_many_rules_as_claims(claims: int) -> None:
    data = tomllib.loads(generate.generate(claims))
    # Groups of 2 to 6 claims are written whole: the count ends at most 5 above.
    assert claims <= len(data["claims"]) <= claims + 5
    assert len(data["rules"]) == len(data["claims"])
    assert generate.generate(claims) == generate.generate(claims)  # the same every time
