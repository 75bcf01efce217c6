"""Realistic sample data for trying the console: ``warroom demo``.

The incidents are scenarios, the files in ``data/scenarios/demo/``, played together to now:
a severity-1 in the middle of its response, a new severity-2 nobody has taken yet, and resolved
ones from the four days before, one of them a training drill. They are written for the shipped
catalog.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from warroom.base.errors import Refused
from warroom.base.locations import shipped_data
from warroom.process.context import Context
from warroom.process.read import list_incidents
from warroom.scenarios.format import load_scenario
from warroom.scenarios.play import play

DEMO_FILE = "demo.db"


def demo_scenario_paths() -> list[Path]:
    return sorted(shipped_data("scenarios", "demo").glob("*.toml"))


def populate_demo(ctx: Context, now: datetime) -> list[str]:
    """Fill an empty store with the demo's incidents; return their keys, oldest first.

    ``ctx.clock`` is not used or moved. The same ``now`` gives the same data.
    """
    if now.tzinfo is None:
        raise ValueError("populate_demo needs a timezone-aware now")
    if list_incidents(ctx, include_resolved=True, limit=1):
        raise Refused("the demo fills an empty store only; this one already has incidents")
    return play(ctx, [load_scenario(path) for path in demo_scenario_paths()], now)


def open_demo_store(folder: Path, now: datetime) -> Path:
    """Create ``folder/demo.db`` on the shipped catalog, fill it, close it; return its path."""
    path = folder / DEMO_FILE
    if path.exists():
        raise Refused(f"{path} already exists; the demo store is always created fresh")
    ctx = Context.open(path)
    try:
        populate_demo(ctx, now)
    finally:
        ctx.close()
    return path
