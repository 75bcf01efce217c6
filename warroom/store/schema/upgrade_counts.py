"""Version 5's data step: the support-case count becomes unknown (NULL) unless someone
gave one, and is read again from what people wrote (``37 tickets so far`` was 0 before)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from warroom.base.counts import read_count


def recount_support_cases(conn: Connection) -> None:
    """Each incident's count from its latest evidence: an answer to question 5 or a
    recorded count, whichever came last. No evidence: unknown, whatever the old 0 said."""
    latest: dict[int, tuple[str, int | None]] = {}
    answers = conn.exec_driver_sql(
        "SELECT incident_id, answer, answered_at FROM assessment_answer"
        " WHERE question = 'support_cases'"
    )
    for incident_id, answer, at in answers:
        _keep_latest(latest, incident_id, str(at), read_count(answer))
    counts = conn.exec_driver_sql(
        "SELECT incident_id, fact_values, recorded_at FROM timeline_entry"
        " WHERE fact = 'support_cases'"
    )
    for incident_id, values, at in counts:
        count = json.loads(values).get("count")
        _keep_latest(latest, incident_id, str(at), count if isinstance(count, int) else None)
    for incident_id, (_, count) in latest.items():
        conn.execute(
            text("UPDATE incident SET support_cases = :count WHERE id = :id"),
            {"count": count, "id": incident_id},
        )


def _keep_latest(
    latest: dict[int, tuple[str, int | None]], incident_id: int, at: str, count: int | None
) -> None:
    moment = datetime.fromisoformat(at).isoformat()
    if incident_id not in latest or latest[incident_id][0] <= moment:
        latest[incident_id] = (moment, count)
