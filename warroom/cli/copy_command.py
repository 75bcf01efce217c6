"""``warroom copy --from SRC --to DST``: a whole store into a new one, from SQLite to
PostgreSQL or back (``store/copy.py`` does the copying).

The source is opened as it is, never created nor upgraded: a copy changes nothing it copies.
The destination is opened as any store is, so a new one is created at this warroom's schema.
"""

from __future__ import annotations

import argparse

from warroom.config.settings import Settings
from warroom.store.copy import Copied, copy_store, shown
from warroom.store.open import open_store

# What a table's rows are called where its name alone would not say.
_WORDS = {"drill_clock": ("drill clock setting", "drill clock settings")}


def cmd_copy(args: argparse.Namespace, settings: Settings) -> int:
    source = open_store(args.source, upgrade=False)
    try:
        destination = open_store(args.destination)
        try:
            copied = copy_store(source, destination)
        finally:
            destination.close()
    finally:
        source.close()
    print(f"copied {summary(copied)} from {shown(source)} to {shown(destination)}")
    return 0


def summary(copied: Copied) -> str:
    """``12 incidents, 340 timeline entries, …``: incidents first, then each table that had
    rows, in the order they were copied."""
    if not copied.total:
        return "an empty store"
    names = ["incident", *(name for name in copied.rows if name != "incident")]
    return ", ".join(
        _count(copied.rows[name], name) for name in names if copied.rows[name] or name == "incident"
    )


def _count(number: int, table: str) -> str:
    words = table.replace("_", " ")
    one, many = _WORDS.get(
        table, (words, words[:-1] + "ies" if words.endswith("y") else words + "s")
    )
    return f"{number} {one if number == 1 else many}"
