"""The next step of the handbook's lifecycle for an incident, derived from its state.

The console shows this so nobody has to remember where an incident stands. Each step has a
stable code (``Step``): the console attaches the key that does it, the words can change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from warroom.base.durations import format_duration
from warroom.process.read import IncidentDetail, unsent_channels
from warroom.vocabulary.channels import Phase, channel
from warroom.vocabulary.incident import Status
from warroom.vocabulary.questions import progress
from warroom.vocabulary.roles import COMMS_MANAGER, TECH_LEAD


class Step(StrEnum):
    TAKE = "take"
    CHANNELS = "channels"
    ASSESS = "assess"
    COMMS = "comms"
    TIMES = "times"
    DELEGATE = "delegate"
    UPDATE = "update"
    REVIEW = "review"
    ACTIONS = "actions"
    POSTMORTEM = "postmortem"


@dataclass(frozen=True)
class NextStep:
    code: Step
    text: str


def next_step(
    detail: IncidentDetail,
    *,
    major: bool,
    now: datetime | None = None,
    update_due: datetime | None = None,
) -> NextStep:
    incident = detail.incident
    if incident.status == Status.RESOLVED.value:
        if missing := _unsent(detail, Phase.RESOLUTION):
            return NextStep(Step.COMMS, f"Resolved — send resolution comms: {missing}")
        open_items = [a for a in detail.actions if not a.done]
        if open_items:
            return NextStep(Step.ACTIONS, f"Resolved — {len(open_items)} clean-up item(s) open")
        return NextStep(Step.POSTMORTEM, "Resolved — hold the blameless postmortem")
    if detail.incident_manager is None:
        return NextStep(Step.TAKE, "No incident manager — take it")
    if not incident.video_link:
        return NextStep(Step.CHANNELS, "Open comms — set the video call (chat room is the key)")
    answered = progress(detail.answers)
    if not answered.complete:
        names = ", ".join(f"{q.number} {q.short}" for q in answered.open_questions)
        return NextStep(Step.ASSESS, f"Assessment {answered} — open: {names}")
    if missing := _unsent(detail, Phase.INITIAL):
        return NextStep(Step.COMMS, f"Initial comms not sent on: {missing}")
    if incident.impact_started_at is None:
        return NextStep(Step.TIMES, "Set when the impact started (for TTD and TTR)")
    held = {h.role for h in detail.holdings}
    unfilled = [role for role in (TECH_LEAD, COMMS_MANAGER) if role not in held]
    if major and unfilled:
        return NextStep(Step.DELEGATE, "Delegate — no " + " or ".join(r.lower() for r in unfilled))
    if update_due is not None and now is not None and now >= update_due:
        return NextStep(Step.UPDATE, f"Update overdue by {format_duration(now - update_due)}")
    return NextStep(Step.REVIEW, "Review loop — observe, theorise, experiment; keep comms going")


def _unsent(detail: IncidentDetail, phase: Phase) -> str:
    """The channels a phase has still to go out on, as words."""
    return ", ".join(channel(name).noun for name in unsent_channels(detail, phase))
