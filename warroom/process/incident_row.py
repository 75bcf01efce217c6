"""A line of the incident list, as every way of reading it gives it (``read.py`` through
the ORM, ``direct_list.py`` with the sqlite3 module alone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

STREAMED_ROWS = 1_000  # rows fetched at a time when the whole list is read (list --all --json)


@dataclass(frozen=True)
class IncidentRow:
    """One line of the incident list."""

    key: str
    severity: int
    status: str
    summary: str
    incident_manager: str | None
    declared_at: datetime
    impact_started_at: datetime | None
    resolved_at: datetime | None
    training: bool
    open_items: int = 0  # clean-up and follow-up items not done yet
    overdue_items: int = 0  # of those, the ones past their due time when read
