"""A damaged store file: recognising SQLite's corruption errors, checking a whole file, and
the one line that tells a person what happened and how to get their notes back."""

from __future__ import annotations

import shlex
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warroom.base.text import one_line

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

QUICK_CHECK = "PRAGMA quick_check"

# SQLite's primary result codes for a file that is not what its pages claim.
_SQLITE_CORRUPT = 11  # "database disk image is malformed"
_SQLITE_NOTADB = 26  # "file is not a database"
_REASON_LIMIT = 200  # characters of SQLite's own description kept in the line


def is_damage(err: BaseException | None) -> bool:
    """Whether an error from the sqlite3 module says the file is damaged (any extended code
    of SQLITE_CORRUPT or SQLITE_NOTADB)."""
    if not isinstance(err, sqlite3.DatabaseError):
        return False
    code = getattr(err, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return "malformed" in str(err) or "not a database" in str(err)


def damaged(path: Path, reason: str) -> str:
    """The refusal: which file, what SQLite found, that nothing was written, and how to
    recover. The commands are quoted for a shell; the line is escaped for a terminal."""
    recovered = path.with_name(f"{path.stem}-recovered{path.suffix or '.db'}")
    reason = " ".join(reason.split())[:_REASON_LIMIT]
    return one_line(
        f"store {path}: is damaged and cannot be used ({reason}); nothing was written. "
        "Restore the last backup, or recover what is left with: "
        f"sqlite3 {shlex.quote(str(path))} .recover | sqlite3 {shlex.quote(str(recovered))}"
    )


def first_problem(conn: Connection) -> str | None:
    """What ``PRAGMA quick_check`` finds first, or None when every page is sound.

    It reads every page and checks each b-tree's structure, but not that indexes match
    their tables (``integrity_check`` does, at twice the cost). A damaged page may also
    make it fail outright: that error reaches the caller.
    """
    return quick_check_problem(conn.exec_driver_sql(QUICK_CHECK))


def quick_check_problem(result: Iterable[Sequence[Any]]) -> str | None:
    """What the rows of ``PRAGMA quick_check`` say first, or None when they say "ok"."""
    rows = [str(row[0]) for row in result]
    if rows == ["ok"]:
        return None
    lines = [line for row in rows for line in row.splitlines() if not line.startswith("***")]
    return lines[0] if lines else "quick_check failed"
