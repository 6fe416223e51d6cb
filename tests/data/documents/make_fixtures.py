"""Make the document fixtures of tests/test_documents*.py from the seed article.

    .venv/bin/pip install fpdf2 python-docx   # test-only: claimcheck never writes these
    .venv/bin/python tests/data/documents/make_fixtures.py

The seed article (data/sources/mazhilis-hearing-2022-03-14.txt, a press release of the
Kazakh government, see tests/corpus/README.md) becomes:

- mazhilis.md: Markdown, lines wrapped at 80 columns, bold numbers and links;
- mazhilis.html: a whole saved web page, with a menu, a "related stories" box and a
  footer whose numbers are not the article's (trafilatura must drop them);
- mazhilis.docx: one Word paragraph per paragraph (python-docx);
- mazhilis.pdf: A4 pages of DejaVu Sans 11 pt (fpdf2), lines broken at the margin and
  long words hyphenated at a line end, as a typesetter does;
- two-columns.pdf: one page of two columns, its lines drawn left, right, left, right,
  so that the content stream's order is not the reading order;
- table.docx: a paragraph, a table with a header row, and a paragraph.

The files are committed (the tests need neither fpdf2 nor a font); run this script
again only to change them. The output is deterministic (fixed creation dates).
"""

from __future__ import annotations

import datetime
import re
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent.parent.parent / "data" / "sources" / "mazhilis-hearing-2022-03-14.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FIXED = datetime.datetime(2022, 3, 14, tzinfo=datetime.UTC)

TABLE_ROWS = [["Province", "Cases", "Deaths"], ["Sindh", "799", "12"],
              ["Punjab", "1,203", "31"], ["Balochistan", "57", "2"]]
LEFT_COLUMN = ("The left column comes first. Officials counted 120 schools in the north "
               "and 45 clinics in the south of the region, all of them open again.")
RIGHT_COLUMN = ("The right column comes second. Inspectors found 37 bridges that needed "
                "repair and 8 roads that were closed for the whole winter.")


def paragraphs() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def markdown(blocks: list[str]) -> str:
    title, *body = blocks
    emphasised = [re.sub(r"(more than 2,800|3,070|766)", r"**\1**", block) for block in body]
    emphasised = [block.replace("Human Rights Commissioner",
                                "[Human Rights Commissioner](https://example.org/ombudsman)", 1)
                  for block in emphasised]
    wrapped = [textwrap.fill(block, 80, break_on_hyphens=False, break_long_words=False)
               for block in emphasised]
    return f"# {title}\n\n" + "\n\n".join(wrapped) + "\n"


def html(blocks: list[str]) -> str:
    from html import escape

    title, *body = blocks
    article = "\n".join(f"      <p>{escape(block)}</p>" for block in body[1:])
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{escape(title)} | News</title>
<script>var visits = 123456;</script></head>
<body>
  <header><nav><ul><li><a href="/">Home</a></li><li><a href="/top">Top 10</a></li>
  <li><a href="/2021">Archive 2021</a></li></ul></nav></header>
  <main>
    <article>
      <h1>{escape(title)}</h1>
      <p>{escape(body[0])}</p>
{article}
    </article>
    <aside class="related"><h2>Related stories</h2><ul>
      <li><a href="/a">Parliament approves 14 new laws in 2021</a></li>
      <li><a href="/b">5 things to know about the budget of 17 trillion tenge</a></li>
    </ul></aside>
  </main>
  <footer><p>&copy; 2022 News Agency. 1,200 employees in 35 offices. Call +7 7172 00 00 00.</p>
  </footer>
</body>
</html>
"""


def word(blocks: list[str], path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.created = FIXED
    document.core_properties.modified = FIXED
    for block in blocks:
        document.add_paragraph(block)
    document.save(str(path))


def word_table(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.created = FIXED
    document.core_properties.modified = FIXED
    document.add_paragraph("Cases by province, as the ministry reported them.")
    table = document.add_table(rows=len(TABLE_ROWS), cols=len(TABLE_ROWS[0]))
    for cells, row in zip(table.rows, TABLE_ROWS, strict=True):
        for cell, text in zip(cells.cells, row, strict=True):
            cell.text = text
    document.add_paragraph("The ministry will report again in April.")
    document.save(str(path))


def _pdf():  # type: ignore[no-untyped-def]
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.set_creation_date(FIXED)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.set_auto_page_break(False)
    return pdf


def wrapped_lines(pdf, text: str, width: float) -> list[str]:  # type: ignore[no-untyped-def]
    """``text`` broken into lines of at most ``width``; a long word that does not fit is
    hyphenated, its first part ending the line with ``-``."""
    lines: list[str] = []
    line = ""
    for word_ in text.split():
        candidate = f"{line} {word_}".strip()
        if pdf.get_string_width(candidate) <= width:
            line = candidate
            continue
        if word_.isalpha() and len(word_) >= 8:
            cut = len(word_) // 2
            head = f"{line} {word_[:cut]}-".strip()
            if pdf.get_string_width(head) <= width:
                lines.append(head)
                line = word_[cut:]
                continue
        lines.append(line)
        line = word_
    lines.append(line)
    return lines


def article_pdf(blocks: list[str], path: Path) -> None:
    pdf = _pdf()
    margin, leading, width = 56.0, 15.0, 595.0 - 2 * 56.0
    pdf.add_page()
    y = margin
    for block in blocks:
        for line in wrapped_lines(pdf, block, width):
            if y > 842 - margin:
                pdf.add_page()
                y = margin
            pdf.text(margin, y, line)
            y += leading
        y += leading  # a blank line between paragraphs
    pdf.output(str(path))


def two_column_pdf(path: Path) -> None:
    pdf = _pdf()
    pdf.add_page()
    column = 230.0
    left = wrapped_lines(pdf, LEFT_COLUMN, column)
    right = wrapped_lines(pdf, RIGHT_COLUMN, column)
    for index in range(max(len(left), len(right))):
        y = 80.0 + 15.0 * index
        if index < len(left):
            pdf.text(56.0, y, left[index])
        if index < len(right):
            pdf.text(56.0 + column + 50.0, y, right[index])
    pdf.output(str(path))


def main() -> None:
    blocks = paragraphs()
    (HERE / "mazhilis.md").write_text(markdown(blocks), encoding="utf-8")
    (HERE / "mazhilis.html").write_text(html(blocks), encoding="utf-8")
    word(blocks, HERE / "mazhilis.docx")
    word_table(HERE / "table.docx")
    article_pdf(blocks, HERE / "mazhilis.pdf")
    two_column_pdf(HERE / "two-columns.pdf")


if __name__ == "__main__":
    main()
