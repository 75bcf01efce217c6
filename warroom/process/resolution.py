"""Resolving an incident, deliberately, and the one way back: reopening.

Resolving ends every role holding (the timers stop; the history keeps who held what until
when); reopening gives the roles back to the people who held them at the end. Before
resolving, ``before_resolving`` gathers what the person resolving should see: who the IM
is (and whether it is them), the theories and experiments on the timeline, and the
resolution comms still to send.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from warroom.base import limits
from warroom.base.errors import InvalidInput, Refused
from warroom.process.checks import check_times, require_text
from warroom.process.context import Context
from warroom.process.page_cancel import cancel_open_pages
from warroom.process.read import IncidentDetail, unsent_channels
from warroom.process.records import changing, system_entry
from warroom.process.roles import end_all, restore_last
from warroom.store.models import TimelineEntry
from warroom.vocabulary.channels import Phase, channel
from warroom.vocabulary.facts import Fact, when
from warroom.vocabulary.incident import Status
from warroom.vocabulary.kinds import EntryKind

_THINKING = (EntryKind.THEORY.value, EntryKind.EXPERIMENT.value)


@dataclass(frozen=True)
class BeforeResolving:
    """What to read before confirming a resolve."""

    incident_manager: str | None
    resolver_is_im: bool
    thinking: list[TimelineEntry]  # theories and experiments, newest last
    comms_to_send: list[str]  # channel labels the resolution still has to go out on
    open_items: int = 0  # clean-up and follow-up items not done: they outlive the incident
    overdue_items: int = 0


def before_resolving(detail: IncidentDetail, resolver: str, *, now: datetime) -> BeforeResolving:
    im = detail.incident_manager
    still_open = [a for a in detail.actions if not a.done]
    return BeforeResolving(
        incident_manager=im,
        resolver_is_im=im is not None and im.lower() == resolver.strip().lower(),
        thinking=[e for e in detail.timeline if e.kind in _THINKING],
        comms_to_send=[channel(n).label for n in unsent_channels(detail, Phase.RESOLUTION)],
        open_items=len(still_open),
        overdue_items=sum(1 for a in still_open if a.due_at is not None and a.due_at < now),
    )


def resolve(ctx: Context, key: str, *, impact_ended_at: datetime | None, by: str) -> None:
    """Impact is over. The impact-ended time is required: TTR is measured to it."""
    if impact_ended_at is None:
        raise InvalidInput("impact ended", "resolving needs the time the impact ended")
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        if incident.status == Status.RESOLVED.value:
            raise Refused(f"{incident.key} is already resolved")
        if incident.status == Status.NEW.value:
            raise Refused(f"{incident.key} has no incident manager yet; take it before resolving")
        check_times(
            incident.impact_started_at,
            incident.detected_at,
            impact_ended_at,
            now,
            declared_at=incident.declared_at,
        )
        incident.status = Status.RESOLVED.value
        incident.resolved_at = impact_ended_at
        session.add(incident)
        system_entry(session, incident, Fact.RESOLVED, at=now, by=by, ended=when(impact_ended_at))
        end_all(session, incident, at=now)
        cancel_open_pages(session, incident, at=now, by=by)


def reopen(ctx: Context, key: str, *, reason: str, by: str) -> None:
    """The one backwards move, always explicit and recorded with its reason. The people
    who held the roles when it was resolved hold them again."""
    require_text("reason", reason, limit=limits.REASON)
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        if incident.status != Status.RESOLVED.value:
            raise Refused(f"{incident.key} is not resolved; only a resolved incident reopens")
        incident.status = Status.FIXING.value
        incident.resolved_at = None
        session.add(incident)
        back = restore_last(session, incident, at=now)
        system_entry(session, incident, Fact.REOPENED, at=now, by=by, reason=reason, roles=back)
