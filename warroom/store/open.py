"""Opening a store by its location: a file path or a database URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from warroom.base.errors import StoreError
from warroom.base.locations import default_db_path
from warroom.base.text import one_line
from warroom.store.base import Store
from warroom.store.sqlite.engine import SqliteStore
from warroom.store.sqlite.files import shown_target


def open_store(target: str | Path) -> Store:
    """A path or ``sqlite:///PATH`` opens the embedded store; other engines are refused."""
    text = str(target)
    if "://" in text:
        try:
            url = make_url(text)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            shown = shown_target(text)
            raise StoreError(f"store {shown}: is not a file path or a database URL") from None
        if url.get_backend_name() != "sqlite":
            shown = one_line(url.render_as_string(hide_password=True))
            raise StoreError(
                f"store {shown}: only SQLite stores are supported for now "
                "(a path or sqlite:///PATH)"
            )
    if text == str(default_db_path()):
        default_db_path().parent.mkdir(parents=True, exist_ok=True)  # made on first use
    return SqliteStore.open(target)
