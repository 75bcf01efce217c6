"""What a new user met running a whole Sev 1 in two consoles: a half-typed note stays with
its incident, tab keys stay tab keys, and people's words are shown as written in lists."""

from __future__ import annotations

from textual.widgets import Select

from warroom.app import WarroomApp
from warroom.process import assessment, incidents, roles, timeline
from warroom.process.context import Context
from warroom.process.read import load_detail
from warroom.widgets.answer import AnswerField
from warroom.widgets.inputs import Field
from warroom.widgets.roles_board import RolesBoard

from .conftest import SIZE
from .helpers import settle, static_text


async def test_a_half_typed_note_stays_with_its_incident(app: WarroomApp, ctx: Context) -> None:
    first = incidents.declare(ctx, incidents.Declaration("Search stale", 1), by="bot").key
    second = incidents.declare(ctx, incidents.Declaration("Wiki slow", 2), by="bot").key
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert first in static_text(app, "#incident-header")
        await pilot.press("n", *"o: index lag 40s")
        await pilot.press("escape", "down")  # to the list, and on to the next incident
        await settle(pilot)
        assert second in static_text(app, "#incident-header")
        entry = app.screen.query_one("#entry", Field)
        assert entry.value == ""  # not offered to the other incident
        await pilot.press("n", *"o: wiki pages time out", "enter")
        await settle(pilot)
        await pilot.press("escape", "up")
        await settle(pilot)
        assert entry.value == "o: index lag 40s"  # back with its incident
        await pilot.press("n", "enter")
        await settle(pilot)
    texts = {key: [e.text for e in timeline.entries(ctx, key, kinds=["observation"])]
             for key in (first, second)}  # fmt: skip
    assert texts == {first: ["index lag 40s"], second: ["wiki pages time out"]}


async def test_tab_keys_stay_tab_keys_after_the_assessment(app: WarroomApp, ctx: Context) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Search stale", 1), by="bot").key
    roles.take(ctx, key, by="alice")
    for number in range(1, 7):  # all answered: nothing to type into
        assessment.answer(ctx, key, number, f"answer {number}", by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        answers = app.screen.query(AnswerField)
        assert [a.value for a in answers] == [f"answer {n}" for n in range(1, 7)]
        assert app.screen.query_one(RolesBoard).query_one("DataTable").has_focus


async def test_the_note_picker_shows_markup_as_written(app: WarroomApp, ctx: Context) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Search stale", 1), by="bot").key
    roles.take(ctx, key, by="alice")
    timeline.add_note(ctx, key, "index at [bold]40%[/bold]", by="alice", kind="observation")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        picker = app.screen.query_one("#field-entry", Select)
        # What the closed list draws for the chosen note, as a person reads it.
        label = picker.query_one("SelectCurrent #label")
        lines = label.render_lines(label.region.reset_offset)
        shown = "".join(segment.text for line in lines for segment in line)
        assert "[bold]40%[/bold]" in shown
        assert load_detail(ctx, key).timeline[-1].text == "index at [bold]40%[/bold]"


async def test_notifications_quote_peoples_words_as_written(ctx: Context) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Search stale", 2), by="bot").key
    roles.take(ctx, key, by="alice")
    app = WarroomApp(ctx, "bob", cursor_blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        roles.handover(ctx, key, "im", "alice", "bob", by="alice", note="[b]read[/b] the doc")
        app.screen.poll()  # type: ignore[attr-defined]
        await settle(pilot)
        for _ in range(5):  # the toast mounts and is drawn over the next refreshes
            await pilot.pause(0.05)
        [toast] = app.screen.query("Toast")
        drawn = "".join(
            s.text for line in toast.render_lines(toast.region.reset_offset) for s in line
        )
        assert "[b]read[/b] the doc" in drawn


async def test_fields_prefilled_with_stored_text_never_draw_its_escapes(
    app: WarroomApp, ctx: Context
) -> None:
    osc = "\x1b]0;PWNED\x1b\\Search \u202estale\x07"
    key = incidents.declare(ctx, incidents.Declaration(osc, 2), by="bot").key
    roles.take(ctx, key, by="alice")
    assessment.answer(ctx, key, 1, osc, by="alice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        answer = app.screen.query_one("#answer-impact", AnswerField)
        drawn = "".join(s.text for line in answer.render_lines(answer.region.reset_offset)
                        for s in line)  # fmt: skip
        assert "\x1b" not in drawn and "\u202e" not in drawn and "\x07" not in drawn
        assert "␛]0;PWNED␛\\Search �stale␇" in drawn
        await pilot.press("escape", "e")  # the correction form, prefilled with the summary
        await settle(pilot)
        summary = app.screen.query_one("#field-summary", Field)
        drawn = "".join(s.text for s in summary.render_line(0))
        assert "\x1b" not in drawn and "␛]0;PWNED" in drawn
        assert summary.value == osc  # the text itself is kept exactly
