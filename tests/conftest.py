"""Helpers shared by the test files: the command line run in-process, and the benchmark's
scripts imported by their path (``bench/`` is a directory of scripts, not a package, so
no test edits ``sys.path`` to reach it)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from claimcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``claimcheck ARGS`` in this process: its exit code, stdout and stderr."""
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def bench_script(name: str) -> ModuleType:
    """``bench/<name>.py`` imported by its path, once (as ``bench_<name>``)."""
    module_name = f"bench_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def generate() -> ModuleType:
    """``bench/generate.py``: the generated claims files of the scale benchmark."""
    return bench_script("generate")
