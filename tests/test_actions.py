"""Clean-up and follow-up items: a due time, done once, listed across incidents."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import InvalidInput, NotFound, Refused
from warroom.process import incidents, timeline
from warroom.process.actions import add_action, complete_action, complete_item, reopen_item
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


def test_an_item_has_a_priority_and_a_ticket_link(ctx: Context, keys: tuple[str, str]) -> None:
    item = add_action(
        ctx,
        keys[0],
        "alert on replica lag",
        by="alice",
        kind="follow-up",
        priority=" HIGH ",
        link=" https://tickets.example/OPS-12 ",
    )
    assert (item.priority, item.link) == ("high", "https://tickets.example/OPS-12")
    assert add_action(ctx, keys[0], "plain", by="alice").priority == "normal"


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"priority": "urgent"}, "priority: 'urgent': use high, normal, low"),
        ({"link": "javascript:alert(1)"}, "link: 'javascript:alert(1)': give the ticket's"),
        ({"link": "file:///etc/passwd"}, "give the ticket's http:// or https:// URL"),
        ({"link": "https://a.example/x y"}, "give the ticket's http:// or https:// URL"),
        ({"link": "https://a.example/\x1b]0;x\x07"}, "give the ticket's http:// or https://"),
        ({"link": "https://a.example/\u202egpj.exe"}, "give the ticket's http:// or https://"),
        ({"link": "https://a.example/" + "x" * 3000}, "link: 3 KiB is over the 2 KiB limit"),
    ],
)
def test_a_bad_priority_or_link_is_refused_and_nothing_is_written(
    ctx: Context, keys: tuple[str, str], given: dict[str, str], says: str
) -> None:
    before = ctx.store.latest_event_id()
    with pytest.raises(InvalidInput, match=re.escape(says)):
        add_action(ctx, keys[0], "t", by="alice", **given)
    assert ctx.store.latest_event_id() == before


def test_done_says_who_and_reopen_undoes_it(
    ctx: Context, keys: tuple[str, str], clock: ManualClock
) -> None:
    item = add_action(ctx, keys[0], "rotate the key", by="alice")
    assert item.id is not None
    complete_item(ctx, item.id, by="dev")
    (done,) = list_actions(ctx, keys[0])
    assert (done.done, done.done_by) == (True, "dev")
    clock.advance(timedelta(minutes=1))
    assert reopen_item(ctx, item.id, by="alice") == keys[0]
    (reopened,) = list_actions(ctx, keys[0])
    assert (reopened.done, reopened.done_at, reopened.done_by) == (False, None, "")
    assert entry_text(timeline.entries(ctx, keys[0])[-1]) == "Action item reopened: rotate the key"
    with pytest.raises(Refused, match=f"action item {item.id} on {keys[0]} is not done"):
        reopen_item(ctx, item.id, by="alice")
    with pytest.raises(NotFound, match="no action item 99"):
        reopen_item(ctx, 99, by="alice")


def test_overdue_lists_open_items_past_their_due_time(
    ctx: Context, keys: tuple[str, str], clock: ManualClock
) -> None:
    late = add_action(ctx, keys[0], "late", by="a", due_at=T0 + timedelta(hours=1))
    add_action(ctx, keys[1], "not yet", by="a", due_at=T0 + timedelta(days=1))
    add_action(ctx, keys[1], "no date", by="a")
    done = add_action(ctx, keys[1], "done late", by="a", due_at=T0 + timedelta(hours=1))
    assert done.id is not None
    complete_item(ctx, done.id, by="a")
    clock.advance(timedelta(hours=2))
    overdue = list_actions(ctx, overdue_at=clock.now())
    assert [row.id for row in overdue] == [late.id]
