"""Snapshots of every pane and dialog, at fixed sizes, on a fixed clock and a temporary store.

Each SVG under __snapshots__ was opened and checked by eye when it was accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Select

from warroom.app import WarroomApp
from warroom.process.context import Context
from warroom.widgets.inputs import Field

from .helpers import demo_app, press, settle

Snap = Callable[..., bool]


def test_console_with_demo_data_wide(snap_compare: Snap, ctx: Context) -> None:
    assert snap_compare(demo_app(ctx), terminal_size=(160, 50), run_before=press())


def test_console_with_demo_data_narrow(snap_compare: Snap, ctx: Context) -> None:
    assert snap_compare(demo_app(ctx), terminal_size=(100, 30), run_before=press())


def test_console_on_an_empty_store(snap_compare: Snap, ctx: Context) -> None:
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    assert snap_compare(app, terminal_size=(160, 50), run_before=press())


def test_declare_form_with_a_validation_error(snap_compare: Snap, ctx: Context) -> None:
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    # Submit with an empty summary: the form stays open and says what is wrong, in place.
    assert snap_compare(app, terminal_size=(160, 50), run_before=press("d", "enter"))


def test_severity_matrix(snap_compare: Snap, ctx: Context) -> None:
    assert snap_compare(demo_app(ctx), terminal_size=(160, 50), run_before=press("3"))


def test_assessment_checklist(snap_compare: Snap, ctx: Context) -> None:
    assert snap_compare(demo_app(ctx), terminal_size=(160, 50), run_before=press("2"))


def test_help_screen(snap_compare: Snap, ctx: Context) -> None:
    assert snap_compare(demo_app(ctx), terminal_size=(160, 50), run_before=press("f1"))


def test_drafter_with_a_refused_send(snap_compare: Snap, ctx: Context) -> None:
    # The demo's severity-1 incident has 4 of 6 answers: initial comms are refused.
    assert snap_compare(demo_app(ctx), terminal_size=(160, 50), run_before=press("c", "ctrl+s"))


def test_drafter_with_a_complete_update(snap_compare: Snap, ctx: Context) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await press("c")(pilot)
        screen = pilot.app.screen
        screen.query_one("#phase", Select).value = "update"
        await settle(pilot)
        for name, value in {
            "summary": "Pushes work again for most customers. Replicas are catching up.",
            "current_status": "storage nodes rolled back; reads failed over to eu-west-2",
            "next_steps": "wait for us-east-1 replicas; fail reads back",
            "next_update": "by 14:30 on the status page and by email",
            "impact": "git push failed for all customers for 35 minutes",
            "internal_affected": "all engineering teams",
            "external_affected": "all customers pushing to Repos",
            "root_cause": "the v2024.11.4 storage-node deploy broke replication acks",
            "recovery": "within 30 minutes",
        }.items():
            screen.query_one(f"#draft-{name}", Field).value = value
        await settle(pilot)

    assert snap_compare(demo_app(ctx), terminal_size=(160, 50), run_before=run)
