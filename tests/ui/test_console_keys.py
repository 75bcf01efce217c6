"""Keys, the palette and failures: one set of bindings behind every hint, and nothing silent."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing, suppress
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.worker import WorkerFailed

from warroom.app import WarroomApp, check_keymap
from warroom.base.clock import ManualClock
from warroom.base.errors import InvalidInput
from warroom.config.catalog import default_catalog_path
from warroom.process import incidents, resolution, roles
from warroom.process.context import Context
from warroom.screens import console_view
from warroom.screens.form import FormScreen
from warroom.screens.help import HelpScreen

from .conftest import SIZE
from .helpers import list_text, log_text, notifications, settle, static_text


def _declare(ctx: Context, severity: int = 2, summary: str = "Search stale") -> str:
    return incidents.declare(ctx, incidents.Declaration(summary, severity), by="bot").key


# --- the keymap ----------------------------------------------------------------------------


def test_a_keymap_naming_no_command_is_refused() -> None:
    with pytest.raises(InvalidInput, match="keymap: no command 'declair'"):
        check_keymap({"declair": "D"})


@pytest.mark.parametrize(
    ("keys", "says"),
    [
        ("[@click=app.quit]x[/]", "is not a key"),
        ("ctrl+", "is not a key"),
        ("hyperspace+d", "is not a key"),
        ("d,,", "has an empty key"),
        ("", "has an empty key"),
    ],
)
def test_a_keymap_value_that_is_no_key_is_refused(keys: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=f"keymap: declare: .*{says}"):
        check_keymap({"declare": keys})


def test_a_keymap_binding_one_key_twice_is_refused() -> None:
    with pytest.raises(InvalidInput, match="a would run both"):
        check_keymap({"declare": "a"})  # "a" takes the incident
    with pytest.raises(InvalidInput, match=r"x would run both .* in the roles board"):
        check_keymap({"filter": "x"})  # "x" relieves on the roles board
    check_keymap({"declare": "D", "take": "t,ctrl+y"})  # moving keys apart is fine


async def test_a_remapped_key_runs_the_command_and_every_hint_follows(ctx: Context) -> None:
    _declare(ctx)
    app = WarroomApp(ctx, "alice", cursor_blink=False, keymap={"declare": "D", "take": "t"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "No incident manager — take it — press t" in static_text(app, "#incident-header")
        await pilot.press("d")  # no longer declares
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text
        assert "  D          Declare an incident" in text
        assert "  t          Take the focused incident as its incident manager" in text


async def test_the_footer_hints_name_the_keys_in_effect(ctx: Context) -> None:
    app = WarroomApp(ctx, "alice", cursor_blink=False, keymap={"declare": "ctrl+n"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Press ctrl+n to declare one" in static_text(app, "#incident-header")
        assert "Press ctrl+n to declare" in list_text(app)


# --- the command palette ----------------------------------------------------------------------


async def _palette_hits(app: WarroomApp, pilot: Pilot[Any], query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await settle(pilot)
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    await pilot.press(*query)
    await pilot.pause(0.5)  # the palette searches in the background
    await settle(pilot)
    options = palette.query_one("CommandList")
    return [str(option.prompt) for option in options._options]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("filter", "Filter the timeline"),
        ("retry", "Retry the failed deliveries of the focused incident's messages"),
        ("give someone", "Give someone a role on the focused incident"),
        ("hand", "Hand the selected role over to someone else"),
        ("relieve", "Relieve the selected holder of their role"),
        ("reopen", "Reopen a resolved incident, with a reason"),
        ("acknowledge", "Acknowledge the highlighted page: its escalation stops"),
    ],
)
async def test_the_palette_offers_every_command(
    app: WarroomApp, ctx: Context, query: str, expected: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = await _palette_hits(app, pilot, query)
        assert any(expected in hit for hit in hits), hits


async def test_a_palette_command_runs_like_its_key(app: WarroomApp, ctx: Context) -> None:
    key = _declare(ctx)
    roles.take(ctx, key, by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _palette_hits(app, pilot, "give someone")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title == f"Assign a role on {key}"


# --- failures are shown and logged, never silent -------------------------------------------


async def test_a_form_whose_service_fails_shows_it_logs_it_and_keeps_the_form(
    app: WarroomApp, ctx: Context, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(incidents, "declare", broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", *"Logins failing", "ctrl+s")
        with caplog.at_level(logging.ERROR, logger="warroom"), suppress(WorkerFailed):
            await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, FormScreen), "what was typed is not lost"
        assert any("RuntimeError: disk on fire" in m for m in notifications(app))
        assert any(r.exc_info and "disk on fire" in str(r.exc_info[1]) for r in caplog.records), (
            caplog.records
        )


async def test_a_board_that_cannot_be_read_is_shown_and_logged(
    app: WarroomApp,
    ctx: Context,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def broken(*args: object, **kwargs: object) -> None:
            raise OSError("store unreachable")

        monkeypatch.setattr(console_view, "load_board", broken)
        with caplog.at_level(logging.ERROR, logger="warroom"), suppress(WorkerFailed):
            app.console_screen.reload()
            await settle(pilot)
        await pilot.pause()
        assert any("OSError: store unreachable" in m for m in notifications(app))
        assert any("store unreachable" in str(r.exc_info) for r in caplog.records)
        monkeypatch.undo()
        app.console_screen.reload()  # and the console recovers once the store is back
        await settle(pilot)
        assert app.console_screen.board is not None


# --- major incidents are what the catalog says ----------------------------------------------


def _catalog_where_only_sev3_is_major(tmp_path: Path) -> Path:
    text = default_catalog_path().read_text(encoding="utf-8")
    flags = text.replace("major = true", "major = PLACEHOLDER")
    flags = flags.replace("major = false", "major = true")
    flags = flags.replace("major = PLACEHOLDER", "major = false")
    path = tmp_path / "catalog.toml"
    path.write_text(flags, encoding="utf-8")
    return path


async def test_major_comes_from_the_catalog(tmp_path: Path, db_path: Path) -> None:
    ctx = Context.open(db_path, _catalog_where_only_sev3_is_major(tmp_path))
    try:
        app = WarroomApp(ctx, "alice", cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            _declare(ctx, severity=1, summary="Sev one, not major here")
            await pilot.pause(0.6)
            await settle(pilot)
            assert not any("New major incident" in str(n) for n in app._notifications)
            _declare(ctx, severity=3, summary="Sev three, major here")
            await pilot.pause(0.6)
            await settle(pilot)
            titles = [n.title for n in app._notifications]
            assert titles.count("New major incident") == 1
            lines = list_text(app).splitlines()
            sev3 = next(line for line in lines if "SEV3" in line)
            sev1 = next(line for line in lines if "SEV1" in line)
            assert sev3.startswith("▌") and not sev1.startswith("▌")
    finally:
        ctx.close()


# --- a kind this version does not know -------------------------------------------------------


async def test_an_entry_of_an_unknown_kind_is_shown_not_a_crash(
    app: WarroomApp, ctx: Context
) -> None:
    key = _declare(ctx)
    with closing(sqlite3.connect(ctx.store.path)) as db:  # as a newer warroom might write it
        db.execute(
            "INSERT INTO timeline_entry (incident_id, occurred_at, recorded_at, author, kind,"
            " text, undo, edited, fact, fact_values) SELECT id, declared_at, declared_at,"
            " 'newer', 'hypothesis', 'written by a newer warroom', '', 0, '', '{}'"
            " FROM incident WHERE key = ?",
            (key,),
        )
        db.commit()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = log_text(app, "#timeline-log")
        assert "HYPO newer: written by a newer warroom" in shown


async def test_raised_and_reopened_major_incidents_are_announced(
    app: WarroomApp, ctx: Context, clock: ManualClock
) -> None:
    key = _declare(ctx, severity=3, summary="Slow exports")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        incidents.change_severity(ctx, key, 1, reason="all customers", by="bob")
        await pilot.pause(0.6)
        await settle(pilot)
        roles.take(ctx, key, by="bob")
        clock.advance(timedelta(hours=2))
        resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="bob")
        await pilot.pause(0.6)
        await settle(pilot)
        resolution.reopen(ctx, key, reason="errors are back", by="bob")
        await pilot.pause(0.6)
        await settle(pilot)
        titles = [n.title for n in app._notifications if "major" in n.title.lower()]
        assert titles == ["Raised to severity 1: a major incident", "Major incident reopened"]


async def test_the_palette_finds_a_command_by_its_footer_word(
    app: WarroomApp, ctx: Context
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = await _palette_hits(app, pilot, "links")
        assert any("Chat room, video call, status document" in hit for hit in hits), hits


async def test_reopen_and_note_say_why_not_before_asking_anything(
    app: WarroomApp, ctx: Context
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "d")  # nothing to write on yet: d still declares
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await settle(pilot)
        _declare(ctx)
        app.console_screen.reload()
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert any("is not resolved" in m for m in notifications(app))
