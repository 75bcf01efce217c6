"""The clock the command line's commands run by, on either path (``full.py``, ``direct.py``):
the system's; tests put theirs here."""

from __future__ import annotations

from warroom.base.clock import Clock, SystemClock


def command_clock() -> Clock:
    return SystemClock()
