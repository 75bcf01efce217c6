"""A store of past incidents for the report screen's tests: two months, three severities,
comms on a cadence kept or missed, pages acknowledged, a reopened incident, a follow-up
overdue, one incident with no known impact start and a training drill. Built through the
services on the tests' clock; ends with the clock at T0."""

from __future__ import annotations

from datetime import timedelta

from warroom.base.clock import ManualClock
from warroom.comms import paging, sending
from warroom.comms.drafts import Draft
from warroom.process import actions, assessment, incidents, resolution, roles
from warroom.process.context import Context

from .conftest import T0

M = timedelta(minutes=1)
DAY = timedelta(days=1)

UPDATE = Draft(
    summary="Errors for some customers. A rollback is under way.",
    current_status=("rollback started", "errors steady"),
    next_steps=("finish the rollback", "watch errors"),
    next_update="in 30 minutes, here and by email",
    impact="requests fail for some customers",
    internal_affected="all engineering teams",
    external_affected="some customers",
    root_cause="unknown",
    recovery="unknown",
    customer_text="Some customers see errors. We are rolling back a change.",
)

# (days before T0, severity, impact started before declaring, TTR; None: unknown start)
PAST = (
    (40, 2, 12 * M, 95 * M),
    (33, 1, 6 * M, 250 * M),
    (27, 3, 90 * M, 420 * M),
    (20, 2, 8 * M, 55 * M),
    (14, 1, 4 * M, 140 * M),
    (9, 2, None, 80 * M),
    (6, 3, 45 * M, 300 * M),
    (2, 1, 3 * M, 70 * M),
)


def _respond(ctx: Context, clock: ManualClock, key: str, *, late_update: bool) -> None:
    """Take it, assess, page and acknowledge, send initial comms and one update."""
    clock.advance(3 * M)
    roles.take(ctx, key, by="alice")
    page = paging.page(ctx, key, "Code Collaboration", reason="errors", by="alice").page
    clock.advance(2 * M)
    assert page.id is not None
    paging.acknowledge(ctx, page.id, by="priya")
    for number in range(1, 7):
        clock.advance(M)
        assessment.answer(ctx, key, number, "unknown", by="alice")
    clock.advance(4 * M)
    for channel in ("internal", "email"):
        sending.send(ctx, key, "initial", channel, Draft(), by="alice")
    clock.advance((75 if late_update else 20) * M)
    sending.send(ctx, key, "update", "internal", UPDATE, by="alice")


def build_report_world(ctx: Context, clock: ManualClock) -> list[str]:
    keys = []
    for n, (days, severity, started, ttr) in enumerate(PAST):
        declared = T0 - days * DAY
        clock.set(declared)
        form = incidents.Declaration(
            f"Past incident {n + 1}",
            severity,
            impact_started_at=None if started is None else declared - started,
        )
        key = incidents.declare(ctx, form, by="monitor").key
        keys.append(key)
        _respond(ctx, clock, key, late_update=n % 3 == 0)
        base = declared - (started or 10 * M)
        clock.set(max(clock.now(), base + ttr) + M)
        resolution.resolve(ctx, key, impact_ended_at=base + ttr, by="alice")
        if n == 3:  # the fire came back: its TTR runs to the second resolution
            clock.advance(5 * M)
            resolution.reopen(ctx, key, reason="errors came back", by="alice")
            clock.advance(30 * M)
            resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    clock.set(T0 - 5 * DAY)
    actions.add_action(
        ctx, keys[1], "Alert on queue depth", by="alice", kind="follow-up", due_at=T0 - 2 * DAY
    )
    actions.add_action(ctx, keys[4], "Runbook for failover", by="alice", kind="follow-up")
    clock.set(T0 - 30 * M)
    drill = incidents.Declaration("Drill: database lost", 1, training=True, impact_started_at=T0)
    clock.set(T0)
    incidents.declare(ctx, drill, by="trainer")
    return keys
