"""Speed of ``verify --format html``: writing the page, and opening it in a browser.

    .venv/bin/python bench/html.py                       # 100 KB / 500 claims, 1 MB / 5,000
    .venv/bin/python bench/html.py --sizes 1m --repeats 5
    .venv/bin/python bench/html.py --screenshot docs/images/report.png   # the README's picture

The documents are bench/text.py's long texts (the corpus texts repeated, their numbers
moved copy by copy), with a claims file of ``claims`` of their draft (every k-th, so that
they spread over the text, each with its quote) and one rule per two claims of the same
unit (``a <= b``; about half of them fail, a worst case of findings). For each size, as
a new process each, taken in turn ``--repeats`` times (the medians count):

- **write**: ``claimcheck verify --format html -o page.html CLAIMS`` (wall and CPU time,
  user + system from ``os.wait4``), next to ``verify --format json`` on the same file:
  the difference is what the page costs over checking;
- **open**: headless Chromium loads the page, runs its script and paints what a
  window of it shows (``--screenshot``; wall time), next to the same browser on an
  empty page: the difference is what the page costs the browser; **dump**: the same,
  then the whole DOM written out (``--dump-dom``, as the tests read it).

Targets (issue 17): 1 MB with 5,000 claims written in at most 2 s and opened in at most
3 s. The growth column is the ratio to the size before (10x the text, 10x the claims).
Nothing here is asserted by the tests; tests/test_html_browser.py uses ``browser_command``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "html"
BIN = Path(sys.executable).parent
SIZES = {"100k": (100_000, 500), "1m": (1_000_000, 5_000), "10m": (10_000_000, 50_000)}

# Headless, and nothing that reaches out: no sync, no updates, no background requests,
# no QUIC; a profile of its own each time (--user-data-dir), so no run sees another's.
BROWSER_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync")


def find_browser() -> str | None:
    """Debian's ``chromium`` (or another Chromium on PATH), if one is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_command(browser: str, profile: Path, page: Path, *extra: str,
                    fragment: str = "") -> list[str]:
    """The command that loads ``page`` (a file) in a fresh profile, with ``extra`` flags
    (``--dump-dom``, ``--screenshot=...``)."""
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    return [browser, *BROWSER_FLAGS, f"--user-data-dir={profile}", *extra, url]


def _text_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_text", ROOT / "bench" / "text.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_text"] = module
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------ inputs


def with_rules(claims_toml: str) -> str:
    """The claims file with one rule per two claims of the same unit: ``a <= b``."""
    claims = tomllib.loads(claims_toml)["claims"]
    by_unit: dict[str, list[str]] = {}
    for cid, claim in claims.items():
        by_unit.setdefault(claim.get("unit", ""), []).append(cid)
    rules = [claims_toml.rstrip("\n"), ""]
    for ids in by_unit.values():
        for first, second in zip(ids[::2], ids[1::2], strict=False):
            rules += [f"[rules.{first}_within_{second}]", f'check = "{first} <= {second}"',
                      'why = "a generated rule: the first is a part of the second"', ""]
    return "\n".join(rules)


def prepare(size: str) -> None:
    """The text, its draft (by ``claimcheck extract``) and the claims file with rules."""
    text_bench = _text_bench()
    characters, count = SIZES[size]
    OUT.mkdir(parents=True, exist_ok=True)
    text = OUT / f"text-{size}.txt"
    text.write_text(text_bench.long_text(characters), encoding="utf-8")
    draft = subprocess.run([str(BIN / "claimcheck"), "extract", str(text)], check=True,
                           capture_output=True, text=True).stdout
    claims = text_bench.quoted_claims(draft, text.name, count)
    (OUT / f"claims-{size}.toml").write_text(with_rules(claims), encoding="utf-8")


# ------------------------------------------------------------------------ running


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float


def timed(command: Sequence[str]) -> Run:
    start = time.perf_counter()
    child = subprocess.Popen(list(command), cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # verify exits 1 when a rule fails: still measured
        raise SystemExit(f"{' '.join(command)} exited {code}: {errors.decode()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime)


def commands(size: str, browser: str | None, scratch: Path) -> dict[str, list[str]]:
    claims, page = OUT / f"claims-{size}.toml", OUT / f"page-{size}.html"
    claimcheck = str(BIN / "claimcheck")
    found = {
        "write html": [claimcheck, "verify", "--format", "html", "-o", str(page), "--force",
                       str(claims)],
        "verify json": [claimcheck, "verify", "--format", "json", str(claims)],
    }
    if browser:
        empty = scratch / "empty.html"
        empty.write_text("<!DOCTYPE html><title>empty</title>\n", encoding="utf-8")
        shot = f"--screenshot={scratch / 'shot.png'}"
        found["open html"] = browser_command(browser, scratch / "profile", page, shot)
        found["open empty"] = browser_command(browser, scratch / "profile", empty, shot)
        found["dump html"] = browser_command(browser, scratch / "profile", page, "--dump-dom")
    return found


def measure(sizes: list[str], repeats: int, browser: str | None) -> dict[str, dict[str, Run]]:
    taken: dict[str, dict[str, list[Run]]] = {size: {} for size in sizes}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(repeats):
            for size in sizes:
                for name, command in commands(size, browser, Path(scratch)).items():
                    shutil.rmtree(Path(scratch) / "profile", ignore_errors=True)
                    taken[size].setdefault(name, []).append(timed(command))
    return {size: {name: Run(statistics.median(r.wall for r in runs),
                             statistics.median(r.cpu for r in runs))
                   for name, runs in by_name.items()} for size, by_name in taken.items()}


def print_figures(figures: dict[str, dict[str, Run]]) -> None:
    print(f"{'command':<12} {'size':>5} {'claims':>7} {'page MB':>8} {'wall s':>7} "
          f"{'cpu s':>7} {'wall x':>7}")
    names = list(next(iter(figures.values())))
    for name in names:
        previous: Run | None = None
        for size, by_name in figures.items():
            run = by_name[name]
            page = OUT / f"page-{size}.html"
            megabytes = page.stat().st_size / 1e6 if page.exists() else 0.0
            growth = f"{run.wall / previous.wall:7.2f}" if previous else f"{'':>7}"
            print(f"{name:<12} {size:>5} {SIZES[size][1]:>7} {megabytes:8.2f} {run.wall:7.3f} "
                  f"{run.cpu:7.3f} {growth}")
            previous = run


# ------------------------------------------------------------------------ the picture


def screenshot(target: Path, browser: str) -> None:
    """The seed article's report, as the README shows it."""
    with tempfile.TemporaryDirectory() as scratch:
        page = Path(scratch) / "report.html"
        subprocess.run([str(BIN / "claimcheck"), "verify", "data/claims.toml", "--format",
                        "html", "-o", str(page)], cwd=ROOT, check=False)
        subprocess.run(browser_command(browser, Path(scratch) / "profile", page,
                                       "--window-size=1400,2300",
                                       f"--screenshot={target.resolve()}"),
                       check=True, capture_output=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["100k", "1m"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, help="write the seed report's picture")
    args = parser.parse_args(argv)
    browser = find_browser()
    if args.screenshot:
        if browser is None:
            raise SystemExit("no Chromium on PATH: apt-get install chromium")
        screenshot(args.screenshot, browser)
        return 0
    if browser is None:
        print("no Chromium on PATH (apt-get install chromium): the page is not opened")
    sizes = sorted(args.sizes, key=lambda size: SIZES[size][0])
    for size in sizes:
        if not (OUT / f"claims-{size}.toml").exists():
            prepare(size)
    figures = measure(sizes, args.repeats, browser)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, "
          f"{args.repeats} runs each, medians")
    print_figures(figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
