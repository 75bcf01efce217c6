"""The comms pane: what was sent for the focused incident, how delivery went, and when
the next update is due. ``c`` opens the drafter."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from warroom.base.text import safe
from warroom.process.metrics import format_duration
from warroom.process.read import IncidentDetail
from warroom.widgets.pane import LazyPane

DELIVERY_MARKS = {"delivered": ("✔", "$success"), "failed": ("✘", "bold $error")}


class CommsPane(VerticalScroll, LazyPane, can_focus=True):
    help = (
        "Comms\n\n"
        "Messages sent for the focused incident, with how each delivery went, and when\n"
        "the next update is due (the severity's cadence, from the catalog).\n\n"
        "c opens the drafter: initial, update and resolution messages for the internal\n"
        "status page, the email list and the external status page, checked against\n"
        "the handbook's gates before they can be sent. r retries failed deliveries."
    )

    BINDINGS = [
        Binding("c", "draft", "Draft message"),
        Binding("r", "retry", "Retry deliveries"),
    ]

    DEFAULT_CSS = """
    CommsPane { height: 1fr; padding: 0 1; }
    CommsPane #comms-due { margin-bottom: 1; }
    """

    class DraftRequested(Message):
        pass

    class RetryRequested(Message):
        def __init__(self, delivery_ids: list[int]) -> None:
            super().__init__()
            self.delivery_ids = delivery_ids

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._failed: list[int] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="comms-due")
        yield Static("", id="comms-sent")

    def show(self, detail: IncidentDetail | None, due: datetime | None, now: datetime) -> None:
        due_line = self.query_one("#comms-due", Static)
        sent_list = self.query_one("#comms-sent", Static)
        if detail is None:
            due_line.update("")
            sent_list.update("")
            return
        due_line.update(due_text(detail, due, now) + Content("\nc drafts a message."))
        self._failed = []
        parts: list[str | Content | tuple[str, str]] = []
        if not detail.messages:
            parts.append(("No messages sent yet.", "$text-muted"))
        for sent in reversed(detail.messages):
            m = sent.message
            stamp = m.sent_at.astimezone().strftime("%H:%M")
            parts += [(f"{stamp} {m.phase} · {m.channel}", "bold"), f" by {safe(m.sent_by)}"]
            if m.reviewed_by:
                parts.append(f", reviewed by {safe(m.reviewed_by)}")
            parts.append(f"\n  {safe(m.title)}\n")
            for delivery in sent.deliveries:
                mark, style = DELIVERY_MARKS.get(delivery.status, ("…", "$warning"))
                parts += [(f"  {mark} {delivery.adapter}", style), f" {safe(delivery.detail)}\n"]
                if delivery.status != "delivered" and delivery.id is not None:
                    self._failed.append(delivery.id)
        if self._failed:
            parts.append(
                (f"\n{len(self._failed)} delivery(ies) failed — r retries.", "bold $error")
            )
        sent_list.update(Content.assemble(*parts))

    def action_draft(self) -> None:
        self.post_message(self.DraftRequested())

    def action_retry(self) -> None:
        if self._failed:
            self.post_message(self.RetryRequested(list(self._failed)))
        else:
            self.notify("No failed deliveries to retry.")


def due_text(detail: IncidentDetail, due: datetime | None, now: datetime) -> Content:
    """The cadence line: impossible to miss when an update is overdue."""
    if detail.incident.status == "resolved":
        return Content("Resolved — no further updates due.")
    if not detail.messages:
        return Content.assemble(("Initial comms not sent yet.", "bold $warning"))
    if due is None:
        return Content("")
    if now >= due:
        return Content.assemble(
            (f" UPDATE OVERDUE by {format_duration(now - due)} ", "bold reverse $error")
        )
    return Content(f"Next update due in {format_duration(due - now)} (at {due.astimezone():%H:%M})")
