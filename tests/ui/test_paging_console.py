"""Paging in the console, driven with real keys on a real store and an injected clock: the
escalation tick every console runs, the Pages tab and acknowledging from it, the unanswered
warning, the page dialog's on-call and policy, the pages proposed for a major incident, and
the roles board's shift ends and hand-overs.

On the shipped catalog at the tests' fixed moment (Wednesday 2026-11-25 14:00 UTC):
priya.natarajan has Code Collaboration (owner of Git Storage) until Monday 08:00 UTC, then
tomasz.kowalski; dana.okafor is the IMOC; Code Collaboration's level 1 waits 15 minutes.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Select

from warroom.app import WarroomApp
from warroom.base.clock import ManualClock
from warroom.base.errors import Refused
from warroom.comms import escalation, paging
from warroom.process import incidents, roles
from warroom.process.context import Context
from warroom.process.page_read import list_pages
from warroom.screens import console_view
from warroom.screens.form import FormScreen
from warroom.screens.help import HelpScreen

from .conftest import SIZE
from .helpers import notifications, settle, static_text


def _declare(ctx: Context, severity: int = 1, service: str = "Git Storage") -> str:
    form = incidents.Declaration("Pushes fail", severity, service=service)
    return incidents.declare(ctx, form, by="bot").key


def _page(ctx: Context, key: str, team: str = "Code Collaboration") -> int:
    page_id = paging.page(ctx, key, team, reason="pushes fail", by="bot").page.id
    assert page_id is not None
    return page_id


def _run_out(ctx: Context, clock: ManualClock, page_id: int) -> None:
    """Tick, an hour apart, until every level of the page's policy has timed out."""
    while next(v for v in list_pages(ctx) if v.page.id == page_id).is_open:
        clock.advance(timedelta(hours=1))
        if not escalation.tick(ctx).anything:
            return  # flagged unanswered: open still, and moved on no more


def pages_rows(app: WarroomApp) -> list[str]:
    """Each row of the Pages tab's table as its words, its two lines joined by " | "."""
    table: DataTable[Any] = app.screen.query_one("#pages-table", DataTable)
    rows = []
    for index in range(table.row_count):
        cells = [str(cell).split("\n") for cell in table.get_row_at(index)]
        lines = [" ".join(cell[n] for cell in cells if n < len(cell)) for n in range(2)]
        rows.append(" | ".join(lines))
    return rows


async def _wait_for(pilot: Pilot[None], done: Any, tries: int = 50) -> None:
    for _ in range(tries):
        if done():
            return
        await pilot.pause(0.1)
    raise AssertionError("still not done after five seconds")


# --- the escalation tick and the Pages tab ---------------------------------------------------


async def test_the_console_ticks_and_the_pages_tab_shows_the_page_escalated(
    ctx: Context, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console_view, "ESCALATION_SECONDS", 0.2)
    key = _declare(ctx)
    page_id = _page(ctx, key)
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert pages_rows(app) == [
            f"{page_id} Code Collaboration waiting · 0s | → priya.natarajan escalates 14:15 (15m)"
        ]
        clock.advance(timedelta(minutes=16))  # level 1 has 15 minutes
        await _wait_for(pilot, lambda: list_pages(ctx)[0].page.step == 1)
        await _wait_for(pilot, lambda: "level 2" in static_text(app, "#page-detail"))
        await settle(pilot)
        # Level 2: the on-call and the team's senior engineer (data/catalog.toml).
        assert pages_rows(app) == [
            f"{page_id} Code Collaboration waiting · 16m | → priya.natarajan, sof… "
            "escalates 14:31 (15m)"
        ]
        detail = static_text(app, "#page-detail")
        assert "14:00 priya.natarajan (level 1)" in detail
        assert "14:16 priya.natarajan (level 2)" in detail
        assert "✔ outbox delivered" in detail


async def test_a_tick_refused_is_quiet_and_a_tick_that_fails_is_shown_and_logged(
    ctx: Context, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(console_view, "ESCALATION_SECONDS", 0.1)
    failure: list[Exception] = [Refused("this drill has ended; its store takes no more")]

    def tick(_: Context) -> None:
        raise failure[0]

    monkeypatch.setattr(escalation, "tick", tick)
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        await settle(pilot)
        assert notifications(app) == []
        failure[0] = RuntimeError("disk on fire")
        with caplog.at_level(logging.ERROR, logger="warroom"):
            await _wait_for(pilot, lambda: "RuntimeError: disk on fire" in notifications(app))
        assert "_tick_escalation failed" in caplog.text


async def test_acknowledging_the_highlighted_page_from_the_pages_tab(ctx: Context) -> None:
    key = _declare(ctx)
    first = _page(ctx, key)
    second = _page(ctx, key, "Major Incident Managers")
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5", "down", "k")  # newest first: the second row is the first page
        await settle(pilot)
        states = {v.page.id: (v.page.state, v.page.acked_by) for v in list_pages(ctx)}
        assert states == {first: ("acknowledged", "alice"), second: ("triggered", "")}
        said = f"Page {first} (Code Collaboration) acknowledged by alice: no more escalation."
        assert said in notifications(app)
        assert pages_rows(app)[1] == (
            f"{first} Code Collaboration acknowledged · 0s | → priya.natarajan by alice 14:00"
        )
        assert "1 page(s) open" in static_text(app, "#incident-header")
        await pilot.press("k")  # again: refused, and said so
        await settle(pilot)
        assert f"page {first} was already acknowledged by 'alice' at 14:00" in notifications(app)


async def test_an_unanswered_page_is_called_out_in_the_header_and_the_tab(
    ctx: Context, clock: ManualClock
) -> None:
    key = _declare(ctx)
    page_id = _page(ctx, key)
    _run_out(ctx, clock, page_id)
    _page(ctx, key, "Messaging")
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = static_text(app, "#incident-header")
        assert "2 page(s) open" in header
        assert (
            f"⚠ UNANSWERED page {page_id} (Code Collaboration): nobody answered — "
            "page by hand (5: Pages)"
        ) in header
        await pilot.press("5")
        await settle(pilot)
        assert pages_rows(app)[1] == (
            f"{page_id} Code Collaboration ⚠ UNANSWERED · 7h00 | → dana.okafor page by hand"
        )
        summary = static_text(app, "#pages-summary")
        assert "2 page(s), 2 open · ⚠ 1 UNANSWERED" in summary


# --- the page dialog -------------------------------------------------------------------------


async def test_the_page_dialog_shows_the_layers_and_the_policy_of_the_team_chosen(
    ctx: Context,
) -> None:
    _declare(ctx, service="Identity")
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        info = static_text(app, "#page-team-info").splitlines()
        # 23:00 in Tokyo: the daytime layer has nobody, the primary answers.
        assert info[:4] == [
            "On call now:",
            "Identity and Access: oliver.bennett (Primary) until Thu 2026-11-26 00:00, "
            "then yuki.sato",
            "  Primary        oliver.bennett       next yuki.sato from Mon 2026-11-30 09:00",
            "  Tokyo daytime  —                    next yuki.sato from Thu 2026-11-26 00:00",
        ]
        info = "\n".join(info)
        assert "Escalation policy: Identity and Access escalation" in info
        assert "  3.  15 min  dana.okafor (on call, Major Incident Managers)" in info
        assert "Then levels 1–3 again, 2 more times; unanswered after 105 min." in info
        form.query_one("#field-team", Select).value = "Major Incident Managers"
        await settle(pilot)
        info = static_text(app, "#page-team-info")
        assert "Major Incident Managers: dana.okafor (Primary) until Mon 2026-11-30 09:00" in info
        assert "Escalation policy: IMOC escalation" in info
        assert "  2.  10 min  nadia.kovacs" in info
        form.query_one("#field-reason").focus()
        await pilot.press(*"SSO down, need an IM", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        [view] = list_pages(ctx)
        assert (view.page.team, view.page.person) == ("Major Incident Managers", "dana.okafor")
        assert (
            f"Paged dana.okafor (Major Incident Managers): page {view.page.id}, escalates at "
            "14:05 unless acknowledged. Sent by outbox."
        ) in notifications(app)


# --- the pages proposed for a major incident -----------------------------------------------


async def _declare_sev_1(app: WarroomApp, pilot: Pilot[None]) -> FormScreen:
    """Declare from the console; returns the proposal that follows."""
    await settle(pilot)
    await pilot.press("d", *"Pushes fail")
    form = app.screen
    assert isinstance(form, FormScreen)
    form.query_one("#field-severity", Select).value = "1"
    form.query_one("#field-service", Select).value = "Git Storage"
    await pilot.press("ctrl+s")
    await settle(pilot)
    proposal = app.screen
    assert isinstance(proposal, FormScreen) and proposal is not form
    return proposal


async def test_declaring_a_sev_1_proposes_the_owning_team_and_the_imoc_paged_with_enter(
    ctx: Context,
) -> None:
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        proposal = await _declare_sev_1(app, pilot)
        assert (
            proposal.form_title == "Page Code Collaboration and Major Incident Managers for HOT-1?"
        )
        labels = [str(label.content) for label in proposal.query(".field-label")]
        assert labels == [
            "Page Code Collaboration — on call now: priya.natarajan. Reason:",
            "Page Major Incident Managers — on call now: dana.okafor. Reason:",
        ]
        assert proposal.values() == {
            "reason-0": "Sev 1 declared: Pushes fail",
            "reason-1": "Sev 1 declared: Pushes fail",
        }
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        pages = sorted((v.page.team, v.page.person, v.page.reason) for v in list_pages(ctx))
        assert pages == [
            ("Code Collaboration", "priya.natarajan", "Sev 1 declared: Pushes fail"),
            ("Major Incident Managers", "dana.okafor", "Sev 1 declared: Pushes fail"),
        ]
        said = notifications(app)
        assert any(n.startswith("Paged priya.natarajan (Code Collaboration): page ") for n in said)
        assert any(n.startswith("Paged dana.okafor (Major Incident Managers): page ") for n in said)


async def test_the_proposal_is_skipped_with_escape(ctx: Context) -> None:
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await _declare_sev_1(app, pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert list_pages(ctx) == []
        assert "page(s) open" not in static_text(app, "#incident-header")


async def test_a_proposed_page_refused_is_reported_and_the_other_still_goes(ctx: Context) -> None:
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await _declare_sev_1(app, pilot)
        # Meanwhile someone else pages the IMOC: the proposal's IMOC page is a duplicate.
        _page(ctx, "HOT-1", "Major Incident Managers")
        await pilot.press("enter")
        await settle(pilot)
        teams = sorted(v.page.team for v in list_pages(ctx))
        assert teams == ["Code Collaboration", "Major Incident Managers"]
        said = notifications(app)
        assert any("'dana.okafor' was paged for this incident at 14:00" in n for n in said)
        assert any(n.startswith("Paged priya.natarajan (Code Collaboration)") for n in said)


async def _raise_to_sev_1(app: WarroomApp, pilot: Pilot[None], reason: str) -> None:
    await settle(pilot)
    await pilot.press("s")
    form = app.screen
    assert isinstance(form, FormScreen)
    form.query_one("#field-severity", Select).value = "1"
    form.query_one("#field-reason").focus()
    await pilot.press(*reason, "enter")
    await settle(pilot)


async def test_raising_to_sev_1_proposes_the_imoc_once(ctx: Context) -> None:
    key = _declare(ctx, severity=2)
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await _raise_to_sev_1(app, pilot, "all regions")
        proposal = app.screen
        assert isinstance(proposal, FormScreen)
        assert proposal.form_title == f"Page Major Incident Managers for {key}?"
        assert proposal.values() == {"reason-0": "Raised to Sev 1: Pushes fail"}
        await pilot.press("enter")
        await settle(pilot)
        assert [v.page.team for v in list_pages(ctx)] == ["Major Incident Managers"]
    incidents.change_severity(ctx, key, 2, reason="better", by="bot")
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await _raise_to_sev_1(app, pilot, "worse again")
        assert not isinstance(app.screen, FormScreen)  # the IMOC has a page: nothing proposed


# --- the roles board: shift ends and hand-over -----------------------------------------------


async def test_the_roles_board_shows_shift_ends_and_names_who_takes_over(
    ctx: Context, clock: ManualClock
) -> None:
    key = _declare(ctx)
    roles.take(ctx, key, by="alice")
    roles.assign(ctx, key, "Tech lead", "Priya.Natarajan", by="alice")
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shifts = static_text(app, "#shifts")
        assert shifts == (
            "On call: Priya.Natarajan for Code Collaboration until Mon 30 Nov 08:00, "
            "then tomasz.kowalski"
        )
        clock.advance(timedelta(hours=4, minutes=1))  # past the catalog's four hours
        await pilot.pause(1.2)  # the console's one-second tick
        shifts = static_text(app, "#shifts")
        assert shifts.splitlines()[1:] == [
            "⚠ Incident manager alice: 4h01 on the incident — hand over to dana.okafor "
            "(IMOC on call now)",
            "⚠ Tech lead Priya.Natarajan: 4h01 on the incident — hand over to tomasz.kowalski "
            "(next on call for Code Collaboration)",
        ]


async def test_f1_on_the_pages_tab_explains_it_and_lists_its_key(ctx: Context) -> None:
    _page(ctx, _declare(ctx))
    app = WarroomApp(ctx, "alice", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5", "f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text
        assert text.startswith("Pages\n\nEvery page of the focused incident, newest first")
        assert "Keys in this pane\n  k          Acknowledge the highlighted page" in text
        assert "  5          Show the pages, whom each waits on and when it escalates" in text
