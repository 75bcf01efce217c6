"""The comms pane: messages of the focused incident and the initial templates, filled in."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from warroom.detail import IncidentDetail
from warroom.render_text import safe
from warroom.templates import CHANNELS, initial
from warroom.widgets.pane import LazyPane

CHANNEL_TITLES = {
    "internal": "Internal status page",
    "email": "Email to the distribution list",
    "external": "External status page",
}


class CommsPane(VerticalScroll, LazyPane):
    help = (
        "Comms\n\n"
        "The messages sent for the focused incident, and a preview of the initial\n"
        "message for each channel, filled from the incident: the internal status page\n"
        "and the email carry the key in their name, the external status page stays short."
    )

    DEFAULT_CSS = """
    CommsPane { height: 1fr; }
    CommsPane #comms-sent { padding: 0 1; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="comms-sent", markup=False)
        yield Static("", id="comms-preview")

    def show(self, detail: IncidentDetail | None) -> None:
        sent = self.query_one("#comms-sent", Static)
        preview = self.query_one("#comms-preview", Static)
        if detail is None:
            sent.update("")
            preview.update("")
            return
        sent.update("No messages sent yet for this incident. Initial comms preview:")
        panels = []
        for channel in CHANNELS:
            rendered = initial(detail.incident, detail.products, channel)
            body = Text(safe(rendered.title), style="bold")
            body.append("\n\n" + safe(rendered.body))
            panels.append(Panel(body, title=CHANNEL_TITLES[channel], title_align="left"))
        preview.update(Group(*panels))
