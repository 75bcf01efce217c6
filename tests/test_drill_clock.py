"""Drill time: compressed, paused and sped up without ever jumping."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.base.clock import ManualClock
from warroom.base.drill_clock import DrillClock, DrillTime

from .conftest import T0

DRILL_START = T0 - timedelta(days=2000)  # a replayed outage: its own date
MINUTE = timedelta(minutes=1)


def test_drill_time_runs_at_its_speed(clock: ManualClock) -> None:
    drill = DrillClock(DrillTime(clock.now(), DRILL_START, speed=4), clock)
    assert drill.now() == DRILL_START
    clock.advance(15 * MINUTE)
    assert drill.now() == DRILL_START + 60 * MINUTE


def test_paused_it_stands_still_and_resumes_where_it_stood(clock: ManualClock) -> None:
    drill = DrillClock(DrillTime(clock.now(), DRILL_START, speed=2), clock)
    clock.advance(5 * MINUTE)
    drill.state = drill.state.pause(clock.now())
    clock.advance(30 * MINUTE)
    assert drill.now() == DRILL_START + 10 * MINUTE
    drill.state = drill.state.resume(clock.now())
    clock.advance(1 * MINUTE)
    assert drill.now() == DRILL_START + 12 * MINUTE


def test_a_new_speed_starts_from_now_without_a_jump(clock: ManualClock) -> None:
    drill = DrillClock(DrillTime(clock.now(), DRILL_START), clock)
    clock.advance(10 * MINUTE)
    before = drill.now()
    drill.state = drill.state.with_speed(6, clock.now())
    assert drill.now() == before
    clock.advance(1 * MINUTE)
    assert drill.now() == before + 6 * MINUTE


def test_a_speed_changed_while_paused_applies_on_resume(clock: ManualClock) -> None:
    drill = DrillClock(DrillTime(clock.now(), DRILL_START).pause(clock.now()), clock)
    drill.state = drill.state.with_speed(3, clock.now())
    clock.advance(MINUTE)
    assert drill.now() == DRILL_START
    drill.state = drill.state.resume(clock.now())
    clock.advance(MINUTE)
    assert drill.now() == DRILL_START + 3 * MINUTE


@pytest.mark.parametrize("speed", [0, -1, 61])
def test_a_speed_out_of_range_is_refused(speed: float) -> None:
    with pytest.raises(ValueError, match="speed"):
        DrillTime(T0, DRILL_START, speed=speed)
