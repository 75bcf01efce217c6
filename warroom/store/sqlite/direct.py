"""A SQLite store reached with the sqlite3 module alone: the command line's direct path.

A monitoring hook that runs ``warroom note`` in a burst should not wait for SQLAlchemy,
SQLModel and pydantic to load (some 400 ms) to add one row (``cli/direct.py``). This opens
a store that is already there, at this warroom's schema, and writes with the same promises
as the engine (``engine.py``): the same file checks and pragmas (``files.py``,
``pragmas.py``), the whole-file check before the first write (``damage.py``), the write
lock taken up front (BEGIN IMMEDIATE), the identity checked again under it, and at least
one event in every write. The rows come from the same functions as on the ORM path
(``store/events.py`` and the ``process`` modules that check input); tests write the same
input both ways and compare every row.

Anything else is not its business: ``open`` answers None for a store that is not there,
has an older schema, is a URL or a database server, or holds a drill, and the caller then
takes the full path, which creates, upgrades, joins or refuses it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warroom.base.errors import StoreError
from warroom.base.text import one_line
from warroom.store import tables
from warroom.store.failures import operation_failed
from warroom.store.schema import CURRENT_VERSION
from warroom.store.sqlite.damage import QUICK_CHECK, damaged, is_damage, quick_check_problem
from warroom.store.sqlite.files import check_file, resolve_path
from warroom.store.sqlite.identity import IDENTITY, inspect_existing, why_not_ours
from warroom.store.sqlite.pragmas import BUSY_TIMEOUT_SECONDS, prepare


def stored_time(moment: datetime) -> str:
    """An aware time as the ORM stores it on SQLite (``models.UTCDateTime`` over
    SQLAlchemy's DateTime): naive UTC, to the microsecond."""
    if moment.tzinfo is None:
        raise ValueError("refusing to store a naive datetime; use clock.as_utc()")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def read_time(stored: str) -> datetime:
    """A stored time back as the ORM gives it back: aware UTC."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def _column_value(value: Any) -> Any:
    return stored_time(value) if isinstance(value, datetime) else value


class DirectSqlite:
    """An open store file; every statement runs through ``write()`` or ``read()``."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self._events = 0  # rows inserted into ``event`` by the write under way

    @classmethod
    def open(cls, target: str) -> DirectSqlite | None:
        """The store at ``target`` when this path can serve it, else None (see the module).
        A file that must be refused is refused here as the full path would: the same
        checks raise the same lines."""
        if "://" in target:  # a database server, or a sqlite:/// URL: the full path reads it
            return None
        path = resolve_path(target)
        if not os.path.lexists(path):
            return None  # the full path says it is missing, or makes it
        status = check_file(path)
        if status is None or inspect_existing(path, status) != CURRENT_VERSION:
            return None
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
        store = cls(path, conn)
        try:
            with store._refusing("open"):
                prepare(conn)
                if store._holds_drill():
                    store.close()
                    return None
        except BaseException:
            store.close()
            raise
        return store

    def _holds_drill(self) -> bool:
        found = self._conn.execute(f"SELECT 1 FROM {tables.DRILL_RUN} LIMIT 1").fetchone()
        return found is not None

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every statement inside sees the same snapshot."""
        with self._refusing("read"):
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("ROLLBACK")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction holding the write lock, committed when the body returns; the body
        must record an event (``insert(tables.EVENT, …)``), as every write does."""
        self._check_whole_file()
        with self._refusing("write"):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._check_identity()
                self._events = 0
                yield self._conn
                if not self._events:
                    raise RuntimeError("a write transaction recorded no event")
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        """Insert ``row`` (columns by name; times stored as the ORM stores them); its id."""
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        values = [_column_value(value) for value in row.values()]
        cursor = self._conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
        assert cursor.lastrowid is not None
        self._events += table == tables.EVENT
        return cursor.lastrowid

    def close(self) -> None:
        self._conn.close()

    def _check_whole_file(self) -> None:
        """``PRAGMA quick_check`` in a read transaction, as the engine's first write does."""
        with self.read() as conn:
            problem = quick_check_problem(conn.execute(QUICK_CHECK))
        if problem is not None:
            raise StoreError(damaged(self.path, problem))

    def _check_identity(self) -> None:
        """Under the write lock: another warroom may have upgraded the file meanwhile."""
        app_id, version, table_count = self._conn.execute(IDENTITY).fetchone()
        why = why_not_ours(self.path, int(app_id), int(version), not table_count)
        if why is not None:
            raise StoreError(why)
        if int(version) != CURRENT_VERSION:  # replaced by an older store since it was opened
            raise StoreError(f"store {one_line(str(self.path))}: changed while opening; try again")

    @contextmanager
    def _refusing(self, doing: str) -> Iterator[None]:
        """SQLite's errors as the engine words them: a damaged file, or what failed."""
        try:
            yield
        except sqlite3.DatabaseError as err:
            if is_damage(err):
                raise StoreError(damaged(self.path, str(err))) from err
            if isinstance(err, sqlite3.OperationalError):
                raise operation_failed(self.path.name, doing, str(err)) from err
            raise
