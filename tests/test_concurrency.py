"""Four real processes writing to one SQLite store at the same moment.

Each worker (``tests/workers.py``) declares 25 incidents and adds 200 notes,
interleaved. Nothing may be lost, no key may be handed out twice, and no writer
may see "database is locked": BEGIN IMMEDIATE plus the busy timeout must queue
them. The second variant starts all four on a store file that does not exist
yet, so the first-open schema creation races too.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from warroom.process.context import Context
from warroom.store.models import Incident, TimelineEntry

from .children import ROOT, child_env

WORKERS = 4
DECLARES = 25
NOTES_PER_DECLARE = 8  # 200 notes per worker
OVERALL_TIMEOUT = 240  # seconds: a hang fails the test instead of blocking CI


def _concurrent_args(db: Path, index: int) -> list[str]:
    return ["concurrent", str(db), str(index), str(DECLARES), str(NOTES_PER_DECLARE)]


def run_workers(
    db: Path, tmp_path: Path, args: Callable[[Path, int], list[str]] = _concurrent_args
) -> list[tuple[int, str, str]]:
    """Start the workers (``tests.workers`` with ``args(db, index)``), release them
    together, return (returncode, stdout, stderr)."""
    deadline = time.monotonic() + OVERALL_TIMEOUT
    with ExitStack() as stack:
        procs: list[subprocess.Popen[str]] = []
        for index in range(WORKERS):
            err = stack.enter_context(
                (tmp_path / f"worker-{index}.err").open("w+", encoding="utf-8")
            )
            proc = subprocess.Popen(
                [sys.executable, "-m", "tests.workers", *args(db, index)],
                cwd=ROOT,
                env=child_env(PYTHONIOENCODING="utf-8"),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                encoding="utf-8",
            )  # fmt: skip
            stack.callback(_kill_if_running, proc)
            procs.append(proc)
        # Whatever blocks (start-up, the barrier, the work), a hang ends in a failure.
        watchdog = threading.Timer(OVERALL_TIMEOUT, lambda: [_kill_if_running(p) for p in procs])
        watchdog.start()
        stack.callback(watchdog.cancel)
        # The barrier: every worker has imported everything and waits on stdin ...
        for proc in procs:
            assert proc.stdout is not None and proc.stdin is not None
            ready = proc.stdout.readline()
            assert ready.strip() == "ready", f"worker did not start: {ready!r}"
        # ... then all are released at once.
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for index, proc in enumerate(procs):
            remaining = max(1.0, deadline - time.monotonic())
            try:
                out, _ = proc.communicate(timeout=remaining)
            except subprocess.TimeoutExpired:
                pytest.fail(f"worker {index} still running after {OVERALL_TIMEOUT}s: a hang")
            if time.monotonic() >= deadline:
                pytest.fail(f"workers killed after {OVERALL_TIMEOUT}s: a hang")
            errors = (tmp_path / f"worker-{index}.err").read_text(encoding="utf-8")
            results.append((proc.returncode, out, errors))
    return results


def _kill_if_running(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def _check(db: Path, results: list[tuple[int, str, str]]) -> None:
    for index, (code, _out, errors) in enumerate(results):
        assert "database is locked" not in errors.lower(), f"worker {index}:\n{errors}"
        assert code == 0, f"worker {index} failed with exit code {code}:\n{errors}"

    reports = [json.loads(out.strip().splitlines()[-1]) for _code, out, _err in results]
    keys = [key for report in reports for key in report["keys"]]
    duplicated = sorted(k for k, n in Counter(keys).items() if n > 1)
    assert not duplicated, f"keys handed out twice: {duplicated}"
    total = WORKERS * DECLARES
    assert sorted(keys) == sorted(f"HOT-{n}" for n in range(1, total + 1))
    for report in reports:
        assert len(report["keys"]) == DECLARES
        assert len(report["notes"]) == DECLARES * NOTES_PER_DECLARE

    notes = [note for report in reports for note in report["notes"]]
    assert len({entry_id for entry_id, _key, _text in notes}) == len(notes), "note ids reused"

    ctx = Context.open(db)
    try:
        with ctx.store.read() as session:
            incident_keys = {i.id: i.key for i in session.exec(select(Incident)).all()}
            assert sorted(incident_keys.values()) == sorted(keys)
            for entry_id, key, text in notes:
                entry = session.get(TimelineEntry, entry_id)
                assert entry is not None, f"note {entry_id} ({text!r}) was reported but is lost"
                assert entry.text == text
                assert entry.kind == "note"
                assert incident_keys[entry.incident_id] == key
            count = session.exec(
                select(func.count()).where(TimelineEntry.kind == "note")  # type: ignore[arg-type]
            ).one()
            assert count == total * NOTES_PER_DECLARE == len(notes)
        with ctx.store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        ctx.close()


def test_four_processes_write_to_one_existing_store(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    Context.open(db).close()  # the store exists and is migrated before anyone starts
    _check(db, run_workers(db, tmp_path))


def test_four_processes_create_the_store_at_once(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    assert not db.exists()
    _check(db, run_workers(db, tmp_path))
