"""Notices: one person told of one page at one step, and each way the notice leaves.

As for messages (``comms.sending``), what goes out is recorded first, with a pending
delivery per adapter, inside the transaction that decided to send it; the adapters run
after the commit, outside any lock, and each result is recorded in a short write of its
own. A delivery that fails stays failed until a tick tries it again (``retry_failed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from warroom.comms.attempts import record_attempt
from warroom.comms.delivery.base import Attempt
from warroom.comms.delivery.pages import PageOut, deliver_page, page_adapters_for
from warroom.config.escalation import EscalationStep
from warroom.process.context import Context
from warroom.process.page_cancel import RETRY_AFTER
from warroom.store.base import record_event
from warroom.store.models import Incident, Page, PageDelivery, PageNotice
from warroom.vocabulary.pages import ESCALATION_AUTHOR, OPEN, PageAction

MAX_ATTEMPTS = 10
"""After this many, a delivery stays failed for a person to look at (``warroom pages``)."""


@dataclass(frozen=True)
class Notified:
    """Who was told, and how each delivery fared."""

    people: tuple[str, ...]
    attempts: tuple[tuple[str, Attempt], ...]  # (person, attempt), in order


@dataclass(frozen=True)
class _Pending:
    """A delivery recorded and claimed, with all its attempt needs: no read before it."""

    delivery_id: int
    adapter: str
    incident_id: int
    out: PageOut


def notify(
    ctx: Context,
    session: Session,
    incident: Incident,
    page: Page,
    step: EscalationStep,
    people: tuple[str, ...],
    now: datetime,
    *,
    deliver: bool = True,
) -> list[_Pending]:
    """Record a notice per person and (``deliver``) a pending delivery per adapter, in the
    caller's transaction. The unique (page, step, person) index makes a second notice of
    one step impossible, whoever tries."""
    assert page.id is not None
    pending: list[_Pending] = []
    for person in people:
        notice = PageNotice(
            page_id=page.id,
            step=step.number,
            level=step.level,
            round=step.round,
            person=person,
            sent_at=now,
        )
        session.add(notice)
        session.flush()
        out = page_out(ctx, incident, page, notice)
        for adapter in page_adapters_for(out, ctx.delivery) if deliver else ():
            # Claimed by this process from the start (``last_attempt_at``): a tick elsewhere
            # leaves it alone until it is old enough to count as failed.
            row = PageDelivery(notice_id=notice.id, adapter=adapter, last_attempt_at=now)  # type: ignore[arg-type]
            session.add(row)
            session.flush()
            assert row.id is not None
            pending.append(_Pending(row.id, adapter, page.incident_id, out))
    return pending


def deliver_pending(ctx: Context, pending: list[_Pending]) -> Notified:
    """Run the adapters for what ``notify`` recorded, after its commit."""
    attempts = tuple((item.out.person, _attempt(ctx, item)) for item in pending)
    people = tuple(dict.fromkeys(item.out.person for item in pending))
    return Notified(people, attempts)


def deliver_recorded(ctx: Context, delivery_ids: list[int]) -> list[tuple[str, Attempt]]:
    """Run the adapters for deliveries recorded (and claimed) by this process, after its
    commit: the follow-ups of an acknowledgement (``page_cancel.follow_up``)."""
    if not delivery_ids:
        return []
    with ctx.store.read() as session:
        rows = session.exec(_deliveries().where(col(PageDelivery.id).in_(delivery_ids))).all()
    due = [_pending(ctx, *row) for row in rows]
    return [(item.out.person, _attempt(ctx, item)) for item in due]


def _deliveries() -> Select[PageDelivery, PageNotice, Page, Incident]:
    """Each delivery with its notice, page and incident: what a PageOut is made from."""
    return (
        select(PageDelivery, PageNotice, Page, Incident)
        .join(PageNotice, col(PageNotice.id) == col(PageDelivery.notice_id))
        .join(Page, col(Page.id) == col(PageNotice.page_id))
        .join(Incident, col(Incident.id) == col(Page.incident_id))
        .order_by(col(PageDelivery.id))
    )


def _pending(
    ctx: Context, delivery: PageDelivery, notice: PageNotice, page: Page, incident: Incident
) -> _Pending:
    assert delivery.id is not None
    out = page_out(ctx, incident, page, notice, PageAction(delivery.action))
    return _Pending(delivery.id, delivery.adapter, page.incident_id, out)


def retry_failed(ctx: Context) -> list[tuple[str, Attempt]]:
    """Try again every delivery not yet delivered whose last attempt is old enough (a
    failure, or a process that stopped before it could try). Each is claimed under the
    write lock first, so two ticking consoles never deliver one notice twice."""
    now = ctx.clock.now()
    with ctx.store.read() as session:
        rows = session.exec(
            _deliveries()
            .where(col(PageDelivery.status) != "delivered")
            .where(col(PageDelivery.attempts) < MAX_ATTEMPTS)
            .where(col(PageDelivery.last_attempt_at) <= now - RETRY_AFTER)
            # Nobody is woken for a page already answered or cancelled.
            .where(
                or_(
                    col(PageDelivery.action) != PageAction.TRIGGER.value,
                    col(Page.state).in_([s.value for s in OPEN]),
                )
            )
        ).all()
    if not rows:
        return []
    claimed = _claim(ctx, [(d.id, d.last_attempt_at) for d, _, _, _ in rows], now)  # type: ignore[misc]
    due = [_pending(ctx, *row) for row in rows if row[0].id in claimed]
    return [(item.out.person, _attempt(ctx, item)) for item in due]


def _claim(ctx: Context, seen: list[tuple[int, datetime]], now: datetime) -> set[int]:
    """The deliveries still as this process saw them, now marked as being tried by it:
    compare-and-set on the last attempt's time, under the write lock."""
    claimed: set[int] = set()
    with ctx.store.write() as session:
        for delivery_id, last in seen:
            done = session.execute(
                update(PageDelivery)
                .where(col(PageDelivery.id) == delivery_id)
                .where(col(PageDelivery.last_attempt_at) == last)
                .where(col(PageDelivery.status) != "delivered")
                .values(last_attempt_at=now)
            )
            if done.rowcount == 1:  # type: ignore[attr-defined]
                claimed.add(delivery_id)
        record_event(
            session, at=now, actor=ESCALATION_AUTHOR, kind="page_retry", claimed=sorted(claimed)
        )
    return claimed


def page_out(
    ctx: Context,
    incident: Incident,
    page: Page,
    notice: PageNotice,
    action: PageAction = PageAction.TRIGGER,
) -> PageOut:
    """A notice as the adapters see it, with the incident as it stands now."""
    assert page.id is not None
    return PageOut(
        page_id=page.id,
        notice=notice.step,
        incident_key=incident.key,
        severity=incident.severity,
        summary=incident.summary,
        reason=page.reason,
        team=page.team,
        person=notice.person,
        email=ctx.catalog.email_of(notice.person),
        level=notice.level,
        round=notice.round,
        paged_at=notice.sent_at,
        paged_by=page.paged_by,
        drill=incident.training,
        action=action.value,
    )


def _attempt(ctx: Context, item: _Pending) -> Attempt:
    """Deliver outside any transaction (it may wait on a server), then record the result."""
    attempt = deliver_page(item.adapter, item.out, ctx.delivery)
    now = ctx.clock.now()
    with ctx.store.write() as session:
        stored = session.get(PageDelivery, item.delivery_id)
        assert stored is not None
        record_attempt(stored, attempt, now)
        session.add(stored)
        record_event(
            session,
            at=now,
            actor=item.out.paged_by,
            kind="page_delivery",
            incident_id=item.incident_id,
            delivery_id=stored.id,
            page=item.out.page_id,
            status=stored.status,
        )
    return attempt
