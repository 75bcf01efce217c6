"""Listening to a PostgreSQL store's announcements (``LISTEN``), on a connection of its own.

Every write transaction sends ``NOTIFY warroom_changes, '<schema>'`` before it commits
(``engine.py``); PostgreSQL delivers it with the commit, never without it. The listener's
connection uses TCP keepalives, so a server that vanished without closing the connection is
noticed in about half a minute, not at the next write. Once lost, each wait tries to connect
again; the first success says ``BACK``, and the console reads the event sequence to catch up.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import psycopg

from warroom.store.feed import Wake

# Notice a silent network drop: first probe after 10 s idle, then every 5 s, 3 tries.
_KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}
RETRY_SECONDS = 1.0


class PgListener:
    """One store's announcements: those naming ``schema`` on ``channel``."""

    def __init__(self, connect_args: dict[str, Any], channel: str, schema: str) -> None:
        self._args = {**connect_args, **_KEEPALIVES, "autocommit": True}
        self._channel = channel
        self._schema = schema
        self._conn: psycopg.Connection[Any] | None = None
        self._lost = False
        self._next_try = 0.0

    def wait(self, timeout: float) -> Wake:
        if self._conn is None:
            return self._reconnect(timeout)
        try:
            for note in self._conn.notifies(timeout=timeout, stop_after=1):
                if note.payload == self._schema:
                    return Wake.CHANGED
            return Wake.QUIET
        except psycopg.Error:
            self._drop()
            self._lost = True
            self._next_try = time.monotonic() + RETRY_SECONDS
            return Wake.LOST

    def _reconnect(self, timeout: float) -> Wake:
        pause = self._next_try - time.monotonic()
        if pause > 0:
            time.sleep(min(pause, timeout))
            return Wake.QUIET
        try:
            conn = psycopg.connect(**self._args)
            conn.execute(f'LISTEN "{self._channel}"')
        except psycopg.Error:
            self._next_try = time.monotonic() + RETRY_SECONDS
            if self._lost:
                return Wake.QUIET
            self._lost = True
            return Wake.LOST
        self._conn = conn
        if self._lost:
            self._lost = False
            return Wake.BACK
        return Wake.QUIET

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):  # it is gone either way
                self._conn.close()
            self._conn = None

    def close(self) -> None:
        self._drop()
