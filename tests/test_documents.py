"""Documents (issue 15): the seed article as Markdown, a saved web page, a Word file and a
PDF reads as its .txt does: every quote verifies, coverage finds the same mentions in the
same order, and extract drafts the same claims. The fixtures are made by
tests/data/documents/make_fixtures.py (its docstring says how)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from conftest import bench_script, run_cli

from claimcheck.claims.load import load_file
from claimcheck.draft.extract import draft_claims
from claimcheck.evaluate.engine import evaluate
from claimcheck.model import FileReport, Status
from claimcheck.text.documents import READERS, Document, read_document
from claimcheck.text.mentions import find_mentions
from claimcheck.text.textnorm import find_quote, normalise_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "documents"
SEED = ROOT / "data" / "sources" / "mazhilis-hearing-2022-03-14.txt"
CLAIMS = ROOT / "data" / "claims.toml"
SEED_SOURCE = 'source = "sources/mazhilis-hearing-2022-03-14.txt"'
FORMATS = [("mazhilis.md", "markdown"), ("mazhilis.html", "html"),
           ("mazhilis.docx", "word"), ("mazhilis.pdf", "pdf")]
NAMES = [name for name, _ in FORMATS]


def seed_text() -> str:
    return read_document(SEED).text


def checked(tmp_path: Path, document: Path) -> FileReport:
    """data/claims.toml evaluated against ``document`` as its source."""
    shutil.copy(document, tmp_path / document.name)
    claims = CLAIMS.read_text(encoding="utf-8").replace(SEED_SOURCE,
                                                        f'source = "{document.name}"')
    assert f'source = "{document.name}"' in claims
    (tmp_path / "claims.toml").write_text(claims, encoding="utf-8")
    return evaluate(load_file(tmp_path / "claims.toml"))


def quote_results(report: FileReport) -> list[tuple[str, Status]]:
    return [(r.rule, r.status) for r in report.results if r.rule.startswith("quote:")]


@pytest.mark.parametrize(("name", "kind"), FORMATS)
def test_each_format_is_read_by_its_reader(name: str, kind: str) -> None:
    document = read_document(FIXTURES / name)
    assert document.format == kind
    assert find_quote(document.text, "more than 2,800 weapons were stolen during the unrest")


@pytest.mark.parametrize("name", NAMES)
def test_every_quote_verifies_against_each_format_as_against_the_txt(
        tmp_path: Path, name: str) -> None:
    (tmp_path / "txt").mkdir()
    as_text = checked(tmp_path / "txt", SEED)
    report = checked(tmp_path, FIXTURES / name)
    assert report.error is None
    assert quote_results(report) == quote_results(as_text)
    assert not [r for r in report.results if r.rule.startswith("quote:")
                and r.status is Status.FAIL]
    assert report.coverage is not None and as_text.coverage is not None
    assert report.coverage.quotes == as_text.coverage.quotes == 32  # the quotes checked
    assert (report.coverage.total, report.coverage.covered) == (
        as_text.coverage.total, as_text.coverage.covered)


@pytest.mark.parametrize("name", NAMES)
def test_the_same_mentions_in_the_same_order(name: str) -> None:
    # as written, but for the line breaks of wrapped Markdown ("three and a\nhalf")
    expected = [" ".join(m.text.split()) for m in find_mentions(seed_text())]
    found = [" ".join(m.text.split()) for m in find_mentions(read_document(FIXTURES / name).text)]
    assert found == expected
    assert len(found) > 30  # the article has numbers enough for this to mean something


def _drafted(text: str) -> list[tuple[str, str, str | None, str, str | None]]:
    mentions = find_mentions(text)
    return [(c.id, c.value, c.unit, normalise_text(c.quote), c.by)
            for c in draft_claims(text, mentions, taken=())]


@pytest.mark.parametrize("name", NAMES)
def test_extract_drafts_the_same_claims(name: str) -> None:
    assert _drafted(read_document(FIXTURES / name).text) == _drafted(seed_text())


def test_the_menu_footer_and_related_stories_of_a_page_are_dropped() -> None:
    page = (FIXTURES / "mazhilis.html").read_text(encoding="utf-8")
    article = read_document(FIXTURES / "mazhilis.html").text
    for number in ("Top 10", "1,200 employees", "14 new laws", "123456"):
        assert number in page
        assert number not in article


def test_the_full_page_mode_keeps_every_visible_text_but_scripts(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["text", "--full-page", str(FIXTURES / "mazhilis.html")], capsys)
    assert code == 0
    for shown in ("Top 10", "1,200 employees", "14 new laws", "more than 2,800 weapons"):
        assert shown in out
    assert "123456" not in out  # a script's text is never shown


# ----------------------------------------------------------- reading order, tables

def _fixture_maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_two_column_pdf_page_is_read_column_after_column() -> None:
    maker = _fixture_maker()
    LEFT_COLUMN, RIGHT_COLUMN = maker.LEFT_COLUMN, maker.RIGHT_COLUMN
    # its lines are drawn left, right, left, right: the content's order is not the reader's
    assert read_document(FIXTURES / "two-columns.pdf").text == (
        f"{LEFT_COLUMN}\n\n{RIGHT_COLUMN}\n")


def test_a_word_table_is_read_in_place_row_by_row_with_its_labels() -> None:
    assert read_document(FIXTURES / "table.docx").text.splitlines() == [
        "Cases by province, as the ministry reported them.", "",
        "Sindh: Cases 799; Deaths 12",
        "Punjab: Cases 1,203; Deaths 31",
        "Balochistan: Cases 57; Deaths 2", "",
        "The ministry will report again in April."]


TABLES = [
    ("md", "| Province | Cases |\n|---|---|\n| Sindh | 799 |\n| Punjab | **1,203** |\n",
     ["Province: Cases", "Sindh: 799", "Punjab: 1,203"]),
    ("html", "<html><body><article><p>" + "The cases by province were counted. " * 8
     + "</p><table><tr><th>Province</th><th>Cases</th></tr><tr><td>Sindh</td><td>799</td>"
     "</tr><tr><td>Punjab</td><td>1,203</td></tr></table></article></body></html>",
     ["Province: Cases", "Sindh: 799", "Punjab: 1,203"]),
    ("md", "| Province | Cases | Deaths |\n|---|---|---|\n| Sindh | 799 | 12 |\n",
     ["Sindh: Cases 799; Deaths 12"]),
]


@pytest.mark.parametrize(("extension", "written", "lines"), TABLES)
def test_tables_become_row_lines(tmp_path: Path, extension: str, written: str,
                                 lines: list[str]) -> None:
    path = tmp_path / f"table.{extension}"
    path.write_text(written, encoding="utf-8")
    text = read_document(path).text
    found = [line for line in text.splitlines() if ":" in line]
    assert found == lines
    assert "799" in [m.text for m in find_mentions(text)]


def test_markdown_marks_do_not_break_a_quote(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("More than **2,800** [weapons](https://example.org)\nwere stolen.\n",
                    encoding="utf-8")
    assert read_document(path).text == "More than 2,800 weapons\nwere stolen.\n"


# ----------------------------------------------------------------- pages, locations

def test_a_pdf_place_is_a_page_and_a_line_within_it() -> None:
    document = read_document(FIXTURES / "mazhilis.pdf")
    assert document.pages == 3
    at = document.text.index("2,000 weapons are still")
    assert str(document.location(at)) == "page 2, line 3"
    assert str(read_document(SEED).location(seed_text().index("2,000 weapons"))) == "line 19"


def test_the_text_command_numbers_lines_within_pages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["text", str(FIXTURES / "mazhilis.pdf")], capsys)
    assert code == 0
    page_two = out.split("--- page 2 ---\n")[1]
    line_three = page_two.splitlines()[2]
    assert line_three.startswith("    3  The meeting also included")
    assert "2,000 weapons are still" in line_three
    assert out.count("--- page ") == 3


def test_uncovered_mentions_of_a_pdf_say_their_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    checked(tmp_path, FIXTURES / "mazhilis.pdf")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["verify", "claims.toml", "--uncovered", "-f", "json"], capsys)
    import json

    uncovered = json.loads(out)["coverage"]["claims.toml"]["uncovered"]
    assert uncovered == [{"line": 11, "mention": "243", "page": 2, "sentence": uncovered[0][
        "sentence"]}]
    assert code == 1  # the seed file's own failing rule, as with the .txt
    code, out, _ = run_cli(["verify", "claims.toml", "--uncovered", "-q"], capsys)
    assert "mazhilis.pdf: page 2, line 11" in out


def test_a_quote_failing_in_a_pdf_points_at_the_page_of_the_passage(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "mazhilis.pdf", tmp_path)
    (tmp_path / "claims.toml").write_text(
        '[document]\nsource = "mazhilis.pdf"\n[claims.w]\nvalue = 2000\nunit = "weapon"\n'
        'quote = "2,000 weapons are yet in the hands of the criminals"\n', encoding="utf-8")
    report = evaluate(load_file(tmp_path / "claims.toml"))
    (failed,) = [r for r in report.results if r.status is Status.FAIL]
    assert "closest passage (page 2, line 3):" in failed.message


# ------------------------------------------------------------------------- folders

def test_extract_over_a_folder_drafts_each_document_and_they_verify(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NAMES:
        shutil.copy(FIXTURES / name, tmp_path)
    (tmp_path / "notes.csv").write_text("not a document\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["extract", "."], capsys)
    assert code == 0, err
    drafts = sorted(p.name for p in tmp_path.glob("*.claims.toml"))
    assert drafts == sorted(f"{name}.claims.toml" for name in NAMES)
    code, out, _ = run_cli(["verify", ".", "-f", "concise"], capsys)
    assert (code, out) == (0, "")  # every drafted quote is found in its own document
    code, _, err = run_cli(["extract", "."], capsys)
    assert code == 2 and err.count("already exists; not overwritten") == 4


def _count_claims(document: Document) -> int:
    return len(find_mentions(document.text))


def test_extract_of_a_pdf_names_it_as_the_source(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "mazhilis.pdf", tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["extract", "mazhilis.pdf"], capsys)
    assert code == 0
    assert 'source = "mazhilis.pdf"' in out
    assert "[claims.weapons_hands] # source page 2, line 3\n" in out
    assert out.count("[claims.") == _count_claims(read_document(FIXTURES / "mazhilis.pdf"))


def test_the_benchmarks_documents_give_the_txts_mentions(
        tmp_path: Path, bench_documents: ModuleType) -> None:
    """bench/documents.py's texts (the seed article repeated, its numbers changed per copy)
    at 30 KB, about 8 PDF pages: each format gives the mentions of the .txt in order."""
    make = bench_documents.maker()
    paths = bench_documents.write_formats(make, bench_documents.blocks_of_size(make, 30_000),
                                          tmp_path)
    expected = bench_documents.mention_texts(paths["txt"].read_text(encoding="utf-8"))
    assert len(expected) > 100
    for path in paths.values():
        assert bench_documents.mention_texts(read_document(path).text) == expected, path.name


@pytest.fixture(scope="module")
def bench_documents() -> ModuleType:
    return bench_script("documents")


def test_the_readme_lists_every_extension_and_extra() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Documents", 1)[1].split("\n## ", 1)[0]
    for extension in READERS:
        assert f"`{extension}`" in section, extension
    for extra in ("markdown", "web", "word", "pdf", "documents"):
        assert f"claimcheck[{extra}]" in section, extra
