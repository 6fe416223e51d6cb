"""Writing files the user asked for, atomically, and never over their work unasked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from claimcheck.errors import ClaimcheckError


def write_atomically(path: Path, text: str, *, overwrite: bool) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory and a
    rename, so a crash never leaves half a file. Refuses an existing ``path`` unless
    ``overwrite``."""
    if path.exists() and not overwrite:
        raise ClaimcheckError("already exists; not overwritten", file=str(path),
                              hint="pass --force to replace it, or --update to add to it")
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_text(path: Path, what: str) -> str:
    """A UTF-8 text file the user named, or a ClaimcheckError that says why not."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problem = "no such file"
    except IsADirectoryError:
        problem = "is a directory"
    except UnicodeDecodeError:
        problem = "is not UTF-8 text"
    except OSError as error:
        problem = f"cannot be read ({error.strerror})"
    raise ClaimcheckError(problem, file=str(path), hint=f"give the path of {what}")
