"""The store as the services see it: sessions to read, one write transaction at a time,
and the event sequence that is both the audit log and the change feed.

An engine (SQLite, PostgreSQL) subclasses ``Store`` and supplies how a write transaction
takes the store's single write lock, how the schema version is read, what the engine's
errors say to a person (``_refusal``: a damaged file, a full disk, a lost connection), what
it checks before its first write (``_before_write``), and how it announces a change to
other consoles (``_announce``).

Two more ways in, for copying a whole store (``store/copy.py``): ``snapshot()`` reads every
table as it stood at one moment, and ``load()`` fills a new store in one transaction under
the write lock, recording no event of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from warroom.base.errors import Refused, StoreError
from warroom.base.text import one_line
from warroom.store.events import event_row
from warroom.store.failures import operation_failed
from warroom.store.feed import ChangeListener
from warroom.store.models import Event


class Store:
    """An open store. Thread-safe: each use takes its own session.

    The promise every engine keeps: **one writer at a time**. A write transaction holds the
    store's write lock from its first statement to its commit, so everything it reads it
    can rely on until it commits. Three things depend on that promise:

    - key numbering (``max(number) + 1`` under the lock: two declarations never share one);
    - ``process.records.changing``: checks and changes see the same incident;
    - the change feed: event ids become visible in the order they were given out, so a
      console that has seen event ``n`` has seen every event below it.
    """

    def __init__(self, engine: Engine, writer: Engine, name: str) -> None:
        self.engine = engine  # readers
        self._writer = writer  # the same database; its transactions take the write lock
        self.name = name  # what the console shows: a file name, a database name
        self.path: Path | None = None  # the file, for an engine that keeps one
        # Why nothing may be written any more (a drill that has ended), or None.
        self.closed_for_writes: str | None = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading. Database errors become refusals (``_refusal``); the
        console's poll of the change feed reads through here too."""
        with Session(self.engine, expire_on_commit=False) as session, self._refusing("read"):
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction holding the write lock; commits on success.

        Every write must record at least one Event (see ``record_event``): the
        audit log and the change feed depend on it.
        """
        if self.closed_for_writes is not None:
            raise Refused(self.closed_for_writes)
        self._before_write()
        with Session(self._writer, expire_on_commit=False) as session, self._refusing("write"):
            session.info["events"] = 0
            try:
                yield session
                if not session.info["events"]:
                    raise RuntimeError("a write transaction recorded no event")
                self._announce(session.connection())
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A connection that reads the whole store as it stood at one moment, for as long as
        it is open: every table read through it agrees with every other, however many
        writers carry on meanwhile. Nothing is written through it."""
        with self.engine.connect() as conn:
            conn.execution_options(**self._snapshot_options())
            with self._refusing("read"), conn.begin():
                yield conn

    @contextmanager
    def load(self, tables: Sequence[Table]) -> Iterator[Connection]:
        """One transaction holding the write lock, committed only if all of it succeeds: for
        filling a new store with another store's rows, ``tables`` (``store/copy.py``).

        Unlike ``write()`` it records no event. The rows it inserts are the source's, its
        events among them, ids and all; an event of the copy's own would be a row the source
        does not have, so the copy would no longer equal it, nor its change feed be the same
        sequence. The lock is the same as every writer's, and other consoles are told of the
        change as after any write (``_announce``). A database error raised here becomes a
        refusal that names this store (``refused``): whatever it was, nothing was written.
        The body reads another store too; its errors it turns into that store's refusals.
        """
        if self.closed_for_writes is not None:
            raise Refused(self.closed_for_writes)
        self._before_write()
        try:
            with self._writer.begin() as conn:
                yield conn
                self._after_load(conn, tables)
                self._announce(conn)
        except DBAPIError as err:
            raise self.refused(err, "write") from err

    @contextmanager
    def _refusing(self, doing: str) -> Iterator[None]:
        """Database errors inside become the engine's refusal (``_refusal``); those that are
        none (a bug) are raised as they are."""
        try:
            yield
        except DBAPIError as err:
            refusal = self._refusal(err, doing)
            if refusal is None:
                raise
            raise refusal from err

    def refused(self, err: DBAPIError, doing: str) -> StoreError:
        """The refusal a database error of this store amounts to, whatever it was: the
        engine's own words when it has them (``_refusal``), else the database's."""
        return self._refusal(err, doing) or StoreError(
            f"store {one_line(self.name)}: {doing} failed, the database refused it "
            f"({one_line(str(err.orig))})"
        )

    def _snapshot_options(self) -> dict[str, Any]:
        """What makes a read transaction one snapshot (``snapshot()``); nothing by default:
        a read transaction is one already (SQLite, from its first read)."""
        return {}

    def _after_load(self, conn: Connection, tables: Sequence[Table]) -> None:
        """After rows were loaded with their ids (``load()``): what the engine needs so that
        the next row of each table gets a new id; nothing by default (SQLite numbers from
        the largest id there)."""

    def _before_write(self) -> None:
        """Refuse a write before it starts (an engine checks its file here); nothing by
        default."""

    def _announce(self, conn: Connection) -> None:
        """Tell other consoles, inside the transaction, that it changed the store (an
        engine with a change feed sends it here); nothing by default: they poll."""

    def _refusal(self, err: DBAPIError, doing: str) -> StoreError | None:
        """The refusal a database error amounts to, or None when it is a bug to raise as
        is. An engine adds its own (SQLite: a damaged file)."""
        if isinstance(err, OperationalError):  # locked past the timeout, disk full, I/O
            return operation_failed(self.name, doing, str(err.orig))
        return None

    def same_store(self, other: Store) -> bool:
        """Whether ``other`` is this very store opened again, perhaps by another name (an
        engine knows how to tell: the same file, the same database)."""
        return other is self

    def latest_event_id(self) -> int:
        """The change feed's position: another console polls this to know it must refresh."""
        with self.read() as session:
            return int(session.exec(select(func.max(Event.id))).one()[0] or 0)  # type: ignore[call-overload]

    def listen(self) -> ChangeListener | None:
        """A listener woken by other consoles' writes, where the engine announces them;
        None where consoles poll ``latest_event_id`` instead (``feed.py``)."""
        return None

    def schema_version(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        self.engine.dispose()


def record_event(
    session: Session,
    *,
    at: datetime,
    actor: str,
    kind: str,
    incident_id: int | None = None,
    **detail: Any,
) -> Event:
    """Append to the event sequence inside the caller's write transaction."""
    event = Event(**event_row(at=at, actor=actor, kind=kind, incident_id=incident_id, **detail))
    session.add(event)
    session.info["events"] = session.info.get("events", 0) + 1
    return event
