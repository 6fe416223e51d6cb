"""A large text parsed in pieces: here, or by a worker process, the same tables."""

from __future__ import annotations

import multiprocessing
import os
import tomllib

import pytest

from claimcheck import pieces

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


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the worker runs this test's stand-in only when forked")
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
