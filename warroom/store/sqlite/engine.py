"""The SQLite store: opening a file safely, its pragmas, and how a writer takes the lock.

Writers take the database lock up front (BEGIN IMMEDIATE) so that two
consoles or scripts writing at once queue behind the busy timeout instead of
failing with "database is locked" half-way through a transaction. WAL lets
readers carry on while a writer works; synchronous=FULL makes a commit that
returned survive a crash of the process or the machine.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DatabaseError
from sqlmodel import create_engine

from warroom.base.errors import StoreError
from warroom.store.base import Store
from warroom.store.sqlite.schema import APPLICATION_ID, CURRENT_VERSION, migrate

BUSY_TIMEOUT_SECONDS = 60
_SQLITE_HEADER = b"SQLite format 3\x00"
_WRITE_OPTION = "warroom_write"


def resolve_target(target: str | Path) -> tuple[str, Path]:
    """A path or a ``sqlite:///`` URL → (URL, file path)."""
    text = str(target)
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        return f"sqlite:///{path}", path
    url = make_url(text)
    if not url.database or url.database == ":memory:":
        raise StoreError(f"store {text}: give a file path; an in-memory store would lose notes")
    path = Path(url.database).expanduser().resolve()
    return f"sqlite:///{path}", path


def _check_file(path: Path) -> bool:
    """Refuse what we must not touch. Returns True when the file already exists."""
    if path.is_dir():
        raise StoreError(f"store {path}: is a directory, not a store file")
    if not path.parent.is_dir():
        raise StoreError(f"store {path}: folder {path.parent} does not exist")
    if not path.exists():
        if not os.access(path.parent, os.W_OK):
            raise StoreError(f"store {path}: folder {path.parent} is read-only")
        return False
    # WAL needs to write the file and its -wal/-shm companions beside it. A file with no
    # write bits was protected on purpose: respect that even for root, who may write anyway.
    writable = path.stat().st_mode & 0o222 and os.access(path, os.R_OK | os.W_OK)
    if not writable or not os.access(path.parent, os.W_OK):
        raise StoreError(f"store {path}: is read-only; warroom needs to write to it and its folder")
    with path.open("rb") as fh:
        header = fh.read(len(_SQLITE_HEADER))
    if header and header != _SQLITE_HEADER:
        raise StoreError(f"store {path}: is not a warroom store (not an SQLite database)")
    return True


def _inspect_existing(path: Path) -> None:
    """Read identity and version without writing; refuse a foreign or newer file."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            # One statement, one snapshot: another process may be creating the store now.
            app_id, version, tables = db.execute(
                "SELECT (SELECT application_id FROM pragma_application_id),"
                " (SELECT user_version FROM pragma_user_version),"
                " (SELECT count(*) FROM sqlite_master)"
            ).fetchone()
    except sqlite3.DatabaseError as err:
        raise StoreError(f"store {path}: cannot be read ({err}); it was left untouched") from err
    if app_id == 0 and tables == 0:
        return  # an empty SQLite file: ours to initialise
    if app_id != APPLICATION_ID:
        raise StoreError(f"store {path}: is an SQLite database but not a warroom store")
    if version > CURRENT_VERSION:
        raise StoreError(
            f"store {path}: was written by a newer warroom (schema {version}, "
            f"this one knows {CURRENT_VERSION}); upgrade warroom"
        )


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Hand transaction control to the "begin" hook below.
    dbapi_connection.isolation_level = None
    for pragma in (
        f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}",
        "PRAGMA foreign_keys = ON",
        "PRAGMA synchronous = FULL",
    ):
        dbapi_connection.execute(pragma)
    _ensure_wal(dbapi_connection)


def _ensure_wal(dbapi_connection: sqlite3.Connection) -> None:
    """WAL is persistent in the file: switch once. The switch does not wait on the busy
    timeout, so while another process is creating the same store, retry it briefly."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = 0.001
    while True:
        try:
            mode = dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                mode = dbapi_connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as err:
            busy = "locked" in str(err) or "busy" in str(err)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
            continue
        if str(mode).lower() != "wal":
            raise StoreError(f"cannot switch the store to WAL mode (it stays {mode})")
        return


def _on_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class SqliteStore(Store):
    """A warroom store in one SQLite file."""

    def __init__(self, engine: Engine, path: Path) -> None:
        super().__init__(engine, engine.execution_options(**{_WRITE_OPTION: True}), path.name)
        self.path = path

    @classmethod
    def open(cls, target: str | Path) -> SqliteStore:
        url, path = resolve_target(target)
        if _check_file(path):
            _inspect_existing(path)
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False}
        )
        sa_event.listen(engine, "connect", _on_connect)
        sa_event.listen(engine, "begin", _on_begin)
        store = cls(engine, path)
        try:
            with store._writer.begin() as conn:
                # The version is read under the write lock: another process may have just
                # migrated the same file.
                migrate(conn)
        except DatabaseError as err:
            engine.dispose()
            raise StoreError(f"store {path}: cannot be opened ({err.orig})") from err
        return store

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
