"""Copying a whole store into a new one, between any two engines (SQLite, PostgreSQL).

Every table of the schema (``SQLModel.metadata``), parents before children, and every row
with its ids as they are: the event ids are the change feed's sequence, and timeline entries,
pages and messages are referred to by id. Nothing is added: the copy holds exactly the rows
of its source, so ``Store.load`` writes it without an event of its own.

- **One moment of the source.** Every table is read through one snapshot
  (``Store.snapshot``), so a copy taken while consoles write is the store as it stood at
  one moment, never half of a transaction.
- **All or nothing in the destination.** It is written in one transaction holding its write
  lock (``Store.load``): a copy that fails (a row the destination's engine cannot take, a
  connection lost) leaves it as it was, and says so in one line.
- **Any size.** Rows travel in batches (``BATCH``), read through a server-side cursor where
  the engine has one and inserted many at a time, so only one batch is in memory.
- **Values as they were.** Rows are Core rows read and written through the same ``Table``
  objects, so each column's type turns what one engine returns into what the other stores
  (a time comes back aware from one and is stored as naive UTC in the other:
  ``models.UTCDateTime``).
- **Only into a new store.** The destination must hold no row; it is checked under its
  write lock, in the transaction that fills it. Nothing is merged, nothing overwritten.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Table, func, insert, literal, select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlmodel import SQLModel, col

from warroom.base.errors import StoreError
from warroom.base.text import one_line
from warroom.store.base import Store
from warroom.store.models import Incident

BATCH = 1000  # rows read and inserted at a time


@dataclass(frozen=True)
class Copied:
    """How many rows each table had, by table name, in the order the tables were copied."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def shown(store: Store) -> str:
    """A store as a message shows it: its file, or its database without a password."""
    return one_line(str(store.path)) if store.path is not None else store.name


def tables() -> list[Table]:
    """Every table of the schema, each after the tables it refers to."""
    return list(SQLModel.metadata.sorted_tables)


def copy_store(source: Store, destination: Store, *, batch: int = BATCH) -> Copied:
    """Copy every row of ``source`` into ``destination``, a new store of the same schema
    version; refused, with nothing written, unless all of it can be."""
    if source.same_store(destination):
        raise StoreError(
            f"store {shown(destination)}: is the store being copied; copy into a new one"
        )
    have, want = source.schema_version(), destination.schema_version()
    if have != want:
        raise StoreError(
            f"store {shown(source)}: has schema {have} and {shown(destination)} schema "
            f"{want}; open both with this warroom first, which upgrades them"
        )
    every = tables()
    rows: dict[str, int] = {}
    with source.snapshot() as reading, destination.load(every) as writing:
        _refuse_filled(writing, destination, every)
        for table in every:
            rows[table.name] = _copy_table(table, reading, writing, batch, source, destination)
    return Copied(rows)


def _copy_table(
    table: Table,
    reading: Connection,
    writing: Connection,
    batch: int,
    source: Store,
    destination: Store,
) -> int:
    columns = list(table.columns)
    keys = [column.key for column in columns]
    statement = select(*columns).order_by(*table.primary_key.columns)
    copied = 0
    for part in _batches(statement, reading, batch, source):
        try:
            writing.execute(insert(table), [dict(zip(keys, row, strict=True)) for row in part])
        except (DataError, IntegrityError) as err:
            # A value one engine keeps and the other cannot (SQLite's text may hold a NUL
            # character, PostgreSQL's cannot): the whole copy is refused.
            raise StoreError(
                f"store {shown(destination)}: cannot take a row of {table.name} from "
                f"{shown(source)} ({one_line(str(err.orig))}); nothing was written"
            ) from err
        copied += len(part)
    return copied


def _batches(
    statement: Select[Any], reading: Connection, batch: int, source: Store
) -> Iterator[Sequence[Row[Any]]]:
    """The rows ``statement`` reads, ``batch`` at a time; a failure to read them is the
    source's refusal (not the destination's, whose transaction it also ends)."""
    try:
        found = reading.execute(statement, execution_options={"yield_per": batch})
        yield from found.partitions()
    except DBAPIError as err:
        raise source.refused(err, "read") from err


def _refuse_filled(conn: Connection, store: Store, every: list[Table]) -> None:
    """A destination that holds anything is another store: never merged into."""
    count = int(conn.execute(select(func.count(col(Incident.id)))).scalar_one())
    if count:
        noun = "incident" if count == 1 else "incidents"
        raise StoreError(
            f"store {shown(store)}: already holds a store with {count} {noun}; "
            "copy only into a new one"
        )
    filled = [
        table.name
        for table in every
        if conn.execute(select(literal(1)).select_from(table).limit(1)).first() is not None
    ]
    if filled:
        raise StoreError(
            f"store {shown(store)}: already holds a store (rows in {', '.join(filled)}); "
            "copy only into a new one"
        )
