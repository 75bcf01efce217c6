"""The drill format: a hypothetical incident for a trainee, with what the trainer knows.

A drill is a TOML file (``docs/drills.md`` describes every field; the shipped ones are in
``data/scenarios/drills/``). It says what the trainee is told (the briefing), what is really
going on (the ground truth, for the trainer's eyes), what happens on its own as the drill
runs (the injects: alerts, people reporting, tickets piling up, someone asking for an ETA),
and what a good response looks like, with time limits (the expectations, for the debrief).

Times are drill time: ``at = "12m"`` is twelve minutes after the drill starts, or after the
trainee action named by ``after``. Drills drawn from a public postmortem keep its timeline
and cite it in ``source``.

Loading checks everything that can be checked without a store, and refuses a mistake with
one line naming the file, the line and the field, as the catalog and scenarios do. It holds
the drill to what the rest of warroom takes: each text within its limit (``base.limits``),
on one line but for the briefing and the cause, without control or invisible characters
(``base.text``), and the catalog's rule for a key prefix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from warroom.base import limits
from warroom.base.clock import as_utc
from warroom.base.errors import InvalidInput, ScenarioError
from warroom.base.localtime import local
from warroom.base.text import is_hostile_character
from warroom.base.timeparse import require_happened
from warroom.base.toml_lines import Loc
from warroom.base.tomlfile import Problem, Problems, load_model
from warroom.config.catalog import Catalog, load_catalog
from warroom.scenarios.format import Duration, Text, not_empty, one_of
from warroom.vocabulary.questions import question

__all__ = ["AFTER", "EXPECTATIONS", "INJECTS", "Drill", "Expectation", "Inject", "load_drill"]

# More support tickets than anyone will ever count: beyond it, a number is a mistake.
MOST_TICKETS = 1_000_000_000


def _fits(limit: int, *, lines: bool = False) -> Callable[[str], str]:
    """A text within ``limit`` bytes (``base.limits``), without control or invisible characters
    (``base.text``); on one line unless ``lines``, which lets newlines and tabs through."""

    def check(value: str) -> str:
        try:
            limits.within("", value, limit)
        except InvalidInput as err:
            raise ValueError(err.message) from None
        for ch in value:
            if ch == "\n" and not lines:
                raise ValueError("must be one line; it has a line break")
            if ch == "\t" and not lines:
                raise ValueError("must be one line; it has a tab")
            if is_hostile_character(ch):
                raise ValueError(
                    f"has a control or invisible character (U+{ord(ch):04X}); take it out"
                )
        return value

    return check


# The drill's texts, each held to the limit of what it becomes in the store.
Name = Annotated[Text, AfterValidator(_fits(limits.NAME))]  # a person, a team, a role
Line = Annotated[Text, AfterValidator(_fits(limits.SUMMARY))]  # a title, a summary
Link = Annotated[Text, AfterValidator(_fits(limits.LINK))]  # a URL or a short reference
Note = Annotated[Text, AfterValidator(_fits(limits.NOTE))]  # what an inject says
Answer = Annotated[Text, AfterValidator(_fits(limits.ANSWER))]
Description = Annotated[Text, AfterValidator(_fits(limits.DESCRIPTION, lines=True))]
# The catalog's own rule (1 to 10 letters A-Z), so a drill's prefix is one warroom takes.
KeyPrefix = Annotated[StrictStr, AfterValidator(Catalog._key_prefix_shape)]


@dataclass(frozen=True)
class InjectKind:
    """What an inject of this kind says, and the fields it takes besides at/after/by/text."""

    says: str
    required: tuple[str, ...] = ()


INJECTS = {
    "alert": InjectKind("monitoring fires an alert"),
    "observation": InjectKind("a responder reports what they see"),
    "tickets": InjectKind("support reports how many tickets have come in", ("count",)),
    "social": InjectKind("a customer says something in public"),
    "eta-request": InjectKind("a stakeholder asks when it will be fixed"),
    "red-herring": InjectKind("something that looks related and is not"),
    "page-answer": InjectKind("the person paged answers, once their team is paged", ("team",)),
}

# Trainee actions an inject or an expectation can be timed from. "paged" takes a team.
AFTER = {
    "start": "the drill starts",
    "declared": "the incident is declared",
    "im-taken": "someone takes the incident-manager role",
    "paged": "the team named in `team` is paged",
    "assessed": "all six assessment questions are answered",
    "initial-comms": "the first initial message is sent",
    "update-comms": "the first update is sent",
    "resolved": "the incident is resolved",
}

# What the debrief measures: each expectation is met when it happens within its time limit.
EXPECTATIONS = {
    "declared": "the incident is declared",
    "im-taken": "someone takes the incident-manager role",
    "severity": "the severity is set to `severity` (declared so, or raised to it)",
    "paged": "the team named in `team` is paged",
    "assessed": "all six assessment questions are answered",
    "initial-comms": "initial comms are sent on every channel",
    "update-comms": "an update is sent",
    "role": "the role named in `role` is assigned",
    "resolved": "the incident is resolved",
}


class _Entry(BaseModel):
    # forbid: a misspelt key must be refused, not silently ignored.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Inject(_Entry):
    """Something that happens on its own: at a drill time, or after a trainee action."""

    at: Duration
    after: Annotated[StrictStr, one_of("trainee action", AFTER)] = "start"
    kind: Annotated[StrictStr, one_of("inject kind", INJECTS)]
    by: Name
    text: Note
    count: StrictInt | None = Field(default=None, ge=0, le=MOST_TICKETS)
    team: Name = ""


class Expectation(_Entry):
    """What a good response does, and how soon after the drill starts."""

    expect: Annotated[StrictStr, one_of("expectation", EXPECTATIONS)]
    within: Duration
    severity: StrictInt | None = Field(default=None, ge=1, le=3)
    team: Name = ""
    role: Name = ""


class GroundTruth(_Entry):
    """What is really going on: the trainer sees it, the trainee finds it out."""

    cause: Description
    severity: StrictInt = Field(ge=1, le=3)
    raise_within: Duration | None = None  # when the right severity should be set at the latest
    page: tuple[Name, ...] = ()  # the teams that should be paged
    answers: dict[str, Answer] = {}  # question (number or slug) → the facts that answer it
    ttr: Duration | None = None  # the real incident's time to resolve, for the debrief

    @field_validator("answers")
    @classmethod
    def _known_questions(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            try:
                question(name)
            except InvalidInput as err:
                raise ValueError(err.message) from None
        return value


class Briefing(_Entry):
    """What the drill is, and what the trainee is told before it starts."""

    title: Line
    briefing: Description
    source: Link = ""  # the public postmortem it is drawn from: a URL (or "warroom incident X")
    summary: Line  # the first alert's words: what the trainee declares from
    key_prefix: KeyPrefix = "DRILL"
    # When drill time starts, so the clock agrees with the story's times: the moment of the
    # real outage (with its offset), or a time of day (the latest one before the drill
    # starts). None: drill time starts at the wall clock's now.
    starts_at: datetime | time | None = None

    @field_validator("starts_at", mode="before")
    @classmethod
    def _a_toml_time(cls, value: object) -> object:
        if value is not None and not isinstance(value, datetime | time):
            raise ValueError(
                "give a date and time with its offset (2017-02-28T09:37:00-08:00) or a time "
                "of day (14:07:00), without quotes"
            )
        return value

    @field_validator("starts_at")
    @classmethod
    def _a_moment_that_has_been(cls, value: datetime | time | None) -> datetime | time | None:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError(
                    "give its offset from UTC (2017-02-28T09:37:00-08:00), or only a time "
                    "of day (14:07:00)"
                )
            try:
                require_happened("starts_at", value, datetime.now(UTC), slack=timedelta(0))
            except InvalidInput as err:
                raise ValueError(err.message) from None
        elif isinstance(value, time) and value.tzinfo is not None:
            raise ValueError("a time of day is the trainer's own: give it without an offset")
        return value

    def start(self, now: datetime) -> datetime:
        """Drill time at the start, for a drill started at ``now`` (aware)."""
        if isinstance(self.starts_at, datetime):
            return self.starts_at.astimezone(UTC)
        if isinstance(self.starts_at, time):
            of_day = self.starts_at
            wall = local(now).replace(
                tzinfo=None, hour=of_day.hour, minute=of_day.minute, second=of_day.second
            )
            moment = as_utc(wall)  # by the zone's rules on that day, summer time or not
            return moment if moment <= now else as_utc(wall - timedelta(days=1))
        return now


class _DrillProblems(Problems, ScenarioError):
    """Problems between fields and entries; a ScenarioError too, for drills built in code."""


class Drill(_Entry):
    """A drill: briefing, organisation, ground truth, injects and expectations."""

    drill: Briefing
    organisation: Catalog | None = None  # None: the catalog warroom ships
    ground_truth: GroundTruth
    injects: Annotated[tuple[Inject, ...], AfterValidator(not_empty)]
    expectations: Annotated[tuple[Expectation, ...], AfterValidator(not_empty)]
    _source: Path | None = PrivateAttr(default=None)
    # The organisation, read once when the drill is checked: without [organisation] that is
    # the shipped catalog file, which joining, ticking and the debrief would read again.
    _catalog: Catalog | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        self._catalog = self.organisation or load_catalog()
        problems = list(_problems(self, self._catalog))
        if problems:
            raise _DrillProblems(problems, "drill")
        return self

    def catalog(self) -> Catalog:
        """The organisation the drill plays in."""
        assert self._catalog is not None, "set when the drill is checked"
        return self._catalog


def load_drill(path: Path) -> Drill:
    drill = load_model(path, Drill, "drill", ScenarioError)
    drill._source = path
    return drill


# --- rules between fields and entries --------------------------------------------------------


def _problems(drill: Drill, catalog: Catalog) -> Iterator[Problem]:
    yield from _team_problems(("ground_truth", "page"), drill.ground_truth.page, catalog)
    for i, inject in enumerate(drill.injects):
        yield from _inject_problems(("injects", i), inject, catalog)
    for i, expectation in enumerate(drill.expectations):
        yield from _expectation_problems(("expectations", i), expectation, catalog)
    yield from _order_problems(drill.injects)


def _team_problems(loc: Loc, teams: Sequence[str], catalog: Catalog) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, name in enumerate(teams):
        team = catalog.team(name)
        if team is None:
            yield (*loc, i), f"no team {name!r} in the organisation"
        # Lookups ignore case, so "ops" and "Ops" are one team listed twice.
        same = (team.name if team else name).casefold()
        if same in seen:
            yield (*loc, i), f"team {name!r} is listed twice"
        seen.add(same)


def _inject_problems(loc: Loc, inject: Inject, catalog: Catalog) -> Iterator[Problem]:
    kind = INJECTS[inject.kind]
    given = inject.model_fields_set
    for name in kind.required:
        if name not in given:
            yield (*loc, name), f'required by kind = "{inject.kind}"'
    for name in ("count", "team"):
        if (
            name in given
            and name not in kind.required
            and not (name == "team" and inject.after == "paged")
        ):
            yield (*loc, name), f'not a field of kind = "{inject.kind}"'
    if inject.after == "paged" and not inject.team:
        yield (*loc, "team"), 'after = "paged" names the team: which page does it follow?'
    if inject.kind == "page-answer" and inject.after != "paged":
        yield (*loc, "after"), 'a page answer comes after = "paged", once its team is paged'
    if inject.team and catalog.team(inject.team) is None:
        yield (*loc, "team"), f"no team {inject.team!r} in the organisation"


def _expectation_problems(
    loc: Loc, expectation: Expectation, catalog: Catalog
) -> Iterator[Problem]:
    needs = {"severity": "severity", "paged": "team", "role": "role"}.get(expectation.expect)
    given = expectation.model_fields_set
    for name in ("severity", "team", "role"):
        if name in given and name != needs:
            yield (*loc, name), f'not a field of expect = "{expectation.expect}"'
    if needs and needs not in given:
        yield (*loc, needs), f'required by expect = "{expectation.expect}"'
    if expectation.team and catalog.team(expectation.team) is None:
        yield (*loc, "team"), f"no team {expectation.team!r} in the organisation"


def _order_problems(injects: Sequence[Inject]) -> Iterator[Problem]:
    """Injects timed from the start are listed in time order, so the file reads as it ran."""
    last = None
    for i, inject in enumerate(injects):
        if inject.after != "start":
            continue
        if last is not None and inject.at < last:
            yield ("injects", i, "at"), "is before the inject above; list injects in time order"
        last = inject.at
