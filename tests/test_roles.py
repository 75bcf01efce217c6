"""Roles: several holders, one IM, handovers that keep history, time on the incident."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import InvalidInput, Refused
from warroom.process import incidents, roles
from warroom.process.context import Context
from warroom.process.links import chat_topic, set_channels
from warroom.process.queries import entry_text
from warroom.process.read import load_detail

from .conftest import T0


@pytest.fixture
def key(ctx: Context) -> str:
    return incidents.declare(ctx, incidents.Declaration("Login broken", 1), by="alice").key


def _holders(ctx: Context, key: str) -> list[tuple[str, str]]:
    return [(h.role, h.person) for h in load_detail(ctx, key).holdings]


def test_role_names_are_canonical_and_custom_ones_allowed() -> None:
    assert roles.canonical_role("tech LEAD") == "Tech lead"
    assert roles.canonical_role("IM") == "Incident manager"
    assert roles.canonical_role("comms") == "Communications manager"
    assert roles.canonical_role("  Database   liaison ") == "Database liaison"
    with pytest.raises(InvalidInput):
        roles.canonical_role(" ")


def test_several_tech_leads_one_board_im_first(ctx: Context, key: str, clock: ManualClock) -> None:
    roles.assign(ctx, key, "tech lead", "dev", by="alice")
    clock.advance(timedelta(minutes=1))
    roles.assign(ctx, key, "Tech lead", "erin", by="alice")
    roles.assign(ctx, key, "Database liaison", "frank", by="alice")
    roles.take(ctx, key, by="alice")
    assert _holders(ctx, key) == [
        ("Incident manager", "alice"),
        ("Tech lead", "dev"),
        ("Tech lead", "erin"),
        ("Database liaison", "frank"),
    ]


def test_one_incident_manager_at_a_time(ctx: Context, key: str) -> None:
    roles.take(ctx, key, by="alice")
    with pytest.raises(Refused, match="hand the role over instead"):
        roles.take(ctx, key, by="bob")
    with pytest.raises(Refused, match="already holds"):
        roles.assign(ctx, key, "IM", "Alice", by="alice")


def test_assigning_an_im_moves_a_new_incident_to_fixing(ctx: Context, key: str) -> None:
    roles.assign(ctx, key, "Incident manager", "bob", by="alice")
    assert load_detail(ctx, key).incident.status == "fixing"


def test_handover_closes_one_holding_and_opens_the_next(
    ctx: Context, key: str, clock: ManualClock
) -> None:
    roles.take(ctx, key, by="alice")
    clock.advance(timedelta(hours=5))
    roles.handover(ctx, key, "IM", "alice", "bob", by="alice")
    detail = load_detail(ctx, key)
    assert detail.incident_manager == "bob"
    history = [(r.person, r.assumed_at, r.relieved_at) for r in detail.role_history]
    assert history == [
        ("alice", T0, T0 + timedelta(hours=5)),
        ("bob", T0 + timedelta(hours=5), None),
    ]
    assert entry_text(detail.timeline[-1]) == "Incident manager: handed over from alice to bob"


def test_refused_handovers(ctx: Context, key: str) -> None:
    roles.take(ctx, key, by="alice")
    with pytest.raises(Refused, match="does not hold"):
        roles.handover(ctx, key, "IM", "bob", "carol", by="alice")
    with pytest.raises(InvalidInput, match="different person"):
        roles.handover(ctx, key, "IM", "alice", "ALICE", by="alice")
    with pytest.raises(InvalidInput):
        roles.handover(ctx, key, "IM", "alice", "", by="alice")
    assert load_detail(ctx, key).incident_manager == "alice"


def test_relieve_ends_a_holding(ctx: Context, key: str) -> None:
    roles.assign(ctx, key, "tech lead", "dev", by="alice")
    roles.relieve(ctx, key, "tech lead", "dev", by="alice")
    assert _holders(ctx, key) == []
    with pytest.raises(Refused):
        roles.relieve(ctx, key, "tech lead", "dev", by="alice")


def test_time_on_incident_survives_a_change_of_role(
    ctx: Context, key: str, clock: ManualClock
) -> None:
    roles.assign(ctx, key, "tech lead", "dev", by="alice")
    clock.advance(timedelta(hours=3))
    roles.handover(ctx, key, "tech lead", "dev", "erin", by="alice")
    roles.assign(ctx, key, "scribe", "dev", by="alice")
    clock.advance(timedelta(hours=2))
    holdings = {h.person: h for h in load_detail(ctx, key).holdings}
    assert holdings["dev"].time_on_incident(clock.now()) == timedelta(hours=5)
    assert holdings["erin"].time_on_incident(clock.now()) == timedelta(hours=2)


def test_chat_topic_lists_summary_roles_im_first_and_links(ctx: Context, key: str) -> None:
    roles.assign(ctx, key, "comms", "carol", by="alice")
    roles.assign(ctx, key, "tech lead", "dev", by="alice")
    roles.assign(ctx, key, "tech lead", "erin", by="alice")
    roles.take(ctx, key, by="alice")
    set_channels(
        ctx,
        key,
        video_link="https://meet.example/hot-1",
        status_doc_link="https://docs.example/hot-1",
        by="alice",
    )
    detail = load_detail(ctx, key)
    assert chat_topic(detail.incident, detail.holdings) == (
        "HOT-1 · Sev 1 · Login broken"
        " | Incident manager: alice · Tech lead: dev, erin · Communications manager: carol"
        " | Record: HOT-1 · Video: https://meet.example/hot-1 · Doc: https://docs.example/hot-1"
    )


def test_channels(ctx: Context, key: str) -> None:
    set_channels(ctx, key, chat_room="#inc-login", by="alice")
    assert load_detail(ctx, key).incident.chat_room == "#inc-login"
    set_channels(ctx, key, chat_room=" ", by="alice")
    assert load_detail(ctx, key).incident.chat_room == "HOT-1"
    with pytest.raises(InvalidInput, match="one line"):
        set_channels(ctx, key, video_link="https://x\nevil", by="alice")
    with pytest.raises(InvalidInput, match="give"):
        set_channels(ctx, key, by="alice")
    detail = load_detail(ctx, key)
    assert chat_topic(detail.incident, detail.holdings).split(" | ")[1] == "No roles assigned yet"
