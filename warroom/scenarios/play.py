"""Playing a scenario to a moment ("now"): every step in time order, through the services.

The services stamp "now" from the context's clock, so the story is written by moving a private
``ManualClock`` forward from step to step, never past now; the caller's clock is not used. The
services are the same door the console and the CLI use, so a scenario can only do what people
can, and a step they would refuse is refused here too, naming its place in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from warroom.base.clock import ManualClock
from warroom.base.errors import WarroomError
from warroom.comms import paging
from warroom.process import (
    actions,
    assessment,
    incidents,
    links,
    resolution,
    roles,
    timeline,
)
from warroom.process.context import Context
from warroom.scenarios.durations import format_offset
from warroom.scenarios.format import Incident, Scenario, Scheduled, Step
from warroom.scenarios.placeholders import render


def play(ctx: Context, scenarios: Scenario | Sequence[Scenario], now: datetime) -> list[str]:
    """Play one or several scenarios to ``now`` as one story, steps from every file in time
    order (at the same time, in the order given); return the keys in the order declared.

    A step after now is refused before anything is written. A step the services refuse stops
    the play there; the steps before it stay written, as they would have live.
    """
    if now.tzinfo is None:
        raise ValueError("a scenario is played to a timezone-aware now")
    now = now.astimezone(UTC)
    played = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    schedule = sorted(
        ((n, scheduled) for n, scenario in enumerate(played) for scheduled in scenario.schedule()),
        key=lambda pair: pair[1].offset,  # sorted() is stable: ties keep the order given
    )
    for n, scheduled in schedule:
        if scheduled.offset > timedelta(0):
            late = format_offset(scheduled.offset)
            message = f"lands {late} after now; a scenario is played up to now, not past it"
            raise played[n].refusal((*scheduled.loc, "at"), message)
    clock = ManualClock(now + schedule[0][1].offset)
    declared: list[str] = []
    stories = [_Story(replace(ctx, clock=clock), scenario, now, declared) for scenario in played]
    for n, scheduled in schedule:
        clock.set(now + scheduled.offset)
        try:
            stories[n].play(scheduled)
        except WarroomError as err:
            raise played[n].refusal(scheduled.loc, str(err)) from err
    return declared


class _Story:
    """What playing has given out so far: incident keys and action items."""

    def __init__(
        self, ctx: Context, scenario: Scenario, now: datetime, declared: list[str]
    ) -> None:
        self.ctx = ctx
        self.scenario = scenario
        self.now = now
        self.declared = declared  # every key given out, in order, across the files played
        self.keys: dict[str, str] = {}  # incident id -> key
        self.items: dict[tuple[str, str], int] = {}  # (incident id, ref) -> action item id

    def play(self, scheduled: Scheduled) -> None:
        incident = self.scenario.incidents[scheduled.incident]
        step = incident.steps[scheduled.step]
        _STEPS[step.do](self, incident, step)

    def key(self, incident: Incident) -> str:
        return self.keys[incident.id]

    def moment(self, incident: Incident, offset: timedelta | None) -> datetime | None:
        """A time relative to the incident's start, as the services take it."""
        return None if offset is None else self.now + incident.start + offset

    def text(self, incident: Incident, text: str) -> str:
        start = self.now + incident.start
        return render(text, start=start, keys=self.keys, own=incident.id)


def _declare(story: _Story, incident: Incident, step: Step) -> None:
    form = incidents.Declaration(
        summary=story.text(incident, incident.summary),
        severity=incident.severity,
        service=incident.service,
        products=incident.products,
        description=story.text(incident, incident.description),
        impact_started_at=story.moment(incident, incident.impact_started),
        detected_at=story.moment(incident, incident.detected),
        training=incident.training,
    )
    key = incidents.declare(story.ctx, form, by=step.by).key
    story.keys[incident.id] = key
    story.declared.append(key)


def _note(story: _Story, incident: Incident, step: Step) -> None:
    timeline.add_note(
        story.ctx,
        story.key(incident),
        story.text(incident, step.text),
        by=step.by,
        kind=step.kind or "note",
        occurred_at=story.moment(incident, step.occurred),
        undo=story.text(incident, step.undo),
    )


def _page(story: _Story, incident: Incident, step: Step) -> None:
    reason = story.text(incident, step.reason)
    key = story.key(incident)
    # What was paged then, recorded; nobody is woken now by a replayed story.
    paging.page(
        story.ctx,
        key,
        step.team,
        person=step.person or None,
        reason=reason,
        by=step.by,
        record_only=True,
    )


def _take(story: _Story, incident: Incident, step: Step) -> None:
    roles.take(story.ctx, story.key(incident), by=step.by)


def _assign(story: _Story, incident: Incident, step: Step) -> None:
    roles.assign(story.ctx, story.key(incident), step.role, step.person, by=step.by)


def _handover(story: _Story, incident: Incident, step: Step) -> None:
    key = story.key(incident)
    roles.handover(story.ctx, key, step.role, step.from_, step.to, by=step.by)


def _severity(story: _Story, incident: Incident, step: Step) -> None:
    reason = story.text(incident, step.reason)
    key = story.key(incident)
    incidents.change_severity(story.ctx, key, step.severity, reason=reason, by=step.by)


def _assess(story: _Story, incident: Incident, step: Step) -> None:
    answer = story.text(incident, step.answer)
    assessment.answer(story.ctx, story.key(incident), step.question, answer, by=step.by)


def _links(story: _Story, incident: Incident, step: Step) -> None:
    links.set_channels(
        story.ctx,
        story.key(incident),
        chat_room=story.text(incident, step.chat_room) or None,
        video_link=story.text(incident, step.video) or None,
        status_doc_link=story.text(incident, step.doc) or None,
        by=step.by,
    )


def _times(story: _Story, incident: Incident, step: Step) -> None:
    incidents.set_times(
        story.ctx,
        story.key(incident),
        impact_started_at=story.moment(incident, step.impact_started),
        detected_at=story.moment(incident, step.detected),
        by=step.by,
    )


def _support_cases(story: _Story, incident: Incident, step: Step) -> None:
    assert step.count is not None  # required by the format
    incidents.set_support_cases(story.ctx, story.key(incident), step.count, by=step.by)


def _resolve(story: _Story, incident: Incident, step: Step) -> None:
    ended = story.moment(incident, step.impact_ended)
    resolution.resolve(story.ctx, story.key(incident), impact_ended_at=ended, by=step.by)


def _reopen(story: _Story, incident: Incident, step: Step) -> None:
    reason = story.text(incident, step.reason)
    resolution.reopen(story.ctx, story.key(incident), reason=reason, by=step.by)


def _action(story: _Story, incident: Incident, step: Step) -> None:
    item = actions.add_action(
        story.ctx,
        story.key(incident),
        story.text(incident, step.text),
        owner=step.owner,
        kind=step.kind or "cleanup",
        by=step.by,
    )
    if step.ref:
        assert item.id is not None
        story.items[(incident.id, step.ref)] = item.id


def _action_done(story: _Story, incident: Incident, step: Step) -> None:
    item = story.items[(incident.id, step.ref)]  # the format checks the ref comes first
    actions.complete_action(story.ctx, story.key(incident), item, by=step.by)


_STEPS: dict[str, Callable[[_Story, Incident, Step], None]] = {
    "declare": _declare,
    "note": _note,
    "page": _page,
    "take": _take,
    "assign": _assign,
    "handover": _handover,
    "severity": _severity,
    "assess": _assess,
    "links": _links,
    "times": _times,
    "support-cases": _support_cases,
    "resolve": _resolve,
    "reopen": _reopen,
    "action": _action,
    "action-done": _action_done,
}
