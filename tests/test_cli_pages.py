"""The paging commands as a person or a cron job uses them: ``pages`` lists, ``ack``
answers, ``tick`` escalates what is past its deadline (silent when nothing is)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from warroom.base.clock import ManualClock

from .cli_support import Cli, one_error_line


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


@pytest.fixture
def cli(tmp_path: Path, store_target: Path | str, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(store_target, capsys)
    cli.ok("declare", "--summary", "Git push fails", "--severity", "1", "--service", "git storage")
    return cli


def test_pages_when_there_are_none_says_how_to_page(cli: Cli) -> None:
    assert cli.ok("pages", "HOT-1") == (
        "No pages for HOT-1. Page a team with: warroom page HOT-1 TEAM --reason …\n"
    )
    assert cli.ok("pages", "--json") == "[]\n"


def test_a_page_waits_escalates_and_is_acknowledged(cli: Cli, clock: ManualClock) -> None:
    cli.ok("page", "HOT-1", "Code Collaboration", "--reason", "pushes fail", "--by", "ivy")
    clock.advance(timedelta(minutes=4))
    listed = cli.ok("pages", "HOT-1").splitlines()
    assert listed[:3] == [
        "page 1  HOT-1  Code Collaboration  triggered  4m 00s ago",
        "  reason: pushes fail (paged by ivy)",
        "  waiting on priya.natarajan; escalates at 14:15 (in 11m 00s); "
        "acknowledge with: warroom ack 1",
    ]
    assert listed[3].startswith("  14:00 priya.natarajan (level 1): outbox delivered")

    assert cli.ok("tick") == ""  # nothing due: silent, as cron likes
    clock.advance(timedelta(minutes=11))
    assert cli.ok("tick") == (
        "page 1 (HOT-1, Code Collaboration): escalated to level 2: "
        "priya.natarajan, sofia.marchetti\n"
    )
    assert cli.ok("tick") == ""  # once
    [page] = cli("pages", "--json").json()
    assert (page["state"], page["step"], page["due_at"]) == (
        "triggered",
        1,
        "2026-11-25T14:30:00+00:00",
    )
    assert [(n["level"], n["person"]) for n in page["notices"]] == [
        (1, "priya.natarajan"),
        (2, "priya.natarajan"),
        (2, "sofia.marchetti"),
    ]
    assert all(d["status"] == "delivered" for n in page["notices"] for d in n["deliveries"])

    assert cli.ok("ack", "1", "--by", "sofia.marchetti") == (
        "page 1 (Code Collaboration) acknowledged by sofia.marchetti\n"
    )
    assert "acknowledged by sofia.marchetti at 14:15" in cli.ok("pages")
    assert cli.ok("pages", "--open") == (
        "No open pages: none is waiting for an answer. All: warroom pages\n"
    )
    clock.advance(timedelta(hours=3))
    assert cli.ok("tick") == ""
    texts = [e["text"] for e in cli.show()["timeline"] if e["kind"] == "system"]
    assert texts[-2:] == [
        "Page 1 escalated to level 2: priya.natarajan, sofia.marchetti "
        "(not acknowledged within 15 min)",
        "Page 1 (Code Collaboration) acknowledged",
    ]


def test_tick_verbose_lists_what_went_out(cli: Cli, clock: ManualClock) -> None:
    cli.ok("page", "HOT-1", "Messaging", "--reason", "email stuck")
    clock.advance(timedelta(minutes=10))
    lines = cli.ok("tick", "--verbose").splitlines()
    assert (
        lines[0] == "page 1 (HOT-1, Messaging): escalated to level 2: hannah.schmidt, aisha.rahman"
    )
    assert [line.split(" by ")[0] for line in lines[1:]] == ["  hannah.schmidt", "  aisha.rahman"]
    assert all("outbox: delivered — wrote /" in line for line in lines[1:])


def test_an_unanswered_page_is_flagged_and_can_still_be_acknowledged(
    cli: Cli, clock: ManualClock
) -> None:
    cli.ok("page", "HOT-1", "Major Incident Managers", "--reason", "Sev 1")
    said = []
    for _ in range(6):  # IMOC: 5 and 10 minutes, three rounds
        clock.advance(timedelta(minutes=10))
        said.append(cli.ok("tick"))
    assert said[-1] == (
        "page 1 (HOT-1, Major Incident Managers): unanswered after every level; "
        "flagged for a person\n"
    )
    assert "UNANSWERED: every level timed out; acknowledge with: warroom ack 1" in cli.ok("pages")
    assert "page 1 " in cli.ok("pages", "--open")
    cli.ok("ack", "1")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["ack", "9"], "no page 9; `warroom pages` lists them"),
        (["ack", "x"], "'x' is not an id (a whole number)"),
        (["ack"], "the following arguments are required: page"),
        (["pages", "HOT-9"], "no incident HOT-9"),
    ],
)
def test_refusals_are_one_line(cli: Cli, argv: list[str], says: str) -> None:
    assert says in one_error_line(cli(*argv))


def test_acknowledging_twice_or_after_the_resolution_is_refused(
    cli: Cli, clock: ManualClock
) -> None:
    cli.ok("page", "HOT-1", "Messaging", "--reason", "r")
    cli.ok("page", "HOT-1", "Commerce", "--reason", "r")
    cli.ok("ack", "1", "--by", "hannah")
    assert one_error_line(cli("ack", "1")) == (
        "warroom: error: page 1 was already acknowledged by 'hannah' at 14:00\n"
    )
    cli.ok("take", "HOT-1")
    cli.ok("resolve", "HOT-1", "--ended", "now")
    assert "cancelled: the incident is resolved" in cli.ok("pages", "HOT-1")
    assert one_error_line(cli("ack", "2")) == (
        "warroom: error: page 2 was cancelled when its incident was resolved\n"
    )


def test_tick_on_a_store_that_does_not_exist_is_refused(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    assert "does not exist" in one_error_line(cli("tick", db=missing))
    assert not missing.exists()


def test_stored_text_is_printed_as_data(cli: Cli) -> None:
    hostile = "[bold]x[/] \x1b]0;pwned\x07 \u202eevil"
    cli.ok("page", "HOT-1", "Messaging", "--reason", hostile, "--by", "ivy")
    out = cli.ok("pages")
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "[bold]x[/]" in out
