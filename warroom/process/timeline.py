"""The incident timeline: people's notes (back-datable, editable with history) and
the console's own system entries. Nothing here is ever deleted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import col, select

from warroom.base.errors import InvalidInput, NotFound, Refused
from warroom.process.context import Context
from warroom.process.note_input import Note, checked_note, entry_row, note_event, require_note
from warroom.process.queries import find_incident, latest_entries
from warroom.process.records import changing
from warroom.store.base import record_event
from warroom.store.models import TimelineEdit, TimelineEntry
from warroom.vocabulary.kinds import EntryKind


def add_note(
    ctx: Context,
    key: str,
    text: str,
    *,
    by: str,
    kind: str | EntryKind = EntryKind.NOTE,
    occurred_at: datetime | None = None,
    undo: str = "",
) -> TimelineEntry:
    """Add a note; ``occurred_at`` back-dates it (recorded_at stays now)."""
    note = checked_note(
        text, by=by, now=ctx.clock.now(), kind=kind, occurred_at=occurred_at, undo=undo
    )
    return store_note(ctx, key, note)


def store_note(ctx: Context, key: str, note: Note) -> TimelineEntry:
    """Store a checked note (``note_input``) on incident ``key``, with its event."""
    with changing(ctx, key) as (session, incident):
        assert incident.id is not None
        entry = TimelineEntry(**entry_row(note, incident.id))
        session.add(entry)
        session.flush()
        assert entry.id is not None
        record_event(session, **note_event(note, incident.id, entry.id))
    return entry


def edit_note(
    ctx: Context, entry_id: int, text: str, *, by: str, undo: str | None = None
) -> TimelineEntry:
    """Change a note's text; the earlier text is kept in its history."""
    require_note(text, undo or "", by)
    now = ctx.clock.now()
    with ctx.store.write() as session:
        entry = session.get(TimelineEntry, entry_id)
        if entry is None:
            raise NotFound(f"no timeline entry {entry_id}")
        if entry.kind == EntryKind.SYSTEM.value:
            raise Refused("system entries record what happened and cannot be edited")
        if undo and entry.kind != EntryKind.CHANGE.value:
            raise InvalidInput("undo", "only a change carries how to undo it")
        session.add(
            TimelineEdit(
                entry_id=entry_id,
                previous_text=entry.text,
                previous_undo=entry.undo,
                edited_at=now,
                edited_by=by,
            )
        )
        entry.text = text
        if undo is not None:
            entry.undo = undo
        entry.edited = True
        session.add(entry)
        record_event(
            session,
            at=now,
            actor=by,
            kind="note_edited",
            incident_id=entry.incident_id,
            entry_id=entry_id,
        )
    return entry


def entries(
    ctx: Context,
    key: str,
    *,
    kinds: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[TimelineEntry]:
    """Entries in the order things happened (back-dated ones fall into place).

    With ``limit``, the latest ``limit`` entries, still oldest first.
    """
    with ctx.store.read() as session:
        incident = find_incident(session, key)
        assert incident.id is not None
        return latest_entries(session, incident.id, kinds=kinds, limit=limit)


def history(ctx: Context, entry_id: int) -> list[TimelineEdit]:
    """Earlier versions of an entry, oldest first."""
    return histories(ctx, [entry_id]).get(entry_id, [])


def histories(ctx: Context, entry_ids: Iterable[int]) -> dict[int, list[TimelineEdit]]:
    """Earlier versions of each of these entries, oldest first; unedited ones are absent."""
    wanted = list(entry_ids)
    with ctx.store.read() as session:
        statement = (
            select(TimelineEdit)
            .where(col(TimelineEdit.entry_id).in_(wanted))
            .order_by(col(TimelineEdit.id))
        )
        found: dict[int, list[TimelineEdit]] = {}
        for edit in session.exec(statement).all():
            found.setdefault(edit.entry_id, []).append(edit)
        return found
