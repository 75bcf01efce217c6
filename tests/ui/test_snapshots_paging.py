"""Snapshots of paging in the console: the page dialog on a team with two layers, the Pages
tab with a page in each state, and the pages proposed after declaring a Sev 1; on a fixed
clock and a temporary store. Each SVG was opened and looked at when accepted."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.comms import escalation, paging
from warroom.config.delivery import DeliverySettings
from warroom.process import incidents
from warroom.process.context import Context

from ..conftest import T0
from .helpers import press, settle

Snap = Callable[..., bool]
# The Pages tab shows where the outbox wrote: a fixed folder keeps the snapshot stable.
OUTBOX = Path(tempfile.gettempdir()) / "warroom-snapshots" / "page-outbox"


def _pages_in_every_state(ctx: Context, clock: ManualClock) -> None:
    """One incident, four pages: unanswered, acknowledged, waiting with a failed delivery,
    and a record; now is T0."""
    shutil.rmtree(OUTBOX, ignore_errors=True)
    ctx.delivery = DeliverySettings(outbox=OUTBOX)
    clock.set(T0 - timedelta(hours=2))
    form = incidents.Declaration("Git pushes failing", 1, service="Git Storage")
    key = incidents.declare(ctx, form, by="alice").key
    paging.page(
        ctx, key, "Major Incident Managers", reason="IM needed", by="alice", record_only=True
    )
    paging.page(ctx, key, "Code Collaboration", reason="pushes fail [bold]now[/]", by="alice")
    for _ in range(7):  # every level of both rounds times out, and the page is flagged
        clock.advance(timedelta(minutes=16))
        escalation.tick(ctx)
    clock.set(T0 - timedelta(minutes=20))
    acked = paging.page(ctx, key, "Data Platform", reason="storage quorum?", by="alice")
    clock.set(T0 - timedelta(minutes=17))
    assert acked.page.id is not None
    paging.acknowledge(ctx, acked.page.id, by="arjun.mehta")
    # Nothing listens on port 1 of the loopback: the webhook fails, the outbox works.
    ctx.delivery = DeliverySettings(outbox=OUTBOX, page_webhook_url="http://127.0.0.1:1/page")
    clock.set(T0 - timedelta(minutes=4))
    paging.page(ctx, key, "Messaging", reason="customer emails too?", by="alice")
    clock.set(T0)


@pytest.mark.parametrize("size", [(160, 50), (100, 30)], ids=["160x50", "100x30"])
def test_pages_tab_with_a_page_in_every_state(
    snap_compare: Snap, ctx: Context, clock: ManualClock, size: tuple[int, int]
) -> None:
    _pages_in_every_state(ctx, clock)
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    assert snap_compare(app, terminal_size=size, run_before=press("5"))


def test_page_dialog_on_a_team_with_two_layers(snap_compare: Snap, ctx: Context) -> None:
    form = incidents.Declaration("SAML logins failing", 1, service="Identity")
    incidents.declare(ctx, form, by="alice")
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    assert snap_compare(app, terminal_size=(160, 50), run_before=press("p"))


def test_pages_proposed_after_declaring_a_sev_1(snap_compare: Snap, ctx: Context) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await press("d", *"Git pushes failing")(pilot)
        form = pilot.app.screen
        form.query_one("#field-severity", Select).value = "1"
        form.query_one("#field-service", Select).value = "Git Storage"
        await press("ctrl+s")(pilot)
        await pilot.pause(0.5)
        await settle(pilot)

    app = WarroomApp(ctx, "alice", cursor_blink=False)
    assert snap_compare(app, terminal_size=(160, 50), run_before=run)
