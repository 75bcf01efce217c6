"""Shared plumbing for the services: finding an incident and changing it in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlmodel import Session

from warroom.process.checks import require_name
from warroom.process.context import Context
from warroom.process.fact_rows import fact_event, fact_row
from warroom.process.queries import find_incident
from warroom.store.base import record_event
from warroom.store.models import Incident, TimelineEntry
from warroom.vocabulary.facts import Fact


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
    entry = TimelineEntry(**fact_row(incident.id, fact, at=at, by=by, values=values))
    session.add(entry)
    record_event(session, **fact_event(incident.id, fact, at=at, by=by, values=values))
    return entry
