"""Scenarios: the file format, its located refusals, placeholders, and playing a story to now."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import ScenarioError
from warroom.process.context import Context
from warroom.process.read import list_incidents, load_detail
from warroom.scenarios.demo import demo_scenario_paths
from warroom.scenarios.durations import format_offset, parse_duration, parse_offset
from warroom.scenarios.format import ACTIONS, Scenario, load_scenario
from warroom.scenarios.placeholders import render
from warroom.scenarios.play import play

from .conftest import T0

# Two incidents that between them do every action; each error test breaks one thing in a copy.
VALID = (Path(__file__).parent / "data" / "every-action.toml").read_text(encoding="utf-8")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line that is exactly ``needle`` (its ``occurrence``-th one)."""
    numbers = [n for n, line in enumerate(text.splitlines(), start=1) if line == needle]
    assert len(numbers) >= occurrence, f"{needle!r} is not in the test scenario"
    return numbers[occurrence - 1]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> tuple[Path, str]:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "\n" not in message
    return path, message


# --- the shipped demo -------------------------------------------------------------------------


def test_the_shipped_demo_loads() -> None:
    scenarios = [load_scenario(path) for path in demo_scenario_paths()]
    assert len(scenarios) == 7
    incidents = [incident for scenario in scenarios for incident in scenario.incidents]
    assert len(incidents) == 8
    assert sum(len(incident.steps) for incident in incidents) > 100
    for scenario in scenarios:
        assert all(scheduled.offset <= timedelta(0) for scheduled in scenario.schedule())


def test_the_schedule_is_by_time_then_file_order() -> None:
    scenario = load_scenario(demo_scenario_paths()[-1])  # the two live incidents
    schedule = scenario.schedule()
    assert [s.offset for s in schedule] == sorted(s.offset for s in schedule)
    live = [(s.incident, s.step) for s in schedule[-6:]]
    # The severity-2 is declared between the severity-1's last two steps; equal times keep
    # the order of the file.
    assert live == [(0, 27), (1, 0), (1, 1), (1, 2), (1, 3), (0, 28)]


# --- playing ----------------------------------------------------------------------------------


def test_every_action_is_played_through_the_services(
    tmp_path: Path, ctx: Context, clock: ManualClock
) -> None:
    assert play(ctx, load_scenario(write(tmp_path, VALID)), T0) == ["HOT-1", "HOT-2"]
    assert clock.now() == T0, "the caller's clock is left alone"
    db = load_detail(ctx, "HOT-1")
    start = T0 - timedelta(hours=2)
    assert db.incident.description == "Tracker fails to save since 12:00"
    assert db.incident.declared_at == start + timedelta(minutes=10)
    assert db.incident.impact_started_at == start - timedelta(minutes=5)
    assert db.incident.detected_at == start + timedelta(minutes=5)
    assert (db.incident.severity, db.incident.status, db.incident.support_cases) == (2, "fixing", 3)
    assert (db.incident.chat_room, db.incident.video_link) == (
        "hot-1-room",
        "https://meet.example.com/hot-1",
    )
    assert db.pages[0].reason == "IMOC needed for HOT-1"
    assert db.incident_manager == "lukas.brandt"
    assert "how_many" in db.answers
    (change,) = [e for e in db.timeline if e.kind == "change"]
    assert (change.text, change.undo) == ("restarted the primary at 12:14", "nothing to undo")
    assert change.occurred_at == start + timedelta(minutes=14)
    assert change.recorded_at == start + timedelta(minutes=15)
    (item,) = db.actions
    assert (item.kind, item.owner, item.done) == ("follow-up", "priya.natarajan", True)
    assert item.done_at == start + timedelta(minutes=90)
    search = load_detail(ctx, "HOT-2")
    assert [e.text for e in search.timeline if e.kind == "note"] == ["lukas.brandt is on HOT-1"]


def test_every_action_of_the_format_is_in_the_test_scenario(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, VALID))
    assert {step.do for i in scenario.incidents for step in i.steps} == set(ACTIONS)


def test_a_step_after_now_is_refused_before_anything_is_written(
    tmp_path: Path, ctx: Context
) -> None:
    text = replace_once(VALID, 'start = "-30m"', 'start = "-4m"')
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        play(ctx, load_scenario(path), T0)
    line = line_of(text, 'at = "5m"')
    assert str(caught.value) == (
        f"scenario {path}, line {line}, field incidents[1].steps[0].at: "
        "lands 1m after now; a scenario is played up to now, not past it"
    )
    assert list_incidents(ctx, include_resolved=True) == []


def test_a_step_the_services_refuse_names_its_place_in_the_file(
    tmp_path: Path, ctx: Context
) -> None:
    text = replace_once(VALID, 'team = "Major Incident Managers"', 'team = "Nobody"')
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        play(ctx, load_scenario(path), T0)
    line = line_of(text, "[[incidents.steps]]", occurrence=2)
    assert str(caught.value).startswith(
        f"scenario {path}, line {line}, field incidents[0].steps[1]: team: unknown team 'Nobody'"
    )


def test_a_naive_now_is_refused(tmp_path: Path, ctx: Context) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        play(ctx, load_scenario(write(tmp_path, VALID)), T0.replace(tzinfo=None))


# --- placeholders and durations ----------------------------------------------------------------


def test_placeholders_render_local_times_and_keys() -> None:
    start = datetime(2026, 11, 25, 13, 14, tzinfo=UTC)  # the tests run in UTC
    keys = {"one": "HOT-7", "two": "HOT-8"}
    text = "{t} {t-3m} {t+1h2m} {key} {slug} {key:two} {slug:two} {{literal}}"
    assert render(text, start=start, keys=keys, own="one") == (
        "13:14 13:11 14:16 HOT-7 hot-7 HOT-8 hot-8 {literal}"
    )


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("9m", timedelta(minutes=9)),
        ("15m30s", timedelta(minutes=15, seconds=30)),
        ("3h40m", timedelta(hours=3, minutes=40)),
        ("1d18h", timedelta(days=1, hours=18)),
        ("0m", timedelta(0)),
    ],
)
def test_durations(text: str, delta: timedelta) -> None:
    assert parse_duration(text) == delta
    assert parse_offset("-" + text) == -delta
    assert parse_offset(format_offset(-delta)) == -delta


@pytest.mark.parametrize("text", ["", "9", "m", "9 m", "1m2h", "-9m", "9min", "1.5h"])
def test_malformed_durations(text: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["99999999999d", "-99999999999d", "1" * 30 + "s"])
def test_durations_beyond_what_a_time_holds(text: str) -> None:
    with pytest.raises(ValueError, match="longer than a duration can be"):
        parse_offset(text)


# --- refusals: each names the file, the exact line and the field --------------------------------


def test_toml_syntax_error(tmp_path: Path) -> None:
    text = replace_once(VALID, 'text = "check the backups"', "text = check the backups")
    path, message = load_error(tmp_path, text)
    line = line_of(text, "text = check the backups")
    assert message.startswith(f"scenario {path}, line {line}: TOML syntax error: ")


# (text to replace, its replacement, the line at fault (its n-th occurrence), field: message)
REFUSALS = {
    "unknown action": (
        'do = "take"',
        'do = "grab"',
        ('do = "grab"', 1),
        "incidents[0].steps[2].do: unknown action 'grab'; use one of declare, note,",
    ),
    "missing field of an action, at its step": (
        'answer = "Some"\n',
        "",
        ("[[incidents.steps]]", 8),
        'incidents[0].steps[7].answer: required by do = "assess"',
    ),
    "field of another action": (
        'do = "take"\n',
        'do = "take"\nreason = "on call"\n',
        ('reason = "on call"', 1),
        'incidents[0].steps[2].reason: not a field of do = "take" (it takes: no other fields)',
    ),
    "bad duration": (
        'at = "19m"',
        'at = "19 min"',
        ('at = "19 min"', 1),
        "incidents[0].steps[9].at: '19 min' is not a duration; write it like 9m,",
    ),
    "duration not text": (
        'impact_ended = "25m"',
        "impact_ended = 25",
        ("impact_ended = 25", 1),
        'incidents[0].steps[12].impact_ended: write a duration as text, like "9m"',
    ),
    "unknown placeholder": (
        "at {t+14m}",
        "at {time+14m}",
        ('text = "restarted the primary at {time+14m}"', 1),
        "incidents[0].steps[5].text: unknown placeholder {time+14m}; use {t}, {t+2m}, {t-3m},",
    ),
    "lone brace": (
        'reason = "only some customers"',
        'reason = "only {some"',
        ('reason = "only {some"', 1),
        "incidents[0].steps[6].reason: a lone '{'; write '{{' for a brace",
    ),
    "key of an unknown incident": (
        "{key:db-down}",
        "{key:db}",
        ('text = "lukas.brandt is on {key:db}"', 1),
        "incidents[1].steps[1].text: no incident with id 'db'",
    ),
    "key of an incident declared later": (
        'reason = "only some customers"',
        'reason = "see {key:search}"',
        ('reason = "see {key:search}"', 1),
        "incidents[0].steps[6].reason: incident 'search' is declared after this, so it has no key",
    ),
    "own key in the declaration": (
        "save since {t}",
        "save, see {key}",
        ('description = "Tracker fails to save, see {key}"', 1),
        "incidents[0].description: the incident has no key until it is declared",
    ),
    "unknown ref": (
        'do = "action-done"\nref = "backups"',
        'do = "action-done"\nref = "b"',
        ('ref = "b"', 1),
        "incidents[0].steps[14].ref: no action with ref 'b' in this incident",
    ),
    "misspelt key": (
        'owner = "priya.natarajan"',
        'ownr = "priya.natarajan"',
        ('ownr = "priya.natarajan"', 1),
        "incidents[0].steps[10].ownr: Extra inputs are not permitted",
    ),
    "duplicate incident id": (
        'id = "search"',
        'id = "db-down"',
        ('id = "db-down"', 2),
        "incidents[1].id: duplicate id 'db-down', see incidents[0]",
    ),
    "first step not a declaration": (
        'by = "jonas.lindqvist"\ndo = "declare"',
        'by = "x"\ndo = "take"',
        ('do = "take"', 2),
        'incidents[1].steps[0].do: an incident\'s first step is do = "declare"',
    ),
    "steps out of time order": (
        'at = "17m"',
        'at = "7m"',
        ('at = "7m"', 1),
        "incidents[0].steps[7].at: is before the step above; list steps in time order",
    ),
    "unknown note kind": (
        'kind = "change"',
        'kind = "fix"',
        ('kind = "fix"', 1),
        "incidents[0].steps[5].kind: unknown note kind 'fix'; use observation, theory,",
    ),
}


@pytest.mark.parametrize(("old", "new", "at", "problem"), REFUSALS.values(), ids=REFUSALS.keys())
def test_refusals_name_file_line_and_field(
    tmp_path: Path, old: str, new: str, at: tuple[str, int], problem: str
) -> None:
    text = replace_once(VALID, old, new)
    path, message = load_error(tmp_path, text)
    assert message.startswith(f"scenario {path}, line {line_of(text, *at)}, field {problem}")


def test_a_ref_to_an_action_added_later(tmp_path: Path) -> None:
    done_early = '\n[[incidents.steps]]\nat = "12m"\nby = "dana.okafor"\ndo = "action-done"\n'
    text = replace_once(VALID, 'do = "take"\n', 'do = "take"\n' + done_early + 'ref = "early"\n')
    text = replace_once(text, 'ref = "backups"\ntext', 'ref = "early"\ntext')
    path, message = load_error(tmp_path, text)
    line = line_of(text, 'ref = "early"')
    assert message.startswith(
        f"scenario {path}, line {line}, field incidents[0].steps[3].ref: "
        "the action 'early' is added after this step, not before"
    )


def test_a_scenario_built_in_code_is_checked_too() -> None:
    data = tomllib.loads(VALID)
    data["incidents"][1]["id"] = "db-down"
    with pytest.raises(ScenarioError, match=r"field incidents\[1\]\.id: duplicate id 'db-down'"):
        Scenario.model_validate(data)
