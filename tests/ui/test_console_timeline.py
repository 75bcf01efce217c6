"""The scribe's flow: notes with prefixes and back-dating, saved and shown at once."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from warroom.app import WarroomApp
from warroom.process import incidents, timeline
from warroom.process.context import Context

from ..conftest import T0
from .conftest import SIZE
from .helpers import list_text, log_text, notifications, settle, static_text


def _declare(ctx: Context, summary: str = "Checkout errors", severity: int = 1) -> str:
    return incidents.declare(ctx, incidents.Declaration(summary, severity), by="monitor").key


async def test_note_with_prefix_and_back_dating(app: WarroomApp, ctx: Context) -> None:
    key = _declare(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert key in list_text(app)
        await pilot.press("n")
        await pilot.press(*"@13:55 o: error rate 40%")
        await pilot.press("enter")
        await settle(pilot)
        notes = timeline.entries(ctx, key, kinds=["observation"])
        assert [(n.text, n.occurred_at, n.author) for n in notes] == [
            ("error rate 40%", T0 - timedelta(minutes=5), "alice")
        ]
        shown = log_text(app, "#timeline-log")
        assert "13:55* OBS  alice: error rate 40%" in shown
        assert app.screen.query_one("#entry").value == ""  # type: ignore[attr-defined]


async def test_refused_note_keeps_the_text_and_says_why(app: WarroomApp, ctx: Context) -> None:
    key = _declare(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"@25:99 t: the cache", "enter")
        await settle(pilot)
        assert "Not saved: @time: '25:99' is not a time of day" in static_text(app, "#entry-error")
        assert app.screen.query_one("#entry").value == "@25:99 t: the cache"  # type: ignore[attr-defined]
        assert timeline.entries(ctx, key, kinds=["theory"]) == []


async def test_markup_and_escapes_are_shown_literally(app: WarroomApp, ctx: Context) -> None:
    key = _declare(ctx, "[bold]Login[/bold] \x1b[31mdown\x1b[0m 数据库 🔥 \u202eevil")
    timeline.add_note(ctx, key, "file invoice\u202egpj.exe", by="bob")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = static_text(app, "#incident-header")
        assert "[bold]Login[/bold] \\x1b[31mdown\\x1b[0m 数据库 🔥 \\u202eevil" in header
        assert "\x1b" not in list_text(app) and "\u202e" not in list_text(app)
        shown = log_text(app, "TimelineLog")
        assert "invoice\\u202egpj.exe" in shown and "\u202e" not in shown


async def test_a_note_from_another_process_appears_without_a_key_press(
    app: WarroomApp, ctx: Context, db_path: Path
) -> None:
    key = _declare(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"typing in progress")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "warroom",
                "--db",
                str(db_path),
                "note",
                key,
                "from the shell",
                "--by",
                "bob",
            ],
            check=True,
        )
        deadline = time.monotonic() + 10  # generous: a hang fails; speed is the benchmark's job
        while "from the shell" not in log_text(app, "#timeline-log"):
            assert time.monotonic() < deadline, "the note never appeared"
            await pilot.pause(0.05)
        # Focus and the half-typed note are untouched.
        entry = app.screen.query_one("#entry")
        assert entry.has_focus and entry.value == "typing in progress"  # type: ignore[attr-defined]


async def test_quitting_with_a_half_typed_note_takes_a_second_ctrl_q(
    app: WarroomApp, ctx: Context
) -> None:
    _declare(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"half a thought", "ctrl+q")
        await settle(pilot)
        assert app.is_running
        assert any("a timeline note being typed" in m for m in notifications(app))
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_a_pasted_log_shows_its_start_and_how_much_more(
    app: WarroomApp, ctx: Context
) -> None:
    """A 60 KB note is shown cut, saying how much is left out; the store keeps it whole."""
    key = _declare(ctx)
    pasted = "".join(f"line {n:05} of the log\n" for n in range(3000))  # 69,000 characters
    timeline.add_note(ctx, key, pasted[:60_000], by="bob")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = log_text(app, "#timeline-log")
        assert "line 00000 of the log" in shown
        assert "line 02999" not in shown
        said = "… (56,000 more characters: warroom show prints the whole note)"
        assert said in " ".join(shown.split())
        assert timeline.entries(ctx, key, kinds=["note"])[-1].text == pasted[:60_000]


async def test_a_long_timeline_shows_its_latest_entries_first_and_then_all_of_them(
    app: WarroomApp, ctx: Context
) -> None:
    """A redraw writes the screenful people read before its frame, and the rest of the
    board's window just after it: in the end every entry is there, in order."""
    from warroom.widgets.timeline import FIRST_WRITTEN, TimelineLog

    key = _declare(ctx)
    for number in range(FIRST_WRITTEN + 40):
        timeline.add_note(ctx, key, f"note number {number:03d}", by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        log = app.screen.query_one(TimelineLog)
        written = log_text(app, "TimelineLog")
        numbers = [int(n) for n in re.findall(r"note number (\d{3})", written)]
        assert numbers == list(range(FIRST_WRITTEN + 40))  # all, oldest first
        entries = list(log._entries)
        entries[0] = entries[0].model_copy(update={"text": "edited"})
        log.show(entries)  # a redraw: history changed (an old note's text)
        assert len(log._shown) == FIRST_WRITTEN  # the latest screenful only, before the frame
        await pilot.pause()
        await settle(pilot)
        assert len(log._shown) == len(entries)


async def test_the_timeline_shows_its_end_after_a_redraw_and_after_a_new_note(
    app: WarroomApp, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes do not each scroll; the log scrolls to its end at once after what it wrote,
    so the frame that follows shows the newest line, the console's first frame included
    (its first writes once waited for the log to know its size, unscrolled)."""
    from warroom.widgets.timeline import FIRST_WRITTEN, TimelineLog

    key = _declare(ctx)
    for number in range(FIRST_WRITTEN + 40):
        timeline.add_note(ctx, key, f"note number {number:03d}", by="alice")
    after_writing: list[tuple[int, float, int]] = []  # lines written, scrolled to, end
    show = TimelineLog.show

    def showing(log: TimelineLog, *args: Any, **kwargs: Any) -> None:
        show(log, *args, **kwargs)
        if log.size.width:  # it writes once its size is known: rendered, not deferred
            after_writing.append((len(log.lines), log.scroll_y, log.max_scroll_y))

    monkeypatch.setattr(TimelineLog, "show", showing)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        log = app.screen.query_one(TimelineLog)
        assert log.max_scroll_y > 0  # more lines than it shows
        assert log.scroll_y == log.max_scroll_y
        await pilot.press("n", *"o: the newest", "enter")
        await settle(pilot)
        assert "the newest" in log.lines[-1].text
        assert log.scroll_y == log.max_scroll_y
    assert len(after_writing) >= 3  # the first screenful, the rest, the new note
    assert all(lines and y == end for lines, y, end in after_writing), after_writing
