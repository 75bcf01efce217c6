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
    cli_runs: int = 5
    wide_incidents: int = 0  # the second store, for the resolved list and list --all
    wide_runs: int = 3

    @property
    def open_incidents(self) -> int:
        return min(30, max(self.incidents // 10, 6))

    @property
    def heavy_open(self) -> int:  # the live incident: more entries than the console's window
        return self.entries * 6 // 100

    @property
    def heavy_resolved(self) -> int:
        return self.entries * 3 // 100

    def wide(self) -> Plan:
        """Many incidents, each with its declaration, role, status and resolution and a
        note or so: the store where listing every incident is the cost."""
        return Plan(self.wide_incidents, self.wide_incidents * 5, 0, 0, 0)


FULL = Plan(
    incidents=10_000,
    entries=100_000,
    paint_runs=7,
    enter_runs=20,
    cross_runs=10,
    cli_runs=9,
    wide_incidents=100_000,
    wide_runs=3,
)
QUICK = Plan(
    incidents=1_000,
    entries=10_000,
    paint_runs=3,
    enter_runs=6,
    cross_runs=3,
    cli_runs=3,
    wide_incidents=10_000,
    wide_runs=1,
)
