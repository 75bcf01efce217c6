"""What the report across incidents reads: the incidents in its scope and, for all of them
at once, the moments its figures are measured between.

One query per table, grouped in the database where only the first moment matters, each
restricted to the incidents in scope by a subquery; all in one read transaction, so the
parts agree. The number of queries does not grow with the number of incidents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, case, func
from sqlalchemy import select as sa_select
from sqlmodel import col

from warroom.base.errors import InvalidInput
from warroom.process.context import Context
from warroom.store.models import (
    ActionItem,
    AssessmentAnswer,
    Incident,
    Message,
    Page,
    RoleAssignment,
    TimelineEntry,
)
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.incident import ActionKind
from warroom.vocabulary.roles import INCIDENT_MANAGER


@dataclass(frozen=True)
class Scope:
    """Which incidents count: declared in [since, until), of one severity, training or not."""

    since: datetime | None = None
    until: datetime | None = None
    severity: int | None = None
    training: bool = False  # True: training incidents count too

    def __post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.until <= self.since:
            since, until = (t.isoformat(timespec="minutes") for t in (self.since, self.until))
            raise InvalidInput("until", f"{until} is not after since ({since}): no time between")


@dataclass(frozen=True)
class SentAt:
    """A message as the cadence sees it: where and when it went, and what it promised."""

    channel: str
    phase: str
    sent_at: datetime
    fields: str  # the draft it was rendered from (JSON): its "next update" promise


@dataclass(frozen=True)
class PageTimes:
    paged_at: datetime
    acked_at: datetime | None


@dataclass
class IncidentRecord:
    """One incident and the moments its figures are measured between."""

    key: str
    summary: str
    severity: int
    status: str
    training: bool
    declared_at: datetime
    impact_started_at: datetime | None
    detected_at: datetime
    resolved_at: datetime | None
    im_took_it_at: datetime | None = None  # the first incident manager's holding began
    first_answers: dict[str, datetime] = field(default_factory=dict)  # question → first answer
    messages: list[SentAt] = field(default_factory=list)  # oldest first
    pages: list[PageTimes] = field(default_factory=list)
    follow_ups_open: int = 0
    follow_ups_overdue: int = 0
    reopened: int = 0  # how many times it was reopened


def _in_scope(scope: Scope) -> Select[int | None]:
    statement = sa_select(col(Incident.id))
    if scope.since is not None:
        statement = statement.where(col(Incident.declared_at) >= scope.since)
    if scope.until is not None:
        statement = statement.where(col(Incident.declared_at) < scope.until)
    if scope.severity is not None:
        statement = statement.where(col(Incident.severity) == scope.severity)
    if not scope.training:
        statement = statement.where(col(Incident.training).is_(False))
    return statement


def read_records(ctx: Context, scope: Scope) -> list[IncidentRecord]:
    """The incidents in scope, oldest declared first, with their moments. ``now`` (for
    overdue items) is the context's clock."""
    now = ctx.clock.now()
    ids = _in_scope(scope)
    incidents = (
        sa_select(
            col(Incident.id),
            col(Incident.key),
            col(Incident.summary),
            col(Incident.severity),
            col(Incident.status),
            col(Incident.training),
            col(Incident.declared_at),
            col(Incident.impact_started_at),
            col(Incident.detected_at),
            col(Incident.resolved_at),
        )
        .where(col(Incident.id).in_(ids))
        .order_by(col(Incident.declared_at), col(Incident.id))
    )
    # Reopening gives the roles back with new holdings: the first one is when it was taken.
    im_taken = (
        sa_select(col(RoleAssignment.incident_id), func.min(col(RoleAssignment.assumed_at)))
        .where(col(RoleAssignment.incident_id).in_(ids))
        .where(col(RoleAssignment.role) == INCIDENT_MANAGER)
        .group_by(col(RoleAssignment.incident_id))
    )
    # A later answer replaces an earlier one; the question was answered at the first.
    answered = (
        sa_select(
            col(AssessmentAnswer.incident_id),
            col(AssessmentAnswer.question),
            func.min(col(AssessmentAnswer.answered_at)),
        )
        .where(col(AssessmentAnswer.incident_id).in_(ids))
        .group_by(col(AssessmentAnswer.incident_id), col(AssessmentAnswer.question))
    )
    messages = (
        sa_select(
            col(Message.incident_id),
            col(Message.channel),
            col(Message.phase),
            col(Message.sent_at),
            col(Message.fields),
        )
        .where(col(Message.incident_id).in_(ids))
        .order_by(col(Message.sent_at), col(Message.id))
    )
    pages = (
        sa_select(col(Page.incident_id), col(Page.paged_at), col(Page.acked_at))
        .where(col(Page.incident_id).in_(ids))
        .order_by(col(Page.id))
    )
    is_overdue = case((col(ActionItem.due_at) < now, 1), else_=0)
    follow_ups = (
        sa_select(col(ActionItem.incident_id), func.count(), func.sum(is_overdue))
        .where(col(ActionItem.incident_id).in_(ids))
        .where(col(ActionItem.kind) == ActionKind.FOLLOW_UP.value)
        .where(col(ActionItem.done).is_(False))
        .group_by(col(ActionItem.incident_id))
    )
    reopens = (
        sa_select(col(TimelineEntry.incident_id), func.count())
        .where(col(TimelineEntry.incident_id).in_(ids))
        .where(col(TimelineEntry.fact) == Fact.REOPENED.value)
        .group_by(col(TimelineEntry.incident_id))
    )
    with ctx.store.read() as session:
        run = session.connection().execute
        records = {row[0]: IncidentRecord(*row[1:]) for row in run(incidents).all()}
        for iid, at in run(im_taken).all():
            records[iid].im_took_it_at = at
        for iid, question, at in run(answered).all():
            records[iid].first_answers[question] = at
        for iid, channel, phase, sent_at, fields in run(messages).all():
            records[iid].messages.append(SentAt(channel, phase, sent_at, fields))
        for iid, paged_at, acked_at in run(pages).all():
            records[iid].pages.append(PageTimes(paged_at, acked_at))
        for iid, open_count, overdue in run(follow_ups).all():
            records[iid].follow_ups_open, records[iid].follow_ups_overdue = open_count, overdue or 0
        for iid, count in run(reopens).all():
            records[iid].reopened = count
    return list(records.values())
