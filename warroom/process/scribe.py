"""The scribe's entry line: one line of text becomes a timeline note (how the line is read
and checked: ``note_input``)."""

from __future__ import annotations

from datetime import datetime

from warroom.process import timeline
from warroom.process.context import Context
from warroom.process.note_input import checked_line
from warroom.store.models import TimelineEntry


def add_line(
    ctx: Context,
    key: str,
    line: str,
    *,
    by: str,
    occurred_at: datetime | None = None,
    undo: str = "",
) -> TimelineEntry:
    """Add a note written as on the entry line; ``occurred_at`` and ``undo`` may come from
    elsewhere (the command line's --at and --undo), but not twice."""
    note = checked_line(line, by=by, now=ctx.clock.now(), occurred_at=occurred_at, undo=undo)
    return timeline.store_note(ctx, key, note)
