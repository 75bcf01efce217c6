"""For the tests of the command line's two paths (``cli/direct.py`` and ``cli/full.py``):
two copies of one store, every row of a store, and a path's answer or refusal."""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from warroom.base.clock import ManualClock
from warroom.base.errors import WarroomError
from warroom.process import incidents
from warroom.process.context import Context


def table_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in order, and the schema's version."""
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}
        found["user_version"] = conn.execute("PRAGMA user_version").fetchall()
    return found


def two_copies(folder: Path, clock: ManualClock) -> tuple[Path, Path]:
    """A store holding HOT-1 and HOT-2, and a copy of it: one for each path. Both files have
    the same name (in two folders), so that refusals naming them differ only there."""
    first = folder / "orm" / "store.db"
    first.parent.mkdir()
    ctx = Context.open(first, clock=clock)
    for summary in ("Checkout down", "Search slow"):
        incidents.declare(ctx, incidents.Declaration(summary=summary, severity=2), by="im")
    ctx.close()
    second = folder / "direct" / "store.db"
    second.parent.mkdir()
    with sqlite3.connect(first) as source, sqlite3.connect(second) as copy:
        source.backup(copy)
    return first, second


def answer(run: Callable[[argparse.Namespace], Any], args: argparse.Namespace) -> tuple[Any, str]:
    """What ``run`` returned, or the refusal it raised, as a person would be told it."""
    try:
        return run(args), ""
    except WarroomError as err:
        return None, f"{type(err).__name__}: {err}"
