"""Clean-up and follow-up items: a due time, done once, listed across incidents."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import NotFound, Refused
from warroom.process import incidents, timeline
from warroom.process.actions import add_action, complete_action, complete_item
from warroom.process.context import Context
from warroom.process.queries import entry_text
from warroom.process.read import list_actions, load_detail

from .conftest import T0


@pytest.fixture
def keys(ctx: Context) -> tuple[str, str]:
    first = incidents.declare(ctx, incidents.Declaration("Git push fails", 1), by="bot").key
    second = incidents.declare(ctx, incidents.Declaration("Wiki slow", 3), by="bot").key
    return first, second


def test_an_item_keeps_its_due_time(ctx: Context, keys: tuple[str, str]) -> None:
    due = T0 + timedelta(days=1)
    item = add_action(ctx, keys[0], "remove the flag", owner=" dev ", by="alice", due_at=due)
    (stored,) = load_detail(ctx, keys[0]).actions
    assert (stored.id, stored.owner, stored.due_at, stored.done) == (item.id, "dev", due, False)
    assert add_action(ctx, keys[0], "no date", by="alice").due_at is None


def test_done_by_id_finds_the_incident_and_refuses_a_second_time(
    ctx: Context, keys: tuple[str, str], clock: ManualClock
) -> None:
    item = add_action(ctx, keys[1], "rebuild the index", by="alice")
    assert item.id is not None
    clock.advance(timedelta(minutes=5))
    assert complete_item(ctx, item.id, by="dev") == keys[1]
    (stored,) = load_detail(ctx, keys[1]).actions
    assert (stored.done, stored.done_at) == (True, T0 + timedelta(minutes=5))
    assert entry_text(timeline.entries(ctx, keys[1])[-1]) == "Action item done: rebuild the index"
    entries = len(timeline.entries(ctx, keys[1]))
    with pytest.raises(Refused, match=f"action item {item.id} on {keys[1]} is already done"):
        complete_item(ctx, item.id, by="dev")
    with pytest.raises(Refused, match="already done"):
        complete_action(ctx, keys[1], item.id, by="dev")
    assert len(timeline.entries(ctx, keys[1])) == entries  # nothing recorded twice


def test_done_refuses_an_unknown_item(ctx: Context, keys: tuple[str, str]) -> None:
    with pytest.raises(NotFound, match="no action item 99"):
        complete_item(ctx, 99, by="dev")


def test_listed_open_first_soonest_due_first(ctx: Context, keys: tuple[str, str]) -> None:
    first, second = keys
    late = add_action(ctx, first, "later", by="a", due_at=T0 + timedelta(days=2))
    undated = add_action(ctx, first, "someday", by="a")
    soon = add_action(ctx, second, "soon", by="a", due_at=T0 + timedelta(hours=1))
    finished = add_action(ctx, second, "finished", by="a", due_at=T0 + timedelta(minutes=1))
    assert finished.id is not None
    complete_action(ctx, second, finished.id, by="a")

    rows = list_actions(ctx)
    assert [r.text for r in rows] == ["soon", "later", "someday", "finished"]
    assert [r.key for r in rows] == [second, first, first, second]
    assert [r.id for r in rows] == [soon.id, late.id, undated.id, finished.id]
    assert [r.text for r in list_actions(ctx, open_only=True)] == ["soon", "later", "someday"]
    assert [r.text for r in list_actions(ctx, second.lower())] == ["soon", "finished"]
    assert [r.text for r in list_actions(ctx, second, open_only=True)] == ["soon"]
    with pytest.raises(NotFound):
        list_actions(ctx, "HOT-99")
