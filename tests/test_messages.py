"""Sending: the gates refuse, the store records, delivery runs and can be retried.

Servers are real, on 127.0.0.1, started here; nothing else is contacted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from warroom.base.errors import NotFound, Refused
from warroom.comms import sending as messages
from warroom.comms.cadence import next_update_due
from warroom.comms.drafts import Draft
from warroom.config.delivery import DeliverySettings
from warroom.process import assessment, incidents, roles
from warroom.process.context import Context
from warroom.process.queries import entry_text
from warroom.process.read import load_detail
from warroom.store.models import Event

from .servers import free_port, smtp_server, webhook_server
from .store_probe import refusal, write_lock_is_held

UPDATE = Draft(
    summary="Pushes fail for some customers.",
    current_status=("rolled back", "watching"),
    next_steps=("confirm recovery", "close"),
    next_update="by 15:30 by email",
    impact="git push fails",
    internal_affected="none",
    external_affected="about 10%",
    root_cause="unknown",
    recovery="within the hour",
    customer_text="Some customers cannot push code.",
)


@pytest.fixture
def key(ctx: Context, tmp_path: Path) -> str:
    ctx.delivery = DeliverySettings(outbox=tmp_path / "outbox")
    form = incidents.Declaration("Git pushes failing", 1, products=["Repos"])
    key = incidents.declare(ctx, form, by="monitor").key
    roles.take(ctx, key, by="alice")
    return key


def _answer_all(ctx: Context, key: str) -> None:
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "unknown", by="alice")


def test_initial_comms_refused_until_assessed_and_only_the_refusal_recorded(
    ctx: Context, key: str
) -> None:
    before = load_detail(ctx, key)
    with pytest.raises(Refused, match=r"Assessment 0/6 — open: 1 impact, 2 seeing"):
        messages.send(ctx, key, "initial", "internal", Draft(), by="alice")
    after = load_detail(ctx, key)
    assert after.messages == []
    assert after.timeline == before.timeline
    # The refusal is kept as an event (a drill's debrief counts them), naming what was missing.
    with ctx.store.read() as session:
        event = session.exec(select(Event).order_by(col(Event.id).desc())).first()
    assert event is not None and event.kind == "send-refused" and event.actor == "alice"
    detail = json.loads(event.detail)
    assert (detail["phase"], detail["channel"]) == ("initial", "internal")
    assert any(item.startswith("Assessment 0/6") for item in detail["missing"])


def test_sent_message_is_recorded_with_checklist_and_delivered_to_the_outbox(
    ctx: Context, key: str, tmp_path: Path
) -> None:
    _answer_all(ctx, key)
    sent = messages.send(ctx, key, "initial", "email", Draft(), by="alice", reviewed_by="bob")
    [delivery] = sent.deliveries
    assert (delivery.adapter, delivery.status, delivery.attempts) == ("outbox", "delivered", 1)
    [eml] = (tmp_path / "outbox").glob("*.eml")
    assert "HOT-1 - Sev 1 - Git pushes failing" in eml.read_text()
    detail = load_detail(ctx, key)
    [stored] = detail.messages
    assert (stored.message.sent_by, stored.message.reviewed_by) == ("alice", "bob")
    checklist = json.loads(stored.message.checklist)
    assert {item["name"]: item["ok"] for item in checklist} == {"assessment": True, "key": True}
    assert entry_text(detail.timeline[-1]) == (
        "Sent initial comms (email, reviewed by bob): HOT-1 - Sev 1 - Git pushes failing"
    )


def test_update_without_root_cause_is_refused_until_unknown_is_written(
    ctx: Context, key: str
) -> None:
    no_cause = UPDATE.model_copy(update={"root_cause": ""})
    with pytest.raises(Refused, match="3 Root cause, or 'unknown'"):
        messages.send(ctx, key, "update", "internal", no_cause, by="alice")
    sent = messages.send(ctx, key, "update", "internal", UPDATE, by="alice")
    assert sent.message.phase == "update" and "Root cause: unknown" in sent.message.body
    assert [d.adapter for d in sent.deliveries] == ["outbox"]


def test_bad_phase_or_channel_is_refused(ctx: Context, key: str) -> None:
    with pytest.raises(Exception, match="phase"):
        messages.send(ctx, key, "final", "internal", UPDATE, by="alice")
    with pytest.raises(Exception, match="channel"):
        messages.send(ctx, key, "update", "slack", UPDATE, by="alice")


def test_cadence_sets_when_the_next_update_is_due(ctx: Context, key: str) -> None:
    detail = load_detail(ctx, key)
    assert next_update_due(ctx.catalog, detail.incident, detail.messages) is None
    no_time = UPDATE.model_copy(update={"next_update": "soon, by email"})
    sent = messages.send(ctx, key, "update", "internal", no_time, by="alice")
    detail = load_detail(ctx, key)
    due = next_update_due(ctx.catalog, detail.incident, detail.messages)
    every = ctx.catalog.severity(1).update_every_minutes  # type: ignore[union-attr]
    assert due is not None
    assert (due - sent.message.sent_at).total_seconds() == every * 60


def test_failed_delivery_is_kept_and_a_retry_completes_it(
    ctx: Context, key: str, tmp_path: Path
) -> None:
    webhook_port = free_port()
    ctx.delivery = DeliverySettings(
        outbox=tmp_path / "outbox", webhook_url=f"http://127.0.0.1:{webhook_port}/hook"
    )
    # Nobody listens yet: the webhook delivery fails, the message is still recorded.
    sent = messages.send(ctx, key, "update", "external", UPDATE, by="alice")
    by_adapter = {d.adapter: d for d in sent.deliveries}
    assert by_adapter["outbox"].status == "delivered"
    failed = by_adapter["webhook"]
    assert failed.status == "failed" and failed.detail
    assert load_detail(ctx, key).messages[0].deliveries[1].status == "failed"
    with webhook_server(port=webhook_port) as server:
        assert failed.id is not None
        retried = messages.retry(ctx, failed.id, by="alice")
        assert (retried.status, retried.attempts) == ("delivered", 2)
        [posted] = server.received
        payload = posted.json()
        assert payload["incident"] == key and payload["name"] == sent.message.title
        with pytest.raises(Refused, match="already went out"):
            messages.retry(ctx, failed.id, by="alice")
    with pytest.raises(NotFound):
        messages.retry(ctx, 9999, by="alice")


def test_email_reaches_a_real_smtp_server_with_the_key_in_the_subject(
    ctx: Context, key: str, tmp_path: Path
) -> None:
    with smtp_server() as server:
        ctx.delivery = DeliverySettings(
            outbox=tmp_path / "outbox",
            smtp_host="127.0.0.1",
            smtp_port=server.port,
            smtp_starttls=False,
            email_to=("major-incidents@example.com",),
        )
        sent = messages.send(ctx, key, "update", "email", UPDATE, by="alice")
    assert {d.adapter: d.status for d in sent.deliveries} == {
        "outbox": "delivered",
        "smtp": "delivered",
    }
    [envelope] = server.received
    content = envelope.content.decode()
    assert "Subject: HOT-1 - Sev 1 - Git pushes failing" in content
    assert envelope.rcpt_tos == ["major-incidents@example.com"]


def test_a_sent_message_cannot_be_changed_or_deleted_even_with_sql(ctx: Context, key: str) -> None:
    sent = messages.send(ctx, key, "update", "internal", UPDATE, by="alice")
    for statement in (
        f"UPDATE message SET body = 'rewritten' WHERE id = {sent.message.id}",
        f"DELETE FROM message WHERE id = {sent.message.id}",
    ):
        assert "a sent message cannot be" in refusal(ctx.store, statement)
    if ctx.store.path is None:  # PostgreSQL: TRUNCATE skips row triggers; it is refused too
        assert "a sent message cannot be" in refusal(ctx.store, "TRUNCATE message CASCADE")
    assert load_detail(ctx, key).messages[0].message.body == sent.message.body


def test_the_gates_are_checked_under_the_write_lock(
    ctx: Context, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What was checked is what is sent: nobody can change the incident in between."""
    checked = []
    real_prepare = messages.prepare

    def prepare_while_another_writer_tries(*args: Any, **kwargs: Any) -> Any:
        checked.append(write_lock_is_held(ctx.store))
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(messages, "prepare", prepare_while_another_writer_tries)
    messages.send(ctx, key, "update", "internal", UPDATE, by="alice")
    assert checked == [True]
