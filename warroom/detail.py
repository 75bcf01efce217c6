"""Read models: what the list, the console and ``warroom show`` display, loaded in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case
from sqlmodel import col, select

from warroom.assessment import current_answers
from warroom.context import Context
from warroom.incidents import products_of
from warroom.models import (
    ActionItem,
    AssessmentAnswer,
    Incident,
    Page,
    RoleAssignment,
    Status,
    TimelineEntry,
)
from warroom.records import find_incident
from warroom.roles import INCIDENT_MANAGER, Holding, current_holdings, role_history


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


@dataclass(frozen=True)
class IncidentDetail:
    incident: Incident
    products: list[str]
    holdings: list[Holding]
    role_history: list[RoleAssignment]
    answers: dict[str, AssessmentAnswer]
    timeline: list[TimelineEntry]
    pages: list[Page]
    actions: list[ActionItem]

    @property
    def incident_manager(self) -> str | None:
        return next((h.person for h in self.holdings if h.role == INCIDENT_MANAGER), None)


def load_detail(ctx: Context, key: str, *, timeline_limit: int | None = None) -> IncidentDetail:
    """Everything about one incident, read in one transaction so the parts agree."""
    with ctx.store.read() as session:
        incident = find_incident(session, key)
        assert incident.id is not None
        iid = incident.id
        entries = select(TimelineEntry).where(TimelineEntry.incident_id == iid)
        newest_first = entries.order_by(
            col(TimelineEntry.occurred_at).desc(), col(TimelineEntry.id).desc()
        )
        if timeline_limit is not None:
            newest_first = newest_first.limit(timeline_limit)
        timeline = list(session.exec(newest_first).all())
        timeline.reverse()
        pages = select(Page).where(Page.incident_id == iid).order_by(col(Page.id))
        actions = (
            select(ActionItem).where(ActionItem.incident_id == iid).order_by(col(ActionItem.id))
        )
        return IncidentDetail(
            incident=incident,
            products=products_of(session, iid),
            holdings=current_holdings(session, iid),
            role_history=role_history(session, iid),
            answers=current_answers(session, iid),
            timeline=timeline,
            pages=list(session.exec(pages).all()),
            actions=list(session.exec(actions).all()),
        )


def list_incidents(
    ctx: Context, *, include_resolved: bool = False, limit: int | None = None, offset: int = 0
) -> list[IncidentRow]:
    """Open incidents first, then by severity, then the longest-running first."""
    resolved_last = case((col(Incident.status) == Status.RESOLVED.value, 1), else_=0)
    statement = select(Incident).order_by(
        resolved_last, col(Incident.severity), col(Incident.declared_at), col(Incident.id)
    )
    if not include_resolved:
        statement = statement.where(Incident.status != Status.RESOLVED.value)
    statement = statement.offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    with ctx.store.read() as session:
        incidents = list(session.exec(statement).all())
        ids = [i.id for i in incidents]
        managers = session.exec(
            select(RoleAssignment.incident_id, RoleAssignment.person)
            .where(col(RoleAssignment.incident_id).in_(ids))
            .where(RoleAssignment.role == INCIDENT_MANAGER)
            .where(col(RoleAssignment.relieved_at).is_(None))
        ).all()
    manager_of = dict(managers)
    return [
        IncidentRow(
            key=i.key,
            severity=i.severity,
            status=i.status,
            summary=i.summary,
            incident_manager=manager_of.get(i.id or 0),
            declared_at=i.declared_at,
            impact_started_at=i.impact_started_at,
            resolved_at=i.resolved_at,
            training=i.training,
        )
        for i in incidents
    ]
