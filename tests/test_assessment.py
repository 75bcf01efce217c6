"""The six assessment questions and the lifecycle's next step."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.base.counts import read_count, say_count
from warroom.base.errors import InvalidInput
from warroom.process import assessment, incidents, resolution, roles, timeline
from warroom.process import links as channels
from warroom.process.context import Context
from warroom.process.queries import entry_text
from warroom.process.read import load_detail
from warroom.reports.next_step import next_step
from warroom.vocabulary.questions import progress, question

from .conftest import T0


@pytest.fixture
def key(ctx: Context) -> str:
    return incidents.declare(ctx, incidents.Declaration("Checkout slow", 2), by="alice").key


def test_questions_by_number_or_name() -> None:
    assert question(1).slug == "impact"
    assert question("6").slug == "other_factors"
    assert question("How-Many").slug == "how_many"
    assert question("cases").slug == "support_cases"
    for bad in (0, 7, "weather", ""):
        with pytest.raises(InvalidInput, match="not an assessment question"):
            question(bad)


def test_progress_names_the_open_questions(ctx: Context, key: str) -> None:
    for ref, text in ((1, "checkout fails"), ("seeing", "HTTP 500"), (3, "some"), (4, "14:02")):
        assessment.answer(ctx, key, ref, text, by="alice")
    done = progress(load_detail(ctx, key).answers)
    assert str(done) == "4/6"
    assert [q.slug for q in done.open_questions] == ["support_cases", "other_factors"]
    assert not done.complete


def test_unknown_must_be_written_explicitly(ctx: Context, key: str) -> None:
    with pytest.raises(InvalidInput, match="answer: must not be empty"):
        assessment.answer(ctx, key, 6, "  ", by="alice")
    assessment.answer(ctx, key, 6, "unknown", by="alice")
    assert load_detail(ctx, key).answers["other_factors"].answer == "unknown"


def test_a_later_answer_supersedes(ctx: Context, key: str) -> None:
    assessment.answer(ctx, key, 3, "some", by="alice")
    assessment.answer(ctx, key, 3, "all EU customers", by="bob")
    answer = load_detail(ctx, key).answers["how_many"]
    assert (answer.answer, answer.answered_by) == ("all EU customers", "bob")
    assert str(progress(load_detail(ctx, key).answers)) == "1/6"


def test_answers_are_on_the_timeline_and_count_support_cases(ctx: Context, key: str) -> None:
    assessment.answer(ctx, key, 5, "17", by="alice")
    detail = load_detail(ctx, key)
    assert detail.incident.support_cases == 17
    assert entry_text(detail.timeline[-1]) == "Assessment Q5 (support_cases): 17"


def test_next_step_follows_the_lifecycle(ctx: Context, key: str) -> None:
    def step() -> str:
        return next_step(load_detail(ctx, key), major=True).code

    assert step() == "take"
    roles.take(ctx, key, by="alice")
    assert step() == "channels"
    channels.set_channels(ctx, key, video_link="https://meet.example/x", by="alice")
    assert step() == "assess"
    assert next_step(load_detail(ctx, key), major=True).text == (
        "Assessment 0/6 — open: 1 impact, 2 what customers see, 3 how many, 4 start, "
        "5 support cases, 6 other factors"
    )
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "unknown", by="alice")
    assert next_step(load_detail(ctx, key), major=True).text == (
        "Initial comms not sent on: internal status page, email, external status page"
    )
    from warroom.comms.drafts import Draft
    from warroom.comms.sending import send

    send(ctx, key, "initial", "internal", Draft(), by="alice")
    assert next_step(load_detail(ctx, key), major=True).text == (
        "Initial comms not sent on: email, external status page"
    )
    send(ctx, key, "initial", "email", Draft(), by="alice")
    send(ctx, key, "initial", "external", Draft(), by="alice")
    assert step() == "times"
    incidents.set_times(ctx, key, impact_started_at=T0 - timedelta(minutes=5), by="alice")
    assert step() == "delegate"
    assert next_step(load_detail(ctx, key), major=False).code == "review"
    roles.assign(ctx, key, "tech lead", "dev", by="alice")
    assert (
        next_step(load_detail(ctx, key), major=True).text == "Delegate — no communications manager"
    )
    roles.assign(ctx, key, "comms", "carol", by="alice")
    assert step() == "review"
    resolution.resolve(ctx, key, impact_ended_at=T0, by="alice")
    assert next_step(load_detail(ctx, key), major=True).text == (
        "Resolved — send resolution comms: internal status page, email, external status page"
    )
    done = Draft(
        impact="x",
        internal_affected="none",
        external_affected="some",
        root_cause="unknown",
        customer_text="Pushes work again.",
    )
    for channel in ("internal", "email", "external"):
        send(ctx, key, "resolution", channel, done, by="alice")
    assert step() == "postmortem"


def test_resolved_with_open_actions(ctx: Context, key: str) -> None:
    from warroom.process.actions import add_action, complete_action

    roles.take(ctx, key, by="alice")
    resolution.resolve(ctx, key, impact_ended_at=T0, by="alice")
    item = add_action(ctx, key, "remove the temporary flag", owner="dev", by="alice")
    from warroom.comms.drafts import Draft
    from warroom.comms.sending import send

    done = Draft(
        impact="x",
        internal_affected="none",
        external_affected="some",
        root_cause="unknown",
        customer_text="Pushes work again.",
    )
    for channel in ("internal", "email", "external"):
        send(ctx, key, "resolution", channel, done, by="alice")
    assert next_step(load_detail(ctx, key), major=True).text == "Resolved — 1 clean-up item(s) open"
    assert item.id is not None
    complete_action(ctx, key, item.id, by="dev")
    assert next_step(load_detail(ctx, key), major=True).code == "postmortem"
    with pytest.raises(InvalidInput):
        add_action(ctx, key, "x", kind="someday", by="alice")
    assert (
        entry_text(timeline.entries(ctx, key)[-1]) == "Action item done: remove the temporary flag"
    )


def test_an_overdue_update_is_the_next_step(ctx: Context, key: str) -> None:
    from warroom.comms.cadence import next_update_due
    from warroom.comms.drafts import Draft
    from warroom.comms.sending import send

    roles.take(ctx, key, by="alice")
    channels.set_channels(ctx, key, video_link="https://meet.example/x", by="alice")
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "unknown", by="alice")
    incidents.set_times(ctx, key, impact_started_at=T0 - timedelta(minutes=5), by="alice")
    for channel in ("internal", "email", "external"):
        send(ctx, key, "initial", channel, Draft(), by="alice")
    detail = load_detail(ctx, key)
    due = next_update_due(ctx.catalog, detail.incident, detail.messages)
    assert due is not None
    assert next_step(detail, major=False, now=due - timedelta(seconds=1), update_due=due).code == (
        "review"
    )
    late = next_step(detail, major=False, now=due + timedelta(minutes=3), update_due=due)
    assert (late.code, late.text) == ("update", "Update overdue by 3m 00s")


def test_a_time_answering_when_it_started_sets_impact_started(ctx: Context, key: str) -> None:
    assessment.answer(ctx, key, "started", "about an hour ago", by="alice")
    assert load_detail(ctx, key).incident.impact_started_at is None  # words stay words
    assessment.answer(ctx, key, 4, "13:40", by="alice")
    detail = load_detail(ctx, key)
    assert detail.incident.impact_started_at == T0 - timedelta(minutes=20)
    assert entry_text(detail.timeline[-1]) == (
        "Assessment Q4 (started): 13:40 (impact started set to 2026-11-25 13:40 UTC)"
    )
    # A later answer does not overwrite a start time already set.
    assessment.answer(ctx, key, 4, "13:30", by="alice")
    assert load_detail(ctx, key).incident.impact_started_at == T0 - timedelta(minutes=20)


@pytest.mark.parametrize(
    ("written", "count"),
    [
        ("37 tickets so far", 37),
        ("about 40", 40),
        ("~40", 40),
        ("12 (3 VIP)", 12),
        ("1,200 and climbing", 1200),
        ("2k", 2000),
        ("none yet", 0),
        ("0", 0),
        ("unknown", None),
        ("no idea", None),
        ("lots", None),
        ("9" * 40, None),
    ],
)
def test_a_count_is_read_as_people_write_it(written: str, count: int | None) -> None:
    assert read_count(written) == count
    assert say_count(read_count(written)) == ("unknown" if count is None else str(count))


def test_answering_support_cases_keeps_the_count_and_says_what_was_read(
    ctx: Context, key: str
) -> None:
    assert load_detail(ctx, key).incident.support_cases is None
    assessment.answer(ctx, key, 5, "37 tickets so far", by="alice")
    detail = load_detail(ctx, key)
    assert detail.incident.support_cases == 37
    assert entry_text(detail.timeline[-1]) == (
        "Assessment Q5 (support_cases): 37 tickets so far (support cases: 37)"
    )
    assessment.answer(ctx, key, 5, "unknown, the queue is down", by="alice")
    detail = load_detail(ctx, key)
    assert detail.incident.support_cases is None  # unknown again, never a made-up 0
    assert entry_text(detail.timeline[-1]).endswith("(support cases: unknown)")
