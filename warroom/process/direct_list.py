"""The incident list read from a store reached with the sqlite3 module alone
(``store/sqlite/direct.py``): the ORM's own statement (``list_sql.py``, frozen from
``read.frozen_list``), its values read back as the ORM's types give them."""

from __future__ import annotations

from collections.abc import Generator
from datetime import datetime
from typing import Any

from warroom.process import list_sql
from warroom.process.frozen_sql import FLAG, NOW, TIME
from warroom.process.incident_row import STREAMED_ROWS, IncidentRow
from warroom.store.sqlite.direct import DirectSqlite, read_time, stored_time


def each_incident_directly(
    store: DirectSqlite, *, include_resolved: bool, now: datetime
) -> Generator[IncidentRow, None, None]:
    """``read.each_incident``: the same rows in the same order, a thousand at a time."""
    frozen = list_sql.ALL if include_resolved else list_sql.OPEN
    values = [stored_time(now) if value == NOW else value for value in frozen.params]
    with store.read() as conn:
        cursor = conn.execute(frozen.sql, values)
        while rows := cursor.fetchmany(STREAMED_ROWS):
            for row in rows:
                yield IncidentRow(*map(_read_back, frozen.columns, row))


def _read_back(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == TIME:
        assert isinstance(value, str)
        return read_time(value)
    if kind == FLAG:
        return bool(value)
    return value
