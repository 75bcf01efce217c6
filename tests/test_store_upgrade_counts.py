"""Schema 5: a support-case count nobody gave becomes unknown instead of 0, and counts
are read again from what people wrote ("37 tickets so far" was 0 before)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from warroom.process.context import Context
from warroom.process.read import load_detail

from .old_stores import store_at_version

_INCIDENT = (
    "INSERT INTO incident (id, key, prefix, number, summary, description, severity, status,"
    " service, chat_room, video_link, status_doc_link, detected_at, support_cases, training,"
    " declared_by, declared_at) VALUES (?, ?, 'HOT', ?, 'x', '', 2, 'fixing', 'Unknown', '',"
    " '', '', '2026-01-01 10:00:00', ?, 0, 'old', '2026-01-01 10:00:00')"
)
_ANSWER = (
    "INSERT INTO assessment_answer (incident_id, question, answer, answered_by, answered_at)"
    " VALUES (?, 'support_cases', ?, 'old', ?)"
)
_COUNT = (
    "INSERT INTO timeline_entry (incident_id, occurred_at, recorded_at, author, kind, text,"
    " undo, edited, fact, fact_values) VALUES (?, ?, ?, 'system', 'system', '', '', 0,"
    " 'support_cases', ?)"
)


def test_counts_are_unknown_unless_given_and_read_from_the_latest_words(db_path: Path) -> None:
    store_at_version(db_path, 4)  # HOT-7 holds a count of 3 from a script: kept
    with closing(sqlite3.connect(db_path)) as db:
        db.execute(_INCIDENT, (2, "HOT-8", 8, 0))  # nobody said: unknown, not 0
        db.execute(_INCIDENT, (3, "HOT-9", 9, 0))
        db.execute(_ANSWER, (3, "37 tickets so far", "2026-01-01 10:10:00"))
        db.execute(_INCIDENT, (4, "HOT-10", 10, 12))
        db.execute(_ANSWER, (4, "12", "2026-01-01 10:10:00"))
        db.execute(_COUNT, (4, "2026-01-01 10:20:00", "2026-01-01 10:20:00", '{"count": 20}'))
        db.execute(_INCIDENT, (5, "HOT-11", 11, 0))
        db.execute(_ANSWER, (5, "0", "2026-01-01 10:10:00"))  # a real zero stays zero
        db.commit()
    ctx = Context.open(db_path)
    counts = {
        key: load_detail(ctx, key).incident.support_cases
        for key in ("HOT-7", "HOT-8", "HOT-9", "HOT-10", "HOT-11")
    }
    assert counts == {"HOT-7": 3, "HOT-8": None, "HOT-9": 37, "HOT-10": 20, "HOT-11": 0}
    ctx.close()
