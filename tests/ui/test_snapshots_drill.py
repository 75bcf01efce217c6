"""Snapshots of a drill in progress: the trainer's console, and a trainee's console with its
DRILL banner, before the incident is declared (the alert waits in the banner) and after.

The tutorial drill runs at speed 10 on a wall clock the test sets. Each SVG under
__snapshots__ was opened and checked by eye when it was accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from warroom.app import TrainerApp, make_app
from warroom.base.clock import ManualClock
from warroom.base.locations import shipped_data
from warroom.comms import paging
from warroom.process import assessment, incidents, roles
from warroom.process.context import Context
from warroom.scenarios.drill_session import DrillSession, start_drill
from warroom.screens import trainer

from .helpers import press

Snap = Callable[..., bool]
TUTORIAL = shipped_data("scenarios", "drills", "tutorial.toml")


@pytest.fixture
def drill(
    db_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[DrillSession]:
    # The trainee command names the store's full path, which differs from run to run.
    monkeypatch.setattr(trainer, "store_path", lambda ctx: Path("/srv/drills/tutorial.db"))
    ctx = Context.open(db_path, clock=clock)
    session = start_drill(ctx, TUTORIAL, speed=10, wall=clock, by="trainer")
    session.tick()  # the alert, at the start
    yield session
    ctx.close()


def play_first_minutes(drill: DrillSession, clock: ManualClock) -> None:
    """The trainee declares at 2m, takes IM, pages the Wiki's team at 3m and answers two
    questions; the injects due by 9m fire."""

    def at(drill_minutes: int) -> None:
        """Drill time moves on to ``drill_minutes``, ticked each minute on the way, as the
        trainer's console ticks."""
        start = drill.record.run.started_at
        while drill.now() < start + timedelta(minutes=drill_minutes):
            clock.advance(timedelta(minutes=1) / 10)
            drill.tick()

    ctx = drill.ctx
    at(2)
    key = incidents.declare(
        ctx, incidents.Declaration("Wiki saves failing", 2, products=["Wiki"]), by="ana"
    ).key
    roles.take(ctx, key, by="ana")
    at(3)
    paging.page(ctx, key, "Work Management", reason="Wiki saves time out", by="ana")
    assessment.answer(ctx, key, 1, "Customers cannot save Wiki pages", by="ana")
    assessment.answer(ctx, key, 2, "Save spins, then an error", by="ana")
    at(9)


def test_trainer_console(snap_compare: Snap, drill: DrillSession, clock: ManualClock) -> None:
    play_first_minutes(drill, clock)
    app = TrainerApp(drill.ctx, "trainer", cursor_blink=False, drill=drill)
    assert snap_compare(app, terminal_size=(160, 50), run_before=press())


@pytest.mark.parametrize("size", [(160, 50), (100, 30)], ids=["160x50", "100x30"])
def test_trainee_banner_before_the_incident_is_declared(
    snap_compare: Snap,
    drill: DrillSession,
    db_path: Path,
    clock: ManualClock,
    size: tuple[int, int],
) -> None:
    clock.advance(timedelta(seconds=30))  # five drill minutes: the observation at 4m too
    drill.tick()
    app = make_app(db_path, user="ana", clock=clock, cursor_blink=False)
    assert snap_compare(app, terminal_size=size, run_before=press())


def test_trainee_console_mid_drill(
    snap_compare: Snap, drill: DrillSession, db_path: Path, clock: ManualClock
) -> None:
    play_first_minutes(drill, clock)
    app = make_app(db_path, user="ana", clock=clock, cursor_blink=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=press())
