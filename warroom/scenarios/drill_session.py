"""A drill being run: its store, its clock, its injects falling due.

``start_drill`` makes a drill store: a new file holding the drill file's text, so the store
alone is enough to join, run and debrief it. ``join`` turns a context opened on any store
into the drill's when the store is a drill store: the drill's organisation and key prefix,
drill time for every timestamp, every incident a training one, and delivery to the drill's
own outbox only, whatever warroom.toml says. Every command and every console goes through
``join``, so nothing on a drill store can reach a real channel.

The trainer's console calls ``tick`` a few times a second: it fires the injects that have
fallen due and puts those that came before the declaration on the incident's timeline. Any
number of trainee consoles read the result from the store.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from warroom.base import limits
from warroom.base.clock import Clock
from warroom.base.drill_clock import DrillClock, DrillTime
from warroom.base.errors import InvalidInput, ScenarioError
from warroom.base.limits import quoted
from warroom.base.locations import config_dir, data_dir, shipped_data
from warroom.base.textfile import read_text
from warroom.base.tomlfile import model_from_text
from warroom.config.delivery import DeliverySettings
from warroom.process import drill_records
from warroom.process.checks import require_text
from warroom.process.context import Context
from warroom.process.drill_records import SCHEDULE, DrillRecord, Firing
from warroom.process.read import IncidentDetail, detail_of
from warroom.scenarios.drill import Drill, Inject
from warroom.scenarios.drill_progress import Progress, due_injects, inject_due, progress_of
from warroom.store.models import FiredInject
from warroom.vocabulary.kinds import EntryKind

# What each kind of inject becomes on the timeline. A red herring is written like any other
# observation: the trainee must not be told it is one.
ENTRY_KINDS = {
    "alert": EntryKind.OBSERVATION,
    "observation": EntryKind.OBSERVATION,
    "tickets": EntryKind.NOTE,
    "social": EntryKind.NOTE,
    "eta-request": EntryKind.NOTE,
    "red-herring": EntryKind.OBSERVATION,
    "page-answer": EntryKind.OBSERVATION,
}


def entry_kind(kind: str) -> EntryKind:
    return ENTRY_KINDS.get(kind, EntryKind.NOTE)


def drill_folders() -> list[Path]:
    """Where ``drill start NAME`` looks: the organisation's own first, then the shipped."""
    return [config_dir() / "scenarios", shipped_data("scenarios", "drills")]


def find_drill(name: str) -> Path:
    """A drill file: a path as given, or the name of a shipped or organisation's drill."""
    if not name.strip():
        raise InvalidInput("scenario", "is empty; give a drill file or a drill's name")
    given = Path(name)
    if given.suffix == ".toml" or len(given.parts) > 1:
        return given
    for folder in drill_folders():
        candidate = folder / f"{name}.toml"
        try:
            if candidate.is_file():
                return candidate
        except OSError:  # a name no file can have (too long): no drill of that name
            continue
    known = ", ".join(sorted({p.stem for f in drill_folders() for p in f.glob("*.toml")}))
    raise InvalidInput("scenario", f"no drill named {quoted(name)}; the drills are: {known}")


def trainee_command(store: str | Path) -> str:
    """What a trainee runs to join: the ordinary console, on the drill store."""
    return f"warroom --db {shlex.quote(str(store))} --user YOUR-NAME"


def store_path(ctx: Context) -> Path:
    """The drill store's file, made absolute: trainees may join from another folder."""
    if ctx.store.path is None:  # a database server, not a file
        return data_dir() / "drills" / ctx.store.name
    return ctx.store.path.absolute()


def drill_outbox(store: Path) -> Path:
    """A drill's messages are written beside its store, never to the real outbox."""
    return store.with_name(store.name + ".outbox")


def start_drill(
    ctx: Context, path: Path, *, speed: float, wall: Clock, by: str, paused: bool = False
) -> DrillSession:
    """Make the new store of ``ctx`` the store of the drill in ``path``. Drill time starts
    where the drill says (its ``starts_at``; else now) and runs ``speed`` times as fast as
    the wall clock; ``paused``, it waits for the trainer to start it."""
    text = read_text(path, "drill", ScenarioError)
    drill = _parse(path, text)
    now = wall.now()
    try:
        time = DrillTime(wall=now, drill=drill.drill.start(now), speed=speed, paused=paused)
    except ValueError as err:
        raise InvalidInput("speed", str(err).removeprefix("speed: ")) from None
    drill_records.start_run(
        ctx,
        title=drill.drill.title,
        scenario=text,
        scenario_name=str(path),
        time=time,
        by=by,
    )
    joined = join(ctx, wall)
    assert joined is not None
    return joined


def join(ctx: Context, wall: Clock, outbox: Path | None = None) -> DrillSession | None:
    """The drill on this store, with the context every drill command must use; None when
    the store is not a drill store (``ctx`` is then to be used as it is)."""
    record = drill_records.read_drill(ctx)
    if record is None:
        return None
    drill = _parse(Path(record.run.scenario_name), record.run.scenario)
    clock = DrillClock(record.time, wall)
    catalog = drill.catalog().model_copy(update={"key_prefix": drill.drill.key_prefix})
    sandbox = DeliverySettings(outbox=outbox or drill_outbox(store_path(ctx)))
    drill_ctx = replace(ctx, catalog=catalog, clock=clock, delivery=sandbox, training_only=True)
    _close_if_ended(drill_ctx, record)
    return DrillSession(drill_ctx, drill, record, clock)


def _close_if_ended(ctx: Context, record: DrillRecord) -> None:
    """Once the trainer ends a drill, its store is kept as it stood, for the debrief: a
    note or a resolution after the end would change the score at the clock's frozen time."""
    if record.ended:
        ctx.store.closed_for_writes = (
            "the drill has ended; its store is kept as it stood for the debrief"
        )


def _parse(path: Path, text: str) -> Drill:
    drill = model_from_text(path, text, Drill, "drill", ScenarioError)
    drill._source = path
    return drill


@dataclass(frozen=True)
class InjectState:
    """One of the drill file's injects, as the trainer's console lists it."""

    index: int
    inject: Inject
    due: datetime | None  # None: waits for a trainee action not done yet
    fired: FiredInject | None


class DrillSession:
    """One process's hold on a drill: the context to act through, and the drill's state as
    last read from the store (``refresh``)."""

    def __init__(self, ctx: Context, drill: Drill, record: DrillRecord, clock: DrillClock):
        self.ctx = ctx
        self.drill = drill
        self.record = record
        self.clock = clock

    @property
    def started(self) -> datetime:
        return self.record.run.started_at

    @property
    def ended(self) -> bool:
        return self.record.ended

    def refresh(self) -> None:
        """Read the drill's state again: another console may have paused or ended it."""
        record = drill_records.read_drill(self.ctx)
        assert record is not None
        self.record = record
        self.clock.state = record.time
        _close_if_ended(self.ctx, record)

    def now(self) -> datetime:
        return self.clock.now()

    def incident(self) -> IncidentDetail | None:
        with self.ctx.store.read() as session:
            incident = drill_records.drill_incident(session)
            return None if incident is None else detail_of(session, incident)

    def progress(self) -> Progress:
        return progress_of(self.incident())

    def injects(
        self, progress: Progress | None = None, fired: Sequence[FiredInject] | None = None
    ) -> list[InjectState]:
        """Every inject of the file, with when it falls due and whether it has fired
        (``fired``: the rows already read, if the caller has them)."""
        progress = progress or self.progress()
        rows = drill_records.fired_injects(self.ctx) if fired is None else fired
        by_index = {row.inject: row for row in rows}
        return [
            InjectState(i, inject, inject_due(inject, self.started, progress), by_index.get(i))
            for i, inject in enumerate(self.drill.injects)
        ]

    # -- what the trainer's console does -----------------------------------------------

    def tick(self) -> list[FiredInject]:
        """Fire what has fallen due; put waiting injects on the incident once declared."""
        self.refresh()
        if self.ended:
            return []
        detail = self.incident()
        rows = drill_records.fired_injects(self.ctx)
        now = self.now()
        if detail is not None and any(row.entry_id is None for row in rows):
            # Even while paused: what was said before the declaration belongs on it.
            drill_records.attach_waiting(self.ctx, entry_kind, now)
        if self.record.time.paused:
            return []
        progress = progress_of(detail)
        fired: list[FiredInject] = []
        done = [row.inject for row in rows if row.inject is not None]
        for index in due_injects(self.drill, self.started, progress, now, done):
            row = self._fire(index, now, SCHEDULE)
            if row is not None:
                fired.append(row)
        return fired

    def fire_next(self, *, by: str) -> FiredInject | None:
        """Fire the next inject now, ahead of its time: the first not yet fired whose time
        is known (a page answer waits for its page), earliest first."""
        self.refresh()  # another console may have paused the clock, or fired it already
        waiting = [
            (state.due, state.index)
            for state in self.injects()
            if state.fired is None and state.due is not None
        ]
        if not waiting:
            return None
        return self._fire(min(waiting)[1], self.now(), by)

    def improvise(self, kind: str, author: str, text: str, *, by: str) -> FiredInject | None:
        """An inject the trainer makes up on the spot."""
        if kind not in ENTRY_KINDS:
            raise InvalidInput("kind", f"no inject kind {kind!r}")
        firing = _checked(Firing(None, kind, entry_kind(kind), author, text))
        self.refresh()  # at drill time as the store has it: another console may have paused
        return drill_records.fire(self.ctx, firing, self.now(), by=by)

    # Each change of the clock is made from the clock as the store holds it (another console
    # may have changed it since this one read it), so drill time never jumps.

    def pause(self, *, by: str) -> None:
        wall = self.clock.wall_now()
        self._set(lambda time: time if time.paused else time.pause(wall), by)

    def resume(self, *, by: str) -> None:
        wall = self.clock.wall_now()  # resuming a running clock would set it back
        self._set(lambda time: time.resume(wall) if time.paused else time, by)

    def set_speed(self, speed: float, *, by: str) -> None:
        wall = self.clock.wall_now()
        try:
            self.record.time.with_speed(speed, wall)  # refused before anything is written
        except ValueError as err:
            raise InvalidInput("speed", str(err).removeprefix("speed: ")) from None
        self._set(lambda time: time.with_speed(speed, wall), by)

    def end(self, *, by: str) -> None:
        self.refresh()
        drill_records.end_run(self.ctx, self.record.time.pause(self.clock.wall_now()), by=by)
        self.refresh()

    def _set(self, change: Callable[[DrillTime], DrillTime], by: str) -> None:
        drill_records.set_time(self.ctx, change, by=by)
        self.refresh()

    def _fire(self, index: int, now: datetime, by: str) -> FiredInject | None:
        inject = self.drill.injects[index]
        firing = Firing(index, inject.kind, entry_kind(inject.kind), inject.by, inject.text)
        return drill_records.fire(self.ctx, firing, now, by=by)


def _checked(firing: Firing) -> Firing:
    """A typed inject goes on the timeline: held to what a note is held to, and said by
    someone (``require_name`` alone takes an empty name)."""
    require_text("by", firing.author, limit=limits.NAME)
    require_text("text", firing.text, limit=limits.NOTE)
    return firing
