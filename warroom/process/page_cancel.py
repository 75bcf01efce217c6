"""Closing pages: resolving an incident cancels its open pages, and a paging service that
carried a page is told when it is answered or over. Apart from paging, so that resolving
(and every command that imports it) does not load escalation and delivery."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from warroom.process.records import system_entry
from warroom.store.models import Incident, Page, PageDelivery, PageNotice
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.pages import FOLLOWED_UP, OPEN, PageAction, PageState

RETRY_AFTER = timedelta(minutes=1)
"""A delivery not delivered is tried again on the first tick this long after its last
attempt (``comms.page_notices.retry_failed``)."""


def cancel_open_pages(session: Session, incident: Incident, *, at: datetime, by: str) -> None:
    """The incident is resolved: nobody needs waking for it any more. Called inside the
    resolution's own transaction, so no tick escalates a page of a resolved incident. The
    paging services hear of it on the next tick."""
    rows = session.exec(
        select(Page)
        .where(Page.incident_id == incident.id, col(Page.state).in_([s.value for s in OPEN]))
        .order_by(col(Page.id))
    ).all()
    for row in rows:
        row.state = PageState.CANCELLED.value
        row.closed_at = at
        row.due_at = None
        session.add(row)
        system_entry(
            session, incident, Fact.PAGE_CANCELLED, at=at, by=by, page=row.id, team=row.team
        )
        assert row.id is not None
        follow_up(session, row.id, PageAction.RESOLVE, at=at, now=False)


def follow_up(
    session: Session, page_id: int, action: PageAction, *, at: datetime, now: bool
) -> list[int]:
    """Record, in the caller's transaction, a delivery of ``action`` to each paging service
    that took this page's alert; return their ids. ``now``: the caller delivers them after
    its commit (they are claimed by it); otherwise they are due on the next tick."""
    first = session.exec(
        select(PageNotice.id).where(PageNotice.page_id == page_id).order_by(col(PageNotice.id))
    ).first()
    took = session.exec(
        select(PageDelivery.adapter)
        .join(PageNotice, col(PageNotice.id) == col(PageDelivery.notice_id))
        .where(PageNotice.page_id == page_id)
        .where(PageDelivery.action == PageAction.TRIGGER.value)
        .where(PageDelivery.status == "delivered")
        .where(col(PageDelivery.adapter).in_(FOLLOWED_UP))
        .distinct()
    ).all()
    rows = [
        PageDelivery(
            notice_id=first,  # type: ignore[arg-type]
            adapter=adapter,
            action=action.value,
            last_attempt_at=at if now else at - RETRY_AFTER,
        )
        for adapter in sorted(took)
    ]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows if row.id is not None]
