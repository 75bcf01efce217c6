"""The change feed as a console listens to it: woken when another console or a script wrote,
where the engine can announce changes (PostgreSQL's LISTEN/NOTIFY). Where it cannot (SQLite),
a store has no listener and consoles poll the event sequence instead.

Either way the event sequence is the truth: a wake-up only says "read it again", so a lost
announcement, or a whole lost connection, costs time and never an event.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol


class Wake(Enum):
    """Why ``ChangeListener.wait`` returned."""

    CHANGED = "changed"  # something was written: read the event sequence again
    QUIET = "quiet"  # the timeout passed (or the connection is still down)
    LOST = "lost"  # the connection to the store was just lost; retrying on each wait
    BACK = "back"  # connected again: read the event sequence, announcements were missed


class ChangeListener(Protocol):
    def wait(self, timeout: float) -> Wake:
        """Block until a change is announced, the connection is lost or back, or
        ``timeout`` seconds pass."""
        ...

    def close(self) -> None: ...
