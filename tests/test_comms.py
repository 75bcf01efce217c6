"""Comms: templates, rendering and every gate, including the refusals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import CatalogError, InvalidInput
from warroom.comms.drafts import (
    Draft,
    parse_assignments,
    split_bullets,
    suggested_draft,
    with_fields,
)
from warroom.comms.gates import count_sentences, prepare
from warroom.config.templates import load_templates
from warroom.process import assessment, incidents, resolution, roles
from warroom.process.context import Context
from warroom.process.read import IncidentDetail, load_detail

from .conftest import T0

EMPTY = Draft()
COMPLETE = Draft(
    summary="Pushes fail for about half of customers. We rolled back the deploy.",
    current_status=("rollback finished", "error rate falling"),
    next_steps=("watch error rate", "fail over reads if needed"),
    next_update="by 15:30 here and by email",
    impact="git push fails for some customers",
    internal_affected="all engineering teams",
    external_affected="about 40% of customers",
    root_cause="unknown",
    recovery="unknown",
    customer_text="Some customers cannot push code. We are rolling back a change.",
)


@pytest.fixture
def key(ctx: Context) -> str:
    form = incidents.Declaration(
        "Git pushes failing", 1, service="Git Storage", products=["Repos", "Pipelines"]
    )
    key = incidents.declare(ctx, form, by="monitor").key
    roles.take(ctx, key, by="alice")
    return key


def _detail(ctx: Context, key: str) -> IncidentDetail:
    return load_detail(ctx, key)


def _prepare(ctx: Context, key: str, phase: str, channel: str, draft: Draft = EMPTY, **kw: object):  # type: ignore[no-untyped-def]
    return prepare(
        _detail(ctx, key),
        phase,
        channel,
        draft,
        ctx.templates,
        ctx.clock.now(),
        sender="alice",
        **kw,  # type: ignore[arg-type]
    )


def _answer_all(ctx: Context, key: str) -> None:
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "unknown", by="alice")


def test_initial_templates_follow_the_handbook(ctx: Context, key: str) -> None:
    internal = _prepare(ctx, key, "initial", "internal")
    assert internal.title == "HOT-1 - Sev 1 - Git pushes failing"
    assert internal.body.startswith(
        "We are investigating an incident affecting Pipelines and Repos. "
        "We will post updates by email and on the status page shortly."
    )
    email = _prepare(ctx, key, "initial", "email")
    assert email.title == internal.title and "reply to this email" in email.body
    external = _prepare(ctx, key, "initial", "external")
    assert external.title == "Investigating issues with Pipelines and Repos"
    assert external.body == (
        "We are investigating issues with Pipelines and Repos and will post updates here soon."
    )


def test_initial_comms_wait_for_all_six_answers(ctx: Context, key: str) -> None:
    for number in (1, 2, 3, 4):
        assessment.answer(ctx, key, number, "unknown", by="alice")
    refused = _prepare(ctx, key, "initial", "internal")
    assert not refused.can_send
    [missing] = refused.missing
    assert missing.label == "Assessment 4/6 — open: 5 support_cases, 6 other_factors"
    assert "answer them in the assessment checklist" in refused.refusal()
    assert "tab" not in refused.refusal(), "the core does not name the console's keys"
    _answer_all(ctx, key)
    assert _prepare(ctx, key, "initial", "internal").can_send


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("impact", "1 Impact on customers"),
        ("internal_affected", "2 Internal and external customers affected"),
        ("external_affected", "2 Internal and external customers affected"),
        ("root_cause", "3 Root cause, or 'unknown'"),
        ("recovery", "4 Expected recovery, or 'unknown'"),
        ("next_update", "5 When and how the next update comes"),
    ],
)
def test_an_update_needs_each_completeness_item(
    ctx: Context, key: str, field: str, label: str
) -> None:
    incomplete = COMPLETE.model_copy(update={field: "  "})
    prepared = _prepare(ctx, key, "update", "email", incomplete)
    assert [item.label for item in prepared.missing] == [label]
    assert _prepare(ctx, key, "update", "email", COMPLETE).can_send


def test_update_renders_the_handbook_format(ctx: Context, key: str) -> None:
    prepared = _prepare(ctx, key, "update", "internal", COMPLETE)
    assert prepared.title == "HOT-1 - Sev 1 - Git pushes failing"
    body = prepared.body
    assert body.startswith("Pushes fail for about half of customers. We rolled back the deploy.")
    assert "Current status\n- rollback finished\n- error rate falling" in body
    assert "Next steps\n- watch error rate\n- fail over reads if needed" in body
    assert "Root cause: unknown" in body and "Expected recovery: unknown" in body
    assert "Next update: by 15:30 here and by email" in body
    assert prepared.warnings == []


def test_update_format_is_advice_not_a_gate(ctx: Context, key: str) -> None:
    sloppy = COMPLETE.model_copy(
        update={"summary": "One. Two. Three.", "current_status": ("only one",)}
    )
    prepared = _prepare(ctx, key, "update", "internal", sloppy)
    assert prepared.can_send
    assert {w.name for w in prepared.warnings} == {"summary_length", "current_status_bullets"}


def test_external_text_longer_than_two_sentences_is_warned(ctx: Context, key: str) -> None:
    chatty = COMPLETE.model_copy(update={"customer_text": "One. Two. Three."})
    prepared = _prepare(ctx, key, "update", "external", chatty)
    assert prepared.can_send
    [warning] = prepared.warnings
    assert warning.label == "Customer text is short (3 sentences)"
    assert _prepare(ctx, key, "update", "external", COMPLETE).warnings == []


def test_resolution_needs_the_incident_resolved(ctx: Context, key: str, clock: ManualClock) -> None:
    refused = _prepare(ctx, key, "resolution", "internal", COMPLETE)
    assert {i.name for i in refused.missing} == {"recovery", "resolved"}
    incidents.set_times(ctx, key, impact_started_at=T0 - timedelta(minutes=30), by="alice")
    clock.advance(timedelta(hours=1))
    resolution.resolve(ctx, key, impact_ended_at=T0 + timedelta(minutes=45), by="alice")
    # Nobody said how many: the message says so, never a made-up 0.
    unknown = _prepare(ctx, key, "resolution", "internal", COMPLETE).body
    assert "Support cases opened: unknown" in unknown
    assessment.answer(ctx, key, "cases", "about 42, mostly EU", by="alice")
    internal = _prepare(ctx, key, "resolution", "internal", COMPLETE)
    assert internal.can_send
    assert "Duration: 1h 15m" in internal.body
    assert "Support cases opened: 42" in internal.body
    assert "no further updates will follow" in internal.body
    external = _prepare(ctx, key, "resolution", "external", COMPLETE)
    assert external.title == "Resolved: issues with Pipelines and Repos"
    assert "postmortem will follow" in external.body and external.warnings == []


def test_every_internal_message_carries_the_key(ctx: Context, key: str, tmp_path: Path) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    (own / "update-email.txt").write_text(
        "Service update\n\n$status_summary\n$impact; $internal_affected; $external_affected;"
        " cause $root_cause; recovery $recovery; next update $next_update\n"
    )
    ctx.templates = load_templates(own)
    prepared = _prepare(ctx, key, "update", "email", COMPLETE)
    assert prepared.title == "Service update"
    assert [i.name for i in prepared.missing] == ["key"]
    # Files not overridden still come from the shipped set.
    assert _prepare(ctx, key, "update", "internal", COMPLETE).can_send


def test_unknown_placeholder_in_an_own_template_is_flagged(
    ctx: Context, key: str, tmp_path: Path
) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    (own / "initial-external.txt").write_text("Issues with $products\n\nSee $dashboard_url.\n")
    ctx.templates = load_templates(own)
    prepared = _prepare(ctx, key, "initial", "external")
    assert "$dashboard_url" in prepared.body
    assert [w.name for w in prepared.warnings] == ["template"]


def test_a_template_without_a_title_is_refused(tmp_path: Path) -> None:
    (tmp_path / "update-email.txt").write_text("\nbody only\n")
    with pytest.raises(CatalogError, match="line 1"):
        load_templates(tmp_path)


def test_review_can_be_required_for_external_messages(ctx: Context, key: str) -> None:
    ctx.catalog = ctx.catalog.model_copy(update={"require_review_for_external": True})
    for reviewer in ("", "alice", "ALICE "):
        refused = _prepare(
            ctx, key, "update", "external", COMPLETE, reviewed_by=reviewer, require_review=True
        )
        assert [i.name for i in refused.missing] == ["review"]
    ok = _prepare(ctx, key, "update", "external", COMPLETE, reviewed_by="bob", require_review=True)
    assert ok.can_send
    # Internal messages do not need it.
    assert _prepare(ctx, key, "update", "internal", COMPLETE, require_review=True).can_send


def test_suggested_draft_starts_from_the_assessment(ctx: Context, key: str) -> None:
    assessment.answer(ctx, key, 1, "pushes fail", by="alice")
    assessment.answer(ctx, key, 3, "about half", by="alice")
    draft = suggested_draft(_detail(ctx, key))
    assert (draft.impact, draft.external_affected) == ("pushes fail", "about half")


def test_fields_from_text() -> None:
    assert split_bullets(" a ; b;;c ") == ("a", "b", "c")
    draft = with_fields(Draft(), {"next_steps": "x; y", "root_cause": "unknown"})
    assert (draft.next_steps, draft.root_cause) == (("x", "y"), "unknown")
    with pytest.raises(InvalidInput, match="not a field"):
        with_fields(Draft(), {"mood": "calm"})
    assert parse_assignments(["impact=a=b", "recovery="]) == {"impact": "a=b", "recovery": ""}
    with pytest.raises(InvalidInput, match="FIELD=VALUE"):
        parse_assignments(["impact"])


def test_count_sentences() -> None:
    assert count_sentences("") == 0
    assert count_sentences("We are on it.") == 1
    assert count_sentences("Fixed! A postmortem will follow. Thanks") == 3
    assert count_sentences("Version 2.3 is out") == 1
