"""An event row, as every write appends one (``Store.write``): whichever way the write
reaches the store, through the ORM or with the sqlite3 module alone, the row is made here."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any


def event_row(
    *, at: datetime, actor: str, kind: str, incident_id: int | None = None, **detail: Any
) -> dict[str, Any]:
    """The ``event`` table's columns but its id: what happened, by whom, when, and its
    details as JSON (keys sorted, so the same facts are always the same text)."""
    return {
        "at": at,
        "actor": actor,
        "kind": kind,
        "incident_id": incident_id,
        "detail": json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
    }
