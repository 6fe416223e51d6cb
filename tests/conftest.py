"""Helpers shared by the test files: the command line run in-process, and the benchmark's
scripts imported by their path (``bench/`` is a directory of scripts, not a package, so
no test edits ``sys.path`` to reach it)."""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest

from claimcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``claimcheck ARGS`` in this process: its exit code, stdout and stderr. A JSON
    document on stdout is checked against its command's schema (``check_json_output``)."""
    code = main(args)
    captured = capsys.readouterr()
    # ``explain ID --scan DOC`` explains a scan finding, not a rule of a claims file:
    # tests/test_scan.py validates it against the scan schema itself.
    if args and not (args[0] == "explain" and "--scan" in args):
        check_json_output(args[0], captured.out)
    return code, captured.out, captured.err


# --- JSON output against docs/schema/<command>.schema.json -----------------------------

SCHEMAS = ROOT / "docs" / "schema"


def check_json_output(command: str, out: str) -> None:
    """``out`` validated against ``docs/schema/<command>.schema.json`` when that schema
    exists and ``out`` is a JSON object (a SARIF log, which has a schema of its own and
    says so in ``$schema``, excepted); anything else is left alone."""
    schema = command_schema(command)
    if schema is None or not out.lstrip().startswith("{"):
        return
    try:
        document = json.loads(out)
    except json.JSONDecodeError:
        return
    if isinstance(document, dict) and "$schema" not in document:
        validate_json(schema, document)


@functools.cache
def command_schema(command: str) -> dict[str, Any] | None:
    path = SCHEMAS / f"{command}.schema.json"
    if not path.is_file():
        return None
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def validate_json(schema: dict[str, Any], document: object) -> None:
    """Every error of ``document`` against ``schema`` at once, with where it is."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = [f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
              for error in validator.iter_errors(document)]
    assert not errors, f"output does not follow {schema.get('$id')}:\n" + "\n".join(errors[:20])


@pytest.fixture(autouse=True)
def _json_follows_its_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every JSON document ``verify`` and ``explain`` render in a test, however the test
    runs them (``main``, ``run_cli``, the renderers), is checked against its schema."""
    from claimcheck.report import explain, json_format

    def chunks(*args: Any, **kwargs: Any) -> Iterator[str]:
        pieces = list(render_chunks(*args, **kwargs))
        check_json_output("verify", "".join(pieces))
        return iter(pieces)

    def to_json(*args: Any, **kwargs: Any) -> str:
        text = render_explain(*args, **kwargs)
        check_json_output("explain", text)
        return text

    render_chunks, render_explain = json_format.chunks, explain.to_json
    monkeypatch.setattr(json_format, "chunks", chunks)
    monkeypatch.setattr(explain, "to_json", to_json)


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
