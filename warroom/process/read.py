"""Read models: what the list, the console and ``warroom show`` display, loaded in one go."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    Boolean,
    ColumnElement,
    Select,
    Subquery,
    bindparam,
    case,
    func,
    or_,
)
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from warroom.process.context import Context
from warroom.process.frozen_sql import FLAG, NOW, PLAIN, TIME, FrozenStatement
from warroom.process.incident_row import STREAMED_ROWS, IncidentRow
from warroom.process.queries import (
    Holding,
    current_answers,
    current_holdings,
    find_incident,
    latest_entries,
    products_of,
    role_history,
)
from warroom.store.models import (
    ActionItem,
    AssessmentAnswer,
    Delivery,
    Event,
    Incident,
    Message,
    Page,
    RoleAssignment,
    TimelineEntry,
    UTCDateTime,
)
from warroom.vocabulary.channels import CHANNELS, Phase
from warroom.vocabulary.facts import Fact, describe
from warroom.vocabulary.incident import Status
from warroom.vocabulary.roles import INCIDENT_MANAGER

SEND_REFUSED = "send-refused"  # the event a send the comms gates refused leaves


@dataclass(frozen=True)
class SentMessage:
    message: Message
    deliveries: list[Delivery]
    drill: bool = False  # its incident is a training drill: delivered to the outbox only


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
    messages: list[SentMessage]

    @property
    def incident_manager(self) -> str | None:
        return next((h.person for h in self.holdings if h.role == INCIDENT_MANAGER), None)


def load_detail(ctx: Context, key: str, *, timeline_limit: int | None = None) -> IncidentDetail:
    """Everything about one incident, read in one transaction so the parts agree."""
    with ctx.store.read() as session:
        return detail_of(session, find_incident(session, key), timeline_limit=timeline_limit)


def _resolved_at(incident: Incident) -> datetime | None:
    return incident.resolved_at if incident.status == Status.RESOLVED.value else None


def detail_of(
    session: Session, incident: Incident, *, timeline_limit: int | None = None
) -> IncidentDetail:
    """Everything about ``incident`` as ``session`` sees it: a writer checking a rule reads
    the same state it then changes."""
    assert incident.id is not None
    iid = incident.id
    pages = select(Page).where(Page.incident_id == iid).order_by(col(Page.id))
    actions = select(ActionItem).where(ActionItem.incident_id == iid).order_by(col(ActionItem.id))
    return IncidentDetail(
        incident=incident,
        products=products_of(session, iid),
        holdings=current_holdings(session, iid, resolved_at=_resolved_at(incident)),
        role_history=role_history(session, iid),
        answers=current_answers(session, iid),
        timeline=latest_entries(session, iid, limit=timeline_limit),
        pages=list(session.exec(pages).all()),
        actions=list(session.exec(actions).all()),
        messages=messages_of(session, iid, drill=incident.training),
    )


def messages_of(session: Session, incident_id: int, *, drill: bool) -> list[SentMessage]:
    """Sent messages, oldest first, each with its deliveries."""
    messages = session.exec(
        select(Message).where(Message.incident_id == incident_id).order_by(col(Message.id))
    ).all()
    ids = [m.id for m in messages]
    deliveries = session.exec(
        select(Delivery).where(col(Delivery.message_id).in_(ids)).order_by(col(Delivery.id))
    ).all()
    return [
        SentMessage(m, [d for d in deliveries if d.message_id == m.id], drill=drill)
        for m in messages
    ]


def unsent_channels(detail: IncidentDetail, phase: Phase) -> list[str]:
    """The handbook sends each phase on every channel: those this phase has not gone out on."""
    sent = {m.message.channel for m in detail.messages if m.message.phase == phase.value}
    return [c.name for c in CHANNELS if c.name not in sent]


def row_of(detail: IncidentDetail, now: datetime) -> IncidentRow:
    """The incident list's line for one incident already read in full."""
    i = detail.incident
    still_open = [a for a in detail.actions if not a.done]
    return IncidentRow(
        i.key,
        i.severity,
        i.status,
        i.summary,
        detail.incident_manager,
        i.declared_at,
        i.impact_started_at,
        i.resolved_at,
        i.training,
        len(still_open),
        sum(a.due_at is not None and a.due_at < now for a in still_open),
    )


def list_incidents(
    ctx: Context, *, include_resolved: bool = False, limit: int | None = None, offset: int = 0
) -> list[IncidentRow]:
    """Open incidents first, by severity then the longest-running first; then resolved
    ones, the most recently resolved first.

    Reads plain columns (no ORM objects) with the current IM joined in, and each
    incident's open items counted in one grouped query, so listing thousands of incidents
    stays cheap. Items are overdue as of the clock's now.
    """
    with ctx.store.read() as session:
        page = None
        if limit is not None or offset:
            page = _page(session, include_resolved, limit, offset)
        statement = _incidents_statement(ctx.clock.now(), include_resolved, page)
        rows = session.connection().execute(statement).all()
    return [IncidentRow(*row) for row in rows]


def _is_open() -> ColumnElement[bool]:
    """An incident not resolved yet. The open statuses are named, not "not resolved": an
    inequality reads every incident of the store rather than the status index."""
    return col(Incident.status).in_([s.value for s in Status if s is not Status.RESOLVED])


# The list's order among open incidents (see _incidents_statement): severity, then age.
_OPEN_ORDER = (col(Incident.severity), col(Incident.declared_at))


def _page(session: Session, include_resolved: bool, limit: int | None, offset: int) -> list[int]:
    """The ids of a page of the list, chosen on the incident's own columns and indexes: the
    open ones (few) by severity and age, then the resolved ones along the index of their
    resolution time. Sorting every incident for a page cost 80 ms at 100,000."""
    open_ids = session.exec(
        select(Incident.id).where(_is_open()).order_by(*_OPEN_ORDER, col(Incident.id))
    ).all()
    end = None if limit is None else offset + limit
    ids = [i for i in open_ids[offset:end] if i is not None]
    wanted = None if limit is None else limit - len(ids)
    if include_resolved and wanted != 0:
        resolved = (
            select(Incident.id)
            # Through a function, so that no planner reads them by the status index and
            # sorts them all: the resolution index gives them in order (LIMIT stops it).
            .where(func.coalesce(Incident.status, "") == Status.RESOLVED.value)
            .order_by(col(Incident.resolved_at).desc(), col(Incident.id))
            .offset(max(offset - len(open_ids), 0))
            .limit(wanted)
        )
        ids += [i for i in session.exec(resolved).all() if i is not None]
    return ids


def each_incident(ctx: Context, *, include_resolved: bool = False) -> Iterator[IncidentRow]:
    """``list_incidents``, one row at a time from one read: memory stays flat however many
    incidents the store holds (``list --all --json`` on a store of years)."""
    statement = _incidents_statement(ctx.clock.now(), include_resolved, None)
    with ctx.store.read() as session:
        result = session.connection().execution_options(yield_per=STREAMED_ROWS)
        for row in result.execute(statement):
            yield IncidentRow(*row)


def frozen_list(include_resolved: bool) -> FrozenStatement:
    """``each_incident``'s statement compiled for SQLite, the time items are overdue against
    left as a parameter: what ``list_sql.py`` keeps for the command line's direct path."""
    from sqlalchemy.dialects import sqlite

    now = bindparam(NOW, value=datetime.fromtimestamp(0, UTC), type_=UTCDateTime())
    statement = _incidents_statement(now, include_resolved, None)
    compiled = statement.compile(
        dialect=sqlite.dialect(), compile_kwargs={"render_postcompile": True}
    )
    assert compiled.positiontup is not None
    params = tuple(NOW if name == NOW else compiled.params[name] for name in compiled.positiontup)
    kinds = {UTCDateTime: TIME, Boolean: FLAG}
    columns = tuple(kinds.get(type(column.type), PLAIN) for column in statement.selected_columns)
    return FrozenStatement(str(compiled), params, columns)


def _incidents_statement(
    now: datetime | BindParameter[datetime], include_resolved: bool, page: list[int] | None
) -> Select[Any]:
    """The list's rows; ``page``: only these incidents (the IM and the items are then read
    for a page alone, not for every incident of the store)."""
    is_open = _is_open()
    ordering = (
        case((is_open, 0), else_=1),
        case((is_open, Incident.severity), else_=0),
        case((is_open, Incident.declared_at), else_=None),
        col(Incident.resolved_at).desc(),
        col(Incident.id),
    )
    listed: ColumnElement[bool] | None = None if include_resolved else is_open
    if page is not None:
        listed = col(Incident.id).in_(page)
    items = _open_items(now, listed)
    # The IM now; for a resolved incident (whose holdings ended), the last one.
    manager = (
        select(RoleAssignment.person)
        .where(RoleAssignment.incident_id == Incident.id)
        .where(RoleAssignment.role == INCIDENT_MANAGER)
        .where(or_(col(RoleAssignment.relieved_at).is_(None), ~is_open))
        .order_by(col(RoleAssignment.assumed_at).desc(), col(RoleAssignment.id).desc())
        .limit(1)
        .scalar_subquery()
    )
    statement = (
        sa_select(  # sqlmodel's select() types at most four columns
            col(Incident.key),
            col(Incident.severity),
            col(Incident.status),
            col(Incident.summary),
            manager,
            col(Incident.declared_at),
            col(Incident.impact_started_at),
            col(Incident.resolved_at),
            col(Incident.training),
            func.coalesce(items.c.open, 0),
            func.coalesce(items.c.overdue, 0),
        )
        .outerjoin(items, items.c.incident_id == col(Incident.id))
        .order_by(*ordering)
    )
    return statement if listed is None else statement.where(listed)


def _open_items(
    now: datetime | BindParameter[datetime], listed: ColumnElement[bool] | None
) -> Subquery:
    """Per incident with open items: how many, and how many are past their due time.
    ``listed``: only for the incidents that pass it (the list's own filter), so a list of
    the open ones does not count the items of every resolved one."""
    overdue = case((col(ActionItem.due_at) < now, 1), else_=0)
    wanted = [col(ActionItem.done).is_(False)]
    if listed is not None:  # measured: IN reads only those incidents' items; a join did not
        wanted.append(col(ActionItem.incident_id).in_(sa_select(col(Incident.id)).where(listed)))
    return (
        sa_select(
            col(ActionItem.incident_id).label("incident_id"),
            func.count().label("open"),
            func.sum(overdue).label("overdue"),
        )
        .where(*wanted)
        .group_by(col(ActionItem.incident_id))
        .subquery()
    )


def count_incidents(ctx: Context, *, include_resolved: bool = False) -> int:
    """How many incidents ``list_incidents`` would list without a limit."""
    statement = select(func.count()).select_from(Incident)
    if not include_resolved:
        statement = statement.where(_is_open())
    with ctx.store.read() as session:
        return session.exec(statement).one()


def count_resolved(ctx: Context) -> int:
    """How many incidents are resolved: what a list of open ones leaves out."""
    statement = select(func.count()).where(col(Incident.status) == Status.RESOLVED.value)
    with ctx.store.read() as session:
        return session.exec(statement).one()


@dataclass(frozen=True)
class ActionRow:
    """One clean-up or follow-up item, with the key of its incident."""

    id: int
    key: str
    text: str
    owner: str
    kind: str
    done: bool
    due_at: datetime | None
    created_by: str
    created_at: datetime
    done_at: datetime | None
    priority: str
    link: str
    done_by: str


def list_actions(
    ctx: Context,
    key: str | None = None,
    *,
    open_only: bool = False,
    overdue_at: datetime | None = None,
) -> list[ActionRow]:
    """Action items of one incident (``key``) or of all: open ones first, the soonest due
    first (none said: after those), then in the order they were added. ``overdue_at``:
    only open items due before that moment."""
    statement = (
        sa_select(
            col(ActionItem.id),
            col(Incident.key),
            col(ActionItem.text),
            col(ActionItem.owner),
            col(ActionItem.kind),
            col(ActionItem.done),
            col(ActionItem.due_at),
            col(ActionItem.created_by),
            col(ActionItem.created_at),
            col(ActionItem.done_at),
            col(ActionItem.priority),
            col(ActionItem.link),
            col(ActionItem.done_by),
        )
        .join(Incident, col(Incident.id) == col(ActionItem.incident_id))
        .order_by(
            col(ActionItem.done),
            col(ActionItem.due_at).is_(None),
            col(ActionItem.due_at),
            col(ActionItem.id),
        )
    )
    if open_only or overdue_at is not None:
        statement = statement.where(col(ActionItem.done).is_(False))
    if overdue_at is not None:
        statement = statement.where(col(ActionItem.due_at) < overdue_at)
    with ctx.store.read() as session:
        if key is not None:
            incident = find_incident(session, key)
            statement = statement.where(col(ActionItem.incident_id) == incident.id)
        rows = session.connection().execute(statement).all()
    return [ActionRow(**row._asdict()) for row in rows]


@dataclass(frozen=True)
class HandoverNotice:
    """A role handed over: for the incoming holder's console, whatever incident it shows."""

    event_id: int
    key: str
    text: str  # as the timeline words it, note included
    to: str


def handovers_between(ctx: Context, after: int, upto: int) -> list[HandoverNotice]:
    """Hand-overs recorded after event ``after`` up to ``upto``, oldest first. The event ids
    are the change feed's, so this reads only what is new (a range of the primary key)."""
    statement = (
        select(Event, Incident.key)
        .join(Incident, col(Incident.id) == col(Event.incident_id))
        .where(col(Event.id) > after, col(Event.id) <= upto)
        .where(Event.kind == Fact.ROLE_HANDOVER.value)
        .order_by(col(Event.id))
    )
    with ctx.store.read() as session:
        rows = session.exec(statement).all()
    notices = []
    for event, key in rows:
        values = json.loads(event.detail or "{}")
        text = describe(Fact.ROLE_HANDOVER, values)
        notices.append(HandoverNotice(event.id or 0, key, text, str(values.get("to", ""))))
    return notices


@dataclass(frozen=True)
class RefusedSend:
    """A send the comms gates refused: when, by whom, where, and what was missing."""

    at: datetime
    by: str
    phase: str
    channel: str
    missing: tuple[str, ...]  # the labels of the checks that blocked it


def refused_sends(session: Session, incident_id: int) -> list[RefusedSend]:
    """The sends refused on one incident, oldest first. What a refusal's event holds is read
    leniently: a value that is not what ``comms.sending`` writes reads as empty."""
    statement = (
        select(Event)
        .where(Event.incident_id == incident_id, Event.kind == SEND_REFUSED)
        .order_by(col(Event.at), col(Event.id))
    )
    return [_refused(event) for event in session.exec(statement).all()]


def _refused(event: Event) -> RefusedSend:
    try:
        values = json.loads(event.detail or "{}")
    except ValueError:
        values = {}
    if not isinstance(values, dict):
        values = {}
    missing = values.get("missing")
    return RefusedSend(
        at=event.at,
        by=event.actor,
        phase=_text(values.get("phase")),
        channel=_text(values.get("channel")),
        missing=tuple(m for m in missing if isinstance(m, str))
        if isinstance(missing, list)
        else (),
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
