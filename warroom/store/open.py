"""Opening a store by its location: a file path or a database URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from warroom.base.errors import StoreError
from warroom.base.locations import default_db_path
from warroom.base.text import one_line
from warroom.store.base import Store
from warroom.store.sqlite.engine import SqliteStore
from warroom.store.sqlite.files import shown_target


def on_a_server(target: str | Path) -> bool:
    """Whether ``target`` names a store on a database server (a URL other than SQLite's)."""
    text = str(target)
    return "://" in text and not text.startswith("sqlite")


def open_store(target: str | Path, *, upgrade: bool = True) -> Store:
    """A path or ``sqlite:///PATH`` opens the embedded store; a ``postgresql://`` URL a
    store on a database server; other engines are refused.

    A store is created where there is none and upgraded when it is older. With ``upgrade``
    false neither happens: only a store that is there, at this warroom's version, opens (the
    source of a copy, which must not change what it copies)."""
    text = str(target)
    if "://" in text:
        try:
            url = make_url(text)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            shown = shown_target(text)
            raise StoreError(f"store {shown}: is not a file path or a database URL") from None
        backend = url.get_backend_name()
        if backend == "postgresql":
            return _open_postgres(url, upgrade)
        if backend != "sqlite":
            shown = one_line(url.render_as_string(hide_password=True))
            raise StoreError(
                f"store {shown}: warroom keeps its stores in SQLite (a path or "
                "sqlite:///PATH) or PostgreSQL (postgresql+psycopg://USER@HOST/DATABASE)"
            )
    if upgrade and text == str(default_db_path()):
        default_db_path().parent.mkdir(parents=True, exist_ok=True)  # made on first use
    return SqliteStore.open(target, upgrade=upgrade)


def _open_postgres(url: URL, upgrade: bool) -> Store:
    """psycopg 3 is the driver, whatever the URL names: ``postgresql://`` means it too."""
    if url.drivername != "postgresql+psycopg":
        if url.drivername != "postgresql":
            shown = one_line(url.render_as_string(hide_password=True))
            raise StoreError(
                f"store {shown}: PostgreSQL stores use the psycopg driver "
                "(postgresql+psycopg://USER@HOST/DATABASE)"
            )
        url = url.set(drivername="postgresql+psycopg")
    from warroom.store.postgres.engine import PostgresStore  # its driver loads only here

    return PostgresStore.open(url, upgrade=upgrade)
