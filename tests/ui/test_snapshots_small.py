"""Snapshots at the sizes a laptop's split terminal gives: 100×30 and 80×24. A scribe must
be able to read the timeline and type; an IM must reach every form's buttons and the keys
that matter most in the footer (quit included).

Each SVG under __snapshots__ was opened and checked by eye when it was accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from warroom.process.context import Context

from .helpers import demo_app, press, settle

Snap = Callable[..., bool]
SMALL = [(100, 30), (80, 24)]


@pytest.mark.parametrize("size", SMALL, ids=["100x30", "80x24"])
def test_console(snap_compare: Snap, ctx: Context, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(ctx), terminal_size=size, run_before=press())


@pytest.mark.parametrize("size", SMALL, ids=["100x30", "80x24"])
def test_scribe_typing_a_note(snap_compare: Snap, ctx: Context, size: tuple[int, int]) -> None:
    assert snap_compare(
        demo_app(ctx), terminal_size=size, run_before=press("n", *"o: @04:50 pushes fail again")
    )


@pytest.mark.parametrize("size", SMALL, ids=["100x30", "80x24"])
def test_declare_form_keeps_its_buttons_in_sight(
    snap_compare: Snap, ctx: Context, size: tuple[int, int]
) -> None:
    assert snap_compare(demo_app(ctx), terminal_size=size, run_before=press("d"))


@pytest.mark.parametrize("size", SMALL, ids=["100x30", "80x24"])
def test_assessment_answers_wrap(snap_compare: Snap, ctx: Context, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(ctx), terminal_size=size, run_before=press("2"))


@pytest.mark.parametrize("size", SMALL, ids=["100x30", "80x24"])
def test_external_update_in_the_drafter(
    snap_compare: Snap, ctx: Context, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await press("c")(pilot)
        screen = pilot.app.screen
        screen.query_one("#phase", Select).value = "update"
        await settle(pilot)
        screen.query_one("#channel", Select).value = "external"
        await settle(pilot)

    assert snap_compare(demo_app(ctx), terminal_size=size, run_before=run)
