"""When the next update is due: the time the last message promised, else the severity's
cadence from the catalog, once comms have started."""

from __future__ import annotations

from datetime import datetime, timedelta

from warroom.comms.drafts import Draft
from warroom.comms.promise import promised_time
from warroom.config.catalog import Catalog
from warroom.process.read import SentMessage
from warroom.store.models import Incident, Message
from warroom.vocabulary.incident import Status


def cadence(catalog: Catalog, severity: int) -> timedelta | None:
    """How often this severity's updates go out; None for a level the catalog lacks."""
    level = catalog.severity(severity)
    return timedelta(minutes=level.update_every_minutes) if level else None


def next_update_due(
    catalog: Catalog, incident: Incident, sent: list[SentMessage]
) -> datetime | None:
    """When the next update is due: the earliest of what each channel's readers were last
    told — the time their last message promised (``by 01:05``), else that message plus the
    severity's cadence. None before the first message or after the incident is resolved.

    Per channel, because customers promised 05:30 on the status page are owed an update
    then, even if the team's email later said 05:45."""
    if incident.status == Status.RESOLVED.value or not sent:
        return None
    every = cadence(catalog, incident.severity)
    last_by_channel: dict[str, Message] = {}
    for item in sorted(sent, key=lambda item: item.message.sent_at):
        last_by_channel[item.message.channel] = item.message
    owed = [due_after(last.fields, last.sent_at, every) for last in last_by_channel.values()]
    return min((due for due in owed if due is not None), default=None)


def due_after(fields: str, sent_at: datetime, every: timedelta | None) -> datetime | None:
    """When the update after one message is due, on its channel: the time the message
    promised (its draft ``fields``, JSON, as stored), else its time plus ``every``."""
    promised = promised_time(Draft.model_validate_json(fields).next_update, sent_at)
    if promised is not None:
        return promised
    try:
        return sent_at + every if every else None
    except OverflowError:  # a stored time of year 9999: no update can be due after it
        return None
