"""What the console shows at one moment, read in one go so a refresh is a single trip."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from warroom.base.errors import NotFound
from warroom.comms.cadence import next_update_due
from warroom.process.context import Context
from warroom.process.read import IncidentDetail, IncidentRow, list_incidents, load_detail
from warroom.reports.next_step import NextStep, next_step

TIMELINE_WINDOW = 300  # the latest entries the console shows; `warroom show` has them all


@dataclass(frozen=True)
class Board:
    event_id: int
    rows: list[IncidentRow]
    detail: IncidentDetail | None
    next_step: NextStep | None
    update_due: datetime | None  # when the next update is due, once comms have started


def load_board(
    ctx: Context,
    focused_key: str | None,
    *,
    include_resolved: bool = False,
    timeline_limit: int = TIMELINE_WINDOW,
) -> Board:
    # Read the feed position first: a change landing during the reads below bumps it
    # past this value, so the next poll refreshes again rather than missing it.
    event_id = ctx.store.latest_event_id()
    rows = list_incidents(ctx, include_resolved=include_resolved)
    key = focused_key or (rows[0].key if rows else None)
    detail = None
    if key is not None:
        try:
            detail = load_detail(ctx, key, timeline_limit=timeline_limit)
        except NotFound:
            detail = None
    if detail is None:
        return Board(event_id, rows, None, None, None)
    now = ctx.clock.now()
    due = next_update_due(ctx.catalog, detail.incident, detail.messages)
    major = ctx.catalog.is_major(detail.incident.severity)
    step = next_step(detail, major=major, now=now, update_due=due)
    return Board(event_id, rows, detail, step, due)
