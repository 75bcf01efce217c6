"""Worker processes for the multi-process tests (concurrency and crash safety).

Run as ``python -m tests.workers COMMAND ...`` from the project root. Each worker
uses only the public services (``Context.open``, ``declare``, ``add_note``) on a
real SQLite file, exactly as two consoles or scripts would.

Commands:

``concurrent DB INDEX DECLARES NOTES_PER_DECLARE``
    Prints ``ready``, waits for a line on stdin (the start signal, sent to every
    worker at once), then opens the store and declares incidents interleaved with
    notes. The last stdout line is a JSON report: ``{"keys": [...], "notes":
    [[id, key, text], ...]}``. Any exception is printed to stderr and exits 1.

``tick DB CATALOG ROUNDS``
    Prints ``ready``, waits for the start signal, then runs the escalation tick
    ROUNDS times on the store, as several consoles and cron jobs would at once. The
    last stdout line is a JSON report: ``[[page_id, level or null], ...]`` for every
    page this worker moved on.

``crash DB KEY``
    Opens the store and adds notes to KEY forever, writing ``saved <id> <text>``
    to stdout (flushed, one write per line) only after ``add_note`` returned.
    The parent kills it with SIGKILL.
"""

from __future__ import annotations

import json
import sys
import traceback
import uuid
from pathlib import Path

from warroom.comms import escalation
from warroom.process import incidents, timeline
from warroom.process.context import Context
from warroom.process.incidents import Declaration


def _emit(line: str) -> None:
    # One write per line, then flush: a line on the pipe is a whole report or nothing.
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def concurrent(db: str, index: int, declares: int, notes_per_declare: int) -> None:
    _emit("ready")
    if not sys.stdin.readline():
        raise RuntimeError("no start signal: stdin closed")
    ctx = Context.open(db)  # after the start signal: first-open races are part of the test
    by = f"worker-{index}"
    keys: list[str] = []
    notes: list[list[object]] = []
    try:
        for d in range(declares):
            form = Declaration(summary=f"{by} incident {d}", severity=1 + d % 3)
            keys.append(incidents.declare(ctx, form, by=by).key)
            for n in range(notes_per_declare):
                # Spread over every incident this worker has declared so far.
                key = keys[(d * notes_per_declare + n) % len(keys)]
                text = f"{by} note {d}.{n} {uuid.uuid4().hex}"
                entry = timeline.add_note(ctx, key, text, by=by)
                notes.append([entry.id, key, text])
    finally:
        ctx.close()
    _emit(json.dumps({"keys": keys, "notes": notes}))


def tick(db: str, catalog: str, rounds: int) -> None:
    _emit("ready")
    if not sys.stdin.readline():
        raise RuntimeError("no start signal: stdin closed")
    ctx = Context.open(db, Path(catalog))
    moved: list[list[object]] = []
    try:
        for _ in range(rounds):
            for page in escalation.tick(ctx).escalated:
                moved.append([page.page_id, page.step.level if page.step else None])
    finally:
        ctx.close()
    _emit(json.dumps(moved))


def crash(db: str, key: str) -> None:
    ctx = Context.open(db)
    token = uuid.uuid4().hex[:8]
    i = 0
    while True:
        i += 1
        text = f"crash note {i} {token} — ünïcode ✓"
        entry = timeline.add_note(ctx, key, text, by="crasher")
        _emit(f"saved {entry.id} {text}")


def main(argv: list[str]) -> int:
    command, *args = argv
    try:
        if command == "concurrent":
            db, index, declares, per = args
            concurrent(db, int(index), int(declares), int(per))
        elif command == "tick":
            db, catalog, rounds = args
            tick(db, catalog, int(rounds))
        elif command == "crash":
            db, key = args
            crash(db, key)
        else:
            raise SystemExit(f"unknown worker command {command!r}")
    except Exception:
        traceback.print_exc(file=sys.stderr)
        sys.stderr.flush()
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
