"""Issue 11, part B: inputs from strangers that crashed, hung or gave a wrong answer.

One test (or table row) per reproducer of the issue, each failing before its fix. The
hangs are sized so that the old behaviour would take minutes or years (exponential or
quadratic work), and run under a generous alarm so that a regression fails the test
instead of hanging the suite; no test measures speed (bench/ does).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck.claims.lines import LineIndex
from claimcheck.cli import main

# Far above what the fixed code takes (milliseconds), far below what the old took.
GENEROUS_SECONDS = 20


class TookTooLong(Exception):
    pass


@contextlib.contextmanager
def bounded(seconds: float = GENEROUS_SECONDS) -> Iterator[None]:
    """Fail, rather than hang, when the block runs longer than ``seconds``."""

    def stop(signum: int, frame: object) -> None:
        raise TookTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, *args: str,
        name: str = "claims.toml") -> tuple[int, str, str]:
    """``claimcheck <args> <file>`` on ``text``: exit code, stdout, stderr."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    command = list(args) or ["verify"]
    with bounded():
        code = main([*command, str(path)] if command[0] == "verify" else
                    [*command, "--file", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def chain(count: int, step: str) -> str:
    """Derived claims d1 .. d<count>, each built from the one before by ``step``
    (``{p}`` is the previous claim's id)."""
    parts = ['[claims.d0]\nvalue = 1\n']
    parts += [f'[claims.d{i}]\nderived = "{step.format(p=f"d{i - 1}")}"\n'
              for i in range(1, count + 1)]
    return "".join(parts)


# --- item 4: a chain of derived claims ------------------------------------------------


@pytest.mark.parametrize(("count", "expected", "code"), [
    (400, 401, 0), (1500, 1501, 0), (1500, 1500, 1)])
def test_a_long_chain_of_derived_claims_gives_the_right_answer(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], count: int, expected: int,
        code: int) -> None:
    text = chain(count, "{p} + 1") + f'[rules.r]\ncheck = "d{count} == {expected}"\n'
    found, out, _ = run(tmp_path, capsys, text, "verify", "--format", "concise")
    assert found == code, out


def test_a_cycle_in_a_long_chain_is_still_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = chain(300, "{p} + 1").replace('value = 1', 'derived = "d300 - 300"')
    code, _, err = run(tmp_path, capsys, text)
    assert code == 2
    assert "derived claims form a cycle: d0 -> d300 -> d299" in err


# --- item 5: derived claims that double -------------------------------------------------


@pytest.mark.parametrize(("check", "code"), [
    # d60 is 2^60 d0; d0 is "about 10": hard [5, 15] (half its step), reading [9.5, 10.5]
    (f"d60 >= {9 * 2**60}", 0),
    (f"d60 > {15 * 2**60}", 1),
    (f"d60 >= {11 * 2**60}", 0),  # hard only: a tension, exit 0
    # one claim, one value: d60 - d59 - d58 is 2^58 d0, not a sum of free terms
    (f"d60 - d59 - d58 <= {11 * 2**58}", 0),
    (f"d60 - d59 - d58 < {5 * 2**58}", 1),
])
def test_derived_claims_that_double_are_not_expanded_exponentially(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], check: str, code: int) -> None:
    text = chain(60, "{p} + {p}").replace("value = 1", 'value = "about 10"')
    found, out, _ = run(tmp_path, capsys, text + f'[rules.r]\ncheck = "{check}"\n',
                        "verify", "--format", "concise")
    assert found == code, out


def test_a_doubled_claim_that_strays_is_a_tension(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = chain(40, "{p} + {p}").replace("value = 1", 'value = "about 10"')
    _, out, _ = run(tmp_path, capsys, text + f'[rules.r]\ncheck = "d40 >= {11 * 2**40}"\n',
                    "verify", "--format", "concise")
    assert "tension" in out


# --- item 7: a long line the line index backtracked on ---------------------------------


@pytest.mark.parametrize("line", [
    "a." * 150_000,  # a dotted key that never reaches "="
    "[" + " " * 300_000,  # a header that never closes
    "[" + "a " * 150_000,
    '"a".' * 75_000,
])
def test_a_long_odd_line_is_indexed_in_linear_time(line: str) -> None:
    with bounded():
        LineIndex(line + "\n[claims.x]\nvalue = 1\n")
        LineIndex(line + "\r")  # the line-by-line way


def test_a_long_odd_line_is_a_toml_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(tmp_path, capsys, "a." * 100_000 + "\n")
    assert code == 2
    assert "TOML syntax error" in err


def test_headers_with_spaces_still_have_their_lines() -> None:
    index = LineIndex('title = "x"\n\n[ claims . a ]\nvalue = 1\n[claims."b"]\nvalue = 2\n')
    assert index.exact_line(("claims", "a")) == 3
    assert index.exact_line(("claims", "b")) == 5
