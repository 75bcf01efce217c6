"""The report's charts: TTR per incident over time, the TTR distribution per severity, and
the update cadence kept. Drawn with plotext (textual-plotext); this module is imported only
when the report screen opens, so the console's first frame does not load plotting.

Every colour and mark is named here, none left to plotext's defaults, so a chart is drawn
the same on every run (the snapshots rely on it). No stored text reaches a chart: the axes
carry severities, dates and numbers only.
"""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Vertical
from textual_plotext import PlotextPlot

from warroom.base.localtime import local_text
from warroom.reports.across_incidents import Report

SEVERITY_COLOURS = {1: "red", 2: "orange", 3: "cyan"}
STATISTIC_COLOURS = ("green", "orange", "red")  # median, p90, max


def _unit(longest: timedelta | None) -> tuple[float, str]:
    """Hours for long recoveries, minutes for short ones: the axis reads in whole numbers."""
    if longest is not None and longest >= timedelta(hours=2):
        return 3600.0, "hours"
    return 60.0, "minutes"


class TtrOverTime(PlotextPlot):
    """Each resolved incident's TTR at the day it was declared, one colour per severity."""

    def show(self, report: Report) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        scale, unit = _unit(report.ttr.all.max)
        plt.title(f"TTR per incident ({unit}), by day declared")
        measured = [f for f in report.incidents if f.ttr is not None]
        if not measured:
            plt.title("TTR per incident: no resolved incident with a known start")
            self.refresh()
            return
        first = min(f.record.declared_at for f in measured)
        for severity in sorted({f.record.severity for f in measured}):
            mine = [f for f in measured if f.record.severity == severity]
            days = [(f.record.declared_at - first) / timedelta(days=1) for f in mine]
            values = [f.ttr.total_seconds() / scale for f in mine if f.ttr is not None]
            plt.scatter(
                days,
                values,
                marker="dot",
                color=SEVERITY_COLOURS.get(severity, "white"),
                label=f"SEV{severity}",
            )
        last = max((f.record.declared_at - first) / timedelta(days=1) for f in measured)
        ticks = [0.0, last / 2, last] if last > 0 else [0.0]
        plt.xticks(ticks, [local_text(first + timedelta(days=t), "%m-%d") for t in ticks])
        plt.ylim(0, None)
        self.refresh()


class TtrBySeverity(PlotextPlot):
    """Median, p90 and max TTR for each severity, side by side: the figures of the table."""

    def show(self, report: Report) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        by_severity = {s: d for s, d in report.ttr.by_severity.items() if d.count}
        scale, unit = _unit(report.ttr.all.max)
        plt.title(f"TTR per severity ({unit})")
        if not by_severity:
            plt.title("TTR per severity: nothing measured")
            self.refresh()
            return
        series = [
            [(getattr(d, statistic) or timedelta(0)).total_seconds() / scale
             for d in by_severity.values()]
            for statistic in ("median", "p90", "max")
        ]  # fmt: skip
        # textual-plotext's stub says ``label`` and one colour; plotext 5 takes ``labels``
        # and a colour per series, as written here.
        plt.multiple_bar(  # type: ignore[call-arg]
            [f"SEV{s}" for s in by_severity],
            series,
            labels=["median", "p90", "max"],
            color=list(STATISTIC_COLOURS),  # type: ignore[arg-type]
        )
        self.refresh()


class CadenceKeptChart(PlotextPlot):
    """The share of updates sent by the time they were due: all, then per severity."""

    def show(self, report: Report) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("Updates sent by the time due (%)")
        kept = {"all": report.cadence} | {
            f"SEV{s}": c for s, c in report.cadence_by_severity.items()
        }
        measured = {label: c for label, c in kept.items() if c.due}
        if not measured:
            plt.title("Update cadence: no update fell due")
            self.refresh()
            return
        plt.bar(
            list(measured),
            [round(100 * (c.share or 0.0)) for c in measured.values()],
            color="green",
        )
        plt.ylim(0, 100)
        self.refresh()


class ReportCharts(Vertical):
    """The three charts, stacked."""

    def compose(self) -> ComposeResult:
        # The plot's background and text follow the app's theme ("auto"); the series keep
        # the colours named above.
        yield TtrOverTime(id="chart-ttr-over-time")
        yield TtrBySeverity(id="chart-ttr-by-severity")
        yield CadenceKeptChart(id="chart-cadence")

    def show(self, report: Report) -> None:
        self.query_one(TtrOverTime).show(report)
        self.query_one(TtrBySeverity).show(report)
        self.query_one(CadenceKeptChart).show(report)
