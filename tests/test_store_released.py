"""The shared schema versions give, on SQLite, exactly what the releases' own SQL gave: a
store any earlier release left behind upgrades as it always did."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from warroom.store.schema import CURRENT_VERSION
from warroom.store.schema.migrate import upgrade

from . import released_sqlite_schema as released


def _schema(path: Path) -> dict[str, object]:
    """Everything SQLite knows of a schema, without the DDL's spacing."""
    found: dict[str, object] = {}
    with closing(sqlite3.connect(path)) as db:
        objects = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        for kind, name, table, sql in objects:
            if kind == "table":
                found[f"table {name}"] = (
                    db.execute(f"PRAGMA table_xinfo('{name}')").fetchall(),
                    sorted(db.execute(f"PRAGMA foreign_key_list('{name}')").fetchall()),
                )
            elif kind == "index":
                columns = db.execute(f"PRAGMA index_info('{name}')").fetchall()
                unique = [i[2] for i in db.execute(f"PRAGMA index_list('{table}')") if i[1] == name]
                found[f"index {table} {name if sql else 'auto'} {columns}"] = unique
            else:
                found[f"{kind} {name}"] = (table, re.sub(r"\s+", " ", sql))
    return found


def _made(path: Path, make: object, version: int) -> dict[str, object]:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        make(conn, version)  # type: ignore[operator]
    engine.dispose()
    return _schema(path)


@pytest.mark.parametrize("version", range(1, len(released.MIGRATIONS) + 1))
def test_each_version_gives_what_its_release_gave(tmp_path: Path, version: int) -> None:
    shipped = _made(tmp_path / "released.db", released.migrate, version)
    shared = _made(tmp_path / "shared.db", lambda conn, to: upgrade(conn, 0, to), version)
    assert shared == shipped
    assert len(shipped) > 3  # the comparison saw tables, not two empty files


def test_the_released_history_ends_where_the_shared_versions_began() -> None:
    # A version added after this must not be added to the history above.
    assert len(released.MIGRATIONS) == 10 <= CURRENT_VERSION
