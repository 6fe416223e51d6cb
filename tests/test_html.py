"""``--format html``: the page of a run, read back with the standard library's HTML
parser: its marks and their states, its findings, its safety (escaping, the policy),
and ``-o``. The same pages in a real browser: tests/test_html_browser.py."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_cli as run

from claimcheck.report import verify_view
from claimcheck.report.view import MarkState
from claimcheck.runner import RunOptions

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sources" / "mazhilis-hearing-2022-03-14.txt"


@dataclass
class Element:
    tag: str
    attributes: dict[str, str]
    text: str = ""


@dataclass
class Page(HTMLParser):
    """Every element of a page with its attributes and the text inside it."""

    elements: list[Element] = field(default_factory=list)
    _open: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if tag not in ("meta", "br", "input", "img", "link"):
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def having(self, class_name: str) -> list[Element]:
        return [e for e in self.elements if class_name in e.attributes.get("class", "").split()]

    def by_id(self, name: str) -> Element:
        return next(e for e in self.elements if e.attributes.get("id") == name)


def parsed(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    (tmp_path / ".git").mkdir()
    return tmp_path


# A source whose numbers take every state, worked by hand: 40 + 12 = 52, not 53 (fail);
# 31 charged out of 30 suspects (fail); 31 injured of "more than 20" officers, which
# reads (20, 30] (tension); 4 women among 9 detectives (ok); "about 7" no claim quotes.
STATES_SOURCE = (
    "Police seized 40 rifles and 12 pistols, 53 weapons in all. Of the 30 suspects, 31 "
    "were charged. Of more than 20 officers on duty, 31 were injured. A team of 9 "
    "detectives, 4 of them women, led the search. About 7 more were found later.\n")
STATES_CLAIMS = """\
[document]
source = "source.txt"

[claims.rifles]
value = 40
unit = "weapon"
quote = "seized 40 rifles"
[claims.pistols]
value = 12
unit = "weapon"
quote = "12 pistols"
[claims.seized]
value = 53
unit = "weapon"
quote = "53 weapons in all"
[claims.suspects]
value = 30
unit = "person"
quote = "Of the 30 suspects"
[claims.charged]
value = 31
unit = "person"
quote = "31 were charged"
[claims.officers]
value = "more than 20"
unit = "person"
quote = "more than 20 officers"
[claims.injured]
value = 31
unit = "person"
quote = "31 were injured"
[claims.detectives]
value = 9
unit = "person"
quote = "9 detectives"
[claims.women]
value = 4
unit = "person"
quote = "4 of them women"

[rules.seized_adds_up]
check = "rifles + pistols == seized"
why = "The weapons seized are the rifles and the pistols."
[rules.charged_among_suspects]
check = "charged <= suspects"
[rules.injured_among_officers]
check = "injured <= officers"
severity = "warning"
[rules.women_among_detectives]
check = "women <= detectives"
"""
EXPECTED_MARKS = [
    ("40", MarkState.FAIL), ("12", MarkState.FAIL), ("53", MarkState.FAIL),
    ("30", MarkState.FAIL), ("31", MarkState.FAIL), ("more than 20", MarkState.TENSION),
    ("31", MarkState.TENSION), ("9", MarkState.OK), ("4", MarkState.OK),
    ("About 7", MarkState.UNCOVERED),
]


def write_states(workspace: Path) -> Path:
    (workspace / "source.txt").write_text(STATES_SOURCE, encoding="utf-8")
    (workspace / "claims.toml").write_text(STATES_CLAIMS, encoding="utf-8")
    return workspace / "claims.toml"


def test_every_number_takes_the_state_of_the_rules_on_it(workspace: Path) -> None:
    checked = verify_view.check_files([write_states(workspace)], RunOptions())
    doc = verify_view.report_view(checked).documents[0]
    assert doc.text is not None
    assert [(doc.text[m.start:m.end], m.state) for m in doc.marks] == EXPECTED_MARKS
    # fail before tension; among the fails, in the order of their lines
    assert [(item.name, item.status.value) for item in doc.findings] == [
        ("seized_adds_up", "fail"), ("charged_among_suspects", "fail"),
        ("injured_among_officers", "tension")]


def test_the_page_marks_every_number_and_lists_every_finding(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_states(workspace)
    code, out, _ = run(["verify", "claims.toml", "--format", "html"], capsys)
    assert code == 1
    page = parsed(out)
    marks = page.having("m")[4:]  # the legend shows each state first
    assert [(m.text, m.attributes["class"].split()[1]) for m in marks] == [
        (text, state.value) for text, state in EXPECTED_MARKS]
    findings = [e for e in page.having("item") if "chosen" not in e.attributes["class"]]
    shown = [(e.attributes["class"].split()[1], e.attributes["id"]) for e in findings]
    assert shown[:3] == [("fail", "d0-i0"), ("fail", "d0-i1"), ("tension", "d0-i2")]
    first = page.by_id("d0-i0")
    assert "40 weapon + 12 weapon == 53 weapon" in first.text
    assert "why: The weapons seized are the rifles and the pistols." in first.text
    # the finding's numbers are its marks: 40, 12 and 53 (marks 0, 1, 2)
    assert first.attributes["data-marks"] == "0 1 2"
    assert page.by_id("summary").text == "1 file, 4 checks: 1 ok, 1 tension, 2 fail"


def test_a_finding_says_what_explain_says_in_short(workspace: Path) -> None:
    checked = verify_view.check_files([write_states(workspace)], RunOptions())
    doc = verify_view.report_view(checked).documents[0]
    tension = next(item for item in doc.items if item.name == "injured_among_officers")
    # 31 injured, the officers read (20, 30]: injured would need at most 30, 1 less
    assert any(note.startswith("smallest change: injured at most 30 person")
               for note in tension.notes), tension.notes


def test_only_the_first_findings_are_explained(workspace: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify_view, "MAX_EXPLAINED", 1)
    checked = verify_view.check_files([write_states(workspace)], RunOptions())
    doc = verify_view.report_view(checked).documents[0]
    assert doc.findings[1].notes == (
        "claimcheck explain charged_among_suspects shows what would make it hold",)
    assert doc.findings[0].notes  # the first is explained


def test_the_seed_article(monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(["verify", "data/claims.toml", "--format", "html"], capsys)
    assert code == 1
    page = parsed(out)
    marks = page.having("m")[4:]
    # 32 numeric mentions (31 quoted, "out of 243 such cases" not) and one date quote
    assert len(marks) == 33
    assert [m.text for m in marks if "uncovered" in m.attributes["class"]] == ["243"]
    failing = [m.text for m in marks if "fail" in m.attributes["class"].split()]
    assert failing == ["243", "9", "234"]
    assert [m.text for m in marks if "tension" in m.attributes["class"].split()] == [
        "more than 1,500", "1,630"]
    ids = [e.attributes["id"] for e in page.having("item")]
    assert len(ids) == 14 and len(set(ids)) == 14


# --- safety ---------------------------------------------------------------------------

HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>']


@pytest.mark.parametrize("hostile", HOSTILE)
def test_text_from_the_files_is_shown_as_text(
        workspace: Path, capsys: pytest.CaptureFixture[str], hostile: str) -> None:
    (workspace / "source.txt").write_text(f"It said {hostile} and 12 more.\n", encoding="utf-8")
    quote = hostile.replace('"', '\\"')
    (workspace / "claims.toml").write_text(
        f'[document]\nsource = "source.txt"\n\n[claims.c]\nvalue = 12\n'
        f'quote = "{quote} and 12 more"\n[claims.d]\nvalue = 13\nquote = "{quote}!"\n'
        f'[rules.r]\ncheck = "c == d"\nwhy = "{quote}"\n', encoding="utf-8")
    code, out, _ = run(["verify", "claims.toml", "--format", "html"], capsys)
    assert code == 1
    page = parsed(out)
    assert [e.tag for e in page.elements].count("script") == 1  # the page's own
    assert not [e for e in page.elements if e.tag == "img"]
    assert not [name for e in page.elements for name in e.attributes if name.startswith("on")]
    assert hostile in page.by_id("d0").text  # in the document, the finding, the quote
    assert out.count(hostile) == 0


def test_control_characters_are_escaped(workspace: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "source.txt").write_text("Some 12 \u202eevil\x1b[H here.\n", encoding="utf-8")
    (workspace / "claims.toml").write_text(
        '[document]\nsource = "source.txt"\n\n[claims.c]\nvalue = "some 12"\n'
        'quote = "Some 12"\n', encoding="utf-8")
    _, out, _ = run(["verify", "claims.toml", "--format", "html"], capsys)
    assert "\u202e" not in out and "\x1b" not in out
    assert "\\u202eevil\\x1b[H here." in out


def test_the_page_loads_nothing_and_runs_only_its_own_script(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_states(workspace)
    _, out, _ = run(["verify", "claims.toml", "--format", "html"], capsys)
    page = parsed(out)
    policy = next(e.attributes["content"] for e in page.elements
                  if e.attributes.get("http-equiv") == "Content-Security-Policy")
    style = re.search(r"<style>(.*?)</style>", out, re.DOTALL)
    script = re.search(r"<script>(.*?)</script>", out, re.DOTALL)
    assert style is not None and script is not None
    assert policy.startswith("default-src 'none'; ")
    for kind, body in (("style", style.group(1)), ("script", script.group(1))):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in policy
    links = [e.attributes.get("href", "") for e in page.elements]
    assert all(link.startswith("#") for link in links if link), links
    assert not [e for e in page.elements if "src" in e.attributes or e.tag == "link"]
    assert "url(" not in style.group(1) and "@import" not in style.group(1)


# --- files, and what cannot be shown ---------------------------------------------------


def test_dash_o_writes_the_page_and_never_replaces_a_file_unasked(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_states(workspace)
    code, out, _ = run(["verify", "claims.toml", "--format", "html", "-o", "r.html"], capsys)
    assert (code, out) == (1, "")
    written = (workspace / "r.html").read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>")
    (workspace / "mine.html").write_text("my notes", encoding="utf-8")
    code, out, err = run(["verify", "claims.toml", "--format", "html", "-o", "mine.html"],
                         capsys)
    assert code == 2
    assert "mine.html: already exists; not overwritten (pass --force" in err
    assert (workspace / "mine.html").read_text(encoding="utf-8") == "my notes"
    code, _, _ = run(["verify", "claims.toml", "-f", "html", "-o", "mine.html", "--force"],
                     capsys)
    assert code == 1
    assert (workspace / "mine.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")


@pytest.mark.parametrize("output", ["json", "concise", "table"])
def test_dash_o_takes_every_format(workspace: Path, capsys: pytest.CaptureFixture[str],
                                   output: str) -> None:
    write_states(workspace)
    code, printed, _ = run(["verify", "claims.toml", "--format", output], capsys)
    code_o, out, _ = run(["verify", "claims.toml", "--format", output, "-o", "out"], capsys)
    assert (code_o, out) == (code, "")
    assert (workspace / "out").read_text(encoding="utf-8") == printed


def test_a_claims_file_without_a_source(workspace: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "claims.toml").write_text(
        '[claims.a]\nvalue = 3\n[claims.b]\nvalue = 2\n[rules.r]\ncheck = "a < b"\n',
        encoding="utf-8")
    code, out, _ = run(["verify", "claims.toml", "--format", "html"], capsys)
    assert code == 1
    page = parsed(out)
    assert "No document to show: the claims file names no [document] source." in out
    assert "3 < 2" in page.by_id("d0-i0").text


def test_a_file_that_cannot_be_checked(workspace: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "claims.toml").write_text('[claims.a]\nvlaue = 3\n', encoding="utf-8")
    code, out, err = run(["verify", "claims.toml", "--format", "html"], capsys)
    assert code == 2
    assert "unknown key 'vlaue'" in err
    assert "could not be checked: claims.toml:2" in parsed(out).by_id("d0").text



@pytest.mark.parametrize(("text", "spans", "blocks"), [
    ("a 1\n\nb 2\n", [(2, 3), (7, 8)], [["a ", "[1]", "\n\n"], ["b ", "[2]", "\n"]]),
    ("1\n \n\n2", [(0, 1), (5, 6)], [["[1]", "\n \n\n"], ["[2]"]]),
    ("no numbers\n\nat all", [], [["no numbers\n\n"], ["at all"]]),
    ("", [], []),
])
def test_the_text_is_laid_out_in_paragraphs(text: str, spans: list[tuple[int, int]],
                                            blocks: list[list[str]]) -> None:
    from claimcheck.report.html import _blocks
    from claimcheck.report.view import Mark

    marks = [Mark(start, end, 1, MarkState.UNCOVERED) for start, end in spans]
    found = _blocks(text, marks)
    assert [[f"[{p.text}]" if p.mark else p.text for p in block] for block in found] == blocks
    assert "".join(part.text for block in found for part in block) == text


def test_the_seed_article_scanned(monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(["scan", str(SEED.relative_to(ROOT)), "--format", "html"], capsys)
    assert code == 1  # 243 == 234 + 9 adds people to cases
    check_scan_page(parsed(out))


def check_scan_page(page: Page) -> None:
    """The seed article's scan: its 32 numeric mentions marked, the sum across units a
    fail, the buildings counted twice a tension, the other numbers not checked."""
    marks = page.having("m")[4:]
    assert len(marks) == 32
    states = {(m.text, m.attributes["class"].split()[1]) for m in marks}
    assert {("243", "fail"), ("9", "fail"), ("234", "fail"), ("more than 1,500", "tension"),
            ("1,630", "tension"), ("766", "uncovered")} <= states
    assert "sum_1" in page.by_id("d0-i0").text and "fail" in page.by_id("d0-i0").attributes[
        "class"]
    assert "same_1" in page.by_id("d0-i1").text
    assert "243 case == 9 person + 234 case" in page.by_id("d0-i0").text
    assert page.by_id("summary").text.startswith("1 fail, 1 tension, 0 ok shown")


def test_scan_dash_o_never_replaces_a_file_unasked(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "article.txt").write_text("Of 12 people, 13 were hurt.\n", encoding="utf-8")
    (workspace / "r.html").write_text("mine", encoding="utf-8")
    code, _, err = run(["scan", "article.txt", "-f", "html", "-o", "r.html"], capsys)
    assert code == 2 and "r.html: already exists" in err
    assert (workspace / "r.html").read_text(encoding="utf-8") == "mine"
    code, out, _ = run(["scan", "article.txt", "-f", "html", "-o", "r.html", "--force"], capsys)
    assert out == "" and (workspace / "r.html").read_text(encoding="utf-8").startswith(
        "<!DOCTYPE html>")


def test_two_files_are_two_sections(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_states(workspace)
    (workspace / "other.toml").write_text(
        '[claims.a]\nvalue = 3\n[claims.b]\nvalue = 2\n[rules.r]\ncheck = "a < b"\n',
        encoding="utf-8")
    code, out, _ = run(["verify", "claims.toml", "other.toml", "--format", "html"], capsys)
    assert code == 1
    page = parsed(out)
    assert page.by_id("d0-i0").attributes["data-marks"] == "0 1 2"
    assert "3 < 2" in page.by_id("d1-i0").text
    ids = [e.attributes["id"] for e in page.elements if "id" in e.attributes]
    assert len(ids) == len(set(ids))
    assert page.by_id("summary").text == "2 files, 5 checks: 1 ok, 1 tension, 3 fail"


def test_a_hostile_file_name_is_text(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = '"><img src=x onerror=alert(3)>.txt'
    (workspace / name).write_text("It was 12.\n", encoding="utf-8")
    (workspace / "claims.toml").write_text(
        f'[document]\nsource = {json.dumps(name)}\n\n[claims.c]\nvalue = 12\n'
        'quote = "It was 12"\n', encoding="utf-8")
    code, out, err = run(["verify", "claims.toml", "--format", "html"], capsys)
    assert code == 0, err
    page = parsed(out)
    assert not [e for e in page.elements if e.tag == "img"]
    assert name in page.by_id("d0").text
    assert name in next(e for e in page.elements if e.tag == "title").text
