"""The commands for training drills: checking a drill file before a class uses it, and
making one from a past incident."""

from __future__ import annotations

import argparse
from pathlib import Path

from warroom.base.errors import InvalidInput
from warroom.process.context import Context
from warroom.process.read import load_detail
from warroom.scenarios.drill import load_drill
from warroom.scenarios.drill_writer import drill_from


def cmd_drill_check(args: argparse.Namespace) -> int:
    """Each file: ``ok`` with what it holds, or the first refusal (file, line, field)."""
    for path in args.file:
        if not path.strip():  # Path("") is the current folder, never what was meant
            raise InvalidInput("file", "is empty; give a drill file")
        drill = load_drill(Path(path))
        print(
            f"{path}: ok — {drill.drill.title}: {len(drill.injects)} injects, "
            f"{len(drill.expectations)} expectations"
        )
    return 0


def cmd_drill_from(ctx: Context, args: argparse.Namespace, by: str) -> int:
    """The drill file for a resolved incident, on stdout: redirect it to a file to keep it."""
    print(drill_from(load_detail(ctx, args.key), ctx.catalog), end="")
    return 0
