"""A snapshot of the postmortem screen: the Fault section written with blaming words, its
flags with why each matters (one accepted), on a fixed clock and a temporary store. The SVG
was opened and looked at when accepted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.process import incidents, postmortem, resolution, roles
from warroom.process.context import Context
from warroom.screens.postmortem import PostmortemScreen

from ..conftest import T0
from .helpers import press, settle

Snap = Callable[..., bool]


def test_postmortem_fault_section_with_flags(
    snap_compare: Snap, ctx: Context, clock: ManualClock
) -> None:
    form = incidents.Declaration("Checkout errors", 2, impact_started_at=T0 - timedelta(minutes=9))
    key = incidents.declare(ctx, form, by="alice").key
    roles.take(ctx, key, by="alice")
    clock.advance(timedelta(minutes=40))
    resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    fault = "A cache node ran out of memory.\nIt was human error: alice should have checked."
    postmortem.write_section(ctx, key, "fault", fault, base=None, by="bob")
    postmortem.write_section(ctx, key, "root-cause", "No memory limit.", base=None, by="bob")
    postmortem.accept_flag(ctx, key, "fault", "human error", "human error", by="bob")

    async def run(pilot: Pilot[Any]) -> None:
        await press("ctrl+r", "P")(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, PostmortemScreen)
        screen.query_one("#pm-sections").highlighted = 4  # type: ignore[attr-defined]  # Fault
        await settle(pilot)

    app = WarroomApp(ctx, "carol", cursor_blink=False)
    assert snap_compare(app, terminal_size=(160, 50), run_before=run)
