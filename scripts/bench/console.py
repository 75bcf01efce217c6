"""3 and 4: a running console (pilot) on the built store. Enter → visible is measured here;
the other process's notes (4) in ``cross_process``, driven from here on the same console."""

from __future__ import annotations

import asyncio
import gc
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bench.cross_process import cross_process
from bench.hooks import FrameClock, NoteWatch
from bench.plan import SIZE, USER, Plan
from bench.report import median, ms, p90, report
from bench.store import StoreFacts

ENTER_ASK = 0.016  # seconds: one frame at 60 Hz


@asynccontextmanager
async def console_on(db: Path | str, key: str) -> AsyncIterator[tuple[Any, Any, NoteWatch]]:
    """A running console (pilot) on store ``db``, focused on incident ``key``: yields the
    pilot, its console screen, and a watch on its timeline."""
    from warroom.app import make_app
    from warroom.screens.console import ConsoleScreen
    from warroom.widgets.timeline import TimelineLog

    app = make_app(db, user=USER)
    # As run_console does before the console runs: what is loaded by now is kept out of
    # the collections the console triggers. Without it a full collection here walks the
    # benchmark's own objects too, and lands in one Enter of five (about 100 ms more).
    gc.freeze()
    frames = FrameClock(app, lambda: isinstance(app.screen, ConsoleScreen))
    try:
        async with app.run_test(headless=True, size=SIZE) as pilot:
            screen = await _console_on(app, pilot, key)
            yield pilot, screen, NoteWatch(screen.query_one(TimelineLog), frames)
    finally:
        app.ctx.close()


async def running_console(db: Path, facts: StoreFacts, plan: Plan) -> None:
    async with console_on(db, facts.heavy_key) as (pilot, screen, watch):
        print(
            f"console: {SIZE[0]}x{SIZE[1]}, focused on {facts.heavy_key} "
            f"({facts.heavy_entries:,} entries; the console shows the latest "
            f"{len(screen.board.detail.timeline)})",
            flush=True,
        )
        await enter_to_visible(pilot, screen, watch, plan.enter_runs, "heavy")
        await cross_process(db, facts.heavy_key, watch, plan.cross_runs)
        # Diagnostic: the same Enter measurement on an incident with few entries.
        screen = await _console_on(pilot.app, pilot, facts.light_key)
        await enter_to_visible(
            pilot, screen, watch, max(plan.enter_runs // 4, 3), f"light:{facts.light_key}"
        )
        # Diagnostic, last because it may leave load_board threads running: the change
        # feed with resolved incidents listed (ctrl+r), where each board holds every row.
        if await resolved_shown(pilot, screen):
            await cross_process(
                db,
                facts.light_key,
                watch,
                3,
                f"{facts.light_key} with resolved incidents shown (ctrl+r)",
                timeout=5,
            )


async def _console_on(app: Any, pilot: Any, key: str) -> Any:
    from warroom.screens.console import ConsoleScreen

    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        screen = app.screen
        if isinstance(screen, ConsoleScreen) and screen.board is not None:
            detail = screen.board.detail
            if detail is not None and detail.incident.key == key:
                await pilot.pause()
                return screen
            if screen.focused_key != key:
                screen.focused_key = key
                screen.reload()
        await asyncio.sleep(0.02)
    raise RuntimeError(f"the console never showed {key}")


async def enter_to_visible(pilot: Any, screen: Any, watch: NoteWatch, runs: int, tag: str) -> None:
    """Type a note in #entry (not timed), then time Enter → the text is in TimelineLog.lines
    (and → the first frame rendered after that with its line in the log's view)."""
    entry = screen.query_one("#entry")
    entry.focus()
    await pilot.pause()
    to_lines: list[float] = []
    to_frame: list[float] = []
    shows: list[float] = []
    for i in range(runs):
        # Short, unique text: the pilot types ~10 keys a second (it waits for idle after each).
        marker = f"n{i:02d}x{random.randrange(16**4):04x}"
        await pilot.press(*marker)
        watch.arm(marker)
        before = len(watch.show_seconds)
        started = time.perf_counter()
        await pilot.press("enter")
        if await watch.wait(10) and watch.in_lines is not None:
            to_lines.append(watch.in_lines - started)
            if watch.painted is not None:
                to_frame.append(watch.painted - started)
        shows += watch.show_seconds[before:]
        while entry.value:  # cleared once the note is stored
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.15)  # a scribe's pause between notes
    if tag == "heavy":
        med = median(to_frame)
        report(
            f"Enter -> first frame showing the note, median of {len(to_frame)}",
            ms(med),
            f"<= {ENTER_ASK * 1000:.0f} ms",
            med / ENTER_ASK,
        )
        report(
            "Enter -> first frame showing the note, p90",
            ms(p90(to_frame)),
            f"<= {ENTER_ASK * 1000:.0f} ms",
            p90(to_frame) / ENTER_ASK,
        )
        report(
            "  Enter -> note in TimelineLog.lines (before that frame), median", ms(median(to_lines))
        )
        report(
            "  TimelineLog.show() calls that wrote lines, median",
            f"{ms(median(shows))} (max {ms(max(shows, default=float('nan')))}; "
            f"{len(shows)} wrote, {watch.early_returns} found nothing new and returned early)",
        )
    elif tag == "postgresql":
        report(
            f"PostgreSQL: Enter -> first frame showing the note, median of {len(to_frame)}",
            ms(median(to_frame)),
            "< 50 ms",
            median(to_frame) / 0.05,
        )
    else:
        report(
            f"  diagnostic: Enter -> visible on {tag.split(':')[1]} (few entries), median of "
            f"{len(to_lines)}",
            f"{ms(median(to_lines))}; show() median {ms(median(shows))}",
        )
    if len(to_lines) < runs:
        report(f"  notes never seen within 10 s ({tag})", str(runs - len(to_lines)))


async def resolved_shown(pilot: Any, screen: Any) -> bool:
    """ctrl+r: the incident list shows resolved incidents too (a page of them)."""
    await pilot.press("escape", "ctrl+r")
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        rows = screen.board.rows if screen.board is not None else []
        if any(row.status == "resolved" for row in rows):
            return True
        await asyncio.sleep(0.05)
    report("  diagnostic: ctrl+r did not list the resolved incidents within 30 s", "skipped")
    return False
