"""Escalation: paging a team's on-call person. Every page carries the incident key,
severity and summary (``vocabulary.facts``: the page fact)."""

from __future__ import annotations

from warroom.base import limits
from warroom.base.errors import InvalidInput
from warroom.base.limits import quoted
from warroom.config.oncall import person_on_call
from warroom.process.context import Context
from warroom.process.records import changing, require_name, require_text, system_entry
from warroom.store.models import Page
from warroom.vocabulary.facts import Fact


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
    found = ctx.catalog.team(team.strip())
    if found is None:
        known = ", ".join(t.name for t in ctx.catalog.teams)
        raise InvalidInput("team", f"unknown team {quoted(team)}; known: {known}")
    require_text("reason", reason, limit=limits.REASON)
    now = ctx.clock.now()
    who = " ".join(person.split()) if person and person.strip() else person_on_call(found, now)
    with changing(ctx, key) as (session, incident):
        assert incident.id is not None
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
