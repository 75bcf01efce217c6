"""A drill whose every text is hostile, in the trainer's console and a trainee's: drawn as
written, never obeyed. The drill file may hold markup (it is text like any other); what
only a process writing the store directly could put there (escape sequences, direction
changes) is written into the drill store's own rows, as ``tests/hostile.py`` does for the
incident tables."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
import tomli_w

from warroom.app import TrainerApp, make_app
from warroom.base.clock import ManualClock
from warroom.base.errors import ScenarioError
from warroom.process.context import Context
from warroom.scenarios.drill_session import DrillSession, join, start_drill

from ..hostile import MARKUP, PAYLOAD
from .conftest import SIZE
from .helpers import settle
from .test_hostile_text import problems_on_screen, screen_text


def hostile_drill(path: Path) -> Path:
    """Markup in every text of a drill file, which loading takes as text."""
    path.write_text(
        tomli_w.dumps(
            {
                "drill": {"title": MARKUP, "briefing": MARKUP, "summary": MARKUP},
                "ground_truth": {
                    "cause": MARKUP,
                    "severity": 2,
                    "answers": {"impact": MARKUP, "seeing": MARKUP},
                },
                "injects": [
                    {"at": "0m", "kind": "alert", "by": MARKUP, "text": MARKUP},
                    {"at": "1m", "kind": "observation", "by": MARKUP, "text": MARKUP},
                    {"at": "9m", "kind": "social", "by": MARKUP, "text": MARKUP},
                ],
                "expectations": [{"expect": "declared", "within": "5m"}],
            }
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def drill(tmp_path: Path, db_path: Path, clock: ManualClock) -> Iterator[DrillSession]:
    ctx = Context.open(db_path, clock=clock)
    session = start_drill(ctx, hostile_drill(tmp_path / "d.toml"), speed=60, wall=clock, by="t")
    session.tick()
    clock.advance(timedelta(seconds=1))  # a drill minute: the observation fires
    session.tick()
    session.improvise("observation", "someone", "improvised", by="t")
    with closing(sqlite3.connect(db_path)) as db, db:
        db.execute("UPDATE fired_inject SET author = ?, text = ?", (PAYLOAD, PAYLOAD))
        db.execute("UPDATE drill_run SET title = ?, started_by = ?", (PAYLOAD, PAYLOAD))
    session.refresh()
    yield session
    ctx.close()


async def test_the_trainers_console_draws_a_hostile_drill_inert(drill: DrillSession) -> None:
    app = TrainerApp(drill.ctx, "trainer", cursor_blink=False, drill=drill)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in ((), ("down", "down", "down")):  # the improvised row's text in full too
            for key in keys:
                await pilot.press(key)
            await settle(pilot)
            problems = problems_on_screen(app)
            assert not problems, "; ".join(problems[:8])
            assert MARKUP[:26] in screen_text(app)
        assert "PWNED-TITLE" in screen_text(app)  # the poisoned rows, drawn escaped


async def test_the_trainees_banner_draws_a_hostile_drill_inert(
    drill: DrillSession, db_path: Path, clock: ManualClock
) -> None:
    app = make_app(db_path, user="ana", clock=clock, cursor_blink=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            problems = problems_on_screen(app)
            assert not problems, "; ".join(problems[:8])
            text = screen_text(app)
            assert "Before any incident was declared" in text
            assert MARKUP[:26] in text and "PWNED-TITLE" in text
    finally:
        app.ctx.close()


def test_a_drill_store_holding_a_drill_file_it_would_refuse_is_refused_in_one_line(
    drill: DrillSession, db_path: Path
) -> None:
    """A drill store rewritten to hold a drill file with an escape sequence in it: joining
    refuses, saying where, instead of showing it."""
    with closing(sqlite3.connect(db_path)) as db, db:
        db.execute("UPDATE drill_run SET scenario = replace(scenario, 'alert', ?)", ("\x1b[2J",))
    ctx = Context.open(db_path)
    try:
        with pytest.raises(ScenarioError, match="drill") as refused:
            join(ctx, ManualClock(drill.now()))
    finally:
        ctx.close()
    assert "\x1b" not in str(refused.value)
