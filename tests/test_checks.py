"""Every example of every registered built-in check, run through the whole of
``claimcheck verify`` (loader, engine, checks): the examples are the checks'
specification, and a check added to the registry is tested here the day it is added.

The worked check of CONTRIBUTING.md is run here too, from the text of that page, so
that its example stays true: a check that needs no source runs without one.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from claimcheck import checks
from claimcheck.checks import CHECKS, Check, Example
from claimcheck.claims.load import load_file
from claimcheck.evaluate.engine import evaluate
from claimcheck.model import Status

ROOT = Path(__file__).resolve().parent.parent


def found_by(check: Check, example: Example, directory: Path,
             registry: dict[str, Check] | None = None) -> dict[str, Status]:
    """The check's results on the example's claims file, by result id: from the full
    report of ``verify`` when ``registry`` is None, else from ``checks.run``."""
    text = example.claims
    if example.source is not None:
        (directory / "source.txt").write_text(example.source, encoding="utf-8")
        text = '[document]\nsource = "source.txt"\n' + text
    path = directory / "claims.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_file(path)
    if registry is None:
        results = list(evaluate(loaded).results)
    else:
        results = checks.run(loaded.file, loaded.source_text, registry)
    return {r.rule: r.status for r in results if r.rule.startswith(f"{check.ID}:")}


EXAMPLES = [(check, example) for check in CHECKS.values() for example in check.EXAMPLES]


@pytest.mark.parametrize(("check", "example"), EXAMPLES,
                         ids=[f"{check.ID}: {example.name}" for check, example in EXAMPLES])
def test_every_example_of_every_check(tmp_path: Path, check: Check, example: Example) -> None:
    assert found_by(check, example, tmp_path) == dict(example.expected)


@pytest.mark.parametrize("check", CHECKS.values(), ids=lambda check: check.ID)
def test_every_check_is_registered_under_its_id_and_shows_both_outcomes(check: Check) -> None:
    assert CHECKS[check.ID] is check
    assert {example.passes for example in check.EXAMPLES} == {True, False}
    labels = {tuple(label for label, _ in example.shown) for example in check.EXAMPLES}
    assert len(labels) == 1, "every example of a check shows the same facts"


def contributing_check(directory: Path) -> ModuleType:
    """The worked check of CONTRIBUTING.md, imported from the page's code block."""
    page = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(# claimcheck/checks/unitless\.py.*?)```", page, re.DOTALL)
    assert code, "CONTRIBUTING.md shows the worked check"
    path = directory / "unitless.py"
    path.write_text(code.group(1), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("unitless", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_worked_check_of_contributing_runs_its_examples_without_a_source(
        tmp_path: Path) -> None:
    module = contributing_check(tmp_path)
    check: Check = module  # type: ignore[assignment]
    assert check.NEEDS_SOURCE is False
    assert {example.passes for example in check.EXAMPLES} == {True, False}
    for example in check.EXAMPLES:
        assert example.source is None
        found = found_by(check, example, tmp_path, registry={check.ID: check})
        assert found == dict(example.expected), example.name
