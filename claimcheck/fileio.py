"""The one place that opens the user's files: safely for reading, atomically for writing.

A claims file, its source and a configuration may come from a stranger (a pull request
checked in CI), so every file claimcheck reads goes through ``read_user_bytes`` or
``read_user_text``:

- only a regular file is read: a FIFO, a device (``/dev/zero``, ``/dev/stdin``), a
  socket or a directory is refused from ``os.stat`` before it is opened, and the file is
  opened non-blocking and checked again with ``fstat`` (a FIFO swapped in between never
  blocks);
- a file over ``limit`` bytes is refused, never read until memory runs out and never
  cut short;
- with ``roots``, the path, symlinks followed, must lie inside one of them.

The **root** of a claims file (``find_root``) is the nearest folder above it, its own
included, that holds ``.git``, a ``claimcheck.toml`` or a ``pyproject.toml`` with a
``[tool.claimcheck]`` table; without one, the claims file's own folder. Only the
configuration can add other folders (``source_roots``).

Writing: ``write_atomically`` writes through a temporary file and a rename, with the
mode a new file would get from the umask, or the mode of the file it replaces.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from claimcheck.errors import ClaimcheckError, LoadError

# Generous for real documents (a 1,000-page report is a few MB of text; the 100,000
# claims file of bench/ is about 20 MB) and small enough that reading one never
# exhausts memory. The configuration's ``max_file_size`` changes it.
DEFAULT_SIZE_LIMIT = 50_000_000  # bytes

ROOT_MARKERS = (".git", "claimcheck.toml")  # a folder holding one of these is a root
PYPROJECT = "pyproject.toml"  # a root when it has a [tool.claimcheck] table

# What stat calls each kind of file that is not a regular one.
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


@dataclass(frozen=True)
class Access:
    """What a run may read: ``roots`` the configuration adds to each claims file's own
    root (resolved folders), and the size ``limit`` of any file, in bytes."""

    roots: tuple[Path, ...] = ()
    limit: int = DEFAULT_SIZE_LIMIT


DEFAULT_ACCESS = Access()


class UnreadableFile(ClaimcheckError):
    """A file that is refused or cannot be read; ``file`` is its path as given and
    ``problem`` says why, in words that follow its name ("is a FIFO (named pipe), not
    a regular file; only regular files are read")."""

    @property
    def problem(self) -> str:
        return self.message


def _refused(path: Path | str, problem: str, hint: str | None = None) -> UnreadableFile:
    return UnreadableFile(problem, file=str(path), hint=hint)


# ---------------------------------------------------------------- reading

def read_user_bytes(path: Path, *, roots: Sequence[Path] | None = None,
                    limit: int = DEFAULT_SIZE_LIMIT, what: str = "a file") -> bytes:
    """The bytes of the regular file ``path``, or ``UnreadableFile`` saying why not.

    ``roots``: resolved folders the file (symlinks followed) must lie in; ``None`` for a
    file the user named on the command line. ``limit``: the largest size read, in bytes.
    ``what`` names the file in the hint ("a claims file", "the source document").
    Nothing is opened before ``os.stat`` says it is a regular file, and the open is
    non-blocking, so no FIFO or device is ever waited on or read.
    """
    real = _checked_path(path, roots, limit, what)
    try:
        descriptor = os.open(real, _READ_FLAGS)
    except OSError as error:
        raise _os_error(path, error, what) from None
    with os.fdopen(descriptor, "rb") as handle:
        _check_regular(path, os.fstat(descriptor), limit, what)
        data = handle.read(limit + 1)  # one byte more: a file that grew is refused too
    if len(data) > limit:
        raise _too_large(path, len(data), limit)
    return data


def read_user_text(path: Path, *, roots: Sequence[Path] | None = None,
                   limit: int = DEFAULT_SIZE_LIMIT, what: str = "a file") -> str:
    """``read_user_bytes`` decoded as UTF-8; a byte that is not UTF-8 is an
    ``UnreadableFile`` whose ``line`` is the line it is on."""
    data = read_user_bytes(path, roots=roots, limit=limit, what=what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        refused = _refused(path, f"is not UTF-8 text (byte {data[error.start]:#x})",
                           hint="save the file as UTF-8")
        refused.line = data[: error.start].count(b"\n") + 1
        raise refused from None


_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))


def _checked_path(path: Path, roots: Sequence[Path] | None, limit: int, what: str) -> Path:
    """``path`` resolved, after checking (from ``stat``, nothing opened) that it lies
    inside ``roots`` and is a regular file within ``limit``."""
    real = _resolved(path, what)
    if roots is not None and not within(real, roots):
        raise outside_roots(path, roots)
    _check_regular(path, _stat(real, what), limit, what)
    return real


def _resolved(path: Path, what: str) -> Path:
    if "\x00" in str(path):
        raise _refused(path, "has a NUL byte in its path",
                       hint=f"give the path of {what}")
    try:
        return path.resolve(strict=True)
    except FileNotFoundError:
        raise _refused(path, "no such file", hint=f"give the path of {what}") from None
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop (Python < 3.13)
        raise _os_error(path, error, what) from None


def _stat(path: Path, what: str) -> os.stat_result:
    try:
        return os.stat(path)
    except ValueError:  # an embedded NUL byte
        raise _refused(path, "has a NUL byte in its path",
                       hint=f"give the path of {what}") from None
    except OSError as error:
        raise _os_error(path, error, what) from None


def _check_regular(path: Path, status: os.stat_result, limit: int, what: str) -> None:
    if not stat.S_ISREG(status.st_mode):
        kind = next((name for test, name in _KINDS if test(status.st_mode)), "not a file")
        raise _refused(path, f"is {kind}, not a regular file; only regular files are read",
                       hint=f"give the path of {what}")
    if status.st_size > limit:
        raise _too_large(path, status.st_size, limit)


def _too_large(path: Path, size: int, limit: int) -> UnreadableFile:
    return _refused(
        path, f"is larger than the size limit ({size:,} bytes, the limit is {limit:,}); "
        "not read", hint="the configuration's max_file_size raises the limit")


def _os_error(path: Path, error: BaseException, what: str) -> UnreadableFile:
    if isinstance(error, FileNotFoundError):
        return _refused(path, "no such file", hint=f"give the path of {what}")
    if isinstance(error, IsADirectoryError):
        return _refused(path, "is a directory, not a regular file",
                        hint=f"give the path of {what}")
    if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP:
        return _refused(path, "is a loop of symbolic links")
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return _refused(path, f"cannot be read ({reason})")


# ---------------------------------------------------------------- roots

def within(real: Path, roots: Sequence[Path]) -> bool:
    """Whether the resolved path ``real`` is one of ``roots`` or lies below one."""
    return any(real == root or real.is_relative_to(root) for root in roots)


def outside_roots(path: Path, roots: Sequence[Path]) -> UnreadableFile:
    shown = " or ".join(str(root) for root in roots)
    return _refused(
        path, f"lies outside the root ({shown}); claimcheck reads no file outside it",
        hint="put the file inside the repository, or let the repository's configuration "
             "add its folder with source_roots = [...]")


def find_root(start: Path) -> Path:
    """The root of a file or folder ``start``, resolved: the nearest folder, from
    ``start``'s own (a file's: its parent) upwards, that holds ``.git``, a
    ``claimcheck.toml`` or a ``pyproject.toml`` with a ``[tool.claimcheck]`` table;
    without one, ``start``'s own folder."""
    here = Path(os.path.abspath(start))
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if is_root(folder):
            return folder.resolve()
    return here.resolve()


def is_root(folder: Path) -> bool:
    """Whether ``folder`` holds a root marker (see ``find_root``)."""
    if any(os.path.lexists(folder / marker) for marker in ROOT_MARKERS):
        return True
    pyproject = folder / PYPROJECT
    return os.path.lexists(pyproject) and has_tool_table(pyproject)


def has_tool_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a ``[tool.claimcheck]`` table (read safely). One that
    is not valid TOML is an error: whether it makes its folder the root is unknown."""
    text = read_user_text(pyproject, what="a pyproject.toml")
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"at line (\d+)", str(error))
        raise LoadError(f"not valid TOML: {error}", file=str(pyproject),
                        line=int(found.group(1)) if found else None,
                        hint="see https://toml.io for the syntax") from None
    return isinstance(tool, dict) and "claimcheck" in tool


# ---------------------------------------------------------------- writing

def write_atomically(path: Path, text: str, *, overwrite: bool) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a
    rename, so a crash never leaves half a file.

    Refuses any existing ``path`` (a dangling symlink included) unless ``overwrite``.
    A new file gets the mode the umask gives (as ``open`` would), a replaced one keeps
    its mode. A symlink is written through: its target is replaced and the link kept.
    """
    if os.path.lexists(path) and not overwrite:
        raise ClaimcheckError("already exists; not overwritten", file=str(path),
                              hint="pass --force to replace it, or --update to add to it")
    target = _write_target(path)
    try:
        _replace(target, text, _mode_for(target))
    except OSError as error:  # a missing folder, a full disk, no permission
        raise ClaimcheckError(f"cannot be written ({error.strerror or error})",
                              file=str(path)) from None


def _replace(target: Path, text: str, mode: int) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, mode)  # mkstemp makes it 0600 whatever the umask
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_target(path: Path) -> Path:
    """The file a write to ``path`` replaces: a symlink's target (followed to the end;
    a dangling one names the file to create), else ``path`` itself."""
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    if os.path.lexists(target) and not stat.S_ISREG(os.stat(target).st_mode):
        raise ClaimcheckError("is not a regular file; not written", file=str(path),
                              hint="name a file to write")
    return target


def _mode_for(target: Path) -> int:
    """The mode of the file ``target`` replaces, or the umask's for a new file."""
    with contextlib.suppress(FileNotFoundError):
        return stat.S_IMODE(os.stat(target).st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
