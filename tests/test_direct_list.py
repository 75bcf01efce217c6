"""``warroom list --json``'s two paths: the direct one runs the ORM's own statement, frozen in
``process/list_sql.py``, with the sqlite3 module alone. The frozen text must be what the ORM
would run now, and both paths must print the very same bytes on a store of every kind of
incident."""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.children import child_env
from tests.direct_support import run_as_a_hook
from tests.report_world import build_report_world
from warroom.base.clock import ManualClock
from warroom.cli import full
from warroom.cli.direct import answer_directly
from warroom.cli.parser import build_parser
from warroom.process import actions, incidents, list_sql, roles
from warroom.process.context import Context
from warroom.process.read import frozen_list

pytestmark = pytest.mark.sqlite_only

HOSTILE = "[bold red]x[/] \x1b]0;pwn\x07 \u202e evil 漢字 🔥"


def test_the_frozen_statements_are_the_orms_own() -> None:
    """A change to the list's statement must be frozen again: scripts/freeze_direct.py."""
    assert frozen_list(include_resolved=False) == list_sql.OPEN
    assert frozen_list(include_resolved=True) == list_sql.ALL


@pytest.fixture
def world(tmp_path: Path, clock: ManualClock) -> Path:
    """Resolved, reopened and training incidents with items overdue and not (the reports'
    world), and open ones: handed over, with an overdue item, and a hostile summary."""
    path = tmp_path / "world.db"
    ctx = Context.open(path, clock=clock)
    build_report_world(ctx, clock)
    handed = incidents.declare(ctx, incidents.Declaration(HOSTILE, 1), by="monitor").key
    roles.take(ctx, handed, by="alice")
    clock.advance(timedelta(minutes=5))
    roles.handover(ctx, handed, "incident manager", "alice", "bob", by="alice")
    actions.add_action(
        ctx, handed, "Page the DBA", by="bob", due_at=clock.now() + timedelta(minutes=10)
    )
    actions.add_action(ctx, handed, "Undated", by="bob")
    quiet = incidents.declare(ctx, incidents.Declaration("Nobody took it", 3), by="monitor")
    assert quiet.key != handed
    clock.advance(timedelta(hours=1))  # the DBA's item is overdue now
    ctx.close()
    return path


@pytest.fixture(autouse=True)
def _frozen(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


def _args(db: Path, *extra: str) -> argparse.Namespace:
    return build_parser().parse_args(["--db", str(db), "list", "--json", *extra])


@pytest.mark.parametrize("extra", [(), ("--all",)], ids=["open", "all"])
def test_both_paths_print_the_same_list(
    world: Path, extra: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert full.run(_args(world, *extra)) == 0
    by_orm = capsys.readouterr().out
    assert answer_directly(_args(world, *extra)) == 0, "the direct path was not taken"
    assert capsys.readouterr().out == by_orm
    for shown in ("Nobody took it", '"incident_manager": "bob"', '"overdue_items": 1'):
        assert shown in by_orm
    assert ("Past incident 1" in by_orm) == bool(extra)
    assert "\\u001b]0;pwn" in by_orm and "\x1b" not in by_orm  # escaped on both paths


def test_an_empty_store_lists_nothing_on_both_paths(
    tmp_path: Path, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.db"
    Context.open(path, clock=clock).close()
    capsys.readouterr()
    assert answer_directly(_args(path)) == 0
    assert capsys.readouterr().out == "[]\n"
    assert full.run(_args(path)) == 0
    assert capsys.readouterr().out == "[]\n"


def test_only_list_json_takes_the_direct_path(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text list, and every other command, are the full path's."""
    for argv in (["list"], ["list", "--all"], ["show", "HOT-1"], ["actions"]):
        assert answer_directly(build_parser().parse_args(["--db", str(world), *argv])) is None
    assert capsys.readouterr().out == ""


def test_a_damaged_page_met_by_the_list_is_refused_on_both_paths(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(world) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'incident'").fetchone()
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    with world.open("r+b") as file:
        file.seek((root[0] - 1) * page_size)
        file.write(b"\xff" * page_size)
    refusals = []
    for run in (full.run, answer_directly):
        try:
            run(_args(world))
        except Exception as err:
            refusals.append(f"{type(err).__name__}: {err}")
    assert len(refusals) == 2 and refusals[0] == refusals[1], refusals
    assert "is damaged and cannot be used" in refusals[0]
    capsys.readouterr()


def test_list_json_on_the_direct_path_loads_no_orm(world: Path) -> None:
    printed, loaded = run_as_a_hook(["--db", str(world), "list", "--all", "--json"])
    assert loaded == []
    assert '"key": "HOT-1"' in printed


@pytest.mark.parametrize("path", ["direct", "full"])
def test_a_reader_that_leaves_early_is_no_error(world: Path, path: str) -> None:
    """`warroom list --json | head`: the reader goes away; the command ends quietly, 0."""
    extra = {"WARROOM_KEYMAP": "{}"} if path == "full" else {}  # another setting: the full path
    command = [sys.executable, "-m", "warroom", "--db", str(world), "list", "--all", "--json"]
    child = subprocess.Popen(
        command, env=child_env(**extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None
    child.stdout.close()  # before it writes a byte
    _, err = child.communicate(timeout=60)
    assert (child.returncode, err.decode()) == (0, "")
