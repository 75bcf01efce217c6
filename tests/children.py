"""Starting this project's code in child processes, as the multi-process tests do."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env(base: Mapping[str, str] | None = None, **extra: str) -> dict[str, str]:
    """``base`` (this process's environment, already isolated by the autouse fixture) with
    ``extra``, and the project first on ``PYTHONPATH``, so ``python -m warroom`` and
    ``python -m tests.…`` run this checkout's code."""
    env = {**(os.environ if base is None else base), **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env
