"""Reading one part of an incident: its products, current roles, answers, timeline window.

Both sides use these: the read models assemble them, and the rules check against them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from warroom.process.checks import no_such_incident, normalise_key
from warroom.store.models import (
    AssessmentAnswer,
    Incident,
    IncidentProduct,
    RoleAssignment,
    TimelineEntry,
)
from warroom.vocabulary.facts import Fact, describe
from warroom.vocabulary.kinds import EntryKind
from warroom.vocabulary.roles import KNOWN_ROLES


def find_incident(session: Session, key: str) -> Incident:
    incident = session.exec(select(Incident).where(Incident.key == normalise_key(key))).first()
    if incident is None:
        raise no_such_incident(key)
    return incident


def products_of(session: Session, incident_id: int) -> list[str]:
    statement = (
        select(IncidentProduct.product)
        .where(IncidentProduct.incident_id == incident_id)
        .order_by(col(IncidentProduct.product))
    )
    return list(session.exec(statement).all())


@dataclass(frozen=True)
class Holding:
    """A current holder of a role, with the time they have been on the incident."""

    role: str
    person: str
    assumed_at: datetime
    on_incident_since: datetime
    until: datetime | None = None  # when the incident was resolved: the timer stopped

    def time_on_incident(self, now: datetime) -> timedelta:
        return (self.until or now) - self.on_incident_since


def _role_order(role: str) -> tuple[int, str]:
    return (KNOWN_ROLES.index(role), "") if role in KNOWN_ROLES else (len(KNOWN_ROLES), role)


def current_holdings(
    session: Session, incident_id: int, *, resolved_at: datetime | None = None
) -> list[Holding]:
    """Current holders, IM first, then the handbook's order, then custom roles. Once the
    incident is resolved (``resolved_at``), the holders at its end, each with ``until``.

    Time on the incident counts from the person's first role on it, so a
    handover between roles does not reset the fatigue clock.
    """
    statement = select(RoleAssignment).where(RoleAssignment.incident_id == incident_id)
    everyone = list(session.exec(statement).all())
    first_seen: dict[str, datetime] = {}
    for row in everyone:
        name = row.person.lower()
        first_seen[name] = min(first_seen.get(name, row.assumed_at), row.assumed_at)
    current = [row for row in everyone if row.relieved_at is None]
    if resolved_at is not None and not current:
        current = ended_last(everyone)
    holdings = [
        Holding(
            row.role,
            row.person,
            row.assumed_at,
            first_seen[row.person.lower()],
            # A store from before resolving ended holdings: stop the timers at the end.
            (row.relieved_at or resolved_at) if resolved_at is not None else None,
        )
        for row in current
    ]
    holdings.sort(key=lambda h: (_role_order(h.role), h.assumed_at))
    return holdings


def ended_last(rows: list[RoleAssignment]) -> list[RoleAssignment]:
    """The holdings that ended at the last moment any did: resolving ends them all at once,
    so these are who held what when the incident was resolved. None while any is open."""
    if any(row.relieved_at is None for row in rows):
        return []
    last_end = max((row.relieved_at for row in rows if row.relieved_at), default=None)
    return [row for row in rows if last_end is not None and row.relieved_at == last_end]


def role_history(session: Session, incident_id: int) -> list[RoleAssignment]:
    statement = (
        select(RoleAssignment)
        .where(RoleAssignment.incident_id == incident_id)
        .order_by(col(RoleAssignment.assumed_at), col(RoleAssignment.id))
    )
    return list(session.exec(statement).all())


def current_answers(session: Session, incident_id: int) -> dict[str, AssessmentAnswer]:
    """The latest answer to each answered question, by slug."""
    statement = (
        select(AssessmentAnswer)
        .where(AssessmentAnswer.incident_id == incident_id)
        .order_by(col(AssessmentAnswer.id))
    )
    return {row.question: row for row in session.exec(statement).all()}


def latest_entries(
    session: Session,
    incident_id: int,
    *,
    kinds: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[TimelineEntry]:
    """The latest ``limit`` entries (all without one), oldest first."""
    statement = select(TimelineEntry).where(TimelineEntry.incident_id == incident_id)
    if kinds is not None:
        statement = statement.where(col(TimelineEntry.kind).in_(list(kinds)))
    newest_first = statement.order_by(
        col(TimelineEntry.occurred_at).desc(), col(TimelineEntry.id).desc()
    )
    if limit is not None:
        newest_first = newest_first.limit(limit)
    rows = list(session.exec(newest_first).all())
    rows.reverse()
    return rows


def entry_text(entry: TimelineEntry) -> str:
    """What an entry says: a person's words as written, or a system entry's fact in words."""
    if entry.kind != EntryKind.SYSTEM.value:
        return entry.text
    return describe(entry.fact, fact_values(entry))


def fact_values(entry: TimelineEntry) -> dict[str, Any]:
    """A system entry's values; none when what is stored is not a JSON object."""
    try:
        values = json.loads(entry.fact_values)
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}


def latest_handover(entries: list[TimelineEntry]) -> TimelineEntry | None:
    """The last hand-over among these entries (oldest first), if any."""
    return next((e for e in reversed(entries) if e.fact == Fact.ROLE_HANDOVER.value), None)
