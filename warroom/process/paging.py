"""Escalation: paging a team's on-call person. Every page carries the incident key,
severity and summary (``vocabulary.facts``: the page fact)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from warroom.base import limits
from warroom.base.errors import InvalidInput, Refused
from warroom.base.limits import quoted
from warroom.base.localtime import local_text
from warroom.config.oncall import person_on_call
from warroom.process.context import Context
from warroom.process.records import changing, require_name, require_text, system_entry
from warroom.store.models import Page
from warroom.vocabulary.facts import Fact

REPEAT_WITHIN = timedelta(minutes=5)
"""A second page to the same person for the same incident this soon is a duplicate: it
adds to their alert fatigue, not to the chance they answer."""


def page(
    ctx: Context, key: str, team: str, *, reason: str, by: str, person: str | None = None
) -> Page:
    """Page ``team``: whoever its schedule has on call now (``config.oncall``), unless
    ``person`` is named."""
    require_name("team", team)
    if person is not None:
        require_name("person", person)
    if not team.strip():
        raise InvalidInput("team", "choose the team to page")
    found = ctx.catalog.known_team(team)
    require_text("reason", reason, limit=limits.REASON)
    now = ctx.clock.now()
    who = " ".join(person.split()) if person and person.strip() else person_on_call(found, now)
    with changing(ctx, key) as (session, incident):
        assert incident.id is not None
        _refuse_a_repeat(session, incident.id, who, now)
        row = Page(
            incident_id=incident.id,
            team=found.name,
            person=who,
            reason=reason,
            paged_by=by,
            paged_at=now,
        )
        session.add(row)
        system_entry(
            session,
            incident,
            Fact.PAGE,
            at=now,
            by=by,
            person=who,
            team=found.name,
            key=incident.key,
            severity=incident.severity,
            summary=incident.summary,
            reason=reason,
        )
    return row


def _refuse_a_repeat(session: Session, incident_id: int, person: str, now: datetime) -> None:
    """Checked under the write lock, so two consoles paging at once send one page."""
    recent = session.exec(
        select(Page.paged_at)
        .where(Page.incident_id == incident_id, Page.person == person)
        .where(col(Page.paged_at) > now - REPEAT_WITHIN)
        .order_by(col(Page.paged_at).desc())
    ).first()
    if recent is not None:
        minutes = int(REPEAT_WITHIN.total_seconds() // 60)
        raise Refused(
            f"{quoted(person)} was paged for this incident at {local_text(recent, '%H:%M')}; "
            f"a page to the same person within {minutes} minutes is a duplicate: "
            "wait for their answer, or page someone else"
        )
