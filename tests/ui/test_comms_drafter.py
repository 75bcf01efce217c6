"""The comms drafter: gates shown as you type, refusals that say what is missing,
and the update countdown on an injected clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Select

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.config.delivery import DeliverySettings
from warroom.process import assessment, incidents, resolution, roles
from warroom.process.context import Context
from warroom.process.read import load_detail
from warroom.screens.drafter import DrafterScreen
from warroom.widgets.inputs import Field

from .conftest import SIZE
from .helpers import settle, static_text

UPDATE_FIELDS = {
    "summary": "Pushes fail for some customers. A rollback is under way.",
    "current_status": "rollback started; error rate 12%",
    "next_steps": "finish rollback; confirm recovery",
    "next_update": "by 14:30 here and by email",
    "impact": "git push fails",
    "internal_affected": "none",
    "external_affected": "about 10% of customers",
    "recovery": "within the hour",
}


@pytest.fixture
def key(ctx: Context, tmp_path: Path) -> str:
    ctx.delivery = DeliverySettings(outbox=tmp_path / "outbox")
    form = incidents.Declaration("Git pushes failing", 1, products=["Repos"])
    key = incidents.declare(ctx, form, by="monitor").key
    roles.take(ctx, key, by="alice")
    return key


def _fill(app: WarroomApp, values: dict[str, str]) -> None:
    for name, value in values.items():
        app.screen.query_one(f"#draft-{name}", Field).value = value


async def test_initial_refused_with_the_open_questions_then_sent(
    app: WarroomApp, ctx: Context, key: str
) -> None:
    for number in (1, 2, 3, 4):
        assessment.answer(ctx, key, number, "unknown", by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, DrafterScreen)
        assert "✘ Assessment 4/6 — open: 5 support_cases, 6 other_factors" in static_text(
            app, "#checklist"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        refusal = static_text(app, "#send-error")
        assert refusal.startswith("Send refused — not sent; missing: Assessment 4/6")
        assert load_detail(ctx, key).messages == []
        await pilot.press("escape")
        await settle(pilot)
        # Answer the last two in the assessment tab, then send.
        # 2 opens the questions at the first open one: question 5.
        await pilot.press("2", *"12 so far", "enter")
        await settle(pilot)
        await pilot.press(*"no", "enter")
        await settle(pilot)
        assert len(load_detail(ctx, key).answers) == 6
        # The count is read as written, and the checklist says which number it read.
        assert load_detail(ctx, key).incident.support_cases == 12
        assert static_text(app, "#q-support_cases").endswith("(count: 12)")
        await pilot.press("escape", "c")
        await settle(pilot)
        assert "Ready to send" in static_text(app, "#checklist")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, DrafterScreen)
        [sent] = load_detail(ctx, key).messages
        assert (sent.message.phase, sent.message.channel) == ("initial", "internal")
        assert sent.deliveries[0].status == "delivered"


async def test_update_without_root_cause_refused_until_unknown(
    app: WarroomApp, ctx: Context, key: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        app.screen.query_one("#phase").value = "update"  # type: ignore[attr-defined]
        await settle(pilot)
        _fill(app, UPDATE_FIELDS)
        await settle(pilot)
        checklist = static_text(app, "#checklist")
        assert "✘ 3 Root cause, or 'unknown'" in checklist
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "missing: 3 Root cause, or 'unknown'" in static_text(app, "#send-error")
        assert load_detail(ctx, key).messages == []
        _fill(app, {"root_cause": "unknown"})
        await settle(pilot)
        assert "Ready to send" in static_text(app, "#checklist")
        assert "Root cause: unknown" in static_text(app, "#preview")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [sent] = load_detail(ctx, key).messages
        assert sent.message.phase == "update"


async def test_countdown_after_sending_and_overdue_when_time_passes(
    app: WarroomApp, ctx: Context, key: str, clock: ManualClock
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        app.screen.query_one("#phase").value = "update"  # type: ignore[attr-defined]
        await settle(pilot)
        _fill(app, {**UPDATE_FIELDS, "root_cause": "unknown"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        header = static_text(app, "#incident-header")
        assert "Next update due in 30m 00s" in header  # severity 1: every 30 minutes
        await pilot.press("4")
        await settle(pilot)
        assert "Next update due in 30m 00s" in static_text(app, "#comms-due")
        clock.advance(timedelta(minutes=41))
        await pilot.pause(1.2)  # the header and the comms tab tick every second
        await settle(pilot)
        header = static_text(app, "#incident-header")
        assert "UPDATE OVERDUE by 11m 00s" in header
        assert "UPDATE OVERDUE by 11m 00s" in static_text(app, "#comms-due")


async def test_initial_comms_go_out_on_every_channel_in_turn(
    app: WarroomApp, ctx: Context, key: str
) -> None:
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "unknown", by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for channel in ("internal", "email", "external"):
            await pilot.press("c")
            await settle(pilot)
            drafter = app.screen
            assert isinstance(drafter, DrafterScreen)
            assert (drafter.phase, drafter.channel) == ("initial", channel)
            await pilot.press("ctrl+s")
            await settle(pilot)
        sent = [(s.message.phase, s.message.channel) for s in load_detail(ctx, key).messages]
        assert sent == [("initial", "internal"), ("initial", "email"), ("initial", "external")]
        await pilot.press("c")
        await settle(pilot)
        assert app.screen.phase == "update"  # type: ignore[attr-defined]


async def test_typed_words_survive_going_back_and_switching_channels(
    app: WarroomApp, ctx: Context, key: str
) -> None:
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "unknown", by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        drafter = app.screen
        assert isinstance(drafter, DrafterScreen)
        drafter.query_one("#phase", Select).value = "update"
        await settle(pilot)
        _fill(app, {"summary": "Words to keep."})
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.console_screen.unsaved_work() == ["1 comms draft(s)"]
        await pilot.press("c")
        await settle(pilot)
        app.screen.query_one("#phase", Select).value = "update"
        await settle(pilot)
        summary = app.screen.query_one("#draft-summary", Field)
        assert summary.value == "Words to keep."
        # Another channel starts from them; coming back finds them still there.
        app.screen.query_one("#channel", Select).value = "email"
        await settle(pilot)
        assert summary.value == "Words to keep."
        app.screen.query_one("#channel", Select).value = "internal"
        await settle(pilot)
        assert summary.value == "Words to keep."
        assert app.console_screen.unsaved_work() == ["2 comms draft(s)"]


async def test_an_open_drafter_follows_what_another_console_records(
    app: WarroomApp, ctx: Context, key: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "Assessment 0/6" in static_text(app, "#checklist")
        for number in range(1, 7):  # answered elsewhere while the drafter is open
            assessment.answer(ctx, key, number, "unknown", by="bob")
        await pilot.pause(0.6)  # the console's poll finds the change
        await settle(pilot)
        assert isinstance(app.screen, DrafterScreen)
        assert "✔ Assessment 6/6" in static_text(app, "#checklist")


async def test_a_resolution_asks_only_for_what_it_uses(
    app: WarroomApp, ctx: Context, key: str, clock: ManualClock
) -> None:
    resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")  # resolved incidents are hidden until asked for
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        drafter = app.screen
        assert isinstance(drafter, DrafterScreen) and drafter.phase.value == "resolution"
        shown = {
            name
            for name in ("summary", "next_update", "recovery", "impact", "root_cause")
            if drafter.query_one(f"#draft-{name}", Field).display
        }
        assert shown == {"impact", "root_cause"}


async def test_the_initial_phase_takes_a_summary_line_of_the_ims_own(
    app: WarroomApp, ctx: Context, key: str
) -> None:
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "unknown", by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        drafter = app.screen
        assert isinstance(drafter, DrafterScreen) and drafter.phase.value == "initial"
        summary = drafter.query_one("#draft-summary", Field)
        assert summary.display and not drafter.query_one("#draft-impact", Field).display
        summary.value = "Pushes to Repos fail with HTTP 500 since 13:58."
        await settle(pilot)
        preview = static_text(app, "#preview")
        assert "We are investigating an incident affecting Repos." in preview
        assert "Pushes to Repos fail with HTTP 500 since 13:58." in preview
        # On the external status page the words are the customers' own field.
        drafter.query_one("#channel", Select).value = "external"
        await settle(pilot)
        assert not drafter.query_one("#draft-summary", Field).display
        assert drafter.query_one("#draft-customer_text", Field).display
        assert "HTTP 500" not in static_text(app, "#preview")
