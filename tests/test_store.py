"""The store: pragmas, schema versions and upgrades, refusing files that are not ours."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from warroom.base.errors import StoreError
from warroom.process import incidents, timeline
from warroom.process.context import Context
from warroom.store.base import record_event
from warroom.store.open import open_store
from warroom.store.sqlite.engine import SqliteStore as Store
from warroom.store.sqlite.engine import resolve_target
from warroom.store.sqlite.schema import APPLICATION_ID, CURRENT_VERSION

from .conftest import T0
from .old_stores import store_at_version
from .schema_check import differences
from .store_probe import refusal


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_is_wal_with_foreign_keys_and_busy_timeout(db_path: Path) -> None:
    store = Store.open(db_path)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
    assert store.schema_version() == CURRENT_VERSION
    store.close()


def test_migrations_produce_exactly_the_models_schema(db_path: Path) -> None:
    """A model changed without a migration (or the reverse) fails here."""
    store = Store.open(db_path)
    assert differences(store.engine) == []
    store.close()


@pytest.mark.parametrize("version", range(1, CURRENT_VERSION))
def test_older_store_is_upgraded_without_loss(db_path: Path, clock: object, version: int) -> None:
    store_at_version(db_path, version)
    ctx = Context.open(db_path)
    assert ctx.store.schema_version() == CURRENT_VERSION
    notes = timeline.entries(ctx, "HOT-7")
    assert [n.text for n in notes] == ["kept across upgrades"]
    # The next key continues after the old ones.
    assert incidents.declare(ctx, incidents.Declaration("New", 3), by="me").key == "HOT-8"
    ctx.close()


def test_an_older_version_exists_to_upgrade_from() -> None:
    # The parametrised upgrade test above is empty without one.
    assert CURRENT_VERSION >= 2


def test_reopening_a_current_store_changes_nothing(db_path: Path) -> None:
    Store.open(db_path).close()
    with closing(sqlite3.connect(db_path)) as db:
        before = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    Store.open(db_path).close()
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == before


def test_newer_store_is_refused_untouched(db_path: Path) -> None:
    Store.open(db_path).close()
    with closing(sqlite3.connect(db_path)) as db:
        db.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    digest = _digest(db_path)
    with pytest.raises(StoreError, match="newer warroom"):
        Store.open(db_path)
    assert _digest(db_path) == digest


def test_foreign_sqlite_database_is_refused_untouched(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('soup')")
        db.commit()
    digest = _digest(db_path)
    with pytest.raises(StoreError, match="not a warroom store"):
        Store.open(db_path)
    assert _digest(db_path) == digest
    assert not Path(f"{db_path}-wal").exists()


def test_text_file_is_refused_untouched(db_path: Path) -> None:
    db_path.write_text("just some notes, not a database\n")
    digest = _digest(db_path)
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store.open(db_path)
    assert _digest(db_path) == digest


def test_corrupt_store_is_refused_untouched(db_path: Path) -> None:
    Store.open(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page after the header
    db_path.write_bytes(bytes(data))
    digest = _digest(db_path)
    with pytest.raises(StoreError, match="cannot be"):
        Store.open(db_path)
    assert _digest(db_path) == digest


def test_read_only_store_is_refused_untouched(db_path: Path) -> None:
    Store.open(db_path).close()
    db_path.chmod(0o444)
    digest = _digest(db_path)
    try:
        with pytest.raises(StoreError, match="read-only"):
            Store.open(db_path)
        assert _digest(db_path) == digest
    finally:
        db_path.chmod(0o644)


def test_missing_folder_and_directory_are_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nowhere" / "w.db")
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(tmp_path)


def test_targets_paths_and_sqlite_urls_only(tmp_path: Path) -> None:
    url, path = resolve_target(f"sqlite:///{tmp_path}/a.db")
    assert path == tmp_path / "a.db" and url.endswith("/a.db")
    assert resolve_target(tmp_path / "b.db")[1] == tmp_path / "b.db"
    with pytest.raises(StoreError, match="in-memory"):
        resolve_target("sqlite:///:memory:")


def test_other_engines_are_refused_without_showing_a_password() -> None:
    for url in ("mysql://warroom:s3cret@localhost/warroom", "postgresql+pg8000://w:s3cret@h/w"):
        with pytest.raises(StoreError, match=r"SQLite .* or PostgreSQL|psycopg") as refused:
            open_store(url)
        assert "s3cret" not in str(refused.value)


def test_every_write_must_record_an_event(db_path: Path) -> None:
    store = Store.open(db_path)
    with pytest.raises(RuntimeError, match="no event"), store.write():
        pass
    with store.write() as session:
        record_event(session, at=T0, actor="me", kind="test")
    assert store.latest_event_id() == 1
    store.close()


def test_failed_write_rolls_back_its_event(db_path: Path) -> None:
    store = Store.open(db_path)
    with pytest.raises(ValueError), store.write() as session:
        record_event(session, at=T0, actor="me", kind="test")
        raise ValueError("boom")
    assert store.latest_event_id() == 0
    store.close()


def test_timeline_and_event_log_are_append_only_in_the_database(ctx: Context) -> None:
    key = incidents.declare(ctx, incidents.Declaration("x", 3), by="me").key
    timeline.add_note(ctx, key, "kept", by="me")
    refused = [
        ("DELETE FROM timeline_entry", "never deleted"),
        ("DELETE FROM event", "append-only"),
        ("UPDATE event SET actor = 'someone else'", "append-only"),
    ]
    if ctx.store.path is None:  # PostgreSQL: TRUNCATE skips row triggers; it is refused too
        refused += [
            ("TRUNCATE timeline_entry CASCADE", "never deleted"),
            ("TRUNCATE event", "append-only"),
        ]
    for statement, words in refused:
        assert words in refusal(ctx.store, statement)
    assert [e.text for e in timeline.entries(ctx, key, kinds=["note"])] == ["kept"]
