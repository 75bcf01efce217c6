"""Stores as an older warroom left them, for the upgrade tests: built from that version's
migrations, holding incident HOT-7 (id 1) and one note."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine

from warroom.store.sqlite.schema import migrate


def store_at_version(path: Path, version: int) -> None:
    """A store as an older warroom left it, built from that version's migrations."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate(conn, to=version)
    engine.dispose()
    with closing(sqlite3.connect(path)) as db:
        db.execute(
            "INSERT INTO incident (id, key, prefix, number, summary, description, severity,"
            " status, service, chat_room, video_link, status_doc_link, detected_at,"
            " support_cases, training, declared_by, declared_at)"
            " VALUES (1, 'HOT-7', 'HOT', 7, 'Old incident', '', 2, 'fixing', 'Unknown',"
            " 'HOT-7', '', '', '2026-01-01 10:00:00', 3, 0, 'old', '2026-01-01 10:00:00')"
        )
        db.execute(
            "INSERT INTO timeline_entry (incident_id, occurred_at, recorded_at, author, kind,"
            " text, undo, edited) VALUES (1, '2026-01-01 10:05:00', '2026-01-01 10:05:00',"
            " 'old', 'note', 'kept across upgrades', '', 0)"
        )
        db.commit()
