"""Declaring incidents and moving them through the lifecycle: new → fixing → resolved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from warroom.base import limits
from warroom.base.errors import InvalidInput, Refused
from warroom.base.limits import quoted, within
from warroom.config.catalog import Catalog
from warroom.process.context import Context
from warroom.process.records import (
    changing,
    require_name,
    require_past,
    require_text,
    system_entry,
)
from warroom.store.models import Incident, IncidentProduct
from warroom.vocabulary.facts import Fact, when
from warroom.vocabulary.incident import UNKNOWN_SERVICE, Status, parse_severity


@dataclass(frozen=True)
class Declaration:
    """The handbook's five fields, plus the times when they are already known."""

    summary: str
    severity: int | str  # parsed by declare(), after the summary is checked
    service: str = UNKNOWN_SERVICE
    products: Sequence[str] = field(default_factory=tuple)
    description: str = ""
    impact_started_at: datetime | None = None
    detected_at: datetime | None = None
    training: bool = False


def canonical_service(catalog: Catalog, name: str) -> str:
    require_name("service", name)
    if not name.strip() or name.strip().lower() == UNKNOWN_SERVICE.lower():
        return UNKNOWN_SERVICE
    service = catalog.service(name.strip())
    if service is None:
        known = ", ".join(catalog.service_names)
        raise InvalidInput("service", f"unknown service {quoted(name)}; known: {known}, or Unknown")
    return service.name


def canonical_products(catalog: Catalog, names: Sequence[str]) -> list[str]:
    result: list[str] = []
    for name in names:
        require_name("product", name)
        product = catalog.product(name.strip())
        if product is None:
            known = ", ".join(catalog.product_names)
            raise InvalidInput("product", f"unknown product {quoted(name)}; known: {known}")
        if product.name not in result:
            result.append(product.name)
    return result


def check_times(
    impact_started_at: datetime | None,
    detected_at: datetime | None,
    impact_ended_at: datetime | None,
    now: datetime,
    *,
    declared_at: datetime | None = None,
) -> None:
    """The three handbook timestamps: each since 1970 and none in the future; the impact
    starts before it is detected, and ends after it started, after it was detected and
    after the incident was declared (a resolution cannot come before its incident).

    Every service that sets one of them passes here, so the console's times and resolve
    dialogs, the command line and scenarios keep the same order.
    """
    for name, moment in (
        ("impact started", impact_started_at),
        ("detected", detected_at),
        ("impact ended", impact_ended_at),
    ):
        if moment is not None:
            require_past(name, moment, now)
    if impact_started_at and detected_at and detected_at < impact_started_at:
        raise InvalidInput("detected", "cannot be before the impact started")
    if impact_ended_at is None:
        return
    for earlier, name in (
        (impact_started_at, "the impact started"),
        (detected_at, "it was detected"),
        (declared_at, "the incident was declared"),
    ):
        if earlier is not None and impact_ended_at < earlier:
            raise InvalidInput(
                "impact ended", f"{_stamp(impact_ended_at)} is before {name} ({_stamp(earlier)})"
            )


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _next_number(session: Session, prefix: str) -> int:
    # Runs under the store's one write lock (store.base.Store), so two declarations can never
    # read the same maximum.
    statement = select(func.max(Incident.number)).where(Incident.prefix == prefix)
    highest = session.exec(statement).one()
    return int(highest or 0) + 1


def declare(ctx: Context, form: Declaration, *, by: str) -> Incident:
    now = ctx.clock.now()
    require_text("summary", form.summary, limit=limits.SUMMARY)
    within("description", form.description, limits.DESCRIPTION)
    require_name("by", by)
    severity = parse_severity(form.severity)
    service = canonical_service(ctx.catalog, form.service)
    products = canonical_products(ctx.catalog, form.products)
    detected_at = form.detected_at or now
    check_times(form.impact_started_at, detected_at, None, now)
    prefix = ctx.catalog.key_prefix
    with ctx.store.write() as session:
        number = _next_number(session, prefix)
        key = f"{prefix}-{number}"
        incident = Incident(
            key=key,
            prefix=prefix,
            number=number,
            summary=form.summary,
            description=form.description,
            severity=severity,
            status=Status.NEW.value,
            service=service,
            chat_room=key,
            impact_started_at=form.impact_started_at,
            detected_at=detected_at,
            training=form.training or ctx.training_only,
            declared_by=by,
            declared_at=now,
        )
        session.add(incident)
        session.flush()
        assert incident.id is not None
        for product in products:
            session.add(IncidentProduct(incident_id=incident.id, product=product))
        system_entry(
            session,
            incident,
            Fact.DECLARED,
            at=now,
            by=by,
            severity=severity,
            service=service,
            products=products,
        )
    return incident


def move_to_fixing(session: Session, incident: Incident, *, at: datetime, by: str) -> None:
    """New → fixing, the moment an incident manager takes the incident."""
    if incident.status == Status.NEW.value:
        incident.status = Status.FIXING.value
        session.add(incident)
        moved = {"from": Status.NEW.value, "to": Status.FIXING.value}
        system_entry(session, incident, Fact.STATUS, at=at, by=by, **moved)


def _refuse_if_resolved(incident: Incident, doing: str) -> None:
    if incident.status == Status.RESOLVED.value:
        raise Refused(f"{incident.key} is resolved; reopen it before you {doing}")


def change_severity(ctx: Context, key: str, severity: object, *, reason: str, by: str) -> None:
    level = parse_severity(severity)
    require_text("reason", reason, limit=limits.REASON)
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        _refuse_if_resolved(incident, "change its severity")
        before = incident.severity
        incident.severity = level
        session.add(incident)
        # The handbook's IM sets *or confirms* the severity (before == level) and tells the team.
        system_entry(
            session,
            incident,
            Fact.SEVERITY,
            at=now,
            by=by,
            reason=reason,
            **{"from": before, "to": level},
        )


def set_times(
    ctx: Context,
    key: str,
    *,
    by: str,
    impact_started_at: datetime | None = None,
    detected_at: datetime | None = None,
) -> None:
    """Set or correct when the impact started and when it was detected."""
    if impact_started_at is None and detected_at is None:
        raise InvalidInput("times", "give impact started, detected, or both")
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        started = impact_started_at or incident.impact_started_at
        detected = detected_at or incident.detected_at
        check_times(started, detected, incident.resolved_at, now)
        changes = {}
        if impact_started_at is not None:
            incident.impact_started_at = impact_started_at
            changes["impact_started"] = when(impact_started_at)
        if detected_at is not None:
            incident.detected_at = detected_at
            changes["detected"] = when(detected_at)
        session.add(incident)
        system_entry(session, incident, Fact.TIMES, at=now, by=by, **changes)


def set_support_cases(ctx: Context, key: str, count: int, *, by: str) -> None:
    """A count from a script or a scenario; people answer question 5 instead."""
    if count < 0:
        raise InvalidInput("support cases", "cannot be negative")
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        incident.support_cases = count
        session.add(incident)
        system_entry(session, incident, Fact.SUPPORT_CASES, at=now, by=by, count=count)
