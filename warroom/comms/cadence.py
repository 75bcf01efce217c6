"""When the next update is due: the time the last message promised, else the severity's
cadence from the catalog, once comms have started."""

from __future__ import annotations

from datetime import datetime, timedelta

from warroom.comms.drafts import Draft
from warroom.comms.promise import promised_time
from warroom.config.catalog import Catalog
from warroom.process.read import SentMessage
from warroom.store.models import Incident
from warroom.vocabulary.incident import Status


def cadence(catalog: Catalog, severity: int) -> timedelta | None:
    """How often this severity's updates go out; None for a level the catalog lacks."""
    level = catalog.severity(severity)
    return timedelta(minutes=level.update_every_minutes) if level else None


def next_update_due(
    catalog: Catalog, incident: Incident, sent: list[SentMessage]
) -> datetime | None:
    """When the next update is due: what the last message promised (``by 01:05``), else
    the last message plus the severity's cadence; none before the first message or after
    the incident is resolved."""
    if incident.status == Status.RESOLVED.value or not sent:
        return None
    last = max(sent, key=lambda item: item.message.sent_at).message
    promised = promised_time(Draft.model_validate_json(last.fields).next_update, last.sent_at)
    if promised is not None:
        return promised
    every = cadence(catalog, incident.severity)
    return last.sent_at + every if every else None
