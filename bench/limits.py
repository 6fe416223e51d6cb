"""The bounds for files from strangers: what a refusal costs, and the largest file read.

    .venv/bin/python bench/limits.py              # the refusals (a few seconds)
    .venv/bin/python bench/limits.py --largest    # and a claims file just under 50 MB

Each case runs ``claimcheck verify`` in a fresh folder with a ``.git`` (a repository
root) and prints its exit code, wall time, CPU time (user + system, its workers
included) and peak resident memory. A refusal must be exit 2 and cost no more than a
start; the largest accepted claims file gives the memory bound of the README.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (bench/generate.py, beside this file)

CLAIMCHECK = Path(sys.executable).parent / "claimcheck"
OVER_LIMIT = 60_000_000  # bytes: over the default max_file_size of 50 MB
LARGEST_CLAIMS = 219_000  # claims and rules: 49.9 MB, just under the limit


def claims_with_source(folder: Path, source: str) -> Path:
    path = folder / "claims.toml"
    path.write_text(f'[document]\nsource = "{source}"\n\n[claims.n]\nvalue = 1\n'
                    'quote = "1 thing"\n', encoding="utf-8")
    return path


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as out:
        out.truncate(size)
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


CASES: dict[str, Callable[[Path], Path]] = {
    "source: a 60 MB sparse file": lambda d: (sparse(d / "huge.txt", OVER_LIMIT),
                                              claims_with_source(d, "huge.txt"))[1],
    "claims file: a 60 MB sparse file": lambda d: sparse(d / "huge.toml", OVER_LIMIT),
    "source: a FIFO": lambda d: (fifo(d / "pipe.txt"), claims_with_source(d, "pipe.txt"))[1],
    "claims file: a FIFO": lambda d: fifo(d / "pipe.toml"),
    "claims file: a symlink to /dev/zero": lambda d: _symlink(d / "zero.toml", "/dev/zero"),
    "source: /proc/self/environ": lambda d: claims_with_source(d, "/proc/self/environ"),
    "source: ../../../../etc/passwd": lambda d: claims_with_source(d, "../../../../etc/passwd"),
}


def _symlink(path: Path, target: str) -> Path:
    path.symlink_to(target)
    return path


def measure(claims: Path) -> tuple[int, float, float, float]:
    """Exit code, wall seconds, CPU seconds and peak MB of ``claimcheck verify``."""
    start = time.perf_counter()
    child = subprocess.Popen([str(CLAIMCHECK), "verify", claims.name, "-f", "json"],
                             cwd=claims.parent, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return (os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024)


def row(name: str, claims: Path) -> None:
    code, wall, cpu, memory = measure(claims)
    print(f"{name:44} exit {code}  {wall:6.2f} s wall  {cpu:6.2f} s CPU  {memory:6.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--largest", action="store_true",
                        help=f"also verify a claims file of {LARGEST_CLAIMS:,} claims")
    arguments = parser.parse_args()
    for name, make in CASES.items():
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / ".git").mkdir()
            row(name, make(Path(folder)))
    if arguments.largest:
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / ".git").mkdir()
            path = generate.write(LARGEST_CLAIMS, Path(folder) / "largest.toml")
            row(f"claims file: {path.stat().st_size / 1e6:.1f} MB, accepted", path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
