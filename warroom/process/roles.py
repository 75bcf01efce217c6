"""Who does what on an incident: assignments, handovers, and how long each person has been on it.

A role may have several holders (two tech leads for two workstreams), except
the incident manager: one person holds final authority at a time, and a change
of IM is a handover. History is never deleted: relieving closes a holding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from warroom.base.errors import InvalidInput, Refused
from warroom.process.context import Context
from warroom.process.incidents import move_to_fixing
from warroom.process.records import changing, require_text, system_entry
from warroom.store.models import Incident, RoleAssignment, Status

INCIDENT_MANAGER = "Incident manager"
TECH_LEAD = "Tech lead"
COMMS_MANAGER = "Communications manager"

# The handbook's roles, in the order the board lists them; custom names are allowed too.
KNOWN_ROLES = (
    INCIDENT_MANAGER,
    "Deputy incident manager",
    TECH_LEAD,
    COMMS_MANAGER,
    "Internal comms",
    "External comms",
    "Customer support lead",
    "Social media lead",
    "Root-cause analyst",
    "Scribe",
)
_ALIASES = {
    "im": INCIDENT_MANAGER,
    "imoc": INCIDENT_MANAGER,
    "tl": TECH_LEAD,
    "comms": COMMS_MANAGER,
    "cm": COMMS_MANAGER,
    "comms manager": COMMS_MANAGER,
    "deputy im": "Deputy incident manager",
    "problem manager": "Root-cause analyst",
}


@dataclass(frozen=True)
class Holding:
    """A current holder of a role, with the time they have been on the incident."""

    role: str
    person: str
    assumed_at: datetime
    on_incident_since: datetime

    def time_on_incident(self, now: datetime) -> timedelta:
        return now - self.on_incident_since


def canonical_role(name: str) -> str:
    """Known roles match case-insensitively (and by short alias); others are custom."""
    require_text("role", name)
    wanted = " ".join(name.split()).lower()
    if wanted in _ALIASES:
        return _ALIASES[wanted]
    for known in KNOWN_ROLES:
        if known.lower() == wanted:
            return known
    return " ".join(name.split())


def _person(value: str, field: str = "person") -> str:
    require_text(field, value)
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
                "hand over instead (roles tab: 1, select the IM, h)"
            )
        system_entry(session, incident, f"{role_name}: {who}", at=now, by=by, kind="role_assigned")
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
    ctx: Context, key: str, role: str, from_person: str, to_person: str, *, by: str
) -> None:
    """Close one holding and open the next in one step; history keeps both."""
    role_name = canonical_role(role)
    giver = _person(from_person, "from")
    taker = _person(to_person, "to")
    if giver.lower() == taker.lower():
        raise InvalidInput("to", "a handover needs a different person")
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        closed = _close(session, incident, role_name, giver, at=now)
        system_entry(
            session,
            incident,
            f"{role_name}: handed over from {closed.person} to {taker}",
            at=now,
            by=by,
            kind="role_handover",
        )
        _open(session, incident, role_name, taker, at=now, by=by)


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
            f"{role_name}: {closed.person} relieved",
            at=now,
            by=by,
            kind="role_relieved",
        )


def _role_order(role: str) -> tuple[int, str]:
    return (KNOWN_ROLES.index(role), "") if role in KNOWN_ROLES else (len(KNOWN_ROLES), role)


def current_holdings(session: Session, incident_id: int) -> list[Holding]:
    """Current holders, IM first, then the handbook's order, then custom roles.

    Time on the incident counts from the person's first role on it, so a
    handover between roles does not reset the fatigue clock.
    """
    statement = select(RoleAssignment).where(RoleAssignment.incident_id == incident_id)
    everyone = list(session.exec(statement).all())
    first_seen: dict[str, datetime] = {}
    for row in everyone:
        name = row.person.lower()
        first_seen[name] = min(first_seen.get(name, row.assumed_at), row.assumed_at)
    holdings = [
        Holding(row.role, row.person, row.assumed_at, first_seen[row.person.lower()])
        for row in everyone
        if row.relieved_at is None
    ]
    holdings.sort(key=lambda h: (_role_order(h.role), h.assumed_at))
    return holdings


def role_history(session: Session, incident_id: int) -> list[RoleAssignment]:
    statement = (
        select(RoleAssignment)
        .where(RoleAssignment.incident_id == incident_id)
        .order_by(col(RoleAssignment.assumed_at), col(RoleAssignment.id))
    )
    return list(session.exec(statement).all())
