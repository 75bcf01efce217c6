"""The PostgreSQL store: the same promises as the SQLite one, kept by the server.

- **One writer at a time.** A write transaction's first statement takes a transaction-level
  advisory lock, held to its commit; so key numbering, checks-then-changes and the change
  feed's order hold exactly as on SQLite. A writer waits for the lock as long as SQLite's
  busy timeout (``lock_timeout``), then is refused with one line.
- **A write that returned is durable**: every connection sets ``synchronous_commit = on``,
  whatever the server's default.
- **Kept rows are kept by the database**: the schema's guards (``store/schema/guards.py``).
- **The change feed announces itself**: each write transaction sends ``NOTIFY`` before it
  commits, so the announcement is delivered with the commit and never without it
  (``feed.py`` listens).
- **Credentials** come from the URL, the environment (``PGPASSWORD``, ``PGSERVICE``…) or
  libpq's files (``~/.pgpass``, service files); messages never show a password.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, create_engine, text
from sqlalchemy import event as sa_event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError

from warroom.base.errors import StoreError
from warroom.store.base import Store
from warroom.store.postgres.feed import PgListener
from warroom.store.postgres.identity import open_schema, stored_version
from warroom.store.postgres.refusals import connect_refusal, lost_refusal, shown_url

BUSY_TIMEOUT_SECONDS = 60
CONNECT_TIMEOUT_SECONDS = 10
CHANNEL = "warroom_changes"
_WRITE_OPTION = "warroom_write"
_IDENTITY = text(
    "SELECT pg_postmaster_start_time(), (SELECT oid FROM pg_database"
    " WHERE datname = current_database()), current_schema()"
)
# pg_advisory_xact_lock's key: "WRM1", as the SQLite header's application id.
_WRITE_LOCK = 0x57524D31


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = on")
        cursor.execute(f"SET lock_timeout = '{BUSY_TIMEOUT_SECONDS}s'")
    dbapi_connection.commit()


def _on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_WRITE_OPTION, False):
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})


class PostgresStore(Store):
    """A warroom store in a PostgreSQL database (the first schema on its search path)."""

    def __init__(self, engine: Engine, url: URL, schema: str) -> None:
        super().__init__(engine, engine.execution_options(**{_WRITE_OPTION: True}), "")
        self.url = url
        self.name = shown_url(url)
        self.schema = schema  # the feed's announcements name it: one database, many stores

    @classmethod
    def open(cls, url: URL, *, upgrade: bool = True) -> PostgresStore:
        """The store in the database at ``url``, created or upgraded as needed; with
        ``upgrade`` false, only a store already at this warroom's version."""
        args: dict[str, Any] = {}
        if "connect_timeout" not in url.query:
            args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
        engine = create_engine(url, connect_args=args, pool_pre_ping=True)
        sa_event.listen(engine, "connect", _on_connect)
        sa_event.listen(engine, "begin", _on_begin)
        try:
            with engine.execution_options(**{_WRITE_OPTION: True}).begin() as conn:
                open_schema(conn, shown_url(url), upgrade_it=upgrade)
                schema = str(conn.execute(text("SELECT current_schema()")).scalar())
        except DBAPIError as err:
            engine.dispose()
            raise StoreError(connect_refusal(err.orig, url)) from None
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, url, schema)

    def listen(self) -> PgListener:
        """A listener for this store's announcements, on a connection of its own."""
        _, params = self.engine.dialect.create_connect_args(self.engine.url)
        params.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
        return PgListener(dict(params), CHANNEL, self.schema)

    def same_store(self, other: Store) -> bool:
        """The same schema of the same database on the same server, whatever host name or
        user reached it: a server is told by when it started, a database by its oid."""
        return isinstance(other, PostgresStore) and self._identity() == other._identity()

    def _identity(self) -> tuple[object, ...]:
        with self.read() as session:
            row = session.connection().execute(_IDENTITY).one()
        return tuple(row)

    def schema_version(self) -> int:
        with self.read() as session:
            return stored_version(session.connection()) or 0

    def _snapshot_options(self) -> dict[str, Any]:
        # Read committed, the default, takes a new snapshot for every statement.
        return {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}

    def _after_load(self, conn: Connection, tables: Sequence[Table]) -> None:
        """Rows were inserted with their ids, which does not move an id's sequence: set
        each past the largest id, or the next row would be given one already taken. (An
        empty table's ``max`` is NULL, and ``setval`` of NULL leaves its sequence alone.)"""
        quote = conn.dialect.identifier_preparer
        for table in tables:
            column = table.c.get("id")
            if column is None or not column.primary_key:
                continue
            name = quote.format_table(table)
            conn.execute(
                text(f"SELECT setval(pg_get_serial_sequence(:table, 'id'), max(id)) FROM {name}"),
                {"table": name},
            )

    def _announce(self, conn: Connection) -> None:
        conn.execute(
            text("SELECT pg_notify(:channel, :schema)"), {"channel": CHANNEL, "schema": self.schema}
        )

    def _refusal(self, err: DBAPIError, doing: str) -> StoreError | None:
        if isinstance(err, DataError) and "NUL" in str(err.orig):
            # The services refuse a NUL first (base.limits.within); this is the last guard.
            return StoreError(
                f"store {self.name}: {doing} failed: a text holds a NUL character (\\x00), "
                "which PostgreSQL cannot keep"
            )
        if not isinstance(err, OperationalError | InterfaceError):
            return None  # a bug: raised as it is
        lost = lost_refusal(err.orig, self.url, doing)
        return None if lost is None else StoreError(lost)
