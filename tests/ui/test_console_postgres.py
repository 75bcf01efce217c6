"""The console on a PostgreSQL store: woken by the store's announcements, not by polling;
a lost connection said in the header, what is typed kept, and everything caught up once the
server is back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.process import incidents, timeline
from warroom.process.context import Context
from warroom.screens import console_view
from warroom.widgets.inputs import Field

from ..pg_server import PgServer
from .conftest import SIZE
from .helpers import log_text, settle, static_text, until

LOST = "CONNECTION TO THE STORE LOST"


@pytest.fixture
def no_safety_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the announcement can bring another console's note in time."""
    monkeypatch.setattr(console_view, "SAFETY_POLL_SECONDS", 3600.0)


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
async def test_another_consoles_note_arrives_by_announcement(
    ctx: Context, clock: ManualClock, store_target: str, no_safety_poll: None
) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Pushes fail", 2), by="alice").key
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    other = Context.open(store_target, clock=clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            timeline.add_note(other, key, "o: written by the scribe's console", by="sam")
            await until(
                pilot,
                lambda: "written by the scribe's console" in log_text(app, "#timeline-log"),
                "the other console's note",
            )
    finally:
        other.close()


@pytest.fixture
def own_store(own_pg: PgServer, clock: ManualClock) -> Iterator[tuple[PgServer, Context]]:
    ctx = Context.open(own_pg.url("warroom"), clock=clock)
    yield own_pg, ctx
    ctx.close()


async def test_a_server_restart_is_shown_and_nothing_typed_or_written_is_lost(
    own_store: tuple[PgServer, Context], clock: ManualClock, no_safety_poll: None
) -> None:
    server, ctx = own_store
    key = incidents.declare(ctx, incidents.Declaration("Pushes fail", 2), by="alice").key
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        entry = app.screen.query_one("#entry", Field)
        entry.value = "o: typed while the server restarts"
        server.stop()
        await until(pilot, lambda: LOST in static_text(app, "#incident-header"), "lost shown")
        await pilot.press("enter")
        await until(
            pilot,
            lambda: "Not saved" in static_text(app, "#entry-error"),
            "the refused save said",
        )
        assert entry.value == "o: typed while the server restarts"  # kept
        server.start()
        # Written by another program while this console was cut off: caught up from the
        # event sequence, not from an announcement it never heard.
        other = Context.open(server.url("warroom"), clock=clock)
        timeline.add_note(other, key, "o: written during the outage", by="sam")
        other.close()
        await until(
            pilot,
            lambda: (
                LOST not in static_text(app, "#incident-header")
                and "written during the outage" in log_text(app, "#timeline-log")
            ),
            "back, and caught up",
        )
        await pilot.press("enter")
        await until(pilot, lambda: entry.value == "", "the note saved once back")
    texts = [e.text for e in timeline.entries(ctx, key) if e.author in ("alice", "sam")]
    assert texts[-2:] == ["o: written during the outage", "typed while the server restarts"]
