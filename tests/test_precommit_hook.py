"""The real pre-commit runs the hook from this checkout on a scratch repository.

This installs claimcheck into pre-commit's own environment (from PyPI, which CI
reaches), so it is the slowest test; it is the one that proves the hook works as
users will run it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONSISTENT = '[claims.a]\nvalue = 5\nunit = "case"\n[rules.r]\ncheck = "a <= \'6 cases\'"\n'
INCONSISTENT = (
    '[claims.cases]\nvalue = 234\nunit = "case"\n'
    '[claims.people]\nvalue = 9\nunit = "people"\n'
    '[claims.total]\nvalue = 243\nunit = "case"\n'
    '[rules.cases_add_up]\ncheck = "total == cases + people"\n'
)

pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
pytestmark = pytest.mark.skipif(not Path(pre_commit).exists(),
                                reason="pre-commit is in the test extra; install '.[test]'")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("user-repo")
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "t")
    (repo / "good.claims.toml").write_text(CONSISTENT)
    (repo / "bad.claims.toml").write_text(INCONSISTENT)
    (repo / "notes.toml").write_text("[claims.x]\nvalue = 'not a number'\n")  # not matched
    git(repo, "add", ".")
    return repo


def try_repo(repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    home = repo.parent / "pre-commit-home"
    return subprocess.run(
        [pre_commit, "try-repo", str(ROOT), "claimcheck", "--files", *files],
        cwd=repo, capture_output=True, text=True, check=False,
        env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
             "PRE_COMMIT_HOME": str(home), "HOME": str(repo.parent)},
    )


def test_hook_passes_on_a_consistent_file(scratch: Path) -> None:
    done = try_repo(scratch, "good.claims.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_hook_fails_and_shows_the_rule(scratch: Path) -> None:
    done = try_repo(scratch, "good.claims.toml", "bad.claims.toml", "notes.toml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout
    # concise under pre-commit: path:line:col: status rule message
    assert "bad.claims.toml:11:1: fail cases_add_up" in done.stdout
    assert "cannot add case and person" in done.stdout
    assert "notes.toml" not in done.stdout  # the files pattern leaves it out


def test_manifest_validates() -> None:
    done = subprocess.run([pre_commit, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
