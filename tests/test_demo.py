"""The demo data: a realistic store built through the services, never after "now"."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from warroom.base.clock import ManualClock
from warroom.base.errors import Refused
from warroom.base.locations import outbox_dir
from warroom.comms import escalation
from warroom.process import incidents
from warroom.process.context import Context
from warroom.process.metrics import time_to_detect, time_to_recover
from warroom.process.page_read import list_pages
from warroom.process.queries import entry_text
from warroom.process.read import IncidentDetail, list_incidents, load_detail
from warroom.reports.next_step import next_step
from warroom.scenarios.demo import open_demo_store, populate_demo
from warroom.store.models import Event
from warroom.vocabulary.incident import Status
from warroom.vocabulary.questions import progress
from warroom.vocabulary.roles import COMMS_MANAGER, INCIDENT_MANAGER, TECH_LEAD

from .conftest import T0

PEOPLE_KINDS_WANTED = {"observation", "theory", "experiment", "change", "decision"}


@pytest.fixture
def keys(ctx: Context, clock: ManualClock) -> list[str]:
    return populate_demo(ctx, clock.now())


def _details(ctx: Context) -> list[IncidentDetail]:
    return [load_detail(ctx, row.key) for row in list_incidents(ctx, include_resolved=True)]


def _moments(detail: IncidentDetail) -> list[tuple[str, datetime]]:
    """Every timestamp the read model shows for one incident, named for the failure message."""
    i = detail.incident
    found: list[tuple[str, datetime | None]] = [
        ("declared_at", i.declared_at),
        ("detected_at", i.detected_at),
        ("impact_started_at", i.impact_started_at),
        ("resolved_at", i.resolved_at),
    ]
    for e in detail.timeline:
        found += [(f"occurred_at {entry_text(e)!r}", e.occurred_at), ("recorded_at", e.recorded_at)]
    for r in detail.role_history:
        found += [("assumed_at", r.assumed_at), ("relieved_at", r.relieved_at)]
    found += [("answered_at", a.answered_at) for a in detail.answers.values()]
    found += [("paged_at", p.paged_at) for p in detail.pages]
    for item in detail.actions:
        found += [("created_at", item.created_at), ("done_at", item.done_at)]
    return [(f"{i.key} {name}", moment) for name, moment in found if moment is not None]


def test_keys_are_returned_oldest_first(ctx: Context, keys: list[str]) -> None:
    assert keys == [f"HOT-{n}" for n in range(1, len(keys) + 1)]
    assert sorted(row.key for row in list_incidents(ctx, include_resolved=True)) == sorted(keys)


def test_one_severity_1_mid_response(ctx: Context, keys: list[str]) -> None:
    live = [d for d in _details(ctx) if d.incident.severity == 1 and d.incident.status == "fixing"]
    assert len(live) == 1
    detail = live[0]
    i = detail.incident
    assert timedelta(minutes=30) <= T0 - i.declared_at <= timedelta(minutes=50)
    assert i.impact_started_at is not None and i.impact_started_at < i.detected_at
    assert (i.service, detail.products) == ("Git Storage", ["Pipelines", "Repos"])
    assert "@" in i.description and i.video_link and i.status_doc_link
    imoc = ctx.catalog.team("Major Incident Managers")
    assert imoc is not None and detail.incident_manager in imoc.roster
    held = {(h.role, h.person) for h in detail.holdings}
    assert len([p for r, p in held if r == TECH_LEAD]) == 2
    assert [p for r, p in held if r == COMMS_MANAGER]
    assert len({p.team for p in detail.pages}) >= 2
    assert str(progress(detail.answers)) == "4/6"
    assert {q.slug for q in progress(detail.answers).open_questions} == {
        "support_cases",
        "other_factors",
    }

    notes = [e for e in detail.timeline if e.kind != "system"]
    assert {e.kind for e in notes} >= PEOPLE_KINDS_WANTED
    assert len([e for e in notes if e.kind == "theory"]) >= 2
    assert any(e.kind == "change" and e.undo for e in notes)
    assert len({e.author for e in notes}) >= 3
    assert any(e.occurred_at < e.recorded_at for e in notes), "some notes are back-dated"
    assert next_step(detail, major=True).code == "assess"


def test_one_new_severity_2_waiting_for_an_incident_manager(ctx: Context, keys: list[str]) -> None:
    new = [d for d in _details(ctx) if d.incident.status == "new"]
    assert len(new) == 1
    detail = new[0]
    assert detail.incident.severity == 2
    assert detail.incident_manager is None
    assert timedelta(0) < T0 - detail.incident.declared_at <= timedelta(minutes=10)
    assert next_step(detail, major=True).code == "take"


def test_resolved_incidents_have_varied_ttd_and_ttr(ctx: Context, keys: list[str]) -> None:
    resolved = [
        d
        for d in _details(ctx)
        if d.incident.status == Status.RESOLVED.value and not d.incident.training
    ]
    assert 4 <= len(resolved) <= 6
    assert {d.incident.severity for d in resolved} == {1, 2, 3}
    ttds, ttrs = [], []
    for detail in resolved:
        assert any(r.role == INCIDENT_MANAGER for r in detail.role_history)
        ttd, ttr = time_to_detect(detail.incident), time_to_recover(detail.incident)
        assert ttd is not None and ttr is not None
        assert timedelta(0) < ttd < ttr
        ttds.append(ttd)
        ttrs.append(ttr)
        assert [e for e in detail.timeline if e.kind != "system"], detail.incident.key
    assert min(ttrs) < timedelta(hours=1) < timedelta(hours=2) < max(ttrs)
    assert min(ttds) < timedelta(minutes=10) and max(ttds) > timedelta(hours=1)
    open_cleanups = [a for d in resolved for a in d.actions if a.kind == "cleanup" and not a.done]
    assert len(open_cleanups) == 1
    assert len({d.incident.declared_at.date() for d in resolved}) >= 3, "spread over days"


def test_a_training_drill(ctx: Context, keys: list[str]) -> None:
    drills = [d for d in _details(ctx) if d.incident.training]
    assert len(drills) == 1
    assert drills[0].incident.summary.startswith("DRILL")
    assert drills[0].incident.status == Status.RESOLVED.value


def test_nothing_is_after_now(ctx: Context, keys: list[str]) -> None:
    late = [(name, m) for d in _details(ctx) for name, m in _moments(d) if m > T0]
    assert late == []
    with ctx.store.read() as session:
        events = list(session.exec(select(Event)).all())
    assert events and max(e.at for e in events) <= T0
    # The event log runs forward in time, as it would have live.
    assert [e.at for e in events] == sorted(e.at for e in events)


def test_people_come_from_the_catalog_rosters(ctx: Context, keys: list[str]) -> None:
    rosters = {t.name: set(t.roster) for t in ctx.catalog.teams}
    on_call = set().union(*rosters.values())
    comms = set()
    for detail in _details(ctx):
        for r in detail.role_history:
            if r.role == COMMS_MANAGER:
                comms.add(r.person)
            else:
                assert r.person in on_call, (detail.incident.key, r.role, r.person)
        if detail.incident.severity < 3 and detail.incident_manager is not None:
            # Major incidents end up with the IMOC rotation, even if a team's IM took them first.
            assert detail.incident_manager in rosters["Major Incident Managers"]
        for page in detail.pages:
            assert page.person in rosters[page.team]
        authors = {e.author for e in detail.timeline} | {detail.incident.declared_by}
        assert authors <= on_call | comms, detail.incident.key
    assert comms and not comms & on_call


def test_the_callers_clock_is_left_alone(clock: ManualClock, keys: list[str]) -> None:
    assert clock.now() == T0


def test_same_now_gives_the_same_store(ctx: Context, keys: list[str], tmp_path: Path) -> None:
    other = Context.open(tmp_path / "other.db", clock=ManualClock(T0))
    try:
        assert populate_demo(other, T0) == keys
        for key in keys:
            mine, theirs = load_detail(ctx, key), load_detail(other, key)
            assert mine.incident.summary == theirs.incident.summary
            assert [(e.occurred_at, entry_text(e)) for e in mine.timeline] == [
                (e.occurred_at, entry_text(e)) for e in theirs.timeline
            ]
    finally:
        other.close()


def test_a_store_with_incidents_is_refused(ctx: Context) -> None:
    incidents.declare(ctx, incidents.Declaration("Real incident", 2), by="alice")
    with pytest.raises(Refused, match="empty store"):
        populate_demo(ctx, T0)
    assert [row.key for row in list_incidents(ctx, include_resolved=True)] == ["HOT-1"]


def test_a_naive_now_is_refused(ctx: Context) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        populate_demo(ctx, T0.replace(tzinfo=None))


def test_open_demo_store_writes_a_file_that_reads_back(
    ctx: Context, keys: list[str], tmp_path: Path
) -> None:
    folder = tmp_path / "demo"
    folder.mkdir()
    path = open_demo_store(folder, T0)
    assert path == folder / "demo.db" and path.is_file()
    reopened = Context.open(path, clock=ManualClock(T0))
    try:
        rows = list_incidents(reopened, include_resolved=True)
        expected = list_incidents(ctx, include_resolved=True)
        assert [(r.key, r.summary, r.status, r.severity) for r in rows] == [
            (r.key, r.summary, r.status, r.severity) for r in expected
        ]
    finally:
        reopened.close()
    with pytest.raises(Refused, match="already exists"):
        open_demo_store(folder, T0)


def test_the_demos_pages_are_records_that_nobody_receives(
    ctx: Context, keys: list[str], clock: ManualClock
) -> None:
    """Replayed pages say who was paged then; nobody is woken now, and nothing escalates."""
    views = list_pages(ctx)
    assert views, "the demo pages someone"
    assert {view.page.state for view in views} == {"recorded"}
    assert all(view.notices and not view.notices[0].deliveries for view in views)
    clock.advance(timedelta(hours=2))
    assert not escalation.tick(ctx).anything
    assert not (outbox_dir() / "pages").exists()
