"""The command line: what each command prints, what it stores, and how it refuses bad input.

In-process runs call ``warroom.cli.main`` with the store's clock frozen at T0 (the CLI
builds its Context with ``SystemClock()``; we hand it the test's ManualClock instead), so
times typed as ``14:03`` or ``15m`` have exact expected values. A few real subprocess runs
prove exit statuses and stderr from an actual ``python -m warroom`` process.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from warroom.base.clock import ManualClock
from warroom.store.open import open_store
from warroom.store.sqlite.engine import SqliteStore as Store

from .cli_support import Cli, one_error_line
from .conftest import T0


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


@pytest.fixture
def cli(tmp_path: Path, store_target: Path | str, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(store_target, capsys)


def _iso(minutes_from_t0: float) -> str:
    return (T0 + timedelta(minutes=minutes_from_t0)).isoformat()


def _notes(shown: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in shown["timeline"] if e["kind"] != "system"]


# ---------------------------------------------------------------------------
# declare
# ---------------------------------------------------------------------------


def test_declare_prints_each_new_key_in_turn(cli: Cli) -> None:
    assert cli.ok("declare", "--summary", "Git push fails", "--severity", "1") == "HOT-1\n"
    assert cli.ok("declare", "--summary", "Wiki slow", "--severity", "3") == "HOT-2\n"
    keys = [row["key"] for row in cli("list", "--json").json()]
    assert keys == ["HOT-1", "HOT-2"]


def test_declare_with_every_field(cli: Cli) -> None:
    out = cli.ok(
        "--user",
        "alice",
        "declare",
        "--summary",
        "Git push fails for everyone",
        "--severity",
        "sev2",
        "--service",
        "Git Storage",
        "--product",
        "Repos",
        "--product",
        "Pipelines",
        "--description",
        "All pushes time out. Call alice on +1 555 0100",
        "--started",
        "13:00",
        "--detected",
        "13:12",
    )
    assert out == "HOT-1\n"
    shown = cli.show()
    assert shown["key"] == "HOT-1"
    assert shown["summary"] == "Git push fails for everyone"
    assert shown["description"] == "All pushes time out. Call alice on +1 555 0100"
    assert shown["severity"] == 2
    assert shown["status"] == "new"
    assert shown["service"] == "Git Storage"
    assert shown["products"] == ["Pipelines", "Repos"]
    assert shown["impact_started_at"] == _iso(-60)
    assert shown["detected_at"] == _iso(-48)
    assert shown["declared_at"] == _iso(0)
    assert shown["declared_by"] == "alice"
    assert shown["ttd_seconds"] == 12 * 60
    assert shown["ttr_seconds"] is None
    assert shown["incident_manager"] is None
    assert shown["channels"]["chat_room"] == "HOT-1"


def test_unknown_service_is_accepted_as_unknown(cli: Cli) -> None:
    cli.ok("declare", "--summary", "Something is off", "--severity", "3", "--service", "unknown")
    assert cli.show()["service"] == "Unknown"


def test_service_and_product_names_match_case_insensitively(cli: Cli) -> None:
    cli.ok(
        "declare",
        "--summary",
        "Database failover",
        "--severity",
        "1",
        "--service",
        "PRIMARY database",
        "--product",
        "status pages",
        "--product",
        "TRACKER",
        "--product",
        "Tracker",
    )
    shown = cli.show()
    assert shown["service"] == "Primary Database"
    assert shown["products"] == ["Status Pages", "Tracker"]


def test_detected_defaults_to_now_and_no_start_means_no_metrics(cli: Cli) -> None:
    cli.ok("declare", "--summary", "x", "--severity", "3")
    shown = cli.show()
    assert shown["detected_at"] == _iso(0)
    assert shown["impact_started_at"] is None
    assert (shown["ttd_seconds"], shown["ttr_seconds"]) == (None, None)


# ---------------------------------------------------------------------------
# note
# ---------------------------------------------------------------------------


@pytest.fixture
def declared(cli: Cli) -> Cli:
    cli.ok("declare", "--summary", "Git push fails", "--severity", "2", "--started", "30m")
    return cli


def test_note_back_dated_to_a_clock_time(declared: Cli) -> None:
    # At 14:00, "15:03" (over an hour ahead) is the latest such moment: yesterday.
    out = declared.ok(
        "note", "HOT-1", "the CDN, maybe", "--kind", "theory", "--at", "15:03", "--by", "bob"
    )
    (note,) = _notes(declared.show())
    assert out == f"{note['id']}\n"
    assert note["kind"] == "theory"
    assert note["author"] == "bob"
    assert note["text"] == "the CDN, maybe"
    assert note["at"] == (T0 - timedelta(days=1) + timedelta(minutes=63)).isoformat()
    assert note["recorded_at"] == _iso(0)
    assert note["undo"] is None
    assert note["edited"] is False


def test_note_at_earlier_today(declared: Cli) -> None:
    declared.ok("note", "HOT-1", "errors began", "--kind", "observation", "--at", "13:40")
    (note,) = _notes(declared.show())
    assert (note["at"], note["recorded_at"]) == (_iso(-20), _iso(0))


@pytest.mark.parametrize("at", [["--at", "15m"], ["--at=-15m"], ["--at", "15m ago"]])
def test_note_at_a_duration_ago(declared: Cli, at: list[str]) -> None:
    declared.ok("note", "HOT-1", "deploy 42 went out", *at)
    (note,) = _notes(declared.show())
    assert note["at"] == _iso(-15)
    assert note["recorded_at"] == _iso(0)
    assert note["kind"] == "note"


def test_back_dated_notes_fall_into_place_on_the_timeline(declared: Cli) -> None:
    declared.ok("note", "HOT-1", "second", "--at", "5m")
    declared.ok("note", "HOT-1", "first", "--at", "10m")
    declared.ok("note", "HOT-1", "third")
    assert [n["text"] for n in _notes(declared.show())] == ["first", "second", "third"]


def test_change_note_carries_its_undo(declared: Cli) -> None:
    declared.ok(
        "note", "HOT-1", "rolled back deploy 42", "--kind", "change", "--undo", "redeploy 42"
    )
    (note,) = _notes(declared.show())
    assert (note["kind"], note["undo"]) == ("change", "redeploy 42")


@pytest.mark.parametrize(
    ("line", "kind", "text", "undo"),
    [
        ("t: the CDN, maybe", "theory", "the CDN, maybe", None),
        ("obs: error rate 40%", "observation", "error rate 40%", None),
        ("c: rolled back 42 undo: redeploy 42", "change", "rolled back 42", "redeploy 42"),
        ("ERROR: disk full", "note", "ERROR: disk full", None),  # not a prefix
    ],
)
def test_note_reads_the_entry_line_like_the_console(
    declared: Cli, line: str, kind: str, text: str, undo: str | None
) -> None:
    declared.ok("note", "HOT-1", line)
    (note,) = _notes(declared.show())
    assert (note["kind"], note["text"], note["undo"]) == (kind, text, undo)


def test_note_back_dated_on_the_entry_line(declared: Cli) -> None:
    declared.ok("note", "HOT-1", "@13:40 o: errors began")
    (note,) = _notes(declared.show())
    assert (note["kind"], note["text"], note["at"]) == ("observation", "errors began", _iso(-20))


def test_note_back_dated_after_the_prefix(declared: Cli) -> None:
    declared.ok("note", "HOT-1", "o: @13:40 errors began")
    (note,) = _notes(declared.show())
    assert (note["kind"], note["text"], note["at"]) == ("observation", "errors began", _iso(-20))


def test_note_with_a_kind_is_stored_as_written(declared: Cli) -> None:
    declared.ok("note", "HOT-1", "t: not a theory, a quoted log line", "--kind", "note")
    (note,) = _notes(declared.show())
    assert (note["kind"], note["text"]) == ("note", "t: not a theory, a quoted log line")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["@13:40 errors began", "--at", "13:30"], "give the time once"),
        (["o: @13:40 errors began", "--at", "13:30"], "give the time once"),
        (["o: @25:99 errors began"], "not a time of day"),
        (["c: rolled back undo: redeploy", "--undo", "redeploy"], "say how to undo it once"),
        (["t:   "], "write the note after the prefix"),
    ],
)
def test_note_refuses_what_it_cannot_read_in_one_line(
    declared: Cli, argv: list[str], says: str
) -> None:
    err = one_error_line(declared("note", "HOT-1", *argv))
    assert says in err
    assert _notes(declared.show()) == []


def test_note_key_is_case_insensitive(declared: Cli) -> None:
    declared.ok("note", "hot-1", "lower-case key")
    assert [n["text"] for n in _notes(declared.show())] == ["lower-case key"]


# ---------------------------------------------------------------------------
# list
# ---------------------------------------------------------------------------


def test_list_on_an_empty_store_says_how_to_declare(cli: Cli) -> None:
    out = cli.ok("list")
    assert out.startswith("No incidents. Declare one with: warroom declare")
    assert "HOT-" not in out
    assert cli.ok("list", "--all") == out
    assert cli("list", "--json").json() == []


def test_list_shows_open_incidents_and_all_shows_resolved_too(cli: Cli, clock: ManualClock) -> None:
    cli.ok("declare", "--summary", "Git push fails", "--severity", "1", "--started", "1h")
    cli.ok("declare", "--summary", "Wiki slow", "--severity", "3")
    cli.ok("--user", "alice", "take", "HOT-1")
    clock.advance(timedelta(minutes=20))
    cli.ok("resolve", "HOT-1", "--ended", "5m")

    open_only = cli.ok("list")
    assert "HOT-2" in open_only and "Wiki slow" in open_only
    assert "HOT-1" not in open_only
    everything = cli.ok("list", "--all")
    assert "HOT-1" in everything and "HOT-2" in everything

    assert [r["key"] for r in cli("list", "--json").json()] == ["HOT-2"]
    rows = cli("list", "--all", "--json").json()
    assert [r["key"] for r in rows] == ["HOT-2", "HOT-1"]  # open first
    resolved = rows[1]
    assert resolved == {
        "key": "HOT-1",
        "severity": 1,
        "status": "resolved",
        "summary": "Git push fails",
        "incident_manager": "alice",
        "declared_at": _iso(0),
        "impact_started_at": _iso(-60),
        "resolved_at": _iso(15),
        "training": False,
        "open_items": 0,
        "overdue_items": 0,
    }
    assert rows[0]["status"] == "new"
    assert rows[0]["incident_manager"] is None


def test_list_with_only_resolved_incidents_says_how_many_and_how_to_see_them(
    cli: Cli, clock: ManualClock
) -> None:
    for summary in ("Git push fails", "Wiki slow"):
        cli.ok("declare", "--summary", summary, "--severity", "2", "--started", "30m")
    for key in ("HOT-1", "HOT-2"):
        cli.ok("--user", "alice", "take", key)
        cli.ok("resolve", key, "--ended", "now")
    out = cli.ok("list")
    assert out == "No open incidents; 2 resolved. See them with: warroom list --all\n"
    assert "No incidents" not in out
    shown = cli.ok("list", "--all")
    assert "HOT-1" in shown and "HOT-2" in shown
    assert cli("list", "--json").json() == []  # scripts get the open ones, as before
    # One open again: the list is that incident, nothing about the resolved ones.
    cli.ok("declare", "--summary", "Search stale", "--severity", "3")
    assert cli.ok("list").startswith("HOT-3")


def test_list_json_marks_drills(cli: Cli) -> None:
    cli.ok("declare", "--summary", "Game day", "--severity", "2", "--training")
    (row,) = cli("list", "--json").json()
    assert row["training"] is True
    assert "[drill]" in cli.ok("list")


def test_list_json_is_written_row_by_row_as_the_whole_list_would_be(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``list --json`` streams its rows (a store of years never sits in memory); the text is
    the one json.dumps gives for the whole list, hostile and non-ASCII text included."""
    from warroom.process import read

    monkeypatch.setattr(read, "STREAMED_ROWS", 2)  # several fetches from one read
    assert cli.ok("list", "--all", "--json") == "[]\n"
    summaries = ["Café 500s", "Evil \x1b[2J\u202e summary", "Plain", 'Quote " and \\ slash']
    for summary in summaries:
        cli.ok("declare", "--summary", summary, "--severity", "2")
    cli.ok("take", "HOT-2")
    cli.ok("resolve", "HOT-2", "--ended", "now")
    streamed = cli.ok("list", "--all", "--json")
    rows = json.loads(streamed)
    assert [r["summary"] for r in rows] == [summaries[i] for i in (0, 2, 3, 1)]
    assert (
        streamed
        == json.dumps(rows, ensure_ascii=False, indent=2).replace("\u202e", "\\u202e") + "\n"
    )
    assert "\x1b" not in streamed and "\u202e" not in streamed
    assert [r["key"] for r in cli("list", "--json").json()] == ["HOT-1", "HOT-3", "HOT-4"]


# ---------------------------------------------------------------------------
# show --json
# ---------------------------------------------------------------------------


def test_show_json_has_the_whole_incident(cli: Cli, clock: ManualClock) -> None:
    cli.ok(
        "declare",
        "--summary",
        "Git push fails",
        "--severity",
        "1",
        "--service",
        "git storage",
        "--product",
        "repos",
        "--started",
        "2026-11-25T13:00:00+00:00",
        "--detected",
        "2026-11-25T13:07:30+00:00",
    )
    cli.ok("--user", "alice", "take", "HOT-1")
    cli.ok("assign", "HOT-1", "tl", "bob", "--by", "alice")
    cli.ok("assess", "HOT-1", "1", "All pushes fail", "--by", "alice")
    cli.ok("assess", "HOT-1", "how_many", "all", "--by", "bob")
    cli.ok("note", "HOT-1", "deploy 42 at 12:58", "--kind", "observation", "--by", "bob")
    clock.advance(timedelta(minutes=50))
    cli.ok("resolve", "HOT-1", "--ended", "5m", "--by", "alice")

    shown = cli.show()
    assert shown["key"] == "HOT-1"
    assert shown["summary"] == "Git push fails"
    assert shown["severity"] == 1
    assert shown["status"] == "resolved"
    assert shown["service"] == "Git Storage"
    assert shown["products"] == ["Repos"]
    assert shown["incident_manager"] == "alice"
    assert shown["resolved_at"] == _iso(45)
    # TTD = detected − started = 7m30s; TTR = ended (14:45) − started (13:00) = 1h45m.
    assert shown["ttd_seconds"] == 450
    assert shown["ttr_seconds"] == 105 * 60
    assert isinstance(shown["ttd_seconds"], (int, float))

    roles = {(r["role"], r["person"]): r for r in shown["roles"]}
    assert set(roles) == {("Incident manager", "alice"), ("Tech lead", "bob")}
    assert roles["Incident manager", "alice"]["since"] == _iso(0)
    assert roles["Incident manager", "alice"]["on_incident_seconds"] == 50 * 60

    answers = {a["question"]: a for a in shown["assessment"]["answers"]}
    assert shown["assessment"]["progress"] == "2/6"
    assert (answers["impact"]["answer"], answers["impact"]["by"]) == ("All pushes fail", "alice")
    assert (answers["how_many"]["answer"], answers["how_many"]["by"]) == ("all", "bob")
    assert answers["seeing"]["answer"] is None

    for entry in shown["timeline"]:
        assert {"kind", "at", "author", "text"} <= set(entry)
    (note,) = _notes(shown)
    assert note == {
        "id": note["id"],
        "kind": "observation",
        "at": _iso(0),
        "recorded_at": _iso(0),
        "author": "bob",
        "text": "deploy 42 at 12:58",
        "undo": None,
        "edited": False,
        "fact": None,
    }
    system = [e for e in shown["timeline"] if e["kind"] == "system"]
    assert any(e["text"].startswith("Declared severity 1") for e in system)
    # A system entry is a fact for scripts as well as words for people.
    (resolved,) = [e for e in system if "fixing → resolved" in e["text"]]
    assert resolved["fact"] == {"kind": "resolved", "values": {"ended": _iso(45)}}
    declared = next(e for e in system if e["fact"]["kind"] == "declared")
    assert declared["fact"]["values"] == {
        "severity": 1,
        "service": "Git Storage",
        "products": ["Repos"],
    }


def test_show_plain_text_names_the_incident(cli: Cli) -> None:
    cli.ok("declare", "--summary", "Git push fails", "--severity", "2", "--service", "identity")
    out = cli.ok("show", "hot-1")
    assert out.startswith("HOT-1 · Sev 2 · new · Git push fails")
    assert "service: Identity" in out


def test_show_plain_text_gives_ttd_and_ttr(cli: Cli, clock: ManualClock) -> None:
    cli.ok("declare", "--summary", "x", "--severity", "2", "--started", "13:00")
    cli.ok("--user", "alice", "take", "HOT-1")
    clock.advance(timedelta(hours=1))  # the impact ends after it was detected and declared
    cli.ok("resolve", "HOT-1", "--ended", "14:45")
    assert "TTD 1h 00m · TTR 1h 45m" in cli.ok("show", "HOT-1")


def test_show_plain_text_a_zero_ttd_is_a_value_not_a_dash(cli: Cli) -> None:
    # Detected the moment it started: TTD is zero, which is known, not missing.
    cli.ok(
        "declare", "--summary", "x", "--severity", "2", "--started", "13:00", "--detected", "13:00"
    )
    assert "TTD 0m 00s · TTR —" in cli.ok("show", "HOT-1")
    cli.ok("declare", "--summary", "y", "--severity", "2")  # no start: no TTD
    assert "TTD — · TTR —" in cli.ok("show", "HOT-2")


# ---------------------------------------------------------------------------
# Refusals: exit 2, one line on stderr, nothing on stdout, nothing changed
# ---------------------------------------------------------------------------


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    """HOT-1 exists (severity 2, impact started 30m ago) and alice has taken it."""
    cli.ok("declare", "--summary", "Git push fails", "--severity", "2", "--started", "30m")
    cli.ok("--user", "alice", "take", "HOT-1")
    return cli


def _state(cli: Cli) -> tuple[int, str, str]:
    store = open_store(cli.db)
    try:
        latest = store.latest_event_id()
    finally:
        store.close()
    return latest, cli.ok("show", "HOT-1", "--json"), cli.ok("list", "--all", "--json")


FUTURE = (T0 + timedelta(days=2)).isoformat()

REFUSALS = {
    "note-unknown-key": (["note", "HOT-99", "hello"], "HOT-99"),
    "show-unknown-key": (["show", "HOT-99"], "HOT-99"),
    "show-json-unknown-key": (["show", "HOT-99", "--json"], "HOT-99"),
    "take-unknown-key": (["take", "HOT-99"], "HOT-99"),
    "severity-0": (["declare", "--summary", "x", "--severity", "0"], "severity"),
    "severity-4": (["declare", "--summary", "x", "--severity", "4"], "severity"),
    "severity-high": (["declare", "--summary", "x", "--severity", "high"], "severity"),
    "empty-summary": (["declare", "--summary", "", "--severity", "1"], "summary"),
    "blank-summary": (["declare", "--summary", "  \t ", "--severity", "1"], "summary"),
    "unknown-service": (
        ["declare", "--summary", "x", "--severity", "1", "--service", "Mainframe"],
        "Mainframe",
    ),
    "unknown-product": (
        ["declare", "--summary", "x", "--severity", "1", "--product", "Repos", "--product", "Fax"],
        "Fax",
    ),
    "at-yesterday": (["note", "HOT-1", "x", "--at", "yesterday"], "yesterday"),
    "at-25:00": (["note", "HOT-1", "x", "--at", "25:00"], "25:00"),
    "at-future": (["note", "HOT-1", "x", "--at", FUTURE], "future"),
    "started-future": (
        ["declare", "--summary", "x", "--severity", "1", "--started", FUTURE],
        "future",
    ),
    "started-not-a-time": (
        ["declare", "--summary", "x", "--severity", "1", "--started", "soon"],
        "soon",
    ),
    "detected-before-started": (
        ["declare", "--summary", "x", "--severity", "1", "--started", "5m", "--detected", "10m"],
        "detected",
    ),
    "unknown-kind": (["note", "HOT-1", "x", "--kind", "rumour"], "rumour"),
    "kind-system": (["note", "HOT-1", "x", "--kind", "system"], "system"),
    "undo-on-a-plain-note": (["note", "HOT-1", "x", "--undo", "revert"], "undo"),
    "empty-note": (["note", "HOT-1", " "], "text"),
    "declare-without-summary": (["declare", "--severity", "1"], "--summary"),
    "declare-without-severity": (["declare", "--summary", "x"], "--severity"),
    "note-without-text": (["note", "HOT-1"], "text"),
    "unknown-command": (["frobnicate"], "frobnicate"),
    "unknown-flag": (["list", "--everything"], "--everything"),
    "resolve-without-ended": (["resolve", "HOT-1"], "--ended"),
    "resolve-ended-not-a-time": (["resolve", "HOT-1", "--ended", "later"], "later"),
    "take-already-taken": (["take", "HOT-1", "--by", "bob"], "alice"),
    "severity-without-reason": (["severity", "HOT-1", "1"], "--reason"),
    "severity-empty-reason": (["severity", "HOT-1", "1", "--reason", ""], "reason"),
    "severity-blank-reason": (["severity", "HOT-1", "1", "--reason", "   "], "reason"),
    "severity-bad-level": (["severity", "HOT-1", "5", "--reason", "worse"], "severity"),
}


@pytest.mark.parametrize(("argv", "names"), list(REFUSALS.values()), ids=list(REFUSALS))
def test_refusal_is_one_line_exit_2_and_changes_nothing(
    seeded: Cli, argv: list[str], names: str
) -> None:
    before = _state(seeded)
    err = one_error_line(seeded(*argv))
    assert names.lower() in err.lower()
    assert _state(seeded) == before


def test_take_refusal_names_the_current_incident_manager(seeded: Cli) -> None:
    err = one_error_line(seeded("take", "HOT-1", "--by", "bob"))
    assert "already has an incident manager (alice)" in err
    assert seeded.show()["incident_manager"] == "alice"


def test_unknown_key_refusal_does_not_create_an_incident(cli: Cli) -> None:
    assert cli("list", "--all", "--json").json() == []  # a new store, made by listing it
    err = one_error_line(cli("note", "HOT-1", "hello"))
    assert err.startswith("warroom: error: no incident ")
    assert "HOT-1" in err
    assert cli("list", "--all", "--json").json() == []


@pytest.mark.sqlite_only  # the store as a file
@pytest.mark.parametrize(
    "argv",
    [
        ("note", "HOT-1", "hello"),
        ("show", "HOT-1"),
        ("severity", "HOT-1", "1", "--reason", "x"),
        ("retry", "5"),
        ("drill", "from", "HOT-1"),
    ],
    ids=["note", "show", "severity", "retry", "drill-from"],
)
def test_a_command_needing_an_incident_makes_no_store(cli: Cli, argv: tuple[str, ...]) -> None:
    """A typo in --db must not leave a new store behind: only declare (and the lists, which
    say how to declare) make one."""
    err = one_error_line(cli(*argv))
    assert "does not exist yet; warroom declare makes it" in err
    assert list(cli.db.parent.iterdir()) == []


@pytest.mark.sqlite_only  # the store as a file
@pytest.mark.parametrize(
    ("target", "says"),
    [
        (":memory:", "an in-memory store would lose notes"),
        ("sqlite:notes.db", "looks like a URL"),
        ("file::memory:?cache=shared", "looks like a URL"),
        ("store.db-wal", "is a companion file of an SQLite store"),
        ("store.db-journal", "is a companion file of an SQLite store"),
    ],
)
def test_names_that_are_not_store_files_are_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, says: str
) -> None:
    monkeypatch.chdir(cli.db.parent)
    err = one_error_line(
        cli("--db", target, "declare", "--summary", "x", "--severity", "2", db=False)
    )
    assert says in err
    assert list(cli.db.parent.iterdir()) == []


def test_resolve_refused_while_new(cli: Cli) -> None:
    cli.ok("declare", "--summary", "x", "--severity", "2")
    err = one_error_line(cli("resolve", "HOT-1", "--ended", "now"))
    assert "take it" in err
    assert cli.show()["status"] == "new"


# ---------------------------------------------------------------------------
# Which store, and who is writing
# ---------------------------------------------------------------------------


@pytest.mark.sqlite_only  # the store as a file
def test_warroom_db_chooses_the_store_and_db_flag_wins(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_env = tmp_path / "env.db"
    monkeypatch.setenv("WARROOM_DB", str(from_env))

    assert cli.ok("declare", "--summary", "via env", "--severity", "3", db=None) == "HOT-1\n"
    assert from_env.exists()
    assert not cli.db.exists()

    assert cli.ok("declare", "--summary", "via flag", "--severity", "3") == "HOT-1\n"
    assert [r["summary"] for r in cli("list", "--json").json()] == ["via flag"]
    env_rows = cli("list", "--json", db=None).json()
    assert [r["summary"] for r in env_rows] == ["via env"]


@pytest.mark.sqlite_only  # the store as a file
def test_settings_may_follow_the_command(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    assert cli.ok("declare", "--summary", "here", "--severity", "3", "--db", str(other), db=None)
    assert [r["summary"] for r in cli("list", "--json", "--db", str(other), db=None).json()] == [
        "here"
    ]
    # Given after the command, it wins over the one before it.
    assert cli.ok("list", "--db", str(other)).startswith("HOT-1")
    assert not cli.db.exists()


@pytest.mark.sqlite_only  # the store as a file
@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ("[keymap\n", "warroom.toml, line 1: TOML syntax error: Expected ']'"),
        ("[keymap]\ndeclare = 3\n", "warroom.toml, line 2, field keymap.declare: Input should"),
        ("[keymap]\ndeclair = 'D'\n", None),  # read fine; the console refuses it
    ],
)
def test_a_bad_settings_file_is_one_line_for_every_command(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, says: str | None
) -> None:
    folder = tmp_path / "home" / "config" / "warroom"
    folder.mkdir(parents=True)
    (folder / "warroom.toml").write_text(toml)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    if says is None:
        assert cli.ok("list").startswith("No incidents")
        return
    err = one_error_line(cli("list"))
    assert says in err
    assert not cli.db.exists()


def test_warroom_db_accepts_a_sqlite_url(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "url.db"
    monkeypatch.setenv("WARROOM_DB", f"sqlite:///{target}")
    cli.ok("declare", "--summary", "x", "--severity", "3", db=None)
    assert target.exists()


def test_author_comes_from_by_then_user_then_warroom_user(
    declared: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARROOM_USER", "erin")
    declared.ok("note", "HOT-1", "from env")
    declared.ok("--user", "frank", "note", "HOT-1", "from user flag")
    declared.ok("--user", "frank", "note", "HOT-1", "from by flag", "--by", "grace")
    declared.ok("note", "HOT-1", "by only", "--by", "heidi")
    authors = {n["text"]: n["author"] for n in _notes(declared.show())}
    assert authors == {
        "from env": "erin",
        "from user flag": "frank",
        "from by flag": "grace",
        "by only": "heidi",
    }


def test_warroom_user_is_the_declarer_and_the_one_who_takes(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARROOM_USER", "ivan")
    cli.ok("declare", "--summary", "x", "--severity", "1")
    cli.ok("take", "HOT-1")
    shown = cli.show()
    assert (shown["declared_by"], shown["incident_manager"]) == ("ivan", "ivan")


# ---------------------------------------------------------------------------
# Files that are not warroom stores
# ---------------------------------------------------------------------------


def _siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


@pytest.mark.sqlite_only  # the store as a file
@pytest.mark.parametrize(
    "argv",
    [["list"], ["declare", "--summary", "x", "--severity", "1"], ["show", "HOT-1", "--json"]],
    ids=["list", "declare", "show"],
)
def test_plain_text_file_is_refused_untouched(cli: Cli, argv: list[str]) -> None:
    cli.db.write_text("my shopping list\neggs\nmilk\n")
    before, names = cli.db.read_bytes(), _siblings(cli.db)
    err = one_error_line(cli(*argv))
    assert "not a warroom store" in err
    assert str(cli.db) in err
    assert cli.db.read_bytes() == before
    assert _siblings(cli.db) == names  # no -wal/-shm left beside it


@pytest.mark.sqlite_only  # the store as a file
@pytest.mark.parametrize(
    "argv",
    [["list"], ["declare", "--summary", "x", "--severity", "1"]],
    ids=["list", "declare"],
)
def test_foreign_sqlite_database_is_refused_untouched(cli: Cli, argv: list[str]) -> None:
    with closing(sqlite3.connect(cli.db)) as db:
        db.execute("CREATE TABLE recipes (name TEXT, steps TEXT)")
        db.execute("INSERT INTO recipes VALUES ('bread', 'knead')")
        db.commit()
    before, names = cli.db.read_bytes(), _siblings(cli.db)
    err = one_error_line(cli(*argv))
    assert "not a warroom store" in err
    assert cli.db.read_bytes() == before
    assert _siblings(cli.db) == names
    with closing(sqlite3.connect(cli.db)) as db:
        assert db.execute("SELECT name, steps FROM recipes").fetchall() == [("bread", "knead")]


def test_store_in_a_missing_folder_is_refused(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "w.db"
    err = one_error_line(cli("list", db=missing))
    assert "does not exist" in err
    assert not missing.parent.exists()


# ---------------------------------------------------------------------------
# A real process: exit statuses, stdout and stderr as a script would see them
# ---------------------------------------------------------------------------


@pytest.fixture
def process(tmp_path: Path) -> Iterator[Any]:
    db = tmp_path / "w.db"

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "warroom", "--db", str(db), *argv],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=tmp_path,
            env={**os.environ, "WARROOM_USER": "proc"},
            timeout=120,
            check=False,
        )

    run.db = db  # type: ignore[attr-defined]
    yield run


def test_process_declares_and_lists(process: Any) -> None:
    first = process("declare", "--summary", "Git push fails", "--severity", "1")
    assert (first.returncode, first.stdout, first.stderr) == (0, "HOT-1\n", "")
    second = process("declare", "--summary", "Wiki slow", "--severity", "3")
    assert (second.returncode, second.stdout, second.stderr) == (0, "HOT-2\n", "")
    listed = process("list", "--json")
    assert listed.returncode == 0
    rows = json.loads(listed.stdout)
    assert [(r["key"], r["summary"]) for r in rows] == [
        ("HOT-1", "Git push fails"),
        ("HOT-2", "Wiki slow"),
    ]


def test_process_refusals_exit_2_with_one_line(process: Any) -> None:
    assert process("declare", "--summary", "Git push fails", "--severity", "2").returncode == 0
    store = Store.open(process.db)
    before = store.latest_event_id()
    store.close()
    cases = [
        (["declare", "--summary", "x", "--severity", "high"], "warroom: error: severity: "),
        (["note", "HOT-7", "x"], "warroom: error: no incident "),
        (["note", "HOT-1", "x", "--at", "yesterday"], "warroom: error: at: "),
        (["resolve", "HOT-1"], "warroom: error: resolve: "),
    ]
    for argv, starts in cases:
        done = process(*argv)
        assert done.returncode == 2, (argv, done.stderr)
        assert done.stdout == "", argv
        assert done.stderr.startswith(starts), (argv, done.stderr)
        assert done.stderr.count("\n") == 1, (argv, done.stderr)
        assert "Traceback" not in done.stderr
    store = Store.open(process.db)
    assert store.latest_event_id() == before
    store.close()


def test_process_refuses_a_foreign_file(process: Any) -> None:
    process.db.write_bytes(b"not a database\x00\x01\x02")
    done = process("list")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "not a warroom store" in done.stderr
    assert process.db.read_bytes() == b"not a database\x00\x01\x02"
