"""Paging: a team's on-call person is told, and the page lives on until somebody answers.

A page walks its team's escalation policy (``config.escalation``): the first notice goes to
the policy's first step (or to the person named instead), and each step that times out
without an acknowledgement hands on to the next (``comms.escalation``). Every notice
carries the incident key, severity and summary (``vocabulary.facts``: the page fact) and
leaves through the delivery adapters (``comms.page_notices``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from warroom.base import limits
from warroom.base.errors import InvalidInput, NotFound, Refused
from warroom.base.limits import quoted
from warroom.base.localtime import local_text
from warroom.config.escalation import escalation_step
from warroom.process.checks import require_name, require_text
from warroom.process.context import Context
from warroom.process.page_cancel import follow_up
from warroom.process.records import changing, system_entry
from warroom.store.models import Incident, Page, PageNotice
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.pages import OPEN, PageAction, PageState

if TYPE_CHECKING:
    from warroom.comms.page_notices import Notified

REPEAT_WITHIN = timedelta(minutes=5)
"""A second page to the same person for the same incident this soon is a duplicate: it
adds to their alert fatigue, not to the chance they answer."""


@dataclass(frozen=True)
class Paged:
    """A page just made: the row, and how each of its first notices left."""

    page: Page
    notified: Notified


def page(
    ctx: Context,
    key: str,
    team: str,
    *,
    reason: str,
    by: str,
    person: str | None = None,
    record_only: bool = False,
) -> Paged:
    """Page ``team`` by its escalation policy: whoever its first step reaches now (its
    schedule's on call), or ``person`` in their place when one is named.

    ``record_only``: a page replayed from a scenario (the demo's history): recorded with
    its notices as it happened then, never delivered now, never escalated."""
    require_name("team", team)
    if person is not None:
        require_name("person", person)
    if not team.strip():
        raise InvalidInput("team", "choose the team to page")
    found = ctx.catalog.known_team(team)
    require_text("reason", reason, limit=limits.REASON)
    # Delivery is loaded when a page is made, not when the console starts.
    from warroom.comms.page_notices import deliver_pending, notify

    policy = ctx.catalog.policy_for(found)
    now = ctx.clock.now()
    first = escalation_step(ctx.catalog, policy, 0, now)
    assert first is not None  # a policy has at least one level
    named = " ".join(person.split()) if person and person.strip() else None
    people = (named,) if named else first.people
    with changing(ctx, key) as (session, incident):
        assert incident.id is not None
        for who in people:
            _refuse_a_repeat(session, incident.id, who, now)
        row = Page(
            incident_id=incident.id,
            team=found.name,
            person=", ".join(people),
            reason=reason,
            paged_by=by,
            paged_at=now,
            policy=policy.name,
            state=(PageState.RECORDED if record_only else PageState.TRIGGERED).value,
            step=0,
            due_at=None if record_only else now + first.timeout,
        )
        session.add(row)
        session.flush()
        system_entry(
            session,
            incident,
            Fact.PAGE,
            at=now,
            by=by,
            page=row.id,
            person=row.person,
            team=found.name,
            key=incident.key,
            severity=incident.severity,
            summary=incident.summary,
            reason=reason,
        )
        pending = notify(ctx, session, incident, row, first, people, now, deliver=not record_only)
    return Paged(row, deliver_pending(ctx, pending))


def acknowledge(ctx: Context, page_id: int, *, by: str) -> Page:
    """``by`` has the page: no more escalation. An unanswered page can still be answered.
    A paging service that took the page is told at once, so it stops paging too; one that
    cannot be reached now is told by a later tick."""
    from warroom.comms.page_notices import deliver_recorded

    now = ctx.clock.now()
    with ctx.store.write() as session:
        row, incident = _page_and_incident(session, page_id)
        if row.state not in OPEN:
            raise Refused(_closed(row))
        row.state = PageState.ACKNOWLEDGED.value
        row.acked_by = by
        row.acked_at = now
        row.due_at = None
        session.add(row)
        system_entry(
            session, incident, Fact.PAGE_ACKNOWLEDGED, at=now, by=by, page=row.id, team=row.team
        )
        told = follow_up(session, page_id, PageAction.ACKNOWLEDGE, at=now, now=True)
    deliver_recorded(ctx, told)
    return row


def _page_and_incident(session: Session, page_id: int) -> tuple[Page, Incident]:
    row = session.get(Page, page_id)
    if row is None:
        raise NotFound(f"no page {page_id}; `warroom pages` lists them")
    incident = session.get(Incident, row.incident_id)
    assert incident is not None
    return row, incident


def _closed(row: Page) -> str:
    if row.state == PageState.ACKNOWLEDGED.value and row.acked_at is not None:
        when = local_text(row.acked_at, "%H:%M")
        return f"page {row.id} was already acknowledged by {quoted(row.acked_by)} at {when}"
    if row.state == PageState.CANCELLED.value:
        return f"page {row.id} was cancelled when its incident was resolved"
    return f"page {row.id} is a record of a page, never delivered; there is nothing to answer"


def _refuse_a_repeat(session: Session, incident_id: int, person: str, now: datetime) -> None:
    """Checked under the write lock, so two consoles paging at once send one page. Every
    notice counts, an escalation's too."""
    recent = session.exec(
        select(PageNotice.sent_at)
        .join(Page, col(Page.id) == col(PageNotice.page_id))
        .where(Page.incident_id == incident_id, PageNotice.person == person)
        .where(col(PageNotice.sent_at) > now - REPEAT_WITHIN)
        .order_by(col(PageNotice.sent_at).desc())
    ).first()
    if recent is not None:
        minutes = int(REPEAT_WITHIN.total_seconds() // 60)
        raise Refused(
            f"{quoted(person)} was paged for this incident at {local_text(recent, '%H:%M')}; "
            f"a page to the same person within {minutes} minutes is a duplicate: "
            "wait for their answer, or page someone else"
        )
