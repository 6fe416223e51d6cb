"""claimcheck's speed, side by side with its floors and a peer, in one run.

    .venv/bin/python bench/run.py            # cold start, then 1k, 10k and 100k claims
    .venv/bin/python bench/run.py --quick    # cold start, then 1k claims only
    .venv/bin/python bench/run.py --json bench/out/figures.json   # also the figures as JSON

1. **Cold start**: the wall time of ``claimcheck verify data/claims.toml`` as a new
   process, next to ``python -c pass`` (the interpreter alone) and ``yamllint`` on a
   small YAML file (a peer linter written in Python; ``pip install -r
   bench/requirements.txt``). Each command runs once to warm up, then ``--runs`` times,
   the three interleaved so that a busy machine slows them alike; the median counts.
2. **Scale**: generated claims files (``bench/generate.py``, written to ``bench/out/``)
   with 1k, 10k and 100k claims and as many rules. For each: the wall time and peak
   memory (the child's ``ru_maxrss``) of ``claimcheck verify --format json``, next to
   the time ``tomllib`` takes just to parse the same file (the floor for a pure-Python
   reader), their ratio, and the growth from 10k to 100k. The CPU time of the verify
   run is shown too: from 1,000,000 characters on, a worker process parses the TOML
   (claimcheck/pieces.py), so CPU time exceeds wall time there.
3. **explain** of one claim and one rule of the largest file, next to ``verify`` on it.

The children run without ``PYTHONDONTWRITEBYTECODE``, so the warm-up leaves compiled
bytecode behind as an installed package has it. Nothing here asserts a time: the
figures are for people (bench/README.md) and the smoke test only checks that they exist.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
SMALL_YAML = BENCH / "small.yaml"
SEED_CLAIMS = "data/claims.toml"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

BIN = Path(sys.executable).parent


@dataclass
class Run:
    """One finished child process."""

    seconds: float
    peak_mb: float
    returncode: int
    cpu: float = 0.0  # user + system seconds, its worker processes included


@dataclass
class ColdStart:
    runs: int
    python: float
    claimcheck: float
    yamllint: float | None
    ratio: float | None  # claimcheck / yamllint


@dataclass
class Scale:
    size: str
    claims: int
    rules: int
    megabytes: float
    parse: float  # tomllib.loads, seconds
    verify: float  # the whole process, seconds
    ratio: float  # verify / parse
    peak_mb: float
    summary: dict[str, int]
    tomli_parse: float | None = None
    verify_cpu: float = 0.0  # median CPU seconds of the runs, the TOML workers' included


@dataclass
class Explain:
    size: str
    target: str
    kind: str
    seconds: float
    verify: float
    ratio: float


@dataclass
class Figures:
    date: str
    machine: dict[str, Any]
    cold_start: ColdStart | None = None
    scale: list[Scale] = field(default_factory=list)
    growth_10k_100k: float | None = None
    explain: list[Explain] = field(default_factory=list)


# ------------------------------------------------------------------ processes


def child_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # let the warm-up compile, as pip does
    env["NO_COLOR"] = "1"
    return env


def run(command: Sequence[str], stdout: str | None = None) -> Run:
    """Run a child to completion (its output to the file ``stdout``, else nowhere): its
    wall time and its own peak resident memory.

    The child is started by the launcher, a small process of its own: Linux counts the
    memory of the process a child is forked from in the child's ``ru_maxrss`` (until
    it execs), and this process holds whole parsed claims files (a child of it that did
    nothing at all showed over 300 MB)."""
    return _launcher().submit(_run_child, list(command), stdout).result()


_LAUNCHER: list[ProcessPoolExecutor] = []


def _launcher() -> ProcessPoolExecutor:
    if not _LAUNCHER:
        context = multiprocessing.get_context("forkserver")  # a fresh, small process
        _LAUNCHER.append(ProcessPoolExecutor(max_workers=1, mp_context=context))
    return _LAUNCHER[0]


def _run_child(command: list[str], stdout: str | None) -> Run:
    with open(stdout or os.devnull, "w", encoding="utf-8") as output:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=child_environment(), stdout=output,
                                 stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    # wait4's usage is the child's and that of the children it waited for (its workers).
    return Run(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status),
               usage.ru_utime + usage.ru_stime)


def claimcheck(*args: str) -> list[str]:
    return [str(BIN / "claimcheck"), *args]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# ------------------------------------------------------------------ cold start


def cold_start(runs: int) -> ColdStart:
    yamllint = BIN / "yamllint"
    commands = {
        "python": [sys.executable, "-c", "pass"],
        "claimcheck": claimcheck("verify", SEED_CLAIMS),
    }
    if yamllint.exists():
        commands["yamllint"] = [str(yamllint), str(SMALL_YAML.relative_to(ROOT))]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for name, command in commands.items():  # warm-up: bytecode, page cache
        _check(name, run(command))
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(run(command).seconds)
    medians = {name: median(values) for name, values in times.items()}
    peer = medians.get("yamllint")
    return ColdStart(runs, medians["python"], medians["claimcheck"], peer,
                     medians["claimcheck"] / peer if peer else None)


def _check(name: str, done: Run) -> None:
    if name == "claimcheck" and done.returncode not in (0, 1):
        raise SystemExit(f"claimcheck verify {SEED_CLAIMS} exited {done.returncode}")


# ------------------------------------------------------------------ scale


def claims_file(size: str, out: Path = OUT) -> Path:
    """The generated file for ``size`` in ``out``, written afresh (it takes < 1 s)."""
    return generate.write(generate.SIZES[size], out / f"claims-{size}.toml")


def tomli_parse_time(text: str, repeats: int) -> float | None:
    try:
        import tomli
    except ImportError:
        return None
    return _median_time(tomli.loads, text, repeats)


def _median_time(loads: Any, text: str, repeats: int) -> float:
    return median([_timed(loads, text) for _ in range(repeats)])


def _timed(loads: Any, text: str) -> float:
    start = time.perf_counter()
    loads(text)
    return time.perf_counter() - start


def verify_json(path: Path, text: str, repeats: int) -> tuple[Run, float, dict[str, Any]]:
    """``verify --format json`` on ``path`` (the median run, the peak memory) and
    ``tomllib.loads`` of its ``text`` (the median time), taken turn about, so that a
    machine whose speed drifts slows both alike; and verify's output."""
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "verify.json"
        parses, runs = [], []
        for _ in range(repeats):
            parses.append(_timed(tomllib.loads, text))
            runs.append(run(claimcheck("verify", "--format", "json", str(path)), str(output)))
        document = json.loads(output.read_text(encoding="utf-8"))
    done = Run(median([r.seconds for r in runs]), max(r.peak_mb for r in runs),
               runs[-1].returncode, median([r.cpu for r in runs]))
    if done.returncode not in (0, 1):
        raise SystemExit(f"verify {path} exited {done.returncode}: {document.get('errors')}")
    return done, median(parses), document


def scale(size: str, repeats: int, out: Path = OUT) -> Scale:
    path = claims_file(size, out)
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    claims, rules = len(data["claims"]), len(data["rules"])
    del data  # alive, its millions of objects would slow the collector in the timed parses
    done, parse, document = verify_json(path, text, repeats)
    checked = len(document["results"])
    if checked != rules:
        raise SystemExit(f"verify {path}: {checked} results for {rules} rules")
    return Scale(size, claims, rules, len(text.encode()) / 2**20, parse, done.seconds,
                 done.seconds / parse, done.peak_mb, document["summary"],
                 tomli_parse_time(text, repeats), done.cpu)


# ------------------------------------------------------------------ explain


def explain_available() -> bool:
    return run(claimcheck("explain", "--help")).returncode == 0


def explain_targets(path: Path) -> list[tuple[str, str]]:
    """A claim and a rule from the middle of the file (kind, id)."""
    text = path.read_text(encoding="utf-8")
    middle = len(text) // 2
    claim = re.compile(r"^\[claims\.(g\d+_total)\]", re.M).search(text, len(text) // 4)
    rule = re.compile(r"^\[rules\.(g\d+_sum)\]", re.M).search(text, middle)
    return [(kind, found.group(1)) for kind, found in (("claim", claim), ("rule", rule))
            if found]


def explain(size: str, verify_seconds: float, repeats: int, out: Path = OUT) -> list[Explain]:
    path = out / f"claims-{size}.toml"
    results = []
    for kind, target in explain_targets(path):
        command = claimcheck("explain", target, "--file", str(path), "--format", "json")
        runs = [run(command) for _ in range(repeats)]
        if runs[-1].returncode not in (0, 1):
            raise SystemExit(f"explain {target} exited {runs[-1].returncode}")
        seconds = median([r.seconds for r in runs])
        results.append(Explain(size, target, kind, seconds, verify_seconds,
                               seconds / verify_seconds))
    return results


# ------------------------------------------------------------------ the report


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.machine()}",
        "processor": _processor(),
    }


def _processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def print_figures(figures: Figures) -> None:
    m = figures.machine
    print(f"claimcheck benchmark, {figures.date}: Python {m['python']}, {m['cores']} cores, "
          f"{m['system']}, {m['processor']}")
    if figures.cold_start:
        _print_cold_start(figures.cold_start)
    if figures.scale:
        _print_scale(figures.scale, figures.growth_10k_100k)
    for e in figures.explain:
        print(f"explain {e.kind} {e.target} ({e.size}): {e.seconds:.2f} s, "
              f"{e.ratio:.2f}x verify ({e.verify:.2f} s)")


def _print_cold_start(cold: ColdStart) -> None:
    print(f"\ncold start (median of {cold.runs} runs after a warm-up)")
    print(f"  python -c pass                      {cold.python * 1000:7.0f} ms")
    if cold.yamllint is not None:
        print(f"  yamllint bench/small.yaml           {cold.yamllint * 1000:7.0f} ms")
    else:
        print("  yamllint                            not installed "
              "(pip install -r bench/requirements.txt)")
    ratio = f"   {cold.ratio:.2f}x yamllint" if cold.ratio else ""
    print(f"  claimcheck verify {SEED_CLAIMS}  {cold.claimcheck * 1000:7.0f} ms{ratio}")


def _print_scale(rows: list[Scale], growth: float | None) -> None:
    print("\nscale: claimcheck verify --format json, next to tomllib.loads of the same file")
    print("  size    claims    rules      MB   tomllib    verify   ratio   peak MB  "
          "ok/tension/fail   (tomli)   (verify CPU)")
    for s in rows:
        counts = "/".join(str(s.summary.get(k, 0)) for k in ("ok", "tension", "fail"))
        tomli = f"{s.tomli_parse:7.2f} s" if s.tomli_parse is not None else "      -"
        print(f"  {s.size:5} {s.claims:8,} {s.rules:8,} {s.megabytes:7.1f} {s.parse:7.2f} s "
              f"{s.verify:7.2f} s {s.ratio:6.2f}x {s.peak_mb:8.0f}  {counts:>16}   {tomli}"
              f"   {s.verify_cpu:7.2f} s")
    if growth is not None:
        print(f"  growth 10k -> 100k: {growth:.2f}x")


# ------------------------------------------------------------------ main


def measure(sizes: list[str], runs: int, repeats: int, with_cold: bool,
            out: Path = OUT) -> Figures:
    figures = Figures(datetime.date.today().isoformat(), machine())
    if with_cold:
        figures.cold_start = cold_start(runs)
    for size in sizes:
        figures.scale.append(scale(size, repeats, out))
    by_size = {s.size: s for s in figures.scale}
    if "10k" in by_size and "100k" in by_size:
        figures.growth_10k_100k = by_size["100k"].verify / by_size["10k"].verify
    if figures.scale and explain_available():
        largest = figures.scale[-1]
        figures.explain = explain(largest.size, largest.verify, repeats, out)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the 1k file only")
    parser.add_argument("--sizes", default=None, help="comma-separated: 1k,10k,100k")
    parser.add_argument("--runs", type=int, default=15, help="cold-start runs (default 15)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="verify runs and tomllib parses per size, in turn (default 3)")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold start")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    parser.add_argument("--out", type=Path, default=OUT,
                        help="where the generated claims files go (default bench/out)")
    args = parser.parse_args(argv)
    sizes = (args.sizes.split(",") if args.sizes else ["1k"] if args.quick
             else list(generate.SIZES))
    figures = measure(sizes, args.runs, args.repeats, not args.no_cold, args.out)
    print_figures(figures)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(asdict(figures), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
