"""Shared plumbing for the services: finding an incident and changing it in one transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from warroom.base import limits
from warroom.base.errors import InvalidInput
from warroom.base.limits import within
from warroom.base.timeparse import require_happened
from warroom.process.context import Context
from warroom.process.queries import find_incident
from warroom.store.base import record_event
from warroom.store.models import Incident, TimelineEntry
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.kinds import EntryKind

# Clocks on two machines disagree a little; "in the future" means beyond this.
CLOCK_SKEW = timedelta(minutes=1)


def require_text(field: str, value: str, *, limit: int) -> str:
    """Refuse empty or blank text, or text over ``limit`` bytes (``base.limits``); keep what
    was given exactly as given."""
    within(field, value, limit)  # first: a gigabyte is refused before it is copied
    if not value or not value.strip():
        raise InvalidInput(field, "must not be empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(field, "is not valid UTF-8 text") from None
    return value


def require_name(field: str, value: str) -> str:
    """Who did it (``by``), or a name to look up: at most ``limits.NAME`` bytes."""
    return within(field, value, limits.NAME)


def require_past(field: str, moment: datetime, now: datetime) -> datetime:
    """A time something happened: since 1970 and not in the future (``base.timeparse``)."""
    return require_happened(field, moment, now, slack=CLOCK_SKEW)


@contextmanager
def changing(ctx: Context, key: str) -> Iterator[tuple[Session, Incident]]:
    """Load the incident under the write lock, so checks and changes see the same state.

    This relies on the store's promise of one writer at a time (see ``store.base.Store``).
    """
    with ctx.store.write() as session:
        yield session, find_incident(session, key)


def system_entry(
    session: Session, incident: Incident, fact: Fact, *, at: datetime, by: str, **values: Any
) -> TimelineEntry:
    """Record what the console did, on the timeline and in the event log, as a fact: its
    kind and values. Words come only when it is shown (``vocabulary.facts.describe``)."""
    assert incident.id is not None
    require_name("by", by)  # every change but a note's records one (timeline checks those)
    entry = TimelineEntry(
        incident_id=incident.id,
        occurred_at=at,
        recorded_at=at,
        author=by,
        kind=EntryKind.SYSTEM.value,
        text="",
        fact=fact.value,
        fact_values=json.dumps(values, ensure_ascii=False, sort_keys=True),
    )
    session.add(entry)
    record_event(session, at=at, actor=by, kind=fact.value, incident_id=incident.id, **values)
    return entry
