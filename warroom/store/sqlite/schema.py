"""Where a SQLite store keeps its identity and its schema's version: the file's header
(``PRAGMA application_id`` and ``PRAGMA user_version``), readable without opening the file as
a database (``header.py``). The versions themselves are the engines' shared ones
(``store/schema``).
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from warroom.store.schema import CURRENT_VERSION
from warroom.store.schema.migrate import upgrade
from warroom.store.sqlite.identity import APPLICATION_ID

__all__ = ["APPLICATION_ID", "CURRENT_VERSION", "migrate"]


def migrate(conn: Connection, to: int = CURRENT_VERSION) -> None:
    """Bring the store on ``conn`` to version ``to``, inside the caller's transaction."""
    version = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    upgrade(conn, version, to)
    if version < to:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.exec_driver_sql(f"PRAGMA user_version = {to}")
