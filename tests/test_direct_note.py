"""``warroom note``'s two paths: the direct one (the sqlite3 module alone, ``cli/direct``)
and the full one (the ORM, ``cli/full``). For the same input on the same store at the same
moment they must write the very same rows and events, or refuse with the very same line and
write nothing; and the direct path is taken only where that is certain."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from tests.direct_support import answer, refused_alike, run_as_a_hook, table_rows, two_copies
from warroom.base.clock import ManualClock
from warroom.base.locations import config_file, user_catalog_path, user_templates_dir
from warroom.cli import full
from warroom.cli.direct import answer_directly
from warroom.cli.main import main
from warroom.cli.parser import build_parser
from warroom.process.note_input import Note, entry_row
from warroom.store import tables
from warroom.store.events import event_row
from warroom.store.models import Event, TimelineEntry
from warroom.vocabulary.kinds import EntryKind

pytestmark = pytest.mark.sqlite_only

HOSTILE = "[bold red]x[/] \x1b]0;pwn\x07 \u202e evil 漢字 🔥 $(rm -rf ~)"

WRITTEN = [
    ["HOT-1", "plain words, kept as written  "],
    ["hot-1 ", "t: the new index is missing"],
    ["HOT-1", "@10m o: error rate 40%"],
    ["HOT-1", "o: @5m since the deploy", "--by", "scribe"],
    ["HOT-1", "c: rolled back 812 undo: redeploy 812"],
    ["HOT-1", "rolled back", "--kind", "change", "--undo", "redeploy"],
    ["HOT-1", "seen ten minutes ago", "--at", "10m"],
    ["HOT-1", "a decision", "--kind", "decision"],
    ["HOT-2", HOSTILE, "--by", HOSTILE],
]

REFUSED = [
    ["HOT-1", ""],
    ["HOT-1", "   "],
    ["HOT-1", "t:"],
    ["HOT-1", "@nonsense hello"],
    ["HOT-1", "@5m t: @6m two times"],
    ["HOT-1", "@5m twice", "--at", "10m"],
    ["HOT-1", "from the future", "--at", "2999-01-01T00:00"],
    ["HOT-1", "x", "--kind", "system"],
    ["HOT-1", "x", "--kind", "bogus"],
    ["HOT-1", "not a change", "--undo", "y"],
    ["HOT-1", "c: twice undo: a", "--undo", "b"],
    ["NOPE-9", "no such incident"],
    ["", "no key"],
    ["HOT-1", "x" * 70_000],
    ["HOT-1", "a\x00b"],
    ["HOT-1", "x", "--by", "b" * 300],
]


@pytest.fixture
def stores(tmp_path: Path, clock: ManualClock) -> tuple[Path, Path]:
    return two_copies(tmp_path, clock)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


def _args(db: Path, argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(["--db", str(db), "note", *argv])


def test_both_paths_write_identical_rows_and_events(
    stores: tuple[Path, Path], clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    by_orm, direct = stores
    assert table_rows(by_orm) == table_rows(direct)
    for argv in WRITTEN:
        clock.advance(timedelta(seconds=7.25))
        assert full.run(_args(by_orm, argv)) == 0
        printed_by_orm = capsys.readouterr().out
        assert answer_directly(_args(direct, argv)) == 0, "the direct path was not taken"
        assert capsys.readouterr().out == printed_by_orm
    written = table_rows(direct)
    assert written == table_rows(by_orm)
    assert len(written[tables.TIMELINE_ENTRY]) == len(WRITTEN) + 2  # and one per declaration
    assert HOSTILE in {row[6] for row in written[tables.TIMELINE_ENTRY]}


@pytest.mark.parametrize("argv", REFUSED, ids=range(len(REFUSED)))
def test_both_paths_refuse_the_same_input_in_the_same_words(
    stores: tuple[Path, Path], argv: list[str]
) -> None:
    refused_alike(*stores, lambda db: _args(db, argv))


def test_a_damaged_store_is_refused_the_same_way_and_left_as_it_was(
    stores: tuple[Path, Path],
) -> None:
    for path in stores:
        with sqlite3.connect(path) as conn:
            root = conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE name = ?", (tables.TIMELINE_ENTRY,)
            ).fetchone()[0]
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        with path.open("r+b") as file:
            file.seek((root - 1) * page_size)
            file.write(b"\xff" * page_size)
    by_orm, direct = stores
    damaged = direct.read_bytes()
    _, refusal = answer(full.run, _args(by_orm, ["HOT-1", "x"]))
    assert "is damaged and cannot be used" in refusal
    assert answer(answer_directly, _args(direct, ["HOT-1", "x"])) == (
        None,
        refusal.replace(str(by_orm.parent), str(direct.parent)),
    )
    assert direct.read_bytes() == damaged


def test_the_rows_are_whole(clock: ManualClock) -> None:
    """Every column is given, so neither path leaves one to a default of its own."""
    note = Note(EntryKind.NOTE, "x", "", clock.now(), clock.now(), "im")
    assert set(entry_row(note, 1)) == set(TimelineEntry.__table__.columns.keys()) - {"id"}  # type: ignore[attr-defined]
    event = event_row(at=clock.now(), actor="im", kind="note", incident_id=1, entry_id=2)
    assert set(event) == set(Event.__table__.columns.keys()) - {"id"}  # type: ignore[attr-defined]


def _taken(db: Path | str, *extra: str) -> bool:
    args = build_parser().parse_args(["--db", str(db), *extra, "note", "HOT-1", "probe"])
    return answer_directly(args) is not None


def test_the_direct_path_is_taken_only_where_it_answers_as_the_full_path(
    stores: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, direct = stores
    assert _taken(direct)
    assert not _taken(tmp_path / "missing.db")  # declare makes a store; note says so
    assert not _taken(tmp_path / "no-folder" / "missing.db")
    assert not _taken(direct, "--catalog", str(tmp_path / "catalog.toml"))
    assert not _taken("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert not _taken(f"sqlite:///{direct}")
    with monkeypatch.context() as env:
        env.setenv("WARROOM_KEYMAP", "{}")
        assert not _taken(direct)
    for own in (config_file(), user_catalog_path(), user_templates_dir()):
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_text("")
        assert not _taken(direct), own
        own.unlink()
    with sqlite3.connect(direct) as conn:
        conn.execute("PRAGMA user_version = 10")  # an older store: the full path upgrades it
    assert not _taken(direct)
    capsys.readouterr()


def test_a_drill_store_takes_the_full_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A drill's notes are written in drill time, and after its end not at all: only the
    full path joins a drill (``scenarios.drill_join``)."""
    store = tmp_path / "drill.db"
    assert main(["drill", "start", "tutorial", "--no-console", "--store", str(store)]) == 0
    assert not _taken(store)
    capsys.readouterr()


def test_a_note_on_the_direct_path_loads_no_orm(stores: tuple[Path, Path]) -> None:
    """What makes it fast, kept: run as a hook runs it, then look at what was imported."""
    _, direct = stores
    printed, loaded = run_as_a_hook(["--db", str(direct), "note", "HOT-1", "from a hook"])
    assert loaded == []
    with sqlite3.connect(direct) as conn:
        assert conn.execute(
            f"SELECT text FROM {tables.TIMELINE_ENTRY} WHERE id = ?", (int(printed),)
        ).fetchone() == ("from a hook",)
