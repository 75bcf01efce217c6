"""The report across incidents as data: a dict for ``--json`` and rows for ``--csv``.

Field names follow ``show --json`` (``ttd_seconds``, ``ttr_seconds``, ``declared_at``);
every duration is in seconds, and an unknown one is null (JSON) or empty (CSV), never 0.
The schema is in docs/report.md.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from warroom.base.text import spreadsheet_cell
from warroom.reports.across_incidents import Breakdown, Report
from warroom.reports.distribution import Distribution
from warroom.reports.incident_data import iso
from warroom.reports.incident_figures import CadenceKept, IncidentFigures
from warroom.vocabulary.channels import CHANNEL_NAMES


def _seconds(delta: timedelta | None) -> float | None:
    return delta.total_seconds() if delta is not None else None


def distribution_to_dict(d: Distribution) -> dict[str, Any]:
    return {
        "count": d.count,
        "unknown": d.unknown,
        "median_seconds": _seconds(d.median),
        "p90_seconds": _seconds(d.p90),
        "max_seconds": _seconds(d.max),
    }


def _breakdown(b: Breakdown) -> dict[str, Any]:
    return {
        "all": distribution_to_dict(b.all),
        "by_severity": {str(s): distribution_to_dict(d) for s, d in b.by_severity.items()},
        "by_month": {m: distribution_to_dict(d) for m, d in b.by_month.items()},
    }


def _cadence(c: CadenceKept) -> dict[str, Any]:
    return {"due": c.due, "kept": c.kept, "share": c.share}


def incident_to_dict(f: IncidentFigures) -> dict[str, Any]:
    r = f.record
    return {
        "key": r.key,
        "summary": r.summary,
        "severity": r.severity,
        "status": r.status,
        "training": r.training,
        "reopened": r.reopened,
        "declared_at": iso(r.declared_at),
        "month": f.month,
        "impact_started_at": iso(r.impact_started_at),
        "detected_at": iso(r.detected_at),
        "resolved_at": iso(r.resolved_at),
        "ttd_seconds": _seconds(f.ttd),
        "ttr_seconds": _seconds(f.ttr),
        "time_to_im_seconds": _seconds(f.to_im),
        "time_to_assessment_seconds": _seconds(f.to_assessment),
        "time_to_first_comms_seconds": {
            name: _seconds(delta) for name, delta in f.to_first_comms.items()
        },
        "cadence": {"due": f.cadence.due, "kept": f.cadence.kept},
        "page_ack_seconds": [_seconds(ack) for ack in f.page_acks],
        "follow_ups_open": r.follow_ups_open,
        "follow_ups_overdue": r.follow_ups_overdue,
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    scope = report.scope
    return {
        "generated_at": iso(report.now),
        "scope": {
            "since": iso(scope.since),
            "until": iso(scope.until),
            "severity": scope.severity,
            "training": scope.training,
        },
        "months": "UTC",
        "count": report.count,
        "ttd": _breakdown(report.ttd),
        "ttr": _breakdown(report.ttr),
        "time_to_im": distribution_to_dict(report.to_im),
        "time_to_assessment": distribution_to_dict(report.to_assessment),
        "time_to_first_comms": {
            name: distribution_to_dict(d) for name, d in report.to_first_comms.items()
        },
        "page_ack": distribution_to_dict(report.page_ack),
        "cadence": {
            **_cadence(report.cadence),
            "by_severity": {str(s): _cadence(c) for s, c in report.cadence_by_severity.items()},
        },
        "follow_ups": {"open": report.follow_ups_open, "overdue": report.follow_ups_overdue},
        "incidents": [incident_to_dict(f) for f in report.incidents],
    }


CSV_COLUMNS = (
    "key",
    "summary",
    "severity",
    "status",
    "training",
    "reopened",
    "declared_at",
    "month",
    "ttd_seconds",
    "ttr_seconds",
    "time_to_im_seconds",
    "time_to_assessment_seconds",
    *(f"time_to_first_{name}_seconds" for name in CHANNEL_NAMES),
    "updates_due",
    "updates_kept",
    "pages",
    "pages_acknowledged",
    "slowest_ack_seconds",
    "follow_ups_open",
    "follow_ups_overdue",
)


def _cell(value: float | int | str | bool | None) -> str | float | int:
    """Numbers as they are; text through the one escaping path, guarded against formulas;
    unknown as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return spreadsheet_cell(value)
    return value


def report_csv(report: Report) -> str:
    """One row per incident counted, for a spreadsheet to sum and chart as it likes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in report.incidents:
        r = f.record
        acks = [ack for ack in f.page_acks if ack is not None]
        row = (
            r.key,
            r.summary,
            r.severity,
            r.status,
            r.training,
            r.reopened,
            iso(r.declared_at),
            f.month,
            _seconds(f.ttd),
            _seconds(f.ttr),
            _seconds(f.to_im),
            _seconds(f.to_assessment),
            *(_seconds(f.to_first_comms[name]) for name in CHANNEL_NAMES),
            f.cadence.due,
            f.cadence.kept,
            len(f.page_acks),
            len(acks),
            _seconds(max(acks, default=None)),
            r.follow_ups_open,
            r.follow_ups_overdue,
        )
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()
