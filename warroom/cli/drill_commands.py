"""The commands for training drills: checking a drill file before a class uses it."""

from __future__ import annotations

import argparse
from pathlib import Path

from warroom.scenarios.drill import load_drill


def cmd_drill_check(args: argparse.Namespace) -> int:
    """Each file: ``ok`` with what it holds, or the first refusal (file, line, field)."""
    for path in args.file:
        drill = load_drill(Path(path))
        print(
            f"{path}: ok — {drill.drill.title}: {len(drill.injects)} injects, "
            f"{len(drill.expectations)} expectations"
        )
    return 0
