"""Numbers and dates out of range, times out of order, text over its size: each refused at
the door in one line, and a time already stored out of range still shown.

Every refusal runs through the command line and checks what a person or a script sees:
exit 2, one line on stderr that starts ``warroom: error:``, no traceback, and the store's
files byte for byte as they were. The limits themselves are in ``warroom.base.limits``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from warroom.base import limits
from warroom.base.clock import ManualClock
from warroom.process.context import Context
from warroom.reports.board import load_board

from .cli_support import Cli, one_error_line
from .hostile import store_times

# Part of the hostile-input battery: a case that hangs fails.
pytestmark = pytest.mark.timeout(60)

ROOT = Path(__file__).resolve().parent.parent
BIGGEST_ID = str(2**63)  # one more than SQLite's INTEGER holds


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: ManualClock) -> Cli:
    """At 14:30 (T0 is 14:00):

    HOT-1, impact started 13:00, detected and declared 14:00, taken by alice: note 11, action 1.
    HOT-2, detected 13:00, declared 14:00, no impact-started time, taken.
    HOT-3, impact started 13:00, detected 14:00, resolved: impact ended 14:00.
    """
    cli = Cli(tmp_path / "w.db", capsys)
    cli.ok("declare", "--summary", "Git push fails", "--severity", "1", "--started", "13:00")
    cli.ok("take", "HOT-1", "--by", "alice")
    cli.ok("declare", "--summary", "Wiki slow", "--severity", "2", "--detected", "13:00")
    cli.ok("take", "HOT-2", "--by", "alice")
    cli.ok("declare", "--summary", "Builds queued", "--severity", "3", "--started", "13:00")
    cli.ok("take", "HOT-3", "--by", "alice")
    cli.ok("resolve", "HOT-3", "--ended", "now")
    assert cli.ok("note", "HOT-1", "o: error rate 40%") == "11\n"  # after 10 system entries
    assert cli.ok("action", "add", "HOT-1", "remove the flag") == "1\n"
    clock.advance(timedelta(minutes=30))
    return cli


def _stored(db: Path) -> dict[str, bytes]:
    """The store's bytes: the file and its write-ahead log (the -shm index is shared
    memory, rebuilt by any reader)."""
    return {p.name: p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists()}


def _big(size: int, char: str = "a") -> str:
    return char * size


# ---------------------------------------------------------------------------
# Class 4: numbers and dates out of range
# ---------------------------------------------------------------------------

BAD_SEVERITIES = ["²", "¹", "３", "٣", "1e3", "-1", "0", "4", "99999999999999999999", "sev ²"]

SEVERITY_CASES = [
    pytest.param(
        ("declare", "--summary", "x", "--severity", text), "is not a severity", id=f"declare-{n}"
    )
    for n, text in enumerate(BAD_SEVERITIES)
] + [
    pytest.param(("severity", "HOT-1", text, "--reason", "r"), "is not a severity", id=f"sev-{n}")
    for n, text in enumerate(BAD_SEVERITIES)
]

TIME_CASES = [
    pytest.param(("note", "HOT-1", "x", "--at", "99999999d"), "out of the range", id="at-days"),
    pytest.param(
        ("note", "HOT-1", "x", "--at", "9999-12-31T23:59+14:00"), "in the future", id="at-9999"
    ),
    pytest.param(
        ("note", "HOT-1", "x", "--at", "0001-01-01T00:00-05:00"), "before 1970", id="at-year-1"
    ),
    pytest.param(
        ("note", "HOT-1", "x", "--at", "0001-01-01T00:00"), "out of the range", id="at-year-1-naive"
    ),
    pytest.param(("note", "HOT-1", "x", "--at", "1969-12-31T23:59Z"), "before 1970", id="at-1969"),
    pytest.param(("note", "HOT-1", "x", "--at", "１２:００"), "is not a time", id="at-fullwidth"),
    pytest.param(("note", "HOT-1", "o: @99999999m back then"), "before 1970", id="scribe-@-m"),
    pytest.param(
        ("note", "HOT-1", "@" + "9" * 5000 + "m beyond int()"),
        "out of the range",
        id="scribe-@-5000",
    ),
    pytest.param(
        ("declare", "--summary", "x", "--severity", "1", "--started", "0001-01-01T00:00-05:00"),
        "before 1970",
        id="declare-started-year-1",
    ),
    pytest.param(
        ("declare", "--summary", "x", "--severity", "1", "--detected", "99999999999d"),
        "out of the range",
        id="declare-detected-days",
    ),
    pytest.param(
        ("times", "HOT-2", "--started", "1969-07-20T20:17Z"), "before 1970", id="times-1969"
    ),
    pytest.param(
        ("resolve", "HOT-1", "--ended", "0001-01-01T00:00+05:00"),
        "out of the range",
        id="resolve-year-0-in-utc",
    ),
    pytest.param(
        ("action", "add", "HOT-1", "x", "--due", "99999d"), "ten years ahead", id="due-days"
    ),
    pytest.param(
        ("action", "add", "HOT-1", "x", "--due", "9999-12-31T23:00Z"),
        "ten years ahead",
        id="due-9999",
    ),
]

ID_CASES = [
    pytest.param(("note-edit", BIGGEST_ID, "x"), "no id", id="note-edit-2**63"),
    pytest.param(("note-edit", "-1", "x"), "no id", id="note-edit-negative"),
    pytest.param(("note-edit", "²", "x"), "not an id", id="note-edit-superscript"),
    pytest.param(("retry", BIGGEST_ID), "no id", id="retry-2**63"),
    pytest.param(("action", "done", BIGGEST_ID), "no id", id="action-done-2**63"),
]

# ---------------------------------------------------------------------------
# Class 9: the order of times
# ---------------------------------------------------------------------------

ORDER_CASES = [
    # No impact-started time: the end was once checked against nothing (2018 < 2026).
    pytest.param(("resolve", "HOT-2", "--ended", "3000d"), "before it was detected", id="3000d"),
    pytest.param(
        ("resolve", "HOT-2", "--ended", "13:30"),
        "before the incident was declared",
        id="before-declared",
    ),
    pytest.param(
        ("resolve", "HOT-1", "--ended", "12:30"), "before the impact started", id="before-started"
    ),
    pytest.param(
        ("resolve", "HOT-1", "--ended", "13:30"), "before it was detected", id="before-detected"
    ),
    pytest.param(
        ("times", "HOT-3", "--detected", "14:10"), "before it was detected", id="detected-late"
    ),
    pytest.param(
        ("times", "HOT-1", "--started", "14:20"), "before the impact started", id="started-late"
    ),
]

# ---------------------------------------------------------------------------
# Class 10: sizes
# ---------------------------------------------------------------------------

OVER_NOTE = _big(limits.NOTE + 1)
SIZE_CASES = [
    pytest.param(("note", "HOT-1", OVER_NOTE), "note: 65 KiB is over the 64 KiB limit", id="note"),
    pytest.param(
        ("note", "HOT-1", _big(limits.NOTE // 2 + 1, "é")), "over the 64 KiB limit", id="note-utf8"
    ),
    pytest.param(
        ("note", "HOT-1", _big(limits.NOTE // 4 + 1, "😀")),
        "over the 64 KiB limit",
        id="note-emoji",
    ),
    pytest.param(
        ("note", "HOT-1", "x", "--kind", "change", "--undo", _big(limits.UNDO + 1)),
        "undo: 5 KiB is over the 4 KiB limit",
        id="undo",
    ),
    pytest.param(("note-edit", "11", OVER_NOTE), "note: 65 KiB", id="note-edit"),
    pytest.param(
        ("declare", "--summary", _big(limits.SUMMARY + 1), "--severity", "1"),
        "summary: 2 KiB is over the 1 KiB limit",
        id="summary",
    ),
    pytest.param(
        ("declare", "--summary", "x", "--severity", "1", "--description", _big(16 * 1024 + 1)),
        "description: 17 KiB is over the 16 KiB limit",
        id="description",
    ),
    pytest.param(
        ("edit", "HOT-1", "--summary", _big(limits.SUMMARY + 1)), "summary: 2 KiB", id="edit"
    ),
    pytest.param(
        ("assign", "HOT-1", "scribe", _big(limits.NAME + 1)),
        "person: 257 B is over the 256 B limit",
        id="person",
    ),
    pytest.param(("assign", "HOT-1", _big(limits.NAME + 1), "bob"), "role: 257 B", id="role"),
    pytest.param(("note", "HOT-1", "x", "--by", _big(limits.NAME + 1)), "by: 257 B", id="by"),
    pytest.param(
        ("severity", "HOT-1", "2", "--reason", "r", "--by", _big(limits.NAME + 1)),
        "by: 257 B",
        id="by-system",
    ),
    pytest.param(
        ("channels", "HOT-1", "--video", _big(limits.LINK + 1)),
        "video call: 3 KiB is over the 2 KiB limit",
        id="link",
    ),
    pytest.param(("assess", "HOT-1", "1", _big(limits.ANSWER + 1)), "answer: 17 KiB", id="answer"),
    pytest.param(
        ("severity", "HOT-1", "2", "--reason", _big(limits.REASON + 1)), "reason: 5 KiB", id="sev"
    ),
    pytest.param(("reopen", "HOT-3", "--reason", _big(limits.REASON + 1)), "reason", id="reopen"),
    pytest.param(
        ("page", "HOT-1", "Code Collaboration", "--reason", _big(limits.REASON + 1)),
        "reason: 5 KiB",
        id="page",
    ),
    pytest.param(("page", "HOT-1", _big(limits.NAME + 1), "--reason", "r"), "team", id="team"),
    pytest.param(
        ("action", "add", "HOT-1", _big(limits.ACTION + 1)), "text: 5 KiB", id="action-text"
    ),
    pytest.param(
        ("action", "add", "HOT-1", "x", "--owner", _big(limits.NAME + 1)), "owner", id="owner"
    ),
    pytest.param(
        ("handover", "HOT-1", "IM", "alice", "bob", "--note", _big(limits.HANDOVER_NOTE + 1)),
        "note: 17 KiB is over the 16 KiB limit",
        id="handover-note",
    ),
    pytest.param(
        ("draft", "HOT-1", "--set", "impact=" + _big(limits.DRAFT_FIELD + 1)),
        "impact: 17 KiB is over the 16 KiB limit",
        id="draft-field",
    ),
    pytest.param(
        ("send", "HOT-1", "--set", "customer_text=" + _big(limits.DRAFT_FIELD + 1)),
        "customer_text: 17 KiB",
        id="send-field",
    ),
    pytest.param(
        ("send", "HOT-1", "--reviewed-by", _big(limits.NAME + 1)), "reviewed by", id="reviewer"
    ),
    pytest.param(
        ("declare", "--summary", "x", "--severity", "1", "--service", _big(limits.NAME + 1)),
        "service: 257 B",
        id="service",
    ),
]


@pytest.mark.parametrize(
    ("argv", "says"), SEVERITY_CASES + TIME_CASES + ID_CASES + ORDER_CASES + SIZE_CASES
)
def test_refused_in_one_line_and_nothing_stored(cli: Cli, argv: tuple[str, ...], says: str) -> None:
    before = _stored(cli.db)
    result = cli(*argv)
    err = one_error_line(result)
    assert err.startswith("warroom: error:"), err
    assert "Traceback" not in err
    assert says in err
    assert len(err) < 400  # whatever was typed, the refusal quotes it short
    assert _stored(cli.db) == before


def test_the_battery_is_big_enough() -> None:
    assert len(SEVERITY_CASES + TIME_CASES + ID_CASES + ORDER_CASES + SIZE_CASES) >= 40


# ---------------------------------------------------------------------------
# What stays accepted, right at the edges
# ---------------------------------------------------------------------------


def test_a_note_of_exactly_the_limit_is_taken_in_any_script(cli: Cli) -> None:
    for text in (_big(limits.NOTE), _big(limits.NOTE // 2, "é"), _big(limits.NOTE // 4, "😀")):
        entry = int(cli.ok("note", "HOT-1", text, "--kind", "note"))
        assert [e["text"] for e in cli.show()["timeline"] if e["id"] == entry] == [text]


def test_severities_as_people_write_them_are_still_read(cli: Cli) -> None:
    for written, level in ((" 2 ", 2), ("sev3", 3), ("SEV-1", 1), ("sev 2", 2)):
        cli.ok("severity", "HOT-1", written, "--reason", "r")
        assert cli.show()["severity"] == level


def test_a_time_of_1970_and_the_impact_ending_as_detected_are_taken(cli: Cli) -> None:
    cli.ok("note", "HOT-1", "the epoch", "--at", "1970-01-01T00:00Z")
    cli.ok("resolve", "HOT-2", "--ended", "14:00")  # detected 13:00, declared 14:00
    assert cli.show("HOT-2")["resolved_at"] == "2026-11-25T14:00:00+00:00"


@pytest.mark.parametrize(
    "answer", ["9" * 5000 + " tickets", "٣٧ tickets", "²³ tickets"], ids=["5000", "arabic", "sup"]
)
def test_a_support_case_count_beyond_reading_stays_unknown(cli: Cli, answer: str) -> None:
    result = cli("assess", "HOT-1", "cases", answer)
    assert (result.code, result.err) == (0, "support cases: unknown\n")
    assert cli.show()["support_cases"] is None


# ---------------------------------------------------------------------------
# A time already stored out of range is shown, never a crash
# ---------------------------------------------------------------------------


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


# Year 1 has no local time west of UTC, nor year 9999 east of it.
OUT_OF_RANGE = [
    pytest.param("0001-01-01 00:00:00.000000", "America/New_York", id="year-1-new-york"),
    pytest.param("9999-12-31 23:59:00.000000", "Asia/Tokyo", id="year-9999-tokyo"),
]


@pytest.mark.parametrize(("value", "zone"), OUT_OF_RANGE, indirect=["zone"])
def test_stored_times_out_of_range_are_shown(cli: Cli, value: str, zone: str) -> None:
    cli.ok("send", "HOT-1", "--phase", "update", "--channel", "internal", *_UPDATE)
    store_times(cli.db, value)
    year = value[:4].lstrip("0")
    shown = cli.ok("show", "HOT-1", "--history")
    assert "error rate 40%" in shown
    assert f"{year}-" in shown  # the stored time itself, in UTC where the zone cannot hold it
    assert cli.show()["timeline"][0]["at"].startswith(value[:4])
    for argv in (("list",), ("list", "--all"), ("list", "--json"), ("actions",)):
        assert cli.ok(*argv)
    assert "ready to send" in cli.ok("draft", "HOT-1", "--phase", "update", *_UPDATE)
    ctx = Context.open(cli.db)
    try:
        for key in ("HOT-1", "HOT-2", "HOT-3"):
            assert load_board(ctx, key, include_resolved=True).detail is not None
    finally:
        ctx.close()


_UPDATE = (
    "--set=summary=Pushes work again for most customers.",
    "--set=current_status=rolled back; reads failed over",
    "--set=next_steps=wait for replicas; fail back",
    "--set=next_update=by 15:30 by email",
    "--set=impact=git push failed",
    "--set=internal_affected=none",
    "--set=external_affected=about 40%",
    "--set=root_cause=unknown",
    "--set=recovery=within 30 minutes",
)


def test_year_one_is_shown_west_of_utc_by_a_real_process(cli: Cli) -> None:
    """The report's case: a note back-dated to year 1 (before this refusal existed) made
    ``show`` raise for anyone west of UTC."""
    store_times(cli.db, "0001-01-01 00:00:00.000000")
    env = {**os.environ, "TZ": "America/New_York", "PYTHONPATH": str(ROOT)}
    for argv in (["show", "HOT-1"], ["show", "HOT-1", "--json"], ["list"]):
        done = subprocess.run(
            [sys.executable, "-m", "warroom", "--db", str(cli.db), *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert (done.returncode, done.stderr) == (0, "")
        assert "Git push fails" in done.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ("note", "HOT-1", "o: @02:30 seen"),
        ("note", "HOT-1", "x", "--at", "02:30"),
        ("times", "HOT-1", "--detected", "02:30"),
        ("resolve", "HOT-2", "--ended", "00:00"),
        ("action", "add", "HOT-1", "x", "--due", "02:30"),
    ],
    ids=["scribe-@", "at", "times", "resolve", "due"],
)
def test_a_time_zone_no_time_can_be_read_in_is_refused(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    """TZ=UTC+99: a day and more from UTC, which no datetime holds. A time of day cannot be
    read in it; the refusal says so and what to do."""
    monkeypatch.setenv("TZ", "UTC+99")
    time.tzset()
    try:
        before = _stored(cli.db)
        err = one_error_line(cli(*argv))
        assert "the local time zone (TZ) is not one a time of day can be read in" in err
        assert _stored(cli.db) == before
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
