"""A scripted trainee works the tutorial drill through the services, on a real store and a
clock moved by hand: the injects fall due when the file says, and the scorecard says what
the trainee did, in figures worked out by hand below."""

from __future__ import annotations

import json
from datetime import timedelta

from warroom.base.clock import ManualClock
from warroom.base.locations import shipped_data
from warroom.comms import paging, sending
from warroom.comms.drafts import Draft
from warroom.process import assessment, incidents, resolution, roles, timeline
from warroom.process.context import Context
from warroom.process.read import load_detail
from warroom.scenarios.debrief import Debrief, Figure, debrief
from warroom.scenarios.debrief_export import as_html, as_json, as_markdown
from warroom.scenarios.drill import load_drill
from warroom.scenarios.drill_progress import (
    Standing,
    due_injects,
    progress_of,
    scorecard,
)
from warroom.vocabulary.channels import CHANNEL_NAMES

from .conftest import T0

TUTORIAL = load_drill(shipped_data("scenarios", "drills", "tutorial.toml"))
START = T0  # the drill starts when the clock says T0
MINUTE = timedelta(minutes=1)


def _at(clock: ManualClock, minutes: int) -> None:
    clock.set(START + minutes * MINUTE)


def _kinds(indexes: list[int]) -> list[str]:
    return [TUTORIAL.injects[i].kind for i in indexes]


def test_a_scripted_trainee_meets_the_tutorial(ctx: Context, clock: ManualClock) -> None:
    fired: list[int] = []

    def fire_due() -> list[str]:
        progress = progress_of(load_detail(ctx, key) if key else None)
        due = due_injects(TUTORIAL, START, progress, clock.now(), fired)
        fired.extend(due)
        return _kinds(due)

    key = ""
    assert fire_due() == ["alert"]  # at 0m
    _at(clock, 3)
    form = incidents.Declaration(TUTORIAL.drill.summary, 2, products=["Wiki"], training=True)
    key = incidents.declare(ctx, form, by="trainee").key
    _at(clock, 4)
    roles.take(ctx, key, by="trainee")
    assert fire_due() == ["observation"]  # 4m; the red herring is at 6m
    _at(clock, 6)
    paging.page(ctx, key, "Work Management", reason="Wiki saves failing", by="trainee")
    assert fire_due() == ["red-herring"]
    _at(clock, 11)  # 5 minutes after the page: its answer
    assert fire_due() == ["page-answer"]
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "as the responders said", by="trainee")
    _at(clock, 12)
    for channel in CHANNEL_NAMES:
        sending.send(ctx, key, "initial", channel, Draft(), by="trainee")
    assert fire_due() == []  # tickets come 10 minutes after the first initial message
    _at(clock, 22)
    assert fire_due() == ["tickets"]
    _at(clock, 26)  # 20 minutes after the page: the rollback
    assert fire_due() == ["observation"]
    _at(clock, 27)  # 15 minutes after the first initial message: an ETA asked for
    assert fire_due() == ["eta-request"]
    _at(clock, 50)
    resolution.resolve(ctx, key, impact_ended_at=START + 48 * MINUTE, by="trainee")
    assert fire_due() == []
    assert sorted(fired) == list(range(len(TUTORIAL.injects)))

    progress = progress_of(load_detail(ctx, key))
    scores = {s.expectation.expect: s for s in scorecard(TUTORIAL, START, progress, clock.now())}
    # By hand: declared at 3m (limit 5m), IM at 4m (5m), severity 2 at declaring (5m),
    # paged at 6m (10m), assessed at 11m (20m), initial comms everywhere at 12m (15m),
    # resolved at 50m with the impact ended at 48m, which is what counts (45m): late.
    assert {name: (s.standing, s.took) for name, s in scores.items()} == {
        "declared": (Standing.MET, 3 * MINUTE),
        "im-taken": (Standing.MET, 4 * MINUTE),
        "severity": (Standing.MET, 3 * MINUTE),
        "paged": (Standing.MET, 6 * MINUTE),
        "assessed": (Standing.MET, 11 * MINUTE),
        "initial-comms": (Standing.MET, 12 * MINUTE),
        "resolved": (Standing.LATE, 48 * MINUTE),
    }


def test_expectations_still_open_and_missed(ctx: Context, clock: ManualClock) -> None:
    """Nothing done: within a limit an expectation is open; past it, missed."""
    _at(clock, 8)
    scores = scorecard(TUTORIAL, START, progress_of(None), clock.now())
    standing = {s.expectation.expect: s.standing for s in scores}
    assert standing["declared"] == Standing.MISSED  # 5m limit
    assert standing["paged"] == Standing.OPEN  # 10m limit
    assert all(s.took is None for s in scores)


def test_an_inject_after_a_page_waits_for_that_team(ctx: Context, clock: ManualClock) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Wiki saves", 2), by="trainee").key
    _at(clock, 2)
    paging.page(ctx, key, "Messaging", reason="is it chat?", by="trainee")
    _at(clock, 30)
    progress = progress_of(load_detail(ctx, key))
    due = _kinds(due_injects(TUTORIAL, START, progress, clock.now(), []))
    assert "page-answer" not in due  # the answer comes from Work Management, not paged


def test_the_debrief_of_a_scripted_trainee(ctx: Context, clock: ManualClock) -> None:
    """Figures by hand: declared at 2m as Sev 3, raised to Sev 2 at 9m; IM at 2m; the wrong
    team paged; two theories, an experiment, a change with an undo and one without."""
    _at(clock, 2)
    form = incidents.Declaration(TUTORIAL.drill.summary, 3, products=["Wiki"], training=True)
    key = incidents.declare(ctx, form, by="trainee").key
    roles.take(ctx, key, by="trainee")
    paging.page(ctx, key, "Messaging", reason="chat?", by="trainee")
    _at(clock, 9)
    incidents.change_severity(ctx, key, 2, reason="30% of saves fail", by="trainee")
    for kind, text, undo in [
        ("theory", "the 14:02 config deploy", ""),
        ("theory", "chat latency", ""),
        ("experiment", "save with the old config on one pod", ""),
        ("change", "roll back the config", "redeploy 14:02's config"),
        ("change", "restart the pool", ""),
    ]:
        timeline.add_note(ctx, key, text, kind=kind, undo=undo, by="trainee")

    said = debrief(TUTORIAL, load_detail(ctx, key), START, clock.now())
    figures = {f.what: (f.did, f.bar) for f in said.figures}
    assert figures["time to declare"] == ("2m 00s", "")
    assert figures["severity chosen"] == ("Sev 3 → Sev 2", "Sev 2")
    assert figures["time to set Sev 2"] == ("9m 00s", "")
    assert figures["teams paged"] == (
        "Messaging; not paged: Work Management; also paged: Messaging",
        "Work Management",
    )
    assert figures["review loop"] == (
        "2 theories, 1 experiment, 2 changes (1 with an undo)",
        "",
    )
    assert figures["time to resolve (TTR)"] == ("not resolved", "41m 00s in the real incident")
    assert figures["time to first comms, internal"] == ("not done", "")
    scores = {s.expectation.expect: s.standing for s in said.scores}
    assert scores["severity"] == Standing.LATE  # Sev 2 at 9m; the limit is 5m
    assert scores["paged"] == Standing.OPEN  # Work Management not paged, 10m not yet up

    markdown = as_markdown(said)
    assert "| Work Management is paged, within 10m 00s | open | — |" in markdown
    assert json.loads(as_json(said))["expectations"][2]["took_seconds"] == 540


def test_the_debrief_exports_keep_stored_text_inert() -> None:
    hostile = "<script>alert(1)</script> | \x1b]0;PWNED\x07 [b]x"
    said = Debrief(hostile, hostile, [], [Figure(hostile, hostile, hostile)])
    page = as_html(said)
    assert "<script>" not in page and "&lt;script&gt;" in page
    for text in (page, as_markdown(said), as_json(said)):
        assert "\x1b" not in text and "\x07" not in text
    # A bar cannot end a table cell; an escape's backslash is a reference like the rest.
    assert "&#124; &#92;x1b&#93;0;PWNED" in as_markdown(said)
    assert json.loads(as_json(said))["title"] == hostile  # JSON gives the text back exactly
