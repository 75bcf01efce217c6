"""Who does what on an incident: assignments, handovers, and how long each person has been on it.

A role may have several holders (two tech leads for two workstreams), except
the incident manager: one person holds final authority at a time, and a change
of IM is a handover. History is never deleted: relieving closes a holding.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from warroom.base import limits
from warroom.base.errors import InvalidInput, Refused
from warroom.base.limits import within
from warroom.process.checks import require_text
from warroom.process.context import Context
from warroom.process.incidents import move_to_fixing
from warroom.process.queries import ended_last
from warroom.process.records import changing, system_entry
from warroom.store.models import Incident, RoleAssignment
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.incident import Status
from warroom.vocabulary.roles import (
    INCIDENT_MANAGER,
    KNOWN_ROLES,
    ROLE_ALIASES,
)


def canonical_role(name: str) -> str:
    """Known roles match case-insensitively (and by short alias); others are custom."""
    require_text("role", name, limit=limits.NAME)
    wanted = " ".join(name.split()).lower()
    if wanted in ROLE_ALIASES:
        return ROLE_ALIASES[wanted]
    for known in KNOWN_ROLES:
        if known.lower() == wanted:
            return known
    return " ".join(name.split())


def _person(value: str, field: str = "person") -> str:
    require_text(field, value, limit=limits.NAME)
    return " ".join(value.split())


def _open_holdings(session: Session, incident_id: int) -> list[RoleAssignment]:
    statement = (
        select(RoleAssignment)
        .where(RoleAssignment.incident_id == incident_id)
        .where(col(RoleAssignment.relieved_at).is_(None))
        .order_by(col(RoleAssignment.assumed_at), col(RoleAssignment.id))
    )
    return list(session.exec(statement).all())


def _open(
    session: Session, incident: Incident, role: str, person: str, *, at: datetime, by: str
) -> None:
    assert incident.id is not None
    session.add(
        RoleAssignment(
            incident_id=incident.id, role=role, person=person, assumed_at=at, assigned_by=by
        )
    )
    if role == INCIDENT_MANAGER:
        move_to_fixing(session, incident, at=at, by=by)


def assign(ctx: Context, key: str, role: str, person: str, *, by: str) -> None:
    """Give ``person`` the role. Assigning an incident manager moves a new incident to fixing."""
    role_name = canonical_role(role)
    who = _person(person)
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        assert incident.id is not None
        if role_name == INCIDENT_MANAGER and incident.status == Status.RESOLVED.value:
            raise Refused(f"{incident.key} is resolved; reopen it before taking it")
        holders = [h for h in _open_holdings(session, incident.id) if h.role == role_name]
        if any(h.person.lower() == who.lower() for h in holders):
            raise Refused(f"{who} already holds {role_name} on {incident.key}; nothing to do")
        if role_name == INCIDENT_MANAGER and holders:
            raise Refused(
                f"{incident.key} already has an incident manager ({holders[0].person}); "
                "hand the role over instead"
            )
        system_entry(
            session, incident, Fact.ROLE_ASSIGNED, at=now, by=by, role=role_name, person=who
        )
        _open(session, incident, role_name, who, at=now, by=by)


def take(ctx: Context, key: str, *, by: str) -> None:
    """The IM takes the incident: assigns it to themself, and it moves to fixing."""
    assign(ctx, key, INCIDENT_MANAGER, by, by=by)


def _close(
    session: Session, incident: Incident, role: str, person: str, *, at: datetime
) -> RoleAssignment:
    assert incident.id is not None
    for holding in _open_holdings(session, incident.id):
        if holding.role == role and holding.person.lower() == person.lower():
            holding.relieved_at = at
            session.add(holding)
            return holding
    raise Refused(f"{person} does not hold {role} on {incident.key}")


def handover(
    ctx: Context,
    key: str,
    role: str,
    from_person: str,
    to_person: str,
    *,
    by: str,
    note: str = "",
) -> None:
    """Close one holding and open the next in one step; history keeps both. ``note``: what
    the incoming holder needs: what is going on, what is open, what is next."""
    role_name = canonical_role(role)
    giver = _person(from_person, "from")
    taker = _person(to_person, "to")
    if giver.lower() == taker.lower():
        raise InvalidInput("to", "a handover needs a different person")
    within("note", note, limits.HANDOVER_NOTE)
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        closed = _close(session, incident, role_name, giver, at=now)
        system_entry(
            session,
            incident,
            Fact.ROLE_HANDOVER,
            at=now,
            by=by,
            role=role_name,
            note=note.strip(),
            **{"from": closed.person, "to": taker},
        )
        _open(session, incident, role_name, taker, at=now, by=by)


def end_all(session: Session, incident: Incident, *, at: datetime) -> None:
    """The incident is over: every holding ends now, so timers stop and the history says
    who held what until when."""
    assert incident.id is not None
    for holding in _open_holdings(session, incident.id):
        holding.relieved_at = at
        session.add(holding)


def restore_last(session: Session, incident: Incident, *, at: datetime) -> list[list[str]]:
    """A reopened incident goes back to the people who held its roles when it was resolved:
    each of them holds the role again from now. Returns [role, person] pairs."""
    assert incident.id is not None
    statement = select(RoleAssignment).where(RoleAssignment.incident_id == incident.id)
    back = ended_last(list(session.exec(statement).all()))
    for row in back:
        session.add(
            RoleAssignment(
                incident_id=incident.id,
                role=row.role,
                person=row.person,
                assumed_at=at,
                assigned_by=row.assigned_by,
            )
        )
    return [[row.role, row.person] for row in back]


def relieve(ctx: Context, key: str, role: str, person: str, *, by: str) -> None:
    """End a holding without a successor (e.g. a second tech lead's workstream closed)."""
    role_name = canonical_role(role)
    who = _person(person)
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        closed = _close(session, incident, role_name, who, at=now)
        system_entry(
            session,
            incident,
            Fact.ROLE_RELIEVED,
            at=now,
            by=by,
            role=role_name,
            person=closed.person,
        )
