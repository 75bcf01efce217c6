"""Snapshots of every form and dialog, the comms pane and the command palette, on the demo's
incidents at a fixed clock and size. Each SVG was opened and looked at when accepted."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from warroom.comms import sending
from warroom.comms.drafts import Draft
from warroom.config.delivery import DeliverySettings
from warroom.process import assessment
from warroom.process.context import Context

from .helpers import demo_app, press, settle

Snap = Callable[..., bool]
SIZE = (160, 50)
# The comms pane shows where the outbox wrote: a fixed folder keeps the snapshot stable.
OUTBOX = Path(tempfile.gettempdir()) / "warroom-snapshots" / "outbox"


@pytest.mark.parametrize(
    "keys",
    [
        ("s",),  # severity, with the reason asked for
        ("l",),  # chat room, video call, status document
        ("i",),  # impact started and detected
        ("p",),  # page a team
        ("R",),  # resolve
        ("1", "plus"),  # assign a role
        ("1", "h"),  # hand over the selected role
        ("1", "x"),  # relieve the selected holder
        ("ctrl+r", "end", "O"),  # reopen the oldest resolved incident
        # declare: Repos ticked (a mark, not only a colour), then the drill box ticked
        ("d", "tab", "tab", "tab", "space", *["tab"] * 4, "space"),
    ],
    ids=[
        "severity",
        "links",
        "times",
        "page",
        "resolve",
        "assign",
        "handover",
        "relieve",
        "reopen",
        "declare-drill",
    ],
)
def test_form(snap_compare: Snap, ctx: Context, keys: tuple[str, ...]) -> None:
    assert snap_compare(demo_app(ctx), terminal_size=SIZE, run_before=press(*keys))


def test_comms_pane_with_a_failed_delivery(snap_compare: Snap, ctx: Context) -> None:
    app = demo_app(ctx)
    shutil.rmtree(OUTBOX, ignore_errors=True)
    # Nothing listens on port 1 of the loopback: the webhook delivery fails, the outbox works.
    ctx.delivery = DeliverySettings(outbox=OUTBOX, webhook_url="http://127.0.0.1:1/hook")
    for question in ("support_cases", "other_factors"):
        assessment.answer(ctx, "HOT-7", question, "unknown", by="dana.okafor")
    sending.send(ctx, "HOT-7", "initial", "internal", Draft(), by="nina.berg")
    assert snap_compare(app, terminal_size=SIZE, run_before=press("4"))


def test_command_palette_finds_commands_by_name(snap_compare: Snap, ctx: Context) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await press("ctrl+p", *"role")(pilot)
        await pilot.pause(0.5)  # the palette searches in the background
        await settle(pilot)

    assert snap_compare(demo_app(ctx), terminal_size=SIZE, run_before=run)
