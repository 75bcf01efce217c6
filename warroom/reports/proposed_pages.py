"""The pages the handbook says a major incident needs, proposed to whoever declared it or
raised its severity; they page with one key or skip. Suggested, never sent unasked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from warroom.base.names import fold
from warroom.config.catalog import Catalog, Team
from warroom.config.oncall import person_on_call
from warroom.store.models import Incident, Page

IMOC_SEVERITY = 1
"""The severity at which the IMOC is paged too, besides the faulty service's team."""


@dataclass(frozen=True)
class ProposedPage:
    team: str
    on_call: str  # whom the page would reach now
    reason: str


def on_declaring(catalog: Catalog, incident: Incident, at: datetime) -> list[ProposedPage]:
    """A major incident: the team that owns the faulty service, and at the top severity the
    IMOC. None for an incident that is not major, or whose service is unknown and below
    the top severity."""
    if not catalog.is_major(incident.severity):
        return []
    teams: list[Team] = []
    service = catalog.service(incident.service)
    if service is not None:
        teams.append(catalog.known_team(service.team))
    imoc = catalog.imoc
    if incident.severity == IMOC_SEVERITY and imoc is not None and imoc not in teams:
        teams.append(imoc)
    reason = f"Sev {incident.severity} declared: {incident.summary}"
    return [ProposedPage(team.name, person_on_call(team, at), reason) for team in teams]


def on_raising(
    catalog: Catalog, incident: Incident, before: int, pages: Iterable[Page], at: datetime
) -> list[ProposedPage]:
    """Raised to the top severity: the IMOC, unless a page to the IMOC exists already."""
    imoc = catalog.imoc
    if imoc is None or incident.severity != IMOC_SEVERITY or before == IMOC_SEVERITY:
        return []
    if any(fold(page.team) == fold(imoc.name) for page in pages):
        return []
    reason = f"Raised to Sev {incident.severity}: {incident.summary}"
    return [ProposedPage(imoc.name, person_on_call(imoc, at), reason)]
