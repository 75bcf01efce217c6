"""Looking at a store from outside warroom, as another program on the same database would:
for the tests that check what the database itself refuses, on either engine."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any

import psycopg
from sqlalchemy.exc import DBAPIError

from warroom.store.base import Store


def refusal(store: Store, statement: str, params: dict[str, Any] | None = None) -> str:
    """The database's refusal of ``statement``, run in a transaction of its own outside
    warroom's write lock; fails the test when the database takes it."""
    with store.engine.connect() as conn:
        try:
            conn.exec_driver_sql(statement, params or {})
        except DBAPIError as err:
            conn.rollback()
            return str(err.orig)
        conn.rollback()
    raise AssertionError(f"the database took {statement!r}")


def write_lock_is_held(store: Store) -> bool:
    """Whether another program trying to write now would have to wait."""
    if store.path is not None:
        with closing(sqlite3.connect(store.path, timeout=0.2)) as other:
            try:
                other.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as err:
                return "locked" in str(err)
            other.rollback()
            return False
    url = store.engine.url
    with psycopg.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        dbname=url.database,
    ) as other:
        taken = other.execute("SELECT pg_try_advisory_xact_lock(x'57524D31'::int)").fetchone()
        other.rollback()
        return not (taken and taken[0])
