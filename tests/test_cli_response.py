"""The command line around the response: paging a team (as the console's page form does)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from warroom.base.clock import ManualClock
from warroom.store.open import open_store

from .cli_support import Cli, one_error_line
from .conftest import T0


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


@pytest.fixture
def cli(tmp_path: Path, store_target: Path | str, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(store_target, capsys)
    cli.ok("declare", "--summary", "Git push fails", "--severity", "1", "--service", "git storage")
    return cli


def _latest_event(cli: Cli) -> int:
    store = open_store(cli.db)
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
    first, delivered, then = out.splitlines()
    assert first == "page 1: paged priya.natarajan (Code Collaboration)"
    assert delivered.startswith("  priya.natarajan by outbox: delivered — wrote /")
    # The team's policy gives its first level 15 minutes (data/catalog.toml).
    assert then == "escalates at 14:15 unless acknowledged: warroom ack 1"
    shown = cli.show()
    assert shown["pages"] == [
        {
            "id": 1,
            "team": "Code Collaboration",
            "person": "priya.natarajan",
            "reason": "Git storage errors",
            "at": T0.isoformat(),
            "state": "triggered",
            "acked_by": None,
            "acked_at": None,
        }
    ]
    (entry,) = _system(cli, "page")
    assert entry["author"] == "alice"
    assert entry["text"] == (
        "Page 1: paged priya.natarajan (Code Collaboration): HOT-1 · Sev 1 · Git push fails"
        " — Git storage errors"
    )


def test_page_a_named_person(cli: Cli) -> None:
    out = cli.ok("page", "HOT-1", "Messaging", "--person", "  aisha.rahman ", "--reason", "email")
    assert out.startswith("page 1: paged aisha.rahman (Messaging)\n")
    assert [p["person"] for p in cli.show()["pages"]] == ["aisha.rahman"]


def test_page_with_an_empty_person_calls_whoever_is_on_call(cli: Cli) -> None:
    # As the console's form: an empty person field means the team's on-call person.
    assert cli.ok("page", "HOT-1", "Messaging", "--person", "", "--reason", "x").startswith(
        "page 1: paged hannah.schmidt "
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


# ---------------------------------------------------------------------------
# action add / action done / actions
# ---------------------------------------------------------------------------


def _iso(minutes_from_t0: float) -> str:
    return (T0 + timedelta(minutes=minutes_from_t0)).isoformat()


def test_action_add_prints_its_id_and_show_has_it(cli: Cli) -> None:
    out = cli.ok(
        "action", "add", "HOT-1", "remove the temporary flag", "--owner", "dev", "--due", "16:00"
    )
    (item,) = cli.show()["action_items"]
    assert out == f"{item['id']}\n"
    assert item == {
        "id": item["id"],
        "text": "remove the temporary flag",
        "owner": "dev",
        "kind": "cleanup",
        "done": False,
        "due_at": _iso(120),  # 16:00 is ahead of 14:00: today
        "priority": "normal",
        "link": None,
        "done_by": None,
    }
    (entry,) = _system(cli, "action_item")
    assert entry["text"] == "Action item (cleanup): remove the temporary flag"
    assert "Action items:" in cli.ok("show", "HOT-1")


@pytest.mark.parametrize(
    ("due", "expected"),
    [("2h", _iso(120)), ("in 30m", _iso(30)), ("13:00", _iso(23 * 60)), ("3d", _iso(3 * 1440))],
)
def test_action_due_reads_times_ahead(cli: Cli, due: str, expected: str) -> None:
    cli.ok("action", "add", "HOT-1", "x", "--due", due)
    assert cli("actions", "--json").json()[0]["due_at"] == expected


def test_action_done_by_id(cli: Cli, clock: ManualClock) -> None:
    first = cli.ok("action", "add", "HOT-1", "remove the flag").strip()
    cli.ok("action", "add", "HOT-1", "rebuild the index", "--kind", "follow-up")
    clock.advance(timedelta(minutes=10))
    assert cli.ok("action", "done", first, "--by", "dev") == ""
    items = {i["text"]: i for i in cli.show()["action_items"]}
    assert (items["remove the flag"]["done"], items["rebuild the index"]["done"]) == (True, False)
    assert items["rebuild the index"]["kind"] == "follow-up"
    (entry,) = _system(cli, "action_done")
    assert (entry["author"], entry["text"]) == ("dev", "Action item done: remove the flag")
    (row,) = [r for r in cli("actions", "--json").json() if r["done"]]
    assert (row["done_at"], row["incident"]) == (_iso(10), "HOT-1")


def test_actions_lists_every_incidents_items_open_first(cli: Cli, clock: ManualClock) -> None:
    cli.ok("declare", "--summary", "Wiki slow", "--severity", "3")
    late = cli.ok("action", "add", "HOT-1", "write the postmortem", "--due", "3d").strip()
    soon = cli.ok("action", "add", "HOT-2", "rebuild the index", "--owner", "kenji", "--due", "1h")
    undated = cli.ok("action", "add", "HOT-1", "remove the [b]flag[/b]").strip()
    finished = cli.ok("action", "add", "HOT-2", "restart search").strip()
    cli.ok("action", "done", finished)
    clock.advance(timedelta(hours=2))  # the index was due an hour ago

    out = cli.ok("actions")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [soon.strip(), late, undated, finished]
    assert lines[0].split()[1:4] == ["HOT-2", "open", "cleanup"]
    assert "kenji" in lines[0] and "due 2026-11-25 15:00" in lines[0]
    assert lines[0].endswith("rebuild the index [overdue]")
    assert lines[1].endswith("write the postmortem")  # due later: not overdue
    assert "no owner" in lines[2] and lines[2].endswith("remove the [b]flag[/b]")
    assert lines[3].split()[1:3] == ["HOT-2", "done"] and "done 2026-11-25 14:00" in lines[3]

    assert [line.split()[0] for line in cli.ok("actions", "--open").splitlines()] == [
        soon.strip(),
        late,
        undated,
    ]
    assert [r["id"] for r in cli("actions", "hot-2", "--json").json()] == [
        int(soon),
        int(finished),
    ]
    assert [r["text"] for r in cli("actions", "HOT-2", "--open", "--json").json()] == [
        "rebuild the index"
    ]


def test_actions_when_there_are_none_says_how_to_add_one(cli: Cli) -> None:
    assert cli.ok("actions") == "No action items. Add one with: warroom action add KEY TEXT\n"
    assert cli.ok("actions", "HOT-1", "--open") == (
        "No action items on HOT-1. Add one with: warroom action add HOT-1 TEXT\n"
    )
    assert cli("actions", "--json").json() == []
    item = cli.ok("action", "add", "HOT-1", "x").strip()
    cli.ok("action", "done", item)
    assert cli.ok("actions", "--open") == (
        "No open action items; 1 done. See them with: warroom actions\n"
    )
    assert cli.ok("actions", "HOT-1", "--open") == (
        "No open action items on HOT-1; 1 done. See them with: warroom actions HOT-1\n"
    )


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["action", "add", "HOT-1", "x", "--due", "15m ago"], "due: '15m ago' has passed"),
        (["action", "add", "HOT-1", "x", "--due", "2026-11-25T13:00"], "has passed"),
        (["action", "add", "HOT-1", "x", "--due", "soon"], "due: 'soon' is not a time"),
        (["action", "add", "HOT-1", "  "], "text: must not be empty"),
        (["action", "add", "HOT-1", "x", "--kind", "someday"], "kind: 'someday'"),
        (["action", "add", "HOT-9", "x"], "no incident"),
        (["action", "add", "HOT-1"], "text"),
        (["action", "done", "99"], "no action item 99"),
        (["action", "done", "one"], "'one' is not an id"),
        (["action"], "STEP"),
        (["action", "finish", "1"], "finish"),
        (["actions", "HOT-9"], "no incident"),
    ],
)
def test_action_refusals_are_one_line_and_change_nothing(
    cli: Cli, argv: list[str], says: str
) -> None:
    before = _latest_event(cli)
    err = one_error_line(cli(*argv))
    assert says in err
    assert _latest_event(cli) == before
    assert cli.show()["action_items"] == []


def test_action_done_twice_is_refused(cli: Cli) -> None:
    item = cli.ok("action", "add", "HOT-1", "x").strip()
    cli.ok("action", "done", item)
    before = _latest_event(cli)
    err = one_error_line(cli("action", "done", item))
    assert f"action item {item} on HOT-1 is already done" in err
    assert _latest_event(cli) == before


def test_a_second_page_to_the_same_person_within_five_minutes_is_a_duplicate(
    cli: Cli, clock: ManualClock
) -> None:
    """Alert fatigue: the person paged a minute ago is refused a second page, in one line,
    and nothing is written; another person, or the same one after five minutes, is paged."""
    cli.ok("page", "HOT-1", "Messaging", "--reason", "email delays")
    clock.advance(timedelta(minutes=4, seconds=59))
    before = _latest_event(cli)
    err = one_error_line(cli("page", "HOT-1", "messaging", "--reason", "still delayed"))
    assert err == (
        "warroom: error: 'hannah.schmidt' was paged for this incident at 14:00; a page to the "
        "same person within 5 minutes is a duplicate: wait for their answer, or page someone "
        "else\n"
    )
    assert _latest_event(cli) == before
    cli.ok("page", "HOT-1", "Messaging", "--person", "aisha.rahman", "--reason", "second pair")
    clock.advance(timedelta(seconds=1))  # five minutes since the first page
    cli.ok("page", "HOT-1", "Messaging", "--reason", "no answer yet")
    assert [p["person"] for p in cli.show()["pages"]] == [
        "hannah.schmidt",
        "aisha.rahman",
        "hannah.schmidt",
    ]


def test_action_priority_link_done_by_and_reopen(cli: Cli, clock: ManualClock) -> None:
    item = cli.ok(
        "action", "add", "HOT-1", "alert on replica lag", "--kind", "follow-up",
        "--priority", "high", "--link", "https://tickets.example/OPS-12", "--due", "1h",
    ).strip()  # fmt: skip
    line = cli.ok("actions", "HOT-1")
    assert "[high] alert on replica lag <https://tickets.example/OPS-12>" in line
    clock.advance(timedelta(hours=2))
    assert "[overdue]" in cli.ok("actions", "--overdue")
    cli.ok("action", "done", item, "--by", "dev")
    assert cli.ok("actions", "--overdue") == "No overdue action items.\n"
    [row] = cli("actions", "--json").json()
    assert (row["priority"], row["link"], row["done_by"]) == (
        "high",
        "https://tickets.example/OPS-12",
        "dev",
    )
    assert "done 2026-11-25 16:00 by dev" in cli.ok("actions")
    cli.ok("action", "reopen", item, "--by", "alice")
    [row] = cli("actions", "--json").json()
    assert (row["done"], row["done_by"], row["done_at"]) == (False, None, None)
    err = one_error_line(cli("action", "reopen", item))
    assert f"action item {item} on HOT-1 is not done; it is open" in err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--priority", "urgent"], "priority: 'urgent': use high, normal, low"),
        (["--link", "javascript:alert(1)"], "give the ticket's http:// or https:// URL"),
    ],
)
def test_action_bad_priority_or_link_is_one_line(cli: Cli, argv: list[str], says: str) -> None:
    before = _latest_event(cli)
    assert says in one_error_line(cli("action", "add", "HOT-1", "x", *argv))
    assert _latest_event(cli) == before


def test_list_counts_a_resolved_incidents_open_items(cli: Cli, clock: ManualClock) -> None:
    cli.ok("declare", "--summary", "Wiki slow", "--severity", "3")
    cli.ok("action", "add", "HOT-1", "rotate the keys", "--due", "1h")
    cli.ok("action", "add", "HOT-1", "write the postmortem", "--due", "3d")
    finished = cli.ok("action", "add", "HOT-1", "restart search").strip()
    cli.ok("action", "done", finished)
    cli.ok("action", "add", "HOT-2", "still fighting it")
    cli.ok("--user", "alice", "take", "HOT-1")
    clock.advance(timedelta(hours=2))  # the keys were due an hour ago
    cli.ok("resolve", "HOT-1", "--ended", "5m")

    lines = {line.split()[0]: line for line in cli.ok("list", "--all").splitlines()}
    assert lines["HOT-1"].endswith("Git push fails · 2 open items (1 overdue)")
    assert lines["HOT-2"].endswith("Wiki slow")  # open: its items wait for the fire to end
    rows = {r["key"]: r for r in cli("list", "--all", "--json").json()}
    assert (rows["HOT-1"]["open_items"], rows["HOT-1"]["overdue_items"]) == (2, 1)
    assert (rows["HOT-2"]["open_items"], rows["HOT-2"]["overdue_items"]) == (1, 0)

    cli.ok("action", "done", str(int(finished) - 2))
    assert cli.ok("list", "--all").splitlines()[-1].endswith("Git push fails · 1 open item")
