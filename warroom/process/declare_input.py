"""A declaration as a person gives it, checked into the rows an incident is stored as.

Nothing here knows the store or loads the catalog's model: the names a declaration is
checked against come as a ``NameBook`` (``config.catalog.Catalog``, or the shipped catalog's
names, ``config.shipped_names``). The ORM path (``incidents.declare``) and the command
line's direct path (``direct_declare.py``) check with these functions and write these rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from warroom.base import limits
from warroom.base.errors import InvalidInput
from warroom.base.limits import quoted, within
from warroom.base.names import find_named
from warroom.process.checks import check_times, require_name, require_text
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.incident import UNKNOWN_SERVICE, Status, parse_severity


class NameBook(Protocol):
    """What a declaration is checked against: the organisation's key prefix and names."""

    @property
    def key_prefix(self) -> str: ...

    @property
    def service_names(self) -> tuple[str, ...]: ...

    @property
    def product_names(self) -> tuple[str, ...]: ...


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


@dataclass(frozen=True)
class CheckedDeclaration:
    """A declaration that passed every check, ready to be stored (its number is the store's)."""

    form: Declaration
    prefix: str
    severity: int
    service: str
    products: list[str]
    detected_at: datetime
    training: bool
    by: str
    at: datetime


def checked_declaration(
    form: Declaration, *, by: str, now: datetime, names: NameBook, training_only: bool = False
) -> CheckedDeclaration:
    """``training_only``: a drill's store, where every incident is training."""
    require_text("summary", form.summary, limit=limits.SUMMARY)
    within("description", form.description, limits.DESCRIPTION)
    require_name("by", by)
    severity = parse_severity(form.severity)
    service = canonical_service(names, form.service)
    products = canonical_products(names, form.products)
    detected_at = form.detected_at or now
    check_times(form.impact_started_at, detected_at, None, now)
    training = form.training or training_only
    return CheckedDeclaration(
        form, names.key_prefix, severity, service, products, detected_at, training, by, now
    )


def next_number(highest: int | None) -> int:
    """The number after the prefix's highest (read under the write lock), the first if none."""
    return int(highest or 0) + 1


def incident_row(declared: CheckedDeclaration, number: int) -> dict[str, Any]:
    """The ``incident`` row of a declaration numbered ``number``: every column but its id."""
    key = f"{declared.prefix}-{number}"
    return {
        "key": key,
        "prefix": declared.prefix,
        "number": number,
        "summary": declared.form.summary,
        "description": declared.form.description,
        "severity": declared.severity,
        "status": Status.NEW.value,
        "service": declared.service,
        "chat_room": key,
        "video_link": "",
        "status_doc_link": "",
        "impact_started_at": declared.form.impact_started_at,
        "detected_at": declared.detected_at,
        "resolved_at": None,
        "support_cases": None,
        "training": declared.training,
        "declared_by": declared.by,
        "declared_at": declared.at,
    }


def product_rows(declared: CheckedDeclaration, incident_id: int) -> list[dict[str, Any]]:
    """The ``incident_product`` rows: the products it touches, each once."""
    return [{"incident_id": incident_id, "product": product} for product in declared.products]


def declared_fact(declared: CheckedDeclaration) -> tuple[Fact, dict[str, Any]]:
    """The timeline's fact of the declaration, and its values."""
    values = {
        "severity": declared.severity,
        "service": declared.service,
        "products": declared.products,
    }
    return Fact.DECLARED, values


def canonical_service(names: NameBook, name: str) -> str:
    require_name("service", name)
    if not name.strip() or name.strip().lower() == UNKNOWN_SERVICE.lower():
        return UNKNOWN_SERVICE
    service = find_named(names.service_names, name.strip())
    if service is None:
        known = ", ".join(names.service_names)
        raise InvalidInput("service", f"unknown service {quoted(name)}; known: {known}, or Unknown")
    return service


def canonical_products(names: NameBook, given: Sequence[str]) -> list[str]:
    result: list[str] = []
    for name in given:
        require_name("product", name)
        product = find_named(names.product_names, name.strip())
        if product is None:
            known = ", ".join(names.product_names)
            raise InvalidInput("product", f"unknown product {quoted(name)}; known: {known}")
        if product not in result:
            result.append(product)
    return result
