"""Snapshot of the report screen on a store of past incidents (``report_world``), on the
tests' fixed clock and a fixed terminal: the figures table and the three charts. The SVG
was opened and looked at when accepted."""

from __future__ import annotations

from collections.abc import Callable

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.process.context import Context

from ..report_world import build_report_world
from .helpers import press

Snap = Callable[..., bool]


def test_report_screen_with_figures_and_charts(
    snap_compare: Snap, ctx: Context, clock: ManualClock
) -> None:
    build_report_world(ctx, clock)
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    assert snap_compare(app, terminal_size=(160, 50), run_before=press("M"))
