"""The report across incidents in the console: the figures as a table, and charts where
people would rather look than read. The same report as ``warroom report``
(``reports.across_incidents``), read in a worker; the charts' module (plotext) is imported
when the screen is composed, and the console imports this module only when it opens it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer

from warroom.process.context import Context
from warroom.reports.across_incidents import Report, build_report
from warroom.reports.report_read import Scope
from warroom.reports.report_text import FIGURE_COLUMNS, cadence_text, figure_rows, scope_text
from warroom.screens.base import WarroomScreen
from warroom.widgets.after_keys import ReportKeys
from warroom.widgets.literal import Literal


def _cells(row: Sequence[str]) -> list[Text]:
    """The label as it is, the figures right-aligned so their digits line up."""
    label, *figures = row
    return [Text(label), *(Text(figure, justify="right") for figure in figures)]


class ReportScreen(WarroomScreen[None]):
    # In DEFAULT_CSS, like the scorecard: the screen looks the same in any app that opens it.
    DEFAULT_CSS = """
    ReportScreen #report-heading {
        dock: top;
        text-style: bold;
        padding: 0 1;
        background: $boost;
    }
    ReportScreen #report-figures { width: 88; padding: 0 1; }
    ReportScreen #report-table { height: auto; max-height: 1fr; }
    ReportScreen #report-notes { height: auto; margin-top: 1; }
    ReportScreen #report-charts { width: 1fr; }
    ReportScreen PlotextPlot { height: 1fr; }
    /* Beside 88 columns of figures, charts narrower than about 50 columns mislead: their
       axes crowd and points land between the labels. Narrow, the figures take the width. */
    ReportScreen.-narrow #report-charts { display: none; }
    ReportScreen.-narrow #report-figures { width: 1fr; }
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]

    BINDINGS = ReportKeys.BINDINGS

    help = (
        "The numbers across incidents: TTD and TTR per severity and per month (median, "
        "p90, max), the time from declaring to an incident manager, to the assessment "
        "being complete and to the first message on each channel, page acknowledgement, "
        "the update cadence kept, and follow-up items. 'unknown' counts the incidents a "
        "figure could not be measured on; they are left out, never counted as zero. "
        "docs/report.md defines each figure."
    )

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.training = False
        self.report: Report | None = None  # the report on screen, once read

    def compose(self) -> ComposeResult:
        from warroom.widgets.report_charts import ReportCharts  # plotext: only once opened

        yield Literal("Report across incidents — reading…", id="report-heading")
        with Horizontal():
            with Vertical(id="report-figures"):
                yield DataTable[Text](id="report-table", cursor_type="row", zebra_stripes=True)
                yield Literal("", id="report-notes")
            yield ReportCharts(id="report-charts")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*_cells(FIGURE_COLUMNS))
        self.read()

    def read(self) -> None:
        """Read the report off the UI thread; shown when it arrives."""
        self.query_one(DataTable).loading = True
        scope = Scope(training=self.training)
        self.call_service(lambda: build_report(self.ctx, scope), done=self.show_report)

    def show_report(self, report: Report) -> None:
        from warroom.widgets.report_charts import ReportCharts

        self.report = report
        self.query_one("#report-heading", Literal).update(
            f"Report across incidents — {scope_text(report)}; months in UTC"
        )
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows(_cells(row) for row in (figure_rows(report) if report.count else []))
        table.loading = False
        notes = [
            f"Update cadence kept: {cadence_text(report.cadence)}",
            *(f"  SEV{s}: {cadence_text(c)}" for s, c in report.cadence_by_severity.items()),
            f"Follow-up items: {report.follow_ups_open} open, {report.follow_ups_overdue} overdue",
        ]
        if not report.count:
            notes = ["No incidents to measure."]
        elif self.has_class("-narrow"):
            notes.append("The charts show in a terminal 140 columns wide or wider.")
        self.query_one("#report-notes", Literal).update("\n".join(notes))
        self.query_one(ReportCharts).show(report)

    def action_toggle_training(self) -> None:
        self.training = not self.training
        self.read()

    def action_close(self) -> None:
        self.dismiss(None)
