"""The organisation catalog: products, teams, services, the severity matrix, escalation
policies and people's addresses.

The catalog is a TOML file (``data/catalog.toml`` is the shipped default). Loading it either
yields a fully consistent, immutable :class:`Catalog` or raises :class:`CatalogError` with one
line naming the file, the line number and the field that is wrong.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Self, TypeVar

from pydantic import (
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from warroom.base import limits
from warroom.base.errors import CatalogError, InvalidInput
from warroom.base.locations import shipped_data
from warroom.base.names import fold
from warroom.base.tomlfile import Problem, Problems, load_model, located_error
from warroom.config.delivery import one_address
from warroom.config.entries import Entry, Name, Text, number_shown
from warroom.config.policies import EscalationPolicy, default_policy, policy_problems
from warroom.config.schedules import Schedule
from warroom.vocabulary.incident import SEVERITIES, UNKNOWN_SERVICE

__all__ = [
    "IMOC_TEAM",
    "MAX_HANDOVER_HOURS",
    "MAX_UPDATE_MINUTES",
    "Catalog",
    "Person",
    "Product",
    "Service",
    "SeverityLevel",
    "Team",
    "default_catalog_path",
    "load_catalog",
]

IMOC_TEAM = "Major Incident Managers"
"""The team that is the global Incident Manager On Call (IMOC) rotation: it backs up every
team's own incident manager, and a Sev 1 pages it. An organisation has one by naming a team
so, as the shipped catalog and drills do."""

MAX_HANDOVER_HOURS = 168
"""A week: a role held longer than that is not a shift. Past about 2.4e10 hours
``timedelta(hours=…)`` overflows, so the console could not even show the reminder."""
MAX_UPDATE_MINUTES = 24 * 60
"""A day between updates at most; the shipped matrix uses 30, 60 and 240 minutes."""


class Product(Entry):
    """Something customers use; incidents list the products they affect."""

    name: Name
    description: Text


class Team(Entry):
    """A team that owns services. ``roster`` is everyone who takes a turn on call; without a
    ``schedule`` the first name is on call, always (``config.oncall`` says who, when). A page
    to the team escalates by its ``escalation_policy`` (``Catalog.policy_for``)."""

    name: Name
    description: Text
    roster: tuple[Name, ...] = Field(min_length=1)
    escalation_policy: Name | None = None  # None: ``default_policy``
    schedule: Schedule | None = None


class Service(Entry):
    """A technical component an incident can be blamed on ("faulty service")."""

    name: Name
    team: Name
    description: Text
    products: tuple[Name, ...]


class SeverityLevel(Entry):
    """One row of the severity matrix."""

    level: StrictInt = Field(ge=min(SEVERITIES), le=max(SEVERITIES))
    name: Text
    description: Text
    examples: tuple[Text, ...]
    major: StrictBool
    response: Text
    update_every_minutes: StrictInt

    @field_validator("update_every_minutes")
    @classmethod
    def _cadence_in_range(cls, value: int) -> int:
        # 2**63-1 minutes loaded, then timedelta(minutes=…) overflowed when drafting.
        if not 1 <= value <= MAX_UPDATE_MINUTES:
            raise ValueError(
                f"must be at least 1 and at most {MAX_UPDATE_MINUTES} minutes (a day), "
                f"not {number_shown(value)}"
            )
        return value


class Person(Entry):
    """Someone a page can reach by email: a roster's handle, or a name a policy gives."""

    name: Name
    email: StrictStr

    @field_validator("email")
    @classmethod
    def _one_address(cls, value: str) -> str:
        try:
            return one_address("email", value)
        except InvalidInput as err:
            raise ValueError(err.message) from None


class _CatalogProblems(Problems, CatalogError):
    """Inconsistencies between entries; a CatalogError too, for catalogs built in code."""


class Catalog(Entry):
    """The whole organisation. Lookups by name are case-insensitive."""

    key_prefix: StrictStr
    handover_after_hours: StrictFloat = 4.0
    require_review_for_external: StrictBool = False
    products: tuple[Product, ...] = Field(min_length=1)
    teams: tuple[Team, ...] = Field(min_length=1)
    services: tuple[Service, ...] = Field(min_length=1)
    severities: tuple[SeverityLevel, ...]
    escalation_policies: tuple[EscalationPolicy, ...] = ()
    people: tuple[Person, ...] = ()

    @field_validator("key_prefix")
    @classmethod
    def _key_prefix_shape(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{1,10}", value):
            raise ValueError(f"must be 1 to 10 uppercase letters A-Z (like 'HOT'), not {value!r}")
        return value

    @field_validator("handover_after_hours")
    @classmethod
    def _handover_in_range(cls, value: float) -> float:
        if not (math.isfinite(value) and 0 < value <= MAX_HANDOVER_HOURS):
            raise ValueError(
                f"must be more than 0 and at most {MAX_HANDOVER_HOURS} hours (a week), "
                f"not {value:g}"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = _consistency_problems(self)
        if problems:
            raise _CatalogProblems(problems, "catalog")
        return self

    def product(self, name: str) -> Product | None:
        return _find(self.products, name)

    def team(self, name: str) -> Team | None:
        return _find(self.teams, name)

    def known_team(self, name: str) -> Team:
        """The team ``name`` (case and spaces aside), or a refusal naming the known ones."""
        found = self.team(name)
        if found is None:
            known = ", ".join(team.name for team in self.teams)
            raise InvalidInput("team", f"unknown team {limits.quoted(name)}; known: {known}")
        return found

    @property
    def imoc(self) -> Team | None:
        """The IMOC rotation (``IMOC_TEAM``); None in an organisation without one."""
        return self.team(IMOC_TEAM)

    def policy(self, name: str) -> EscalationPolicy | None:
        return _find(self.escalation_policies, name)

    def policy_for(self, team: Team) -> EscalationPolicy:
        """The policy a page to ``team`` follows: the one it names, else ``default_policy``."""
        named = self.policy(team.escalation_policy) if team.escalation_policy else None
        return named or default_policy(team)

    def email_of(self, person: str) -> str | None:
        """``person``'s address from [[people]]; None for someone not listed there."""
        found = _find(self.people, person)
        return found.email if found else None

    def known_people(self) -> list[str]:
        """Everyone the catalog names: each roster's handles and [[people]]."""
        rosters = [name for team in self.teams for name in team.roster]
        return [*rosters, *(person.name for person in self.people)]

    def service(self, name: str) -> Service | None:
        """The service called ``name``; None for unknown names, including "Unknown"."""
        return _find(self.services, name)

    def severity(self, level: int) -> SeverityLevel | None:
        return next((s for s in self.severities if s.level == level), None)

    def is_major(self, level: int) -> bool:
        """Major incidents page responders and are fixed now: the matrix's ``major`` flag."""
        found = self.severity(level)
        return bool(found and found.major)

    @property
    def major_levels(self) -> frozenset[int]:
        return frozenset(s.level for s in self.severities if s.major)

    @property
    def product_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.products)

    @property
    def service_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.services)


_Named = TypeVar("_Named", Product, Team, Service, EscalationPolicy, Person)


def _find(entries: Iterable[_Named], name: str) -> _Named | None:
    key = fold(name)
    return next((e for e in entries if fold(e.name) == key), None)


# --- consistency: rules that span several entries -------------------------------------------


def _consistency_problems(catalog: Catalog) -> list[Problem]:
    return [
        *_duplicate_names("products", catalog.products),
        *_duplicate_names("teams", catalog.teams),
        *_duplicate_names("services", catalog.services),
        *_service_problems(catalog),
        *_schedule_problems(catalog.teams),
        *_severity_problems(catalog.severities),
        *_duplicate_names("escalation_policies", catalog.escalation_policies),
        *_duplicate_names("people", catalog.people),
        *_team_policy_problems(catalog),
        *policy_problems(
            catalog.escalation_policies,
            [team.name for team in catalog.teams],
            _known_people(catalog),
        ),
    ]


def _duplicate_names(
    section: str, entries: Sequence[Product | Team | Service | EscalationPolicy | Person]
) -> Iterator[Problem]:
    first_seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        earlier = first_seen.setdefault(fold(entry.name), index)
        if earlier != index:
            message = f"duplicate name {entry.name!r}, see {section}[{earlier}]"
            yield (section, index, "name"), message


def _service_problems(catalog: Catalog) -> Iterator[Problem]:
    teams = ", ".join(team.name for team in catalog.teams)
    products = ", ".join(catalog.product_names)
    for index, service in enumerate(catalog.services):
        if fold(service.name) == fold(UNKNOWN_SERVICE):
            message = f"{UNKNOWN_SERVICE!r} is reserved for when the faulty service is not known"
            yield ("services", index, "name"), message
        if catalog.team(service.team) is None:
            yield ("services", index, "team"), f"unknown team {service.team!r} (teams: {teams})"
        for position, product in enumerate(service.products):
            if catalog.product(product) is None:
                message = f"unknown product {product!r} (products: {products})"
                yield ("services", index, "products", position), message


def _schedule_problems(teams: Sequence[Team]) -> Iterator[Problem]:
    """A layer takes turns among the team's roster: a name not in it is a typo (overrides
    may name anyone, as a holiday is often covered from another team)."""
    for index, team in enumerate(teams):
        if team.schedule is None:
            continue
        roster = {fold(name) for name in team.roster}
        for number, layer in enumerate(team.schedule.layers):
            for position, person in enumerate(layer.participants):
                if fold(person) not in roster:
                    message = (
                        f"{person!r} is not in the team's roster ({', '.join(team.roster)}); "
                        "add them there first"
                    )
                    loc = ("teams", index, "schedule", "layers", number, "participants", position)
                    yield loc, message
        for number, override in enumerate(team.schedule.overrides):
            start, end = team.schedule.override_span(override)
            if end <= start:  # one local, one with an offset: compared in the schedule's zone
                where = ("teams", index, "schedule", "overrides", number, "to")
                yield where, f"must be later than 'from' (in {team.schedule.time_zone})"


def _team_policy_problems(catalog: Catalog) -> Iterator[Problem]:
    policies = ", ".join(policy.name for policy in catalog.escalation_policies)
    known = f"policies: {policies}" if policies else "the catalog has no [[escalation_policies]]"
    for index, team in enumerate(catalog.teams):
        name = team.escalation_policy
        if name is not None and catalog.policy(name) is None:
            yield ("teams", index, "escalation_policy"), f"unknown policy {name!r} ({known})"


def _known_people(catalog: Catalog) -> list[str]:
    """Everyone a policy may name: each roster's handles and [[people]]."""
    return catalog.known_people()


def _severity_problems(severities: Sequence[SeverityLevel]) -> Iterator[Problem]:
    seen: set[int] = set()
    for index, severity in enumerate(severities):
        if severity.level in seen:
            yield ("severities", index, "level"), f"duplicate level {severity.level}"
        seen.add(severity.level)
    levels = ", ".join(map(str, SEVERITIES[:-1])) + f" and {SEVERITIES[-1]}"
    for level in SEVERITIES:
        if level not in seen:
            yield ("severities",), f"level {level} is missing; levels {levels} are all required"


# --- loading --------------------------------------------------------------------------------


def default_catalog_path() -> Path:
    """The shipped catalog: ``data/`` of a source checkout, else the wheel's ``_data/`` copy."""
    return shipped_data("catalog.toml")


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and check a catalog file; ``None`` means the shipped default. A team's calendar
    (``schedule.ics``, relative to the catalog's folder) is read now, so a broken one is
    refused with the rest."""
    path = default_catalog_path() if path is None else path
    catalog = load_model(path, Catalog, "catalog", CatalogError)
    for index, team in enumerate(catalog.teams):
        if team.schedule is not None and team.schedule.ics is not None:
            from warroom.config.calendars import attach_calendar, read_calendar

            try:
                calendar = read_calendar(path.parent / team.schedule.ics)
            except CatalogError as err:
                loc = ("teams", index, "schedule", "ics")
                raise located_error(path, loc, str(err), "catalog", CatalogError) from None
            attach_calendar(team.schedule, calendar)
    return catalog
