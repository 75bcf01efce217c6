"""An incident list's line as plain data (``list --json``), for either way of reading it; and
the one way every JSON export writes a time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warroom.process.incident_row import IncidentRow


def iso(moment: datetime | None) -> str | None:
    """A time in ISO 8601 (UTC, as the store gives it back); None stays None."""
    return moment.isoformat() if moment is not None else None


def row_to_dict(row: IncidentRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "severity": row.severity,
        "status": row.status,
        "summary": row.summary,
        "incident_manager": row.incident_manager,
        "declared_at": iso(row.declared_at),
        "impact_started_at": iso(row.impact_started_at),
        "resolved_at": iso(row.resolved_at),
        "training": row.training,
        "open_items": row.open_items,
        "overdue_items": row.overdue_items,
    }
