"""``warroom copy``: a whole store into a new one, SQLite to PostgreSQL and back, row for row.

Stores are real: SQLite files in the test's folder and databases on the session's own
PostgreSQL server. The source stores are written through the services, as people would
have written them; the comparison reads both stores' tables with plain Core selects.
"""

from __future__ import annotations

import itertools
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import Connection, make_url
from sqlmodel import SQLModel

from warroom.base.clock import ManualClock
from warroom.base.errors import StoreError
from warroom.base.locations import shipped_data
from warroom.comms import escalation, paging
from warroom.comms import sending as messages
from warroom.comms.drafts import Draft
from warroom.config.delivery import DeliverySettings
from warroom.process import (
    actions,
    assessment,
    corrections,
    incidents,
    postmortem,
    resolution,
    roles,
    timeline,
)
from warroom.process.context import Context
from warroom.process.incidents import Declaration
from warroom.process.postmortem_read import load_postmortem
from warroom.reports.postmortem import load_report
from warroom.scenarios.drill_session import start_drill
from warroom.store.copy import copy_store, tables
from warroom.store.open import open_store
from warroom.store.postgres.engine import CHANNEL
from warroom.store.postgres.refusals import shown_url
from warroom.store.schema import CURRENT_VERSION
from warroom.vocabulary.kinds import PEOPLE_KINDS, EntryKind
from warroom.vocabulary.postmortem import Verdict

from .cli_support import Cli, Result, one_error_line
from .conftest import T0
from .hostile import PAYLOAD
from .old_stores import store_at_version
from .pg_server import PASSWORD, PgServer
from .store_probe import write_lock_is_held

# Text people type: emoji (a joined sequence too), right-to-left words and marks, an isolate,
# CJK, quotes and backslashes, SQL, and the hostile payload's escapes and markup.
UNICODE = "🔥 prod down 👩‍💻 — \u200fשלום עולם\u200f مرحبا \u2067isolate\u2069 数据库 «é»"
SQLISH = "it's \"quoted\" \\ back\\slash'); DROP TABLE incident; --"
HOSTILE = f"{UNICODE} {SQLISH} {PAYLOAD}"
TICK = timedelta(minutes=3, microseconds=123_457)  # times keep their microseconds

# What the rich store fills: every table but the drill's three (a drill store fills those).
DRILL_TABLES = {"drill_run", "drill_clock", "fired_inject"}
_NEW = itertools.count(1)


# -- building stores through the services -----------------------------------------------


def _later(clock: ManualClock) -> None:
    clock.advance(TICK)


def _fill(ctx: Context, clock: ManualClock) -> None:
    """Incidents doing everything a store keeps: notes of every kind, edits, corrections,
    roles and a handover, the six answers, messages sent and delivered, pages escalated and
    acknowledged, action items, a resolution, a postmortem with its flags and verdicts."""
    form = Declaration(
        summary=f"Pushes fail {UNICODE}",
        severity=1,
        service="Git Storage",
        products=["Repos", "Pipelines"],
        description=HOSTILE,
        impact_started_at=T0 - timedelta(minutes=7, microseconds=5),
    )
    key = incidents.declare(ctx, form, by="monitor").key
    _later(clock)
    roles.take(ctx, key, by="alice")
    roles.assign(ctx, key, "Tech lead", "bob", by="alice")
    roles.assign(ctx, key, "Scribe 📝", "Zoë", by="alice")
    _later(clock)
    entries: dict[EntryKind, int] = {}
    for kind in PEOPLE_KINDS:  # every kind of note people write
        undo = f"undo {UNICODE}" if kind is EntryKind.CHANGE else ""
        entry = timeline.add_note(ctx, key, f"{kind}: {HOSTILE}", by="bob", kind=kind, undo=undo)
        assert entry.id is not None
        entries[kind] = entry.id
        _later(clock)
    timeline.edit_note(ctx, entries[EntryKind.OBSERVATION], f"corrected {UNICODE}", by="bob")
    correction = corrections.Correction(summary=f"Pushes fail 🚨 {SQLISH}")
    corrections.correct(ctx, key, correction, by="alice")
    for number in range(1, 7):
        answer = "37 tickets so far" if number == 5 else f"answer {number}: {UNICODE}"
        assessment.answer(ctx, key, number, answer, by="alice")
        _later(clock)
    messages.send(ctx, key, "initial", "email", Draft(), by="alice", reviewed_by="bob")
    update = Draft(
        summary=f"Pushes fail for some customers {UNICODE}",
        current_status=("rolled back", SQLISH),
        next_steps=("confirm recovery", "close"),
        next_update="by 15:30 by email",
        impact="git push fails",
        internal_affected="none",
        external_affected="about 10%",
        root_cause="unknown",
        recovery="within the hour",
        customer_text="Some customers cannot push code.",
    )
    _later(clock)
    messages.send(ctx, key, "update", "internal", update, by="alice")
    paged = paging.page(ctx, key, "Major Incident Managers", reason=f"IMOC {UNICODE}", by="alice")
    clock.advance(timedelta(minutes=6))
    escalation.tick(ctx)  # past the first level's five minutes: the next is told
    paging.acknowledge(ctx, paged.page.id or 0, by="nadia.kovacs")
    incidents.change_severity(ctx, key, 2, reason=f"only EU {UNICODE}", by="alice")
    item = actions.add_action(
        ctx,
        key,
        f"remove the flag {UNICODE}",
        by="alice",
        owner="bob",
        due_at=clock.now() + timedelta(hours=2),
        priority="high",
        link="https://tickets.example/OPS-12",
    )
    actions.add_action(ctx, key, "alert on lag", by="alice", kind="follow-up")
    actions.complete_item(ctx, item.id or 0, by="bob")
    roles.handover(ctx, key, "Tech lead", "bob", "carol", by="bob", note=f"over to you {UNICODE}")
    _later(clock)
    resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    _later(clock)
    for section, text in (
        ("fault", f"It was human error: alice should have checked. {HOSTILE}"),
        ("root-cause", f"No limit on the cache {UNICODE}"),
    ):
        base = load_postmortem(ctx, key).revision(postmortem.section_slug(section))
        postmortem.write_section(ctx, key, section, text, base=base, by="bob")
        _later(clock)
    for flag in load_report(ctx, key).flags:
        postmortem.accept_flag(ctx, key, flag.section, flag.rule, flag.words, by="bob")
    postmortem.set_verdict(
        ctx,
        key,
        entries[EntryKind.THEORY],
        Verdict.RULED_OUT,
        experiment_id=entries[EntryKind.EXPERIMENT],
        by="bob",
    )
    postmortem.submit(ctx, key, by="bob")

    # A training incident, still open, and one reopened.
    drill = Declaration(summary=f"Wiki down {UNICODE}", severity=3, training=True)
    incidents.declare(ctx, drill, by="trainer")
    _later(clock)
    other = incidents.declare(ctx, Declaration(summary=SQLISH, severity=2), by="monitor").key
    roles.take(ctx, other, by="dana")
    timeline.add_note(ctx, other, "o: errors 40%", by="dana")
    _later(clock)
    resolution.resolve(ctx, other, impact_ended_at=clock.now(), by="dana")
    resolution.reopen(ctx, other, reason=f"errors are back {UNICODE}", by="dana")


@pytest.fixture
def rich(tmp_path: Path, clock: ManualClock) -> Path:
    """A SQLite store holding a bit of everything, written through the services."""
    path = tmp_path / "rich.db"
    outbox = DeliverySettings(outbox=tmp_path / "outbox")
    ctx = Context.open(path, clock=clock, delivery=outbox)
    try:
        _fill(ctx, clock)
    finally:
        ctx.close()
    return path


def _drill_store(path: Path, clock: ManualClock) -> Path:
    """A drill store: its run, its clock's history and the injects fired so far."""
    ctx = Context.open(path, clock=clock)
    try:
        tutorial = shipped_data("scenarios", "drills") / "tutorial.toml"
        session = start_drill(ctx, tutorial, speed=60, wall=clock, by="trainer")
        clock.advance(timedelta(seconds=5, microseconds=250_001))
        session.tick()
        session.set_speed(30, by="trainer")
        session.fire_next(by="trainer")
        session.improvise("observation", "scribe", f"improvised {HOSTILE}", by="trainer")
        session.pause(by="trainer")
    finally:
        ctx.close()
    return path


# -- reading stores as they are ------------------------------------------------------------


def rows_of(target: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order, each as a tuple of its columns."""
    store = open_store(target, upgrade=False)
    try:
        with store.engine.connect() as conn:
            return {
                table.name: [
                    tuple(row)
                    for row in conn.execute(select(table).order_by(*table.primary_key.columns))
                ]
                for table in SQLModel.metadata.sorted_tables
            }
    finally:
        store.close()


def assert_same_rows(a: Path | str, b: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Both stores hold the same rows: every table, every row, every column, each value
    equal and of the same type (a flag is a bool on both sides, not 1 on one)."""
    left, right = rows_of(a), rows_of(b)
    assert left.keys() == right.keys()
    for table in left:
        assert len(left[table]) == len(right[table]), table
        for mine, theirs in zip(left[table], right[table], strict=True):
            assert mine == theirs, table
            assert [type(v) for v in mine] == [type(v) for v in theirs], table
    return left


def _plain_store(tmp_path: Path, clock: ManualClock) -> Path:
    """A store with one incident and nothing else."""
    path = tmp_path / "plain.db"
    ctx = Context.open(path, clock=clock)
    try:
        incidents.declare(ctx, Declaration("Plain", 3), by="eve")
    finally:
        ctx.close()
    return path


def _shown(url: str) -> str:
    """A database as warroom shows it: without its password."""
    return shown_url(make_url(url))


def _database(pg: PgServer) -> str:
    """A new, empty database on the session's server: no store in it yet."""
    name = f"copy{next(_NEW)}"
    pg.create_database(name)
    return pg.url(name)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "unused.db", capsys)


def _copy(cli: Cli, source: Path | str, destination: Path | str) -> Result:
    return cli("copy", "--from", str(source), "--to", str(destination), db=None)


def _no_password(*results: Result) -> None:
    for result in results:
        assert PASSWORD not in result.out and PASSWORD not in result.err


# -- copies equal their source -------------------------------------------------------------


def test_a_store_goes_to_postgresql_and_back_row_for_row(
    rich: Path, pg: PgServer, tmp_path: Path, cli: Cli
) -> None:
    into_pg = _database(pg)
    there = _copy(cli, rich, into_pg)
    assert there.code == 0, there.err
    back = tmp_path / "back.db"
    again = _copy(cli, into_pg, back)
    assert again.code == 0, again.err
    _no_password(there, again)

    rows = assert_same_rows(rich, into_pg)
    assert_same_rows(into_pg, back)
    assert_same_rows(rich, back)
    filled = {name for name, found in rows.items() if found}
    assert filled == {table.name for table in tables()} - DRILL_TABLES
    # Times come back exactly: aware, in UTC, to the microsecond.
    times = [v for row in rows["timeline_entry"] for v in row if isinstance(v, datetime)]
    assert all(t.utcoffset() == timedelta(0) for t in times)
    assert any(t.microsecond for t in times)

    counts = {name: len(found) for name, found in rows.items()}
    assert there.out.startswith(f"copied {counts['incident']} incidents, ")
    for words, table in (
        ("timeline entries", "timeline_entry"),
        ("deliveries", "delivery"),
        ("page deliveries", "page_delivery"),
        ("events", "event"),
    ):
        assert f", {counts[table]} {words}" in there.out
    assert there.out.endswith(f" from {rich} to {_shown(into_pg)}\n")
    assert there.out.count("\n") == 1 and there.err == ""


def test_each_engine_copies_into_its_own_kind(
    rich: Path, pg: PgServer, tmp_path: Path, cli: Cli
) -> None:
    twin = tmp_path / "twin.db"
    assert _copy(cli, rich, twin).code == 0
    assert_same_rows(rich, twin)
    first, second = _database(pg), _database(pg)
    assert _copy(cli, rich, first).code == 0
    assert _copy(cli, first, second).code == 0
    assert_same_rows(rich, second)


def test_a_drill_store_is_copied_with_its_run_clock_and_injects(
    tmp_path: Path, pg: PgServer, clock: ManualClock, cli: Cli
) -> None:
    drill = _drill_store(tmp_path / "drill.db", clock)
    into_pg, back = _database(pg), tmp_path / "back.db"
    assert _copy(cli, drill, into_pg).code == 0
    assert _copy(cli, into_pg, back).code == 0
    rows = assert_same_rows(drill, into_pg)
    assert_same_rows(drill, back)
    assert all(rows[name] for name in DRILL_TABLES)


def test_new_rows_after_a_copy_get_new_ids_on_either_engine(
    rich: Path, pg: PgServer, tmp_path: Path, clock: ManualClock
) -> None:
    into_pg = _database(pg)
    back = tmp_path / "back.db"
    for source, destination in ((rich, into_pg), (into_pg, back)):
        with (
            closing(open_store(source, upgrade=False)) as src,
            closing(open_store(destination)) as dst,
        ):
            copy_store(src, dst)
    before = rows_of(into_pg)
    for target in (into_pg, back):
        ctx = Context.open(target, clock=clock)
        try:
            key = incidents.declare(ctx, Declaration("After the copy", 2), by="eve").key
            note = timeline.add_note(ctx, key, "still numbering", by="eve")
            item = actions.add_action(ctx, key, "a new item", by="eve")
        finally:
            ctx.close()
        largest = {name: max(row[0] for row in found) for name, found in before.items() if found}
        assert note.id == largest["timeline_entry"] + 2  # after its declaration's entry
        assert item.id == largest["action_item"] + 1
        after = rows_of(target)
        assert after["incident"][-1][0] == largest["incident"] + 1
        assert after["event"][-1][0] > largest["event"]


# -- what a copy will not do -----------------------------------------------------------------


def test_a_store_that_holds_anything_is_not_copied_into(
    rich: Path, pg: PgServer, tmp_path: Path, clock: ManualClock, cli: Cli
) -> None:
    used_file = tmp_path / "used.db"
    used_pg = _database(pg)
    for target in (used_file, used_pg):
        ctx = Context.open(target, clock=clock)
        try:
            incidents.declare(ctx, Declaration("Already here", 3), by="eve")
        finally:
            ctx.close()
    drill_only = _drill_store(tmp_path / "drill.db", clock)  # rows, and no incident yet
    for target, shown in ((used_file, str(used_file)), (used_pg, _shown(used_pg))):
        before = rows_of(target)
        err = one_error_line(_copy(cli, rich, target))
        assert err == (
            f"warroom: error: store {shown}: already holds a store with 1 incident; "
            "copy only into a new one\n"
        )
        assert rows_of(target) == before
    before = rows_of(drill_only)
    err = one_error_line(_copy(cli, rich, drill_only))
    assert "already holds a store (rows in drill_clock, drill_run, event, fired_inject)" in err
    assert rows_of(drill_only) == before


def test_a_missing_source_is_refused_and_nothing_is_made(
    pg: PgServer, tmp_path: Path, cli: Cli
) -> None:
    missing, destination = tmp_path / "missing.db", tmp_path / "new.db"
    err = one_error_line(_copy(cli, missing, destination))
    assert err == f"warroom: error: store {missing}: does not exist\n"
    assert not missing.exists() and not destination.exists()
    empty_file = tmp_path / "empty.db"
    empty_file.touch()
    err = one_error_line(_copy(cli, empty_file, destination))
    assert err == f"warroom: error: store {empty_file}: holds no warroom store\n"
    assert empty_file.stat().st_size == 0 and not destination.exists()
    empty_db = _database(pg)
    refused = _copy(cli, empty_db, destination)
    assert one_error_line(refused).endswith(": holds no warroom store\n")
    with psycopg.connect(empty_db.replace("+psycopg", "")) as conn:
        assert conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone() == (0,)
    no_database = pg.url("no_such_database")
    refused_too = _copy(cli, no_database, destination)
    assert "the server has no such database" in one_error_line(refused_too)
    assert not destination.exists()
    _no_password(refused, refused_too)


def test_a_source_of_an_older_schema_is_refused_untouched(tmp_path: Path, cli: Cli) -> None:
    old = tmp_path / "old.db"
    store_at_version(old, 9)
    before = old.read_bytes()
    err = one_error_line(_copy(cli, old, tmp_path / "new.db"))
    assert err == (
        f"warroom: error: store {old}: has schema 9, this warroom writes {CURRENT_VERSION}; "
        "open it once with this warroom (any command, e.g. warroom list), which upgrades it\n"
    )
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.db"]
    # Opened once, it is upgraded, and then copied.
    assert cli("list", db=old).code == 0
    assert _copy(cli, old, tmp_path / "new.db").code == 0
    assert_same_rows(old, tmp_path / "new.db")


def test_a_store_is_not_copied_into_itself(
    rich: Path, pg: PgServer, tmp_path: Path, cli: Cli
) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(rich)
    before = rows_of(rich)
    for destination in (rich, link, f"sqlite:///{rich}"):
        err = one_error_line(_copy(cli, rich, destination))
        assert err == (
            f"warroom: error: store {rich}: is the store being copied; copy into a new one\n"
        )
    assert rows_of(rich) == before
    into_pg = _database(pg)
    assert _copy(cli, rich, into_pg).code == 0
    by_name = into_pg.replace("127.0.0.1", "localhost")
    refused = _copy(cli, into_pg, by_name)
    assert one_error_line(refused).endswith(": is the store being copied; copy into a new one\n")
    _no_password(refused)


def test_a_copy_that_fails_half_way_leaves_the_destination_empty(
    tmp_path: Path, pg: PgServer, clock: ManualClock, cli: Cli
) -> None:
    """A SQLite store written before NUL characters were refused may hold one in a note;
    PostgreSQL's text cannot. The incidents, the events and a first batch of a thousand
    timeline entries are inserted before the batch holding that note is refused, and the
    refusal takes them all back."""
    source = tmp_path / "nul.db"
    ctx = Context.open(source, clock=clock)
    try:
        for number in range(3):
            key = incidents.declare(ctx, Declaration(f"Incident {number}", 2), by="eve").key
            for note in range(400):
                timeline.add_note(ctx, key, f"note {note} {UNICODE}", by="eve")
        last = timeline.add_note(ctx, key, "the last note", by="eve")
    finally:
        ctx.close()
    with closing(sqlite3.connect(source)) as db, db:  # as an earlier warroom could write it
        db.execute("UPDATE timeline_entry SET text = ? WHERE id = ?", ("a NUL \x00", last.id))
    destination = _database(pg)
    refused = _copy(cli, source, destination)
    err = one_error_line(refused)
    assert err == (
        f"warroom: error: store {_shown(destination)}: cannot take a row of timeline_entry "
        f"from {source} (PostgreSQL text fields cannot contain NUL (0x00) bytes); "
        "nothing was written\n"
    )
    _no_password(refused)
    assert all(not found for found in rows_of(destination).values())
    # The destination is a new store still: a copy without the NUL goes in.
    assert _copy(cli, _plain_store(tmp_path, clock), destination).code == 0


# -- the store's side of it ----------------------------------------------------------------


def test_loading_holds_the_write_lock_to_its_commit(store_target: Path | str) -> None:
    with closing(open_store(store_target)) as store:
        with store.load(tables()):
            assert write_lock_is_held(store)
        assert not write_lock_is_held(store)


def test_a_copy_into_postgresql_tells_its_consoles(rich: Path, pg: PgServer) -> None:
    destination = _database(pg)
    open_store(destination).close()  # the store is made before anyone listens
    with psycopg.connect(destination.replace("+psycopg", ""), autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        with (
            closing(open_store(rich, upgrade=False)) as src,
            closing(open_store(destination)) as dst,
        ):
            copied = copy_store(src, dst)
        heard = list(listener.notifies(timeout=10, stop_after=1))
    assert [n.channel for n in heard] == [CHANNEL]
    rows = rows_of(rich)
    assert copied.rows == {name: len(found) for name, found in rows.items()}
    assert copied.rows["incident"] == 3


def test_a_snapshot_reads_the_store_as_it_was_when_it_began(
    ctx: Context, store_target: Path | str
) -> None:
    incidents.declare(ctx, Declaration("First", 2), by="eve")
    by_name = {table.name: table for table in tables()}

    def counted(conn: Connection) -> list[int]:
        return [len(conn.execute(select(by_name[name])).all()) for name in ("incident", "event")]

    with ctx.store.snapshot() as conn:
        seen = counted(conn)
        other = Context.open(store_target)
        try:
            incidents.declare(other, Declaration("Second", 2), by="eve")
        finally:
            other.close()
        again = counted(conn)
    assert seen == again == [1, 1]
    assert len(rows_of(store_target)["incident"]) == 2


def test_a_foreign_database_is_never_a_source(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.db"
    with closing(sqlite3.connect(foreign)) as db:
        db.execute("CREATE TABLE notes (x)")
        db.commit()
    with pytest.raises(StoreError, match="not a warroom store"):
        open_store(foreign, upgrade=False)
