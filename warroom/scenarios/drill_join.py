"""Whether a store is a drill store, answered cheaply, and the drill joined only when it is.

Every command and every console asks this of the store it opens. Most stores are not drill
stores: they pay one read, and never load the drill's code (the drill format, its models).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from warroom.base.clock import Clock
from warroom.process.context import Context
from warroom.process.drill_records import read_drill

if TYPE_CHECKING:
    from warroom.scenarios.drill_session import DrillSession


def join_if_drill(ctx: Context, wall: Clock) -> DrillSession | None:
    """The drill on this store (``drill_session.join``), or None when it holds none."""
    if read_drill(ctx) is None:
        return None
    from warroom.scenarios.drill_session import join

    return join(ctx, wall)
