"""Speed of reading documents, and whether each format gives the .txt's mentions.

    .venv/bin/python bench/documents.py                 # 100 KB and 1 MB of text
    .venv/bin/python bench/documents.py --sizes 1m 10m  # other sizes (10 MB: slow to make)

Needs the document extras and the fixture makers' libraries (``pip install -e
'.[test]'``: python-docx, fpdf2). The text is the seed article
(``data/sources/*.txt``) repeated to the size, copy k with k added to each number's
first digits (so that the copies differ), written by ``tests/data/documents/
make_fixtures.py``'s functions as Markdown, a web page, a Word file and a PDF (A4,
11 pt: about 250 pages a MB). For each format and size it prints the median over
``--repeats`` of ``read_document`` in this process (wall and CPU seconds; the parser's
import is done before), the text's size, and whether ``find_mentions`` finds the .txt's
mentions in the same order (white space inside a mention aside: wrapped Markdown keeps
its line breaks). Growth from one size to the next (10x) shows the cost is linear.
Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import tempfile
import time
from pathlib import Path
from types import ModuleType

from claimcheck.text.documents import Document, read_document
from claimcheck.text.mentions import find_mentions

ROOT = Path(__file__).resolve().parents[1]
MAKER = ROOT / "tests" / "data" / "documents" / "make_fixtures.py"
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
_NUMBER = re.compile(r"(?<![\d,.])\d+")


def maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fixtures", MAKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def blocks_of_size(make: ModuleType, size: int) -> list[str]:
    seed = make.paragraphs()
    blocks: list[str] = []
    copy = 0
    while sum(len(b) + 2 for b in blocks) < size:
        blocks += [_NUMBER.sub(lambda m, k=copy: str(int(m.group()) + k), b) for b in seed]
        copy += 1
    return blocks


def write_formats(make: ModuleType, blocks: list[str], folder: Path) -> dict[str, Path]:
    paths = {name: folder / f"article.{name}" for name in ("txt", "md", "html", "docx", "pdf")}
    paths["txt"].write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    paths["md"].write_text(make.markdown(blocks), encoding="utf-8")
    paths["html"].write_text(make.html(blocks), encoding="utf-8")
    make.word(blocks, paths["docx"])
    make.article_pdf(blocks, paths["pdf"])
    return paths


def timed(path: Path, repeats: int) -> tuple[float, float, Document]:
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        document = read_document(path, limit=200_000_000)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), document


def mention_texts(text: str) -> list[str]:
    return [" ".join(m.text.split()) for m in find_mentions(text)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["100k", "1m"], choices=SIZES)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    make = maker()
    previous: dict[str, float] = {}
    print(f"{'size':>5} {'format':>6} {'file':>10} {'text':>10} {'pages':>5} {'wall s':>7} "
          f"{'cpu s':>7} {'growth':>7}  same mentions as .txt")
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as folder:
            paths = write_formats(make, blocks_of_size(make, SIZES[size]), Path(folder))
            for path in paths.values():  # each parser imported before it is timed
                read_document(path, limit=200_000_000)
            expected = mention_texts(paths["txt"].read_text(encoding="utf-8"))
            for name, path in paths.items():
                wall, cpu, document = timed(path, options.repeats)
                found = mention_texts(document.text)
                growth = f"{cpu / previous[name]:.1f}x" if name in previous else ""
                previous[name] = cpu
                same = "yes" if found == expected else f"NO ({len(found)} vs {len(expected)})"
                print(f"{size:>5} {name:>6} {path.stat().st_size:>10,} "
                      f"{len(document.text):>10,} {document.pages:>5} {wall:7.2f} {cpu:7.2f} "
                      f"{growth:>7}  {same} ({len(found):,} mentions)")


if __name__ == "__main__":
    main()
