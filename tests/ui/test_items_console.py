"""The Items tab, driven with real keys on a real store and an injected clock: add an item
from its form, give it an owner and a due date, tick it done and reopen it, see it marked
overdue once its time passes, and turn an a: note into an item with one key, once. The
incident list counts a resolved incident's open items."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rich.style import Style
from textual.pilot import Pilot
from textual.widgets import DataTable

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.process import incidents, resolution, roles
from warroom.process.actions import add_action
from warroom.process.context import Context
from warroom.process.queries import entry_text
from warroom.process.read import load_detail
from warroom.screens.form import FormScreen
from warroom.widgets.inputs import Field

from ..conftest import T0
from ..hostile import PAYLOAD
from .conftest import SIZE
from .helpers import list_text, notifications, settle, static_text
from .test_hostile_text import problems_on_screen, screen_text


def _declare(ctx: Context) -> str:
    return incidents.declare(ctx, incidents.Declaration("Pushes fail", 2), by="bot").key


def item_rows(app: WarroomApp) -> list[str]:
    """Each row of the Items table as its words, its two lines joined by " | "."""
    table: DataTable[Any] = app.screen.query_one("#items-table", DataTable)
    rows = []
    for index in range(table.row_count):
        cells = [str(cell).split("\n") for cell in table.get_row_at(index)]
        lines = [" ".join(cell[n] for cell in cells if n < len(cell)) for n in range(2)]
        rows.append(" | ".join(lines))
    return rows


async def _fill(pilot: Pilot[None], values: dict[str, str]) -> None:
    """Type into the open form's text fields (replacing what they hold)."""
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    for name, text in values.items():
        form.query_one(f"#field-{name}", Field).value = text


async def _wait_for(pilot: Pilot[None], done: Any, tries: int = 50) -> None:
    for _ in range(tries):
        if done():
            return
        await pilot.pause(0.1)
    raise AssertionError("still not done after five seconds")


async def test_add_assign_date_tick_and_reopen_with_keys(app: WarroomApp, ctx: Context) -> None:
    key = _declare(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert "No items yet — + adds one" in static_text(app, "#items-summary")

        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"remove the flag")
        await _fill(pilot, {"owner": "dev", "due": "2h", "link": "https://tickets.example/T-1"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        (item,) = load_detail(ctx, key).actions
        assert (item.text, item.owner, item.due_at, item.kind, item.link) == (
            "remove the flag",
            "dev",
            T0 + timedelta(hours=2),
            "cleanup",
            "https://tickets.example/T-1",
        )
        assert item_rows(app) == [
            f"{item.id} remove the flag 25 Nov 16:00 | ○ → dev · cleanup · https://tic… open"
        ]

        await pilot.press("o")
        await settle(pilot)
        await _fill(pilot, {"owner": "priya"})
        await pilot.press("enter")
        await settle(pilot)
        assert load_detail(ctx, key).actions[0].owner == "priya"

        await pilot.press("u")
        await settle(pilot)
        await pilot.press(*"3d", "enter")
        await settle(pilot)
        assert load_detail(ctx, key).actions[0].due_at == T0 + timedelta(days=3)

        await pilot.press("x")
        await settle(pilot)
        done = load_detail(ctx, key).actions[0]
        assert (done.done, done.done_by) == (True, "alice")
        assert item_rows(app)[0].endswith("| ✔ → priya · cleanup · https://t… done 25 Nov")
        assert "Done by alice at 2026-11-25 14:00" in static_text(app, "#item-detail")

        await pilot.press("r")
        await settle(pilot)
        assert load_detail(ctx, key).actions[0].done is False
        said = [entry_text(e) for e in load_detail(ctx, key).timeline if e.fact]
        assert said[-4:] == [
            f"Action item {item.id} assigned to priya: remove the flag",
            f"Action item {item.id} due 2026-11-28 14:00 UTC: remove the flag",
            "Action item done: remove the flag",
            "Action item reopened: remove the flag",
        ]


async def test_a_refusal_is_shown_beside_the_field_and_nothing_is_lost(
    app: WarroomApp, ctx: Context
) -> None:
    key = _declare(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6", "plus")
        await settle(pilot)
        await pilot.press(*"rotate the keys")
        await _fill(pilot, {"due": "15m ago", "link": "javascript:alert(1)"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "has passed" in static_text(app, "#error-due")
        await _fill(pilot, {"due": "1h"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "give the ticket's http:// or https:// URL" in static_text(app, "#error-link")
        assert load_detail(ctx, key).actions == []
        await _fill(pilot, {"link": ""})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [a.text for a in load_detail(ctx, key).actions] == ["rotate the keys"]


async def test_keys_without_an_item_say_what_to_do(app: WarroomApp, ctx: Context) -> None:
    _declare(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6", "x")
        await settle(pilot)
        assert notifications(app)[-1] == "No item selected — 6 shows the items; + there adds one."


async def test_an_item_past_its_due_time_is_marked_overdue_in_words_and_colour(
    app: WarroomApp, ctx: Context, clock: ManualClock
) -> None:
    key = _declare(ctx)
    add_action(ctx, key, "rotate the keys", by="bot", due_at=T0 + timedelta(hours=1))
    add_action(ctx, key, "write it up", by="bot", due_at=T0 + timedelta(days=2))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert "OVERDUE" not in " ".join(item_rows(app))
        clock.advance(timedelta(hours=2))
        # The console's one-second tick redraws the pane as the due time passes.
        await _wait_for(pilot, lambda: "OVERDUE" in " ".join(item_rows(app)))
        first, second = item_rows(app)
        assert first.endswith("25 Nov 15:00 | ○ → no owner · cleanup ⚠ OVERDUE")
        assert second.endswith("open")
        assert "⚠ 1 OVERDUE" in static_text(app, "#items-summary")
        table: DataTable[Any] = app.screen.query_one("#items-table", DataTable)
        error = Style(color=app.current_theme.error).color
        due_cells = [table.get_row_at(row)[2] for row in range(2)]
        coloured = [any(span.style.color == error for span in c.spans) for c in due_cells]
        assert coloured == [True, False]


async def test_an_action_note_becomes_an_item_with_one_key_and_only_once(
    app: WarroomApp, ctx: Context
) -> None:
    key = _declare(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert notifications(app)[-1] == f"No a: note on {key} yet: write one with a: …"
        await pilot.press("n", *"a: bob rotates the push keys", "enter")
        await settle(pilot)
        assert (
            "Action noted. ctrl+t tracks it as an item, with an owner and due date."
            in notifications(app)
        )
        await pilot.press("ctrl+t")  # from the entry line, where the cursor still is
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-text", Field).value == "bob rotates the push keys"
        assert "From the a: note by alice at 14:00." in static_text(app, "#dialog-intro")
        await _fill(pilot, {"owner": "bob", "due": "17:00"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        (item,) = load_detail(ctx, key).actions
        assert (item.text, item.owner, item.due_at) == (
            "bob rotates the push keys",
            "bob",
            T0 + timedelta(hours=3),
        )
        assert f"Item {item.id} tracked — 6 shows the items." in notifications(app)

        await pilot.press("ctrl+t")  # again, for the same note
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert notifications(app)[-1] == (
            f"Every a: note on {key} is already an item (the latest is item {item.id})."
        )
        assert len(load_detail(ctx, key).actions) == 1


async def test_a_resolved_incident_in_the_list_counts_its_open_items(
    app: WarroomApp, ctx: Context, clock: ManualClock
) -> None:
    key = _declare(ctx)
    add_action(ctx, key, "rotate the keys", by="bot", due_at=T0 + timedelta(hours=1))
    add_action(ctx, key, "write it up", by="bot")
    roles.take(ctx, key, by="alice")
    clock.advance(timedelta(hours=2))
    resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")  # show the resolved ones
        await settle(pilot)
        assert "2 open items · 1 OVERDUE · Pushes fail" in list_text(app)


async def test_hostile_item_text_and_owner_are_drawn_as_written(
    app: WarroomApp, ctx: Context
) -> None:
    key = _declare(ctx)
    add_action(ctx, key, f"text {PAYLOAD}", owner="[b]BOLDME[/b]", by="bot")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert not problems_on_screen(app)
        shown = screen_text(app)
        assert "text [@click=app.bell]CLICKME…" in shown  # the table's cell, cut short
        assert "[@click=app.bell]CLICKME[/][link=https://evil.example" in shown  # the detail
        assert "Owner: [b]BOLDME[/b]" in shown
