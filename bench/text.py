"""Speed of claimcheck on long texts: ``extract`` and ``verify`` with coverage.

    .venv/bin/python bench/text.py                  # 100 KB, 1 MB, 10 MB
    .venv/bin/python bench/text.py --sizes 100k 1m  # fewer sizes
    .venv/bin/python bench/text.py --quantulum 1m   # quantulum3 up to 1 MB (slow)

The texts are the corpus texts (``tests/corpus/*.txt``) repeated to the size, each copy
with its numbers changed (copy k adds 7k mod 90 to every number that is not a year),
so that no quote of a late copy is found early in the text. For each size it runs, as
a new process each, taken in turn ``--repeats`` times (the median counts):

- ``claimcheck extract TEXT`` (output to a file);
- ``claimcheck verify --uncovered --format json CLAIMS``: 5,000 claims of that draft, every k-th so
  that they spread over the text, each with its quote, the text as the source, so the
  quote check and coverage run over the whole text (JSON: the table format's rich
  rendering of thousands of uncovered mentions is a report's cost, measured apart);
- the floor: a new Python that reads the text and runs ``re.finditer(r"\\d+", text)``;
- quantulum3 ``parser.parse(text)`` up to ``--quantulum`` (default 100 KB: it takes
  seconds per 100 KB), if it is installed (``pip install -r bench/requirements.txt``).

Each figure is wall time and CPU time (user + system of the child, from ``os.wait4``):
the machine is shared, so CPU time is the steadier one. Peak memory is the child's
``ru_maxrss`` less that of the same command on the smallest text, so that it counts
what the text costs, not the interpreter. The texts and claims are written by a
process of their own, so that this one stays small (a child's ``ru_maxrss`` counts the
process it was forked from). Growth is the ratio of times from one size to
the next (10x the text). Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
OUT = ROOT / "bench" / "out" / "text"
BIN = Path(sys.executable).parent
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
QUOTED_CLAIMS = 5_000
_NUMBER = re.compile(r"(?<![\d,.])\d+")


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float


# ------------------------------------------------------------------------ inputs


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]


def varied_copy(text: str, copy: int) -> str:
    """``text`` with every number that is not a year moved by ``7 * copy mod 90``."""
    shift = 7 * copy % 90

    def moved(found: re.Match[str]) -> str:
        value = int(found.group())
        return found.group() if 1800 <= value <= 2100 else str(value + shift)

    return _NUMBER.sub(moved, text)


def long_text(size: int) -> str:
    seeds, parts, length, copy = seed_texts(), [], 0, 0
    while length < size:
        part = varied_copy(seeds[copy % len(seeds)], copy // len(seeds)) + "\n\n"
        parts.append(part)
        length += len(part)
        copy += 1
    return "".join(parts)


def quoted_claims(draft_toml: str, text_name: str, count: int) -> str:
    """A claims file of ``count`` claims of the draft, spread over it, with quotes."""
    claims = tomllib.loads(draft_toml)["claims"]
    ids = list(claims)
    every = max(1, len(ids) // count)
    lines = ["[document]", f"source = {json.dumps(text_name)}", ""]
    for claim_id in ids[::every][:count]:
        lines.append(f"[claims.{claim_id}]")
        for key, value in claims[claim_id].items():
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    return "\n".join(lines)


# ------------------------------------------------------------------------ running


def run(command: Sequence[str], stdout: Path | None = None) -> Run:
    with open(stdout or os.devnull, "w", encoding="utf-8") as output:
        start = time.perf_counter()
        child = subprocess.Popen(list(command), cwd=ROOT, stdout=output,
                                 stderr=subprocess.PIPE)
        assert child.stderr is not None
        errors = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # verify exits 1 when a quote fails: still measured
        raise SystemExit(f"{' '.join(command)} exited {code}: {errors.decode()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def commands(size: str) -> dict[str, list[str]]:
    text, claims = OUT / f"text-{size}.txt", OUT / f"claims-{size}.toml"
    claimcheck = str(BIN / "claimcheck")
    floor = ("import re,sys; t=open(sys.argv[1], encoding='utf-8').read(); "
             "sum(1 for _ in re.finditer(r'\\d+', t))")
    quantulum = ("import sys; from quantulum3 import parser; "
                 "parser.parse(open(sys.argv[1], encoding='utf-8').read())")
    return {
        "extract": [claimcheck, "extract", str(text)],
        "verify": [claimcheck, "verify", "--uncovered", "--format", "json", str(claims)],
        "re.finditer": [sys.executable, "-c", floor, str(text)],
        "quantulum3": [sys.executable, "-W", "ignore", "-c", quantulum, str(text)],
    }


def prepare(size: str) -> None:
    """Write the text, its draft (by a first extract run) and the quoted claims file."""
    OUT.mkdir(parents=True, exist_ok=True)
    text_path = OUT / f"text-{size}.txt"
    text_path.write_text(long_text(SIZES[size]), encoding="utf-8")
    draft = OUT / f"draft-{size}.toml"
    run(commands(size)["extract"], stdout=draft)
    claims = quoted_claims(draft.read_text(encoding="utf-8"), text_path.name, QUOTED_CLAIMS)
    (OUT / f"claims-{size}.toml").write_text(claims, encoding="utf-8")


def has_quantulum() -> bool:
    found = subprocess.run([sys.executable, "-c", "import quantulum3"],
                           capture_output=True, check=False)
    return found.returncode == 0


def measure(sizes: list[str], repeats: int, quantulum_up_to: str | None,
            ) -> dict[str, dict[str, list[Run]]]:
    """Every command on every size, taken in turn ``repeats`` times."""
    names = ["extract", "verify", "re.finditer"]
    limit = SIZES[quantulum_up_to] if quantulum_up_to else 0
    runs: dict[str, dict[str, list[Run]]] = {size: {} for size in sizes}
    for _ in range(repeats):
        for size in sizes:
            chosen = names + (["quantulum3"] if SIZES[size] <= limit else [])
            for name in chosen:
                runs[size].setdefault(name, []).append(run(commands(size)[name]))
    return runs


# ------------------------------------------------------------------------ printing


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               statistics.median(r.peak_mb for r in runs))


def print_figures(runs: dict[str, dict[str, list[Run]]], baseline: dict[str, Run]) -> None:
    sizes = list(runs)
    print(f"{'command':<12} {'size':>6} {'MB':>6} {'wall s':>8} {'cpu s':>8} "
          f"{'cpu x10':>8} {'peak MB':>8} {'peak/text':>9}")
    for name in ("extract", "verify", "re.finditer", "quantulum3"):
        previous: Run | None = None
        for size in sizes:
            if name not in runs[size]:
                continue
            taken = median_run(runs[size][name])
            megabytes = (OUT / f"text-{size}.txt").stat().st_size / 1e6
            growth = f"{taken.cpu / previous.cpu:8.2f}" if previous else f"{'':>8}"
            extra = taken.peak_mb - baseline[name].peak_mb if name in baseline else 0.0
            print(f"{name:<12} {size:>6} {megabytes:6.2f} {taken.wall:8.3f} {taken.cpu:8.3f} "
                  f"{growth} {extra:8.1f} {extra / megabytes:9.1f}")
            previous = taken


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["100k", "1m", "10m"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quantulum", choices=list(SIZES), default="100k",
                        help="largest size to run quantulum3 on")
    parser.add_argument("--prepare", choices=list(SIZES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        prepare(args.prepare)
        return 0
    sizes = sorted(set(args.sizes) | {"10k"}, key=SIZES.__getitem__)
    for size in sizes:
        # In a process of its own: Linux counts the memory of the process a child is
        # forked from in the child's ru_maxrss, and the 10 MB draft parses to ~1 GB.
        subprocess.run([sys.executable, __file__, "--prepare", size], check=True)
    quantulum = args.quantulum if has_quantulum() else None
    if quantulum is None:
        print("quantulum3 is not installed: pip install -r bench/requirements.txt")
    runs = measure(sizes, args.repeats, quantulum)
    # The smallest text stands for the interpreter's own memory.
    baseline = {name: median_run(taken) for name, taken in runs[sizes[0]].items()}
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, "
          f"{args.repeats} runs each, medians")
    print_figures(runs, baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
