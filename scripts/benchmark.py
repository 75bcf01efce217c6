"""The project's benchmark: the DESIGN.md targets, measured in one run.

    .venv/bin/python scripts/benchmark.py            # full: 10,000 incidents, 100,000 entries
    .venv/bin/python scripts/benchmark.py --quick    # smoke: 1,000 incidents, 10,000 entries
    .venv/bin/python scripts/benchmark.py --store /tmp/big.db   # where to keep the built store

Prints plain text, one figure a line, each with its target and the ratio to it. It asserts
nothing and exits 0: it reports, the reader judges.

What it does:

1. Builds (once, then reuses) a real warroom store: ``Store.open`` applies the schema, then
   SQLAlchemy Core bulk inserts fill the tables with plausible rows (keys HOT-1..HOT-N, ~30
   open incidents across the severities, the rest resolved, two incidents with thousands of
   timeline entries, one event per timeline entry as the services would write). Each run works
   on a fresh copy, so the notes the benchmark adds never pile up in the cached store.
2. Whole processes, as a user starts them (``bench/whole.py``): the console in a terminal
   (a pty of 160x50) from spawn to its first complete frame, against a bare Textual app
   (Header + Footer) the same way; `warroom note`, `declare` and `list --json` from spawn to
   exit against `python -c pass`; each process's peak RSS from the kernel (``wait4``). On a
   second, wide store (100,000 incidents; 10,000 quick): ctrl+r typed into the console's
   terminal → the first frame listing resolved incidents, and `list --all --json`. Runs are
   interleaved pairs after a warm-up of each; a ratio is the median of the pairs' ratios.
3. Enter → visible: in a running console (pilot) focused on the open incident with the most
   entries, type a note in ``#entry``, then time Enter → the note's text is in
   ``TimelineLog.lines`` (and → the next frame).
4. Cross-process: a child process adds notes through ``timeline.add_note`` and prints
   ``time.time()`` right after each commit; the console's side stamps ``time.time()`` when the
   text is in ``TimelineLog.lines``.
5. PostgreSQL: the same store copied into a database on a server this run starts, and 4 and 3
   again on a console there (target for 4: a median of 250 ms or less).

Timestamps come from observe-only wrappers (``app._display``, ``TimelineLog.show``), so no
polling loop competes with the app for the GIL. Diagnostic lines (indented) say where time goes.

The parts are in ``bench/`` beside this script, one module each.

Internal: ``--child writer`` runs one measurement in a child process; ``bench/frame_child.py``
is the process whose first frame is timed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from bench.console import running_console
from bench.cross_process import child_writer
from bench.diagnostics import diagnostics
from bench.machine import machine_facts
from bench.plan import FULL, QUICK, SIZE
from bench.postgres import on_postgres
from bench.store import build_or_reuse, built_here, store_path, verify_store, working_copy
from bench.whole import whole_processes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 incidents, fewer runs")
    parser.add_argument("--store", type=Path, help="where to build (or find) the store")
    parser.add_argument("--rebuild", action="store_true", help="build the store even if cached")
    parser.add_argument("--child", choices=("writer",), help=argparse.SUPPRESS)
    parser.add_argument("--kind", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "writer":
        child_writer(args.db, args.kind)
        return 0

    wall = time.perf_counter()
    plan = QUICK if args.quick else FULL
    machine_facts()
    print(
        f"plan: {'quick' if args.quick else 'full'}: {plan.incidents:,} incidents, "
        f"{plan.entries:,} timeline entries; terminal {SIZE[0]}x{SIZE[1]}",
        flush=True,
    )
    store = store_path(args.store, plan)
    if not built_here(store):
        print(f"refusing to overwrite {store}: this benchmark did not build it", flush=True)
        return 2
    wide_store = store.with_name(f"{store.stem}-wide{store.suffix}")
    if not built_here(wide_store):
        print(f"refusing to overwrite {wide_store}: this benchmark did not build it", flush=True)
        return 2
    build_or_reuse(store, plan, rebuild=args.rebuild)
    build_or_reuse(wide_store, plan.wide(), rebuild=args.rebuild)
    facts = verify_store(store, plan)
    with tempfile.TemporaryDirectory(prefix="warroom-bench-") as folder:
        db = working_copy(store, Path(folder))
        wide = working_copy(wide_store, Path(folder), "wide.db")
        section = time.perf_counter()
        whole_processes(db, wide, facts.light_key, plan)
        print(f"  (whole processes section: {time.perf_counter() - section:.0f} s)", flush=True)
        section = time.perf_counter()
        asyncio.run(running_console(db, facts, plan))
        print(f"  (running console section: {time.perf_counter() - section:.0f} s)", flush=True)
        diagnostics(db, facts)
        section = time.perf_counter()
        asyncio.run(on_postgres(db, facts, plan))
        print(f"  (PostgreSQL section: {time.perf_counter() - section:.0f} s)", flush=True)
    print(f"benchmark wall time: {time.perf_counter() - wall:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
