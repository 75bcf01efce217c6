"""4. Cross-process: a writer child adds notes through the services, and the running console
must show them through its change feed (polled on SQLite, announced on PostgreSQL); the
latency is commit → in ``TimelineLog.lines``."""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.child import child_command
from bench.hooks import NoteWatch
from bench.report import median, ms, report


async def cross_process(
    db: Path | str,
    key: str,
    watch: NoteWatch,
    runs: int,
    diagnostic: str = "",
    timeout: float = 10,
    engine: str = "SQLite",
) -> None:
    """Another OS process writes a note through the services and prints time.time() right
    after add_note returned (the commit); the console must show it via its change-feed poll."""
    child = subprocess.Popen(
        child_command("writer", "--db", str(db), "--kind", key),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    latencies: list[float] = []
    try:
        ready = await asyncio.to_thread(child.stdout.readline)
        if ready.strip() != "ready":
            report("cross-process", f"writer failed to start ({ready!r})")
            return
        rng = random.Random(7)
        for i in range(runs):
            await asyncio.sleep(rng.uniform(0.3, 0.8))  # land at different points of the poll
            marker = f"xproc-{i:03d}-{rng.randrange(16**6):06x}"
            watch.arm(marker)
            child.stdin.write(marker + "\n")
            child.stdin.flush()
            committed = float(await asyncio.to_thread(child.stdout.readline))
            if await watch.wait(timeout) and watch.in_lines_wall is not None:
                latencies.append(watch.in_lines_wall - committed)
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    missing = runs - len(latencies)
    if diagnostic:
        seen = f"median {ms(median(latencies))}, max {ms(max(latencies))}" if latencies else ""
        lost = f"{missing} of {runs} never seen within {timeout:.0f} s" if missing else ""
        report(f"  diagnostic: other process commit -> visible, {diagnostic}", seen or lost)
        if seen and lost:
            report(f"  diagnostic: ... {diagnostic}", lost)
        return
    # SQLite consoles poll the event sequence; PostgreSQL ones are told (LISTEN/NOTIFY).
    target, limit = ("≤ 250 ms", 0.25) if engine == "PostgreSQL" else ("< 1 s", 1.0)
    report(
        f"{engine}: other process commit -> note in TimelineLog.lines, median of {len(latencies)}",
        ms(median(latencies)),
        target,
        median(latencies) / limit,
    )
    worst = max(latencies, default=float("nan"))
    report(
        f"{engine}: other process commit -> note in TimelineLog.lines, max",
        ms(worst),
        target,
        worst / limit,
    )
    if missing:
        report(f"  cross-process notes never seen within {timeout:.0f} s", str(missing))


def child_writer(db: str, key: str) -> None:
    from warroom.process import timeline
    from warroom.process.context import Context

    ctx = Context.open(db)
    print("ready", flush=True)
    for line in sys.stdin:
        timeline.add_note(ctx, key, line.strip(), by="scribe", kind="observation")
        print(f"{time.time():.6f}", flush=True)
    ctx.close()
