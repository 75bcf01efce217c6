"""The numbers across incidents (``warroom report``, the console's report screen): how
fast incidents were detected and recovered from, per severity and per month, and how the
response went — the IM taking it, the assessment, first comms, the update cadence, pages
acknowledged, follow-up items left open.

Training incidents are left out unless the scope asks for them. Months are UTC months of
the declaration. Definitions: ``distribution`` (median, p90, unknown) and
``incident_figures`` (each figure); docs/report.md for people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce

from warroom.comms.cadence import cadence
from warroom.process.context import Context
from warroom.reports.distribution import Distribution, distribution
from warroom.reports.incident_figures import CadenceKept, IncidentFigures, figures_of
from warroom.reports.report_read import Scope, read_records
from warroom.vocabulary.channels import CHANNEL_NAMES


@dataclass(frozen=True)
class Breakdown:
    """One metric over every incident counted, per severity and per month (only those with
    an incident counted, in order)."""

    all: Distribution
    by_severity: dict[int, Distribution]
    by_month: dict[str, Distribution]


@dataclass(frozen=True)
class Report:
    scope: Scope
    now: datetime
    incidents: list[IncidentFigures]  # oldest declared first
    ttd: Breakdown
    ttr: Breakdown
    to_im: Distribution
    to_assessment: Distribution
    to_first_comms: dict[str, Distribution]  # by channel name, every channel
    page_ack: Distribution  # over pages, not incidents
    cadence: CadenceKept
    cadence_by_severity: dict[int, CadenceKept]
    follow_ups_open: int
    follow_ups_overdue: int

    @property
    def count(self) -> int:
        return len(self.incidents)


Metric = Callable[[IncidentFigures], timedelta | None]


def _breakdown(figures: list[IncidentFigures], metric: Metric) -> Breakdown:
    severities = sorted({f.record.severity for f in figures})
    months = sorted({f.month for f in figures})
    return Breakdown(
        all=distribution(metric(f) for f in figures),
        by_severity={
            s: distribution(metric(f) for f in figures if f.record.severity == s)
            for s in severities
        },
        by_month={m: distribution(metric(f) for f in figures if f.month == m) for m in months},
    )


def _cadence_total(figures: list[IncidentFigures]) -> CadenceKept:
    return reduce(lambda total, f: total + f.cadence, figures, CadenceKept(0, 0))


def build_report(ctx: Context, scope: Scope) -> Report:
    now = ctx.clock.now()
    figures = [
        figures_of(record, cadence(ctx.catalog, record.severity), now)
        for record in read_records(ctx, scope)
    ]
    severities = sorted({f.record.severity for f in figures})
    return Report(
        scope=scope,
        now=now,
        incidents=figures,
        ttd=_breakdown(figures, lambda f: f.ttd),
        ttr=_breakdown(figures, lambda f: f.ttr),
        to_im=distribution(f.to_im for f in figures),
        to_assessment=distribution(f.to_assessment for f in figures),
        to_first_comms={
            name: distribution(f.to_first_comms[name] for f in figures) for name in CHANNEL_NAMES
        },
        page_ack=distribution(ack for f in figures for ack in f.page_acks),
        cadence=_cadence_total(figures),
        cadence_by_severity={
            s: _cadence_total([f for f in figures if f.record.severity == s]) for s in severities
        },
        follow_ups_open=sum(f.record.follow_ups_open for f in figures),
        follow_ups_overdue=sum(f.record.follow_ups_overdue for f in figures),
    )
