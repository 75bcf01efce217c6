"""The incident manager's flows, driven with real keys against a real temporary store."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.coordinate import Coordinate
from textual.widgets import Checkbox, DataTable, Select, SelectionList

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.process import incidents, resolution, roles
from warroom.process.context import Context
from warroom.process.queries import entry_text
from warroom.process.read import list_incidents, load_detail
from warroom.reports import board as board_module
from warroom.screens import console as console_module
from warroom.screens import console_view
from warroom.screens.form import FormScreen
from warroom.widgets.incident_list import LINES_PER_ROW, IncidentList

from .conftest import SIZE
from .helpers import list_text, notifications, settle, static_text


def _declare(ctx: Context, severity: int = 2) -> str:
    return incidents.declare(ctx, incidents.Declaration("Search stale", severity), by="bot").key


async def test_declare_from_the_form_with_validation_in_place(
    app: WarroomApp, ctx: Context
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "No incident yet" in static_text(app, "#incident-header")
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("enter")  # nothing filled in yet
        await settle(pilot)
        assert "summary: must not be empty" in static_text(app, "#error-summary")
        await pilot.press(*"Logins failing [bold]now[/bold]", "enter")
        await settle(pilot)
        assert "severity" in static_text(app, "#error-severity")
        form.query_one("#field-severity", Select).value = "1"
        form.query_one("#field-service", Select).value = "Identity"
        products = form.query_one("#field-products", SelectionList)
        products.select("Repos")
        products.select("Wiki")
        form.query_one("#field-started").value = "10m"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        # A Sev 1: the handbook's pages are proposed (tests/ui/test_paging_console.py); skipped.
        proposal = app.screen
        assert isinstance(proposal, FormScreen) and proposal.form_title.startswith("Page ")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        [row] = list_incidents(ctx)
        detail = load_detail(ctx, row.key)
        assert (row.summary, row.severity, detail.incident.service) == (
            "Logins failing [bold]now[/bold]",
            1,
            "Identity",
        )
        assert detail.products == ["Repos", "Wiki"]
        assert detail.incident.declared_by == "alice"
        assert "Logins failing [bold]now[/bold]" in list_text(app)
        assert "No incident manager — take it — press a" in static_text(app, "#incident-header")


async def test_take_as_incident_manager(app: WarroomApp, ctx: Context) -> None:
    key = _declare(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "no IM" in list_text(app)
        await pilot.press("a")
        await settle(pilot)
        detail = load_detail(ctx, key)
        assert (detail.incident_manager, detail.incident.status) == ("alice", "fixing")
        assert "IM alice" in static_text(app, "#incident-header")
        await pilot.press("a")  # a second take is refused, visibly
        await settle(pilot)
        assert "alice already holds Incident manager on HOT-1; nothing to do" in notifications(app)


async def test_assess_in_place(app: WarroomApp, ctx: Context) -> None:
    key = _declare(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")  # the assessment tab, focus on question 1
        await pilot.press(*"logins fail for everyone", "enter")
        await settle(pilot)
        await pilot.press(*"unknown", "enter")  # Enter moved on to the next question
        await settle(pilot)
        answers = load_detail(ctx, key).answers
        assert answers["impact"].answer == "logins fail for everyone"
        assert answers["seeing"].answer == "unknown"
        assert "Assessment 2/6 — open: 3, 4, 5, 6" in static_text(app, "#assessment-progress")
        assert static_text(app, "#q-impact").startswith("✔ 1.")
        assert static_text(app, "#q-how_many").startswith("○ 3.")


async def test_assign_and_hand_over_from_the_board(
    app: WarroomApp, ctx: Context, clock: ManualClock
) -> None:
    key = _declare(ctx)
    roles.take(ctx, key, by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1", "plus")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-custom").value = "Database liaison"  # type: ignore[attr-defined]
        form.query_one("#field-person").value = "dev"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [(h.role, h.person) for h in load_detail(ctx, key).holdings] == [
            ("Incident manager", "alice"),
            ("Database liaison", "dev"),
        ]
        clock.advance(timedelta(hours=5))
        # The cursor is on the first row, the IM: hand it over.
        await pilot.press("h")
        await settle(pilot)
        await pilot.press(*"bob", "enter")  # no note yet: asked for, the name kept
        await settle(pilot)
        assert load_detail(ctx, key).incident_manager == "alice"
        assert "write what the incoming holder needs" in static_text(app, "#error-note")
        await pilot.press(*"rollback done; next: fail over", "enter")
        await settle(pilot)
        detail = load_detail(ctx, key)
        assert detail.incident_manager == "bob"
        assert [(r.person, r.relieved_at is not None) for r in detail.role_history] == [
            ("alice", True),
            ("dev", False),
            ("bob", False),
        ]
        topic = static_text(app, "#topic")
        assert "Incident manager: bob" in topic and "Database liaison: dev" in topic


async def test_change_severity_asks_for_the_reason(app: WarroomApp, ctx: Context) -> None:
    key = _declare(ctx, severity=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-severity", Select).value = "1"
        await pilot.press("ctrl+s")  # no reason yet
        await settle(pilot)
        assert "reason: must not be empty" in static_text(app, "#error-reason")
        assert load_detail(ctx, key).incident.severity == 3
        form.query_one("#field-reason").focus()
        await pilot.press(*"all EU customers affected", "enter")
        await settle(pilot)
        detail = load_detail(ctx, key)
        assert detail.incident.severity == 1
        assert entry_text(detail.timeline[-1]) == "Severity 3 → 1: all EU customers affected"
        # Raised to 1: paging the IMOC is proposed (tests/ui/test_paging_console.py); skipped.
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await settle(pilot)
        matrix = static_text(app, "#severity")
        marked = [line for line in matrix.splitlines() if "▶" in line]
        assert len(marked) == 1 and "1 Critical — major" in marked[0]


async def test_command_palette_runs_actions_and_jumps_to_incidents(
    app: WarroomApp, ctx: Context
) -> None:
    first = _declare(ctx, severity=1)
    second = incidents.declare(ctx, incidents.Declaration("Wiki slow", 3), by="bot").key
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert first in static_text(app, "#incident-header")
        await pilot.press("ctrl+p", *"wiki slow")
        await settle(pilot)
        await pilot.pause(0.3)  # the palette searches as you type
        await pilot.press("enter")
        await settle(pilot)
        assert second in static_text(app, "#incident-header")
        await pilot.press("ctrl+p", *"take the focused")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert load_detail(ctx, second).incident_manager == "alice"


async def test_help_is_for_the_focused_pane(app: WarroomApp, ctx: Context) -> None:
    _declare(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "f1")
        await settle(pilot)
        assert static_text(app, "#help-pane").startswith("Timeline")
        await pilot.press("escape", "escape", "3", "f1")
        await settle(pilot)
        assert static_text(app, "#help-pane").startswith("Severity matrix")


async def test_escape_on_a_form_with_typed_text_asks_first(app: WarroomApp, ctx: Context) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d", *"Login broken", "escape")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert any("Esc again discards" in m for m in notifications(app))
        assert app.screen.query_one("#field-summary").value == "Login broken"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert list_incidents(ctx) == []


async def test_a_resolved_incident_shows_ttd_and_ttr_in_the_header(
    app: WarroomApp, ctx: Context, clock: ManualClock
) -> None:
    now = clock.now()
    form = incidents.Declaration(
        "Git push fails",
        2,
        impact_started_at=now - timedelta(minutes=60),
        detected_at=now - timedelta(minutes=48),
    )
    key = incidents.declare(ctx, form, by="bot").key
    roles.take(ctx, key, by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = static_text(app, "#incident-header")
        assert "impact 1h 00m" in header and "TTD" not in header  # still open
        clock.advance(timedelta(minutes=5))
        await pilot.press("R")  # resolve: the impact ended now
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-confirm", Checkbox).value = True  # resolving is deliberate
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert load_detail(ctx, key).incident.status == "resolved"
        header = static_text(app, "#incident-header")
        # TTD = detected − started = 12m; TTR = ended − started = 1h 05m, in place of the age.
        assert header.startswith(f"{key} ·") and "RESOLVED" in header
        assert "IM alice · TTD 12m 00s · TTR 1h 05m · Resolved" in header
        assert "impact 1h" not in header


async def test_a_zero_ttd_in_the_header_is_a_value(
    app: WarroomApp, ctx: Context, clock: ManualClock
) -> None:
    # Detected the moment the impact started: TTD is zero, not unknown.
    started = clock.now() - timedelta(minutes=30)
    form = incidents.Declaration("Wiki slow", 3, impact_started_at=started, detected_at=started)
    key = incidents.declare(ctx, form, by="bot").key
    roles.take(ctx, key, by="alice")
    resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "TTD 0m 00s · TTR 30m 00s" in static_text(app, "#incident-header")


async def test_the_roles_board_clock_ticks_and_stops_at_resolve(
    app: WarroomApp, ctx: Context, clock: ManualClock
) -> None:
    key = _declare(ctx, severity=1)
    roles.take(ctx, key, by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("RolesBoard DataTable", DataTable)
        assert str(table.get_cell_at(Coordinate(0, 2))).startswith("0s")
        clock.advance(timedelta(minutes=7))
        await pilot.pause(1.2)  # the console ticks every second, without reading the store
        assert str(table.get_cell_at(Coordinate(0, 2))).startswith("7m")
        resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
        app.screen.poll()  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        clock.advance(timedelta(hours=2))
        await pilot.pause(1.2)
        assert str(table.get_cell_at(Coordinate(0, 2))).startswith("7m")  # stopped
        assert "–14:07" in str(table.get_cell_at(Coordinate(0, 2)))


async def test_resolved_incidents_are_read_a_page_at_a_time_as_the_list_scrolls(
    app: WarroomApp, ctx: Context, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Years of resolved incidents are not read at once: a page (more than the list shows),
    a last line saying how many more, and the next page when the list reaches its end."""
    page = 30
    for module in (board_module, console_view, console_module):
        monkeypatch.setattr(module, "LIST_PAGE", page)
    for number in range(67):
        key = _declare(ctx, severity=3)
        if number >= 2:  # two stay open, 65 are resolved
            roles.take(ctx, key, by="alice")
            clock.advance(timedelta(minutes=1))
            resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    everything = [row.key for row in list_incidents(ctx, include_resolved=True)]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        incidents = app.screen.query_one(IncidentList)
        assert incidents.size.height < page * LINES_PER_ROW  # a page fills the list
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert [row.key for row in incidents.rows] == everything[:page]
        assert incidents.unlisted == 37
        incidents.focus()
        await pilot.press("end")  # the last row read: the next page comes
        await settle(pilot)
        assert [row.key for row in incidents.rows] == everything[: 2 * page]
        assert incidents.unlisted == 7
        # Scrolled (not moved) to the end: the last line says how many more, and seeing
        # it reads them.
        incidents.scroll_end(animate=False, immediate=True)
        assert "… 7 more — read as you scroll to them" in list_text(app)
        await settle(pilot)
        assert [row.key for row in incidents.rows] == everything
        assert incidents.unlisted == 0
        assert "more — read as you scroll" not in list_text(app)
        await pilot.press("ctrl+r", "ctrl+r")  # hidden and shown again: one page again
        await settle(pilot)
        assert len(incidents.rows) == page
