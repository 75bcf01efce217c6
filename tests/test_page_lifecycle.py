"""A page's life on a real store: triggered, escalated step by step by the policy with an
injected clock, acknowledged, cancelled on resolution, flagged when nobody answers; each
transition a system entry; failed deliveries retried by the tick."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from warroom.base.clock import ManualClock
from warroom.base.errors import Refused
from warroom.comms import escalation, paging
from warroom.config.delivery import DeliverySettings
from warroom.process import incidents, resolution, roles
from warroom.process.context import Context
from warroom.process.page_read import list_pages
from warroom.store.models import PageDelivery, PageNotice, TimelineEntry

from .conftest import T0
from .old_stores import store_at_version
from .paging_apis import OpsgenieApi, PagerDutyApi
from .servers import webhook_server

CATALOG = """
key_prefix = "T"

[[products]]
name = "Repos"
description = "Git hosting"

[[teams]]
name = "Alpha"
description = "Runs the repos"
roster = ["ann", "bob", "cat"]
escalation_policy = "Alpha policy"

[[teams]]
name = "Beta"
description = "A team without a policy of its own"
roster = ["dan", "eve"]

[[services]]
name = "Git"
team = "Alpha"
description = "The git servers"
products = ["Repos"]

[[people]]
name = "ann"
email = "ann@example.com"

[[escalation_policies]]
name = "Alpha policy"
repeat = 1

[[escalation_policies.levels]]
timeout_minutes = 10
schedules = ["Alpha"]

[[escalation_policies.levels]]
timeout_minutes = 5
people = ["bob", "cat"]
""" + "".join(
    f"""
[[severities]]
level = {level}
name = "Sev {level}"
description = "level {level}"
examples = ["x"]
major = {"true" if level < 3 else "false"}
response = "now"
update_every_minutes = 30
"""
    for level in (1, 2, 3)
)


@pytest.fixture
def team_ctx(tmp_path: Path, clock: ManualClock) -> Context:
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(CATALOG, encoding="utf-8")
    outbox = DeliverySettings(outbox=tmp_path / "outbox")
    context = Context.open(tmp_path / "w.db", catalog, clock, delivery=outbox)
    yield context  # type: ignore[misc]
    context.close()


def _opened(tmp_path: Path, clock: ManualClock, **delivery: Any) -> Context:
    """The store in ``tmp_path`` on the test catalog, delivering as ``delivery`` says."""
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(CATALOG, encoding="utf-8")
    settings = DeliverySettings(outbox=tmp_path / "outbox", **delivery)
    return Context.open(tmp_path / "w.db", catalog, clock, delivery=settings)


def _declare(ctx: Context, *, training: bool = False) -> str:
    form = incidents.Declaration(
        summary="Pushes fail", severity=1, service="Git", products=["Repos"], training=training
    )
    return incidents.declare(ctx, form, by="ivy").key


def _facts(ctx: Context, fact: str) -> list[dict[str, object]]:
    with ctx.store.read() as session:
        rows = session.exec(
            select(TimelineEntry).where(TimelineEntry.fact == fact).order_by(col(TimelineEntry.id))
        ).all()
    return [json.loads(row.fact_values) for row in rows]


def _notices(ctx: Context) -> list[tuple[int, int, int, str]]:
    with ctx.store.read() as session:
        rows = session.exec(select(PageNotice).order_by(col(PageNotice.id))).all()
    return [(n.step, n.level, n.round, n.person) for n in rows]


def test_a_page_walks_the_policy_until_it_is_flagged(team_ctx: Context, clock: ManualClock) -> None:
    key = _declare(team_ctx)
    paged = paging.page(team_ctx, key, "Alpha", reason="pushes fail", by="ivy")
    page_id = paged.page.id
    assert paged.page.state == "triggered" and paged.page.policy == "Alpha policy"
    assert paged.page.due_at == T0 + timedelta(minutes=10)
    assert paged.notified.people == ("ann",)
    assert [a.adapter for _, a in paged.notified.attempts] == ["outbox"]
    assert all(a.ok for _, a in paged.notified.attempts)

    clock.advance(timedelta(minutes=9, seconds=59))
    assert not escalation.tick(team_ctx).escalated  # not yet due
    clock.advance(timedelta(seconds=1))
    moved = escalation.tick(team_ctx).escalated
    assert [(m.page_id, m.step.level, m.step.round) for m in moved if m.step] == [(page_id, 2, 1)]
    assert not escalation.tick(team_ctx).escalated  # once per step, however often it ticks
    for minutes in (5, 10, 5):  # round 2: level 1 (10 min), then level 2 (5 min)
        clock.advance(timedelta(minutes=minutes))
        escalation.tick(team_ctx)
    assert _notices(team_ctx) == [
        (0, 1, 1, "ann"),
        (1, 2, 1, "bob"),
        (1, 2, 1, "cat"),
        (2, 1, 2, "ann"),
        (3, 2, 2, "bob"),
        (3, 2, 2, "cat"),
    ]
    [view] = list_pages(team_ctx, key)
    assert view.page.state == "unanswered" and view.page.due_at is None
    escalated = _facts(team_ctx, "page_escalated")
    assert [(e["level"], e["round"], e["people"], e["waited"]) for e in escalated] == [
        (2, 1, ["bob", "cat"], 10),
        (1, 2, ["ann"], 5),
        (2, 2, ["bob", "cat"], 10),
    ]
    [flag] = _facts(team_ctx, "page_unanswered")
    assert flag == {"page": page_id, "team": "Alpha", "levels": 2, "rounds": 2}
    clock.advance(timedelta(hours=1))
    assert not escalation.tick(team_ctx).escalated  # flagged pages stay where they are
    # Somebody finally answers: an unanswered page can still be acknowledged.
    assert paging.acknowledge(team_ctx, page_id, by="bob").state == "acknowledged"


def test_acknowledging_stops_the_escalation(team_ctx: Context, clock: ManualClock) -> None:
    key = _declare(team_ctx)
    page_id = paging.page(team_ctx, key, "Alpha", reason="r", by="ivy").page.id
    clock.advance(timedelta(minutes=3))
    acked = paging.acknowledge(team_ctx, page_id, by="ann")
    assert (acked.state, acked.acked_by, acked.acked_at) == ("acknowledged", "ann", clock.now())
    clock.advance(timedelta(hours=2))
    assert not escalation.tick(team_ctx).escalated
    assert _facts(team_ctx, "page_acknowledged") == [{"page": page_id, "team": "Alpha"}]
    with pytest.raises(Refused, match="already acknowledged by 'ann'"):
        paging.acknowledge(team_ctx, page_id, by="bob")


def test_resolving_cancels_open_pages(team_ctx: Context, clock: ManualClock) -> None:
    key = _declare(team_ctx)
    open_id = paging.page(team_ctx, key, "Alpha", reason="r", by="ivy").page.id
    answered = paging.page(team_ctx, key, "Beta", reason="r", by="ivy").page.id
    paging.acknowledge(team_ctx, answered, by="dan")
    roles.take(team_ctx, key, by="ivy")
    clock.advance(timedelta(minutes=4))
    resolution.resolve(team_ctx, key, impact_ended_at=clock.now(), by="ivy")
    states = {v.page.id: v.page.state for v in list_pages(team_ctx, key)}
    assert states == {open_id: "cancelled", answered: "acknowledged"}
    assert _facts(team_ctx, "page_cancelled") == [{"page": open_id, "team": "Alpha"}]
    clock.advance(timedelta(hours=1))
    assert not escalation.tick(team_ctx).escalated
    with pytest.raises(Refused, match="cancelled"):
        paging.acknowledge(team_ctx, open_id, by="ann")


def test_a_team_without_a_policy_pages_its_own_on_call_and_stops(
    team_ctx: Context, clock: ManualClock
) -> None:
    key = _declare(team_ctx)
    page_id = paging.page(team_ctx, key, "Beta", reason="r", by="ivy").page.id
    clock.advance(timedelta(minutes=30))
    [moved] = escalation.tick(team_ctx).escalated
    assert (moved.page_id, moved.step) == (page_id, None)
    assert _notices(team_ctx) == [(0, 1, 1, "dan")]


def test_a_named_person_takes_the_first_levels_place(team_ctx: Context, clock: ManualClock) -> None:
    key = _declare(team_ctx)
    paged = paging.page(team_ctx, key, "Alpha", reason="r", by="ivy", person="  zoe  ")
    assert paged.notified.people == ("zoe",)
    clock.advance(timedelta(minutes=10))
    escalation.tick(team_ctx)
    assert _notices(team_ctx) == [(0, 1, 1, "zoe"), (1, 2, 1, "bob"), (1, 2, 1, "cat")]


def test_an_escalation_notice_counts_against_a_duplicate_page(
    team_ctx: Context, clock: ManualClock
) -> None:
    key = _declare(team_ctx)
    paging.page(team_ctx, key, "Alpha", reason="r", by="ivy")
    clock.advance(timedelta(minutes=10))
    escalation.tick(team_ctx)  # bob and cat are told now
    clock.advance(timedelta(minutes=1))
    with pytest.raises(Refused, match="'bob' was paged for this incident at 14:10"):
        paging.page(team_ctx, key, "Alpha", reason="again", by="ivy", person="bob")


def test_a_failed_delivery_is_retried_by_the_tick(tmp_path: Path, clock: ManualClock) -> None:
    with webhook_server(500) as broken:
        ctx = _opened(tmp_path, clock, page_webhook_url=broken.url)
        key = _declare(ctx)
        paged = paging.page(ctx, key, "Alpha", reason="r", by="ivy")
        assert [(a.adapter, a.ok) for _, a in paged.notified.attempts] == [
            ("outbox", True),
            ("webhook", False),
        ]
        clock.advance(timedelta(seconds=30))
        assert escalation.tick(ctx).retried == []  # too soon after the last attempt
        ctx.close()
    with webhook_server(200) as working:
        ctx = _opened(tmp_path, clock, page_webhook_url=working.url)
        clock.advance(timedelta(seconds=30))
        [(person, attempt)] = escalation.tick(ctx).retried
        assert (person, attempt.adapter, attempt.ok) == ("ann", "webhook", True)
        assert len(working.received) == 1
        with ctx.store.read() as session:
            row = session.exec(select(PageDelivery).where(PageDelivery.adapter == "webhook")).one()
        assert (row.status, row.attempts) == ("delivered", 2)
        clock.advance(timedelta(minutes=2))
        assert escalation.tick(ctx).retried == []  # delivered: never again
        ctx.close()


def test_a_training_incidents_page_stays_in_the_outbox(tmp_path: Path, clock: ManualClock) -> None:
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(CATALOG, encoding="utf-8")
    with webhook_server(200) as hook:
        settings = DeliverySettings(
            outbox=tmp_path / "outbox",
            page_webhook_url=hook.url,
            pagerduty_url=hook.url,
            opsgenie_url=hook.url,
            smtp_host="127.0.0.1",
        )
        ctx = Context.open(tmp_path / "w.db", catalog, clock, delivery=settings)
        key = _declare(ctx, training=True)
        paged = paging.page(ctx, key, "Alpha", reason="r", by="ivy")
        clock.advance(timedelta(minutes=10))
        escalation.tick(ctx)
        ctx.close()
    assert [a.adapter for _, a in paged.notified.attempts] == ["outbox"]
    assert hook.received == []
    files = sorted(p.name for p in (tmp_path / "outbox" / "pages").iterdir())
    assert len(files) == 3 and all("-DRILL-" in name for name in files)


def test_pages_from_before_delivery_are_kept_as_records(db_path: Path) -> None:
    """A version 7 store's pages were never delivered: after the upgrade they are records,
    listed as they were, never escalated and never acknowledged."""
    store_at_version(db_path, 7)
    with closing(sqlite3.connect(db_path)) as db:
        db.execute(
            "INSERT INTO page (incident_id, team, person, reason, paged_by, paged_at)"
            " VALUES (1, 'Messaging', 'hannah.schmidt', 'email stuck', 'old',"
            " '2026-01-01 10:06:00')"
        )
        db.commit()
    ctx = Context.open(db_path, clock=ManualClock(T0))
    try:
        [view] = list_pages(ctx, "HOT-7")
        assert (view.page.person, view.page.state, view.page.due_at) == (
            "hannah.schmidt",
            "recorded",
            None,
        )
        assert view.notices == ()
        assert not escalation.tick(ctx).anything
        with pytest.raises(Refused, match="a record of a page, never delivered"):
            paging.acknowledge(ctx, view.page.id or 0, by="me")
    finally:
        ctx.close()


def test_paging_services_hear_of_the_acknowledgement_and_the_resolution(
    tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PagerDuty and Opsgenie page on by their own rules until told: an acknowledgement in
    warroom acknowledges their alert at once, a resolution resolves it on the next tick."""
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(CATALOG, encoding="utf-8")
    monkeypatch.setenv("WARROOM_PAGERDUTY_ROUTING_KEY", "rk-1")
    monkeypatch.setenv("WARROOM_OPSGENIE_API_KEY", "gk-1")
    pagerduty, opsgenie = PagerDutyApi("rk-1"), OpsgenieApi("gk-1")
    with webhook_server(reply=pagerduty) as pd, webhook_server(reply=opsgenie) as og:
        settings = DeliverySettings(
            outbox=tmp_path / "outbox",
            pagerduty_url=f"{pd.url}/v2/enqueue",
            opsgenie_url=f"{og.url}/v2/alerts",
        )
        ctx = Context.open(tmp_path / "w.db", catalog, clock, delivery=settings)
        key = _declare(ctx)
        answered = paging.page(ctx, key, "Alpha", reason="r", by="ivy").page.id
        open_one = paging.page(ctx, key, "Beta", reason="r", by="ivy").page.id
        paging.acknowledge(ctx, answered, by="ann")
        roles.take(ctx, key, by="ivy")
        resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="ivy")
        escalation.tick(ctx)  # the resolution's follow-ups are due at once
        ctx.close()
    assert pagerduty.problems == opsgenie.problems == []
    alias = f"warroom-{key}-page-"
    assert [(e["event_action"], e["dedup_key"]) for e in pagerduty.accepted] == [
        ("trigger", f"{alias}{answered}"),
        ("trigger", f"{alias}{open_one}"),
        ("acknowledge", f"{alias}{answered}"),
        ("resolve", f"{alias}{open_one}"),
    ]
    assert opsgenie.acted == [
        ("acknowledge", f"{alias}{answered}"),
        ("close", f"{alias}{open_one}"),
    ]


def test_a_page_answered_is_not_delivered_again(tmp_path: Path, clock: ManualClock) -> None:
    """A failed notice is retried only while the page waits for an answer."""
    with webhook_server(500) as broken:
        ctx = _opened(tmp_path, clock, page_webhook_url=broken.url)
        key = _declare(ctx)
        page_id = paging.page(ctx, key, "Alpha", reason="r", by="ivy").page.id
        paging.acknowledge(ctx, page_id or 0, by="ann")
        clock.advance(timedelta(minutes=5))
        assert escalation.tick(ctx).retried == []
        ctx.close()
    assert len(broken.received) == 1
