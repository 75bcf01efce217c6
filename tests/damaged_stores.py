"""A real store with enough rows to have b-tree interior pages, the pages of each kind, and
what a folder holds, to compare before and after a refusal."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sqlite3
import stat
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from warroom.base.clock import ManualClock
from warroom.cli.main import main
from warroom.process import incidents, timeline
from warroom.process.context import Context

INCIDENTS = 40
NOTES_EACH = 10  # 400 notes of ~100 bytes: timeline_entry and its index get interior pages


@dataclass(frozen=True)
class Built:
    note_id: int  # a note on HOT-2, to correct
    action_id: int  # an open action item on HOT-5


def _cli(db: Path, *argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *argv])
    assert code == 0, (argv, err.getvalue())
    return out.getvalue()


def build_store(path: Path, clock: ManualClock) -> Built:
    """HOT-1 resolved; HOT-2 and HOT-3 taken by ann, HOT-3 fully assessed (ready to send);
    HOT-4 new; HOT-5 with an action item; every incident with notes."""
    ctx = Context.open(path, clock=clock)
    try:
        note_id = 0
        for number in range(1, INCIDENTS + 1):
            form = incidents.Declaration(f"Incident {number} " + "x" * 40, 1 + number % 3)
            key = incidents.declare(ctx, form, by="alice").key
            for index in range(NOTES_EACH):
                entry = timeline.add_note(ctx, key, f"note {index} on {key} " + "y" * 80, by="bob")
                if key == "HOT-2":
                    note_id = entry.id or 0
    finally:
        ctx.close()
    for key in ("HOT-1", "HOT-2", "HOT-3"):
        _cli(path, "take", key, "--by", "ann")
    _cli(path, "resolve", "HOT-1", "--ended", "now", "--by", "ann")
    for question in ("impact", "seeing", "how_many", "started", "support_cases", "other_factors"):
        _cli(path, "assess", "HOT-3", question, f"answer to {question}", "--by", "ann")
    action_id = int(_cli(path, "action", "add", "HOT-5", "check the disks", "--by", "ann"))
    assert not Path(f"{path}-wal").exists()  # the last close checkpointed: one file
    return Built(note_id, action_id)


def page_kinds(path: Path) -> dict[str, int]:
    """One page of each kind, by number: the header page, a schema leaf, a table's interior
    and leaf pages, an index's interior and leaf pages, and the last page."""
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute(
            "SELECT s.name, s.pageno, s.pagetype, coalesce(m.type, 'schema')"
            " FROM dbstat AS s LEFT JOIN sqlite_master AS m ON m.name = s.name"
            " ORDER BY s.pageno"
        ).fetchall()

    def first(kind: str, pagetype: str, name: str | None = None) -> int:
        return next(
            page
            for table, page, type_, what in rows
            if what == kind and type_ == pagetype and (name is None or table == name)
        )

    return {
        "header page": 1,
        "schema leaf": first("schema", "leaf"),
        "table interior": first("table", "internal", "timeline_entry"),
        "table leaf": first("table", "leaf", "timeline_entry"),
        "index interior": first("index", "internal"),
        "index leaf": first("index", "leaf", "ix_timeline_incident_occurred"),
        "last page": max(page for _, page, _, _ in rows),
    }


def wreck(path: Path, page: int) -> None:
    """Overwrite one page with 0xFF, as a failing disk or a stray write might."""
    with closing(sqlite3.connect(path)) as db:
        size = int(db.execute("PRAGMA page_size").fetchone()[0])
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\xff" * size)


def folder_state(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: a regular file by its bytes' digest, a link by its
    target, anything else by its type. Never opens anything but regular files."""
    state: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(root, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                shown = f"link to {os.readlink(path)}"
            elif stat.S_ISREG(mode):
                shown = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                shown = f"type {stat.S_IFMT(mode):o}"
            state[str(path.relative_to(folder))] = shown
    return state
