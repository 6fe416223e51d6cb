"""A large claims file parsed as TOML a piece at a time, by a second process where
the machine has a second core.

The text is cut into pieces of about ``PIECE`` characters, each just before a
``[claims.x]`` or ``[rules.x]`` header, so that each is a TOML document of its own.
A piece at a time, the parsed tables (which take as much memory as everything built
from them) never add up. Whether the pieces say what the whole text says is the
loader's question (``load._loaded``): a cut inside a multi-line string leaves a piece
that does not parse, and the loader then reads the whole text at once.

Parsing is a third of the time a large file takes to check, and needs nothing else
of claimcheck. From ``PARALLEL_TEXT`` characters on, and with two cores, a worker
process parses the pieces and sends each back through a pipe, while this process
indexes the lines and builds the claims and rules of the pieces already received.
The pipe holds little, so the worker is never more than a piece or two ahead and
memory stays that of a few pieces. No thread is involved: threads here would take
the interpreter lock from the builder (``concurrent.futures`` did: it cost half of
what the worker saved). Workers are forked, and only where that is safe (see
``_Worker.started``); without a second core, elsewhere, or where no process can be
started, the pieces are parsed here, each when it is asked for.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

PIECE = 1 << 18  # characters
PARALLEL_TEXT = 1_000_000  # characters; below, starting a worker costs what it saves
_ENTRY_HEADER = re.compile(r"^\[(?:claims|rules)\.", re.MULTILINE)

Table = dict[str, Any]


class Unparsed(ValueError):
    """A piece is not a TOML document of its own: the whole text must be read."""


def cut(text: str) -> list[str]:
    """``text`` in pieces of about ``PIECE`` characters, each cut before an entry header."""
    pieces = []
    start = 0
    while start < len(text):
        found = _ENTRY_HEADER.search(text, start + PIECE)
        end = len(text) if found is None else found.start()
        pieces.append(text[start:end])
        start = end
    return pieces


def fast_loads() -> Callable[[str], Table]:
    """tomli's compiled parser where it is installed (about three times as fast as
    tomllib, the same parser in pure Python), else tomllib."""
    try:
        import tomli
    except ImportError:  # pragma: no cover - a dependency, but tomllib does the same
        return tomllib.loads
    return tomli.loads


def parse_piece(piece: str) -> Table | None:
    """One piece parsed, or None where it does not parse (run in the worker: an
    exception would have to travel back through pickle, and the loader says why
    from the whole text anyway)."""
    try:
        return fast_loads()(piece)
    except Exception:  # any failure means: read the whole text
        return None


class PieceParser:
    """The pieces of ``text``, parsed in order, the workers (if any) started at once so
    that they parse while the caller does something else. Use it in a ``with`` block:
    leaving it stops the workers, whether or not every piece was asked for.

    One worker keeps ahead of a caller that builds every claim and rule (``verify``).
    A caller that builds a few (``explain``) waits on the parsing instead, and asks
    for ``workers=2``: each parses every other piece."""

    def __init__(self, text: str, *, cores: int | None = None, workers: int = 1) -> None:
        self._pieces = cut(text)
        self._workers: list[_Worker] = []
        if len(text) >= PARALLEL_TEXT and (usable_cores() if cores is None else cores) >= 2:
            self._start(workers)

    def _start(self, workers: int) -> None:
        """``workers`` workers, or none: a worker already started is stopped if the next
        cannot start, or if a Ctrl-C comes in between (no ``with`` block holds this
        parser yet)."""
        try:
            for first in range(workers):
                worker = _Worker.started(self._pieces[first::workers])
                if worker is None:  # pragma: no cover - no processes here
                    self.close()
                    return
                self._workers.append(worker)
        except BaseException:
            self.close()
            raise

    @property
    def parallel(self) -> bool:
        """Whether worker processes parse the pieces."""
        return bool(self._workers)

    @property
    def workers(self) -> int:
        """How many worker processes parse the pieces."""
        return len(self._workers)

    def __enter__(self) -> PieceParser:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers = []

    def __iter__(self) -> Iterator[Table]:
        """Each piece's tables; raises ``Unparsed`` at the first that does not parse."""
        for number, piece in enumerate(self._pieces):
            parsed = self._parsed(number, piece)
            if parsed is None:
                raise Unparsed("a piece of the text is not a TOML document of its own")
            yield parsed

    def _parsed(self, number: int, piece: str) -> Table | None:
        if self._workers:
            try:  # worker i has pieces i, i + n, i + 2n, ... of n workers
                return self._workers[number % len(self._workers)].next_parsed()
            except _WorkerGone:  # one died: the rest is parsed here
                self.close()
        return parse_piece(piece)


class _WorkerGone(Exception):
    """The worker ended before it sent every piece."""


class _Worker:
    """A process that parses each piece and sends it back, pickled, in order."""

    def __init__(self, process: BaseProcess, receiver: Connection) -> None:
        self._process = process
        self._receiver = receiver

    @classmethod
    def started(cls, pieces: list[str]) -> _Worker | None:
        """A worker forked from this process, or None where forking is not safe: only
        on Linux, from a process with no other thread (a thread holding a lock at the
        fork would leave it held in the worker) that is not itself a daemonic
        multiprocessing worker (which may have no children). Spawning instead would
        pickle the pieces to the worker, and hangs where the caller's script lacks an
        ``if __name__ == "__main__"`` guard."""
        import multiprocessing  # here: checking a small file starts no process
        import signal
        import threading

        if (sys.platform != "linux" or threading.active_count() != 1
                or multiprocessing.current_process().daemon):
            return None
        receiver, sender = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.get_context("fork").Process(
            target=_send_parsed, args=(pieces, sender, receiver), name="claimcheck-toml",
            daemon=True)
        # Ctrl-C reaches the whole process group; this process stops the worker on its
        # way out, and the worker ignores it (from its start: blocked over the fork).
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        worker = None
        try:
            process.start()
            worker = cls(process, receiver)
        except OSError:  # pragma: no cover - no processes to be had
            receiver.close()
        finally:
            sender.close()  # the worker's end: its exit then reads as the end of the pipe
        try:  # a Ctrl-C held over the fork arrives here, with the worker in hand to stop
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        except BaseException:
            if worker is not None:
                worker.stop()
            raise
        return worker

    def next_parsed(self) -> Table | None:
        import pickle  # here: the table and JSON outputs of a small file need none

        try:
            sent = self._receiver.recv_bytes()
        except (EOFError, OSError) as error:
            raise _WorkerGone from error
        parsed: Table | None = pickle.loads(sent)
        return parsed

    def stop(self) -> None:
        self._receiver.close()
        if self._process.is_alive():  # not all pieces were asked for
            self._process.terminate()
        self._process.join()


def _send_parsed(pieces: list[str], sender: Connection, receiver: Connection) -> None:
    """The worker's work: each piece parsed (None where it does not parse), in order."""
    import pickle
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # The forked worker holds a copy of the parent's end of the pipe: closed, a parent
    # that dies (killed, out of memory) leaves no reader, and the next send fails
    # instead of waiting for ever with the parent's stdout held open.
    receiver.close()
    try:
        for piece in pieces:
            sender.send_bytes(pickle.dumps(parse_piece(piece), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:  # the parent is gone, or stopped reading: nothing to send to
        return
    finally:
        sender.close()


def usable_cores() -> int:
    """The cores this process may use (a worker is started only with two or more)."""
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
