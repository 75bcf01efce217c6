"""Declaring incidents and moving them through the lifecycle: new → fixing → resolved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from warroom.base import limits
from warroom.base.errors import InvalidInput, Refused
from warroom.process.checks import check_times, require_text
from warroom.process.context import Context
from warroom.process.declare_input import (
    Declaration as Declaration,  # where the services and the tests have always found it
)
from warroom.process.declare_input import (
    checked_declaration,
    declared_fact,
    incident_row,
    next_number,
    product_rows,
)
from warroom.process.records import changing, system_entry
from warroom.store.models import Incident, IncidentProduct
from warroom.vocabulary.facts import Fact, when
from warroom.vocabulary.incident import Status, parse_severity


def _next_number(session: Session, prefix: str) -> int:
    # Runs under the store's one write lock (store.base.Store), so two declarations can never
    # read the same maximum.
    statement = select(func.max(Incident.number)).where(Incident.prefix == prefix)
    return next_number(session.exec(statement).one())


def declare(ctx: Context, form: Declaration, *, by: str) -> Incident:
    declared = checked_declaration(
        form, by=by, now=ctx.clock.now(), names=ctx.catalog, training_only=ctx.training_only
    )
    with ctx.store.write() as session:
        incident = Incident(**incident_row(declared, _next_number(session, declared.prefix)))
        session.add(incident)
        session.flush()
        assert incident.id is not None
        for row in product_rows(declared, incident.id):
            session.add(IncidentProduct(**row))
        fact, values = declared_fact(declared)
        system_entry(session, incident, fact, at=declared.at, by=declared.by, **values)
    return incident


def move_to_fixing(session: Session, incident: Incident, *, at: datetime, by: str) -> None:
    """New → fixing, the moment an incident manager takes the incident."""
    if incident.status == Status.NEW.value:
        incident.status = Status.FIXING.value
        session.add(incident)
        moved = {"from": Status.NEW.value, "to": Status.FIXING.value}
        system_entry(session, incident, Fact.STATUS, at=at, by=by, **moved)


def _refuse_if_resolved(incident: Incident, doing: str) -> None:
    if incident.status == Status.RESOLVED.value:
        raise Refused(f"{incident.key} is resolved; reopen it before you {doing}")


def change_severity(ctx: Context, key: str, severity: object, *, reason: str, by: str) -> None:
    level = parse_severity(severity)
    require_text("reason", reason, limit=limits.REASON)
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        _refuse_if_resolved(incident, "change its severity")
        before = incident.severity
        incident.severity = level
        session.add(incident)
        # The handbook's IM sets *or confirms* the severity (before == level) and tells the team.
        system_entry(
            session,
            incident,
            Fact.SEVERITY,
            at=now,
            by=by,
            reason=reason,
            **{"from": before, "to": level},
        )


def set_times(
    ctx: Context,
    key: str,
    *,
    by: str,
    impact_started_at: datetime | None = None,
    detected_at: datetime | None = None,
) -> None:
    """Set or correct when the impact started and when it was detected."""
    if impact_started_at is None and detected_at is None:
        raise InvalidInput("times", "give impact started, detected, or both")
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        started = impact_started_at or incident.impact_started_at
        detected = detected_at or incident.detected_at
        check_times(started, detected, incident.resolved_at, now)
        changes = {}
        if impact_started_at is not None:
            incident.impact_started_at = impact_started_at
            changes["impact_started"] = when(impact_started_at)
        if detected_at is not None:
            incident.detected_at = detected_at
            changes["detected"] = when(detected_at)
        session.add(incident)
        system_entry(session, incident, Fact.TIMES, at=now, by=by, **changes)


def set_support_cases(ctx: Context, key: str, count: int, *, by: str) -> None:
    """A count from a script or a scenario; people answer question 5 instead."""
    if count < 0:
        raise InvalidInput("support cases", "cannot be negative")
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        incident.support_cases = count
        session.add(incident)
        system_entry(session, incident, Fact.SUPPORT_CASES, at=now, by=by, count=count)
