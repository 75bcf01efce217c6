"""What a drill store holds besides its incident: the drill, its clock's changes, and the
injects fired. Every write records an event, so each console on the drill (the trainer's,
every trainee's) sees it on its next poll of the change feed.

The drill's incident is the first one declared in the store: a drill plays one incident.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from warroom.base.drill_clock import DrillTime
from warroom.base.errors import Refused
from warroom.process.context import Context
from warroom.store.base import record_event
from warroom.store.models import (
    DrillClockState,
    DrillRun,
    FiredInject,
    Incident,
    TimelineEntry,
)
from warroom.vocabulary.kinds import EntryKind

SCHEDULE = "schedule"  # who fired an inject that fell due on its own


class _NothingToWrite(Exception):
    """Raised inside a write transaction that turned out to have nothing to do."""


@dataclass(frozen=True)
class DrillRecord:
    """The drill as the store holds it now."""

    run: DrillRun
    time: DrillTime  # the clock's latest state

    @property
    def ended(self) -> bool:
        return self.run.ended_at is not None


@dataclass(frozen=True)
class Firing:
    """An inject to fire: what it says and who says it, as its timeline entry will."""

    inject: int | None  # its index in the drill file; None for one the trainer typed
    kind: str  # the drill's kind (``scenarios.drill.INJECTS``)
    entry_kind: EntryKind
    author: str
    text: str


def not_started(record: DrillRecord) -> bool:
    """Paused where it began: the trainer has not started the clock yet."""
    return record.time.paused and record.time.drill == record.run.started_at and not record.ended


def start_run(
    ctx: Context,
    *,
    title: str,
    scenario: str,
    scenario_name: str,
    time: DrillTime,
    by: str,
) -> None:
    """Make this store a drill store. Only a new, empty store can become one."""
    with ctx.store.write() as session:
        if session.exec(select(DrillRun.id)).first() is not None:
            raise Refused("this store already holds a drill")
        if session.exec(select(Incident.id)).first() is not None:
            raise Refused("a drill starts on a new store; this one has incidents")
        session.add(
            DrillRun(
                title=title,
                scenario=scenario,
                scenario_name=scenario_name,
                started_at=time.drill,
                started_by=by,
            )
        )
        session.add(_clock_row(time, by))
        record_event(session, at=time.drill, actor=by, kind="drill-started", title=title)


def read_drill(ctx: Context) -> DrillRecord | None:
    """The store's drill, or None when it is not a drill store."""
    with ctx.store.read() as session:
        run = session.exec(select(DrillRun)).first()
        if run is None:
            return None
        return DrillRecord(run, _latest_time(session))


def set_time(ctx: Context, change: Callable[[DrillTime], DrillTime], *, by: str) -> DrillTime:
    """The trainer paused, resumed or changed the speed: ``change`` makes the clock from now
    on out of the clock as the store holds it, read under the write lock. A console's own
    copy may be behind (another trainer's console paused a moment ago): a change made from
    that copy would move drill time to where it would have been. Returns the clock now;
    a change that changes nothing (resuming a running clock) writes nothing."""
    try:
        return _set_time(ctx, change, by)
    except _Unchanged as unchanged:
        return unchanged.time


class _Unchanged(_NothingToWrite):
    def __init__(self, time: DrillTime) -> None:
        self.time = time


def _set_time(ctx: Context, change: Callable[[DrillTime], DrillTime], by: str) -> DrillTime:
    with ctx.store.write() as session:
        _require_running(session)
        latest = _latest_time(session)
        time = change(latest)
        if time == latest:
            raise _Unchanged(latest)
        session.add(_clock_row(time, by))
        record_event(
            session,
            at=time.drill,
            actor=by,
            kind="drill-clock",
            speed=time.speed,
            paused=time.paused,
        )
        return time


def end_run(ctx: Context, time: DrillTime, *, by: str) -> None:
    """The trainer ended the drill: its clock stops for good at ``time``."""
    stopped = time if time.paused else time.pause(time.wall)
    with ctx.store.write() as session:
        run = _require_running(session)
        run.ended_at = stopped.drill
        session.add(run)
        session.add(_clock_row(stopped, by))
        record_event(session, at=stopped.drill, actor=by, kind="drill-ended")


def speeds(session: Session) -> list[float]:
    """The speeds the drill ran at, in turn (a change that kept the speed is not one)."""
    rows = session.exec(select(DrillClockState.speed).order_by(col(DrillClockState.id)))
    found: list[float] = []
    for speed in rows:
        if not found or found[-1] != speed:
            found.append(speed)
    return found


def drill_incident(session: Session) -> Incident | None:
    return session.exec(select(Incident).order_by(col(Incident.id))).first()


def fired_injects(ctx: Context) -> list[FiredInject]:
    with ctx.store.read() as session:
        return list(session.exec(select(FiredInject).order_by(col(FiredInject.id))))


def fire(ctx: Context, firing: Firing, at: datetime, *, by: str) -> FiredInject | None:
    """Record that an inject fired at drill time ``at``, on the incident's timeline once
    there is one. An inject from the file fires once: None when it already has (two
    trainer's consoles on one drill both see it fall due)."""
    try:
        return _fire(ctx, firing, at, by)
    except _NothingToWrite:
        return None


def _fire(ctx: Context, firing: Firing, at: datetime, by: str) -> FiredInject:
    with ctx.store.write() as session:
        _require_running(session)
        if firing.inject is not None:
            taken = select(FiredInject.id).where(FiredInject.inject == firing.inject)
            if session.exec(taken).first() is not None:
                raise _NothingToWrite
        row = FiredInject(
            inject=firing.inject,
            kind=firing.kind,
            author=firing.author,
            text=firing.text,
            fired_at=at,
            fired_by=by,
        )
        session.add(row)
        incident = drill_incident(session)
        session.flush()
        if incident is not None:
            _to_timeline(session, row, incident, firing.entry_kind, at)
        record_event(
            session,
            at=at,
            actor=by,
            kind="inject",
            incident_id=incident.id if incident else None,
            inject=firing.inject,
        )
        return row


def attach_waiting(ctx: Context, entry_kind: Callable[[str], EntryKind], at: datetime) -> int:
    """Put the injects that fired before the incident was declared on its timeline, at the
    moment each fired (the alert came before the declaration, as on a real night).
    Returns how many; ``entry_kind`` maps a drill kind to the entry it becomes."""
    try:
        return _attach(ctx, entry_kind, at)
    except _NothingToWrite:
        return 0


def _attach(ctx: Context, entry_kind: Callable[[str], EntryKind], at: datetime) -> int:
    with ctx.store.write() as session:
        incident = drill_incident(session)
        waiting = list(session.exec(select(FiredInject).where(col(FiredInject.entry_id).is_(None))))
        if incident is None or not waiting:
            raise _NothingToWrite  # rolls back the empty transaction; no event to announce
        for row in waiting:
            _to_timeline(session, row, incident, entry_kind(row.kind), row.fired_at, now=at)
        record_event(
            session, at=at, actor=SCHEDULE, kind="inject", incident_id=incident.id, attached=True
        )
        return len(waiting)


def _to_timeline(
    session: Session,
    row: FiredInject,
    incident: Incident,
    kind: EntryKind,
    occurred: datetime,
    *,
    now: datetime | None = None,
) -> None:
    assert incident.id is not None
    entry = TimelineEntry(
        incident_id=incident.id,
        occurred_at=occurred,
        recorded_at=now or occurred,
        author=row.author,
        kind=kind.value,
        text=row.text,
    )
    session.add(entry)
    session.flush()
    row.entry_id = entry.id
    session.add(row)


def _require_running(session: Session) -> DrillRun:
    run = session.exec(select(DrillRun)).first()
    if run is None:
        raise Refused("this store holds no drill")
    if run.ended_at is not None:
        raise Refused("the drill has ended")
    return run


def _latest_time(session: Session) -> DrillTime:
    row = session.exec(select(DrillClockState).order_by(col(DrillClockState.id).desc())).first()
    assert row is not None, "a drill run is written with its clock"
    return DrillTime(wall=row.wall, drill=row.drill, speed=row.speed, paused=row.paused)


def _clock_row(time: DrillTime, by: str) -> DrillClockState:
    return DrillClockState(
        wall=time.wall, drill=time.drill, speed=time.speed, paused=time.paused, set_by=by
    )
