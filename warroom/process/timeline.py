"""The incident timeline: people's notes (back-datable, editable with history) and
the console's own system entries. Nothing here is ever deleted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import col, select

from warroom.base import limits
from warroom.base.errors import InvalidInput, NotFound, Refused
from warroom.base.limits import quoted, within
from warroom.process.context import Context
from warroom.process.queries import find_incident, latest_entries
from warroom.process.records import changing, require_name, require_past, require_text
from warroom.store.base import record_event
from warroom.store.models import TimelineEdit, TimelineEntry
from warroom.vocabulary.kinds import PEOPLE_KINDS, EntryKind


def parse_kind(value: str) -> EntryKind:
    """A kind people may write; ``system`` is the console's own."""
    wanted = value.strip().lower()
    for kind in PEOPLE_KINDS:
        if kind.value == wanted:
            return kind
    allowed = ", ".join(k.value for k in PEOPLE_KINDS)
    raise InvalidInput("kind", f"{quoted(value)} is not a note kind; use one of {allowed}")


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
    entry_kind = kind if isinstance(kind, EntryKind) else parse_kind(kind)
    if entry_kind is EntryKind.SYSTEM:
        raise InvalidInput("kind", "system entries are written by the console only")
    _require_note(text, undo, by)
    if undo and entry_kind is not EntryKind.CHANGE:
        raise InvalidInput("undo", "only a change carries how to undo it")
    now = ctx.clock.now()
    moment = require_past("at", occurred_at, now) if occurred_at else now
    with changing(ctx, key) as (session, incident):
        assert incident.id is not None
        entry = TimelineEntry(
            incident_id=incident.id,
            occurred_at=moment,
            recorded_at=now,
            author=by,
            kind=entry_kind.value,
            text=text,
            undo=undo,
        )
        session.add(entry)
        session.flush()
        record_event(
            session, at=now, actor=by, kind="note", incident_id=incident.id, entry_id=entry.id
        )
    return entry


def edit_note(
    ctx: Context, entry_id: int, text: str, *, by: str, undo: str | None = None
) -> TimelineEntry:
    """Change a note's text; the earlier text is kept in its history."""
    _require_note(text, undo or "", by)
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


def _require_note(text: str, undo: str, by: str) -> None:
    """A note's text, its undo and its author, each within its limit (``base.limits``)."""
    within("note", text, limits.NOTE)
    require_text("text", text, limit=limits.NOTE)
    within("undo", undo, limits.UNDO)
    require_name("by", by)


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
