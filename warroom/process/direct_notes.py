"""A checked note (``note_input``) stored on a store reached with the sqlite3 module alone
(``store/sqlite/direct.py``): the same incident lookup, the same row and the same event as
``timeline.store_note`` writes through the ORM, under the same write lock."""

from __future__ import annotations

from warroom.process.checks import no_such_incident, normalise_key
from warroom.process.note_input import Note, entry_row, note_event
from warroom.store import tables
from warroom.store.events import event_row
from warroom.store.sqlite.direct import DirectSqlite


def store_note_directly(store: DirectSqlite, key: str, note: Note) -> int:
    """Store ``note`` on incident ``key``; the new entry's id."""
    with store.write() as conn:
        found = conn.execute(
            f"SELECT id FROM {tables.INCIDENT} WHERE key = ?", (normalise_key(key),)
        ).fetchone()
        if found is None:
            raise no_such_incident(key)
        incident_id = int(found[0])
        entry_id = store.insert(tables.TIMELINE_ENTRY, entry_row(note, incident_id))
        store.insert(tables.EVENT, event_row(**note_event(note, incident_id, entry_id)))
    return entry_id
