"""Bringing a store's schema up to date, inside the caller's transaction.

Each engine knows where it keeps its version number (SQLite: ``PRAGMA user_version``;
PostgreSQL: the ``warroom_schema`` table) and calls ``upgrade`` under its write lock.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from warroom.base.errors import StoreError
from warroom.store.schema import CURRENT_VERSION


def upgrade(conn: Connection, version: int, to: int = CURRENT_VERSION) -> None:
    """Apply versions ``version + 1`` to ``to`` on ``conn``. Alembic is imported only here,
    when there is something to do."""
    if version >= to:
        return
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    from warroom.store.schema.versions import VERSIONS

    if len(VERSIONS) != CURRENT_VERSION:
        raise RuntimeError(f"CURRENT_VERSION says {CURRENT_VERSION}, there are {len(VERSIONS)}")
    op = Operations(MigrationContext.configure(conn))
    for step in VERSIONS[version:to]:
        step(op)


def require_current(version: int, shown: str) -> None:
    """For a store opened as it is, never created nor upgraded (what a copy reads from):
    refuse one that holds no store yet or one of an earlier version. (A newer one is
    refused by every opening.)"""
    if version == 0:
        raise StoreError(f"store {shown}: holds no warroom store")
    if version != CURRENT_VERSION:
        raise StoreError(
            f"store {shown}: has schema {version}, this warroom writes {CURRENT_VERSION}; open "
            "it once with this warroom (any command, e.g. warroom list), which upgrades it"
        )
