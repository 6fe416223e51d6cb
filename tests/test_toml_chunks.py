"""A large text parsed in pieces: here, or by a worker process, the same tables."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from claimcheck.claims import toml_chunks as pieces

CLAIM = '[claims.c{0}]\nvalue = "{0}"\nquote = "{0} of them"\n'
TEXT = '[document]\ntitle = "T"\n' + "".join(CLAIM.format(i) for i in range(60))


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of about 200 characters, and a worker for any text (on two cores)."""
    monkeypatch.setattr(pieces, "PIECE", 200)
    monkeypatch.setattr(pieces, "PARALLEL_TEXT", 0)


def test_the_pieces_are_the_text_cut_before_entry_headers() -> None:
    cut = pieces.cut(TEXT)
    assert "".join(cut) == TEXT
    assert len(cut) > 10
    assert all(piece.startswith("[claims.") for piece in cut[1:])
    assert all(len(piece) >= 200 for piece in cut[:-1])


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 1), (2, 2), (2, 3)])
def test_here_or_in_workers_each_piece_is_parsed_in_order(cores: int, workers: int) -> None:
    with pieces.PieceParser(TEXT, cores=cores, workers=workers) as parser:
        assert len(parser._workers) == (workers if cores == 2 else 0)
        parsed = list(parser)
    assert parsed == [tomllib.loads(piece) for piece in pieces.cut(TEXT)]


@pytest.mark.parametrize("cores", [1, 2])
def test_a_piece_that_does_not_parse_stops_the_pieces(cores: int) -> None:
    text = TEXT + '[claims.bad]\nvalue = 2,800\n' + CLAIM.format("after")
    with pieces.PieceParser(text, cores=cores) as parser, pytest.raises(pieces.Unparsed):
        list(parser)


def test_a_text_too_small_or_one_core_parses_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pieces, "PARALLEL_TEXT", len(TEXT) + 1)
    with pieces.PieceParser(TEXT, cores=2) as parser:
        assert not parser.parallel
    monkeypatch.setattr(pieces, "PARALLEL_TEXT", 0)
    with pieces.PieceParser(TEXT, cores=1) as parser:
        assert not parser.parallel


def test_leaving_early_stops_the_worker() -> None:
    with pieces.PieceParser(TEXT * 20, cores=2) as parser:
        workers = list(parser._workers)
        assert len(workers) == 1
        next(iter(parser))
    assert not any(worker._process.is_alive() for worker in workers)
    assert not parser.parallel


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_that_dies_leaves_the_rest_to_be_parsed_here(
        monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    parent = os.getpid()
    seen: list[str] = []

    def dies_after_two(piece: str) -> dict[str, object] | None:
        seen.append(piece)
        if os.getpid() != parent and len(seen) > 2:
            os._exit(1)  # the worker, killed mid-way
        return tomllib.loads(piece)

    monkeypatch.setattr(pieces, "parse_piece", dies_after_two)
    with pieces.PieceParser(TEXT, cores=2, workers=workers) as parser:
        parsed = list(parser)
        assert not parser.parallel  # it noticed, and went on here
    assert parsed == [tomllib.loads(piece) for piece in pieces.cut(TEXT)]


def test_no_worker_from_a_thread_or_a_daemonic_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking with another thread running could leave a lock held in the worker; a
    daemonic process (a multiprocessing.Pool's) may not have children: parse here."""
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    with pieces.PieceParser(TEXT, cores=2) as parser:
        assert not parser.parallel
        assert list(parser) == [tomllib.loads(piece) for piece in pieces.cut(TEXT)]
    monkeypatch.undo()
    monkeypatch.setattr(pieces, "PIECE", 200)
    monkeypatch.setattr(pieces, "PARALLEL_TEXT", 0)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_parsed_in_a_daemon) == (False, len(pieces.cut(TEXT)))


def _parsed_in_a_daemon() -> tuple[bool, int]:
    with pieces.PieceParser(TEXT, cores=2) as parser:
        return parser.parallel, len(list(parser))


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_a_worker_whose_parent_is_killed_ends_too(tmp_path: Path) -> None:
    """The parent killed mid-way (SIGKILL: no way out through its with block): the
    worker's next send finds no reader, and it ends instead of waiting for ever with
    the parent's stdout open (a pipeline would hang on it)."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import sys, time\n"
        "from claimcheck.claims import toml_chunks as pieces\n"
        "pieces.PIECE = 200\n"
        "pieces.PARALLEL_TEXT = 0\n"
        f"text = {TEXT * 200!r}\n"
        "parser = pieces.PieceParser(text, cores=2)\n"
        "print(parser._workers[0]._process.pid, flush=True)\n"
        "next(iter(parser))\n"
        "time.sleep(60)\n", encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(worker)


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped is not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
@pytest.mark.parametrize(("workers", "interrupted"), [(1, 1), (2, 1), (2, 2)])
def test_a_ctrl_c_held_over_the_fork_stops_the_workers_started(
        monkeypatch: pytest.MonkeyPatch, workers: int, interrupted: int) -> None:
    """SIGINT is blocked while a worker is forked and arrives when it is unblocked: the
    KeyboardInterrupt goes on up, and every worker started so far is stopped with it."""
    from multiprocessing.process import BaseProcess

    started: list[BaseProcess] = []
    original = BaseProcess.start

    def interrupted_start(process: BaseProcess) -> None:
        if len(started) + 1 == interrupted:
            os.kill(os.getpid(), signal.SIGINT)  # pending: SIGINT is blocked just now
        original(process)
        started.append(process)

    monkeypatch.setattr(BaseProcess, "start", interrupted_start)
    with pytest.raises(KeyboardInterrupt):
        pieces.PieceParser(TEXT * 50, cores=2, workers=workers)  # more than a pipe holds
    assert len(started) == interrupted
    assert not any(process.is_alive() for process in started)
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())
