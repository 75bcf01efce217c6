"""Whether an existing file is ours to open: an empty SQLite file, or a warroom store of a
schema this version knows; never another application's database, a newer store, or a file
cut short.

It is judged from the file's bytes (``header.py``): no SQLite connection, so nothing is
created or changed beside a file that is then refused. The engine asks SQLite the same
questions under the write lock (``check_identity``) before it migrates.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from warroom.base.errors import StoreError
from warroom.base.text import one_line
from warroom.store.schema import CURRENT_VERSION
from warroom.store.sqlite.damage import damaged
from warroom.store.sqlite.header import HeaderProblem, latest, read_header, wal_holds_commits

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# Identifies a SQLite file as a warroom store (PRAGMA application_id): "WRM1".
APPLICATION_ID = 0x57524D31

# One statement, one snapshot: another process may be creating the store meanwhile.
IDENTITY = (
    "SELECT (SELECT application_id FROM pragma_application_id),"
    " (SELECT user_version FROM pragma_user_version),"
    " (SELECT count(*) FROM sqlite_master)"
)


def why_not_ours(path: Path, app_id: int, version: int, empty: bool) -> str | None:
    """Why a file is not ours to open, or None."""
    if app_id == 0 and empty:
        return None  # an empty SQLite file: ours to initialise
    if app_id != APPLICATION_ID:
        return f"store {one_line(str(path))}: is an SQLite database but not a warroom store"
    if version > CURRENT_VERSION:
        return (
            f"store {one_line(str(path))}: was written by a newer warroom (schema {version}, "
            f"this one knows {CURRENT_VERSION}); upgrade warroom"
        )
    return None


def inspect_existing(path: Path, status: os.stat_result) -> int:
    """Refuse a foreign, newer, truncated or damaged file, leaving it as it was; otherwise
    its schema's version (0: an empty file, or an SQLite database holding nothing yet)."""
    size = status.st_size
    if size == 0:
        return 0  # SQLite makes a new database of an empty file
    shown = one_line(str(path))
    try:
        header = read_header(path, size)
    except HeaderProblem as problem:
        if problem.sqlite:
            raise StoreError(damaged(path, str(problem))) from None
        raise StoreError(
            f"store {shown}: is not a warroom store (not an SQLite database)"
        ) from None
    except OSError as err:
        raise StoreError(f"store {shown}: cannot be read ({err.strerror})") from None
    if wal_holds_commits(path):
        header = latest(path, header)
    if header.page_count and size < header.page_count * header.page_size:
        reason = (
            f"truncated: {size} bytes, its header says {header.page_count} pages "
            f"of {header.page_size} bytes"
        )
        refusal: str | None = damaged(path, reason)
    else:
        refusal = why_not_ours(
            path, header.application_id, header.user_version, header.empty_schema
        )
    if refusal:
        raise StoreError(refusal)
    return header.user_version


def check_identity(path: Path, conn: Connection) -> None:
    """The same judgement under the write lock, on what SQLite sees."""
    app_id, version, tables = conn.exec_driver_sql(IDENTITY).one()
    refusal = why_not_ours(path, int(app_id), int(version), not tables)
    if refusal:
        raise StoreError(refusal)
