"""Store files that are not what they should be (issue 9, classes 5 to 7).

Paths that are not regular files, locations that cannot be reached, files that are not
ours, and stores with a damaged page: each is refused with exit 2 and one line on stderr,
quickly, with no traceback, and the folder is left byte for byte as it was, with no new
file beside the store. What could block (a FIFO, a device) runs in a child process with a
time limit, so a hang fails instead of stopping the suite.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import StoreError
from warroom.store.sqlite.engine import SqliteStore
from warroom.store.sqlite.schema import CURRENT_VERSION

from .cli_support import Cli, Result, one_error_line
from .conftest import T0
from .damaged_stores import Built, build_store, folder_state, page_kinds, wreck

# Part of the hostile-input battery: a case that hangs fails.
pytestmark = pytest.mark.timeout(60)

TIME_LIMIT = 20  # seconds for a child process: a refusal takes well under one


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


def refused(result: Result, *says: str) -> str:
    """Exit 2, one line, no traceback, naming what was wrong."""
    assert "Traceback" not in result.err
    err = one_error_line(result)
    assert err.startswith("warroom: error: store "), err
    for words in says:
        assert words in err, err
    return err


def run_process(cwd: Path, db: str, *argv: str) -> Result:
    """``warroom --db DB ARGV`` in a child process, killed (and failed) after TIME_LIMIT."""
    done = subprocess.run(
        [sys.executable, "-m", "warroom", "--db", db, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={**os.environ, "WARROOM_USER": "proc"},
        timeout=TIME_LIMIT,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


DECLARE = ("declare", "--summary", "x", "--severity", "1")

# ---------------------------------------------------------------------------
# Paths that are not regular files: refused before anything opens them
# ---------------------------------------------------------------------------


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "pipe.db")
    return str(folder / "pipe.db")


def _link_to(target: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        (folder / "link.db").symlink_to(target)
        return str(folder / "link.db")

    return make


def _link_to_fifo(folder: Path) -> str:
    os.mkfifo(folder / "pipe")
    (folder / "link.db").symlink_to(folder / "pipe")
    return str(folder / "link.db")


def _url_to_fifo(folder: Path) -> str:
    return f"sqlite:///{_fifo(folder)}"


def _side_fifo(suffix: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        SqliteStore.open(folder / "w.db").close()
        os.mkfifo(folder / f"w.db{suffix}")
        return str(folder / "w.db")

    return make


BLOCKING = {
    "a FIFO": (_fifo, "named pipe"),
    "a symlink to a FIFO": (_link_to_fifo, "named pipe"),
    "a sqlite URL naming a FIFO": (_url_to_fifo, "named pipe"),
    "/dev/zero": (lambda _: "/dev/zero", "character device"),
    "a symlink to /dev/zero": (_link_to("/dev/zero"), "character device"),
    "a FIFO as its -wal": (_side_fifo("-wal"), "-wal file is not a regular file"),
    "a FIFO as its -shm": (_side_fifo("-shm"), "-shm file is not a regular file"),
}


@pytest.mark.parametrize("case", BLOCKING)
def test_what_could_block_is_refused_at_once(tmp_path: Path, case: str) -> None:
    make, says = BLOCKING[case]
    target = make(tmp_path)
    before = folder_state(tmp_path)
    refused(run_process(tmp_path, target, *DECLARE), says)
    assert folder_state(tmp_path) == before


def _socket(folder: Path) -> str:
    with closing(socket.socket(socket.AF_UNIX)) as listening:
        listening.bind(str(folder / "sock.db"))  # the socket file stays after close
    return str(folder / "sock.db")


def _through_a_file(folder: Path) -> str:
    (folder / "notes.txt").write_text("a file, not a folder\n")
    return str(folder / "notes.txt" / "w.db")


def _loop(folder: Path) -> str:
    (folder / "a.db").symlink_to(folder / "b.db")
    (folder / "b.db").symlink_to(folder / "a.db")
    return str(folder / "a.db")


NOT_A_FILE = {
    "/dev/null": (lambda _: "/dev/null", "character device"),
    "a symlink to /dev/null": (_link_to("/dev/null"), "character device"),
    "a socket": (_socket, "socket"),
    "://": (lambda _: "://", "is not a file path or a database URL"),
    "sqlite://": (lambda _: "sqlite://", "give a file path"),
    "sqlite:///": (lambda _: "sqlite:///", "give a file path"),
    "a port that is no number": (lambda _: "sqlite://h:port/w.db", "is not a file path"),
    "a host": (lambda _: "sqlite://host/w.db", "three slashes"),
    "a 300-character name": (lambda f: str(f / ("n" * 300 + ".db")), "File name too long"),
    "a symlink loop": (_loop, "symlink loop"),
    "a path through a file": (_through_a_file, "Not a directory"),
    "a home folder that does not exist": (lambda _: "~no-such-user-x/w.db", "home folder"),
}


@pytest.mark.parametrize("argv", [("list",), DECLARE], ids=["list", "declare"])
@pytest.mark.parametrize("case", NOT_A_FILE)
def test_what_is_not_a_store_file_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, argv: tuple[str, ...]
) -> None:
    make, says = NOT_A_FILE[case]
    target = make(tmp_path)
    journal = Path("/dev/null-journal").exists()
    before = folder_state(tmp_path)
    refused(Cli(tmp_path, capsys)("--db", target, *argv, db=False), says)
    assert folder_state(tmp_path) == before
    assert Path("/dev/null-journal").exists() == journal  # (root may write in /dev)


@pytest.mark.skipif(os.geteuid() == 0, reason="root passes every permission check")
def test_a_folder_without_permission_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = tmp_path / "closed"
    closed.mkdir()
    closed.chmod(0)
    try:
        refused(Cli(closed / "w.db", capsys)(*DECLARE), "Permission denied")
    finally:
        closed.chmod(0o700)


@pytest.mark.parametrize("content", [b"", b"plain text, not a database\n"], ids=["fifo", "text"])
def test_a_file_name_never_drives_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    """The refusal names the file, escaped: its name may hold escape sequences."""
    db = tmp_path / "w\x1b]0;TITLE\x07\u202e.db"
    if content:
        db.write_bytes(content)
    else:
        os.mkfifo(db)
    before = folder_state(tmp_path)
    err = refused(run_process(tmp_path, str(db), *DECLARE), "\\x1b]0;TITLE\\x07\\u202e.db")
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert folder_state(tmp_path) == before


def test_a_file_name_with_url_characters_names_that_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The engine's URL is built from the path: ``a?b#c%41.db`` is not ``a`` with a query."""
    db = tmp_path / "a?b#c%41.db"
    Cli(db, capsys).ok(*DECLARE)
    assert sorted(p.name for p in tmp_path.iterdir()) == [db.name]
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT key FROM incident").fetchall() == [("HOT-1",)]


# ---------------------------------------------------------------------------
# Files refused for what they hold: left exactly as they were, no -wal or -shm beside them
# ---------------------------------------------------------------------------


def _newer(path: Path) -> None:
    SqliteStore.open(path).close()
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")


def _foreign(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('bread')")
        db.commit()


def _cut(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        SqliteStore.open(path).close()
        with path.open("r+b") as fh:
            fh.truncate(size)

    return make


def _bad_page_size(path: Path) -> None:
    SqliteStore.open(path).close()
    with path.open("r+b") as fh:
        fh.seek(16)
        fh.write(b"\x00\x03")  # 3: not a power of two


def _foreign_with_commits_in_its_wal(path: Path) -> None:
    """Another application's database as its process left it when it died: the commits are
    still in the -wal, and the main file's header says nothing yet."""
    folder = path.parent / "elsewhere"
    folder.mkdir()
    live = folder / "app.db"
    with closing(sqlite3.connect(live)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA wal_autocheckpoint = 0")
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('bread')")
        db.commit()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").write_bytes(Path(f"{live}{suffix}").read_bytes())
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


REFUSED_FILES = {
    "a newer store": (_newer, "newer warroom"),
    "another application's WAL database": (_foreign, "not a warroom store"),
    "another application's database, commits in its -wal": (
        _foreign_with_commits_in_its_wal,
        "not a warroom store",
    ),
    "a store cut to two pages": (_cut(8192), "truncated"),
    "a store cut inside its header": (_cut(60), "truncated"),
    "a store cut inside its first page": (_cut(1000), "truncated"),
    "a header with an impossible page size": (_bad_page_size, "header is damaged"),
}


@pytest.mark.parametrize(
    "argv", [("list",), DECLARE, ("note", "HOT-1", "x")], ids=["list", "declare", "note"]
)
@pytest.mark.parametrize("case", REFUSED_FILES)
def test_a_refused_file_is_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, argv: tuple[str, ...]
) -> None:
    make, says = REFUSED_FILES[case]
    db = tmp_path / "w.db"
    make(db)
    before = folder_state(tmp_path)
    refused(Cli(db, capsys)(*argv), says, str(db))
    assert folder_state(tmp_path) == before


# ---------------------------------------------------------------------------
# Damaged pages: every command refuses to write; a read is refused or right
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Built, dict[str, int]]:
    path = tmp_path_factory.mktemp("pristine") / "warroom.db"
    clock = ManualClock(T0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("warroom.process.context.SystemClock", lambda: clock)
        patch.setattr("warroom.cli.clock.SystemClock", lambda: clock)
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("build-data")))
        built = build_store(path, clock)
    return path, built, page_kinds(path)


READS = [
    ("list",),
    ("list", "--all"),
    ("list", "--json"),
    ("show", "HOT-2"),
    ("show", "HOT-2", "--json"),
    ("show", "HOT-2", "--history"),
    ("actions",),
    ("actions", "--json"),
    ("draft", "HOT-3"),
]
WRITES = [
    ("note", "HOT-2", "still failing"),
    DECLARE,
    ("take", "HOT-4"),
    ("assign", "HOT-2", "scribe", "carol"),
    ("handover", "HOT-2", "im", "ann", "bob"),
    ("severity", "HOT-2", "1", "--reason", "worse"),
    ("assess", "HOT-2", "impact", "every push fails"),
    ("channels", "HOT-2", "--chat-room", "#hot-2"),
    ("times", "HOT-2", "--started", "13:30"),
    ("resolve", "HOT-2", "--ended", "now"),
    ("reopen", "HOT-1", "--reason", "it is back"),
    ("page", "HOT-2", "Messaging", "--reason", "mail queue"),
    ("action", "add", "HOT-2", "clean up"),
    ("action", "done", "{action}"),
    ("edit", "HOT-2", "--summary", "Pushes fail"),
    ("note-edit", "{note}", "corrected"),
    ("send", "HOT-3"),
]
PAGES = [
    "header page",
    "schema leaf",
    "table interior",
    "table leaf",
    "index interior",
    "index leaf",
    "last page",
]
_pristine_runs: dict[tuple[str, ...], Result] = {}


def _argv(template: tuple[str, ...], built: Built) -> tuple[str, ...]:
    return tuple(a.format(action=built.action_id, note=built.note_id) for a in template)


def _copy(source: Path, folder: Path) -> Path:
    folder.mkdir()
    target = folder / source.name
    target.write_bytes(source.read_bytes())
    return target


def _on_pristine(
    source: Path, folder: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> Result:
    """What the command does on the undamaged store: it must succeed, or the case proves
    nothing."""
    if argv not in _pristine_runs:
        result = Cli(_copy(source, folder), capsys)(*argv)
        assert result.code == 0, (argv, result.err)
        _pristine_runs[argv] = result
    return _pristine_runs[argv]


@pytest.mark.parametrize("template", READS + WRITES, ids=" ".join)
@pytest.mark.parametrize("page", PAGES)
def test_a_damaged_store_is_never_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    pristine: tuple[Path, Built, dict[str, int]],
    page: str,
    template: tuple[str, ...],
) -> None:
    source, built, pages = pristine
    argv = _argv(template, built)
    expected = _on_pristine(source, tmp_path / "pristine", capsys, argv)
    db = _copy(source, tmp_path / "damaged")
    wreck(db, pages[page])
    data_home = Path(os.environ["XDG_DATA_HOME"])  # where an outbox would appear
    before, before_data = folder_state(db.parent), folder_state(data_home)

    result = Cli(db, capsys)(*argv)

    assert folder_state(db.parent) == before
    if template in WRITES or result.code != 0:
        says = "not an SQLite database" if page == "header page" else "is damaged"
        err = refused(result, str(db), says)
        if page != "header page":
            assert f"sqlite3 {db} .recover" in err
        assert folder_state(data_home) == before_data  # nothing sent either
    else:  # a read that never met the damaged page: the same answer as before the damage
        assert (result.out, result.err) == (expected.out, expected.err)


def test_damage_found_by_the_feed_poll_stops_every_later_write(
    tmp_path: Path, pristine: tuple[Path, Built, dict[str, int]]
) -> None:
    """The console polls ``latest_event_id`` every second: a damaged page there is one
    line, and the open store writes nothing after it."""
    source, _, _ = pristine
    db = _copy(source, tmp_path / "store")
    with closing(sqlite3.connect(db)) as conn:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'event'").fetchone()
    wreck(db, root)
    before = folder_state(db.parent)
    store = SqliteStore.open(db)
    try:
        with pytest.raises(StoreError, match="is damaged") as seen:
            store.latest_event_id()
        assert "\n" not in str(seen.value)
        with pytest.raises(StoreError, match="is damaged"), store.write():
            raise AssertionError("a write began on a store known to be damaged")
    finally:
        store.close()
    assert folder_state(db.parent) == before
