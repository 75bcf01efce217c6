"""A store damaged under an open console: said once, in one line, and never written."""

from __future__ import annotations

import contextlib
import sqlite3
from contextlib import closing
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.process import incidents
from warroom.process.context import Context

from ..conftest import T0
from ..damaged_stores import folder_state, wreck
from .conftest import SIZE
from .helpers import notifications, settle


async def settle_failing(pilot: Pilot[None]) -> None:
    """``settle``, where workers are expected to fail: the screen shows their failure."""
    for worker in list(pilot.app.workers):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await worker.wait()
    await pilot.pause()


async def test_a_store_damaged_while_open_is_said_once(tmp_path: Path) -> None:
    db = tmp_path / "warroom.db"
    ctx = Context.open(db, clock=ManualClock(T0))
    incidents.declare(ctx, incidents.Declaration("Checkout errors", 2), by="monitor")
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with closing(sqlite3.connect(db)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            (root,) = conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE name = 'event'"
            ).fetchone()
        wreck(db, root)
        before = folder_state(tmp_path)
        for _ in range(4):  # the feed is polled each second; each poll meets the damage
            app.console_screen.poll()
            await settle_failing(pilot)
        said = [n for n in notifications(app) if "is damaged" in n]
        assert len(said) == 1, notifications(app)
        assert "\n" not in said[0] and ".recover" in said[0]
        await pilot.press("n", *"o: still there?", "enter")
        await settle_failing(pilot)
        assert folder_state(tmp_path) == before
    ctx.close()
