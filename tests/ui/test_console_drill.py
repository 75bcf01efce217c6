"""Drills in the console: declared from the form, and their comms said to stay in the outbox."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Select

from warroom.app import WarroomApp
from warroom.config.delivery import DeliverySettings
from warroom.process import assessment, incidents, roles
from warroom.process.context import Context
from warroom.process.read import list_incidents, load_detail
from warroom.screens.drafter import DrafterScreen
from warroom.screens.form import FormScreen

from .conftest import SIZE
from .helpers import notifications, settle, static_text


async def test_declare_a_training_drill_from_the_form(app: WarroomApp, ctx: Context) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        box = form.query_one("#field-training", Checkbox)
        assert "messages stay in the outbox" in str(box.label)
        assert box.value is False  # a real incident unless someone says otherwise
        await pilot.press(*"Wiki pages fail")
        form.query_one("#field-severity", Select).value = "3"
        box.focus()
        await pilot.press("space")  # tick it as a person would
        await settle(pilot)
        assert box.value is True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        [row] = list_incidents(ctx)
        assert (row.summary, row.training) == ("Wiki pages fail", True)
        assert load_detail(ctx, row.key).incident.training
        assert "[DRILL]" in static_text(app, "#incident-header")


async def test_declared_without_the_box_it_is_a_real_incident(
    app: WarroomApp, ctx: Context
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", *"Wiki pages fail")
        app.screen.query_one("#field-severity", Select).value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [row] = list_incidents(ctx)
        assert row.training is False


async def test_a_drill_sent_from_the_drafter_says_it_stayed_in_the_outbox(
    app: WarroomApp, ctx: Context, tmp_path: Path
) -> None:
    # The webhook is configured (nothing listens there): a drill must not even try it.
    ctx.delivery = DeliverySettings(outbox=tmp_path / "outbox", webhook_url="http://127.0.0.1:1/")
    form = incidents.Declaration("Wiki pages fail", 2, products=["Wiki"], training=True)
    key = incidents.declare(ctx, form, by="trainer").key
    roles.take(ctx, key, by="alice")
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "unknown", by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, DrafterScreen)
        assert "a DRILL: messages go to the outbox only" in static_text(app, "#drafter-title")
        assert static_text(app, "#preview").startswith(f"[DRILL] {key} ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, DrafterScreen)
        [said] = [n for n in notifications(app) if "outbox" in n]
        assert said.startswith("Drill: written to the outbox only")
        assert "delivery failed" not in said
        [sent] = load_detail(ctx, key).messages
        assert [(d.adapter, d.status) for d in sent.deliveries] == [("outbox", "delivered")]
        await pilot.press("4")  # the comms tab
        await settle(pilot)
        assert "A drill: messages go to the outbox only." in static_text(app, "#comms-due")
        assert f"[DRILL] {key} " in static_text(app, "#comms-sent")
