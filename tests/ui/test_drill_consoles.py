"""A trainer's console and a trainee's console on one drill store, as a class runs a drill:
the injects reach the trainee, pausing stops them, and the scorecard shows what the
trainee did.

Both consoles run in this test, each on its own connection to the store, as two processes
would. Drill time comes from a wall clock the test moves (``ManualClock``) at speed 60, so
a second of wall time is a minute of the drill. The consoles' timers are not waited for:
the test ticks the trainer and polls the trainee itself, then lets their workers finish.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from warroom.app import TrainerApp, WarroomApp, make_app
from warroom.base.clock import ManualClock
from warroom.base.locations import shipped_data
from warroom.process.context import Context
from warroom.scenarios.drill_session import DrillSession, start_drill
from warroom.screens.console import ConsoleScreen
from warroom.screens.form import FormScreen
from warroom.screens.scorecard import ScorecardScreen
from warroom.screens.trainer import TrainerScreen

from .conftest import SIZE
from .helpers import log_text, settle, static_text

TUTORIAL = shipped_data("scenarios", "drills", "tutorial.toml")
SPEED = 60  # a wall-clock second is a drill minute


@pytest.fixture
def drill(db_path: Path, clock: ManualClock) -> Iterator[DrillSession]:
    ctx = Context.open(db_path, clock=clock)
    session = start_drill(ctx, TUTORIAL, speed=SPEED, wall=clock, by="trainer")
    yield session
    ctx.close()


@pytest.fixture
def trainee(db_path: Path, clock: ManualClock, drill: DrillSession) -> Iterator[WarroomApp]:
    app = make_app(db_path, user="ana", clock=clock, cursor_blink=False)
    yield app
    app.ctx.close()


async def tick(trainer: Pilot[None], trainee: Pilot[None]) -> None:
    """One tick of the trainer's console, then one poll of the trainee's."""
    screen = trainer.app.screen
    assert isinstance(screen, TrainerScreen)
    screen._tick()
    await settle(trainer)
    console = trainee.app.screen
    assert isinstance(console, ConsoleScreen)
    console.reload()
    await settle(trainee)


def minutes(clock: ManualClock, drill_minutes: float) -> None:
    clock.advance(timedelta(minutes=drill_minutes) / SPEED)


async def test_injects_reach_the_trainee_pausing_stops_them_and_the_scorecard_follows(
    drill: DrillSession, trainee: WarroomApp, clock: ManualClock
) -> None:
    trainer_app = TrainerApp(drill.ctx, "trainer", cursor_blink=False, drill=drill)
    async with (
        trainer_app.run_test(size=SIZE) as trainer,
        trainee.run_test(size=SIZE) as student,
    ):
        await tick(trainer, student)
        # The alert fires at the start. No incident yet: the banner carries it.
        banner = static_text(trainee, "#drill-banner")
        assert "DRILL" in banner and "Tutorial: wiki pages will not save" in banner
        assert "monitoring: Wiki App: save error rate 31%" in banner

        # The trainee declares from the alert, in their console, and takes the IM role.
        minutes(clock, 2)
        await student.press("d")
        await settle(student)
        form = trainee.screen
        assert isinstance(form, FormScreen)
        await student.press(*"Wiki saves failing")
        form.query_one("#field-severity", Select).value = "2"
        await student.press("ctrl+s")
        await settle(student)
        await student.press("a")
        await settle(student)
        await tick(trainer, student)
        timeline = log_text(trainee, "#timeline-log")
        # The alert is now on the timeline, at the moment it fired (before the declaration).
        assert "monitoring: Wiki App: save error rate 31%" in timeline
        assert "Before any incident was declared" not in static_text(trainee, "#drill-banner")

        # Four drill minutes in, a responder's observation arrives within one tick and poll.
        minutes(clock, 2.5)
        await tick(trainer, student)
        assert "amara.eze: I can read pages fine" in log_text(trainee, "#timeline-log")
        assert "Chat Gateway" not in log_text(trainee, "#timeline-log")  # due at 6m

        # Paused: an hour of wall time passes and nothing fires; drill time stands still.
        await trainer.press("space")
        await settle(trainer)
        paused_at = drill.now()
        clock.advance(timedelta(hours=1))
        await tick(trainer, student)
        assert drill.now() == paused_at
        assert "PAUSED by the trainer" in static_text(trainee, "#drill-banner")
        assert "Chat Gateway" not in log_text(trainee, "#timeline-log")

        # Resumed where it stood: the red herring (6m) fires after 1.5 more drill minutes.
        await trainer.press("space")
        await settle(trainer)
        minutes(clock, 1.5)
        await tick(trainer, student)
        assert "PAUSED" not in static_text(trainee, "#drill-banner")
        assert "monitoring: Chat Gateway: latency p99" in log_text(trainee, "#timeline-log")

        # The trainer ends the drill (two presses); the scorecard shows what was done.
        await trainer.press("e", "e")
        await settle(trainer)
        scorecard = trainer_app.screen
        assert isinstance(scorecard, ScorecardScreen)
        scores = {score.expectation.expect: score for score in scorecard.debrief.scores}
        assert scores["declared"].standing == "met"
        assert scores["declared"].took == timedelta(minutes=2)
        assert scores["im-taken"].standing == "met"
        assert scores["severity"].standing == "met"
        # Not done when the drill ended: missed, though their time limits had not passed.
        assert (scores["paged"].standing, scores["paged"].took) == ("missed", None)
        assert (scores["resolved"].standing, scores["resolved"].took) == ("missed", None)
        await tick_trainee_only(student)
        assert "ENDED by the trainer" in static_text(trainee, "#drill-banner")


async def tick_trainee_only(trainee: Pilot[None]) -> None:
    console = trainee.app.screen
    assert isinstance(console, ConsoleScreen)
    console.reload()
    await settle(trainee)


def test_the_trainers_console_names_every_trainee_action_an_inject_can_wait_on() -> None:
    from warroom.scenarios.drill import AFTER
    from warroom.screens.trainer import AFTER_SHORT

    assert set(AFTER_SHORT) == set(AFTER) - {"start"}


async def test_f1_gives_the_trainee_the_briefing_again(
    drill: DrillSession, trainee: WarroomApp
) -> None:
    async with trainee.run_test(size=SIZE) as student:
        await settle(student)
        await student.press("f1")
        await settle(student)
        said = static_text(trainee, "#help-pane")
        assert said.startswith("This is a DRILL: Tutorial: wiki pages will not save")
        assert "Your briefing: You are on call as incident manager." in said
        assert "Nothing you send leaves the drill's own outbox" in said
