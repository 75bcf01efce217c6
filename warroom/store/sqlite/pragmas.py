"""How every connection to a SQLite store is set up, whichever way it was opened: through
the ORM (``engine.py``) or with the sqlite3 module alone (``direct.py``)."""

from __future__ import annotations

import sqlite3
import time

from warroom.base.errors import StoreError

BUSY_TIMEOUT_SECONDS = 60


def prepare(dbapi_connection: sqlite3.Connection) -> None:
    """The store's pragmas, and transactions left to the caller (BEGIN / BEGIN IMMEDIATE)."""
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
