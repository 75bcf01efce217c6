"""A resolved incident made into a drill: ``warroom drill from KEY``.

A team rehearses its own worst night. The incident's people's notes become the injects, at
the times they were written (back-dated ones at the time they say); what the team did, and
how long it took, becomes the expectations, so the drill asks a trainee to do at least as
well; what the store knows of the cause, the severity, the pages and the assessment becomes
the ground truth. The drill's time 0 is when the impact started (or, not known, when it was
detected); its alert fires when the incident was detected, and its TTR is the real one to
the second, so a trainee who declares from the alert and ends the impact when the real one
ended has the incident's TTD and TTR.

The result is a drill file (``docs/drills.md``) that ``load_drill`` reads back; a person
will usually polish its briefing before a class uses it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import tomli_w

from warroom.base import limits
from warroom.base.errors import Refused
from warroom.base.text import one_line, safe
from warroom.config.catalog import Catalog, load_catalog
from warroom.process.metrics import time_to_recover
from warroom.process.queries import entry_text
from warroom.process.read import IncidentDetail
from warroom.scenarios.drill_progress import Progress, progress_of
from warroom.scenarios.durations import format_offset
from warroom.vocabulary.kinds import EntryKind
from warroom.vocabulary.questions import QUESTIONS

_REASONING = (EntryKind.THEORY.value, EntryKind.DECISION.value, EntryKind.CHANGE.value)


def drill_from(detail: IncidentDetail, catalog: Catalog) -> str:
    """The drill file's text for a resolved incident."""
    incident = detail.incident
    if incident.status != "resolved" or incident.resolved_at is None:
        raise Refused(f"drill from {incident.key}: not resolved; a drill replays a whole incident")
    start = min(filter(None, (incident.impact_started_at, incident.detected_at)))
    progress = progress_of(detail)
    drill: dict[str, Any] = {
        "drill": {
            "title": _cut(f"Replay of {incident.key}: {incident.summary}", limits.SUMMARY),
            "briefing": _briefing(detail),
            "summary": incident.summary,
            "source": f"warroom incident {incident.key}",
            # The night itself: the drill clock shows the times the team lived through.
            "starts_at": start.replace(microsecond=0),
        },
    }
    if catalog != load_catalog():
        drill["organisation"] = catalog.model_dump(mode="json", exclude_defaults=True)
    drill["ground_truth"] = _ground_truth(detail, start, progress)
    drill["injects"] = list(_injects(detail, start))
    drill["expectations"] = list(_expectations(detail, start, progress))
    return tomli_w.dumps(_inert(drill), multiline_strings=True)


def _inert(value: Any, name: str = "") -> Any:
    """Every text as the console shows it, on one line but in the briefing and the cause:
    a drill checks that no text holds a control or invisible character (a note's stray
    escape sequence teaches nothing) and that one-line fields are one line."""
    if isinstance(value, str):
        return safe(value) if name in _MULTI_LINE else one_line(value)
    if isinstance(value, dict):
        return {key: _inert(item, key) for key, item in value.items()}
    if isinstance(value, list):
        return [_inert(item, name) for item in value]
    return value


_MULTI_LINE = ("briefing", "cause")


def _cut(text: str, limit: int) -> str:
    """``text`` within ``limit`` bytes of UTF-8, marked where it was cut: the drill's own
    limits are a little tighter than what a store may hold (a title adds "Replay of")."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 4].decode("utf-8", errors="ignore") + " …"


def _briefing(detail: IncidentDetail) -> str:
    return (
        "You are on call as incident manager. Monitoring has just alerted: "
        f"{detail.incident.summary}. Declare the incident, take it, find out what is "
        "happening and keep people informed. The trainer plays everyone else."
    )


def _ground_truth(detail: IncidentDetail, start: datetime, progress: Progress) -> dict[str, Any]:
    reasoning = [entry_text(e) for e in detail.timeline if e.kind in _REASONING]
    cause = "; ".join(reasoning) or detail.incident.description or detail.incident.summary
    truth: dict[str, Any] = {
        "cause": _cut(cause, limits.DESCRIPTION),
        "severity": detail.incident.severity,
    }
    first_level = progress.severities[0][1] if progress.severities else detail.incident.severity
    if first_level != detail.incident.severity:
        raised = progress.severity_set(detail.incident.severity)
        if raised is not None:
            truth["raise_within"] = _limit(raised - start)
    if progress.paged:
        truth["page"] = sorted(progress.paged)
    answers = {q.slug: detail.answers[q.slug].answer for q in QUESTIONS if q.slug in detail.answers}
    if answers:
        truth["answers"] = answers
    # As it was, to the second: a trainee who ends the impact when the drill says the real
    # one ended has the same TTR. (Limits are rounded up; the real TTR is not a limit.)
    ttr = time_to_recover(detail.incident)
    truth["ttr"] = format_offset(ttr if ttr is not None else _resolved(detail) - start)
    return truth


def _injects(detail: IncidentDetail, start: datetime) -> Iterator[dict[str, Any]]:
    """The alert when the incident was detected, so a trainee who declares from it has the
    real TTD; every person's note when it was written. In time order, as a drill lists them
    (a note from before the detection comes before the alert)."""
    incident = detail.incident
    alert = {"kind": "alert", "by": "monitoring", "text": incident.summary}
    timed = [(incident.detected_at - start, alert)]
    for entry in (e for e in detail.timeline if e.kind != EntryKind.SYSTEM.value):
        note = {
            "kind": "observation",
            "by": entry.author,
            "text": _cut(f"{entry.kind}: {entry.text}", limits.NOTE),
        }
        timed.append((entry.occurred_at - start, note))
    for delta, inject in sorted(timed, key=lambda pair: pair[0]):  # stable: the alert first
        yield {"at": _offset(delta), **inject}


def _expectations(
    detail: IncidentDetail, start: datetime, progress: Progress
) -> Iterator[dict[str, Any]]:
    """What the team did, each within the time it took them: the bar a trainee meets."""
    for expect in ("declared", "im-taken", "assessed", "initial-comms", "update-comms"):
        if (at := progress.met(expect)) is not None:
            yield {"expect": expect, "within": _limit(at - start)}
    final = progress.severity_set(detail.incident.severity)
    if final is not None:
        severity = detail.incident.severity
        yield {"expect": "severity", "severity": severity, "within": _limit(final - start)}
    for team, at in sorted(progress.paged.items()):
        yield {"expect": "paged", "team": team, "within": _limit(at - start)}
    yield {"expect": "resolved", "within": _limit(_resolved(detail) - start)}


def _resolved(detail: IncidentDetail) -> datetime:
    assert detail.incident.resolved_at is not None  # drill_from refuses an open incident
    return detail.incident.resolved_at


def _offset(delta: timedelta) -> str:
    """A note written before the drill's start (before the impact) comes at its start."""
    return format_offset(max(delta, timedelta(0)))


def _limit(delta: timedelta) -> str:
    """A time limit in whole minutes, rounded up, at least one."""
    minutes = max(1, math.ceil(delta.total_seconds() / 60))
    return format_offset(timedelta(minutes=minutes))
