"""The README tells the truth: its output excerpt, commands, formats, checks and codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimcheck.checks import CHECKS
from claimcheck.exitcodes import ExitCode
from claimcheck.report import FORMATS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
INSTALL = ("python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && "
           ".venv/bin/claimcheck verify")
TEST_COMMAND = ".venv/bin/pytest"


def block(name: str) -> str:
    found = re.search(rf"<!-- {name}: start -->\n```\n(.*?)```\n<!-- {name}: end -->", README,
                      re.DOTALL)
    assert found, f"README has no {name} block"
    return found.group(1)


def without_trailing_spaces(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines())


def test_output_excerpt_is_the_real_output() -> None:
    golden = (ROOT / "tests" / "golden" / "verify_claims.txt").read_text(encoding="utf-8")
    assert without_trailing_spaces(block("verify-output")) == without_trailing_spaces(golden)


@pytest.mark.parametrize(("name", "golden"), [
    ("explain-output", "explain_torture_cases_add_up.txt"),
    ("explain-tension", "explain_sme_properties_within_buildings.txt"),
])
def test_explain_excerpts_are_the_real_output(name: str, golden: str) -> None:
    text = (ROOT / "tests" / "golden" / golden).read_text(encoding="utf-8")
    assert without_trailing_spaces(block(name)) == without_trailing_spaces(text)


def test_set_up_is_two_commands_and_ci_runs_the_test_command() -> None:
    assert f"```sh\n{INSTALL}\n```" in README
    assert f"```sh\n{TEST_COMMAND}\n```" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/pip install --quiet -e '.[test]'" in ci
    assert ci.rstrip().endswith(TEST_COMMAND)


def test_every_format_is_documented() -> None:
    assert all(name == f.name for name, f in FORMATS.items())
    for name in FORMATS:
        assert f"`{name}`" in README, name


def test_every_check_is_documented() -> None:
    for check_id in CHECKS:
        assert f"`{check_id}:<claim>`" in README, check_id


def test_exit_codes_table() -> None:
    for code in ExitCode:
        assert f"| `{code.value}` |" in README


def test_configuration_keys_are_documented() -> None:
    for key in ("paths", "strict", "format", "exit_zero", "values.about",
                "values.about_reading", "values.nearly", "values.nearly_reading",
                "source_roots", "max_file_size"):
        assert f"| `{key}` |" in README, key


# claimcheck's additions to the contract, each between these markers (issue 16: how
# a file with several problems is reported); without them the page is the contract.
BEYOND = re.compile(r"<!-- beyond the contract: start -->\n.*?"
                    r"<!-- beyond the contract: end -->\n", re.DOTALL)


def test_format_page_is_kept_in_the_repository() -> None:
    shared = ROOT.parent / "shared" / "claims-format.md"
    kept = (ROOT / "docs" / "claims-format.md").read_text(encoding="utf-8")
    assert kept.startswith("# The claims file, version 1")
    assert BEYOND.search(kept), "the additions are marked"
    if shared.exists():  # beside a checkout on the team's machines
        assert BEYOND.sub("", kept) == shared.read_text(encoding="utf-8")


def test_the_security_page_is_linked_and_states_the_size_limit() -> None:
    from claimcheck.fileio import DEFAULT_SIZE_LIMIT

    assert "[SECURITY.md](SECURITY.md)" in README
    assert (ROOT / "SECURITY.md").is_file()
    assert f"{DEFAULT_SIZE_LIMIT:,} bytes" in README
    assert f"**{DEFAULT_SIZE_LIMIT // 10**6} MB**" in README
