"""The scorecard and the read-aloud view shown to the class after a drill: their keys, their
look (snapshots, each SVG opened and looked at when accepted), and hostile text drawn inert.

The debrief and the messages are built here rather than played from a drill, so these
snapshots change only when the screens do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from warroom.app import WarroomApp
from warroom.process.context import Context
from warroom.scenarios.debrief import Debrief, Figure
from warroom.scenarios.drill import Expectation
from warroom.scenarios.drill_progress import Score, Standing
from warroom.screens.read_aloud import ReadAloudScreen
from warroom.screens.scorecard import ScorecardScreen
from warroom.store.models import Message

from ..hostile import MARKUP, PAYLOAD
from .helpers import settle, static_text
from .test_hostile_text import problems_on_screen, screen_text

Snap = Callable[..., bool]
SIZE = (160, 50)
SMALL = (80, 24)
STARTED = datetime(2026, 11, 25, 9, 37, tzinfo=UTC)


def _score(standing: Standing, took: str | None, **expectation: Any) -> Score:
    minutes = int(took.rstrip("m")) if took else None
    return Score(
        Expectation(**expectation),
        standing,
        timedelta(minutes=minutes) if minutes is not None else None,
    )


def s3_debrief() -> Debrief:
    """A trainee's run of the S3 drill, two hours in: some of everything."""
    return Debrief(
        title="Object storage stops answering in the busiest region (AWS S3, 2017)",
        source="https://aws.amazon.com/message/41926/",
        scores=[
            _score(Standing.MET, "3m", expect="declared", within="5m"),
            _score(Standing.MET, "4m", expect="im-taken", within="5m"),
            _score(Standing.LATE, "16m", expect="severity", severity=1, within="10m"),
            _score(Standing.MET, "8m", expect="paged", team="S3 Core", within="10m"),
            _score(Standing.LATE, "27m", expect="initial-comms", within="20m"),
            _score(
                Standing.MISSED, None, expect="role", role="Communications manager", within="30m"
            ),
            _score(Standing.MET, "41m", expect="assessed", within="45m"),
            _score(Standing.MET, "58m", expect="update-comms", within="1h"),
            _score(Standing.OPEN, None, expect="resolved", within="4h30m"),
        ],
        figures=[
            Figure("time to declare", "3m 00s"),
            Figure("time to take the incident-manager role", "4m 00s"),
            Figure("severity chosen", "Sev 2 → Sev 1", "Sev 1"),
            Figure("time to set Sev 1", "16m 00s", "10m 00s"),
            Figure("time to 6/6 assessment", "41m 00s"),
            Figure("time to first comms, internal", "19m 00s"),
            Figure("complete on the first try, internal", "no"),
            Figure("cadence kept, internal", "no: 1 of 3 updates late", "every 30m 00s"),
            Figure("time to first comms, email", "27m 00s"),
            Figure("time to first comms, external", "not done"),
            Figure("teams paged", "S3 Billing and Metering, S3 Core", "S3 Core"),
            Figure("roles assigned", "Incident manager, Scribe"),
            Figure("review loop", "3 theories, 2 experiments, 1 changes (1 with an undo)"),
            Figure("time to resolve (TTR)", "not resolved", "4h 17m in the real incident"),
        ],
    )


def _message(minutes: int, phase: str, channel: str, title: str, body: str, **by: str) -> Message:
    return Message(
        incident_id=1,
        phase=phase,
        channel=channel,
        title=title,
        body=body,
        sent_at=STARTED + timedelta(minutes=minutes),
        sent_by=by.get("sent_by", "nina.berg"),
        reviewed_by=by.get("reviewed_by", ""),
    )


INITIAL_BODY = (
    "We are investigating an incident affecting Object storage (S3), Compute (EC2) and "
    "the Service Health Dashboard. We will post updates by email and on the status page "
    "shortly.\n\n"
    "S3 in us-east-1 returns errors for every request; services that store their data in "
    "it, including the Health Dashboard, are failing too.\n\n"
    "Questions: ask in the chat room #inc-drill-1."
)
UPDATE_BODY = (
    "S3's index subsystem in us-east-1 is restarting after a capacity removal took out "
    "more servers than intended.\n\n"
    "Current status\n"
    "- the index and placement subsystems are restarting\n"
    "- GET, LIST and PUT fail in us-east-1\n\n"
    "Next steps\n"
    "- index back first, then placement\n"
    "- EC2, EBS and Lambda work through their backlogs\n\n"
    "Impact on customers: S3 requests in us-east-1 fail, and services built on it\n"
    "Root cause: a capacity removal command removed more servers than intended\n"
    "Expected recovery: unknown\n\n"
    "Next update: by 10:40 by email and on the status page\n"
    "Questions: ask in the chat room #inc-drill-1, or reply to this email."
)


def s3_messages() -> list[Message]:
    """Three messages, given out of the order they were sent in."""
    return [
        _message(
            58,
            "update",
            "email",
            "DRILL-1 - Sev 1 - S3 requests failing in us-east-1",
            UPDATE_BODY,
            reviewed_by="dana.okafor",
        ),
        _message(
            19,
            "initial",
            "internal",
            "DRILL-1 - Sev 1 - S3 requests failing in us-east-1",
            INITIAL_BODY,
        ),
        _message(
            27,
            "initial",
            "email",
            "DRILL-1 - Sev 1 - S3 requests failing in us-east-1",
            INITIAL_BODY.replace("chat room #inc-drill-1.", "chat room #inc-drill-1, or reply."),
            sent_by="sam.ito",
            reviewed_by="nina.berg",
        ),
    ]


def showing(screen: Screen[Any], *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """For ``snap_compare(run_before=…)``: the console settles, ``screen`` opens, keys."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.app.push_screen(screen)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)

    return run


def _app(ctx: Context) -> WarroomApp:
    return WarroomApp(ctx, "alice", cursor_blink=False)


# --- snapshots ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["160x50", "80x24"])
def test_scorecard(snap_compare: Snap, ctx: Context, size: tuple[int, int]) -> None:
    screen = ScorecardScreen(s3_debrief(), read_aloud=lambda: None)
    assert snap_compare(_app(ctx), terminal_size=size, run_before=showing(screen))


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["160x50", "80x24"])
def test_read_aloud_second_message(snap_compare: Snap, ctx: Context, size: tuple[int, int]) -> None:
    screen = ReadAloudScreen(s3_messages(), "AWS S3, 2017")
    assert snap_compare(_app(ctx), terminal_size=size, run_before=showing(screen, "right"))


def test_read_aloud_with_no_messages(snap_compare: Snap, ctx: Context) -> None:
    screen = ReadAloudScreen([], "AWS S3, 2017")
    assert snap_compare(_app(ctx), terminal_size=SIZE, run_before=showing(screen))


# --- keys ---------------------------------------------------------------------------------


async def test_read_aloud_steps_through_the_messages_in_the_order_sent(ctx: Context) -> None:
    app = _app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await showing(ReadAloudScreen(s3_messages(), "drill"))(pilot)

        async def where_after(key: str) -> str:
            await pilot.press(key)
            await pilot.pause()
            return static_text(app, "#read-aloud-where")

        assert static_text(app, "#read-aloud-where").startswith("Message 1 of 3 · initial")
        assert "09:56\nsent by nina.berg, not reviewed" in static_text(app, "#read-aloud-where")
        assert "sent by sam.ito, reviewed by nina.berg" in await where_after("right")
        assert (await where_after("space")).startswith("Message 3 of 3 · update · email")
        assert "Current status" in static_text(app, "#read-aloud-body")
        assert (await where_after("n")).startswith("Message 3 of 3")  # stays at the last
        assert (await where_after("right")).startswith("Message 3 of 3")
        assert (await where_after("left")).startswith("Message 2 of 3")
        assert (await where_after("p")).startswith("Message 1 of 3")
        assert (await where_after("left")).startswith("Message 1 of 3")  # stays at the first
        assert (await where_after("end")).startswith("Message 3 of 3")
        assert (await where_after("home")).startswith("Message 1 of 3")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReadAloudScreen)


async def test_read_aloud_with_no_messages_says_so(ctx: Context) -> None:
    app = _app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await showing(ReadAloudScreen([], "drill"), "right", "end", "left")(pilot)
        assert static_text(app, "#read-aloud-empty") == "The trainee sent no messages."
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReadAloudScreen)


async def test_scorecard_opens_the_read_aloud_view_and_closes(ctx: Context) -> None:
    app = _app(ctx)
    messages = s3_messages()

    def read_aloud() -> None:
        app.push_screen(ReadAloudScreen(messages, "drill"))

    async with app.run_test(size=SIZE) as pilot:
        await showing(ScorecardScreen(s3_debrief(), read_aloud=read_aloud), "r")(pilot)
        assert isinstance(app.screen, ReadAloudScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        summary = static_text(app, "#scorecard-summary")
        assert summary == "Expectations: 5 of 9 met · 2 late · 1 missed · 1 open"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ScorecardScreen)


async def test_scorecard_without_a_read_aloud_view_does_not_offer_one(ctx: Context) -> None:
    app = _app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await showing(ScorecardScreen(s3_debrief()), "r")(pilot)
        assert isinstance(app.screen, ScorecardScreen)
        assert "Read aloud" not in screen_text(app)
        assert "✘ missed" in screen_text(app)  # a standing is a word, not only a colour


# --- hostile text -------------------------------------------------------------------------


def hostile_debrief() -> Debrief:
    # A stored drill is checked when it is read; a file written by hand may not be.
    expectation = Expectation.model_construct(
        expect="paged", team=PAYLOAD, role="", severity=None, within=timedelta(minutes=10)
    )
    return Debrief(
        title=PAYLOAD,
        source=PAYLOAD,
        scores=[Score(expectation, Standing.LATE, timedelta(minutes=12))],
        figures=[Figure(PAYLOAD, PAYLOAD, PAYLOAD)],
    )


def hostile_message() -> Message:
    return _message(
        5, PAYLOAD, PAYLOAD, PAYLOAD, f"{PAYLOAD}\n{PAYLOAD}", sent_by=PAYLOAD, reviewed_by=PAYLOAD
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda: ScorecardScreen(hostile_debrief()),
        lambda: ReadAloudScreen([hostile_message()], PAYLOAD),
    ],
    ids=["scorecard", "read-aloud"],
)
async def test_hostile_text_is_drawn_inert(ctx: Context, make: Callable[[], Screen[Any]]) -> None:
    app = _app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await showing(make())(pilot)
        problems = problems_on_screen(app)
        assert not problems, "; ".join(problems[:8])
        # The scan saw the hostile text, drawn as text: it cannot pass on an empty screen.
        assert MARKUP[:26] in screen_text(app)
