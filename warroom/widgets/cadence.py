"""The cadence line, shown by the header and the comms pane: impossible to miss when an
update is overdue."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from warroom.base.durations import format_duration
from warroom.base.localtime import local
from warroom.process.read import IncidentDetail, unsent_channels
from warroom.vocabulary.channels import Phase
from warroom.vocabulary.incident import Status


def due_text(detail: IncidentDetail, due: datetime | None, now: datetime) -> Content:
    """The cadence line: impossible to miss when an update is overdue."""
    if detail.incident.status == Status.RESOLVED.value:
        if unsent_channels(detail, Phase.RESOLUTION):
            return Content.assemble(("Resolved — resolution comms owed.", "bold $warning"))
        return Content("Resolved — no further updates due.")
    if not detail.messages:
        return Content.assemble(("Initial comms not sent yet.", "bold $warning"))
    if due is None:
        return Content("")
    if now >= due:
        return Content.assemble(
            (f" UPDATE OVERDUE by {format_duration(now - due)} ", "bold reverse $error")
        )
    return Content(f"Next update due in {format_duration(due - now)} (at {local(due):%H:%M})")
