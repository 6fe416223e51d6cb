"""Hostile and damaged documents (issue 15, section 5): each limit refuses what is over
it with a message naming the file (exit 2 on the command line), a file is what its
extension says, a URL is never fetched, and a missing parser is a message naming the
command that installs it, never an ImportError."""

from __future__ import annotations

import io
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli

from claimcheck.errors import ClaimcheckError
from claimcheck.fileio import UnreadableFile
from claimcheck.text.documents import DocumentError, MissingExtra, ReadOptions, read_document

FIXTURES = Path(__file__).resolve().parent / "data" / "documents"


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def written(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------------ limits

def test_a_document_over_the_size_limit_is_refused_unread() -> None:
    with pytest.raises(UnreadableFile, match=r"larger than the size limit \(20,244 bytes, "
                                             r"the limit is 20,000\)"):
        read_document(FIXTURES / "mazhilis.pdf", limit=20_000)


def test_a_pdf_over_the_page_limit_is_refused() -> None:
    with pytest.raises(DocumentError, match=r"has 3 pages \(the limit is 2\); not read"):
        read_document(FIXTURES / "mazhilis.pdf", options=ReadOptions(pdf_pages=2))
    assert read_document(FIXTURES / "mazhilis.pdf", options=ReadOptions(pdf_pages=3)).pages == 3


def test_a_word_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    # 2 MB of spaces pack into about 2 KB: within a 50 KB size limit, over the 1 MB
    # (20 x 50 KB) it may unpack to
    bomb = written(tmp_path, "bomb.docx", zipped({"word/document.xml": b" " * 2_000_000}))
    assert bomb.stat().st_size < 50_000
    with pytest.raises(DocumentError, match=r"would unpack to 2,000,000 bytes \(the limit is "
                                            r"1,000,000\); not read"):
        read_document(bomb, limit=50_000)


def test_the_unpacked_limit_of_a_real_word_file() -> None:
    with pytest.raises(DocumentError, match="would unpack to"):
        read_document(FIXTURES / "mazhilis.docx", options=ReadOptions(unzipped=10_000))


def test_a_word_file_of_too_many_parts_is_refused(tmp_path: Path) -> None:
    many = written(tmp_path, "many.docx", zipped({f"p{i}": b"" for i in range(10_001)}))
    with pytest.raises(DocumentError, match=r"holds 10,001 parts \(the limit is 10,000\)"):
        read_document(many)


def test_a_source_that_is_a_url_is_refused(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claims.toml").write_text(
        '[document]\nsource = "https://example.org/report.html"\n[claims.a]\nvalue = 1\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["verify", "claims.toml"], capsys)
    assert code == 2
    assert ("claims.toml:2: [document]: the source https://example.org/report.html is a "
            "URL; claimcheck never reaches the network") in err
    assert "save the page" in err


@pytest.mark.parametrize("command", ["text", "extract"])
def test_a_url_on_the_command_line_is_refused(command: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli([command, "https://example.org/report.pdf"], capsys)
    assert code == 2 and "is a URL; claimcheck never reaches the network" in err


def test_a_pdf_pdfium_cannot_open_is_exit_2_with_its_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = written(tmp_path, "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n")
    code, out, err = run_cli(["text", str(broken)], capsys)
    assert (code, out) == (2, "")
    assert f"error: {broken}: is a PDF that PDFium cannot open" in err
    assert "Traceback" not in err


def test_a_pdf_without_text_says_it_holds_only_images(tmp_path: Path) -> None:
    import pypdfium2

    blank = pypdfium2.PdfDocument.new()
    blank.new_page(595, 842)
    buffer = io.BytesIO()
    blank.save(buffer)
    scan = written(tmp_path, "scan.pdf", buffer.getvalue())
    with pytest.raises(DocumentError, match="has no text to read"):
        read_document(scan)


def test_a_damaged_word_file_is_a_message(tmp_path: Path) -> None:
    damaged = written(tmp_path, "damaged.docx", zipped({"hello.txt": b"not a document"}))
    with pytest.raises(DocumentError, match="cannot be read as a Word file"):
        read_document(damaged)


# ------------------------------------------------------- the content, not the name

PDF_BYTES = (FIXTURES / "mazhilis.pdf").read_bytes()
MISNAMED = [
    ("report.txt", PDF_BYTES, "is named .txt but is a PDF"),
    ("report.md", zipped({"a": b"b"}), "is named .md but is a zip archive"),
    ("report.html", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Word or Office file"),
    ("report.pdf", b"Just some text.\n", "is named .pdf but is not one"),
    ("report.docx", PDF_BYTES, "is named .docx but is a PDF"),
    ("notes", PDF_BYTES, "is named without an extension but is a PDF"),  # read as text
]


@pytest.mark.parametrize(("name", "data", "problem"), MISNAMED)
def test_a_file_is_what_its_extension_says(tmp_path: Path, name: str, data: bytes,
                                          problem: str) -> None:
    with pytest.raises(DocumentError, match=problem):
        read_document(written(tmp_path, name, data))


def test_a_pdf_named_txt_as_a_source_is_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "mazhilis.pdf", tmp_path / "article.txt")
    (tmp_path / "claims.toml").write_text(
        '[document]\nsource = "article.txt"\n[claims.a]\nvalue = 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["verify", "claims.toml"], capsys)
    assert code == 2
    assert "the source article.txt is named .txt but is a PDF" in err


def test_text_that_is_not_utf8_says_its_line(tmp_path: Path) -> None:
    bad = written(tmp_path, "bad.md", b"# Title\n\nOne \xff two\n")
    with pytest.raises(DocumentError, match=r"is not UTF-8 text \(byte 0xff\)") as raised:
        read_document(bad)
    assert raised.value.line == 3


# -------------------------------------------------------------- a missing parser

EXTRAS = [("mazhilis.pdf", "pypdfium2", "pdf"), ("mazhilis.docx", "docx", "word"),
          ("mazhilis.html", "trafilatura", "web"), ("mazhilis.md", "markdown_it", "markdown")]


@pytest.mark.parametrize(("name", "module", "extra"), EXTRAS)
def test_a_missing_parser_names_the_command_that_installs_it(
        name: str, module: str, extra: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # "import module" now fails
    with pytest.raises(MissingExtra) as raised:
        read_document(FIXTURES / name)
    assert isinstance(raised.value, ClaimcheckError)
    code, out, err = run_cli(["text", str(FIXTURES / name)], capsys)
    assert (code, out) == (2, "")
    assert f"pip install 'claimcheck[{extra}]'" in err
    assert "Traceback" not in err and "ImportError" not in err


def test_plain_text_needs_no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("pypdfium2", "docx", "trafilatura", "markdown_it", "lxml"):
        monkeypatch.setitem(sys.modules, module, None)
    root = Path(__file__).resolve().parent.parent
    assert read_document(root / "data" / "sources" / "mazhilis-hearing-2022-03-14.txt").text


def test_a_missing_parser_for_a_source_is_exit_2_naming_the_install(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "mazhilis.pdf", tmp_path)
    (tmp_path / "claims.toml").write_text(
        '[document]\nsource = "mazhilis.pdf"\n[claims.a]\nvalue = 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    code, _, err = run_cli(["verify", "claims.toml"], capsys)
    assert code == 2
    assert "claims.toml:2: [document]: the source mazhilis.pdf needs pypdfium2" in err
    assert "hint: pip install 'claimcheck[pdf]'" in err


def test_a_page_nested_deeper_than_the_parser_reads_is_refused_not_cut_short(
        tmp_path: Path) -> None:
    deep = written(tmp_path, "deep.html", b"<html><body>" + b"<div>" * 300
                   + b"We counted 5 cases." + b"</div>" * 300 + b"</body></html>")
    for options in (ReadOptions(), ReadOptions(full_page=True)):
        with pytest.raises(DocumentError, match="beyond what the HTML parser reads"):
            read_document(deep, options=options)


def test_a_page_of_too_many_elements_for_the_article_mode_says_to_read_it_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimcheck.text.documents import html

    monkeypatch.setattr(html, "MAX_ARTICLE_ELEMENTS", 100)
    page = written(tmp_path, "long.html", b"<html><body>" + b"<p>Row 7 of many.</p>" * 120
                   + b"</body></html>")
    # 120 paragraphs, html and body
    with pytest.raises(DocumentError, match=r"has 122 elements, more than the article mode "
                                            r"reads \(100\)"):
        read_document(page)
    assert read_document(page, options=ReadOptions(full_page=True)).text.count("Row 7") == 120


@pytest.mark.parametrize(("depth", "read"), [(25, True), (97, True), (98, False), (5000, False)])
def test_markdown_nested_too_deep_is_refused_never_dropped(tmp_path: Path, depth: int,
                                                            read: bool) -> None:
    nested = written(tmp_path, "nested.md", b">" * depth + b" We counted 5 cases.\n")
    if read:
        assert read_document(nested).text == "We counted 5 cases.\n"
    else:
        with pytest.raises(DocumentError, match="nests blocks or marks 98 deep or more"):
            read_document(nested)
