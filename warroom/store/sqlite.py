"""The SQLite store: opening it safely, its transactions, and the change feed.

Writers take the database lock up front (BEGIN IMMEDIATE) so that two
consoles or scripts writing at once queue behind the busy timeout instead of
failing with "database is locked" half-way through a transaction. WAL lets
readers carry on while a writer works; synchronous=FULL makes a commit that
returned survive a crash of the process or the machine.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import Session, create_engine

from warroom.base.errors import StoreError
from warroom.store.migrations import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS
from warroom.store.models import Event

BUSY_TIMEOUT_SECONDS = 60
_SQLITE_HEADER = b"SQLite format 3\x00"
_WRITE_OPTION = "warroom_write"


def resolve_target(target: str | Path) -> tuple[str, Path]:
    """A path or a ``sqlite:///`` URL → (URL, file path). Other databases are refused."""
    text = str(target)
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        return f"sqlite:///{path}", path
    url = make_url(text)
    if url.get_backend_name() != "sqlite":
        raise StoreError(
            f"store {text}: only SQLite stores are supported for now (a path or sqlite:///PATH)"
        )
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


class Store:
    """An open warroom store. Thread-safe: each use takes its own session."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path
        self._writer = engine.execution_options(**{_WRITE_OPTION: True})

    @classmethod
    def open(cls, target: str | Path) -> Store:
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
            store._migrate()
        except DatabaseError as err:
            engine.dispose()
            raise StoreError(f"store {path}: cannot be opened ({err.orig})") from err
        return store

    def _migrate(self) -> None:
        with self._writer.begin() as conn:
            # Read the version under the write lock: another process may have just migrated.
            version = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    conn.exec_driver_sql(statement)
            if version < CURRENT_VERSION:
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.exec_driver_sql(f"PRAGMA user_version = {CURRENT_VERSION}")

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction holding the write lock; commits on success.

        Every write must record at least one Event (see ``record_event``): the
        audit log and the change feed depend on it.
        """
        with Session(self._writer, expire_on_commit=False) as session:
            session.info["events"] = 0
            try:
                yield session
                if not session.info["events"]:
                    raise RuntimeError("a write transaction recorded no event")
                session.commit()
            except OperationalError as err:
                session.rollback()
                raise StoreError(f"store {self.path}: write failed ({err.orig})") from err
            except BaseException:
                session.rollback()
                raise

    def latest_event_id(self) -> int:
        """The change feed's position: another console polls this to know it must refresh."""
        with self.read() as session:
            return int(session.exec(select(func.max(Event.id))).one()[0] or 0)  # type: ignore[call-overload]

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def record_event(
    session: Session,
    *,
    at: datetime,
    actor: str,
    kind: str,
    incident_id: int | None = None,
    **detail: Any,
) -> Event:
    """Append to the event sequence inside the caller's write transaction."""
    event = Event(
        at=at,
        actor=actor,
        kind=kind,
        incident_id=incident_id,
        detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
    )
    session.add(event)
    session.info["events"] = session.info.get("events", 0) + 1
    return event
