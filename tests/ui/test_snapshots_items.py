"""Snapshot of the Items tab: a resolved incident's items in every state (overdue with a
high priority, an owner and a ticket; due later; no date; done), with the incident list
counting its open ones; on a fixed clock and a temporary store. The SVG was opened and
looked at when accepted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.process import incidents, resolution, roles
from warroom.process.actions import add_action, complete_item
from warroom.process.context import Context
from warroom.screens.console import ConsoleScreen

from ..conftest import T0
from .helpers import press, settle

Snap = Callable[..., bool]


def _items_in_every_state(ctx: Context, clock: ManualClock) -> None:
    """HOT-1 resolved an hour ago with four items, one of them overdue; HOT-2 still open."""
    clock.set(T0 - timedelta(hours=5))
    form = incidents.Declaration("Git pushes failing", 1, service="Git Storage")
    key = incidents.declare(ctx, form, by="alice").key
    roles.take(ctx, key, by="alice")
    add_action(
        ctx,
        key,
        "rotate the storage nodes' push keys [b]now[/b]",
        by="alice",
        owner="priya.natarajan",
        due_at=T0 - timedelta(hours=2),
        priority="high",
        link="https://tickets.example/OPS-812",
    )
    add_action(
        ctx,
        key,
        "remove the canary flag",
        by="alice",
        owner="tomasz",
        due_at=T0 + timedelta(days=2),
    )
    add_action(ctx, key, "write the postmortem", by="alice", kind="follow-up")
    done = add_action(ctx, key, "lift the deploy freeze", by="alice", priority="low")
    assert done.id is not None
    clock.set(T0 - timedelta(hours=1))
    complete_item(ctx, done.id, by="dana")
    resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    incidents.declare(ctx, incidents.Declaration("Wiki slow", 3), by="alice")
    clock.set(T0)


@pytest.mark.parametrize("size", [(160, 50), (100, 30)], ids=["160x50", "100x30"])
def test_items_tab_with_an_item_in_every_state(
    snap_compare: Snap, ctx: Context, clock: ManualClock, size: tuple[int, int]
) -> None:
    _items_in_every_state(ctx, clock)
    app = WarroomApp(ctx, "alice", cursor_blink=False)

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        # Chosen from the palette, the resolved incident stays listed while it is worked on.
        assert isinstance(pilot.app.screen, ConsoleScreen)
        pilot.app.screen.focus_incident("HOT-1")
        await press("6", "down")(pilot)  # off the overdue row, to see its colour

    assert snap_compare(app, terminal_size=size, run_before=run)
