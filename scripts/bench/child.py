"""Starting one measurement in a fresh process: the entry point again, with ``--child``."""

from __future__ import annotations

import sys
from pathlib import Path

# The entry point, not this module: it owns the ``--child`` protocol, and it puts this
# package on the child's import path (a script's folder is ``sys.path[0]``).
ENTRY_POINT = Path(__file__).resolve().parent.parent / "benchmark.py"


def child_command(role: str, *args: str) -> list[str]:
    """The command line of a child; it inherits the environment, so PYTHONPATH too."""
    return [sys.executable, str(ENTRY_POINT), "--child", role, *args]
