"""Changing an item after it was added (owner, due date, priority, link), and an ``a:``
note becoming an item once: each change on the timeline, each refusal in one line and
changing nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import InvalidInput, NotFound, Refused
from warroom.process import incidents, roles, scribe, timeline
from warroom.process.action_edits import set_due, set_link, set_owner, set_priority
from warroom.process.action_notes import action_notes, item_from_note
from warroom.process.actions import add_action, complete_item
from warroom.process.context import Context
from warroom.process.queries import entry_text
from warroom.process.read import list_incidents, load_detail
from warroom.process.resolution import resolve

from .conftest import T0


@pytest.fixture
def key(ctx: Context) -> str:
    return incidents.declare(ctx, incidents.Declaration("Git push fails", 1), by="bot").key


@pytest.fixture
def item_id(ctx: Context, key: str) -> int:
    item = add_action(ctx, key, "remove the feature flag", by="alice")
    assert item.id is not None
    return item.id


def _last_said(ctx: Context, key: str) -> str:
    return entry_text(timeline.entries(ctx, key)[-1])


def test_owner_given_changed_and_taken_away(ctx: Context, key: str, item_id: int) -> None:
    assert set_owner(ctx, item_id, " dev ", by="alice") == key
    assert load_detail(ctx, key).actions[0].owner == "dev"
    assert _last_said(ctx, key) == f"Action item {item_id} assigned to dev: remove the feature flag"
    set_owner(ctx, item_id, "ops", by="alice")
    set_owner(ctx, item_id, "", by="alice")
    assert load_detail(ctx, key).actions[0].owner == ""
    assert _last_said(ctx, key) == (
        f"Action item {item_id} has no owner now (was ops): remove the feature flag"
    )


def test_due_date_set_moved_and_cleared(
    ctx: Context, key: str, item_id: int, clock: ManualClock
) -> None:
    due = T0 + timedelta(days=2)
    set_due(ctx, item_id, due, by="alice")
    assert load_detail(ctx, key).actions[0].due_at == due
    assert _last_said(ctx, key) == (
        f"Action item {item_id} due 2026-11-27 14:00 UTC: remove the feature flag"
    )
    set_due(ctx, item_id, None, by="alice")
    assert load_detail(ctx, key).actions[0].due_at is None
    assert _last_said(ctx, key) == (
        f"Action item {item_id} no longer has a due date: remove the feature flag"
    )


def test_priority_and_link_changed_with_what_they_were(
    ctx: Context, key: str, item_id: int
) -> None:
    set_priority(ctx, item_id, "HIGH", by="alice")
    set_link(ctx, item_id, "https://tickets.example/T-1", by="alice")
    (item,) = load_detail(ctx, key).actions
    assert (item.priority, item.link) == ("high", "https://tickets.example/T-1")
    assert _last_said(ctx, key) == (
        f"Action item {item_id} changed link (none) → https://tickets.example/T-1: "
        "remove the feature flag"
    )
    set_link(ctx, item_id, "", by="alice")
    assert load_detail(ctx, key).actions[0].link == ""


@pytest.mark.parametrize(
    ("change", "error", "says"),
    [
        (lambda c, i: set_owner(c, i, "x" * 300, by="a"), InvalidInput, "owner"),
        (lambda c, i: set_owner(c, i, "", by="a"), Refused, "has no owner already"),
        (lambda c, i: set_due(c, i, None, by="a"), Refused, "has no due date already"),
        (lambda c, i: set_due(c, i, T0 + timedelta(days=4000), by="a"), InvalidInput, "ten"),
        (lambda c, i: set_priority(c, i, "urgent", by="a"), InvalidInput, "high, normal, low"),
        (lambda c, i: set_priority(c, i, "normal", by="a"), Refused, "already has priority"),
        (lambda c, i: set_link(c, i, "javascript:alert(1)", by="a"), InvalidInput, "http"),
        (lambda c, i: set_owner(c, 999, "dev", by="a"), NotFound, "no action item 999"),
    ],
    ids=["long owner", "no owner", "no date", "far due", "priority", "same", "link", "unknown"],
)
def test_refusals_change_nothing(
    ctx: Context, key: str, item_id: int, change: object, error: type[Exception], says: str
) -> None:
    before = len(timeline.entries(ctx, key))
    with pytest.raises(error, match=says):
        change(ctx, item_id)  # type: ignore[operator]
    assert len(timeline.entries(ctx, key)) == before
    (item,) = load_detail(ctx, key).actions
    assert (item.owner, item.due_at, item.priority, item.link) == ("", None, "normal", "")


def test_an_action_note_becomes_an_item_once(ctx: Context, key: str) -> None:
    note = scribe.add_line(ctx, key, "a: bob rotates the push keys", by="scribe")
    other = scribe.add_line(ctx, key, "o: errors at 40%", by="scribe")
    assert note.id is not None and other.id is not None
    assert [n.id for n in action_notes(ctx, key).untracked] == [note.id]

    item = item_from_note(ctx, key, note.id, "bob rotates the push keys", by="alice", owner="bob")
    assert (item.text, item.owner, item.kind) == ("bob rotates the push keys", "bob", "cleanup")
    assert (
        _last_said(ctx, key)
        == "Action item (cleanup) from an action note: bob rotates the push keys"
    )
    notes = action_notes(ctx, key)
    assert (notes.untracked, notes.tracked) == ([], {note.id: item.id})

    with pytest.raises(Refused, match=f"that note is already action item {item.id} on {key}"):
        item_from_note(ctx, key, note.id, "again", by="alice")
    with pytest.raises(NotFound, match=f"no action note {other.id} on {key}"):
        item_from_note(ctx, key, other.id, "not an action", by="alice")
    assert len(load_detail(ctx, key).actions) == 1


def test_newest_untracked_action_note_comes_first(ctx: Context, key: str) -> None:
    first = scribe.add_line(ctx, key, "a: first", by="scribe")
    second = scribe.add_line(ctx, key, "a: second", by="scribe")
    assert first.id is not None and second.id is not None
    assert [n.text for n in action_notes(ctx, key).untracked] == ["second", "first"]
    item_from_note(ctx, key, second.id, "second", by="alice")
    assert [n.text for n in action_notes(ctx, key).untracked] == ["first"]


def test_the_list_counts_open_and_overdue_items(ctx: Context, key: str, clock: ManualClock) -> None:
    other = incidents.declare(ctx, incidents.Declaration("Wiki slow", 3), by="bot").key
    add_action(ctx, key, "soon", by="a", due_at=T0 + timedelta(hours=1))
    add_action(ctx, key, "later", by="a", due_at=T0 + timedelta(days=3))
    add_action(ctx, key, "whenever", by="a")
    done = add_action(ctx, key, "done already", by="a", due_at=T0 + timedelta(hours=1))
    assert done.id is not None
    complete_item(ctx, done.id, by="a")
    clock.advance(timedelta(hours=2))
    roles.take(ctx, key, by="a")
    resolve(ctx, key, impact_ended_at=clock.now(), by="a")
    counts = {
        r.key: (r.open_items, r.overdue_items) for r in list_incidents(ctx, include_resolved=True)
    }
    assert counts == {key: (3, 1), other: (0, 0)}
    add_action(ctx, other, "still fighting it", by="a")
    # The open ones alone: counted from their own items only.
    (row,) = list_incidents(ctx)
    assert (row.key, row.open_items, row.overdue_items) == (other, 1, 0)
