"""5. The same store on PostgreSQL: the built store copied (``warroom copy``'s core) into a
database on a server this run starts, then a console on it and the same measurements of a
note from another process and of Enter.

The server is the test suite's own (``tests/pg_server.py``: initdb into a temporary folder,
pg_ctl on a free loopback port, removed at the end), so the benchmark needs nothing set up
beyond the PostgreSQL server binaries (``scripts/need-postgres``); without them it says so
and skips this part.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench.console import console_on, enter_to_visible
from bench.cross_process import cross_process
from bench.plan import Plan
from bench.report import report
from bench.store import StoreFacts

ROOT = Path(__file__).resolve().parents[2]


async def on_postgres(db: Path, facts: StoreFacts, plan: Plan) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.pg_server import running_server, server_bindir

    if server_bindir() is None:
        report("PostgreSQL", "skipped: no server binaries (run scripts/need-postgres)")
        return
    from warroom.store.copy import copy_store
    from warroom.store.open import open_store

    with running_server() as server:
        server.create_database("bench")
        url = server.url("bench")
        started = time.perf_counter()
        source, destination = open_store(db), open_store(url)
        try:
            copy_store(source, destination)
        finally:
            source.close()
            destination.close()
        report("  PostgreSQL: the store copied in", f"{time.perf_counter() - started:.1f} s")
        await _console(url, facts, plan)


async def _console(url: str, facts: StoreFacts, plan: Plan) -> None:
    async with console_on(url, facts.heavy_key) as (pilot, screen, watch):
        await cross_process(url, facts.heavy_key, watch, plan.cross_runs, engine="PostgreSQL")
        await enter_to_visible(pilot, screen, watch, max(plan.enter_runs // 2, 3), "postgresql")
