"""Correcting the record: an incident's facts and a note's text change, and the old
values stay; a hand-over carries its note; resolving is deliberate and ends the roles."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import InvalidInput
from warroom.process import corrections, resolution, roles, timeline
from warroom.process.actions import add_action, complete_item
from warroom.process.context import Context
from warroom.process.incidents import Declaration, declare
from warroom.process.queries import entry_text
from warroom.process.read import list_incidents, load_detail

from .cli_support import Cli, one_error_line
from .conftest import T0


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


@pytest.fixture
def key(ctx: Context) -> str:
    form = Declaration("Pushes fail for some customers", 2, service="Git Storage",
                       products=["Repos"])  # fmt: skip
    key = declare(ctx, form, by="monitor").key
    roles.take(ctx, key, by="alice")
    return key


@pytest.fixture
def cli(
    ctx: Context, key: str, store_target: Path | str, capsys: pytest.CaptureFixture[str]
) -> Cli:
    return Cli(store_target, capsys)


def _last_entry(ctx: Context, key: str) -> str:
    return entry_text(load_detail(ctx, key).timeline[-1])


def test_a_correction_changes_the_facts_and_keeps_the_old_values(ctx: Context, key: str) -> None:
    change = corrections.Correction(
        summary="Pushes fail for all customers", products=["Repos", "pipelines"]
    )
    assert corrections.correct(ctx, key, change, by="alice") == ["summary", "products"]
    detail = load_detail(ctx, key)
    assert detail.incident.summary == "Pushes fail for all customers"
    assert detail.products == ["Pipelines", "Repos"]
    assert _last_entry(ctx, key) == (
        "Corrected summary: Pushes fail for some customers → Pushes fail for all customers; "
        "products: Repos → Pipelines, Repos"
    )
    # The same values again change nothing and record nothing.
    before = len(load_detail(ctx, key).timeline)
    assert corrections.correct(ctx, key, change, by="alice") == []
    assert len(load_detail(ctx, key).timeline) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (corrections.Correction(), "edit"),
        (corrections.Correction(summary="  "), "summary"),
        (corrections.Correction(service="Teleporter"), "service"),
        (corrections.Correction(products=["Hovercraft"]), "product"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(
    ctx: Context, key: str, change: corrections.Correction, field: str
) -> None:
    before = load_detail(ctx, key)
    with pytest.raises(InvalidInput) as refused:
        corrections.correct(ctx, key, change, by="alice")
    assert refused.value.field == field
    after = load_detail(ctx, key)
    assert (after.incident.summary, after.products) == (before.incident.summary, before.products)
    assert len(after.timeline) == len(before.timeline)


def test_cli_edit_corrects_and_says_what_changed(cli: Cli) -> None:
    result = cli("edit", "HOT-1", "--summary", "Pushes fail for all", "--service", "unknown")
    assert (result.code, result.err) == (0, "corrected summary, service\n")
    shown = cli.show()
    assert (shown["summary"], shown["service"]) == ("Pushes fail for all", "Unknown")
    assert (
        "Corrected summary: Pushes fail for some customers → Pushes fail for all"
        in [e["text"] for e in shown["timeline"]][-1]
    )
    err = one_error_line(cli("edit", "HOT-1", "--product", "Hovercraft"))
    assert "unknown product 'Hovercraft'" in err


def test_cli_note_edit_keeps_the_earlier_text_and_show_gives_the_history(
    cli: Cli, clock: ManualClock
) -> None:
    entry = cli.ok("note", "HOT-1", "o: pushes fial on eu-west").strip()
    clock.advance(timedelta(minutes=3))
    edited = cli("--user", "bob", "note-edit", entry, "pushes fail on eu-west")
    assert (edited.code, edited.out) == (0, "")
    assert edited.err == f"corrected note #{entry}; show --history keeps the earlier text\n"
    shown: dict[str, Any] = cli("show", "HOT-1", "--json", "--history").json()
    [note] = [e for e in shown["timeline"] if e["id"] == int(entry)]
    assert (note["text"], note["edited"]) == ("pushes fail on eu-west", True)
    assert note["history"] == [
        {
            "text": "pushes fial on eu-west",
            "undo": None,
            "replaced_at": (T0 + timedelta(minutes=3)).isoformat(),
            "replaced_by": "bob",
        }
    ]
    text = cli.ok("show", "HOT-1", "--history")
    assert f"#{entry} " in text and "pushes fail on eu-west (edited)" in text
    assert "replaced 2026-11-25 14:03 by bob; it read: pushes fial on eu-west" in text
    assert "it read:" not in cli.ok("show", "HOT-1")  # history only when asked
    err = one_error_line(cli("note-edit", "999", "x"))
    assert "no timeline entry 999" in err


def test_a_handover_carries_its_note(ctx: Context, key: str, cli: Cli) -> None:
    cli.ok(
        "handover", "HOT-1", "im", "alice", "bob",
        "--note", "Rollback done; storage quorum open; next: fail over reads",
    )  # fmt: skip
    assert _last_entry(ctx, key) == (
        "Incident manager: handed over from alice to bob — "
        "Rollback done; storage quorum open; next: fail over reads"
    )
    roles.handover(ctx, key, "im", "bob", "carol", by="bob")  # the note is optional
    assert _last_entry(ctx, key) == "Incident manager: handed over from bob to carol"


def test_resolving_ends_the_roles_and_keeps_who_held_them(
    ctx: Context, key: str, clock: ManualClock
) -> None:
    roles.assign(ctx, key, "Tech lead", "dev", by="alice")
    clock.advance(timedelta(minutes=40))
    resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    clock.advance(timedelta(hours=5))
    detail = load_detail(ctx, key)
    assert [(h.role, h.person) for h in detail.holdings] == [
        ("Incident manager", "alice"),
        ("Tech lead", "dev"),
    ]
    # The timers stopped at resolve, five hours ago.
    assert [h.time_on_incident(clock.now()) for h in detail.holdings] == [timedelta(minutes=40)] * 2
    assert all(r.relieved_at == T0 + timedelta(minutes=40) for r in detail.role_history)
    assert detail.incident_manager == "alice"
    [row] = list_incidents(ctx, include_resolved=True)
    assert row.incident_manager == "alice"
    # Reopened, the same people hold the roles again, from now.
    resolution.reopen(ctx, key, reason="errors are back", by="bob")
    detail = load_detail(ctx, key)
    assert [(h.person, h.assumed_at, h.until) for h in detail.holdings] == [
        ("alice", clock.now(), None),
        ("dev", clock.now(), None),
    ]
    assert list_incidents(ctx)[0].incident_manager == "alice"
    assert _last_entry(ctx, key) == (
        "Reopened (resolved → fixing): errors are back; "
        "roles held again: Incident manager alice, Tech lead dev"
    )


def test_before_resolving_says_who_is_im_and_what_is_open(ctx: Context, key: str) -> None:
    timeline.add_note(ctx, key, "storage quorum lost", by="alice", kind="theory")
    timeline.add_note(ctx, key, "fail over reads", by="alice", kind="experiment")
    timeline.add_note(ctx, key, "pushes fail", by="alice", kind="observation")
    now = ctx.clock.now()
    add_action(ctx, key, "lift the freeze", by="alice", due_at=now + timedelta(hours=1))
    add_action(ctx, key, "remove the flag", by="alice")
    done = add_action(ctx, key, "page the DBA", by="alice")
    assert done.id is not None
    complete_item(ctx, done.id, by="alice")
    detail = load_detail(ctx, key)
    mine = resolution.before_resolving(detail, "Alice", now=now)
    assert (mine.incident_manager, mine.resolver_is_im) == ("alice", True)
    assert (mine.open_items, mine.overdue_items) == (2, 0)
    later = resolution.before_resolving(detail, "Alice", now=now + timedelta(hours=2))
    assert (later.open_items, later.overdue_items) == (2, 1)
    assert [e.text for e in mine.thinking] == ["storage quorum lost", "fail over reads"]
    assert mine.comms_to_send == [
        "Internal status page",
        "Email to the distribution list",
        "External status page",
    ]
    assert not resolution.before_resolving(detail, "bob", now=now).resolver_is_im


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("note-edit", "99999999999999999999", "x"), "is no id warroom gives out"),
        (("note-edit", "0", "x"), "is no id warroom gives out"),
        (("note-edit", "first", "x"), "is not an id"),
        (("retry", "99999999999999999999"), "is no id warroom gives out"),
        (("action", "done", "99999999999999999999"), "is no id warroom gives out"),
        (("note", "HOT-1", "o: @0001-01-01T00:00+05:00 year one"), "out of the range of dates"),
    ],
)
def test_ids_and_times_out_of_range_are_refused_in_one_line(
    cli: Cli, argv: tuple[str, ...], says: str
) -> None:
    assert says in one_error_line(cli(*argv))
