"""How often updates go out: each severity's cadence, from the catalog, once comms started."""

from __future__ import annotations

from datetime import datetime, timedelta

from warroom.config.catalog import Catalog
from warroom.process.read import SentMessage
from warroom.store.models import Incident
from warroom.vocabulary.incident import Status


def next_update_due(
    catalog: Catalog, incident: Incident, sent: list[SentMessage]
) -> datetime | None:
    """When the next update is due: the last message plus the severity's cadence; none
    before the first message or after the incident is resolved."""
    if incident.status == Status.RESOLVED.value or not sent:
        return None
    level = catalog.severity(incident.severity)
    if level is None:
        return None
    last = max(item.message.sent_at for item in sent)
    return last + timedelta(minutes=level.update_every_minutes)
