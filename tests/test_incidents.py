"""Declaring incidents, the status machine, severity changes and the three timestamps."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import InvalidInput, NotFound, Refused
from warroom.process import incidents, resolution, roles, timeline
from warroom.process.context import Context
from warroom.process.incidents import Declaration
from warroom.process.metrics import time_to_detect, time_to_recover
from warroom.process.queries import entry_text
from warroom.process.read import list_incidents, load_detail
from warroom.vocabulary.incident import parse_severity

from .conftest import T0


def _declare(ctx: Context, summary: str = "Git push fails", severity: int = 2, **kw: object) -> str:
    return incidents.declare(ctx, Declaration(summary, severity, **kw), by="alice").key  # type: ignore[arg-type]


def _system_texts(ctx: Context, key: str) -> list[str]:
    return [entry_text(e) for e in timeline.entries(ctx, key, kinds=["system"])]


def test_declare_fills_the_five_fields_and_starts_new(ctx: Context) -> None:
    key = _declare(
        ctx,
        severity=1,
        service="repos web",
        products=["repos", "Wiki"],
        description="Pushes fail for everyone. Call alice on +1 555 0100",
    )
    detail = load_detail(ctx, key)
    i = detail.incident
    assert (key, i.status, i.severity, i.service) == ("HOT-1", "new", 1, "Repos Web")
    assert detail.products == ["Repos", "Wiki"]
    assert i.chat_room == "HOT-1"
    assert i.detected_at == T0 and i.declared_by == "alice"
    assert _system_texts(ctx, key) == [
        "Declared severity 1; faulty service Repos Web; products: Repos, Wiki"
    ]


def test_keys_count_up_and_use_the_catalog_prefix(ctx: Context) -> None:
    assert [_declare(ctx) for _ in range(3)] == ["HOT-1", "HOT-2", "HOT-3"]


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (Declaration("", 2), "summary"),
        (Declaration("   \n", 2), "summary"),
        (Declaration("x", 0), "severity"),
        (Declaration("x", 4), "severity"),
        (Declaration("x", 2, service="Teleporter"), "service"),
        (Declaration("x", 2, products=["Teleporter"]), "product"),
    ],
)
def test_declare_refuses_bad_input_and_changes_nothing(
    ctx: Context, form: Declaration, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        incidents.declare(ctx, form, by="alice")
    assert caught.value.field == field
    assert ctx.store.latest_event_id() == 0
    assert list_incidents(ctx, include_resolved=True) == []


def test_unknown_service_is_allowed_when_said(ctx: Context) -> None:
    key = _declare(ctx, service="unknown")
    assert load_detail(ctx, key).incident.service == "Unknown"


def test_severity_accepts_the_ways_people_write_it() -> None:
    assert [parse_severity(v) for v in (1, "2", "sev3", "SEV-1", " 2 ")] == [
        1,
        2,
        3,
        1,
        2,
    ]
    for bad in ("high", "sev4", "", "1.5"):
        with pytest.raises(InvalidInput, match="use 1, 2 or 3"):
            parse_severity(bad)


def test_taking_moves_new_to_fixing_and_records_the_im(ctx: Context) -> None:
    key = _declare(ctx)
    roles.take(ctx, key, by="bob")
    detail = load_detail(ctx, key)
    assert detail.incident.status == "fixing"
    assert detail.incident_manager == "bob"
    assert _system_texts(ctx, key)[-2:] == ["Incident manager: bob", "Status: new → fixing"]


def test_status_moves_only_forward(ctx: Context, clock: ManualClock) -> None:
    key = _declare(ctx, impact_started_at=T0 - timedelta(minutes=30))
    with pytest.raises(Refused, match="take it before resolving"):
        resolution.resolve(ctx, key, impact_ended_at=T0, by="alice")
    with pytest.raises(Refused, match="not resolved"):
        resolution.reopen(ctx, key, reason="why not", by="alice")
    roles.take(ctx, key, by="alice")
    clock.advance(timedelta(hours=1))
    resolution.resolve(ctx, key, impact_ended_at=clock.now() - timedelta(minutes=5), by="alice")
    with pytest.raises(Refused, match="already resolved"):
        resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    with pytest.raises(Refused, match="reopen it"):
        roles.take(ctx, key, by="carol")
    assert load_detail(ctx, key).incident.status == "resolved"


def test_resolve_needs_the_impact_ended_time_in_order(ctx: Context, clock: ManualClock) -> None:
    key = _declare(ctx, impact_started_at=T0 - timedelta(minutes=30))
    roles.take(ctx, key, by="alice")
    with pytest.raises(InvalidInput, match="impact ended"):
        resolution.resolve(ctx, key, impact_ended_at=None, by="alice")
    with pytest.raises(InvalidInput, match="before the impact started"):
        resolution.resolve(ctx, key, impact_ended_at=T0 - timedelta(hours=1), by="alice")
    with pytest.raises(InvalidInput, match="in the future"):
        resolution.resolve(ctx, key, impact_ended_at=T0 + timedelta(hours=1), by="alice")
    assert load_detail(ctx, key).incident.status == "fixing"


def test_ttd_and_ttr(ctx: Context, clock: ManualClock) -> None:
    started = T0 - timedelta(minutes=20)
    key = _declare(ctx, impact_started_at=started)  # detected at T0
    roles.take(ctx, key, by="alice")
    clock.advance(timedelta(hours=2))
    resolution.resolve(ctx, key, impact_ended_at=T0 + timedelta(minutes=70), by="alice")
    incident = load_detail(ctx, key).incident
    assert time_to_detect(incident) == timedelta(minutes=20)
    assert time_to_recover(incident) == timedelta(minutes=90)


def test_metrics_unknown_without_impact_start(ctx: Context) -> None:
    incident = load_detail(ctx, _declare(ctx)).incident
    assert time_to_detect(incident) is None and time_to_recover(incident) is None


def test_reopen_is_explicit_and_recorded(ctx: Context, clock: ManualClock) -> None:
    key = _declare(ctx)
    roles.take(ctx, key, by="alice")
    resolution.resolve(ctx, key, impact_ended_at=T0, by="alice")
    with pytest.raises(InvalidInput, match="reason"):
        resolution.reopen(ctx, key, reason=" ", by="alice")
    resolution.reopen(ctx, key, reason="errors are back", by="alice")
    incident = load_detail(ctx, key).incident
    assert incident.status == "fixing" and incident.resolved_at is None
    assert _system_texts(ctx, key)[-1] == (
        "Reopened (resolved → fixing): errors are back; roles held again: Incident manager alice"
    )


def test_severity_changes_only_with_a_reason(ctx: Context) -> None:
    key = _declare(ctx, severity=3)
    with pytest.raises(InvalidInput, match="reason"):
        incidents.change_severity(ctx, key, 1, reason="", by="alice")
    incidents.change_severity(ctx, key, 3, reason="only a workaround needed", by="alice")
    assert _system_texts(ctx, key)[-1] == "Severity 3 confirmed: only a workaround needed"
    with pytest.raises(InvalidInput, match="severity"):
        incidents.change_severity(ctx, key, 5, reason="worse", by="alice")
    incidents.change_severity(ctx, key, 1, reason="all customers affected", by="alice")
    assert load_detail(ctx, key).incident.severity == 1
    assert _system_texts(ctx, key)[-1] == "Severity 3 → 1: all customers affected"


def test_severity_of_a_resolved_incident_is_frozen(ctx: Context) -> None:
    key = _declare(ctx)
    roles.take(ctx, key, by="alice")
    resolution.resolve(ctx, key, impact_ended_at=T0, by="alice")
    with pytest.raises(Refused, match="reopen"):
        incidents.change_severity(ctx, key, 1, reason="late", by="alice")


def test_times_are_validated_for_order(ctx: Context, clock: ManualClock) -> None:
    key = _declare(ctx)  # detected at T0
    clock.advance(timedelta(minutes=10))
    with pytest.raises(InvalidInput, match="detected: cannot be before the impact started"):
        incidents.set_times(ctx, key, impact_started_at=T0 + timedelta(minutes=2), by="a")
    with pytest.raises(InvalidInput, match="give"):
        incidents.set_times(ctx, key, by="a")
    incidents.set_times(ctx, key, impact_started_at=T0 - timedelta(minutes=9), by="a")
    assert load_detail(ctx, key).incident.impact_started_at == T0 - timedelta(minutes=9)
    with pytest.raises(InvalidInput, match="before the impact started"):
        incidents.set_times(ctx, key, detected_at=T0 - timedelta(minutes=10), by="a")


def test_declare_refuses_detection_before_impact(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match="detected"):
        _declare(ctx, impact_started_at=T0, detected_at=T0 - timedelta(minutes=1))


def test_unknown_key_is_not_found(ctx: Context) -> None:
    with pytest.raises(NotFound, match="HOT-404"):
        roles.take(ctx, "hot-404", by="alice")
    with pytest.raises(NotFound):
        load_detail(ctx, "HOT-404")


def test_keys_are_matched_case_insensitively(ctx: Context) -> None:
    key = _declare(ctx)
    timeline.add_note(ctx, " hot-1 ", "seen", by="bob")
    assert [e.text for e in timeline.entries(ctx, key, kinds=["note"])] == ["seen"]


def test_list_orders_open_by_severity_then_age(ctx: Context, clock: ManualClock) -> None:
    a = _declare(ctx, "a", 3)
    clock.advance(timedelta(minutes=1))
    b = _declare(ctx, "b", 1)
    clock.advance(timedelta(minutes=1))
    c = _declare(ctx, "c", 1)
    d = _declare(ctx, "d", 2)
    roles.take(ctx, b, by="bob")
    resolution.resolve(ctx, b, impact_ended_at=clock.now(), by="bob")
    assert [r.key for r in list_incidents(ctx)] == [c, d, a]
    rows = list_incidents(ctx, include_resolved=True)
    assert [r.key for r in rows] == [c, d, a, b]
    assert rows[-1].incident_manager == "bob"
    assert [r.key for r in list_incidents(ctx, include_resolved=True, limit=2, offset=1)] == [d, a]


def test_support_cases(ctx: Context) -> None:
    key = _declare(ctx)
    incidents.set_support_cases(ctx, key, 12, by="alice")
    assert load_detail(ctx, key).incident.support_cases == 12
    with pytest.raises(InvalidInput):
        incidents.set_support_cases(ctx, key, -1, by="alice")


def test_every_change_bumps_the_event_sequence(ctx: Context) -> None:
    seen = [ctx.store.latest_event_id()]
    key = _declare(ctx)
    seen.append(ctx.store.latest_event_id())
    roles.take(ctx, key, by="alice")
    seen.append(ctx.store.latest_event_id())
    timeline.add_note(ctx, key, "hello", by="bob")
    seen.append(ctx.store.latest_event_id())
    incidents.change_severity(ctx, key, 1, reason="worse", by="alice")
    seen.append(ctx.store.latest_event_id())
    assert seen == sorted(set(seen)), seen
