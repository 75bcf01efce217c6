"""Where the console's time goes outside Textual: the reads behind each board, alone."""

from __future__ import annotations

import time
from pathlib import Path

from bench.report import median, ms, report
from bench.store import StoreFacts


def diagnostics(db: Path, facts: StoreFacts) -> None:
    """Where the console's time goes, outside Textual: the reads behind each board."""
    from warroom.process.context import Context
    from warroom.reports.board import LIST_PAGE, load_board

    ctx = Context.open(db)
    try:
        cases = (
            (f"{facts.heavy_key}, heavy", facts.heavy_key, False),
            (f"{facts.light_key}, light", facts.light_key, False),
            (f"{facts.heavy_key}, a page of resolved ones as after ctrl+r", facts.heavy_key, True),
        )
        for label, key, resolved in cases:
            times = []
            for _ in range(5):
                started = time.perf_counter()
                limit = LIST_PAGE if resolved else None
                board = load_board(ctx, key, include_resolved=resolved, list_limit=limit)
                times.append(time.perf_counter() - started)
            report(
                f"  diagnostic: load_board({label}) alone, median of 5",
                f"{ms(median(times))} ({len(board.rows):,} rows)",
            )
    finally:
        ctx.close()
