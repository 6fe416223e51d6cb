"""pre-commit as a newcomer meets it (issue 16, part 4): the README's snippets, as written.

Each snippet is taken from the README (between its markers), the placeholders filled
in (the path of this checkout, its commit), and run by the real pre-commit on a scratch
repository, as tests/test_precommit_hook.py runs the hook. The clone form installs
claimcheck into pre-commit's own environment, so it is slow, like that test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
TENSE = ('[claims.sme]\nvalue = 1630\nunit = "property"\n'
         '[claims.buildings]\nvalue = "more than 1,500"\nunit = "property"\n'
         '[rules.within]\ncheck = "sme <= buildings"\n')
INCONSISTENT = ('[claims.part]\nvalue = 30\n[claims.whole]\nvalue = 20\n'
                '[rules.part_within]\ncheck = "part <= whole"\n')

pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
needs_pre_commit = pytest.mark.skipif(not Path(pre_commit).exists(),
                                      reason="pre-commit is in the test extra")


def snippet(name: str) -> str:
    """The YAML between ``<!-- pre-commit-NAME: start -->`` and its end in the README."""
    found = re.search(rf"<!-- pre-commit-{name}: start -->\n```yaml\n(.*?)```\n"
                      rf"<!-- pre-commit-{name}: end -->", README, re.DOTALL)
    assert found, name
    return found.group(1)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


def scratch_repo(tmp_path: Path, config: str, files: dict[str, str]) -> Path:
    repo = tmp_path / "user-repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for name, text in {".pre-commit-config.yaml": config, **files}.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    return repo


def pre_commit_run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    home = repo.parent.parent / "pre-commit-home"  # shared by the tests of a session
    return subprocess.run(
        [pre_commit, "run", *args], cwd=repo, capture_output=True, text=True, check=False,
        env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
             "PRE_COMMIT_HOME": str(home), "HOME": str(repo.parent)})


def test_the_published_form_is_kept_for_later() -> None:
    assert "repo: https://github.com/claimcheck/claimcheck\n    rev: v0.1.0" in README
    assert "no tag `v0.1.0`" in README


@needs_pre_commit
def test_the_clone_snippet_runs_the_hook_from_a_commit(tmp_path: Path) -> None:
    commit = git(ROOT, "rev-parse", "HEAD")
    config = snippet("clone").replace("/path/to/claimcheck", str(ROOT)).replace("0" * 40,
                                                                                commit)
    repo = scratch_repo(tmp_path, config, {"bad.claims.toml": INCONSISTENT})
    done = pre_commit_run(repo, "--files", "bad.claims.toml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "bad.claims.toml:6:1: fail part_within" in done.stdout


@needs_pre_commit
def test_the_local_snippet_with_verbose_shows_a_tension(tmp_path: Path) -> None:
    config = snippet("local").replace("# verbose: true", "verbose: true")
    repo = scratch_repo(tmp_path, config, {"claims.toml": TENSE})
    done = pre_commit_run(repo, "--files", "claims.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
    assert "claims.toml:8:1: tension within" in done.stdout  # seen although it passed


@needs_pre_commit
def test_without_verbose_a_passing_hook_is_silent(tmp_path: Path) -> None:
    repo = scratch_repo(tmp_path, snippet("local"), {"claims.toml": TENSE})
    done = pre_commit_run(repo, "--files", "claims.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tension" not in done.stdout  # why the README documents verbose: true


@needs_pre_commit
def test_the_always_run_snippet_checks_the_paths_it_names(tmp_path: Path) -> None:
    local = snippet("local").split("        # verbose")[0]  # the hook, then its options
    always = snippet("always").split("- id: claimcheck\n", 1)[1]
    config = local + always
    repo = scratch_repo(tmp_path, config, {"docs/claims/report.toml": INCONSISTENT,
                                           "README.txt": "no data/claims.toml here\n"})
    done = pre_commit_run(repo, "--files", "README.txt")  # no claims file changed
    assert done.returncode == 1, done.stdout + done.stderr
    assert "docs/claims/report.toml:6:1: fail part_within" in done.stdout


def test_with_no_path_and_nothing_there_the_message_says_what_to_write(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()  # a repository of its own: no configuration above it
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["verify"], capsys)
    assert code == 2
    assert "no claims file was named, and data/claims.toml" in err
    assert "args: [PATH]" in err
