"""Sending comms: the gates decide, the store records, then delivery runs.

The gates are checked and the message recorded in one write transaction, so what was checked
is what is sent: nobody can change the incident in between. The message is recorded with its
checklist state, sender and reviewer, its timeline entry and its pending deliveries, before
anything leaves. A delivery that fails is kept as failed and can be retried; the message
itself never changes.

A training incident's messages are drills: the Outgoing says so, and the delivery code keeps
them in the outbox (``comms.delivery.base.allowed``), whatever is configured.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime

from sqlmodel import Session

from warroom.base import limits
from warroom.base.errors import NotFound, Refused
from warroom.base.limits import within
from warroom.comms.attempts import record_attempt
from warroom.comms.cadence import cadence
from warroom.comms.delivery.base import Attempt, Outgoing, adapters_for, deliver
from warroom.comms.drafts import Draft, as_text
from warroom.comms.gates import Prepared, prepare
from warroom.process.checks import require_name
from warroom.process.context import Context
from warroom.process.read import (
    SEND_REFUSED,  # the event a refused send leaves; the debrief reads them back
    IncidentDetail,
    SentMessage,
    detail_of,
    load_detail,
)
from warroom.process.records import changing, system_entry
from warroom.store.base import record_event
from warroom.store.models import Delivery, Incident, Message
from warroom.vocabulary.channels import channel, phase
from warroom.vocabulary.draft_fields import FIELDS
from warroom.vocabulary.facts import Fact


def draft_message(
    ctx: Context,
    key: str,
    phase_name: str,
    channel_name: str,
    draft: Draft,
    *,
    by: str,
    reviewed_by: str = "",
) -> Prepared:
    """The message exactly as it would go out, with its checklist. Changes nothing."""
    detail = load_detail(ctx, key, timeline_limit=0)
    return _prepare(ctx, detail, phase_name, channel_name, draft, by, reviewed_by)


def send(
    ctx: Context,
    key: str,
    phase_name: str,
    channel_name: str,
    draft: Draft,
    *,
    by: str,
    reviewed_by: str = "",
) -> SentMessage:
    """Send when every gate passes; otherwise refuse, naming what is missing and where.

    A refusal is recorded too (an event naming what was missing): a drill's debrief counts
    the sends refused and why, and a postmortem can ask the same of a real night.
    """
    phase(phase_name), channel(channel_name)  # refuse a bad name before taking the lock
    try:
        with changing(ctx, key) as (session, incident):
            detail = detail_of(session, incident, timeline_limit=0)
            prepared = _prepare(ctx, detail, phase_name, channel_name, draft, by, reviewed_by)
            if not prepared.can_send:
                assert incident.id is not None
                raise _GatesRefused(incident.id, prepared)  # rolls the transaction back
            now = ctx.clock.now()
            message = _record(session, incident, prepared, draft, now, by, reviewed_by.strip())
            outgoing = _outgoing(message, incident)
            pending = [
                Delivery(message_id=message.id, adapter=adapter)  # type: ignore[arg-type]
                for adapter in adapters_for(outgoing, ctx.delivery)
            ]
            session.add_all(pending)
    except _GatesRefused as refused:
        _record_refusal(ctx, refused.incident_id, refused.prepared, by)
        raise Refused(refused.prepared.refusal()) from None
    delivered = [_attempt(ctx, row, message, outgoing) for row in pending]
    return SentMessage(message, delivered, drill=outgoing.drill)


class _GatesRefused(Exception):
    def __init__(self, incident_id: int, prepared: Prepared) -> None:
        self.incident_id = incident_id
        self.prepared = prepared


def _record_refusal(ctx: Context, incident_id: int, prepared: Prepared, by: str) -> None:
    with ctx.store.write() as session:
        record_event(
            session,
            at=ctx.clock.now(),
            actor=by,
            kind=SEND_REFUSED,
            incident_id=incident_id,
            phase=prepared.phase,
            channel=prepared.channel,
            missing=[item.label for item in prepared.missing],
        )


def retry(ctx: Context, delivery_id: int, *, by: str) -> Delivery:
    """Try a failed (or never finished) delivery again."""
    with ctx.store.read() as session:
        row = session.get(Delivery, delivery_id)
        if row is None:
            raise NotFound(f"no delivery {delivery_id}")
        if row.status == "delivered":
            raise Refused(f"delivery {delivery_id} already went out ({row.detail})")
        message = session.get(Message, row.message_id)
        assert message is not None
        incident = session.get(Incident, message.incident_id)
        assert incident is not None
    return _attempt(ctx, row, message, _outgoing(message, incident))


def _prepare(
    ctx: Context,
    detail: IncidentDetail,
    phase_name: str,
    channel_name: str,
    draft: Draft,
    by: str,
    reviewed_by: str,
) -> Prepared:
    # Every field within its limit (base.limits), checked where a draft and a send both pass.
    for name in FIELDS:
        within(name, as_text(draft, name), limits.DRAFT_FIELD)
    require_name("reviewed by", reviewed_by)
    return prepare(
        detail,
        phase(phase_name).value,
        channel(channel_name).name,
        draft,
        ctx.templates,
        ctx.clock.now(),
        sender=by,
        reviewed_by=reviewed_by,
        require_review=ctx.catalog.require_review_for_external,
        update_every=cadence(ctx.catalog, detail.incident.severity),
    )


def _record(
    session: Session,
    incident: Incident,
    prepared: Prepared,
    draft: Draft,
    now: datetime,
    by: str,
    reviewed_by: str,
) -> Message:
    assert incident.id is not None
    message = Message(
        incident_id=incident.id,
        phase=prepared.phase,
        channel=prepared.channel,
        title=prepared.title,
        body=prepared.body,
        fields=draft.model_dump_json(),
        checklist=json.dumps([asdict(item) for item in prepared.checklist], ensure_ascii=False),
        sent_at=now,
        sent_by=by,
        reviewed_by=reviewed_by,
    )
    session.add(message)
    session.flush()
    system_entry(
        session,
        incident,
        Fact.MESSAGE_SENT,
        at=now,
        by=by,
        message=message.id,
        phase=prepared.phase,
        channel=prepared.channel,
        reviewed_by=reviewed_by,
        title=prepared.title,
    )
    return message


def _outgoing(message: Message, incident: Incident) -> Outgoing:
    assert message.id is not None
    return Outgoing(
        message_id=message.id,
        incident_key=incident.key,
        phase=message.phase,
        channel=message.channel,
        title=message.title,
        body=message.body,
        sent_at=message.sent_at,
        sent_by=message.sent_by,
        drill=incident.training,
    )


def _attempt(ctx: Context, row: Delivery, message: Message, outgoing: Outgoing) -> Delivery:
    """Deliver outside any transaction (it may wait on a server), then record the result."""
    attempt: Attempt = deliver(row.adapter, outgoing, ctx.delivery)
    now = ctx.clock.now()
    with ctx.store.write() as session:
        stored = session.get(Delivery, row.id)
        assert stored is not None
        record_attempt(stored, attempt, now)
        session.add(stored)
        record_event(
            session,
            at=now,
            actor=message.sent_by,
            kind="delivery",
            incident_id=message.incident_id,
            delivery_id=stored.id,
            status=stored.status,
        )
    return stored
