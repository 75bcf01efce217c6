"""The report across incidents, metric by metric, on hand-made incidents whose answers are
worked out by hand: through the same services as the console, on a real SQLite store, with
the clock moved by the test."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import InvalidInput
from warroom.comms import paging, sending
from warroom.comms.drafts import Draft
from warroom.process import actions, assessment, incidents, resolution, roles, timeline
from warroom.process.context import Context
from warroom.reports.across_incidents import Report, build_report
from warroom.reports.distribution import distribution, median, nearest_rank
from warroom.reports.incident_figures import CadenceKept, cadence_kept
from warroom.reports.report_export import report_to_dict
from warroom.reports.report_read import Scope, SentAt

from .conftest import T0

M = timedelta(minutes=1)


def minutes(*values: float) -> list[timedelta]:
    return [v * M for v in values]


def declare(
    ctx: Context,
    clock: ManualClock,
    *,
    at: datetime,
    severity: int = 2,
    started: timedelta | None = None,
    detected: timedelta = timedelta(0),
    training: bool = False,
) -> str:
    """Declared at ``at``; the impact started ``started`` before it, detected ``detected``
    before it (None: the impact start is not known)."""
    clock.set(at)
    form = incidents.Declaration(
        f"Incident at {at:%H:%M}",
        severity,
        impact_started_at=None if started is None else at - started,
        detected_at=at - detected,
        training=training,
    )
    return incidents.declare(ctx, form, by="monitor").key


def resolve(ctx: Context, clock: ManualClock, key: str, *, ended: datetime) -> None:
    clock.set(max(clock.now(), ended))
    resolution.resolve(ctx, key, impact_ended_at=ended, by="alice")


def report(ctx: Context, **scope: object) -> Report:
    return build_report(ctx, Scope(**scope))  # type: ignore[arg-type]


def figures(ctx: Context, key: str, **scope: object) -> dict[str, object]:
    [found] = [i for i in report_to_dict(report(ctx, **scope))["incidents"] if i["key"] == key]
    assert isinstance(found, dict)
    return found


# ------------------------------------------------------------ median and p90


def test_median_of_an_odd_count_is_the_middle_value() -> None:
    assert median(minutes(7, 1, 3)) == 3 * M


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_values() -> None:
    assert median(minutes(1, 2, 4, 10)) == 3 * M
    assert median(minutes(1, 2)) == 1.5 * M


def test_p90_is_nearest_rank_a_value_that_occurred() -> None:
    assert nearest_rank(minutes(*range(1, 11)), 90) == 9 * M  # ceil(0.9 × 10) = 9th
    assert nearest_rank(minutes(*range(1, 12)), 90) == 10 * M  # ceil(0.9 × 11) = 10th
    assert nearest_rank(minutes(*range(1, 21)), 90) == 18 * M  # ceil(0.9 × 20) = 18th
    assert nearest_rank(minutes(5, 1, 3), 90) == 5 * M  # fewer than ten: the maximum
    assert nearest_rank(minutes(4), 90) == 4 * M
    assert nearest_rank([], 90) is None


def test_an_unknown_value_is_counted_and_left_out_never_zero() -> None:
    d = distribution([2 * M, None, 4 * M, None])
    assert (d.count, d.unknown, d.median, d.p90, d.max) == (2, 2, 3 * M, 4 * M, 4 * M)
    nothing = distribution([None])
    assert (nothing.count, nothing.unknown, nothing.median, nothing.max) == (0, 1, None, None)


# ------------------------------------------------------------ TTD and TTR


def test_ttd_and_ttr_per_severity_with_an_unknown_impact_start(
    ctx: Context, clock: ManualClock
) -> None:
    # Sev 2: TTD 5, 15, 40 min; TTR 30, 60 min (the third is still open).
    a = declare(ctx, clock, at=T0, started=10 * M, detected=5 * M)  # TTD 5
    b = declare(ctx, clock, at=T0 + 60 * M, started=20 * M, detected=5 * M)  # TTD 15
    declare(ctx, clock, at=T0 + 120 * M, started=45 * M, detected=5 * M)  # TTD 40, open
    # Sev 1 with no known impact start: TTD and TTR unknown, not zero.
    unknown = declare(ctx, clock, at=T0 + 130 * M, severity=1, started=None)
    for key in (a, b, unknown):
        roles.take(ctx, key, by="alice")
    resolve(ctx, clock, a, ended=T0 + 20 * M)  # TTR = 20 + 10 = 30
    resolve(ctx, clock, b, ended=T0 + 100 * M)  # TTR = 100 − 40 = 60
    resolve(ctx, clock, unknown, ended=T0 + 140 * M)

    made = report(ctx)

    assert made.count == 4
    sev2, sev1 = made.ttd.by_severity[2], made.ttd.by_severity[1]
    assert (sev2.count, sev2.unknown, sev2.median, sev2.p90, sev2.max) == (
        3,
        0,
        15 * M,
        40 * M,
        40 * M,
    )
    assert (sev1.count, sev1.unknown, sev1.median) == (0, 1, None)
    ttr = made.ttr.all
    assert (ttr.count, ttr.unknown, ttr.median, ttr.max) == (2, 2, 45 * M, 60 * M)
    listed = figures(ctx, unknown)
    assert (listed["ttd_seconds"], listed["ttr_seconds"]) == (None, None)
    assert figures(ctx, a)["ttr_seconds"] == 1800.0


def test_a_reopened_incidents_ttr_runs_to_its_final_resolution(
    ctx: Context, clock: ManualClock
) -> None:
    key = declare(ctx, clock, at=T0, started=10 * M)
    clock.set(T0 + 2 * M)
    roles.take(ctx, key, by="alice")
    resolve(ctx, clock, key, ended=T0 + 20 * M)
    assert figures(ctx, key)["ttr_seconds"] == 30 * 60.0

    clock.set(T0 + 40 * M)
    resolution.reopen(ctx, key, reason="errors are back", by="alice")
    reopened = figures(ctx, key)
    assert (reopened["status"], reopened["reopened"], reopened["ttr_seconds"]) == (
        "fixing",
        1,
        None,
    ), "while reopened it is not recovered: unknown, not the first resolution's 30 min"
    assert report(ctx).ttr.all.unknown == 1

    resolve(ctx, clock, key, ended=T0 + 60 * M)
    final = figures(ctx, key)
    assert (final["ttr_seconds"], final["reopened"]) == (70 * 60.0, 1)
    # Reopening gave the IM role back with a new holding: the IM still took it at +2.
    assert final["time_to_im_seconds"] == 120.0


def test_months_are_utc_months_of_the_declaration_whatever_the_zone(
    ctx: Context, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # 23:30 UTC on 31 October is 1 November here
    time.tzset()
    october = datetime(2026, 10, 31, 23, 30, tzinfo=UTC)
    declare(ctx, clock, at=october, started=10 * M, detected=10 * M)
    declare(ctx, clock, at=T0, started=30 * M, detected=0 * M)

    made = report(ctx)

    assert list(made.ttd.by_month) == ["2026-10", "2026-11"]
    assert made.ttd.by_month["2026-10"].median == 0 * M  # detected as it started: a real zero
    assert made.ttd.by_month["2026-11"].median == 30 * M


# ------------------------------------------------------------ the response


def test_time_to_an_im_and_to_the_assessment_being_complete(
    ctx: Context, clock: ManualClock
) -> None:
    key = declare(ctx, clock, at=T0, started=5 * M)
    never = declare(ctx, clock, at=T0 + M, started=5 * M)
    clock.set(T0 + 4 * M)
    roles.take(ctx, key, by="alice")  # IM after 4 min
    for number, at in zip(range(1, 7), (5, 6, 7, 8, 9, 12), strict=True):
        clock.set(T0 + at * M)
        assessment.answer(ctx, key, number, "unknown", by="alice")
    clock.set(T0 + 30 * M)
    assessment.answer(ctx, key, 1, "about a third of pushes fail", by="alice")  # a better answer
    for number in range(1, 6):  # five of six: not complete
        assessment.answer(ctx, never, number, "unknown", by="alice")

    made = report(ctx)

    assert figures(ctx, key)["time_to_im_seconds"] == 240.0
    assert figures(ctx, key)["time_to_assessment_seconds"] == 720.0, "the sixth's first answer"
    assert (made.to_im.count, made.to_im.unknown) == (1, 1)
    assert (made.to_assessment.count, made.to_assessment.unknown, made.to_assessment.max) == (
        1,
        1,
        12 * M,
    )


COMPLETE = Draft(
    summary="Pushes fail for some customers. We are rolling back.",
    current_status=("rollback started", "errors steady"),
    next_steps=("finish the rollback", "watch errors"),
    next_update="in 20 minutes, here and by email",
    impact="git push fails for some customers",
    internal_affected="all engineering teams",
    external_affected="about 40% of customers",
    root_cause="unknown",
    recovery="unknown",
    customer_text="Some customers cannot push code. We are rolling back a change.",
)


def test_first_comms_per_channel_and_the_cadence_kept(ctx: Context, clock: ManualClock) -> None:
    """Sev 1 (the catalog's cadence: 30 min). Internal: initial at +10 (due +40), update at
    +35 promising +55 (kept), update at +70 (late), then nothing: its promise +90 passed
    by now (+100), missed. Email: initial at +15, nothing after: due +45, missed.
    External: never sent. Cadence: 4 due, 1 kept."""
    key = declare(ctx, clock, at=T0, severity=1, started=5 * M)
    roles.take(ctx, key, by="alice")
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "unknown", by="alice")
    clock.set(T0 + 10 * M)
    sending.send(ctx, key, "initial", "internal", Draft(), by="alice")
    clock.set(T0 + 15 * M)
    sending.send(ctx, key, "initial", "email", Draft(), by="alice")
    clock.set(T0 + 35 * M)
    sending.send(ctx, key, "update", "internal", COMPLETE, by="alice")
    clock.set(T0 + 70 * M)
    sending.send(ctx, key, "update", "internal", COMPLETE, by="alice")
    clock.set(T0 + 100 * M)

    listed = figures(ctx, key)

    assert listed["time_to_first_comms_seconds"] == {
        "internal": 600.0,
        "email": 900.0,
        "external": None,
    }
    assert listed["cadence"] == {"due": 4, "kept": 1}
    made = report(ctx)
    assert (made.cadence.due, made.cadence.kept, made.cadence.share) == (4, 1, 0.25)
    assert made.to_first_comms["external"].unknown == 1


def _sent(channel: str, phase: str, at: int, promise: str = "") -> SentAt:
    return SentAt(channel, phase, T0 + at * M, Draft(next_update=promise).model_dump_json())


def test_cadence_counts_what_fell_due_before_the_impact_ended() -> None:
    every = 30 * M
    on_time = [_sent("internal", "initial", 0), _sent("internal", "update", 30)]
    # Sent exactly when due is in time; the next (due +60) is owed once +60 has passed.
    assert cadence_kept(on_time, every, open_until=T0 + 60 * M) == CadenceKept(due=1, kept=1)
    assert cadence_kept(on_time, every, open_until=T0 + 61 * M) == CadenceKept(due=2, kept=1)
    # A resolution message owes nothing after it; a promise beats the cadence.
    resolved = [_sent("email", "initial", 0, "in 10 minutes"), _sent("email", "resolution", 12)]
    assert cadence_kept(resolved, every, open_until=T0 + 500 * M) == CadenceKept(due=1, kept=0)
    # No cadence for the severity and no promise: nothing can fall due.
    assert cadence_kept(on_time, None, open_until=T0 + 500 * M).due == 0


def test_page_acknowledgement_per_page_unanswered_ones_unknown(
    ctx: Context, clock: ManualClock
) -> None:
    key = declare(ctx, clock, at=T0, severity=1, started=5 * M)
    acked = paging.page(ctx, key, "Code Collaboration", reason="pushes fail", by="alice").page
    paging.page(ctx, key, "Data Platform", reason="quorum?", by="alice")  # never answered
    clock.set(T0 + 3 * M)
    assert acked.id is not None
    paging.acknowledge(ctx, acked.id, by="priya")

    made = report(ctx)

    assert figures(ctx, key)["page_ack_seconds"] == [180.0, None]
    assert (made.page_ack.count, made.page_ack.unknown, made.page_ack.median) == (1, 1, 3 * M)


def test_open_and_overdue_follow_up_items(ctx: Context, clock: ManualClock) -> None:
    key = declare(ctx, clock, at=T0, started=5 * M)
    add = actions.add_action
    add(ctx, key, "Alert on push errors", by="alice", kind="follow-up", due_at=T0 + 60 * M)
    add(ctx, key, "Runbook for rollback", by="alice", kind="follow-up")  # no due date
    done = add(ctx, key, "Fix the deploy check", by="alice", kind="follow-up", due_at=T0 + M)
    add(ctx, key, "Remove the feature flag", by="alice", due_at=T0 + M)  # clean-up: not counted
    assert done.id is not None
    actions.complete_action(ctx, key, done.id, by="alice")
    clock.set(T0 + 2 * 60 * M)

    made = report(ctx)

    assert (made.follow_ups_open, made.follow_ups_overdue) == (2, 1)
    assert (figures(ctx, key)["follow_ups_open"], figures(ctx, key)["follow_ups_overdue"]) == (2, 1)


# ------------------------------------------------------------ what counts


def test_training_incidents_are_left_out_unless_asked_for(ctx: Context, clock: ManualClock) -> None:
    real = declare(ctx, clock, at=T0, started=5 * M)
    drill = declare(ctx, clock, at=T0 + M, started=50 * M, training=True)

    assert [f.key for f in report(ctx).incidents] == [real]
    both = report(ctx, training=True)
    assert [f.key for f in both.incidents] == [real, drill]
    assert both.ttd.all.max == 50 * M


def test_a_back_dated_note_moves_no_figure(ctx: Context, clock: ManualClock) -> None:
    key = declare(ctx, clock, at=T0, started=10 * M)
    clock.set(T0 + 3 * M)
    roles.take(ctx, key, by="alice")
    before = report_to_dict(report(ctx))

    # Written now about a deploy the day before, in another month's last hour.
    timeline.add_note(
        ctx, key, "deploy 4711 went out", by="bob", kind="change", occurred_at=T0 - 30 * 24 * 60 * M
    )

    assert report_to_dict(report(ctx)) == before
    assert figures(ctx, key)["month"] == "2026-11"


def test_since_until_and_severity_choose_by_the_declaration(
    ctx: Context, clock: ManualClock
) -> None:
    early = declare(ctx, clock, at=T0 - 24 * 60 * M, started=5 * M)
    on_day = declare(ctx, clock, at=T0, severity=1, started=5 * M)
    declare(ctx, clock, at=T0 + 24 * 60 * M, started=5 * M)

    since, until = T0 - 24 * 60 * M, T0 + 24 * 60 * M  # until is not included
    assert [f.key for f in report(ctx, since=since, until=until).incidents] == [early, on_day]
    assert [f.key for f in report(ctx, severity=1).incidents] == [on_day]
    assert report(ctx, since=T0 + 48 * 60 * M).count == 0


def test_an_empty_range_is_refused() -> None:
    with pytest.raises(InvalidInput, match="is not after since"):
        Scope(since=T0, until=T0)
    with pytest.raises(InvalidInput, match=r"^until: "):
        Scope(since=T0, until=T0 - M)


def test_the_report_reads_with_a_fixed_number_of_queries(ctx: Context, clock: ManualClock) -> None:
    """One query per table, whatever the number of incidents (no query per incident)."""
    from sqlalchemy import event

    def queries_for_report() -> int:
        counted: list[str] = []
        engine = ctx.store.engine

        def count(*args: object) -> None:
            counted.append("query")

        event.listen(engine, "before_cursor_execute", count)
        try:
            report(ctx)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(counted)

    declare(ctx, clock, at=T0, started=5 * M)
    few = queries_for_report()
    for n in range(1, 20):
        key = declare(ctx, clock, at=T0 + n * M, started=5 * M)
        roles.take(ctx, key, by="alice")
    assert queries_for_report() == few
