"""The HTML page in a real browser: Debian's ``chromium``, headless, writes the DOM once
the page and its script have run (``--dump-dom``), and its console says what the
Content-Security-Policy refused. Skipped, with the reason, where no Chromium is
installed (``.ci/run`` installs it, so CI runs these)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import bench_script
from conftest import run_cli as run
from test_html import HOSTILE, Page, check_scan_page, parsed, write_states

from claimcheck.report import verify_view
from claimcheck.runner import RunOptions

ROOT = Path(__file__).resolve().parent.parent
BENCH = bench_script("html")
BROWSER = BENCH.find_browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed "
                                "(apt-get install chromium; .ci/run installs it)")


def dom(page: Path, tmp_path: Path, *extra: str, fragment: str = "") -> tuple[str, str]:
    """The page's DOM after loading, and the browser's console messages."""
    assert BROWSER is not None
    command = BENCH.browser_command(BROWSER, tmp_path / "profile", page, "--dump-dom",
                                    "--enable-logging=stderr", "--v=0", *extra,
                                    fragment=fragment)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, "\n".join(console)


def item_texts(page: Page) -> list[tuple[str, str]]:
    return [(e.attributes["id"], " ".join(e.text.split())) for e in page.having("item")]


def write_page(args: list[str], target: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, _, err = run(["verify", *args, "--format", "html", "-o", str(target)], capsys)
    assert code in (0, 1), err
    return target


@pytest.fixture
def seed_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.chdir(ROOT)
    return write_page(["data/claims.toml"], tmp_path / "seed.html", capsys)


def test_the_seed_report_shows_every_finding_and_every_marked_number(
        seed_page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    doc = verify_view.report_view(verify_view.check_files(
        [Path("data/claims.toml")], RunOptions())).documents[0]
    assert doc.text is not None
    html, console = dom(seed_page, tmp_path)
    assert console == ""  # nothing refused, no script error
    page = parsed(html)
    marks = page.having("m")[4:]  # after the legend's four
    assert [(m.text, m.attributes["class"].split()[1]) for m in marks] == [
        (doc.text[mark.start:mark.end], mark.state.value) for mark in doc.marks]
    for rank, item in enumerate(doc.items):
        shown = page.by_id(f"d0-i{rank}")
        assert item.name in shown.text and item.status.value in shown.attributes["class"]
        assert item.arithmetic in shown.text
    findings = [e for e in page.having("item") if e.attributes["class"].split()[1] != "ok"]
    assert [e.attributes["id"] for e in findings] == ["d0-i0", "d0-i1"]  # fail, tension
    assert page.by_id("summary").text == "1 file, 14 checks: 12 ok, 1 tension, 1 fail"


def test_choosing_a_finding_highlights_its_numbers(seed_page: Path, tmp_path: Path) -> None:
    html, console = dom(seed_page, tmp_path, fragment="d0-i0")
    assert console == ""
    page = parsed(html)
    assert "chosen" in page.by_id("d0-i0").attributes["class"]
    lit = [m.text for m in page.having("m") if "lit" in m.attributes["class"].split()]
    assert lit == ["243", "9", "234"]  # torture_cases_add_up: 243 == 234 + 9


def test_choosing_a_number_shows_its_claims_and_rules(seed_page: Path, tmp_path: Path) -> None:
    page = parsed(dom(seed_page, tmp_path)[0])
    nine = next(m for m in page.having("m") if m.text == "9")
    html, _ = dom(seed_page, tmp_path, fragment=nine.attributes["id"])
    panel = parsed(html).by_id("panel")
    assert "hidden" not in panel.attributes
    assert "claim torture_detained = 9 person" in panel.text
    assert "torture_cases_add_up" in panel.text and "torture_detainees_by_agency" in panel.text


def test_an_uncovered_number_says_so(seed_page: Path, tmp_path: Path) -> None:
    page = parsed(dom(seed_page, tmp_path)[0])
    uncovered = page.having("uncovered")[-1]
    assert uncovered.text == "243"
    panel = parsed(dom(seed_page, tmp_path, fragment=uncovered.attributes["id"])[0]).by_id(
        "panel")
    assert "243: ? not covered: no claim quotes it" in panel.text
    assert "no rule rests on this number" in panel.text


def test_every_finding_is_in_the_page_as_written(seed_page: Path, tmp_path: Path) -> None:
    """The findings the browser shows are those of the HTML as written, so they are
    there without JavaScript too (the script only adds classes and fills the panel).
    (Chromium writes no DOM with scripts off, so the page as written stands for it.)"""
    written = parsed(seed_page.read_text(encoding="utf-8"))
    shown = parsed(dom(seed_page, tmp_path)[0])
    assert item_texts(shown) == item_texts(written)
    assert len(item_texts(written)) == 14
    assert not [e for e in written.having("item") if "hidden" in e.attributes]


def test_a_hostile_source_stays_text_in_the_browser(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    attack = "<script>document.title='pwned'</script>"
    (tmp_path / "source.txt").write_text(
        f"It said {attack} and {HOSTILE[1]} and 12 more.\n", encoding="utf-8")
    (tmp_path / "claims.toml").write_text(
        '[document]\nsource = "source.txt"\n\n[claims.c]\nvalue = 12\n'
        'quote = "and 12 more"\n[claims.d]\nvalue = 13\n'
        f'quote = "{attack}"\n[rules.r]\ncheck = "c == d"\n', encoding="utf-8")
    html, console = dom(write_page(["claims.toml"], tmp_path / "p.html", capsys), tmp_path)
    page = parsed(html)
    title = next(e for e in page.elements if e.tag == "title")
    assert title.text == "claimcheck verify: source.txt"
    assert [e.tag for e in page.elements].count("script") == 1
    assert not [e for e in page.elements if e.tag == "img"]
    assert attack in page.by_id("d0").text and HOSTILE[1] in page.by_id("d0").text
    assert console == ""


def test_the_states_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    write_states(tmp_path)
    html, console = dom(write_page(["claims.toml"], tmp_path / "p.html", capsys), tmp_path,
                        fragment="d0-i1")
    assert console == ""
    lit = [m.text for m in parsed(html).having("m") if "lit" in m.attributes["class"].split()]
    assert lit == ["30", "31"]  # charged_among_suspects: 31 charged of 30 suspects


def test_a_scan_report_in_the_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    page = tmp_path / "scan.html"
    code, _, _ = run(["scan", "data/sources/mazhilis-hearing-2022-03-14.txt", "--format",
                      "html", "-o", str(page)], capsys)
    assert code == 1
    html, console = dom(page, tmp_path, fragment="d0-i0")
    assert console == ""
    shown = parsed(html)
    check_scan_page(shown)
    lit = [m.text for m in shown.having("m") if "lit" in m.attributes["class"].split()]
    assert sorted(lit) == ["234", "243", "9"]
