"""A drill being run, through the services: starting one on its own store, joining it from
another process, its injects falling due in drill time as a trainer's console ticks, the
trainer's controls (pause, resume, speed, fire the next inject, improvise, end), and two
trainer's consoles on one drill. Real SQLite files; the wall clock is a ManualClock, and
drill time runs from it at the drill's speed, so every time below is exact."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from warroom.base.clock import ManualClock
from warroom.base.errors import InvalidInput, Refused, ScenarioError
from warroom.base.locations import shipped_data
from warroom.cli.main import main
from warroom.comms import paging
from warroom.process import incidents, timeline
from warroom.process.context import Context
from warroom.process.drill_records import fired_injects, not_started, read_drill
from warroom.process.read import load_detail
from warroom.scenarios.debrief import debrief_of
from warroom.scenarios.drill import load_drill
from warroom.scenarios.drill_progress import Standing
from warroom.scenarios.drill_session import DrillSession, join, start_drill
from warroom.store.models import DrillClockState, Event, FiredInject

from .conftest import T0

DRILLS = shipped_data("scenarios", "drills")
TUTORIAL = DRILLS / "tutorial.toml"
MINUTE = timedelta(minutes=1)
SECOND = timedelta(seconds=1)  # at speed 60, one drill minute


# The tutorial's injects, by index, as the file lists them.
ALERT, OBSERVATION, RED_HERRING, PAGE_ANSWER, TICKETS, ETA, ROLLBACK = range(7)


@pytest.fixture
def wall() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "drill.db"


@pytest.fixture
def opened(store: Path, wall: ManualClock) -> Iterator[list[Context]]:
    """Contexts opened on the drill store, each as another process would; all closed after."""
    contexts: list[Context] = []
    yield contexts
    for ctx in contexts:
        ctx.close()


def _open(opened: list[Context], store: Path, wall: ManualClock) -> Context:
    ctx = Context.open(store, clock=wall)
    opened.append(ctx)
    return ctx


@pytest.fixture
def drill(opened: list[Context], store: Path, wall: ManualClock) -> DrillSession:
    """The tutorial, started at T0 at speed 60: a wall-clock second is a drill minute."""
    return start_drill(_open(opened, store, wall), TUTORIAL, speed=60, wall=wall, by="trainer")


def _second(opened: list[Context], store: Path, wall: ManualClock) -> DrillSession:
    """Another process joining the same drill store."""
    joined = join(_open(opened, store, wall), wall)
    assert joined is not None
    return joined


def _at(wall: ManualClock, seconds: float) -> None:
    wall.set(T0 + seconds * SECOND)


def _indexes(fired: Sequence[FiredInject | None]) -> list[int | None]:
    return [row.inject if row is not None else None for row in fired]


def _clock_rows(ctx: Context) -> int:
    with ctx.store.read() as session:
        return len(list(session.exec(select(DrillClockState.id))))


def _events(ctx: Context) -> int:
    with ctx.store.read() as session:
        return len(list(session.exec(select(Event.id))))


# ---------------------------------------------------------------- starting and joining


def test_join_gives_every_process_the_drills_context(
    drill: DrillSession, opened: list[Context], store: Path, wall: ManualClock
) -> None:
    _at(wall, 10)  # ten drill minutes in
    trainee = _second(opened, store, wall)

    assert trainee.started == T0
    assert trainee.now() == T0 + 10 * MINUTE
    assert trainee.ctx.catalog.key_prefix == "DRILL"
    assert trainee.ctx.training_only
    # The messages go beside the store, wherever the process was started from.
    assert trainee.ctx.delivery.outbox == store.with_name("drill.db.outbox")
    assert trainee.ctx.delivery.outbox.is_absolute()
    assert trainee.ctx.delivery.smtp_host is None and trainee.ctx.delivery.webhook_url is None

    form = incidents.Declaration("Wiki saves fail", 2)  # not said to be training: it is
    incident = incidents.declare(trainee.ctx, form, by="trainee")
    assert (incident.key, incident.training) == ("DRILL-1", True)
    assert incident.declared_at == T0 + 10 * MINUTE  # drill time, not the wall clock's
    assert drill.incident() is not None and drill.incident().incident.key == "DRILL-1"  # type: ignore[union-attr]


def test_a_drill_of_its_own_organisation_plays_in_it(
    opened: list[Context], store: Path, wall: ManualClock
) -> None:
    session = start_drill(
        _open(opened, store, wall), DRILLS / "aws-s3-2017.toml", speed=4, wall=wall, by="t"
    )
    key = incidents.declare(session.ctx, incidents.Declaration("S3 errors", 1), by="t").key
    assert key == "CLOUD-1"
    paging.page(session.ctx, key, "S3 Core", reason="S3 errors", by="t")
    with pytest.raises(InvalidInput, match="unknown team 'Work Management'"):
        paging.page(session.ctx, key, "Work Management", reason="shipped catalog's", by="t")


def test_join_on_an_ordinary_store_is_none(ctx: Context, clock: ManualClock) -> None:
    assert join(ctx, clock) is None
    incidents.declare(ctx, incidents.Declaration("A real one", 2), by="alice")
    assert join(ctx, clock) is None


def test_a_drill_starts_only_on_a_new_store(ctx: Context, clock: ManualClock) -> None:
    incidents.declare(ctx, incidents.Declaration("A real one", 2), by="alice")
    events = _events(ctx)
    with pytest.raises(Refused, match="a drill starts on a new store; this one has incidents"):
        start_drill(ctx, TUTORIAL, speed=1, wall=clock, by="trainer")
    assert read_drill(ctx) is None
    assert _events(ctx) == events


def test_a_drill_store_holds_one_drill(
    drill: DrillSession, opened: list[Context], store: Path, wall: ManualClock
) -> None:
    _at(wall, 3)
    with pytest.raises(Refused, match="this store already holds a drill"):
        start_drill(_open(opened, store, wall), TUTORIAL, speed=2, wall=wall, by="other")
    drill.refresh()
    assert (drill.started, drill.record.time.speed) == (T0, 60)
    assert _clock_rows(drill.ctx) == 1


@pytest.mark.parametrize("speed", [0, -1, math.nan, math.inf, 61])
def test_a_speed_out_of_range_makes_no_drill(
    ctx: Context, clock: ManualClock, speed: float
) -> None:
    with pytest.raises(InvalidInput, match="speed: give a number above 0 and at most 60"):
        start_drill(ctx, TUTORIAL, speed=speed, wall=clock, by="trainer")
    assert read_drill(ctx) is None


# ---------------------------------------------------------------- injects falling due


def test_injects_fire_when_due_in_drill_time(drill: DrillSession, wall: ManualClock) -> None:
    fired = drill.tick()
    assert [(row.inject, row.kind, row.fired_at, row.fired_by) for row in fired] == [
        (ALERT, "alert", T0, "schedule")
    ]
    _at(wall, 3.9)  # 3m54s: the observation is due at 4m
    assert drill.tick() == []
    _at(wall, 4)
    assert [(row.inject, row.fired_at) for row in drill.tick()] == [(OBSERVATION, T0 + 4 * MINUTE)]
    assert drill.tick() == []  # fired once
    _at(wall, 30)  # the red herring, late; the rest wait for the trainee
    assert _indexes(drill.tick()) == [RED_HERRING]
    states = {state.index: state for state in drill.injects()}
    assert states[PAGE_ANSWER].due is None and states[PAGE_ANSWER].fired is None
    red_herring = states[RED_HERRING].fired
    assert red_herring is not None and red_herring.fired_at == T0 + 30 * MINUTE


def test_several_injects_due_at_once_fire_in_the_order_they_fell_due(
    drill: DrillSession, wall: ManualClock
) -> None:
    _at(wall, 7)
    assert _indexes(drill.tick()) == [ALERT, OBSERVATION, RED_HERRING]


def test_paused_nothing_fires_and_drill_time_stands_still(
    drill: DrillSession, opened: list[Context], store: Path, wall: ManualClock
) -> None:
    _at(wall, 4)
    assert _indexes(drill.tick()) == [ALERT, OBSERVATION]
    _at(wall, 5)
    drill.pause(by="trainer")
    _at(wall, 3600)  # an hour of wall clock: sixty hours of drill time, were it running
    assert drill.now() == T0 + 5 * MINUTE
    assert drill.tick() == []
    assert _second(opened, store, wall).now() == T0 + 5 * MINUTE  # every console agrees

    drill.resume(by="trainer")
    assert drill.now() == T0 + 5 * MINUTE  # no jump
    assert drill.tick() == []  # the red herring is at 6m; 5m now
    _at(wall, 3600.5)
    assert drill.tick() == []
    _at(wall, 3601)
    fired = drill.tick()
    assert [(row.inject, row.fired_at) for row in fired] == [(RED_HERRING, T0 + 6 * MINUTE)]


def test_a_new_speed_runs_from_now(drill: DrillSession, wall: ManualClock) -> None:
    drill.tick()
    _at(wall, 2)
    drill.set_speed(1, by="trainer")
    assert drill.record.time.speed == 1
    _at(wall, 2 + 60)  # a wall minute at speed 1: 3m
    assert drill.now() == T0 + 3 * MINUTE
    assert drill.tick() == []
    _at(wall, 2 + 120)
    assert [(row.inject, row.fired_at) for row in drill.tick()] == [(OBSERVATION, T0 + 4 * MINUTE)]


@pytest.mark.parametrize("speed", [0, -2, math.nan, 60.5])
def test_a_bad_speed_leaves_the_clock_as_it_was(
    drill: DrillSession, wall: ManualClock, speed: float
) -> None:
    _at(wall, 2)
    with pytest.raises(InvalidInput, match="speed: give a number above 0 and at most 60"):
        drill.set_speed(speed, by="trainer")
    assert _clock_rows(drill.ctx) == 1
    assert drill.now() == T0 + 2 * MINUTE


def test_resuming_a_running_drill_does_not_move_its_time(
    drill: DrillSession, wall: ManualClock
) -> None:
    """A resume pressed twice, or on a console that has not seen the resume yet."""
    _at(wall, 10)
    drill.resume(by="trainer")
    assert drill.now() == T0 + 10 * MINUTE
    _at(wall, 11)
    assert drill.now() == T0 + 11 * MINUTE


def test_a_console_behind_the_store_pauses_at_the_stores_time(
    drill: DrillSession, opened: list[Context], store: Path, wall: ManualClock
) -> None:
    """Two trainer's consoles: one pauses; the other, not yet refreshed, pauses (or fires,
    or changes the speed) too. Drill time must not jump to where it would have been."""
    other = _second(opened, store, wall)
    _at(wall, 5)
    drill.pause(by="trainer")
    _at(wall, 600)
    other.pause(by="co-trainer")
    assert other.now() == drill.now() == T0 + 5 * MINUTE
    other.set_speed(10, by="co-trainer")
    assert (other.now(), other.record.time.paused) == (T0 + 5 * MINUTE, True)
    fired = other.fire_next(by="co-trainer")
    assert fired is not None and fired.fired_at == T0 + 5 * MINUTE


def test_fire_next_fires_the_earliest_inject_whose_time_is_known(
    drill: DrillSession, wall: ManualClock
) -> None:
    _at(wall, 1)
    first = drill.fire_next(by="trainer")
    assert first is not None
    assert (first.inject, first.fired_at, first.fired_by) == (ALERT, T0 + MINUTE, "trainer")
    assert _indexes([drill.fire_next(by="trainer"), drill.fire_next(by="trainer")]) == [
        OBSERVATION,
        RED_HERRING,
    ]
    # The page answer waits for a page, the tickets and the ETA for the first message.
    assert drill.fire_next(by="trainer") is None
    _at(wall, 10)
    assert drill.tick() == []  # each fired once, ahead of its time

    key = incidents.declare(drill.ctx, incidents.Declaration("Wiki saves", 2), by="t").key
    paging.page(drill.ctx, key, "Work Management", reason="Wiki saves", by="t")
    # The page answer (5m after the page) comes before the rollback (20m after).
    assert _indexes([drill.fire_next(by="trainer")]) == [PAGE_ANSWER]
    assert _indexes([drill.fire_next(by="trainer")]) == [ROLLBACK]
    assert drill.fire_next(by="trainer") is None


def test_an_improvised_inject_goes_on_the_timeline(drill: DrillSession, wall: ManualClock) -> None:
    _at(wall, 3)
    key = incidents.declare(drill.ctx, incidents.Declaration("Wiki saves", 2), by="t").key
    first = drill.improvise("social", "@angry_user", "wiki is down again??", by="trainer")
    second = drill.improvise("eta-request", "the CEO", "When is it fixed?", by="trainer")
    assert first is not None and second is not None
    assert (first.inject, first.fired_at, first.fired_by) == (None, T0 + 3 * MINUTE, "trainer")
    notes = [
        (e.occurred_at, e.author, e.kind, e.text)
        for e in drill.incident().timeline  # type: ignore[union-attr]
        if e.kind != "system"
    ]
    assert notes == [
        (T0 + 3 * MINUTE, "@angry_user", "note", "wiki is down again??"),
        (T0 + 3 * MINUTE, "the CEO", "note", "When is it fixed?"),
    ]
    assert key == "DRILL-1"


@pytest.mark.parametrize(
    ("kind", "author", "text", "refusal"),
    [
        ("social", "@user", "", "text"),
        ("social", "@user", "   ", "text"),
        ("social", "", "words", "by"),
        ("social", "  ", "words", "by"),
        ("rumour", "@user", "words", "no inject kind 'rumour'"),
        ("social", "@user", "x" * 70_000, "text"),
    ],
)
def test_an_improvised_inject_is_checked_and_nothing_is_written(
    drill: DrillSession, kind: str, author: str, text: str, refusal: str
) -> None:
    events = _events(drill.ctx)
    with pytest.raises(InvalidInput) as raised:
        drill.improvise(kind, author, text, by="trainer")
    assert refusal in str(raised.value)
    assert "\n" not in str(raised.value)
    assert fired_injects(drill.ctx) == []
    assert _events(drill.ctx) == events


def test_two_trainers_consoles_never_fire_an_inject_twice(
    drill: DrillSession, opened: list[Context], store: Path, wall: ManualClock
) -> None:
    other = _second(opened, store, wall)
    assert _indexes(drill.tick()) == [ALERT]
    assert other.tick() == []
    _at(wall, 4)
    assert _indexes(other.tick()) == [OBSERVATION]
    assert drill.tick() == []
    assert other.fire_next(by="co-trainer") is not None  # the red herring
    assert drill.fire_next(by="trainer") is None  # it knows: it reads the store

    # Both at once, from two threads, many times over: each inject once.
    key = incidents.declare(drill.ctx, incidents.Declaration("Wiki saves", 2), by="t").key
    paging.page(drill.ctx, key, "Work Management", reason="Wiki saves", by="t")
    _at(wall, 60)
    fired: list[list[int | None]] = [[], []]
    start = threading.Barrier(2)

    def run(session: DrillSession, into: list[int | None]) -> None:
        start.wait()
        for _ in range(20):
            into.extend(_indexes(session.tick()))

    threads = [
        threading.Thread(target=run, args=(session, out))
        for session, out in zip((drill, other), fired, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(i for i in fired[0] + fired[1] if i is not None) == [PAGE_ANSWER, ROLLBACK]
    assert len(fired[0] + fired[1]) == 2
    rows = fired_injects(drill.ctx)
    assert sorted(row.inject for row in rows if row.inject is not None) == [0, 1, 2, 3, 6]
    assert len(rows) == 5
    entries = [e for e in drill.incident().timeline if e.kind != "system"]  # type: ignore[union-attr]
    assert len(entries) == len(rows)  # each on the timeline once


def test_injects_before_the_declaration_reach_its_timeline_at_their_time(
    drill: DrillSession, opened: list[Context], store: Path, wall: ManualClock
) -> None:
    drill.tick()
    _at(wall, 4)
    drill.tick()
    _at(wall, 5)
    drill.improvise("social", "@someone", "is the wiki down?", by="trainer")
    assert all(row.entry_id is None for row in fired_injects(drill.ctx))
    trainee = _second(opened, store, wall)
    key = incidents.declare(trainee.ctx, incidents.Declaration("Wiki saves", 2), by="t").key
    assert [e.kind for e in drill.incident().timeline] == ["system"]  # type: ignore[union-attr]

    _at(wall, 5.5)
    assert drill.tick() == []  # nothing new fires; the three waiting are attached
    entries = [e for e in drill.incident().timeline if e.kind != "system"]  # type: ignore[union-attr]
    assert [(e.occurred_at, e.recorded_at, e.author, e.kind) for e in entries] == [
        (T0, T0 + 5.5 * MINUTE, "monitoring", "observation"),
        (T0 + 4 * MINUTE, T0 + 5.5 * MINUTE, "amara.eze", "observation"),
        (T0 + 5 * MINUTE, T0 + 5.5 * MINUTE, "@someone", "note"),
    ]
    assert all(row.entry_id is not None for row in fired_injects(drill.ctx))
    events = _events(drill.ctx)
    assert drill.tick() == []
    assert _events(drill.ctx) == events  # attached once; an idle tick writes nothing
    assert key == "DRILL-1"


def test_an_ended_drill_fires_nothing_and_takes_no_change(
    drill: DrillSession, opened: list[Context], store: Path, wall: ManualClock
) -> None:
    drill.tick()
    _at(wall, 3)
    drill.end(by="trainer")
    assert drill.ended and drill.record.run.ended_at == T0 + 3 * MINUTE
    _at(wall, 3600)
    assert drill.now() == T0 + 3 * MINUTE  # the clock stopped for good
    assert drill.tick() == []
    assert _indexes(fired_injects(drill.ctx)) == [ALERT]
    changes: list[Callable[[], object]] = [
        lambda: drill.fire_next(by="trainer"),
        lambda: drill.improvise("social", "@x", "hello", by="trainer"),
        lambda: drill.pause(by="trainer"),
        lambda: drill.resume(by="trainer"),
        lambda: drill.set_speed(2, by="trainer"),
        lambda: drill.end(by="trainer"),
    ]
    for change in changes:
        with pytest.raises(Refused, match="the drill has ended"):
            change()
    assert _indexes(fired_injects(drill.ctx)) == [ALERT]
    later = _second(opened, store, wall)  # another console, opened after
    assert later.ended and later.now() == T0 + 3 * MINUTE and later.tick() == []


def test_once_the_drill_has_ended_a_trainee_writes_nothing_more(
    drill: DrillSession,
    opened: list[Context],
    store: Path,
    wall: ManualClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What the trainee did is scored at the end: a resolution or a note after it would
    change the score at the clock's frozen time, so the store takes no more writes."""
    trainee = _second(opened, store, wall)  # a trainee's console, open before the end
    key = incidents.declare(trainee.ctx, incidents.Declaration("Wiki saves", 2), by="ana").key
    _at(wall, 3)
    drill.end(by="trainer")
    trainee.refresh()  # as the console does with each read of the board
    ended = "the drill has ended; its store is kept as it stood for the debrief"
    with pytest.raises(Refused, match=ended):
        timeline.add_note(trainee.ctx, key, "fixed it", by="ana")
    later = _second(opened, store, wall)  # a console or a command opened after the end
    with pytest.raises(Refused, match=ended):
        incidents.declare(later.ctx, incidents.Declaration("Another", 3), by="ana")
    assert main(["--db", str(store), "note", key, "fixed it"]) == 2
    assert capsys.readouterr().err == f"warroom: error: {ended}\n"
    assert [e.kind for e in drill.incident().timeline] == ["system"]  # type: ignore[union-attr]


def test_paused_the_injects_said_before_the_declaration_still_reach_it(
    drill: DrillSession, opened: list[Context], store: Path, wall: ManualClock
) -> None:
    drill.tick()  # the alert, before there is an incident
    drill.pause(by="trainer")
    trainee = _second(opened, store, wall)
    incidents.declare(trainee.ctx, incidents.Declaration("Wiki saves", 2), by="ana")
    assert drill.tick() == []  # nothing fires while paused…
    entries = [e for e in drill.incident().timeline if e.kind != "system"]  # type: ignore[union-attr]
    assert [(e.author, e.occurred_at) for e in entries] == [("monitoring", T0)]  # …but it lands


def test_the_clock_history_is_kept(drill: DrillSession, wall: ManualClock) -> None:
    _at(wall, 1)
    drill.pause(by="trainer")
    _at(wall, 2)
    drill.set_speed(4, by="co-trainer")
    drill.resume(by="trainer")
    with drill.ctx.store.read() as session:
        rows = session.exec(select(DrillClockState).order_by(col(DrillClockState.id))).all()
    assert [(r.drill, r.speed, r.paused, r.set_by) for r in rows] == [
        (T0, 60, False, "trainer"),
        (T0 + MINUTE, 60, True, "trainer"),
        (T0 + MINUTE, 4, True, "co-trainer"),
        (T0 + MINUTE, 4, False, "trainer"),
    ]


def test_a_team_spelt_in_another_case_is_the_same_team(
    opened: list[Context], store: Path, wall: ManualClock, tmp_path: Path
) -> None:
    """drill check finds a file's teams ignoring case, as the catalog does; so must the
    injects that wait on a page and the expectations that score one."""
    text = TUTORIAL.read_text("utf-8").replace('"Work Management"', '"work management"')
    lower = tmp_path / "lower.toml"
    lower.write_text(text, "utf-8")
    session = start_drill(_open(opened, store, wall), lower, speed=60, wall=wall, by="t")
    key = incidents.declare(session.ctx, incidents.Declaration("Wiki saves", 2), by="t").key
    paging.page(session.ctx, key, "Work Management", reason="Wiki saves", by="t")
    _at(wall, 5)
    assert PAGE_ANSWER in _indexes(session.tick())
    paged = [s for s in debrief_of(session).scores if s.expectation.expect == "paged"]
    assert [(s.standing, s.took) for s in paged] == [(Standing.MET, timedelta(0))]


# ---------------------------------------------------------------- when drill time starts


def test_a_drill_of_a_real_outage_runs_on_its_clock(
    opened: list[Context], store: Path, wall: ManualClock
) -> None:
    """Drill time starts at the moment the outage began, so the times the injects and the
    trainee speak of are the times on the clock; what the trainee writes is stamped so."""
    aws = shipped_data("scenarios", "drills", "aws-s3-2017.toml")
    session = start_drill(_open(opened, store, wall), aws, speed=60, wall=wall, by="t")
    began = datetime(2017, 2, 28, 17, 37, tzinfo=UTC)  # 09:37 PST
    assert session.started == began and session.now() == began
    _at(wall, 3)
    key = incidents.declare(session.ctx, incidents.Declaration("S3 down", 1), by="ana").key
    detail = load_detail(session.ctx, key)
    assert detail.incident.declared_at == began + 3 * MINUTE


@pytest.mark.parametrize(
    ("wall_at", "starts"),
    [
        (datetime(2026, 11, 25, 15, 0, tzinfo=UTC), datetime(2026, 11, 25, 14, 7, tzinfo=UTC)),
        # Before 14:07 today: yesterday's, never a time still to come.
        (datetime(2026, 11, 25, 14, 0, tzinfo=UTC), datetime(2026, 11, 24, 14, 7, tzinfo=UTC)),
    ],
)
def test_a_time_of_day_start_is_the_latest_one_before_the_drill(
    opened: list[Context], store: Path, tmp_path: Path, wall_at: datetime, starts: datetime
) -> None:
    text = TUTORIAL.read_text("utf-8").replace("[drill]\n", "[drill]\nstarts_at = 14:07:00\n", 1)
    drill = tmp_path / "afternoon.toml"
    drill.write_text(text, "utf-8")
    wall = ManualClock(wall_at)
    session = start_drill(_open(opened, store, wall), drill, speed=1, wall=wall, by="t")
    assert session.started == starts


@pytest.mark.parametrize(
    ("starts_at", "said"),
    [
        ("2017-02-28T09:37:00", "give its offset from UTC"),
        ("2999-01-01T00:00:00Z", "is in the future"),
        ("1969-12-31T23:00:00Z", "is before 1970"),
        ('"whenever"', "without quotes"),
    ],
)
def test_a_start_the_drill_cannot_have_is_refused_naming_its_line(
    tmp_path: Path, starts_at: str, said: str
) -> None:
    text = TUTORIAL.read_text("utf-8").replace(
        "[drill]\n", f"[drill]\nstarts_at = {starts_at}\n", 1
    )
    drill = tmp_path / "bad.toml"
    drill.write_text(text, "utf-8")
    with pytest.raises(ScenarioError, match="line 6") as refused:
        load_drill(drill)
    assert "drill.starts_at" in str(refused.value) and said in str(refused.value)


def test_started_paused_nothing_happens_until_the_trainer_starts_it(
    opened: list[Context], store: Path, wall: ManualClock
) -> None:
    session = start_drill(
        _open(opened, store, wall), TUTORIAL, speed=60, wall=wall, by="t", paused=True
    )
    assert not_started(session.record)
    _at(wall, 600)  # ten wall minutes while the trainer reads the briefing
    assert session.tick() == [] and session.now() == T0
    session.resume(by="t")
    assert not not_started(session.record)
    assert _indexes(session.tick()) == [ALERT]  # the alert, at drill time 0
    assert fired_injects(session.ctx)[0].fired_at == T0
