"""Imports point one way, room by room: the data flow document -> claims -> evaluation ->
report -> cli. Parsed with ast, so a stray import fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "claimcheck"

# A module may import claimcheck modules of a lower layer (or its own room), never a higher
# one. A room is a package (claims/, text/, ...) or a top-level module.
LAYERS = {
    "model": 0, "errors": 0, "exitcodes": 0, "__init__": 0, "safe_text": 0,
    "fileio": 1, "quantities": 1, "exact": 1,
    "claims": 2, "text": 2,
    "checks": 3,
    "evaluate": 4, "runner": 5,
    "explain": 6, "draft": 6,
    "report": 7, "config": 7,
    "cli": 9, "__main__": 10,
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def layer_of(path: Path) -> int:
    relative = path.relative_to(PACKAGE)
    return LAYERS[relative.parts[0].removesuffix(".py")]


def imported_claimcheck_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                "claimcheck"):
            parts = node.module.split(".")
            if len(parts) == 1:  # from claimcheck import expr, __version__
                found |= {alias.name for alias in node.names}
            else:
                found.add(parts[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names
                      if a.name.startswith("claimcheck.")}
    return found


def third_party_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
    return names


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    own = layer_of(path)
    for name in imported_claimcheck_modules(path):
        if name == "__version__":
            continue
        assert LAYERS[name] <= own, f"{path.name} (layer {own}) imports {name} ({LAYERS[name]})"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_report_and_cli_use_rich_only_cli_uses_typer(path: Path) -> None:
    imports = third_party_imports(path)
    top = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    if "rich" in imports:
        assert top in ("report", "cli"), path
    if "typer" in imports or "click" in imports:
        assert top == "cli", path


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_eval_or_exec(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {node.func.id for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not calls & {"eval", "exec", "compile", "__import__"}, path


def test_only_cli_prints() -> None:
    for path in modules():
        if path.name in ("cli.py", "__main__.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        printed = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                   and isinstance(n.func, ast.Name) and n.func.id == "print"]
        assert not printed, path


DOCUMENTS = PACKAGE / "text" / "documents"
# What a document reader may not do: reach the network, or read a file itself.
NETWORK_MODULES = {"urllib", "http", "socket", "requests", "urllib3", "httpx", "ftplib"}
NETWORK_CALLS = {"fetch_url", "fetch_response", "urlopen", "parse_file"}
# lxml's parse() takes a file name or a URL (its fromstring functions take text)
FILE_PARSERS = {"html", "etree", "lxml"}


@pytest.mark.parametrize("path", sorted(DOCUMENTS.glob("*.py")), ids=lambda p: p.name)
def test_document_readers_take_bytes_from_fileio_and_reach_no_network(path: Path) -> None:
    """Only read_document reads (through fileio.read_user_bytes); every reader is given
    those bytes, never a path or a URL (lxml's and trafilatura's parse-a-file-or-URL
    entry points are not called)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not third_party_imports(path) & NETWORK_MODULES, path
    called = {getattr(node.func, "attr", getattr(node.func, "id", ""))
              for node in ast.walk(tree) if isinstance(node, ast.Call)}
    assert not called & NETWORK_CALLS, (path, called & NETWORK_CALLS)
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                and node.attr == "parse" and isinstance(node.value, ast.Name)
                and node.value.id in FILE_PARSERS], path
    reads = called & {"read_user_bytes", "read_user_text"}
    assert reads == ({"read_user_bytes"} if path.name == "__init__.py" else set()), path
