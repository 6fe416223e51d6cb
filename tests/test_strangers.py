"""Files from strangers (issue 11, part A): the root, regular files only, a size limit,
the configuration search, control characters, and how ``extract`` writes.

The corpus is ``tests/hostile/`` (see its README); what git cannot hold (FIFOs,
sockets, symlinks to devices, a sparse file) is made in a temporary folder. Whatever
could block or read for ever runs in a child process with a timeout and a memory cap,
so that a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "hostile"
FORMATS = ("table", "concise", "json", "github", "sarif")
# A raw control character that a terminal would act on (tab and newline are layout).
RAW_CONTROLS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F,
                                 *range(0x80, 0xA0))]


def run(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        cwd: Path = ROOT) -> tuple[int, str, str]:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(cwd)
    return run_cli(args, capsys)


def _capped() -> None:  # in the child: a read for ever hits 512 MB, not the machine
    resource.setrlimit(resource.RLIMIT_AS, (512 * 2**20, 512 * 2**20))


def run_process(args: list[str], cwd: Path, stdin: int | None = subprocess.DEVNULL,
                ) -> subprocess.CompletedProcess[str]:
    """claimcheck in a child process that may not block nor read for ever."""
    return subprocess.run([sys.executable, "-m", "claimcheck", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60, stdin=stdin,
                          preexec_fn=_capped, env={**os.environ, "NO_COLOR": "1"})


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository: a folder with .git, a source and a claims file that quotes it."""
    (tmp_path / ".git").mkdir()
    write(tmp_path / "docs" / "report.txt", "The board met 12 times.\n")
    write(tmp_path / "docs" / "claims.toml", """
        [document]
        source = "report.txt"

        [claims.meetings]
        value = 12
        quote = "met 12 times"
    """)
    return tmp_path


def names_line(text: str, path: str, line: int) -> bool:
    """Whether ``text`` points at ``path``'s ``line`` in a format's own way."""
    sarif = f'"uri": "{path}"' in text and f'"startLine": {line}' in text
    return sarif or f"{path}:{line}:" in text or f"file={path},line={line}," in text


def claims_with_source(folder: Path, source: str, name: str = "claims.toml") -> Path:
    return write(folder / name, f"""
        [document]
        source = {json.dumps(source)}

        [claims.n]
        value = 1
        quote = "1 thing"
    """)


# ---------------------------------------------------------------- 1. the root

@pytest.mark.parametrize("name", ["deep/er/passwd.toml", "environ.toml", "absolute.toml"])
@pytest.mark.parametrize("output", FORMATS)
def test_a_source_outside_the_root_is_refused(name: str, output: str,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["verify", str(HOSTILE / name), "-f", output], capsys, monkeypatch)
    assert code == 2
    assert "outside the root" in out + err
    assert names_line(out + err, f"tests/hostile/{name}", 2), out + err  # of source =
    for secret in ("root:x:0", "PATH=", "closest passage", os.uname().nodename):
        assert secret not in out + err, secret


def test_the_message_names_the_file_the_line_and_the_path(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["verify", "tests/hostile/environ.toml"], capsys, monkeypatch)
    assert code == 2
    assert err.startswith("error: tests/hostile/environ.toml:2: [document]: the source "
                          "/proc/self/environ lies outside the root")


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ"])
def test_a_symlink_inside_the_root_to_a_file_outside_is_refused(
        repo: Path, target: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "docs" / "innocent.txt").symlink_to(target)
    claims_with_source(repo / "docs", "innocent.txt")
    code, out, err = run(["verify", "docs/claims.toml", "-f", "github"], capsys, monkeypatch,
                         cwd=repo)
    assert code == 2
    assert "outside the root" in out
    assert "root:x:0" not in out + err and "PATH=" not in out + err


def test_a_source_in_the_root_above_the_claims_file_is_read(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "top.txt", "There is 1 thing here.\n")
    claims_with_source(repo / "docs" / "deep", "../../top.txt")
    code, out, err = run(["verify", "docs/deep/claims.toml", "-f", "concise"], capsys,
                         monkeypatch, cwd=repo)
    assert (code, out, err) == (0, "", "")


def test_a_symlink_that_stays_inside_the_root_is_followed(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "texts" / "real.txt", "There is 1 thing here.\n")
    (repo / "docs" / "link.txt").symlink_to(repo / "texts" / "real.txt")
    claims_with_source(repo / "docs", "link.txt")
    code, out, _ = run(["verify", "docs/claims.toml", "-f", "concise"], capsys, monkeypatch,
                       cwd=repo)
    assert (code, out) == (0, "")


def test_without_a_marker_the_root_is_the_claims_files_own_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "above.txt", "There is 1 thing here.\n")
    claims_with_source(tmp_path / "sub", "../above.txt")
    claims_with_source(tmp_path / "sub", "here.txt", name="fine.toml")
    write(tmp_path / "sub" / "here.txt", "There is 1 thing here.\n")
    code, _, err = run(["verify", "sub/claims.toml", "sub/fine.toml"], capsys, monkeypatch,
                       cwd=tmp_path)
    assert code == 2
    assert "sub/claims.toml:2: [document]: the source ../above.txt lies outside" in err
    assert "fine.toml" not in err


@pytest.mark.parametrize("key", ["source_roots"])
def test_only_the_configuration_widens_the_root(
        repo: Path, key: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    shared = repo.parent / f"{repo.name}-shared"
    write(shared / "text.txt", "There is 1 thing here.\n")
    claims_with_source(repo / "docs", str(shared / "text.txt"))
    code, _, err = run(["verify", "docs/claims.toml"], capsys, monkeypatch, cwd=repo)
    assert code == 2 and "outside the root" in err
    write(repo / "claimcheck.toml", f'{key} = ["../{shared.name}"]\n')
    code, out, err = run(["verify", "docs/claims.toml", "-f", "concise"], capsys, monkeypatch,
                         cwd=repo)
    assert (code, out) == (0, "")


def test_a_nul_byte_in_the_source_path_is_an_error_not_a_crash(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["verify", "tests/hostile/nul_source.toml"], capsys, monkeypatch)
    assert code == 2
    assert "tests/hostile/nul_source.toml:2: [document]: the source control\\x00.txt has a " \
           "NUL byte in its path" in err


@pytest.mark.parametrize(("setting", "arguments", "said"), [
    ('paths = ["claims\\u0000.toml"]', [], "claims\\x00.toml: has a NUL byte in its path"),
    ('source_roots = ["a\\u0000b"]', ["docs/claims.toml"],
     "claimcheck.toml:1: key 'source_roots': 'a\\x00b' has a NUL byte"),
])
def test_a_nul_byte_in_a_configured_path_is_an_error(
        repo: Path, setting: str, arguments: list[str], said: str,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """(A NUL cannot reach argv: the operating system ends the argument there.)"""
    write(repo / "claimcheck.toml", setting + "\n")
    code, _, err = run(["verify", *arguments], capsys, monkeypatch, cwd=repo)
    assert code == 2
    assert said in err, err


# ---------------------------------------------------------------- 1, 9. regular files

def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Iterator[Path]:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        yield path
    finally:
        server.close()


@pytest.fixture
def specials(repo: Path) -> Iterator[dict[str, Path]]:
    """Files that are not regular ones, inside the repository (names end in .txt)."""
    docs = repo / "docs"
    sockets = _socket(docs / "socket.txt")
    found = {
        "fifo": _fifo(docs / "fifo.txt"),
        "zero": _symlink(docs / "zero.txt", Path("/dev/zero")),
        "stdin": _symlink(docs / "stdin.txt", Path("/dev/stdin")),
        "directory": _directory(docs / "folder.txt"),
        "socket": next(sockets),
    }
    yield found
    next(sockets, None)


def _symlink(path: Path, target: Path) -> Path:
    path.symlink_to(target)
    return path


def _directory(path: Path) -> Path:
    path.mkdir()
    return path


KIND_WORDS = {"fifo": "is a FIFO (named pipe), not a regular file",
              "zero": "is a character device, not a regular file",
              "stdin": "is a character device, not a regular file",
              "directory": "is a directory, not a regular file",
              "socket": "is a socket, not a regular file"}
# A symlink to a device is refused as what it is, or, for a source, as a path out of
# the root (checked first: a message says nothing of what lies outside).
SOURCE_WORDS = {**KIND_WORDS, "zero": "lies outside the root", "stdin": "lies outside the root"}


@pytest.mark.parametrize("kind", list(KIND_WORDS))
def test_a_source_that_is_not_a_regular_file_is_refused(
        repo: Path, specials: dict[str, Path], kind: str) -> None:
    claims_with_source(repo / "docs", specials[kind].name)
    done = run_process(["verify", "docs/claims.toml"], repo)
    assert done.returncode == 2, done.stderr
    assert f"the source {specials[kind].name} {SOURCE_WORDS[kind]}" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "zero", "stdin", "socket"])  # a folder is searched
def test_a_claims_file_that_is_not_a_regular_file_is_refused(
        repo: Path, specials: dict[str, Path], kind: str) -> None:
    done = run_process(["verify", str(specials[kind]), "-f", "concise"], repo)
    assert done.returncode == 2, done.stderr
    assert KIND_WORDS[kind] in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "zero", "socket"])
def test_a_folder_search_refuses_what_is_not_a_regular_file(
        repo: Path, specials: dict[str, Path], kind: str) -> None:
    specials[kind].rename(repo / "docs" / "planted.toml")
    done = run_process(["verify", "docs", "-f", "concise"], repo)
    assert done.returncode == 2, done.stderr
    assert f"docs/planted.toml:1:1: error load:error {SOURCE_WORDS[kind]}" in done.stdout


def test_a_folder_search_refuses_a_symlink_to_a_claims_file_outside_the_root(
        repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    claims_with_source(outside, "/etc/passwd")
    (repo / "docs" / "linked.toml").symlink_to(outside / "claims.toml")
    done = run_process(["verify", "docs", "-f", "concise"], repo)
    assert done.returncode == 2
    assert "docs/linked.toml:1:1: error load:error lies outside the root" in done.stdout


@pytest.mark.parametrize("kind", ["fifo", "zero", "stdin"])
def test_extract_and_update_refuse_what_is_not_a_regular_file(
        repo: Path, specials: dict[str, Path], kind: str) -> None:
    extracted = run_process(["extract", str(specials[kind])], repo)
    assert extracted.returncode == 2
    assert "not a regular file" in extracted.stderr
    updated = run_process(["extract", "docs/report.txt", "--update", str(specials[kind])], repo)
    assert updated.returncode == 2
    assert "not a regular file" in updated.stderr


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_configuration_that_is_not_a_regular_file_is_refused(
        repo: Path, specials: dict[str, Path], kind: str) -> None:
    given = run_process(["verify", "docs/claims.toml", "--config", str(specials[kind])], repo)
    assert given.returncode == 2
    assert "not a regular file" in given.stderr
    specials[kind].rename(repo / "claimcheck.toml")
    found = run_process(["verify", "docs/claims.toml"], repo)
    assert found.returncode == 2
    assert "claimcheck.toml: is " in found.stderr and "not a regular file" in found.stderr


def test_a_fifo_on_stdin_is_never_read(repo: Path) -> None:
    """``/dev/stdin`` as the source while stdin is a pipe nobody writes to."""
    claims_with_source(repo / "docs", "/dev/stdin")
    read, write_end = os.pipe()
    try:
        done = run_process(["verify", "docs/claims.toml"], repo, stdin=read)
    finally:
        os.close(read)
        os.close(write_end)
    assert done.returncode == 2


# ---------------------------------------------------------------- 9. the size limit

def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as out:
        out.truncate(size)
    return path


def test_a_source_over_the_size_limit_is_refused_with_the_figures(repo: Path) -> None:
    _sparse(repo / "docs" / "huge.txt", 60_000_000)
    claims_with_source(repo / "docs", "huge.txt")
    done = run_process(["verify", "docs/claims.toml"], repo)
    assert done.returncode == 2
    assert ("the source huge.txt is larger than the size limit (60,000,000 bytes, the "
            "limit is 50,000,000)") in done.stderr


def test_a_claims_file_over_the_size_limit_is_refused(repo: Path) -> None:
    _sparse(repo / "docs" / "huge.toml", 50_000_001)
    done = run_process(["verify", "docs/huge.toml"], repo)
    assert done.returncode == 2
    assert "docs/huge.toml: is larger than the size limit (50,000,001 bytes" in done.stderr


@pytest.mark.parametrize(("limit", "code", "said"), [
    ('"1 KB"', 2, "the source report.txt is larger than the size limit (5,024 bytes, the "
                  "limit is 1,000)"),
    ("5023", 2, "(5,024 bytes, the limit is 5,023)"),
    ("5024", 0, ""),
    ('"10 kb"', 0, ""),
    ('"2 MB"', 0, ""),
])
def test_the_configuration_sets_the_size_limit(repo: Path, limit: str, code: int, said: str,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "docs" / "report.txt", "The board met 12 times.\n" + "x" * 4999 + "\n")
    write(repo / "claimcheck.toml", f"max_file_size = {limit}\n")
    result, _, err = run(["verify", "docs/claims.toml"], capsys, monkeypatch, cwd=repo)
    assert result == code, err
    assert said in err


@pytest.mark.parametrize("limit", ['"big"', '"0 MB"', "-1", "true", '"5 TB"', '"1.5 MB"'])
def test_a_bad_size_limit_is_an_error_with_its_line(
        repo: Path, limit: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "claimcheck.toml", f"strict = false\nmax_file_size = {limit}\n")
    code, _, err = run(["verify", "docs/claims.toml"], capsys, monkeypatch, cwd=repo)
    assert code == 2
    assert "claimcheck.toml:2: key 'max_file_size': must be a size" in err


# ---------------------------------------------------------------- 3. the configuration

def test_a_configuration_above_the_repository_is_not_used(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project = repo / "project"
    (project / ".git").mkdir(parents=True)
    write(project / "claims.toml", """
        [claims.a]
        value = 1
        [rules.fails]
        check = "a > 2"
    """)
    write(repo / "claimcheck.toml", "exit_zero = true\n")  # above project's .git
    code, out, _ = run(["verify", "claims.toml"], capsys, monkeypatch, cwd=project)
    assert code == 1
    assert "configuration" not in out


@pytest.mark.parametrize("output", ["table", "json", "sarif"])
def test_the_configuration_used_is_named(repo: Path, output: str,
                                         capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "pyproject.toml", "[tool.claimcheck]\nstrict = true\n")
    code, out, _ = run(["verify", "claims.toml", "-f", output], capsys, monkeypatch,
                       cwd=repo / "docs")
    assert code == 0
    if output == "table":
        assert "configuration: ../pyproject.toml" in out
    elif output == "json":
        assert json.loads(out)["configuration"] == "../pyproject.toml"
    else:
        assert json.loads(out)["runs"][0]["properties"]["configuration"] == "../pyproject.toml"


@pytest.mark.parametrize("output", ["concise", "github"])
def test_line_formats_name_the_configuration_on_stderr(
        repo: Path, output: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "claimcheck.toml", "strict = true\n")
    code, out, err = run(["verify", "docs/claims.toml", "-f", output], capsys, monkeypatch,
                         cwd=repo)
    assert (code, out) == (0, "")
    assert err == "claimcheck: configuration claimcheck.toml\n"


def test_without_a_configuration_json_says_null(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run(["verify", "docs/claims.toml", "-f", "json"], capsys, monkeypatch, cwd=repo)
    assert json.loads(out)["configuration"] is None


# ---------------------------------------------------------------- 2. control characters

HOSTILE_FILES = ["control.toml", "control_value.toml", "control_id.toml", "control_key.toml"]


@pytest.mark.parametrize("name", HOSTILE_FILES)
@pytest.mark.parametrize("output", FORMATS)
def test_control_characters_from_a_file_are_escaped(
        name: str, output: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["verify", f"tests/hostile/{name}", "-f", output], capsys, monkeypatch)
    assert code in (1, 2)
    for character in RAW_CONTROLS:
        assert character not in out + err, repr(character)
    assert "\\x1b" in out + err or "\\u001b" in out + err
    if output in ("json", "sarif"):
        json.loads(out)


def test_the_escapes_show_what_the_file_holds(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["verify", "tests/hostile/control.toml", "-f", "concise"], capsys,
                       monkeypatch)
    assert code == 1
    assert 'quote not found in the source: "counts 6 \\x1b[2J cases"' in out
    assert "closest passage" in out and "\\x1b]0;pwned\\x07" in out


def test_c1_controls_are_escaped_in_json_and_stay_the_same_string(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "c1.toml").write_text(
        '[claims."a\u009b31m"]\nvalue = 1\n', encoding="utf-8")
    code, out, _ = run(["verify", "c1.toml", "-f", "json"], capsys, monkeypatch, cwd=tmp_path)
    assert code == 2
    assert "\u009b" not in out
    assert "a\u009b31m" in json.loads(out)["errors"][0]["message"]


@pytest.mark.parametrize("target", ["people", "cases", "more_cases"])
def test_explain_escapes_control_characters(target: str, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["explain", target, "--file", "tests/hostile/control.toml"], capsys,
                         monkeypatch)
    assert code == 0, err
    for character in RAW_CONTROLS:
        assert character not in out + err, repr(character)


def test_explain_errors_escape_control_characters(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["explain", "x", "--file", "tests/hostile/control_id.toml"], capsys,
                         monkeypatch)
    assert code == 2
    assert "\x1b" not in err and "\\x1b]0;pwned\\x07" in err


# ---------------------------------------------------------------- 12. extract writes

@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_extract_output_gets_the_umasks_mode(repo: Path, umask_022: None,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["extract", "docs/report.txt", "-o", "new.toml"], capsys, monkeypatch,
                       cwd=repo)
    assert code == 0, err
    assert _mode(repo / "new.toml") == 0o644


def test_update_keeps_the_files_mode(repo: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    claims = repo / "docs" / "claims.toml"
    write(repo / "docs" / "report.txt", "The board met 12 times and 4 members left.\n")
    claims.chmod(0o664)
    code, _, err = run(["extract", "docs/report.txt", "--update", "docs/claims.toml"], capsys,
                       monkeypatch, cwd=repo)
    assert code == 0, err
    assert "members" in claims.read_text(encoding="utf-8")
    assert _mode(claims) == 0o664


def test_update_writes_through_a_symlink_and_keeps_it(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "docs" / "report.txt", "The board met 12 times and 4 members left.\n")
    link = repo / "link.toml"
    link.symlink_to("docs/claims.toml")
    code, _, err = run(["extract", "docs/report.txt", "--update", "link.toml"], capsys,
                       monkeypatch, cwd=repo)
    assert code == 0, err
    assert link.is_symlink()
    assert "members" in (repo / "docs" / "claims.toml").read_text(encoding="utf-8")


def test_output_never_replaces_a_dangling_symlink_without_force(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "out.toml").symlink_to("nowhere.toml")
    code, _, err = run(["extract", "docs/report.txt", "-o", "out.toml"], capsys, monkeypatch,
                       cwd=repo)
    assert code == 2
    assert "out.toml: already exists; not overwritten" in err
    assert (repo / "out.toml").is_symlink() and not (repo / "nowhere.toml").exists()


def test_force_writes_through_a_symlink(repo: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "out.toml").symlink_to("real.toml")
    code, _, err = run(["extract", "docs/report.txt", "-o", "out.toml", "--force"], capsys,
                       monkeypatch, cwd=repo)
    assert code == 0, err
    assert (repo / "out.toml").is_symlink()
    assert "[claims." in (repo / "real.toml").read_text(encoding="utf-8")


def test_output_refuses_an_existing_directory(repo: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "out.toml").mkdir()
    code, _, err = run(["extract", "docs/report.txt", "-o", "out.toml", "--force"], capsys,
                       monkeypatch, cwd=repo)
    assert code == 2
    assert "Traceback" not in err and "out.toml" in err


def test_extract_notes_a_source_that_verify_would_refuse(
        repo: Path, tmp_path_factory: pytest.TempPathFactory,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    outside = write(tmp_path_factory.mktemp("elsewhere") / "text.txt", "It met 3 times.\n")
    code, _, err = run(["extract", str(outside), "-o", "draft.toml"], capsys, monkeypatch,
                       cwd=repo)
    assert code == 0
    assert err.startswith(f"note: {outside} lies outside the draft's root ({repo.resolve()})")
    code, _, err = run(["extract", "docs/report.txt", "-o", "inside.toml"], capsys, monkeypatch,
                       cwd=repo)
    assert (code, err) == (0, "")


def test_explain_marks_the_number_where_it_is_once_escapes_are_shown(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["explain", "people_found", "--file", "tests/hostile/control.toml"],
                       capsys, monkeypatch)
    assert code == 0
    assert "\\x1b]0;pwned\\x07 cases and **7** people." in out


# ---------------------------------------------------------------- it stays fixed

PACKAGE = ROOT / "claimcheck"
# Reads that are not of a user's file: the package's own unit vocabulary, /dev/null.
NOT_USER_FILES = {("quantities/units.py", "read_text"), ("cli.py", "open")}
READERS = {"open", "read_text", "read_bytes", "fdopen"}


def _reads(path: Path) -> set[str]:
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in READERS:
                found.add(name)
    return found


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_fileio_opens_files(path: Path) -> None:
    """Every user file is read through fileio (regular files, the size limit, the root)."""
    relative = path.relative_to(PACKAGE).as_posix()
    if relative == "fileio.py":
        return
    unexpected = {name for name in _reads(path) if (relative, name) not in NOT_USER_FILES}
    assert not unexpected, f"{relative} reads a file itself: {unexpected}"


def test_text_from_a_file_is_never_rich_markup(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """rich reads "[link=...]" in a string as a hyperlink (an escape sequence); a file's
    text is shown as written."""
    name = "[link=https:example.com]report.txt"
    write(repo / "docs" / name, "The board met 12 times.\n")
    claims_with_source(repo / "docs", name)
    write(repo / "docs" / "claims.toml", (repo / "docs" / "claims.toml").read_text()
          .replace('"1 thing"', '"[bold]1[/bold] thing"'))
    code, out, err = run(["explain", "n", "--file", "docs/claims.toml"], capsys, monkeypatch,
                         cwd=repo)
    assert code == 0, err
    assert name in out and "[bold]1[/bold] thing" in out


def test_the_limits_benchmark_refuses_every_case() -> None:
    """bench/limits.py keeps working; each of its refusals is exit 2 (no time asserted)."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "limits.py")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert len(rows) == 7
    assert all(" exit 2 " in row for row in rows), done.stdout


def test_sarif_naming_the_configuration_is_valid_against_the_schema() -> None:
    import jsonschema

    from claimcheck.model import FileReport
    from claimcheck.report import sarif

    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json")
                        .read_text(encoding="utf-8"))
    log = json.loads(sarif.render([FileReport("c.toml", error="c.toml: \x1b bad")],
                                  configuration="../claimcheck.toml"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log)) == []
    assert log["runs"][0]["properties"] == {"configuration": "../claimcheck.toml"}


def test_extract_follows_the_configurations_size_limit(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "claimcheck.toml", "max_file_size = 10\n")
    code, _, err = run(["extract", "docs/report.txt"], capsys, monkeypatch, cwd=repo)
    assert code == 2
    assert "docs/report.txt: is larger than the size limit (24 bytes, the limit is 10)" in err
