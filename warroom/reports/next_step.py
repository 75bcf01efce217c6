"""The next step of the handbook's lifecycle for an incident, derived from its state.

The console shows this so nobody has to remember where an incident stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from warroom.process.metrics import format_duration
from warroom.process.read import IncidentDetail
from warroom.vocabulary.incident import Status
from warroom.vocabulary.questions import progress
from warroom.vocabulary.roles import COMMS_MANAGER, TECH_LEAD


@dataclass(frozen=True)
class NextStep:
    code: str  # stable, for the UI to attach a key hint
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
        if missing := _unsent_channels(detail, "resolution"):
            return NextStep("comms", f"Resolved — send resolution comms: {missing}")
        open_items = [a for a in detail.actions if not a.done]
        if open_items:
            return NextStep("actions", f"Resolved — {len(open_items)} clean-up item(s) open")
        return NextStep("postmortem", "Resolved — hold the blameless postmortem")
    if detail.incident_manager is None:
        return NextStep("take", "No incident manager — take it")
    if not incident.video_link:
        return NextStep("channels", "Open comms — set the video call (chat room is the key)")
    answered = progress(detail.answers)
    if not answered.complete:
        names = ", ".join(f"{q.number} {q.short}" for q in answered.open_questions)
        return NextStep("assess", f"Assessment {answered} — open: {names}")
    if missing := _unsent_channels(detail, "initial"):
        return NextStep("comms", f"Initial comms not sent on: {missing}")
    if incident.impact_started_at is None:
        return NextStep("times", "Set when the impact started (for TTD and TTR)")
    held = {h.role for h in detail.holdings}
    unfilled = [role for role in (TECH_LEAD, COMMS_MANAGER) if role not in held]
    if major and unfilled:
        return NextStep("delegate", "Delegate — no " + " or ".join(r.lower() for r in unfilled))
    if update_due is not None and now is not None and now >= update_due:
        return NextStep("update", f"Update overdue by {format_duration(now - update_due)}")
    return NextStep("review", "Review loop — observe, theorise, experiment; keep comms going")


CHANNEL_NAMES = {"internal": "internal status page", "email": "email", "external": "external page"}


def _unsent_channels(detail: IncidentDetail, phase: str) -> str:
    """The handbook sends each phase on all three channels; name those still to go."""
    sent = {m.message.channel for m in detail.messages if m.message.phase == phase}
    return ", ".join(name for channel, name in CHANNEL_NAMES.items() if channel not in sent)
