"""A longer fuzz run for occasional use: the strategies of tests/test_properties.py,
each input run as its own ``claimcheck`` process (so a hang or a crash is seen as a
process would see it), with figures printed at the end.

    .venv/bin/python bench/fuzz.py --seconds 300

Prints: inputs tried, the count per exit code, tracebacks seen (should be 0), and the
worst wall time, CPU time and peak memory (max RSS) of one input.
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import test_properties as props

PER_INPUT_SECONDS = 60


def claims_texts() -> st.SearchStrategy[tuple[str, list[str]]]:
    """A claims file and the command to run on it (verify, or explain of its rule)."""
    value_file = st.builds(
        lambda v, u: (f"[claims.a]\nvalue = {props.toml_string(v)}\nunit = \"{u}\"\n"
                      f"[claims.b]\nvalue = 3\n[rules.r]\ncheck = \"a >= b\"\n", ["verify"]),
        props.values(), st.sampled_from(["person", "km", "billion tenge"]))
    check_file = st.builds(
        lambda left, right, verb: (props.CLAIMS + f'[rules.r]\ncheck = "{left} <= {right}"\n',
                                   verb),
        props.expressions(), props.expressions(),
        st.sampled_from([["verify"], ["explain", "r"]]))
    toml_file = st.lists(props.TOML_PIECES, max_size=14).map(lambda p: ("".join(p), ["verify"]))
    return st.one_of(value_file, check_file, toml_file)


def run_one(folder: Path, text: str, verb: list[str]) -> tuple[int, float, float, str]:
    """Exit code, wall and CPU seconds, stderr of ``claimcheck <verb>`` on ``text``."""
    path = folder / "claims.toml"
    path.write_text(text, encoding="utf-8")
    args = [*verb, str(path)] if verb[0] == "verify" else [*verb, "--file", str(path)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "claimcheck", *args], capture_output=True,
                              text=True, timeout=PER_INPUT_SECONDS, check=False)
        code, err = done.returncode, done.stderr
    except subprocess.TimeoutExpired:
        code, err = -1, "timeout"
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return code, time.perf_counter() - started, cpu, err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    options = parser.parse_args()
    strategy = claims_texts()
    counts: collections.Counter[int] = collections.Counter()
    worst_wall = worst_cpu = 0.0
    worst_text = ""
    tracebacks = 0
    end = time.monotonic() + options.seconds
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "doc.txt").write_text("Then 3 people came.\n", encoding="utf-8")
        while time.monotonic() < end:
            text, verb = strategy.example()
            code, wall, cpu, err = run_one(Path(folder), text, verb)
            counts[code] += 1
            tracebacks += "Traceback" in err
            if "Traceback" in err or code not in (0, 1, 2):
                print(f"--- exit {code} on {verb}:\n{text}\n{err[-2000:]}", file=sys.stderr)
            if cpu > worst_cpu:
                worst_cpu, worst_wall, worst_text = cpu, wall, f"{verb}: {text[:300]!r}"
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"inputs tried        {sum(counts.values())}")
    print("per exit code       " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    print(f"tracebacks          {tracebacks}")
    print(f"max CPU per input   {worst_cpu:.2f} s (wall {worst_wall:.2f} s) on {worst_text}")
    print(f"max memory (RSS)    {peak:.0f} MB")
    print(f"load average        {os.getloadavg()[0]:.1f} (2 cores shared)")


if __name__ == "__main__":
    main()
