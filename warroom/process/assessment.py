"""Answering the six assessment questions the IM asks the team (``vocabulary.questions``).

"Unknown" counts as an answer only when someone writes it: an empty answer is
refused, so an open question is always visibly open.
"""

from __future__ import annotations

from datetime import datetime

from warroom.base import limits
from warroom.base.counts import read_count
from warroom.base.errors import InvalidInput
from warroom.base.timeparse import parse_time
from warroom.process.checks import check_times, require_text
from warroom.process.context import Context
from warroom.process.records import changing, system_entry
from warroom.store.models import AssessmentAnswer, Incident
from warroom.vocabulary.facts import Fact, when
from warroom.vocabulary.questions import question


def answer(ctx: Context, key: str, ref: str | int, text: str, *, by: str) -> None:
    """Record an answer; a later answer to the same question supersedes the earlier one."""
    asked = question(ref)
    require_text("answer", text, limit=limits.ANSWER)
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        assert incident.id is not None
        session.add(
            AssessmentAnswer(
                incident_id=incident.id,
                question=asked.slug,
                answer=text,
                answered_by=by,
                answered_at=now,
            )
        )
        read: dict[str, object] = {}
        # The answer to "how many support cases" is the incident's count, read as people
        # write it ("37 tickets so far"); no number in it ("unknown") makes it unknown.
        if asked.slug == "support_cases":
            incident.support_cases = read_count(text)
            session.add(incident)
            read["count"] = incident.support_cases
        # A time answering "when did it start" fills impact-started if nobody has yet.
        if asked.slug == "started" and incident.impact_started_at is None:
            started = _as_start_time(text, incident, now)
            if started is not None:
                incident.impact_started_at = started
                session.add(incident)
                read["impact_started"] = when(started)
        system_entry(
            session,
            incident,
            Fact.ASSESSMENT,
            at=now,
            by=by,
            question=asked.slug,
            answer=text,
            **read,
        )


def _as_start_time(text: str, incident: Incident, now: datetime) -> datetime | None:
    """The answer as an impact-start time, if it is one that fits the incident's times."""
    try:
        started = parse_time(text, now, field="started")
        check_times(started, incident.detected_at, incident.resolved_at, now)
    except InvalidInput:
        return None  # words like "about an hour ago" stay an answer only
    return started
