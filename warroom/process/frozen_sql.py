"""A statement the ORM builds, compiled once for SQLite and kept as text, so that the command
line's direct path runs the very same query without loading SQLAlchemy.

``scripts/freeze_direct.py`` writes them (``list_sql.py``) from the ORM's statements, and a test
fails when what is kept differs from what the ORM would run now: the ORM stays the one source.
"""

from __future__ import annotations

from dataclasses import dataclass

NOW = ":now"  # in ``params``: the time the statement is read at goes here

# How a column's value comes back, as the ORM's types give it back.
TIME = "time"  # stored naive UTC text: an aware UTC datetime
FLAG = "flag"  # stored 0 or 1: a bool
PLAIN = "plain"  # as SQLite gives it


@dataclass(frozen=True)
class FrozenStatement:
    sql: str
    params: tuple[object, ...]  # positional values; NOW where the time goes
    columns: tuple[str, ...]  # TIME, FLAG or PLAIN per column
