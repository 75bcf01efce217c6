"""Resolving an incident cancels its open pages: apart from paging, so that resolving (and
every command that imports it) does not load escalation and delivery."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from warroom.process.records import system_entry
from warroom.store.models import Incident, Page
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.pages import OPEN, PageState


def cancel_open_pages(session: Session, incident: Incident, *, at: datetime, by: str) -> None:
    """The incident is resolved: nobody needs waking for it any more. Called inside the
    resolution's own transaction, so no tick escalates a page of a resolved incident."""
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
