"""Correcting the record: an incident's summary, description, faulty service and products
change as the team learns more (a Sev 2 raised to Sev 1 no longer fails "some" customers).
Each correction is a system entry that keeps the old value beside the new one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, delete

from warroom.base import limits
from warroom.base.errors import InvalidInput
from warroom.base.limits import within
from warroom.process.checks import require_name, require_text
from warroom.process.context import Context
from warroom.process.declare_input import canonical_products, canonical_service
from warroom.process.queries import find_incident, products_of
from warroom.process.records import changing, system_entry
from warroom.store.models import Incident, IncidentProduct
from warroom.vocabulary.facts import Fact


@dataclass(frozen=True)
class Correction:
    """What to change; None leaves a field as it is."""

    summary: str | None = None
    description: str | None = None
    service: str | None = None
    products: Sequence[str] | None = None

    def is_empty(self) -> bool:
        return all(v is None for v in (self.summary, self.description, self.service, self.products))


def correct(ctx: Context, key: str, change: Correction, *, by: str) -> list[str]:
    """Apply the correction; return the names of the fields that really changed (none if
    every value was already so). A resolved incident can be corrected too: the record
    should be right for the postmortem."""
    if change.is_empty():
        raise InvalidInput("edit", "give --summary, --description, --service or --product")
    if change.summary is not None:
        require_text("summary", change.summary, limit=limits.SUMMARY)
    if change.description is not None:
        within("description", change.description, limits.DESCRIPTION)
    require_name("by", by)
    service = canonical_service(ctx.catalog, change.service) if change.service else None
    if change.service is not None and not change.service.strip():
        raise InvalidInput("service", "must not be empty; write Unknown if it is not known")
    products = (
        canonical_products(ctx.catalog, change.products) if change.products is not None else None
    )
    wanted = {"summary": change.summary, "description": change.description, "service": service}
    with ctx.store.read() as session:
        if not _changes(session, find_incident(session, key), wanted, products):
            return []  # already so: nothing to record
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        changes = _changes(session, incident, wanted, products)
        for name, _, value in changes:
            if name == "products":
                _replace_products(session, incident, products or [])
            else:
                setattr(incident, str(name), value)
        session.add(incident)
        system_entry(session, incident, Fact.CORRECTED, at=now, by=by, changes=changes)
        return [str(name) for name, *_ in changes]


def _changes(
    session: Session,
    incident: Incident,
    wanted: dict[str, str | None],
    products: list[str] | None,
) -> list[list[object]]:
    """[field, old, new] for each value that differs from the record."""
    assert incident.id is not None
    changes: list[list[object]] = [
        [name, getattr(incident, name), value]
        for name, value in wanted.items()
        if value is not None and value != getattr(incident, name)
    ]
    if products is not None:
        old_products = products_of(session, incident.id)
        if sorted(products) != old_products:
            changes.append(["products", old_products, sorted(products)])
    return changes


def _replace_products(session: Session, incident: Incident, products: list[str]) -> None:
    assert incident.id is not None
    session.exec(delete(IncidentProduct).where(col(IncidentProduct.incident_id) == incident.id))
    for product in products:
        session.add(IncidentProduct(incident_id=incident.id, product=product))
