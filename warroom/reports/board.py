"""What the console shows at one moment, read in one go so a refresh is a single trip."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime

from warroom.base.errors import NotFound
from warroom.comms.cadence import next_update_due
from warroom.process.context import Context
from warroom.process.incident_row import IncidentRow
from warroom.process.page_read import PageView, list_pages
from warroom.process.read import (
    HandoverNotice,
    IncidentDetail,
    count_incidents,
    handovers_between,
    list_incidents,
    load_detail,
    row_of,
)
from warroom.reports.next_step import NextStep, next_step
from warroom.reports.shifts import HolderShift, holder_shifts
from warroom.store.models import TimelineEntry
from warroom.vocabulary.pages import PageState

TIMELINE_WINDOW = 300  # the latest entries the console shows; `warroom show` has them all
LIST_PAGE = 200  # incidents read at a time once resolved ones are listed (years of them)


@dataclass(frozen=True)
class Board:
    event_id: int
    rows: list[IncidentRow]
    detail: IncidentDetail | None
    next_step: NextStep | None
    update_due: datetime | None  # when the next update is due, once comms have started
    handovers: list[HandoverNotice] = field(default_factory=list)  # since the last board
    pages: list[PageView] = field(default_factory=list)  # the focused incident's, newest first
    shifts: list[HolderShift] = field(default_factory=list)  # its role holders' on-call shifts
    unlisted: int = 0  # incidents past the rows read (list_limit): read as the list scrolls

    @property
    def open_pages(self) -> list[PageView]:
        return [view for view in self.pages if view.is_open]

    @property
    def unanswered(self) -> list[PageView]:
        return [view for view in self.pages if view.page.state == PageState.UNANSWERED]


def with_saved_entry(
    timeline: list[TimelineEntry], entry: TimelineEntry, window: int = TIMELINE_WINDOW
) -> list[TimelineEntry] | None:
    """``timeline`` (a board's window of entries, oldest first) with ``entry`` just saved in
    its place, as the next board will have it; None when the window would not show it (a
    note dated before the oldest entry of a full window)."""
    order = [(e.occurred_at, e.id or 0) for e in timeline]
    place = (entry.occurred_at, entry.id or 0)
    at = bisect.bisect(order, place)
    if at == 0 and len(timeline) >= window:
        return None
    return [*timeline[:at], entry, *timeline[at:]][-window:]


def load_board(
    ctx: Context,
    focused_key: str | None,
    *,
    include_resolved: bool = False,
    list_limit: int | None = None,
    timeline_limit: int = TIMELINE_WINDOW,
    handovers_after: int | None = None,
) -> Board:
    """``handovers_after``: the event id of the board shown before; the hand-overs recorded
    since come with this one, on any incident. ``list_limit``: at most this many rows of
    the list (with resolved incidents, a store of years holds 100,000); the board says how
    many more there are."""
    # Read the feed position first: a change landing during the reads below bumps it
    # past this value, so the next poll refreshes again rather than missing it.
    event_id = ctx.store.latest_event_id()
    handovers = (
        handovers_between(ctx, handovers_after, event_id) if handovers_after is not None else []
    )
    rows = list_incidents(ctx, include_resolved=include_resolved, limit=list_limit)
    unlisted = 0
    if list_limit is not None and len(rows) >= list_limit:
        unlisted = count_incidents(ctx, include_resolved=include_resolved) - len(rows)
    key = focused_key or (rows[0].key if rows else None)
    detail = None
    if key is not None:
        try:
            detail = load_detail(ctx, key, timeline_limit=timeline_limit)
        except NotFound:
            detail = None
    if detail is None:
        return Board(event_id, rows, None, None, None, handovers, unlisted=unlisted)
    now = ctx.clock.now()
    if all(row.key != detail.incident.key for row in rows):
        # The incident being worked on stays listed, e.g. just resolved with the resolved
        # ones hidden: the list's cursor and the panes never name two different incidents.
        rows = [*rows, row_of(detail, now)]
    due = next_update_due(ctx.catalog, detail.incident, detail.messages)
    major = ctx.catalog.is_major(detail.incident.severity)
    step = next_step(detail, major=major, now=now, update_due=due)
    pages = list_pages(ctx, detail.incident.key)
    shifts = holder_shifts(ctx.catalog, [h for h in detail.holdings if h.until is None], now)
    return Board(event_id, rows, detail, step, due, handovers, pages, shifts, unlisted)
