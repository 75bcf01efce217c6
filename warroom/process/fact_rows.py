"""A system entry's rows: what the console recorded itself, as a fact (its kind and values)
on the timeline and in the event log. ``records.system_entry`` writes them through the ORM,
the command line's direct path with the sqlite3 module alone; both make them here."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from warroom.vocabulary.facts import Fact
from warroom.vocabulary.kinds import EntryKind


def fact_row(
    incident_id: int, fact: Fact, *, at: datetime, by: str, values: dict[str, Any]
) -> dict[str, Any]:
    """The ``timeline_entry`` row: every column but its id. Words come only when it is
    shown (``vocabulary.facts.describe``)."""
    return {
        "incident_id": incident_id,
        "occurred_at": at,
        "recorded_at": at,
        "author": by,
        "kind": EntryKind.SYSTEM.value,
        "text": "",
        "undo": "",
        "edited": False,
        "fact": fact.value,
        "fact_values": json.dumps(values, ensure_ascii=False, sort_keys=True),
    }


def fact_event(
    incident_id: int, fact: Fact, *, at: datetime, by: str, values: dict[str, Any]
) -> dict[str, Any]:
    """What the fact's event records (``store.events.event_row``'s arguments)."""
    return {"at": at, "actor": by, "kind": fact.value, "incident_id": incident_id, **values}
