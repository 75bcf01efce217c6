"""What a run builds and how many times it measures: the full plan and the quick one."""

from __future__ import annotations

from dataclasses import dataclass

SIZE = (160, 50)
USER = "bench-im"


@dataclass(frozen=True)
class Plan:
    incidents: int
    entries: int
    paint_runs: int
    enter_runs: int
    cross_runs: int

    @property
    def open_incidents(self) -> int:
        return min(30, max(self.incidents // 10, 6))

    @property
    def heavy_open(self) -> int:  # the live incident: more entries than the console's window
        return self.entries * 6 // 100

    @property
    def heavy_resolved(self) -> int:
        return self.entries * 3 // 100


FULL = Plan(incidents=10_000, entries=100_000, paint_runs=5, enter_runs=20, cross_runs=10)
QUICK = Plan(incidents=1_000, entries=10_000, paint_runs=3, enter_runs=8, cross_runs=4)
