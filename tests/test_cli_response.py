"""The command line around the response: paging a team (as the console's page form does)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from warroom.base.clock import ManualClock
from warroom.store.sqlite.engine import SqliteStore as Store

from .cli_support import Cli, one_error_line
from .conftest import T0


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(tmp_path / "w.db", capsys)
    cli.ok("declare", "--summary", "Git push fails", "--severity", "1", "--service", "git storage")
    return cli


def _latest_event(cli: Cli) -> int:
    store = Store.open(cli.db)
    try:
        return store.latest_event_id()
    finally:
        store.close()


def _system(cli: Cli, fact: str) -> list[dict[str, Any]]:
    return [e for e in cli.show()["timeline"] if (e["fact"] or {}).get("kind") == fact]


# ---------------------------------------------------------------------------
# page
# ---------------------------------------------------------------------------


def test_page_calls_the_teams_first_on_call_person(cli: Cli) -> None:
    out = cli.ok(
        "page", "hot-1", "code collaboration", "--reason", "Git storage errors", "--by", "alice"
    )
    assert out == "paged priya.natarajan (Code Collaboration)\n"
    shown = cli.show()
    assert shown["pages"] == [
        {
            "team": "Code Collaboration",
            "person": "priya.natarajan",
            "reason": "Git storage errors",
            "at": T0.isoformat(),
        }
    ]
    (entry,) = _system(cli, "page")
    assert entry["author"] == "alice"
    assert entry["text"] == (
        "Paged priya.natarajan (Code Collaboration): HOT-1 · Sev 1 · Git push fails"
        " — Git storage errors"
    )


def test_page_a_named_person(cli: Cli) -> None:
    out = cli.ok("page", "HOT-1", "Messaging", "--person", "  aisha.rahman ", "--reason", "email")
    assert out == "paged aisha.rahman (Messaging)\n"
    assert [p["person"] for p in cli.show()["pages"]] == ["aisha.rahman"]


def test_page_with_an_empty_person_calls_whoever_is_on_call(cli: Cli) -> None:
    # As the console's form: an empty person field means the team's on-call person.
    assert cli.ok("page", "HOT-1", "Messaging", "--person", "", "--reason", "x").startswith(
        "paged hannah.schmidt "
    )


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["HOT-1", "Facilities", "--reason", "x"], "team: unknown team 'Facilities'; known: "),
        (["HOT-1", " ", "--reason", "x"], "team: choose the team to page"),
        (["HOT-1", "Messaging", "--reason", "  "], "reason: must not be empty"),
        (["HOT-1", "Messaging"], "--reason"),
        (["HOT-1"], "team"),
        (["HOT-9", "Messaging", "--reason", "x"], "no incident"),
    ],
)
def test_page_refusals_are_one_line_and_change_nothing(
    cli: Cli, argv: list[str], says: str
) -> None:
    before = _latest_event(cli)
    err = one_error_line(cli("page", *argv))
    assert says in err
    assert _latest_event(cli) == before
    assert cli.show()["pages"] == []


def test_an_unknown_team_lists_the_known_ones(cli: Cli) -> None:
    err = one_error_line(cli("page", "HOT-1", "Facilities", "--reason", "x"))
    assert "Major Incident Managers" in err and "Code Collaboration" in err
