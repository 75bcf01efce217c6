"""The comms pane: what was sent for the focused incident, how delivery went, and when
the next update is due."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from warroom.base.localtime import local
from warroom.base.text import safe
from warroom.comms.delivery.base import marked
from warroom.process.read import IncidentDetail
from warroom.widgets.cadence import due_text
from warroom.widgets.keys import key_name
from warroom.widgets.literal import SteadyStatic
from warroom.widgets.pane import LazyPane

DELIVERY_MARKS = {"delivered": ("✔", "$success"), "failed": ("✘", "bold $error")}


class CommsPane(VerticalScroll, LazyPane, can_focus=True):
    help = (
        "Comms\n\n"
        "Messages sent for the focused incident, with how each delivery went, and when\n"
        "the next update is due (the severity's cadence, from the catalog).\n\n"
        "The drafter writes initial, update and resolution messages for the internal\n"
        "status page, the email list and the external status page, checked against\n"
        "the handbook's gates before they can be sent."
    )

    BINDINGS = [
        Binding(
            "r",
            "screen.retry_deliveries",
            "Retry deliveries",
            id="retry",
            tooltip="Retry the failed deliveries of the focused incident's messages",
        ),
    ]

    DEFAULT_CSS = """
    CommsPane { height: 1fr; padding: 0 1; }
    CommsPane #comms-due { margin-bottom: 1; }
    """

    def compose(self) -> ComposeResult:
        yield SteadyStatic("", id="comms-due")
        yield SteadyStatic("", id="comms-sent")

    def show(self, detail: IncidentDetail | None, due: datetime | None, now: datetime) -> None:
        due_line = self.query_one("#comms-due", Static)
        sent_list = self.query_one("#comms-sent", Static)
        if detail is None:
            due_line.update("")
            sent_list.update("")
            return
        drafts = key_name(self.app, "draft")
        said = due_text(detail, due, now) + Content(f"\n{drafts} drafts a message.")
        if detail.incident.training:
            said += Content.assemble("\n", ("A drill: messages go to the outbox only.", "bold"))
        due_line.update(said)
        failed = 0
        parts: list[str | Content | tuple[str, str]] = []
        if not detail.messages:
            parts.append(("No messages sent yet.", "$text-muted"))
        for sent in reversed(detail.messages):
            m = sent.message
            stamp = local(m.sent_at).strftime("%H:%M")
            parts += [(f"{stamp} {m.phase} · {m.channel}", "bold"), f" by {safe(m.sent_by)}"]
            if m.reviewed_by:
                parts.append(f", reviewed by {safe(m.reviewed_by)}")
            parts.append(f"\n  {safe(marked(m.title, drill=sent.drill))}\n")
            for delivery in sent.deliveries:
                mark, style = DELIVERY_MARKS.get(delivery.status, ("…", "$warning"))
                parts += [(f"  {mark} {delivery.adapter}", style), f" {safe(delivery.detail)}\n"]
                failed += delivery.status != "delivered"
        if failed:
            retries = key_name(self.app, "retry")
            parts.append((f"\n{failed} delivery(ies) failed — {retries} retries.", "bold $error"))
        sent_list.update(Content.assemble(*parts))
