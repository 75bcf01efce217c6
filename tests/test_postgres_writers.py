"""Many writers on one PostgreSQL store, as a team works: consoles typing notes and the
command line started for each command, for a minute; then the server restarted under two
typing consoles. Real processes, a real server (the session's, or a test's own to restart).

Nothing acknowledged may be missing, nothing may be stored twice, no key handed out twice,
and, without a fault, nobody may be shown an error.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import ExitStack
from typing import Any

import pytest
from sqlmodel import select

from warroom.process import incidents
from warroom.process.context import Context
from warroom.store.models import Incident, TimelineEntry

from .children import ROOT, child_env
from .conftest import TEMPLATE
from .pg_server import PgServer

WRITE_SECONDS = 60
START_TIMEOUT = 120  # a loaded machine starts eight Pythons slowly


def _start(kinds: list[str], url: str, key: str, seconds: float) -> list[subprocess.Popen[str]]:
    env = child_env(WARROOM_DB=url, PYTHONIOENCODING="utf-8")
    return [
        subprocess.Popen(
            [sys.executable, "-m", "tests.pg_workers", kind, str(i), str(seconds), key],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for i, kind in enumerate(kinds)
    ]


def _run(
    kinds: list[str], url: str, key: str, seconds: float, during: Any = None
) -> list[dict[str, list[Any]]]:
    """Start the writers, release them together, run ``during()`` meanwhile, collect."""
    with ExitStack() as stack:
        procs = _start(kinds, url, key, seconds)
        for proc in procs:
            stack.callback(lambda p=proc: p.poll() is None and p.kill())
        watchdog = threading.Timer(seconds + 240, lambda: [p.kill() for p in procs])
        watchdog.start()
        stack.callback(watchdog.cancel)
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", proc.stderr and proc.stderr.read()
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        if during is not None:
            during()
        reports = []
        for index, proc in enumerate(procs):
            out, err = proc.communicate()
            assert proc.returncode == 0, f"writer {index} ({kinds[index]}) failed:\n{err}"
            reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


def _stored_notes(url: str) -> Counter[str]:
    ctx = Context.open(url)
    try:
        with ctx.store.read() as session:
            entries = session.exec(select(TimelineEntry)).all()
            return Counter(e.text for e in entries if e.author != "system" and e.text)
    finally:
        ctx.close()


def _declared_keys(url: str) -> list[str]:
    ctx = Context.open(url)
    try:
        with ctx.store.read() as session:
            return [i.key for i in session.exec(select(Incident)).all()]
    finally:
        ctx.close()


def _store(pg: PgServer, name: str) -> tuple[str, str]:
    pg.create_database(name, template=TEMPLATE)
    url = pg.url(name)
    ctx = Context.open(url)
    key = incidents.declare(ctx, incidents.Declaration("Shared incident", 2), by="im").key
    ctx.close()
    return url, key


def test_eight_writers_for_a_minute_lose_and_repeat_nothing(pg: PgServer) -> None:
    url, key = _store(pg, "eight_writers")
    reports = _run(["console"] * 4 + ["cli"] * 4, url, key, WRITE_SECONDS)

    for index, report in enumerate(reports):
        assert report["errors"] == [], f"writer {index} was shown errors"
        assert report["acknowledged"], f"writer {index} saved nothing in a minute"
    acknowledged = [text for report in reports for text in report["acknowledged"]]
    stored = _stored_notes(url)
    assert [t for t in acknowledged if stored[t] != 1] == []  # none lost, none twice
    assert sum(stored.values()) == len(acknowledged)  # and nothing unacknowledged
    keys = _declared_keys(url)
    assert len(keys) == len(set(keys)) == 1 + sum(len(r["keys"]) for r in reports)
    assert {k for r in reports for k in r["keys"]} <= set(keys)


@pytest.fixture
def restartable(own_pg: PgServer) -> tuple[PgServer, str, str]:
    own_pg.create_database("restart")
    url = own_pg.url("restart")
    ctx = Context.open(url)
    key = incidents.declare(ctx, incidents.Declaration("Shared incident", 2), by="im").key
    ctx.close()
    return own_pg, url, key


def test_a_server_restart_under_two_typing_consoles_loses_no_acknowledged_note(
    restartable: tuple[PgServer, str, str],
) -> None:
    server, url, key = restartable
    restarted_at: list[float] = []

    def restart_midway() -> None:
        time.sleep(8)
        server.stop("fast")
        time.sleep(3)  # down long enough for both consoles to notice and be refused
        server.start()
        restarted_at.append(time.monotonic())  # the clock the consoles report on

    reports = _run(["console", "console"], url, key, 30, during=restart_midway)

    assert restarted_at, "the server was not restarted"
    acknowledged = [text for report in reports for text in report["acknowledged"]]
    stored = _stored_notes(url)
    assert [t for t in acknowledged if stored[t] < 1] == []  # every acknowledged note is kept
    for index, report in enumerate(reports):
        # Told about the outage rather than left guessing, and saving again after it
        # without being restarted.
        assert report["errors"], f"console {index} was never told its saves failed"
        after = [t for t in report["saved_at"] if t > restarted_at[0]]
        assert len(after) >= 3, f"console {index} did not go on saving after the restart"
