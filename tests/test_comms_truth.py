"""What goes out is true: every ticked completeness item is in the text on every phase and
channel, the status page says its own words with its own status, and the countdown
follows what the last message promised."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from warroom.base.clock import ManualClock
from warroom.comms import sending
from warroom.comms.cadence import next_update_due
from warroom.comms.checks import Check
from warroom.comms.drafts import Draft, starting_draft
from warroom.comms.gates import Prepared
from warroom.comms.promise import promised_time
from warroom.config.delivery import DeliverySettings
from warroom.config.templates import load_templates
from warroom.process import assessment, incidents, resolution, roles
from warroom.process.context import Context
from warroom.process.read import load_detail
from warroom.vocabulary.channels import CHANNELS, Audience, Phase

from .conftest import T0

# Each value is unique, so finding it in the text proves the text carries that item.
DRAFT = Draft(
    summary="SUMMARY-team-only: we rolled back deploy 812 without effect.",
    current_status=("rollback done", "quorum degraded"),
    next_steps=("fail over", "watch"),
    next_update="by 14:20 on this page and by email",
    impact="IMPACT-pushes fail",
    internal_affected="INTERNAL-all teams",
    external_affected="EXTERNAL-about 40%",
    root_cause="unknown",
    recovery="RECOVERY-within the hour",
    customer_text="CUSTOMERS-Some of you cannot push code.",
)


@pytest.fixture
def key(ctx: Context, tmp_path: Path) -> str:
    ctx.delivery = DeliverySettings(outbox=tmp_path / "outbox")
    form = incidents.Declaration("Git pushes failing", 1, products=["Repos"])
    key = incidents.declare(ctx, form, by="monitor").key
    roles.take(ctx, key, by="alice")
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "unknown", by="alice")
    return key


def _prepare(ctx: Context, key: str, phase: Phase, channel: str, draft: Draft) -> Prepared:
    return sending.draft_message(ctx, key, phase.value, channel, draft, by="alice")


def _what_each_item_says(phase: Phase, audience: Audience, impact_ended: str) -> dict[Check, str]:
    """The words a reader must find for each item, written out here independently of the
    gates: customers read their own text, their own count and the status."""
    if audience is Audience.EXTERNAL:
        said = {
            Check.IMPACT: DRAFT.customer_text,
            Check.AFFECTED: DRAFT.external_affected,
            Check.ROOT_CAUSE: "Investigating" if phase is Phase.UPDATE else "Resolved",
        }
    else:
        said = {
            Check.IMPACT: DRAFT.impact,
            Check.AFFECTED: DRAFT.internal_affected + "\0" + DRAFT.external_affected,
            Check.ROOT_CAUSE: "Root cause: unknown",
        }
    if phase is Phase.RESOLUTION:
        last = "Resolved" if audience is Audience.EXTERNAL else "no further updates"
        return {**said, Check.RECOVERY: impact_ended, Check.NEXT_UPDATE: last}
    return {**said, Check.RECOVERY: DRAFT.recovery, Check.NEXT_UPDATE: DRAFT.next_update}


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("channel", [c.name for c in CHANNELS])
def test_every_ticked_item_is_in_the_text_on_every_phase_and_channel(
    ctx: Context, key: str, clock: ManualClock, phase: Phase, channel: str
) -> None:
    if phase is Phase.RESOLUTION:
        clock.advance(timedelta(minutes=30))
        resolution.resolve(ctx, key, impact_ended_at=T0 + timedelta(minutes=25), by="alice")
    prepared = _prepare(ctx, key, phase, channel, DRAFT)
    assert prepared.can_send, prepared.refusal()
    text = f"{prepared.title}\n{prepared.body}"
    ticked = {item.name for item in prepared.checklist if item.ok}
    if phase is Phase.INITIAL:
        assert Check.ASSESSMENT in ticked and Check.IMPACT not in ticked
        assert "SUMMARY" not in text or channel != "external"
        return
    audience = next(c.audience for c in CHANNELS if c.name == channel)
    expected = _what_each_item_says(phase, audience, "2026-11-25 14:25 UTC")
    assert set(expected) <= ticked
    for check, words in expected.items():
        for part in words.split("\0"):
            assert part in text, (check, part)
    if Check.KEY in ticked:
        assert "HOT-1" in text
    if audience is Audience.EXTERNAL:
        assert "SUMMARY" not in text and "INTERNAL" not in text and "IMPACT" not in text


def test_an_item_the_template_leaves_out_is_not_ticked(
    ctx: Context, key: str, tmp_path: Path
) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    (own / "update-external.txt").write_text(
        "$page_status: $products\n\n$customer_text Affected: $external_affected."
        " Recovery: $recovery.\n"
    )
    ctx.templates = load_templates(own)
    prepared = _prepare(ctx, key, Phase.UPDATE, "external", DRAFT)
    [missing] = prepared.missing
    assert missing.name is Check.NEXT_UPDATE
    assert missing.fix == f"the template does not show it: {DRAFT.next_update!r}"


@pytest.mark.parametrize(
    ("root_cause", "chosen", "title"),
    [
        ("unknown", "", "Investigating: issues with Repos"),
        ("a bad storage deploy", "", "Identified: issues with Repos"),
        ("a bad storage deploy", "monitoring", "Monitoring: issues with Repos"),
        ("unknown", "monitoring", "Monitoring: issues with Repos"),
    ],
)
def test_the_status_page_status_follows_the_facts_unless_chosen(
    ctx: Context, key: str, root_cause: str, chosen: str, title: str
) -> None:
    draft = DRAFT.model_copy(update={"root_cause": root_cause, "page_status": chosen})
    prepared = _prepare(ctx, key, Phase.UPDATE, "external", draft)
    assert prepared.can_send, prepared.refusal()
    assert prepared.title == title
    assert "a bad storage deploy" not in prepared.body  # the cause stays with the team


@pytest.mark.parametrize(
    ("root_cause", "chosen", "refused"),
    [("unknown", "identified", Check.ROOT_CAUSE), ("a bad deploy", "resolved", Check.PAGE_STATUS)],
)
def test_a_status_that_is_not_true_is_refused(
    ctx: Context, key: str, root_cause: str, chosen: str, refused: Check
) -> None:
    draft = DRAFT.model_copy(update={"root_cause": root_cause, "page_status": chosen})
    prepared = _prepare(ctx, key, Phase.UPDATE, "external", draft)
    assert [item.name for item in prepared.missing] == [refused]


def test_customers_never_get_the_teams_summary(ctx: Context, key: str) -> None:
    sending.send(ctx, key, "update", "internal", DRAFT, by="alice")
    detail = load_detail(ctx, key)
    external = starting_draft(detail, Phase.UPDATE, "external")
    assert external.summary == "" and external.customer_text == "IMPACT-pushes fail"
    prepared = _prepare(ctx, key, Phase.UPDATE, "external", external)
    assert "SUMMARY" not in prepared.body and "rolled back deploy 812" not in prepared.body
    assert prepared.title == "Investigating: issues with Repos"


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("by 14:20 on this page", 20),
        ("at 15:05", 65),
        ("in 30 minutes", 30),
        ("in an hour, by email", 60),
        ("within the hour", 60),
        ("13:30", 23 * 60 + 30),  # a clock time already past is tomorrow's
    ],
)
def test_a_promised_time_is_read(written: str, minutes: int) -> None:
    assert promised_time(written, T0) == T0 + timedelta(minutes=minutes)


def test_a_promise_without_a_time_is_none() -> None:
    assert promised_time("soon, on this page", T0) is None
    assert promised_time("after release 2.10", T0) is None


def test_the_countdown_follows_the_promise_and_a_late_promise_is_warned(
    ctx: Context, key: str
) -> None:
    draft = DRAFT.model_copy(update={"next_update": "by 14:20 here"})
    sending.send(ctx, key, "update", "internal", draft, by="alice")
    detail = load_detail(ctx, key)
    assert next_update_due(ctx.catalog, detail.incident, detail.messages) == T0 + timedelta(
        minutes=20
    )
    late = DRAFT.model_copy(update={"next_update": "at 15:30 by email"})
    [warning] = _prepare(ctx, key, Phase.UPDATE, "internal", late).warnings
    assert warning.name is Check.PROMISE
    assert warning.label == "Next update promised for 15:30"
    assert warning.fix == "later than the severity's cadence allows (14:30)"
    kept = _prepare(ctx, key, Phase.UPDATE, "internal", draft)
    assert [i.label for i in kept.checklist if i.name is Check.PROMISE] == [
        "Next update promised for 14:20 (the countdown keeps the earliest promise)"
    ]


def test_the_countdown_keeps_the_earliest_promise_any_readers_were_given(
    ctx: Context, key: str, clock: ManualClock
) -> None:
    customers = DRAFT.model_copy(update={"next_update": "by 14:20 on this page"})
    sending.send(ctx, key, "update", "external", customers, by="alice")
    clock.advance(timedelta(minutes=2))
    team = DRAFT.model_copy(update={"next_update": "by 14:25 by email"})
    sending.send(ctx, key, "update", "internal", team, by="alice")
    detail = load_detail(ctx, key)
    # The team's later promise does not move what customers were told.
    assert next_update_due(ctx.catalog, detail.incident, detail.messages) == T0 + timedelta(
        minutes=20
    )
    clock.advance(timedelta(minutes=5))
    later = customers.model_copy(update={"next_update": "by 14:40 on this page"})
    sending.send(ctx, key, "update", "external", later, by="alice")
    detail = load_detail(ctx, key)
    assert next_update_due(ctx.catalog, detail.incident, detail.messages) == T0 + timedelta(
        minutes=25
    )


def test_a_resolution_for_customers_starts_afresh_not_from_the_update(
    ctx: Context, key: str, clock: ManualClock
) -> None:
    restoring = DRAFT.model_copy(update={"customer_text": "Pushes fail; we are restoring it."})
    sending.send(ctx, key, "update", "external", restoring, by="alice")
    clock.advance(timedelta(minutes=30))
    resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    draft = starting_draft(load_detail(ctx, key), Phase.RESOLUTION, "external")
    assert draft.customer_text == "" and draft.page_status == ""
    prepared = _prepare(ctx, key, Phase.RESOLUTION, "external", draft)
    [missing] = prepared.missing
    assert missing.name is Check.IMPACT and "now that it is over" in missing.fix
    assert draft.external_affected == DRAFT.external_affected  # the facts still carry over
