"""Shared plumbing for the services: finding an incident and changing it in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlmodel import Session, select

from warroom.base.errors import InvalidInput, NotFound
from warroom.process.context import Context
from warroom.store.models import EntryKind, Incident, TimelineEntry
from warroom.store.sqlite import record_event

# Clocks on two machines disagree a little; "in the future" means beyond this.
CLOCK_SKEW = timedelta(minutes=1)


def normalise_key(key: str) -> str:
    return key.strip().upper()


def find_incident(session: Session, key: str) -> Incident:
    wanted = normalise_key(key)
    incident = session.exec(select(Incident).where(Incident.key == wanted)).first()
    if incident is None:
        raise NotFound(f"no incident {wanted or repr(key)}")
    return incident


def require_text(field: str, value: str) -> str:
    """Refuse empty or blank text; keep what was given exactly as given."""
    if not value or not value.strip():
        raise InvalidInput(field, "must not be empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(field, "is not valid UTF-8 text") from None
    return value


def require_past(field: str, moment: datetime, now: datetime) -> datetime:
    if moment > now + CLOCK_SKEW:
        raise InvalidInput(field, f"{moment.isoformat(timespec='minutes')} is in the future")
    return moment


@contextmanager
def changing(ctx: Context, key: str) -> Iterator[tuple[Session, Incident]]:
    """Load the incident under the write lock, so checks and changes see the same state."""
    with ctx.store.write() as session:
        yield session, find_incident(session, key)


def system_entry(
    session: Session, incident: Incident, text: str, *, at: datetime, by: str, kind: str
) -> TimelineEntry:
    """Record what the console did, both on the timeline and in the event log."""
    assert incident.id is not None
    entry = TimelineEntry(
        incident_id=incident.id,
        occurred_at=at,
        recorded_at=at,
        author=by,
        kind=EntryKind.SYSTEM.value,
        text=text,
    )
    session.add(entry)
    record_event(session, at=at, actor=by, kind=kind, incident_id=incident.id, text=text)
    return entry
