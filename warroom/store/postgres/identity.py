"""Whether a PostgreSQL database is ours to open, and its schema's version.

A warroom store keeps its version in the one-row ``warroom_schema`` table. A database whose
schema (the first on the search path) holds no tables is ours to initialise; one that holds
other tables and no ``warroom_schema`` is another application's, and is refused untouched.
All of it is read under the store's write lock, so two first opens do not both create it.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from warroom.base.errors import StoreError
from warroom.store.schema import CURRENT_VERSION
from warroom.store.schema.migrate import require_current, upgrade

APPLICATION = "warroom"

_TABLES = text(
    "SELECT table_name FROM information_schema.tables"
    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
)


def stored_version(conn: Connection) -> int | None:
    """The version written in ``warroom_schema``, or None when the table is not there."""
    tables = set(conn.execute(_TABLES).scalars())
    if "warroom_schema" not in tables:
        return None if tables else 0
    row = conn.execute(text("SELECT application, version FROM warroom_schema")).one_or_none()
    if row is None or row.application != APPLICATION:
        return None
    return int(row.version)


def open_schema(conn: Connection, shown: str, *, upgrade_it: bool = True) -> None:
    """Refuse a foreign or newer database; otherwise bring it to the current version (or,
    not ``upgrade_it``, refuse one that is not at it: ``migrate.require_current``)."""
    version = stored_version(conn)
    if version is None:
        raise StoreError(f"store {shown}: is a PostgreSQL database but not a warroom store")
    if version > CURRENT_VERSION:
        raise StoreError(
            f"store {shown}: was written by a newer warroom (schema {version}, this one "
            f"knows {CURRENT_VERSION}); upgrade warroom"
        )
    if not upgrade_it:
        require_current(version, shown)
    if version == CURRENT_VERSION:
        return
    upgrade(conn, version)
    if version == 0:
        conn.execute(
            text(
                "CREATE TABLE warroom_schema (application VARCHAR NOT NULL,"
                " version INTEGER NOT NULL)"
            )
        )
        conn.execute(
            text("INSERT INTO warroom_schema VALUES (:app, :version)"),
            {"app": APPLICATION, "version": CURRENT_VERSION},
        )
    else:
        conn.execute(text("UPDATE warroom_schema SET version = :v"), {"v": CURRENT_VERSION})
