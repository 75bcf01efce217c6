"""A note that was reported saved survives the process being killed outright.

A child process (``tests/workers.py crash``) adds notes in a loop and reports
each one only after ``add_note`` returned. The parent SIGKILLs it after a random
number of reports, then reopens the store: every reported note must be there
with its exact text, and the file must pass SQLite's integrity check.

The seed is printed and in every failure message; rerun a failure with
``WARROOM_CRASH_SEED=<seed> pytest tests/test_crash.py``.
"""

from __future__ import annotations

import os
import random
import secrets
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from warroom.process import incidents
from warroom.process.context import Context
from warroom.process.incidents import Declaration
from warroom.store.models import TimelineEntry

from .children import ROOT, child_env

TIMEOUT = 240  # seconds: a hung child fails the test instead of blocking CI
_BASE_SEED = int(os.environ.get("WARROOM_CRASH_SEED") or secrets.randbits(32))

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _parse(line: str, context: str) -> tuple[int, str]:
    word, entry_id, text = line.removesuffix("\n").split(" ", 2)
    assert word == "saved", f"{context}: unexpected output {line!r}"
    return int(entry_id), text


@pytest.mark.parametrize("round_", range(3))
def test_reported_notes_survive_sigkill(tmp_path: Path, round_: int) -> None:
    seed = _BASE_SEED + round_
    rng = random.Random(seed)
    kill_after = rng.randint(20, 200)
    context = f"seed {seed} (WARROOM_CRASH_SEED={seed - round_}), kill after {kill_after}"
    print(context)

    db = tmp_path / "crash.db"
    ctx = Context.open(db)
    key = incidents.declare(ctx, Declaration("Disk on fire", 1), by="alice").key
    ctx.close()

    env = child_env(PYTHONIOENCODING="utf-8")
    errors_file = tmp_path / "child.err"
    with errors_file.open("w", encoding="utf-8") as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.workers", "crash", str(db), key],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            encoding="utf-8",
        )
    watchdog = threading.Timer(TIMEOUT, child.kill)
    watchdog.start()
    saved: list[tuple[int, str]] = []
    try:
        assert child.stdout is not None
        while len(saved) < kill_after:
            line = child.stdout.readline()
            if not line:
                break  # the child died (or the watchdog killed it): reported below
            saved.append(_parse(line, context))
        alive = child.poll() is None
        if alive:
            os.kill(child.pid, signal.SIGKILL)
        # Lines already in the pipe were written after add_note returned: also saved.
        rest = child.stdout.read()
        child.wait()
    finally:
        watchdog.cancel()
        if child.poll() is None:
            child.kill()
            child.wait()
    stderr = errors_file.read_text(encoding="utf-8")
    assert alive and len(saved) == kill_after, (
        f"{context}: child stopped after {len(saved)} notes (exit {child.returncode}):\n{stderr}"
    )
    assert child.returncode == -signal.SIGKILL, f"{context}: exit {child.returncode}\n{stderr}"
    # Only whole lines count: a line cut off by the kill was never fully reported.
    for line in rest.splitlines(keepends=True):
        if line.endswith("\n"):
            saved.append(_parse(line, context))
    assert "database is locked" not in stderr.lower(), f"{context}:\n{stderr}"

    ctx = Context.open(db)  # must open cleanly after the crash
    try:
        with ctx.store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok", context
        with ctx.store.read() as session:
            for entry_id, text in saved:
                entry = session.get(TimelineEntry, entry_id)
                assert entry is not None, f"{context}: reported note {entry_id} {text!r} is lost"
                assert entry.text == text, context
                assert entry.kind == "note", context
            stored = session.exec(
                select(func.count()).where(TimelineEntry.kind == "note")  # type: ignore[arg-type]
            ).one()
        # At most one note can have committed without being reported before the kill.
        assert len(saved) <= stored <= len(saved) + 1, f"{context}: {stored} stored"
    finally:
        ctx.close()
