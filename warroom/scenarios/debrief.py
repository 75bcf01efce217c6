"""The debrief of a drill: what the trainee did, in figures, beside what the drill expected.

Computed from the drill's incident as the store holds it (with the sends the comms gates
refused) and the drill file, so it is the same whether the drill ended a minute ago or is
read again next month. Times are counted from the drill's start, in drill time.

Runs of one drill can be compared (``compare``): one column per run, oldest first, so a
team sees its progress.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import pairwise
from typing import TypeVar

from warroom.base.durations import format_duration
from warroom.base.errors import InvalidInput
from warroom.base.text import one_line
from warroom.config.catalog import IMOC_TEAM, Catalog, Team
from warroom.process import drill_records
from warroom.process.metrics import time_to_recover
from warroom.process.read import IncidentDetail, RefusedSend, detail_of, refused_sends
from warroom.scenarios.drill import Drill, Expectation
from warroom.scenarios.drill_progress import Progress, Score, progress_of, scorecard
from warroom.scenarios.drill_session import DrillSession
from warroom.store.models import Message
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
    started: datetime | None = None  # when the drill started: runs are compared in this order


def debrief(
    drill: Drill,
    detail: IncidentDetail | None,
    started: datetime,
    now: datetime,
    refusals: Sequence[RefusedSend] | None = None,
    *,
    ended: bool = False,
) -> Debrief:
    """The debrief at ``now`` of the drill's incident (``detail``; None before it is
    declared) and the sends refused on it, oldest first. Without ``refusals`` (None: not
    read) the sends-refused figure is left out and a first try is judged by its checklist
    alone, rather than either saying there were none: ``debrief_of`` reads them. Once the
    drill has ``ended``, what was not done is missed, whatever time it had left."""
    progress = progress_of(detail)
    return Debrief(
        title=drill.drill.title,
        source=drill.drill.source,
        scores=scorecard(drill, started, progress, now, ended=ended),
        figures=_figures(drill, detail, progress, started, refusals),
        started=started,
    )


def debrief_of(session: DrillSession) -> Debrief:
    """The debrief of a drill store now: its incident and its refused sends, read in one
    transaction so they agree."""
    with session.ctx.store.read() as db:
        incident = drill_records.drill_incident(db)
        if incident is None or incident.id is None:
            detail, refusals = None, []
        else:
            detail, refusals = detail_of(db, incident), refused_sends(db, incident.id)
        speeds = drill_records.speeds(db)
    said = debrief(
        session.drill, detail, session.started, session.now(), refusals, ended=session.ended
    )
    # How fast it ran: a run at ×60 and one at ×4 are not the same exercise.
    ran = ", then ".join(f"×{speed:g}" for speed in speeds)
    return replace(said, figures=[Figure("drill speed", ran), *said.figures])


def _since(started: datetime, moment: datetime | None) -> str:
    return format_duration(moment - started) if moment is not None else "not done"


def _figures(
    drill: Drill,
    detail: IncidentDetail | None,
    progress: Progress,
    started: datetime,
    refusals: Sequence[RefusedSend] | None,
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
    catalog = drill.catalog()
    figures += _comms_figures(detail, started, catalog, refusals or ())
    if refusals is not None:
        figures.append(_refused(refusals, started))
    sev1 = right == 1 or any(level == 1 for _, level in progress.severities)
    figures.append(_paged(progress, truth.page, catalog.imoc if sev1 else None))
    if sev1:
        figures.append(_imoc(progress, started, catalog))
    figures += [
        Figure("roles assigned", _roles(detail)),
        _review_loop(detail),
        Figure("time to resolve (TTR)", _ttr(detail, started), _real(truth.ttr)),
    ]
    return figures


def _severities(progress: Progress) -> str:
    levels = [f"Sev {level}" for _, level in progress.severities]
    return " → ".join(levels) or "not declared"


def _comms_figures(
    detail: IncidentDetail, started: datetime, catalog: Catalog, refusals: Sequence[RefusedSend]
) -> list[Figure]:
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
        refused = [r.at for r in refusals if r.channel == channel]
        figures.append(
            Figure(
                f"complete on the first try, {channel}",
                _first_try(sent[0] if sent else None, refused),
            )
        )
        figures.append(_cadence(channel, [m.sent_at for m in sent], detail, catalog))
    return figures


def _first_try(first: Message | None, refused: list[datetime]) -> str:
    """Whether the first message on a channel went out complete at the first attempt: no
    send refused on the channel before it, and every item of its checklist ticked (the
    advice too: a message can go out with advice not followed)."""
    if first is None:
        return f"no: {_sends(len(refused))} refused, none sent" if refused else "not sent"
    before = sum(1 for at in refused if at < first.sent_at)
    unticked = _unticked(first.checklist)
    faults = [f"{_sends(before)} refused before it"] if before else []
    if unticked is None:
        faults.append("its checklist is not readable")
    elif unticked:
        which = "; ".join(unticked)
        faults.append(f"sent with {_count(len(unticked), 'check', 'checks')} not ticked ({which})")
    return "no: " + "; ".join(faults) if faults else "yes"


def _unticked(checklist: str) -> list[str] | None:
    """The items of a stored checklist not ticked, by label (what to tell the trainee);
    None when it is not a checklist."""
    try:
        items = json.loads(checklist)
    except ValueError:
        return None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return None
    return [
        one_line(str(item.get("label") or "an unnamed check")).split(" — ", 1)[0]
        for item in items
        if item.get("ok") is not True
    ]


def _sends(count: int) -> str:
    return f"{count} send" if count == 1 else f"{count} sends"


def _refused(refusals: Sequence[RefusedSend], started: datetime) -> Figure:
    """How many sends the gates refused, and each: where, when, and what was missing, in
    short ("Assessment 4/6", not the questions still open)."""
    if not refusals:
        return Figure("sends refused", "none")
    each = [
        f"{r.phase or '?'} on {r.channel or '?'} at {format_duration(r.at - started)} "
        f"(missing: {'; '.join(m.split(' — ', 1)[0] for m in r.missing) or 'not recorded'})"
        for r in refusals
    ]
    return Figure("sends refused", f"{len(refusals)}: " + " · ".join(each))


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


def _paged(progress: Progress, expected: tuple[str, ...], imoc: Team | None) -> Figure:
    """Who was paged against the drill's list. For a Sev 1 the IMOC rotation (``imoc``) is
    not "also paged" when the drill does not list it: paging it is right, and has its own
    figure."""
    paged = set(progress.paged)
    missing = [team for team in expected if progress.paged_at(team) is None]
    wanted = {team.casefold() for team in expected}  # a drill may spell a team otherwise
    if imoc is not None:
        wanted.add(imoc.name.casefold())
    extra = sorted(team for team in paged if team.casefold() not in wanted)
    did = ", ".join(sorted(paged)) or "nobody"
    if missing:
        did += f"; not paged: {', '.join(missing)}"
    if extra and expected:
        did += f"; also paged: {', '.join(extra)}"
    return Figure("teams paged", did, ", ".join(expected))


def _imoc(progress: Progress, started: datetime, catalog: Catalog) -> Figure:
    """A Sev 1 pages the IMOC rotation: whether and when it was, and when Sev 1 was set."""
    what = "IMOC paged for Sev 1"
    imoc = catalog.imoc
    if imoc is None:
        return Figure(what, f"the organisation has no IMOC team ({IMOC_TEAM})")
    paged = sorted(at for team, at in progress.paged.items() if catalog.team(team) == imoc)
    sev1 = progress.severity_set(1)
    did = f"paged at {format_duration(paged[0] - started)}" if paged else "not paged"
    did += f"; Sev 1 from {format_duration(sev1 - started)}" if sev1 else "; never at Sev 1"
    return Figure(what, did, imoc.name)


def _roles(detail: IncidentDetail) -> str:
    """Each role and who held it, in turn: "Incident manager (ana, then bo), Scribe (cy)"."""
    holders: dict[str, list[str]] = {}
    for assignment in sorted(detail.role_history, key=lambda a: a.assumed_at):
        people, person = holders.setdefault(assignment.role, []), one_line(assignment.person)
        if person not in people:
            people.append(person)
    shown = [f"{role} ({', then '.join(people)})" for role, people in sorted(holders.items())]
    return ", ".join(shown) or "none"


def _review_loop(detail: IncidentDetail) -> Figure:
    kinds = [entry.kind for entry in detail.timeline]
    changes = [e for e in detail.timeline if e.kind == EntryKind.CHANGE.value]
    undone = sum(1 for change in changes if change.undo)
    theories, experiments = (
        kinds.count(EntryKind.THEORY.value),
        kinds.count(EntryKind.EXPERIMENT.value),
    )
    return Figure(
        "review loop",
        f"{_count(theories, 'theory', 'theories')}, "
        f"{_count(experiments, 'experiment', 'experiments')}, "
        f"{_count(len(changes), 'change', 'changes')} ({undone} with an undo)",
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _ttr(detail: IncidentDetail, started: datetime) -> str:
    incident = detail.incident
    if incident.status != "resolved" or incident.resolved_at is None:
        return "not resolved"
    ttr = time_to_recover(incident)
    if ttr is not None:
        return format_duration(ttr)
    since = format_duration(incident.resolved_at - started)
    return f"{since} from the drill's start (the impact's start was never recorded)"


def _real(ttr: timedelta | None) -> str:
    return f"{format_duration(ttr)} in the real incident" if ttr else ""


# --- runs compared ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One run's debrief, and the store it was read from (as named to the command)."""

    store: str
    debrief: Debrief


@dataclass(frozen=True)
class ComparedExpectation:
    expectation: Expectation
    scores: tuple[Score | None, ...]  # one a run; None: not in that run's drill file


@dataclass(frozen=True)
class ComparedFigure:
    what: str
    did: tuple[str | None, ...]  # one a run; None: not measured in that run
    bar: str


@dataclass(frozen=True)
class Comparison:
    title: str
    source: str
    runs: tuple[Run, ...]  # oldest first
    expectations: tuple[ComparedExpectation, ...]
    figures: tuple[ComparedFigure, ...]


def compare(runs: Sequence[Run]) -> Comparison:
    """Runs of one drill side by side, oldest first. Refused, naming the store, when a run
    is of another drill (told by the title: a drill polished between runs still compares)."""
    first = runs[0]
    for run in runs[1:]:
        if run.debrief.title != first.debrief.title:
            raise InvalidInput(
                "store",
                f"{one_line(run.store)} is a run of {one_line(run.debrief.title)!r}, not of "
                f"{one_line(first.debrief.title)!r} as {one_line(first.store)} is; "
                "compare runs of one drill",
            )
    ordered = tuple(sorted(runs, key=lambda run: _started(run.debrief)))
    latest = ordered[-1].debrief
    scores = [{s.expectation: s for s in run.debrief.scores} for run in ordered]
    figures = [{f.what: f for f in run.debrief.figures} for run in ordered]
    expectations = _merged([[s.expectation for s in run.debrief.scores] for run in ordered])
    whats = _merged([[f.what for f in run.debrief.figures] for run in ordered])
    return Comparison(
        title=latest.title,
        source=latest.source,
        runs=ordered,
        expectations=tuple(
            ComparedExpectation(e, tuple(by.get(e) for by in scores)) for e in expectations
        ),
        figures=tuple(_compared_figure(what, figures) for what in whats),
    )


def _started(debrief: Debrief) -> float:
    """When a run started, to order runs by; a debrief made without its start goes first."""
    return debrief.started.timestamp() if debrief.started is not None else float("-inf")


def _compared_figure(what: str, runs: list[dict[str, Figure]]) -> ComparedFigure:
    found = [by.get(what) for by in runs]
    bars = [f.bar for f in found if f is not None and f.bar]
    return ComparedFigure(
        what,
        tuple(f.did if f is not None else None for f in found),
        bars[-1] if bars else "",  # the latest run's: the drill as it is now
    )


_Row = TypeVar("_Row", str, Expectation)


def _merged(lists: list[list[_Row]]) -> list[_Row]:
    """Every row of every run once, each run's in its own order: a row only some runs have
    (a figure measured once the incident was declared) goes after the row it followed."""
    merged: list[_Row] = []
    for rows in lists:
        at = 0
        for row in rows:
            if row in merged:
                at = merged.index(row) + 1
            else:
                merged.insert(at, row)
                at += 1
    return merged
