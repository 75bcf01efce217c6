"""What the console says about paging, worked out without a UI: an escalation policy level by
level, the pages the handbook proposes, role holders' on-call shifts and who takes over, and
the line said after paging. On the shipped catalog at the tests' fixed moment (Wednesday
14:00 UTC: priya.natarajan has Code Collaboration until Monday 08:00 UTC, then
tomasz.kowalski; dana.okafor is the IMOC until Monday 09:00 London)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from warroom.comms import paging
from warroom.config.catalog import load_catalog
from warroom.config.delivery import DeliverySettings
from warroom.process import incidents, roles
from warroom.process.context import Context
from warroom.process.queries import Holding
from warroom.process.read import load_detail
from warroom.reports import proposed_pages
from warroom.reports.board import load_board
from warroom.reports.pages import paged_text
from warroom.reports.policy import policy_lines
from warroom.reports.shifts import holder_shifts

from .conftest import T0

CATALOG = load_catalog(None)
MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def _holding(role: str, person: str) -> Holding:
    return Holding(role, person, T0, T0)


def test_a_policy_level_by_level_with_whom_each_reaches_now_and_its_repeat() -> None:
    team = CATALOG.known_team("Work Management")
    assert policy_lines(CATALOG, CATALOG.policy_for(team), T0) == [
        "Escalation policy: Work Management escalation",
        "  1.  15 min  jonas.lindqvist (on call, Work Management)",
        "  2.  15 min  jonas.lindqvist (on call, Work Management), amara.eze",
        "  3.  20 min  dana.okafor (on call, Major Incident Managers)",
        "  Then levels 1–3 again, once more; unanswered after 100 min.",
    ]


def test_a_team_without_a_policy_of_its_own_has_one_level_and_no_repeat() -> None:
    team = CATALOG.teams[0].model_copy(update={"name": "Solo", "escalation_policy": None})
    catalog = CATALOG.model_copy(update={"teams": (*CATALOG.teams, team)})
    assert policy_lines(catalog, catalog.policy_for(team), T0)[-1] == (
        "  No repeat: unanswered when level 1 times out, after 30 min."
    )


def test_a_sev_1_proposes_the_owning_team_and_the_imoc(ctx: Context) -> None:
    form = incidents.Declaration("Pushes fail", 1, service="Git Storage")
    incident = incidents.declare(ctx, form, by="alice")
    proposed = proposed_pages.on_declaring(CATALOG, incident, T0)
    assert [(p.team, p.on_call, p.reason) for p in proposed] == [
        ("Code Collaboration", "priya.natarajan", "Sev 1 declared: Pushes fail"),
        ("Major Incident Managers", "dana.okafor", "Sev 1 declared: Pushes fail"),
    ]


def test_a_sev_2_proposes_the_owning_team_only_and_a_minor_one_nothing(ctx: Context) -> None:
    sev2 = incidents.declare(ctx, incidents.Declaration("Slow", 2, service="Wiki App"), by="a")
    assert [p.team for p in proposed_pages.on_declaring(CATALOG, sev2, T0)] == ["Work Management"]
    sev3 = incidents.declare(ctx, incidents.Declaration("Odd", 3, service="Wiki App"), by="a")
    assert proposed_pages.on_declaring(CATALOG, sev3, T0) == []
    unknown = incidents.declare(ctx, incidents.Declaration("What?", 1), by="a")
    assert [p.team for p in proposed_pages.on_declaring(CATALOG, unknown, T0)] == [
        "Major Incident Managers"
    ]


def test_raising_to_sev_1_proposes_the_imoc_unless_the_imoc_was_paged(ctx: Context) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Slow", 2), by="alice").key
    incidents.change_severity(ctx, key, 1, reason="worse", by="alice")
    detail = load_detail(ctx, key)
    proposed = proposed_pages.on_raising(CATALOG, detail.incident, 2, detail.pages, T0)
    assert [(p.team, p.reason) for p in proposed] == [
        ("Major Incident Managers", "Raised to Sev 1: Slow")
    ]
    assert proposed_pages.on_raising(CATALOG, detail.incident, 1, detail.pages, T0) == []
    paging.page(ctx, key, "major incident managers", reason="help", by="alice")
    detail = load_detail(ctx, key)
    assert proposed_pages.on_raising(CATALOG, detail.incident, 2, detail.pages, T0) == []


def test_a_holder_on_call_has_a_shift_end_and_the_next_on_call_takes_over() -> None:
    tech, im = _holding("Tech lead", "Priya.Natarajan"), _holding("Incident manager", "alice")
    found = holder_shifts(CATALOG, [tech, im], T0)
    assert found[0].shift is not None
    assert (found[0].shift.team, found[0].shift.ends_at) == ("Code Collaboration", MONDAY)
    assert (found[0].relief, found[0].relief_why) == (
        "tomasz.kowalski",
        "next on call for Code Collaboration",
    )
    # On no team's shift: an incident manager is relieved by the IMOC on call.
    assert (found[1].shift, found[1].relief) == (None, "dana.okafor")
    other = holder_shifts(CATALOG, [_holding("Scribe", "alice")], T0)
    assert (other[0].shift, other[0].relief) == (None, None)


def test_the_imoc_as_incident_manager_is_relieved_by_the_next_imoc() -> None:
    [found] = holder_shifts(CATALOG, [_holding("Incident manager", "dana.okafor")], T0)
    assert found.shift is not None and found.shift.team == "Major Incident Managers"
    assert (found.relief, found.relief_why) == (
        "lukas.brandt",
        "next on call for Major Incident Managers",
    )


def test_the_board_carries_the_pages_and_the_holders_shifts(ctx: Context) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Slow", 2), by="alice").key
    roles.assign(ctx, key, "Tech lead", "priya.natarajan", by="alice")
    paging.page(ctx, key, "Messaging", reason="mail stuck", by="alice")
    board = load_board(ctx, key)
    assert [(view.page.team, view.is_open) for view in board.pages] == [("Messaging", True)]
    assert [s.person for s in board.shifts if s.shift] == ["priya.natarajan"]
    assert board.unanswered == [] and len(board.open_pages) == 1


def test_after_paging_it_says_whom_the_id_and_a_failed_delivery(ctx: Context) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Slow", 2), by="alice").key
    paged = paging.page(ctx, key, "Messaging", reason="mail stuck", by="alice")
    text, failed = paged_text(paged)
    due = (T0 + timedelta(minutes=10)).strftime("%H:%M")
    assert (text, failed) == (
        f"Paged hannah.schmidt (Messaging): page 1, escalates at {due} unless acknowledged. "
        "Sent by outbox.",
        False,
    )
    # Nothing listens on port 1 of the loopback: the webhook fails, the outbox works.
    ctx.delivery = DeliverySettings(
        outbox=ctx.delivery.outbox, page_webhook_url="http://127.0.0.1:1/"
    )
    ctx.clock.advance(timedelta(minutes=6))  # type: ignore[attr-defined]
    paged = paging.page(ctx, key, "Work Management", reason="wiki too", by="alice")
    text, failed = paged_text(paged)
    assert failed
    assert text.startswith("Paged jonas.lindqvist (Work Management): page 2, escalates at ")
    assert "✘ Delivery FAILED — webhook to jonas.lindqvist: " in text
