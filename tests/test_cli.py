"""The command line: golden output for the shipped data, the JSON contract, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from claimcheck import __version__

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
DATA = ROOT / "data" / "claims.toml"


def run(args: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(ROOT)
    return run_cli(args, capsys)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CLAIMCHECK_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_verify_shipped_data_golden(capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["verify"], capsys, monkeypatch)
    assert code == 1  # torture_cases_add_up fails on purpose: 234 case + 9 person
    assert err == ""
    assert "\x1b[" not in out  # NO_COLOR and a pipe: plain text
    check_golden("verify_claims.txt", out)


def test_verify_json_contract(capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["verify", "data/claims.toml", "--format", "json"], capsys, monkeypatch)
    assert code == 1
    document = json.loads(out)
    assert document["version"] == __version__
    for result in document["results"]:
        assert {"file", "rule", "status", "severity", "claims", "message"} <= result.keys()
        assert result["status"] in ("ok", "tension", "fail")
        assert result["severity"] in ("error", "warning")
    by_rule = {r["rule"]: r for r in document["results"]}
    weapons = by_rule["outstanding_within_stolen"]
    assert weapons == weapons | {
        "file": "data/claims.toml", "status": "ok", "severity": "error",
        "claims": ["weapons_outstanding", "weapons_stolen"],
        "message": "2,000 weapon <= more than 2,800 weapon",
    }
    torture = by_rule["torture_cases_add_up"]
    assert torture["status"] == "fail"
    assert "cannot add case and person" in torture["message"]
    statuses = [r["status"] for r in document["results"]]
    assert document["summary"] == {s: statuses.count(s) for s in ("ok", "tension", "fail")}


@pytest.mark.parametrize(
    ("severity", "extra", "expected"),
    [
        ("error", [], 1),
        ("warning", [], 0),          # a warning rule that fails does not fail the run
        ("warning", ["--strict"], 0),
    ],
)
def test_exit_code_of_a_failing_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch, severity: str,
                                     extra: list[str], expected: int) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[claims.a]\nvalue = 5\n[claims.b]\nvalue = 3\n'
                    f'[rules.r]\ncheck = "a < b"\nseverity = "{severity}"\n')
    code, out, _ = run(["verify", str(path), *extra], capsys, monkeypatch)
    assert code == expected
    assert "fail" in out


@pytest.mark.parametrize(("extra", "expected"), [([], 0), (["--strict"], 1)])
def test_strict_makes_tensions_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch, extra: list[str],
                                    expected: int) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[claims.a]\nvalue = 1630\n[claims.b]\nvalue = "more than 1,500"\n'
                    '[rules.r]\ncheck = "a <= b"\n')
    code, out, _ = run(["verify", str(path), *extra], capsys, monkeypatch)
    assert code == expected
    assert "tension" in out


def test_all_ok_is_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[claims.a]\nvalue = 3\n[rules.r]\ncheck = "a == 3"\n')
    code, out, _ = run(["verify", str(path)], capsys, monkeypatch)
    assert code == 0
    assert "1 ok, 0 tension, 0 fail" in out


def test_version(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["--version"], capsys, monkeypatch)
    assert code == 0
    assert out.strip() == f"claimcheck {__version__}"


def test_usage_error_is_exit_2(capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["verify", "--format", "yaml"], capsys, monkeypatch)
    assert code == 2
    assert "yaml" in err


def test_python_dash_m() -> None:
    done = subprocess.run([sys.executable, "-m", "claimcheck", "--version"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"claimcheck {__version__}"


def test_the_process_ends_with_all_output_written_and_main_s_exit_code() -> None:
    """``command`` skips Python's teardown (os._exit): the JSON must still be whole."""
    done = subprocess.run([sys.executable, "-m", "claimcheck", "verify", "--format", "json",
                           str(DATA)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1  # the shipped data has one failing rule
    document = json.loads(done.stdout)
    assert len(document["results"]) == 14  # a result for each rule
    assert document["coverage"]  # the document's last part: nothing was cut off
    assert done.stderr == ""


def test_command_runs_atexit_handlers_and_exits_with_main_s_code(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import atexit

    from claimcheck import cli

    class Exited(Exception):
        pass

    def fake_exit(code: int) -> None:
        raise Exited(code)

    ran: list[str] = []
    atexit.register(ran.append, "handler")
    monkeypatch.setattr(cli.os, "_exit", fake_exit)
    monkeypatch.setattr(sys, "argv", ["claimcheck", "verify", "no-such-file.toml"])
    with pytest.raises(Exited) as exited:
        cli.command()
    assert exited.value.args == (2,)
    assert ran == ["handler"]
    assert "no such file" in capsys.readouterr().err


def test_verify_of_the_shipped_file_loads_only_what_it_needs() -> None:
    """What a cold start does not import: pint (claimcheck's own unit parser), json (the
    table needs none), rich's emoji table, the explain and extract machinery."""
    unwanted = ["pint", "json", "rich._emoji_codes", "claimcheck.explain.explanation",
                "claimcheck.draft.extract", "concurrent.futures"]
    code = ("import sys; from claimcheck.cli import main; main(['verify', 'data/claims.toml']);"
            f" print([m for m in {unwanted!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize(("args", "code"), [
    ("--version", 0), (f"verify {DATA}", 1), (f"verify --format json {DATA}", 1),
    (f"verify --format concise --statistics {DATA}", 1),
    (f"explain weapons_stolen --file {DATA} --format json", 0)])
def test_a_closed_stdout_is_no_crash(args: str, code: int) -> None:
    """A closed stdout (``>&-``) is None in Python: ``command`` sends it to nowhere."""
    done = subprocess.run(["sh", "-c", f'"{sys.executable}" -m claimcheck {args} >&-'],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (code, "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [["verify", str(DATA)],
                                  ["verify", "--format", "json", str(DATA)],
                                  ["explain", "weapons_stolen", "--file", str(DATA)]])
def test_output_that_cannot_be_written_is_exit_2_without_a_traceback(args: list[str]) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run([sys.executable, "-m", "claimcheck", *args], cwd=ROOT,
                              stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr == "error: the output could not be written: No space left on device\n"
