"""For the tests of the command line's two paths (``cli/direct.py`` and ``cli/full.py``):
two copies of one store, every row of a store, a path's answer or refusal, and what a
command loads when run as a hook runs it."""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.children import child_env
from warroom.base.clock import ManualClock
from warroom.base.errors import WarroomError
from warroom.cli import full
from warroom.cli.direct import answer_directly
from warroom.process import incidents
from warroom.process.context import Context

# What the direct path must not load: the ORM, the settings and catalog models, migrations,
# the server driver and the console.
HEAVY = ("alembic", "psycopg", "pydantic", "sqlalchemy", "sqlmodel", "textual")


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


def refused_alike(by_orm: Path, direct: Path, args: Callable[[Path], argparse.Namespace]) -> str:
    """Both paths refuse ``args`` on their copy in the same words and write nothing; the
    refusal."""
    before = table_rows(direct)
    answered, refusal = answer(full.run, args(by_orm))
    assert answered is None and refusal, "the full path took it"
    assert answer(answer_directly, args(direct)) == (None, refusal)
    assert table_rows(direct) == before == table_rows(by_orm)
    return refusal


def run_as_a_hook(argv: list[str]) -> tuple[str, list[str]]:
    """``warroom ARGV`` in a child process: what it printed, and which of ``HEAVY`` it
    loaded (it must exit 0)."""
    probe = (
        "import sys\n"
        "from warroom.cli.main import main\n"
        f"code = main({argv!r})\n"
        f"print(code, *sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}),"
        " file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=child_env(), capture_output=True, text=True, check=False
    )
    code, *loaded = done.stderr.split()
    assert code == "0", done.stderr
    return done.stdout, loaded
