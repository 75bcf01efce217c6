"""Timeline notes: kinds, back-dating, edits that keep history, and system entries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import InvalidInput, NotFound, Refused
from warroom.process import incidents, timeline
from warroom.process.context import Context
from warroom.vocabulary.kinds import EntryKind

from .conftest import T0


@pytest.fixture
def key(ctx: Context) -> str:
    return incidents.declare(ctx, incidents.Declaration("Errors", 2), by="alice").key


@pytest.mark.parametrize("kind", [k.value for k in EntryKind if k is not EntryKind.SYSTEM])
def test_people_write_every_kind(ctx: Context, key: str, kind: str) -> None:
    entry = timeline.add_note(ctx, key, f"a {kind}", kind=kind.upper(), by="bob")
    assert (entry.kind, entry.author, entry.text) == (kind, "bob", f"a {kind}")


def test_system_and_unknown_kinds_are_refused(ctx: Context, key: str) -> None:
    with pytest.raises(InvalidInput, match="console only"):
        timeline.add_note(ctx, key, "x", kind=EntryKind.SYSTEM, by="bob")
    with pytest.raises(InvalidInput, match="not a note kind"):
        timeline.add_note(ctx, key, "x", kind="system", by="bob")
    with pytest.raises(InvalidInput, match="not a note kind"):
        timeline.add_note(ctx, key, "x", kind="rumour", by="bob")


def test_empty_note_is_refused(ctx: Context, key: str) -> None:
    for text in ("", " \t\n"):
        with pytest.raises(InvalidInput, match="text: must not be empty"):
            timeline.add_note(ctx, key, text, by="bob")


def test_back_dated_notes_fall_into_place(ctx: Context, key: str, clock: ManualClock) -> None:
    clock.advance(timedelta(minutes=30))
    late = timeline.add_note(
        ctx, key, "deploy at 14:10", by="bob", occurred_at=T0 + timedelta(minutes=10)
    )
    now = timeline.add_note(ctx, key, "errors now", by="bob")
    assert late.occurred_at == T0 + timedelta(minutes=10)
    assert late.recorded_at == T0 + timedelta(minutes=30)
    texts = [e.text for e in timeline.entries(ctx, key)]
    assert texts.index("deploy at 14:10") < texts.index("errors now")
    assert now.occurred_at == now.recorded_at == clock.now()


def test_notes_in_the_future_are_refused(ctx: Context, key: str) -> None:
    with pytest.raises(InvalidInput, match="in the future"):
        timeline.add_note(ctx, key, "x", by="bob", occurred_at=T0 + timedelta(hours=1))


def test_a_change_carries_how_to_undo_it(ctx: Context, key: str) -> None:
    entry = timeline.add_note(
        ctx,
        key,
        "disabled feature flag new-push",
        kind="change",
        undo="re-enable new-push",
        by="bob",
    )
    assert entry.undo == "re-enable new-push"
    with pytest.raises(InvalidInput, match="only a change"):
        timeline.add_note(ctx, key, "x", kind="theory", undo="y", by="bob")


def test_editing_keeps_the_earlier_text(ctx: Context, key: str, clock: ManualClock) -> None:
    entry = timeline.add_note(ctx, key, "db at 90% cpu", kind="observation", by="bob")
    assert entry.id is not None
    clock.advance(timedelta(minutes=1))
    timeline.edit_note(ctx, entry.id, "db at 99% cpu", by="carol")
    timeline.edit_note(ctx, entry.id, "db at 100% cpu", by="bob")
    current = next(e for e in timeline.entries(ctx, key) if e.id == entry.id)
    assert (current.text, current.edited) == ("db at 100% cpu", True)
    edits = timeline.history(ctx, entry.id)
    assert [(e.previous_text, e.edited_by) for e in edits] == [
        ("db at 90% cpu", "carol"),
        ("db at 99% cpu", "bob"),
    ]


def test_edits_are_refused_for_system_entries_and_bad_input(ctx: Context, key: str) -> None:
    system = timeline.entries(ctx, key, kinds=["system"])[0]
    assert system.id is not None
    with pytest.raises(Refused, match="cannot be edited"):
        timeline.edit_note(ctx, system.id, "rewritten history", by="mallory")
    with pytest.raises(NotFound):
        timeline.edit_note(ctx, 9999, "x", by="bob")
    note = timeline.add_note(ctx, key, "x", by="bob")
    assert note.id is not None
    with pytest.raises(InvalidInput):
        timeline.edit_note(ctx, note.id, "  ", by="bob")
    assert timeline.history(ctx, note.id) == []


def test_filter_by_kind_and_limit(ctx: Context, key: str, clock: ManualClock) -> None:
    for i, kind in enumerate(["observation", "theory", "experiment", "decision", "theory"]):
        clock.advance(timedelta(seconds=1))
        timeline.add_note(ctx, key, f"{kind} {i}", kind=kind, by="bob")
    open_work = timeline.entries(ctx, key, kinds=["theory", "experiment"])
    assert [e.text for e in open_work] == ["theory 1", "experiment 2", "theory 4"]
    assert [e.text for e in timeline.entries(ctx, key, limit=2)] == ["decision 3", "theory 4"]


def test_nothing_is_ever_deleted(ctx: Context, key: str) -> None:
    """Every write leaves the number of entries the same or higher."""
    before = len(timeline.entries(ctx, key))
    entry = timeline.add_note(ctx, key, "x", by="bob")
    assert entry.id is not None
    timeline.edit_note(ctx, entry.id, "y", by="bob")
    incidents.change_severity(ctx, key, 1, reason="worse", by="alice")
    assert len(timeline.entries(ctx, key)) == before + 2
