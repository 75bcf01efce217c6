"""Reading what the console shows, as a person would see it."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import RichLog, Static

from warroom.widgets.incident_list import IncidentList


def log_text(app: App[None], selector: str) -> str:
    log = app.screen.query_one(selector, RichLog)
    return "\n".join(strip.text for strip in log.lines)


def static_text(app: App[None], selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def list_text(app: App[None]) -> str:
    incidents = app.screen.query_one(IncidentList)
    return "\n".join(incidents.render_line(y).text for y in range(incidents.size.height))


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and their results reach the screen."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
