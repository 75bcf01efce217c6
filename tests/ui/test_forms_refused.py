"""Every form keeps what was typed when a save is refused, puts the cursor on the field
to fix, moves with Tab in the order the fields are shown, and saves once fixed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from textual.widgets import Button, Checkbox, Input, Select

from warroom.app import WarroomApp
from warroom.process import incidents, roles, timeline
from warroom.process.context import Context
from warroom.process.queries import entry_text
from warroom.process.read import IncidentDetail, load_detail
from warroom.screens import corrections, dialogs
from warroom.screens.form import FormScreen
from warroom.screens.page_dialog import PageForm

from .conftest import SIZE
from .helpers import settle, static_text


@dataclass(frozen=True)
class Case:
    build: Callable[[Context, IncidentDetail], FormScreen]
    typed: dict[str, str]  # field → text typed before the first save (one is wrong)
    wrong: str  # the field the refusal points at
    fix: str  # what is typed into it instead
    saved: Callable[[IncidentDetail], bool]  # how the store shows the save
    chosen: tuple[tuple[str, str], ...] = ()  # (select field, value) chosen first


CASES = {
    "severity": Case(
        lambda ctx, d: dialogs.severity_form(ctx, "alice", d),
        {"reason": ""},
        "reason",
        "all EU customers now",
        lambda d: d.incident.severity == 2 and "all EU customers now" in entry_text(d.timeline[-1]),
        chosen=(("severity", "2"),),
    ),
    "times": Case(
        lambda ctx, d: dialogs.times_form(ctx, "alice", d),
        {"started": "25:99"},
        "started",
        "20m",
        lambda d: d.incident.impact_started_at is not None,
    ),
    "assign": Case(
        lambda ctx, d: dialogs.assign_form(ctx, "alice", d.incident.key),
        {"custom": "Database lead", "person": ""},
        "person",
        "dora",
        lambda d: ("Database lead", "dora") in {(h.role, h.person) for h in d.holdings},
    ),
    "handover": Case(
        lambda ctx, d: dialogs.handover_form(
            ctx, "alice", d.incident.key, "Incident manager", "alice"
        ),
        {"to": "", "note": "rollback done; quorum open; next: fail over reads"},
        "to",
        "bob",
        lambda d: (
            d.incident_manager == "bob"
            and entry_text(d.timeline[-1]).endswith(
                "rollback done; quorum open; next: fail over reads"
            )
        ),
    ),
    "page": Case(
        lambda ctx, d: PageForm(ctx, "alice", d),
        {"person": "aisha.rahman", "reason": ""},
        "reason",
        "outbound email stuck",
        lambda d: (
            [(p.person, p.reason) for p in d.pages] == [("aisha.rahman", "outbound email stuck")]
        ),
        chosen=(("team", "Messaging"),),
    ),
    "correct": Case(
        lambda ctx, d: corrections.edit_incident_form(ctx, "alice", d),
        {"summary": "", "description": "EU customers cannot search"},
        "summary",
        "Search stale for all customers",
        lambda d: (
            (d.incident.summary, d.incident.description)
            == ("Search stale for all customers", "EU customers cannot search")
        ),
    ),
    "correct a note": Case(
        lambda ctx, d: corrections.EditNoteForm(ctx, "alice", corrections.editable_notes(d)),
        {"text": ""},
        "text",
        "index rebuilt at 14:02",
        lambda d: (
            [e.text for e in d.timeline if e.kind == "observation"] == ["index rebuilt at 14:02"]
        ),
    ),
    "links": Case(
        lambda ctx, d: dialogs.channels_form(ctx, "alice", d),
        {"video_link": "https://meet.example.com/x\nevil"},
        "video_link",
        "https://meet.example.com/x",
        lambda d: d.incident.video_link == "https://meet.example.com/x",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
async def test_a_refused_form_keeps_the_text_and_saves_once_fixed(
    app: WarroomApp, ctx: Context, name: str
) -> None:
    case = CASES[name]
    form_decl = incidents.Declaration("Search stale", 3, products=["Wiki"])
    key = incidents.declare(ctx, form_decl, by="bot").key
    roles.take(ctx, key, by="alice")
    timeline.add_note(ctx, key, "index rebuild at 14:02", by="alice", kind="observation")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = case.build(ctx, load_detail(ctx, key))
        await app.push_screen(form)
        await settle(pilot)
        for field, value in case.chosen:
            form.query_one(f"#field-{field}", Select).value = value
        for field, text in case.typed.items():
            form.query_one(f"#field-{field}", Input).value = text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form, "a refused save keeps the form open"
        assert static_text(app, f"#error-{case.wrong}").startswith("✘")
        assert app.focused is form.query_one(f"#field-{case.wrong}"), "focus on the field to fix"
        for field, text in case.typed.items():  # nothing typed is lost
            assert form.query_one(f"#field-{field}", Input).value == text
        form.query_one(f"#field-{case.wrong}", Input).value = ""
        await pilot.press(*case.fix)
        await settle(pilot)
        # Tab moves on in the order the fields are shown, and the text stays.
        shown = [
            w for w in form.query("Input, Select, SelectionList, Checkbox, Button") if w.focusable
        ]
        at = shown.index(app.focused)  # type: ignore[arg-type]
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is shown[at + 1]
        assert form.query_one(f"#field-{case.wrong}", Input).value == case.fix
        if isinstance(app.focused, Button):
            await pilot.press("enter")
        else:
            await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form, static_text(app, "#form-error")
        assert case.saved(load_detail(ctx, key))


async def test_resolve_asks_for_confirmation_and_says_who_the_im_is(
    app: WarroomApp, ctx: Context
) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Search stale", 1), by="bot").key
    roles.take(ctx, key, by="bob")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        intro = static_text(app, "#dialog-intro")
        assert "You are not the incident manager: bob is." in intro
        assert "Resolution comms to send after: Internal status page" in intro
        await pilot.press("enter")  # R, Enter: no longer resolves at once
        await settle(pilot)
        assert app.screen is form and load_detail(ctx, key).incident.status == "fixing"
        assert "tick the box" in static_text(app, "#error-confirm")
        assert app.focused is form.query_one("#field-confirm", Checkbox)
        await pilot.press("space", "enter")  # space ticks; Enter saves, as the hint says
        await settle(pilot)
        detail = load_detail(ctx, key)
        assert detail.incident.status == "resolved"
        assert all(r.relieved_at is not None for r in detail.role_history)


@pytest.mark.parametrize("size", [SIZE, (100, 30), (80, 24)])
async def test_a_handover_note_reaches_the_incoming_holders_console(
    ctx: Context, size: tuple[int, int]
) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Search stale", 2), by="bot").key
    roles.take(ctx, key, by="alice")
    other = incidents.declare(ctx, incidents.Declaration("Wiki slow", 1), by="bot").key
    roles.take(ctx, other, by="alice")
    roles.handover(ctx, other, "im", "alice", "carol", by="alice", note="before bob opened")
    app = WarroomApp(ctx, "bob", cursor_blink=False)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        assert "Wiki slow" in static_text(app, "#incident-header")  # Sev 1 is listed first
        # Another console hands bob the IM role on the incident he is not looking at.
        roles.handover(
            ctx, key, "im", "alice", "bob", by="alice", note="quorum open; fail over next"
        )
        roles.handover(ctx, other, "im", "carol", "dan", by="carol", note="not for bob")
        app.screen.poll()  # type: ignore[attr-defined]
        await settle(pilot)
        app.screen.poll()  # type: ignore[attr-defined]
        await settle(pilot)  # a second read announces nothing twice
        mine = [n for n in app._notifications if "Handed over to you" in (n.title or "")]
        assert [(n.title, n.message) for n in mine] == [
            (
                f"Handed over to you on {key}",
                "Incident manager: handed over from alice to bob — quorum open; fail over next",
            )
        ]
        assert "not for bob" in static_text(app, "#last-handover")  # the shown incident's
        # The toast sits above, clear of the entry line where people type.
        await settle(pilot)
        entry = app.screen.query_one("#entry").region
        for _ in range(5):  # the toast mounts and is laid out over the next refreshes
            await pilot.pause(0.05)
        toasts = list(app.screen.query("ToastHolder Toast"))
        assert toasts
        for shown in toasts:
            assert not shown.region.overlaps(entry), (shown.region, entry)


@pytest.mark.parametrize("size", [SIZE, (100, 30), (80, 24)])
async def test_a_long_form_keeps_its_buttons_in_sight_and_tabs_in_order(
    app: WarroomApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        dialog, buttons = form.query_one("#dialog").region, form.query_one("#dialog-buttons").region
        assert dialog.contains_region(buttons) and buttons.bottom < dialog.bottom
        order = [w.id for w in form.focus_chain]
        assert order == [
            "field-summary",
            "field-severity",
            "field-service",
            "field-products",
            "field-description",
            "field-started",
            "field-detected",
            "field-training",
            "submit",
            "cancel",
        ]
