"""The pre-commit hook manifest, .pre-commit-hooks.yaml, at the repository root.

pre-commit's own ``validate-manifest`` is the judge when pre-commit is installed. It is
a test dependency, not a runtime one, so where it is missing the hook's fields are still
checked by a minimal reader of this one flat file (no YAML library needed), and the
``files`` pattern is checked against names it must and must not take.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

MANIFEST = Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml"


def hook_fields() -> dict[str, str]:
    """``key: value`` of the manifest's single hook, as text, comments skipped."""
    fields: dict[str, str] = {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^\s*(?:-\s+)?([a-z_]+):\s*(.*?)\s*$", line)
        if found and not line.lstrip().startswith("#"):
            fields[found.group(1)] = found.group(2)
    return fields


@pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                    reason="pre-commit is not installed (pip install pre-commit)")
def test_pre_commit_validates_the_manifest() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_hook_fields() -> None:
    fields = hook_fields()
    assert fields["id"] == "claimcheck"
    assert fields["entry"] == "claimcheck verify"
    assert fields["language"] == "python"
    assert fields["require_serial"] == "true"
    assert fields["pass_filenames"] == "true"
    assert fields["name"] and fields["description"]


@pytest.mark.parametrize(("path", "taken"), [
    ("claims.toml", True),
    ("data/claims.toml", True),
    ("docs/2022/claims-march.toml", True),
    ("claims_hearing.toml", True),
    ("reports/hearing.claims.toml", True),
    ("pyproject.toml", False),
    ("claimcheck.toml", False),
    ("myclaims.toml", False),
    ("claims/hearing.toml", False),
    ("data/claims.toml.bak", False),
    ("data/claims.json", False),
])
def test_files_pattern(path: str, taken: bool) -> None:
    # pre-commit matches `files` with re.search against the path from the repo root.
    assert bool(re.search(hook_fields()["files"], path)) is taken
