"""The report screen, driven with real keys on a real store and the tests' clock: opened from
the console with one key, read in a worker, the figures in a table and three charts,
training incidents counted on ``t``, closed with escape. Plotting is loaded only when the
screen opens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import DataTable

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.process.context import Context
from warroom.screens.console import ConsoleScreen
from warroom.screens.help import help_text
from warroom.screens.report import ReportScreen
from warroom.widgets.incident_list import IncidentList

from ..conftest import T0
from ..hostile import hostile_catalog, hostile_store
from ..report_world import build_report_world
from .conftest import SIZE
from .helpers import settle, static_text
from .test_hostile_text import problems_on_screen


def _row(table: DataTable[object], label: str) -> list[str]:
    for index in range(table.row_count):
        cells = [str(cell) for cell in table.get_row_at(index)]
        if cells[0].strip() == label:
            return [cell.strip() for cell in cells]
    raise AssertionError(f"no row {label!r}")


async def test_the_report_opens_on_one_key_and_closes_on_escape(
    ctx: Context, clock: ManualClock
) -> None:
    build_report_world(ctx, clock)
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.report is not None and screen.report.count == 8
        heading = static_text(app, "#report-heading")
        assert heading == (
            "Report across incidents — 8 incidents (training incidents left out); months in UTC"
        )
        table = screen.query_one(DataTable)
        assert not table.loading
        assert _row(table, "TTR (impact ended − impact started)") == [
            "TTR (impact ended − impact started)",
            "7",
            "1",  # the incident whose impact start nobody knows
            "2h 20m",
            "7h 00m",
            "7h 00m",
        ]
        assert _row(table, "Declared → IM took it")[1:] == ["8", "0", "3m 00s", "3m 00s", "3m 00s"]
        notes = static_text(app, "#report-notes")
        assert "Follow-up items: 2 open, 1 overdue" in notes
        assert "Update cadence kept: 6 of 21 updates" in notes
        charts = [chart.id for chart in screen.query("PlotextPlot")]
        assert charts == ["chart-ttr-over-time", "chart-ttr-by-severity", "chart-cadence"]

        await pilot.press("t")
        await settle(pilot)
        assert screen.report is not None and screen.report.count == 9
        assert "training incidents counted" in static_text(app, "#report-heading")

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConsoleScreen)
        assert app.screen.focused is app.screen.query_one(IncidentList)


async def test_an_empty_store_says_there_is_nothing_to_measure(app: WarroomApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert static_text(app, "#report-notes") == "No incidents to measure."
        assert app.screen.query_one(DataTable).row_count == 0


async def test_the_key_is_in_the_help_and_the_palette(app: WarroomApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        console = app.screen
        text = help_text(console, console.query_one(IncidentList))
        assert "  M          Report across incidents: TTD, TTR, cadence, with charts" in text
        await pilot.press("ctrl+p")
        await pilot.press(*"report across")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)


def test_the_console_does_not_load_plotting_until_the_report_opens() -> None:
    code = (
        "import sys, warroom.app, warroom.screens.console, warroom.cli.main;"
        "loaded = {'plotext', 'textual_plotext', 'warroom.screens.report',"
        " 'warroom.widgets.report_charts'} & set(sys.modules);"
        "print(sorted(loaded))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


async def test_the_report_on_a_hostile_store_draws_nothing_raw(tmp_path: Path) -> None:
    """The screen shows figures, not stored text; on a store and catalog whose every text is
    hostile, nothing it draws is raw, a link or a click."""
    hostile_store(tmp_path / "hostile.db")
    catalog = hostile_catalog(tmp_path / "catalog.toml")
    ctx = Context.open(tmp_path / "hostile.db", catalog, clock=ManualClock(T0))
    try:
        app = WarroomApp(ctx, "alice", cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("M")
            await settle(pilot)
            assert isinstance(app.screen, ReportScreen)
            assert app.screen.report is not None and app.screen.report.count > 0
            assert problems_on_screen(app) == []
    finally:
        ctx.close()
