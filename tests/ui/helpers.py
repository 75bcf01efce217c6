"""Reading what the console shows, as a person would see it."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Awaitable, Callable
from typing import Any

from rich.console import Console
from textual.app import App
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import RichLog, Static
from textual.worker import WorkerCancelled

from warroom.app import WarroomApp
from warroom.process.context import Context
from warroom.scenarios.demo import populate_demo
from warroom.widgets.incident_list import IncidentList

from ..conftest import T0


def log_text(app: App[None], selector: str) -> str:
    log = app.screen.query_one(selector, RichLog)
    return "\n".join(strip.text for strip in log.lines)


def static_text(app: App[None], selector: str) -> str:
    """The text a Static shows, whether it holds a string, Content or a Rich renderable."""
    widget = app.screen.query_one(selector, Static)
    content = widget.content
    if isinstance(content, str | Content):
        return str(content)
    console = Console(width=max(widget.size.width, 40), record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


def notifications(app: App[None]) -> list[str]:
    """Messages the app has shown as notifications (toasts) and not yet expired."""
    return [n.message for n in app._notifications]


def list_text(app: App[None]) -> str:
    incidents = app.screen.query_one(IncidentList)
    return "\n".join(incidents.render_line(y).text for y in range(incidents.size.height))


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and their results reach the screen. The change feed's listener
    (on a PostgreSQL store) runs as long as the console does: it is not waited for."""
    for _ in range(3):
        for worker in list(pilot.app.workers):
            if worker.group == "listen":
                continue
            with contextlib.suppress(WorkerCancelled):  # replaced by a newer one: fine
                await worker.wait()
        await pilot.pause()


def demo_app(ctx: Context) -> WarroomApp:
    """The console on the demo's incidents at the tests' fixed now."""
    populate_demo(ctx, T0)
    return WarroomApp(ctx, "alice", cursor_blink=False)


def press(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """For ``snap_compare(run_before=…)``: settle, then each key, settling after each."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


async def until(pilot: Pilot[None], done: Callable[[], bool], what: str) -> None:
    """Wait for the console's workers and timers until ``done``; a loaded machine takes its
    time. A minute without it is a failure naming ``what``, not a hang."""
    for _ in range(600):
        await settle(pilot)
        if done():
            return
        await pilot.pause(0.1)
    raise AssertionError(f"the console never got there: {what}")
