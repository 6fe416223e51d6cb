"""Plain text (``.txt``): the file's UTF-8 text as it is, every character kept, so that a
place in it is a place in the file."""

from __future__ import annotations

from claimcheck.text.documents import decoded


def read(data: bytes, path: str) -> str:
    return decoded(data, path)
