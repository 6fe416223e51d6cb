"""Broken claims files: every one is exit 2 with the file, the line, the claim or rule,
and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.cli import main

GOOD_CLAIM = '[claims.stolen]\nvalue = "more than 2,800"\nunit = "weapon"\n'

# (name, file text, the line the message must name, text the message must contain)
BROKEN: list[tuple[str, str, int, str]] = [
    ("toml syntax", '[claims.stolen]\nvalue = 2,800\n', 2,
     'hint: numbers with thousands separators must be strings: value = "2,800"'),
    ("toml syntax, another slip", '[claims.stolen]\nvalue = 80 80\n', 2, "see https://toml.io"),
    # U+2028 is a line break to str.splitlines(), not to TOML: the bad value is on line 5.
    ("line separator in a string", '[claims.a]\nvalue = 3\nnote = "x\u2028y"\n'
     '[claims.b]\nvalue = "lots"\n', 5, "claim 'b'"),
    ("unknown top-level key", GOOD_CLAIM + '[rule.x]\ncheck = "stolen > 0"\n', 4,
     "unknown top-level key 'rule'"),
    ("unknown claim key", '[claims.stolen]\nvalue = "2,800"\nvlaue = "3"\n', 3,
     "claim 'stolen': unknown key 'vlaue'\n  hint: did you mean: value"),
    ("unknown rule key", GOOD_CLAIM + '[rules.r]\ncheck = "stolen > 0"\nwhy_not = "x"\n', 6,
     "rule 'r': unknown key 'why_not'"),
    ("bad claim id", '[claims.2stolen]\nvalue = "2,800"\n', 1, "'2stolen' is not a valid claim id"),
    ("bad rule id", GOOD_CLAIM + '[rules."a-b"]\ncheck = "stolen > 0"\n', 4,
     "'a-b' is not a valid rule id"),
    ("bad value", '[claims.stolen]\nunit = "weapon"\nvalue = "more then 2,800"\n', 3,
     "claim 'stolen'"),
    ("bad thousands grouping", '[claims.stolen]\nvalue = "3,5"\n', 2, "claim 'stolen'"),
    ("inf", '[claims.stolen]\nvalue = inf\n', 2, "claim 'stolen'"),
    ("nan", '[claims.stolen]\nvalue = nan\n', 2, "claim 'stolen'"),
    ("boolean value", '[claims.stolen]\nvalue = true\n', 2, "claim 'stolen'"),
    ("array value", '[claims.stolen]\nvalue = [1, 2]\n', 2, "claim 'stolen'"),
    ("value and derived", '[claims.stolen]\nvalue = 3\nderived = "a"\n', 1,
     "needs exactly one of 'value' and 'derived'"),
    ("bad unit expression", '[claims.stolen]\nvalue = 3\nunit = "weapon ** 99999"\n', 3,
     "claim 'stolen'"),
    ("unknown claim in a rule", GOOD_CLAIM + '[rules.r]\ncheck = "stolen > stolen2 + stoln"\n',
     5, "unknown claim 'stolen2'"),
    ("import", GOOD_CLAIM + '[rules.r]\ncheck = "__import__(\'os\') == stolen"\n', 5,
     "rule 'r': only abs(), min() and max() may be called"),
    ("attribute", GOOD_CLAIM + '[rules.r]\ncheck = "stolen.real > 0"\n', 5,
     "rule 'r': attributes"),
    ("power", GOOD_CLAIM + '[rules.r]\ncheck = "stolen ** 2 > 0"\n', 5, "rule 'r': `**`"),
    ("deep nesting", GOOD_CLAIM + '[rules.r]\ncheck = "' + "-(" * 80 + "stolen" + ")" * 80
     + ' > 0"\n', 5, "rule 'r': the expression is nested"),
    ("parser nesting", GOOD_CLAIM + '[rules.r]\ncheck = "' + "(" * 300 + "stolen" + ")" * 300
     + ' > 0"\n', 5, "rule 'r'"),
    ("derived cycle", '[claims.a]\nderived = "b + 1"\n[claims.b]\nderived = "a - 1"\n'
     '[rules.r]\ncheck = "a > 0"\n', 2, "cycle"),
    ("missing check", GOOD_CLAIM + '[rules.r]\nwhy = "no check"\n', 4,
     "rule 'r': needs a 'check'"),
    # A claim as an inline table: its line is the line of the table's key.
    ("unreadable value of an inline claim", '[claims]\na = {value = "lots"}\n', 2,
     "claim 'a': "),
    ("unreadable tolerance of an inline claim",
     '[claims]\n\na = {value = "5", tolerance = "lots"}\n', 3, "claim 'a': "),
    ("bad severity", GOOD_CLAIM + '[rules.r]\ncheck = "stolen > 0"\nseverity = "fatal"\n', 6,
     "rule 'r': 'severity' must be"),
    ("severity as an array", GOOD_CLAIM + '[rules.r]\ncheck = "stolen > 0"\n'
     'severity = ["error"]\n', 6, "rule 'r': 'severity' must be \"error\" or \"warning\", not"),
    ("bad claim tolerance", GOOD_CLAIM + 'tolerance = "lots"\n', 4, "claim 'stolen'"),
    ("date with unit", '[claims.day]\nvalue = 2022-03-14\nunit = "day"\n', 3,
     "claim 'day': a date claim takes no unit"),
    ("units hang", '[units]\nboom = "10**10**10"\n' + GOOD_CLAIM, 2, "unit 'boom'"),
    ("units code", '[units]\nboom = "__import__(\'os\')"\n' + GOOD_CLAIM, 2, "unit 'boom'"),
    ("bad quoted quantity", GOOD_CLAIM + '[rules.r]\ncheck = "stolen > \'2,80 weapon\'"\n', 5,
     "rule 'r'"),
    ("claim not a table", '[claims]\nstolen = 3\n', 2, "claim 'stolen': must be a table"),
]


@pytest.mark.parametrize(("name", "text", "line", "fragment"), BROKEN,
                         ids=[case[0] for case in BROKEN])
def test_broken_file_is_exit_2_with_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, line: int,
    fragment: str,
) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    code = main(["verify", str(path)])
    captured = capsys.readouterr()
    assert code == 2, captured
    assert f"{path}:{line}:" in captured.err
    assert fragment in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.toml"
    assert main(["verify", str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"{missing}: no such file" in err


def test_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[claims.x]\nvalue = 3\nnote = "caf\xe9"\n'.encode("latin-1"))
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3: is not UTF-8 text" in err


def test_every_broken_case_is_distinct() -> None:
    assert len(BROKEN) >= 15
    assert len({case[1] for case in BROKEN}) == len(BROKEN)
