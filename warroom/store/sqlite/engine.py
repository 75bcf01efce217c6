"""The SQLite store: opening a file safely, its pragmas, how a writer takes the lock, and
how a damaged file is refused.

Writers take the database lock up front (BEGIN IMMEDIATE) so that two
consoles or scripts writing at once queue behind the busy timeout instead of
failing with "database is locked" half-way through a transaction. WAL lets
readers carry on while a writer works; synchronous=FULL makes a commit that
returned survive a crash of the process or the machine.

Opening looks before it touches: the path must be a regular file, never a FIFO, a device
or a socket (``files.py``); an existing file's identity is read from its header bytes
(``identity.py``, ``header.py``), because an SQLite connection, even read-only, leaves
``-wal`` and ``-shm`` files beside a WAL-mode file it then refuses. The identity is checked
again under the write lock, before the schema is migrated.

A damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) is refused with one line naming the file and
how to recover, wherever SQLite notices it: at open, in a read, in a write, in the console's
poll of the change feed. Once seen, the open store refuses every later write.

Damage SQLite has not read yet is found by ``PRAGMA quick_check``, which reads every page.
It runs before an open store's first write, in a read transaction (so other writers do not
wait on it), and not at open: on a warm cache it costs about 77 ms on a store of 10,000
incidents and 100,000 timeline entries (34 MB) and 570 ms at 100,000 incidents and 1,000,000
entries (350 MB; integrity_check, which also matches indexes to tables, takes twice as
long). Every write command of the command line pays it once; the console pays it on its
first write, in a worker; reading commands and the console's first board do not pay it. A
read that meets a damaged page is refused; a read that does not is answered correctly, which
is what someone salvaging a damaged store needs. Nothing is ever written to a file that
failed the check or raised a corruption error.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import create_engine

from warroom.base.errors import StoreError
from warroom.base.text import one_line
from warroom.store.base import Store
from warroom.store.schema.migrate import require_current
from warroom.store.sqlite.damage import damaged, first_problem, is_damage
from warroom.store.sqlite.files import check_file, resolve_target
from warroom.store.sqlite.identity import check_identity, inspect_existing
from warroom.store.sqlite.pragmas import BUSY_TIMEOUT_SECONDS, prepare
from warroom.store.sqlite.schema import migrate

__all__ = ["SqliteStore", "resolve_target"]

_WRITE_OPTION = "warroom_write"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    prepare(dbapi_connection)


def _on_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class SqliteStore(Store):
    """A warroom store in one SQLite file."""

    def __init__(self, engine: Engine, path: Path) -> None:
        super().__init__(engine, engine.execution_options(**{_WRITE_OPTION: True}), path.name)
        self.path: Path = path  # always a file here
        self._damage: str | None = None  # the refusal, once the file was found damaged
        self._checked = False  # quick_check passed (before the first write)

    @classmethod
    def open(cls, target: str | Path, *, upgrade: bool = True) -> SqliteStore:
        """The store in the file ``target``, created or upgraded as needed. With ``upgrade``
        false, only a store that exists at this warroom's version: anything else is refused
        from the file's bytes, before a connection could change it."""
        url, path = resolve_target(target)
        shown = one_line(str(path))
        status = check_file(path)
        if status is None and not upgrade:
            raise StoreError(f"store {shown}: does not exist")
        version = 0 if status is None else inspect_existing(path, status)
        if not upgrade:
            require_current(version, shown)
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False}
        )
        sa_event.listen(engine, "connect", _on_connect)
        sa_event.listen(engine, "begin", _on_begin)
        store = cls(engine, path)
        try:
            with store._writer.begin() as conn:
                # Identity and version are read under the write lock: another process may
                # have just created or migrated the same file.
                check_identity(path, conn)
                if upgrade:
                    migrate(conn)
                else:
                    stored = conn.exec_driver_sql("PRAGMA user_version").scalar()
                    require_current(int(stored or 0), shown)
        except (DBAPIError, sqlite3.DatabaseError) as err:
            engine.dispose()
            orig = err.orig if isinstance(err, DBAPIError) else err
            if is_damage(orig):
                raise StoreError(damaged(path, str(orig))) from err
            raise StoreError(f"store {shown}: cannot be opened ({one_line(str(orig))})") from err
        except BaseException:
            engine.dispose()
            raise
        return store

    def same_store(self, other: Store) -> bool:
        """The same file, by whatever path or link it was reached."""
        if not isinstance(other, SqliteStore):
            return False
        try:
            return os.path.samefile(self.path, other.path)
        except OSError:
            return self.path == other.path

    def schema_version(self) -> int:
        with self.read() as session:
            return int(session.connection().exec_driver_sql("PRAGMA user_version").scalar() or 0)

    def _refusal(self, err: DBAPIError, doing: str) -> StoreError | None:
        if is_damage(err.orig):
            self._damage = damaged(self.path, str(err.orig))
            return StoreError(self._damage)
        return super()._refusal(err, doing)

    def _before_write(self) -> None:
        """Never write into a file known to be damaged; check the whole file once, before
        this open store's first write (see the module's docstring for the cost)."""
        if self._damage is None and not self._checked:
            with self.read() as session:
                problem = first_problem(session.connection())
            if problem is not None:
                self._damage = damaged(self.path, problem)
            self._checked = True
        if self._damage is not None:
            raise StoreError(self._damage)
