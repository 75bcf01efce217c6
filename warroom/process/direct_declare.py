"""A checked declaration (``declare_input``) stored on a store reached with the sqlite3
module alone (``store/sqlite/direct.py``): the next number under the write lock, and the
same incident, products, timeline fact and event as ``incidents.declare`` writes through
the ORM."""

from __future__ import annotations

from warroom.process.declare_input import (
    CheckedDeclaration,
    declared_fact,
    incident_row,
    next_number,
    product_rows,
)
from warroom.process.fact_rows import fact_event, fact_row
from warroom.store import tables
from warroom.store.events import event_row
from warroom.store.sqlite.direct import DirectSqlite


def declare_directly(store: DirectSqlite, declared: CheckedDeclaration) -> str:
    """Store the declaration as the next incident of its prefix; its key."""
    with store.write() as conn:
        # Under the store's one write lock: two declarations never read the same maximum.
        highest = conn.execute(
            f"SELECT max(number) FROM {tables.INCIDENT} WHERE prefix = ?", (declared.prefix,)
        ).fetchone()[0]
        row = incident_row(declared, next_number(highest))
        incident_id = store.insert(tables.INCIDENT, row)
        for product in product_rows(declared, incident_id):
            store.insert(tables.INCIDENT_PRODUCT, product)
        fact, values = declared_fact(declared)
        at, by = declared.at, declared.by
        store.insert(
            tables.TIMELINE_ENTRY, fact_row(incident_id, fact, at=at, by=by, values=values)
        )
        store.insert(
            tables.EVENT, event_row(**fact_event(incident_id, fact, at=at, by=by, values=values))
        )
    return str(row["key"])
