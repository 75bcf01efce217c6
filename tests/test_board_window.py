"""A note the console just saved is shown before the board is read again
(``reports.board.with_saved_entry``): where it is placed must be where the next board has it,
for a note written now, one back-dated into the window, and one dated before it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.base.clock import ManualClock
from warroom.process import incidents, timeline
from warroom.process.context import Context
from warroom.reports.board import load_board, with_saved_entry
from warroom.store.models import TimelineEntry

WINDOW = 4


def _ids(entries: list[TimelineEntry]) -> list[int | None]:
    return [e.id for e in entries]


@pytest.mark.parametrize(
    ("minutes_back", "shown"),
    [(None, True), (25, True), (90, False)],
    ids=["now", "back-dated into the window", "dated before the window"],
)
def test_a_saved_note_goes_where_the_next_board_puts_it(
    ctx: Context, clock: ManualClock, minutes_back: int | None, shown: bool
) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Checkout errors", 2), by="bot").key
    for minute in range(6):
        clock.advance(timedelta(minutes=10))
        timeline.add_note(ctx, key, f"note {minute}", by="alice")
    before = load_board(ctx, key, timeline_limit=WINDOW)
    assert before.detail is not None
    clock.advance(timedelta(minutes=1))
    at = None if minutes_back is None else clock.now() - timedelta(minutes=minutes_back)
    entry = timeline.add_note(ctx, key, "the new one", by="alice", occurred_at=at)
    placed = with_saved_entry(before.detail.timeline, entry, WINDOW)
    after = load_board(ctx, key, timeline_limit=WINDOW)
    assert after.detail is not None
    if shown:
        assert placed is not None
        assert _ids(placed) == _ids(after.detail.timeline)
        assert entry.id in _ids(placed)
    else:
        assert placed is None
        assert entry.id not in _ids(after.detail.timeline)


def test_a_board_reads_a_page_of_the_list_and_says_how_many_more(
    ctx: Context, clock: ManualClock
) -> None:
    """The list's pages are its own order cut in pieces, on both engines: open incidents by
    severity and age, then resolved ones latest first (read along their index)."""
    from warroom.process import resolution, roles
    from warroom.process.read import list_incidents

    for number in range(7):
        key = incidents.declare(
            ctx, incidents.Declaration(f"Fault {number}", 3 - number % 3), by="bot"
        ).key
        if number % 2:
            roles.take(ctx, key, by="alice")
            clock.advance(timedelta(minutes=1 + number))
            resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    everything = list_incidents(ctx, include_resolved=True)
    for offset in range(len(everything) + 1):
        for limit in (1, 2, 3, 7):
            page = list_incidents(ctx, include_resolved=True, limit=limit, offset=offset)
            assert page == everything[offset : offset + limit], (offset, limit)
    board = load_board(ctx, None, include_resolved=True, list_limit=5)
    assert [r.key for r in board.rows] == [r.key for r in everything[:5]]
    assert board.unlisted == 2
    assert load_board(ctx, None, include_resolved=True, list_limit=7).unlisted == 0
    assert load_board(ctx, None, include_resolved=True).unlisted == 0
