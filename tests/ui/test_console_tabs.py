"""The console's hidden tabs mount their panes when first opened, by key or by mouse, and
show the focused incident at once; until then the start pays nothing for them."""

from __future__ import annotations

from textual.widgets import Tab, TabbedContent

from warroom.app import WarroomApp
from warroom.process import incidents, roles
from warroom.process.context import Context
from warroom.widgets.answer import AnswerField
from warroom.widgets.assessment import AssessmentChecklist
from warroom.widgets.comms import CommsPane
from warroom.widgets.items_table import ItemsPane
from warroom.widgets.pages_table import PagesPane
from warroom.widgets.severity_matrix import SeverityMatrix

from .conftest import SIZE
from .helpers import notifications, settle

HIDDEN = (AssessmentChecklist, SeverityMatrix, CommsPane, PagesPane, ItemsPane)


async def test_hidden_tabs_are_not_mounted_at_start(app: WarroomApp, ctx: Context) -> None:
    incidents.declare(ctx, incidents.Declaration("Search stale", 1), by="bot")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [kind.__name__ for kind in HIDDEN if app.screen.query(kind)] == []
        assert app.screen.query_one(TabbedContent).active == "tab-roles"


async def test_a_tab_key_mounts_its_pane_filled_and_focused(app: WarroomApp, ctx: Context) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Search stale", 2), by="bot").key
    roles.take(ctx, key, by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")  # the severity matrix
        await settle(pilot)
        matrix = app.screen.query_one(SeverityMatrix)
        assert app.screen.query_one(TabbedContent).active == "tab-severity"
        assert matrix.has_focus
        assert matrix.current == 2  # the incident's severity, marked as soon as it is there
        await pilot.press("1", "3")  # opened again: the same pane, not a second one
        await settle(pilot)
        assert len(app.screen.query(SeverityMatrix)) == 1


async def test_a_click_on_a_tab_mounts_its_pane(app: WarroomApp, ctx: Context) -> None:
    incidents.declare(ctx, incidents.Declaration("Search stale", 1), by="bot")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        items_tab = app.screen.query_one("#--content-tab-tab-items", Tab)
        await pilot.click(items_tab)
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "tab-items"
        assert len(app.screen.query(ItemsPane)) == 1
        assert not app.screen.query(PagesPane)  # the others wait until they are opened


async def test_an_answer_with_no_incident_is_refused_with_the_reason_and_kept(
    app: WarroomApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", *"all of them", "enter")
        await settle(pilot)
        assert any("no incident to answer for — press d" in n for n in notifications(app))
        first = app.screen.query(AnswerField).first()
        assert first.value == "all of them"
