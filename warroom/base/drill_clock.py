"""Drill time: a clock that runs faster than the wall clock, and can be paused.

A drill compresses an incident: at speed 4, an hour of the real outage passes in fifteen
minutes. Every timestamp a drill store holds is drill time, so TTD, TTR and the comms
cadence come out as in the incident it replays. Several processes share one drill (the
trainer's console and each trainee's), so the clock is not a running object but a state
they all read from the store: where drill time stood at some wall-clock moment, how fast it
runs since, and whether it is paused. Each change (pause, resume, speed) makes a new state
anchored at the moment of the change, so drill time never jumps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from warroom.base.clock import Clock

MAX_SPEED = 60  # an hour a minute: faster than a trainee can read


@dataclass(frozen=True)
class DrillTime:
    """Drill time stood at ``drill`` when the wall clock said ``wall``, and runs ``speed``
    times as fast since, unless ``paused``."""

    wall: datetime
    drill: datetime
    speed: float = 1.0
    paused: bool = False

    def __post_init__(self) -> None:
        if not 0 < self.speed <= MAX_SPEED:
            raise ValueError(f"speed: give a number above 0 and at most {MAX_SPEED}")

    def at(self, wall: datetime) -> datetime:
        """Drill time when the wall clock says ``wall``."""
        if self.paused:
            return self.drill
        return self.drill + (wall - self.wall) * self.speed

    def _anchored(self, wall: datetime) -> DrillTime:
        return replace(self, wall=wall, drill=self.at(wall))

    def pause(self, wall: datetime) -> DrillTime:
        return replace(self._anchored(wall), paused=True)

    def resume(self, wall: datetime) -> DrillTime:
        return replace(self, wall=wall, paused=False)

    def with_speed(self, speed: float, wall: datetime) -> DrillTime:
        return replace(self._anchored(wall), speed=speed)


class DrillClock:
    """A Clock reading drill time from a state and the wall clock; ``state`` is replaced
    when the trainer pauses, resumes or changes the speed (here or in another process)."""

    def __init__(self, state: DrillTime, wall: Clock) -> None:
        self.state = state
        self._wall = wall

    def now(self) -> datetime:
        return self.state.at(self._wall.now())

    def wall_now(self) -> datetime:
        return self._wall.now()
