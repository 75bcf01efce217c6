"""The debrief of a drill: what the trainee did, in figures, beside what the drill expected.

Computed from the drill's incident as the store holds it and the drill file, so it is the
same whether the drill ended a minute ago or is read again next month. Times are counted
from the drill's start, in drill time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from warroom.base.durations import format_duration
from warroom.config.catalog import Catalog
from warroom.process.metrics import time_to_recover
from warroom.process.read import IncidentDetail
from warroom.scenarios.drill import Drill
from warroom.scenarios.drill_progress import Progress, Score, progress_of, scorecard
from warroom.vocabulary.channels import CHANNEL_NAMES, Phase
from warroom.vocabulary.kinds import EntryKind


@dataclass(frozen=True)
class Figure:
    """One line of the debrief: what was measured, what the trainee did, and the bar."""

    what: str
    did: str
    bar: str = ""


@dataclass(frozen=True)
class Debrief:
    title: str
    source: str
    scores: list[Score]
    figures: list[Figure]


def debrief(
    drill: Drill, detail: IncidentDetail | None, started: datetime, now: datetime
) -> Debrief:
    progress = progress_of(detail)
    return Debrief(
        title=drill.drill.title,
        source=drill.drill.source,
        scores=scorecard(drill, started, progress, now),
        figures=_figures(drill, detail, progress, started),
    )


def _since(started: datetime, moment: datetime | None) -> str:
    return format_duration(moment - started) if moment is not None else "not done"


def _figures(
    drill: Drill, detail: IncidentDetail | None, progress: Progress, started: datetime
) -> list[Figure]:
    truth = drill.ground_truth
    right = truth.severity
    figures = [
        Figure("time to declare", _since(started, progress.declared)),
        Figure("time to take the incident-manager role", _since(started, progress.im_taken)),
        Figure("severity chosen", _severities(progress), f"Sev {right}"),
        Figure(
            f"time to set Sev {right}",
            _since(started, progress.severity_set(right)),
            format_duration(truth.raise_within) if truth.raise_within else "",
        ),
        Figure("time to 6/6 assessment", _since(started, progress.assessed)),
    ]
    if detail is None:
        return figures
    figures += _comms_figures(detail, started, drill.catalog())
    figures += [
        _paged(progress, truth.page),
        Figure("roles assigned", ", ".join(sorted(progress.roles)) or "none"),
        _review_loop(detail),
        Figure("time to resolve (TTR)", _ttr(detail, started), _real(truth.ttr)),
    ]
    return figures


def _severities(progress: Progress) -> str:
    levels = [f"Sev {level}" for _, level in progress.severities]
    return " → ".join(levels) or "not declared"


def _comms_figures(detail: IncidentDetail, started: datetime, catalog: Catalog) -> list[Figure]:
    figures = []
    for channel in CHANNEL_NAMES:
        sent = sorted(
            (m.message for m in detail.messages if m.message.channel == channel),
            key=lambda message: message.sent_at,
        )
        first = next((m for m in sent if m.phase == Phase.INITIAL.value), None)
        figures.append(
            Figure(
                f"time to first comms, {channel}",
                _since(started, first.sent_at if first else None),
            )
        )
        if first is not None:
            complete = all(item.get("ok", False) for item in json.loads(first.checklist))
            figures.append(
                Figure(f"complete on the first try, {channel}", "yes" if complete else "no")
            )
        figures.append(_cadence(channel, [m.sent_at for m in sent], detail, catalog))
    return figures


def _cadence(
    channel: str, sent: list[datetime], detail: IncidentDetail, catalog: Catalog
) -> Figure:
    level = catalog.severity(detail.incident.severity)
    every = timedelta(minutes=level.update_every_minutes) if level else None
    gaps = [later - earlier for earlier, later in pairwise(sent)]
    if every is None or len(sent) < 2:
        return Figure(f"cadence kept, {channel}", "—", _every(every))
    late = sum(1 for gap in gaps if gap > every)
    return Figure(
        f"cadence kept, {channel}",
        "yes" if late == 0 else f"no: {late} of {len(gaps)} updates late",
        _every(every),
    )


def _every(every: timedelta | None) -> str:
    return f"every {format_duration(every)}" if every else ""


def _paged(progress: Progress, expected: tuple[str, ...]) -> Figure:
    paged = set(progress.paged)
    missing = [team for team in expected if team not in paged]
    extra = sorted(paged - set(expected))
    did = ", ".join(sorted(paged)) or "nobody"
    if missing:
        did += f"; not paged: {', '.join(missing)}"
    if extra and expected:
        did += f"; also paged: {', '.join(extra)}"
    return Figure("teams paged", did, ", ".join(expected))


def _review_loop(detail: IncidentDetail) -> Figure:
    kinds = [entry.kind for entry in detail.timeline]
    changes = [e for e in detail.timeline if e.kind == EntryKind.CHANGE.value]
    undone = sum(1 for change in changes if change.undo)
    return Figure(
        "review loop",
        f"{kinds.count(EntryKind.THEORY.value)} theories, "
        f"{kinds.count(EntryKind.EXPERIMENT.value)} experiments, "
        f"{len(changes)} changes ({undone} with an undo)",
    )


def _ttr(detail: IncidentDetail, started: datetime) -> str:
    incident = detail.incident
    if incident.status != "resolved" or incident.resolved_at is None:
        return "not resolved"
    ttr = time_to_recover(incident)
    return format_duration(ttr if ttr is not None else incident.resolved_at - started)


def _real(ttr: timedelta | None) -> str:
    return f"{format_duration(ttr)} in the real incident" if ttr else ""
