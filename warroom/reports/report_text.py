"""The report across incidents as text: for the terminal, and the tables of the console's
report screen (``figure_rows``)."""

from __future__ import annotations

from datetime import datetime

from warroom.base.durations import duration_or_dash
from warroom.base.localtime import local_text
from warroom.reports.across_incidents import Breakdown, Report
from warroom.reports.distribution import Distribution
from warroom.reports.incident_figures import CadenceKept
from warroom.vocabulary.channels import channel

FIGURE_COLUMNS = ("", "counted", "unknown", "median", "p90", "max")
Row = tuple[str, str, str, str, str, str]


def _row(label: str, d: Distribution) -> Row:
    return (
        label,
        str(d.count),
        str(d.unknown),
        duration_or_dash(d.median),
        duration_or_dash(d.p90),
        duration_or_dash(d.max),
    )


def _breakdown_rows(title: str, b: Breakdown) -> list[Row]:
    rows = [_row(title, b.all)]
    rows += [_row(f"  SEV{s}", d) for s, d in b.by_severity.items()]
    rows += [_row(f"  {m}", d) for m, d in b.by_month.items()]
    return rows


def figure_rows(report: Report) -> list[Row]:
    """Every distribution of the report, one row each, under a heading row."""
    rows = _breakdown_rows("TTD (detected − impact started)", report.ttd)
    rows += _breakdown_rows("TTR (impact ended − impact started)", report.ttr)
    rows.append(_row("Declared → IM took it", report.to_im))
    rows.append(_row("Declared → assessment complete", report.to_assessment))
    rows += [
        _row(f"Declared → first {channel(name).noun}", d)
        for name, d in report.to_first_comms.items()
    ]
    rows.append(_row("Page → acknowledged (per page)", report.page_ack))
    return rows


def cadence_text(c: CadenceKept) -> str:
    if not c.due:
        return "no update fell due"
    share = c.share or 0.0
    return f"{c.kept} of {c.due} updates sent by the time they were due ({share:.0%})"


def _day(moment: datetime) -> str:
    return local_text(moment, "%Y-%m-%d %H:%M")


def scope_text(report: Report) -> str:
    scope = report.scope
    where = []
    if scope.since is not None:
        where.append(f"from {_day(scope.since)}")
    if scope.until is not None:
        where.append(f"before {_day(scope.until)}")
    if scope.severity is not None:
        where.append(f"severity {scope.severity}")
    range_ = f" declared {' '.join(where)}" if where else ""
    training = "training incidents counted" if scope.training else "training incidents left out"
    noun = "incident" if report.count == 1 else "incidents"
    return f"{report.count} {noun}{range_} ({training})"


def _table(rows: list[Row]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(FIGURE_COLUMNS))]
    lines = []
    for row in rows:
        label = row[0].ljust(widths[0])
        rest = "  ".join(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        lines.append(f"{label}  {rest}".rstrip())
    return lines


def format_report(report: Report) -> str:
    lines = [f"Report: {scope_text(report)}"]
    if not report.count:
        lines.append("Nothing to measure. Widen --since/--until, or add --training.")
        return "\n".join(lines)
    lines.append("Months: UTC, of the declaration. Response times count from the declaration.")
    lines.append(
        "unknown: not measurable (time not recorded, not resolved, not acknowledged): "
        "left out, never zero."
    )
    lines.append("")
    lines += _table([FIGURE_COLUMNS, *figure_rows(report)])
    lines.append("")
    lines.append(f"Update cadence kept: {cadence_text(report.cadence)}")
    lines += [f"  SEV{s}: {cadence_text(c)}" for s, c in report.cadence_by_severity.items()]
    lines.append(
        f"Follow-up items: {report.follow_ups_open} open, {report.follow_ups_overdue} overdue"
    )
    return "\n".join(lines)
