"""bench/text.py builds the texts and claims it says it does (no time is asserted)."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench" / "text.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_text", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def test_each_copy_moves_its_numbers_but_not_its_years() -> None:
    text = "In 2022, 120 homes and 2,800 weapons; 1999 too."
    assert bench.varied_copy(text, 0) == text
    assert bench.varied_copy(text, 1) == "In 2022, 127 homes and 9,800 weapons; 1999 too."


def test_the_long_text_reaches_its_size_from_the_corpus() -> None:
    text = bench.long_text(50_000)
    assert 50_000 <= len(text) < 50_000 + 10_000
    assert text.count("\n\n") >= 5


def test_quoted_claims_spread_over_the_draft() -> None:
    draft = "\n".join(f'[claims.c{i}]\nvalue = "{i}"\nquote = "q {i}"\n' for i in range(100))
    claims = tomllib.loads(bench.quoted_claims(draft, "t.txt", 10))
    assert claims["document"] == {"source": "t.txt"}
    assert list(claims["claims"]) == [f"c{i}" for i in range(0, 100, 10)]
    assert claims["claims"]["c10"] == {"value": "10", "quote": "q 10"}
