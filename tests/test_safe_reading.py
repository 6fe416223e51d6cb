"""fileio's safe reading and writing, and safe_text's escapes, function by function."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import stat
from pathlib import Path

import pytest

from claimcheck.errors import LoadError
from claimcheck.fileio import (
    UnreadableFile,
    find_root,
    read_user_bytes,
    read_user_text,
    within,
    write_atomically,
)
from claimcheck.safe_text import json_safe, shown, shown_all

# ---------------------------------------------------------------- safe_text


@pytest.mark.parametrize(("raw", "escaped"), [
    ("plain text, 2,800 weapons", "plain text, 2,800 weapons"),
    ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
    ("\x1b[2J clear", "\\x1b[2J clear"),
    ("bell \x07", "bell \\x07"),
    ("title \x1b]0;pwned\x07", "title \\x1b]0;pwned\\x07"),
    ("carriage\rreturn", "carriage\\x0dreturn"),
    ("nul \x00", "nul \\x00"),
    ("del \x7f", "del \\x7f"),
    ("c1 csi \x9b31m", "c1 csi \\x9b31m"),
    ("bidi \u202etxt.exe", "bidi \\u202etxt.exe"),
    ("isolate \u2066x\u2069", "isolate \\u2066x\\u2069"),
    ("non-ASCII stays: é — ₸ 日本", "non-ASCII stays: é — ₸ 日本"),
])
def test_shown_escapes_controls_and_keeps_the_rest(raw: str, escaped: str) -> None:
    assert shown(raw) == escaped


def test_shown_returns_the_same_object_when_there_is_nothing_to_escape() -> None:
    text = "nothing to do " * 100
    assert shown(text) is text


@pytest.mark.parametrize("raw", ["\x9b", "\x7f", "\u202e", "a\x85b", "é\u2066"])
def test_json_safe_keeps_the_value_and_leaves_nothing_raw(raw: str) -> None:
    text = json.dumps({"k": raw}, ensure_ascii=False)
    safe = json_safe(text)
    assert json.loads(safe) == {"k": raw}
    assert not any(0x7F <= ord(c) <= 0x9F or c in "\u202e\u2066" for c in safe)


@dataclasses.dataclass(frozen=True)
class _Inner:
    text: str
    number: int


@dataclasses.dataclass(frozen=True)
class _Outer:
    name: str
    parts: tuple[_Inner, ...]
    table: dict[str, list[str]]
    nothing: None = None


def test_shown_all_walks_dataclasses_tuples_lists_and_dicts() -> None:
    value = _Outer("\x1b", (_Inner("\x07", 3),), {"\x1bk": ["\x9b", "ok"]})
    assert shown_all(value) == _Outer("\\x1b", (_Inner("\\x07", 3),),
                                      {"\\x1bk": ["\\x9b", "ok"]})


# ---------------------------------------------------------------- reading


def test_a_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"caf\xc3\xa9\n")
    assert read_user_bytes(tmp_path / "a.txt") == b"caf\xc3\xa9\n"
    assert read_user_text(tmp_path / "a.txt") == "café\n"


@pytest.mark.parametrize(("size", "limit", "refused"), [
    (10, 10, False), (11, 10, True), (0, 1, False), (1001, 1000, True),
])
def test_the_size_limit_is_exact(tmp_path: Path, size: int, limit: int, refused: bool) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * size)
    if refused:
        with pytest.raises(UnreadableFile, match=f"larger than the size limit .{size:,} "
                                                 f"bytes, the limit is {limit:,}"):
            read_user_bytes(path, limit=limit)
    else:
        assert len(read_user_bytes(path, limit=limit)) == size


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"one\ntwo\n\xff three\n")
    with pytest.raises(UnreadableFile) as caught:
        read_user_text(tmp_path / "b.txt")
    assert (caught.value.line, caught.value.problem) == (3, "is not UTF-8 text (byte 0xff)")


@pytest.mark.parametrize(("make", "problem"), [
    (lambda p: os.mkfifo(p), "is a FIFO (named pipe), not a regular file"),
    (lambda p: p.mkdir(), "is a directory, not a regular file"),
    (lambda p: p.symlink_to("/dev/null"), "is a character device, not a regular file"),
    (lambda p: p.symlink_to(p), "is a loop of symbolic links"),
    (lambda p: None, "no such file"),
])
def test_what_is_refused_and_why(tmp_path: Path, make: object, problem: str) -> None:
    path = tmp_path / "x"
    make(path)  # type: ignore[operator]
    with pytest.raises(UnreadableFile) as caught:
        read_user_bytes(path)
    assert caught.value.problem.startswith(problem)
    assert caught.value.file == str(path)


def test_roots_are_checked_after_following_symlinks(tmp_path: Path) -> None:
    inside, outside = tmp_path / "in", tmp_path / "out"
    inside.mkdir()
    outside.mkdir()
    (outside / "secret").write_text("s")
    (inside / "link").symlink_to(outside / "secret")
    (inside / "own").write_text("o")
    roots = [inside.resolve()]
    assert read_user_text(inside / "own", roots=roots) == "o"
    for path in (inside / "link", inside / ".." / "out" / "secret", outside / "secret"):
        with pytest.raises(UnreadableFile, match="lies outside the root"):
            read_user_text(path, roots=roots)
    assert read_user_text(inside / "link", roots=[*roots, outside.resolve()]) == "s"


@pytest.mark.parametrize(("real", "roots", "inside"), [
    ("/a/b/c", ["/a"], True), ("/a", ["/a"], True), ("/ab/c", ["/a"], False),
    ("/x/y", ["/a", "/x"], True), ("/", ["/a"], False),
])
def test_within(real: str, roots: list[str], inside: bool) -> None:
    assert within(Path(real), [Path(r) for r in roots]) is inside


# ---------------------------------------------------------------- the root


@pytest.mark.parametrize(("marker", "text"), [
    (".git", None), ("claimcheck.toml", ""), ("pyproject.toml", "[tool.claimcheck]\n"),
])
def test_the_root_is_the_nearest_folder_with_a_marker(tmp_path: Path, marker: str,
                                                      text: str | None) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    if text is None:
        (tmp_path / "a" / marker).mkdir()
    else:
        (tmp_path / "a" / marker).write_text(text)
    assert find_root(deep / "claims.toml") == (tmp_path / "a").resolve()
    assert find_root(deep) == (tmp_path / "a").resolve()


def test_a_pyproject_without_the_table_is_no_root(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "sub").mkdir()
    assert find_root(tmp_path / "sub" / "c.toml") == (tmp_path / "sub").resolve()


def test_a_broken_pyproject_on_the_way_is_an_error_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = \n")
    with pytest.raises(LoadError) as caught:
        find_root(tmp_path / "c.toml")
    assert caught.value.line == 2


# ---------------------------------------------------------------- writing


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_umasks_mode(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        write_atomically(tmp_path / "new.toml", "x\n", overwrite=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == mode


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "kept.toml"
    path.write_text("old\n")
    path.chmod(0o640)
    write_atomically(path, "new\n", overwrite=True)
    assert (path.read_text(), stat.S_IMODE(path.stat().st_mode)) == ("new\n", 0o640)


def test_nothing_is_left_behind(tmp_path: Path) -> None:
    write_atomically(tmp_path / "a.toml", "x\n", overwrite=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


def test_a_missing_folder_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    from claimcheck.errors import ClaimcheckError

    with pytest.raises(ClaimcheckError, match=r"cannot be written \(No such file or directory\)"):
        write_atomically(tmp_path / "missing" / "a.toml", "x\n", overwrite=False)


def test_a_fifo_swapped_in_after_stat_is_refused_by_fstat_without_blocking(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race: stat saw a regular file, then a FIFO took its place. The open does
    not block (O_NONBLOCK) and fstat refuses it."""
    from claimcheck import fileio

    regular = tmp_path / "regular"
    regular.write_text("x")
    os.mkfifo(tmp_path / "fifo")
    monkeypatch.setattr(fileio, "_stat", lambda path, what: os.stat(regular))
    def blocked(signum: int, frame: object) -> None:
        raise TimeoutError("the open blocked")

    # a blocking open fails the test instead of hanging the suite
    previous = signal.signal(signal.SIGALRM, blocked)
    signal.alarm(10)
    try:
        with pytest.raises(UnreadableFile, match="is a FIFO"):
            read_user_bytes(tmp_path / "fifo")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
