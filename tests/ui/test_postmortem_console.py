"""The postmortem screen, driven with real keys on a real store: two consoles writing one
section at once keep both texts; a blame flag is shown with why and accepted with one key;
the review's rules hold in the console; an unresolved incident has no postmortem yet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from warroom.app import WarroomApp, _key_names, check_keymap
from warroom.base.clock import ManualClock
from warroom.base.errors import InvalidInput
from warroom.process import incidents, postmortem, resolution, roles
from warroom.process.context import Context
from warroom.process.postmortem_read import load_postmortem
from warroom.screens import postmortem as postmortem_screen
from warroom.screens.postmortem import PostmortemScreen
from warroom.widgets.blame_flags import BlameFlags
from warroom.widgets.section_editor import SectionEditor

from .conftest import SIZE
from .helpers import notifications, settle

SAVE_AFTER = 0.3


@pytest.fixture(autouse=True)
def _save_soon(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved soon after typing stops; the tests wait past it, then for the workers."""
    monkeypatch.setattr(postmortem_screen, "SAVE_AFTER", SAVE_AFTER)


def _resolved(ctx: Context, clock: ManualClock) -> str:
    key = incidents.declare(ctx, incidents.Declaration("Checkout errors", 2), by="bot").key
    roles.take(ctx, key, by="alice")
    clock.advance(timedelta(minutes=20))
    resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    return key


async def _open_section(pilot: Pilot[None], slug: str) -> PostmortemScreen:
    await settle(pilot)
    await pilot.press("ctrl+r")  # resolved incidents shown
    await settle(pilot)
    await pilot.press("P")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PostmortemScreen)
    await _until(pilot, lambda: screen.report is not None and screen.rules is not None)
    sections = [s.slug for s in postmortem_screen.SECTIONS]
    screen.query_one("#pm-sections").highlighted = sections.index(slug)  # type: ignore[attr-defined]
    await settle(pilot)
    assert screen.section.slug == slug
    editor = screen.query_one(SectionEditor)

    def focused() -> bool:
        # A widget shown a moment ago takes the focus once its styles say it is displayed.
        if not editor.has_focus:
            editor.focus()
        return editor.has_focus

    await _until(pilot, focused)
    await pilot.press("ctrl+end")
    return screen


async def _typed(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)
    editor = pilot.app.screen.query_one(SectionEditor)
    said = f"typed into {pilot.app.focused!r}; the editor holds {editor.text!r}"
    assert text in editor.text, said
    await _saved(pilot)


async def _saved(pilot: Pilot[None]) -> None:
    """Everything typed is saved and the postmortem read again after it."""
    screen = pilot.app.screen
    assert isinstance(screen, PostmortemScreen)
    await pilot.pause(SAVE_AFTER)
    await _until(pilot, lambda: screen.drafts.settled)
    await settle(pilot)  # the read that follows the save


async def _until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Wait for the screen's workers until ``done``; on a loaded machine the timer and the
    workers take their time. A minute without it is a failure, not a hang."""
    for _ in range(600):
        await settle(pilot)
        if done():
            return
        await pilot.pause(0.1)
    raise AssertionError("the postmortem screen never got there")


async def test_two_consoles_writing_one_section_keep_both_texts(
    ctx: Context, clock: ManualClock, db_path: Path
) -> None:
    key = _resolved(ctx, clock)
    postmortem.write_section(ctx, key, "went-well", "Paging worked.\n", base=None, by="carol")
    other_ctx = Context.open(db_path, clock=clock)
    alice = WarroomApp(ctx, "alice", cursor_blink=False)
    bob = WarroomApp(other_ctx, "bob", cursor_blink=False)
    try:
        async with (
            alice.run_test(size=SIZE, notifications=True) as one,
            bob.run_test(size=SIZE, notifications=True) as two,
        ):
            first = await _open_section(one, "went-well")
            second = await _open_section(two, "went-well")
            # Both type before either's save reaches the other: the second save is joined.
            # (Inserted as a paste would be: typing key by key is the other test's part.)
            first.query_one(SectionEditor).insert("Rollback took two minutes.")
            second.query_one(SectionEditor).insert("Comms went out on time.")
            await _saved(one)
            await _saved(two)
            text = load_postmortem(ctx, key).text("went-well")
            for line in ("Paging worked.", "Rollback took two minutes.", "Comms went out on time."):
                assert line in text
            # The first console shows the joined text once its poll reads the feed.
            await _until(one, lambda: first.query_one(SectionEditor).text == text)
            await _until(two, lambda: second.query_one(SectionEditor).text == text)
    finally:
        other_ctx.close()


async def test_a_blame_flag_says_why_and_one_key_accepts_it(
    ctx: Context, clock: ManualClock
) -> None:
    key = _resolved(ctx, clock)
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open_section(pilot, "fault")
        await _typed(pilot, "It was human error.")
        flags = screen.query_one(BlameFlags)
        # A loaded machine may fire the save's timer after the pause above: wait for it.
        await _until(pilot, lambda: bool(flags.flags))
        assert [(f.rule, f.words, f.accepted) for f in flags.flags] == [
            ("human error", "human error", False)
        ]
        assert "Ask what made the mistake easy" in str(flags.get_row_at(0)[3])
        flags.focus()
        await pilot.press("a")
        await settle(pilot)
        assert [f.accepted for f in screen.query_one(BlameFlags).flags] == [True]
        await pilot.press("f2")  # ask for review: alice is the author
        await settle(pilot)
        await pilot.press("f3")  # and may not approve her own
        await settle(pilot)
        assert any("alice wrote part of the postmortem" in n for n in notifications(app))
        assert load_postmortem(ctx, key).state.value == "in review"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PostmortemScreen)


async def test_a_read_landing_before_a_keystrokes_change_message_keeps_the_keystroke(
    ctx: Context, clock: ManualClock
) -> None:
    """A read of the store (a poll, or the read after a save) can land between a key's edit
    and the editor's change message; the stored text must not be shown over the key."""
    _resolved(ctx, clock)
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open_section(pilot, "fault")
        editor = screen.query_one(SectionEditor)
        editor.insert("It was human error.")  # its Changed message is queued, not handled
        screen._shown(screen._read())  # the worker's result, handled first
        assert editor.text == "It was human error."
        await _saved(pilot)
        assert load_postmortem(ctx, screen.key).text("fault") == "It was human error."
        assert [f.words for f in screen.query_one(BlameFlags).flags] == ["human error"]
        # The same when a save comes back: typed on, the save under way, one more key.
        editor.insert(" Bob")
        await settle(pilot)
        sent = screen.drafts.next_to_save()
        assert sent is not None
        saved = postmortem.write_section(
            ctx, screen.key, "fault", sent.text, base=sent.base, by="alice"
        )
        editor.insert(" forgot")
        screen._saved(sent, saved)
        assert editor.text == "It was human error. Bob forgot"
        await _saved(pilot)
        assert load_postmortem(ctx, screen.key).text("fault") == editor.text


async def test_an_unresolved_incident_has_no_postmortem_yet(ctx: Context) -> None:
    incidents.declare(ctx, incidents.Declaration("Still burning", 1), by="bot")
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert not isinstance(app.screen, PostmortemScreen)
        assert any(
            "is not resolved yet: its postmortem is written once it is" in n
            for n in notifications(app)
        )


async def test_quitting_with_unsaved_text_saves_it_and_asks_again(
    ctx: Context, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(postmortem_screen, "SAVE_AFTER", 3600)  # only quitting saves it
    key = _resolved(ctx, clock)
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open_section(pilot, "detection")
        await pilot.press(*"Alerts fired late.")
        await pilot.press("ctrl+q")
        screen = app.screen
        assert isinstance(screen, PostmortemScreen)
        await _until(pilot, lambda: screen.drafts.settled)
        assert app.is_running
        assert any("postmortem text (saving it now)" in n for n in notifications(app))
        assert load_postmortem(ctx, key).text("detection") == "Alerts fired late."


def test_the_postmortem_and_report_keys_can_be_moved_and_are_checked() -> None:
    check_keymap({"submit_postmortem": "f6", "accept_flag": "y", "report_training": "T"})
    names = _key_names({"send_back_postmortem": "f9"})
    assert (names["send_back_postmortem"], names["theory_ruled_out"]) == ("F9", "x")
    with pytest.raises(InvalidInput, match="would run both theory_confirmed and theory_open"):
        check_keymap({"theory_confirmed": "o"})
