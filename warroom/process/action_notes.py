"""An ``a:`` note on the timeline becomes a tracked item: the note says what someone will
do; the item gives it an owner and a due date and outlives the incident.

Which notes became items is read from the items' own timeline entries (their fact carries
the note's id), so a note is turned into an item once, whichever console asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from warroom.base.errors import NotFound, Refused
from warroom.process.actions import checked_item, insert_item
from warroom.process.context import Context
from warroom.process.queries import fact_values, find_incident
from warroom.process.records import changing
from warroom.store.models import ActionItem, TimelineEntry
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.kinds import EntryKind


@dataclass(frozen=True)
class ActionNotes:
    """An incident's action notes: those not yet items (newest first), and the item each
    of the others became (note id → item id)."""

    untracked: list[TimelineEntry]
    tracked: dict[int, int]


def action_notes(ctx: Context, key: str) -> ActionNotes:
    with ctx.store.read() as session:
        incident = find_incident(session, key)
        assert incident.id is not None
        tracked = _tracked(session, incident.id)
        statement = (
            select(TimelineEntry)
            .where(TimelineEntry.incident_id == incident.id)
            .where(TimelineEntry.kind == EntryKind.ACTION.value)
            .order_by(col(TimelineEntry.id).desc())
        )
        notes = [e for e in session.exec(statement).all() if e.id not in tracked]
    return ActionNotes(notes, tracked)


def item_from_note(
    ctx: Context,
    key: str,
    note_id: int,
    text: str,
    *,
    by: str,
    owner: str = "",
    kind: str = "cleanup",
    due_at: datetime | None = None,
    priority: str = "normal",
    link: str = "",
) -> ActionItem:
    """Item from action note ``note_id`` of incident ``key``, with ``text`` as given (the
    note's words, perhaps shortened). Refused when the note is already an item."""
    wanted = checked_item(ctx, text, owner, kind, due_at, priority, link)
    with changing(ctx, key) as (session, incident):
        assert incident.id is not None
        note = session.get(TimelineEntry, note_id)
        if note is None or note.incident_id != incident.id or note.kind != EntryKind.ACTION:
            raise NotFound(f"no action note {note_id} on {incident.key}")
        # Checked under the write lock: two consoles pressing at once make one item.
        if (item_id := _tracked(session, incident.id).get(note_id)) is not None:
            raise Refused(f"that note is already action item {item_id} on {incident.key}")
        return insert_item(session, incident, wanted, at=ctx.clock.now(), by=by, note=note_id)


def _tracked(session: Session, incident_id: int) -> dict[int, int]:
    """Note id → the item it became, from the items' timeline entries."""
    statement = (
        select(TimelineEntry)
        .where(TimelineEntry.incident_id == incident_id)
        .where(TimelineEntry.fact == Fact.ACTION_ADDED.value)
    )
    tracked: dict[int, int] = {}
    for entry in session.exec(statement).all():
        values = fact_values(entry)
        note, item = values.get("note"), values.get("item")
        if isinstance(note, int) and isinstance(item, int):
            tracked[note] = item
    return tracked
