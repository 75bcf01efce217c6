"""Every screen of the console, on a store whose every text field is hostile: what is drawn
holds no control character, no direction-changing character, and no markup that was obeyed
(no link, no click action, no bold where the text asked for it).

A new widget that shows stored text without the escaping path fails here: the scan reads
every cell the compositor would send to the terminal, not a chosen widget.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.pilot import Pilot

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.base.text import is_hostile_character
from warroom.process.context import Context

from ..conftest import T0
from ..hostile import MARKUP, hostile_catalog, hostile_store, store_times
from .helpers import log_text, settle

SIZE = (160, 50)
HOSTILE_NAME = "[b]BOLDME\x1b]0;PWNED-TITLE\x07\u202e"  # no "/": it is a file name too

# Keys from the console to each screen, tab and dialog, and back (escape) where needed.
VISITS: list[tuple[str, tuple[str, ...]]] = [
    ("console", ()),
    ("roles", ("1",)),
    ("assessment", ("2",)),
    ("matrix", ("3",)),
    ("comms", ("4",)),
    ("pages", ("5",)),
    ("items", ("6",)),
    ("add item", ("6", "plus")),
    ("track a: note", ("ctrl+t",)),
    ("timeline filter", ("f",)),
    ("help", ("f1",)),
    ("palette", ("ctrl+p", *"HOT", "minus", "7")),
    ("drafter", ("c",)),
    ("drafter update", ("c", "tab", "down", "enter")),
    ("severity", ("s",)),
    ("links", ("l",)),
    ("times", ("i",)),
    ("page", ("p",)),
    ("edit", ("e",)),
    ("edit note", ("E",)),
    ("resolve", ("R",)),
    ("assign", ("1", "plus")),
    ("handover", ("1", "h")),
    ("relieve", ("1", "x")),
    ("declare", ("d",)),
    ("second incident", ("down",)),
    ("resolved list", ("ctrl+r", "end")),
    ("reopen", ("ctrl+r", "end", "O")),
]


@pytest.fixture
def hostile_ctx(tmp_path: Path) -> Iterator[Context]:
    # The store's file name and the user's name are shown too; they come from flags.
    path = tmp_path / f"store{HOSTILE_NAME}.db"
    hostile_store(path)
    catalog = hostile_catalog(tmp_path / "catalog.toml")
    ctx = Context.open(path, catalog, clock=ManualClock(T0))
    yield ctx
    ctx.close()


def screen_segments(app: WarroomApp) -> Iterator[Segment]:
    """Each segment the screen would draw now, with its style."""
    for strip in app.screen._compositor.render_strips():
        yield from strip


def screen_text(app: WarroomApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def problems_on_screen(app: WarroomApp) -> list[str]:
    found: list[str] = []
    for segment in screen_segments(app):
        text, style = segment.text, segment.style or Style()
        raw = [f"U+{ord(ch):04X}" for ch in text if is_hostile_character(ch)]
        if raw:
            found.append(f"raw {', '.join(sorted(set(raw)))} in {text!r}")
        if style.link:
            found.append(f"a link to {style.link} on {text!r}")
        if "@click" in style.meta and any(m in text for m in ("CLICKME", "LINKME", "BOLDME")):
            found.append(f"a click action {style.meta['@click']} on {text!r}")
        # Obeyed markup drops its tags: the marker is styled and "]" no longer precedes it.
        for marker, obeyed in (("BOLDME", style.bold), ("REVME", style.reverse)):
            if marker in text and obeyed and f"]{marker}" not in text:
                found.append(f"{marker} drawn styled without its markup: {text!r}")
    return found


@pytest.mark.parametrize(("name", "keys"), VISITS, ids=[name for name, _ in VISITS])
async def test_hostile_text_is_drawn_inert(
    hostile_ctx: Context, name: str, keys: tuple[str, ...]
) -> None:
    app = WarroomApp(hostile_ctx, f"alice{HOSTILE_NAME}", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        problems = problems_on_screen(app)
        assert not problems, f"{name}: " + "; ".join(problems[:8])
        # The scan saw the hostile text, drawn as text: it cannot pass on an empty screen.
        assert SHOWN.get(name, f"{MARKUP[:26]}") in screen_text(app), name


# What each visit must show, where it is not the payload's opening words as written.
SHOWN = {"palette": f"Go to HOT-7 · SEV1 · fixing · {MARKUP[:26]}"}


async def test_a_click_on_hostile_text_runs_nothing(hostile_ctx: Context) -> None:
    """Clicking where a role holder's name says [@click=app.bell] rings nothing."""
    app = WarroomApp(hostile_ctx, "alice", cursor_blink=False)
    rang: list[bool] = []
    app.bell = lambda: rang.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        clicked = await _click_every_marker(pilot, app)
        assert clicked, "no CLICKME on the roles board to click"
        assert rang == []


async def _click_every_marker(pilot: Pilot[None], app: WarroomApp) -> int:
    clicked = 0
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = strip.text.find("CLICKME")
        if x >= 0:
            await pilot.click(offset=(x + 2, y))
            await settle(pilot)
            clicked += 1
    return clicked


# Year 1 has no local time west of UTC, nor year 9999 east of it.
@pytest.mark.parametrize(
    ("stored", "zone"),
    [("0001-01-01 00:00:00.000000", "America/New_York"), ("9999-12-31 23:59:00", "Asia/Tokyo")],
    ids=["year-1-new-york", "year-9999-tokyo"],
)
async def test_times_no_zone_can_hold_are_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stored: str, zone: str
) -> None:
    """An older warroom, or a hand, may have stored such a time: the console shows it (in
    UTC) on every pane, and does not stop."""
    path = tmp_path / "warroom.db"
    hostile_store(path)
    store_times(path, stored)
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    ctx = Context.open(path, clock=ManualClock(T0))
    try:
        app = WarroomApp(ctx, "alice", cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            # The timeline's clock column: the stored time of day, in UTC.
            assert f"{stored[11:16]}  OBS" in log_text(app, "#timeline-log")
            for key in ("1", "4", "E", "escape", "i", "escape", "ctrl+r", "end"):
                await pilot.press(key)
                await settle(pilot)
            assert app.is_running
    finally:
        ctx.close()
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
