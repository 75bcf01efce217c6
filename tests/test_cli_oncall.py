"""``warroom oncall``: who is on call, from the catalog alone; it opens no store."""

from __future__ import annotations

from pathlib import Path

import pytest

from warroom.base.clock import ManualClock

from .cli_support import Cli, one_error_line
from .hostile import hostile_catalog
from .test_catalog import VALID, line_of, replace_once


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.cli.oncall_commands.SystemClock", lambda: clock)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "w.db", capsys)


def test_every_team_with_who_is_on_call_now_and_who_next(cli: Cli) -> None:
    out = cli.ok("oncall")
    assert out.startswith("On call at Wed 2026-11-25 14:00 (UTC)\n")
    assert (
        "Code Collaboration: priya.natarajan (Primary) until Mon 2026-11-30 08:00, "
        "then tomasz.kowalski\n"
        "  Primary  priya.natarajan      next tomasz.kowalski from Mon 2026-11-30 08:00\n"
    ) in out
    assert "Cloud Infrastructure: viktor.petrov (Primary) until Wed 2026-11-25 17:00, then" in out
    assert "  Americas business hours  —" in out
    assert not cli.db.exists()  # nothing but the catalog was read


def test_one_team_by_name_ignoring_case_as_json_at_a_time(cli: Cli) -> None:
    data = cli("oncall", "IDENTITY and access", "--at", "2026-11-26T01:00:00Z", "--json").json()
    assert data["at"] == "2026-11-26T01:00:00+00:00"
    (team,) = data["teams"]
    assert team == {
        "team": "Identity and Access",
        "on_call": "yuki.sato",
        "source": "Tokyo daytime",
        "until": "2026-11-26T09:00:00+00:00",
        "next": {"person": "oliver.bennett", "at": "2026-11-26T09:00:00+00:00"},
        "layers": [
            {
                "name": "Primary",
                "on_call": "oliver.bennett",
                "next": {"person": "yuki.sato", "at": "2026-11-30T09:00:00+00:00"},
            },
            {
                "name": "Tokyo daytime",
                "on_call": "yuki.sato",
                "next": {"person": None, "at": "2026-11-26T09:00:00+00:00"},
            },
        ],
    }
    assert not cli.db.exists()


def test_the_holiday_override_in_the_shipped_catalog(cli: Cli) -> None:
    data = cli("oncall", "code collaboration", "--at", "2026-12-25T03:00:00Z", "--json").json()
    (team,) = data["teams"]
    assert (team["on_call"], team["source"]) == ("sofia.marchetti", "override")
    assert team["layers"][0]["on_call"] == "tomasz.kowalski"  # his week
    assert team["next"] == {"person": "tomasz.kowalski", "at": "2026-12-27T08:00:00+00:00"}


def test_at_takes_a_time_ahead(cli: Cli) -> None:
    data = cli("oncall", "Commerce", "--at", "in 5d", "--json").json()
    assert data["at"] == "2026-11-30T14:00:00+00:00"
    assert data["teams"][0]["on_call"] == "samuel.adeyemi"


def test_a_team_without_a_schedule_says_so(cli: Cli, tmp_path: Path) -> None:
    catalog = tmp_path / "org.toml"
    catalog.write_text(VALID, encoding="utf-8")
    out = cli.ok("oncall", "platform", "--catalog", str(catalog))
    assert out.endswith("\nPlatform: ana.silva (no schedule: roster)\n")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ("oncall", "Ops"),
            "warroom: error: team: unknown team 'Ops'; known: Major Incident Managers, "
            "Code Collaboration,",
        ),
        (("oncall", "--at", "someday"), "warroom: error: at: 'someday' is not a time"),
        (("oncall", "--at", "1969-07-20T20:17:00Z"), "warroom: error: at: 1969-07-20T20:17"),
        (("oncall", "--at", "in 99999d"), "warroom: error: at:"),
    ],
)
def test_refusals_are_one_line_and_make_no_store(
    cli: Cli, argv: tuple[str, ...], words: str
) -> None:
    err = one_error_line(cli(*argv))
    assert err.startswith(words), err
    assert not cli.db.exists()


def test_a_broken_catalog_is_refused_naming_its_line(cli: Cli, tmp_path: Path) -> None:
    roster = 'roster = ["ana.silva", "li.wei"]'
    text = replace_once(
        VALID,
        roster,
        roster + '\n[teams.schedule]\ntime_zone = "Mars/Olympus"\n'
        '[[teams.schedule.layers]]\nparticipants = ["ana.silva"]\nrotation = "1w"\n'
        "start = 2026-01-05\n",
    )
    catalog = tmp_path / "org.toml"
    catalog.write_text(text, encoding="utf-8")
    err = one_error_line(cli("oncall", "--catalog", str(catalog)))
    line = line_of(text, 'time_zone = "Mars/Olympus"')
    assert err.startswith(
        f"warroom: error: catalog {catalog}, line {line}, field teams[0].schedule.time_zone: "
        "unknown time zone 'Mars/Olympus'"
    )


def test_hostile_names_in_the_catalog_are_printed_inert(cli: Cli, tmp_path: Path) -> None:
    catalog = hostile_catalog(tmp_path / "hostile.toml")
    out = cli.ok("oncall", "--catalog", str(catalog), "--at", "2026-11-26T01:00:00Z")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "PWNED-CATALOG" in out and "\\x1b" in out
