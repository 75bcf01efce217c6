"""The scenario format: a story of incidents, each a list of timed steps done by named people.

A scenario is a TOML file (``docs/scenarios.md`` describes every field; the files in
``data/scenarios/demo/`` are the demo's). All times are relative, so one file can be played to
any moment ("now"): an incident starts some time before now, and each step happens some time
after its incident starts.

Loading checks everything that can be checked without a store, a catalog or a now, and refuses
a mistake with one line naming the file, the line and the field, before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    field_validator,
    model_validator,
)

from warroom.base.errors import InvalidInput, ScenarioError
from warroom.base.toml_lines import Loc
from warroom.base.tomlfile import Problem, Problems, load_model, located_error
from warroom.scenarios.durations import parse_duration, parse_offset
from warroom.scenarios.placeholders import placeholders
from warroom.vocabulary.incident import UNKNOWN_SERVICE, ActionKind
from warroom.vocabulary.kinds import PEOPLE_KINDS
from warroom.vocabulary.questions import question

__all__ = ["ACTIONS", "Incident", "Scenario", "Scheduled", "Step", "load_scenario"]


@dataclass(frozen=True)
class Action:
    """The fields a step doing this action takes, as they are named in the file."""

    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    needs_one: bool = False  # at least one of the optional fields

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional


# Named like the CLI's commands; each maps onto one service call.
ACTIONS = {
    "declare": Action(),
    "note": Action(("text",), ("kind", "occurred", "undo")),
    "page": Action(("team", "reason"), ("person",)),
    "take": Action(),
    "assign": Action(("role", "person")),
    "handover": Action(("role", "from", "to")),
    "severity": Action(("severity", "reason")),
    "assess": Action(("question", "answer")),
    "links": Action((), ("chat_room", "video", "doc"), needs_one=True),
    "times": Action((), ("impact_started", "detected"), needs_one=True),
    "support-cases": Action(("count",)),
    "resolve": Action(("impact_ended",)),
    "reopen": Action(("reason",)),
    "action": Action(("text",), ("owner", "kind", "ref")),
    "action-done": Action(("ref",)),
}
# Free text that may hold placeholders (see placeholders.py).
STEP_TEXTS = ("text", "undo", "reason", "answer", "chat_room", "video", "doc")
DECLARATION_TEXTS = ("summary", "description")

# Strict scalars, as in the catalog: TOML values are already typed.
Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]


def _written(parse: Callable[[str], timedelta]) -> Callable[[object], timedelta]:
    def validate(value: object) -> timedelta:
        if not isinstance(value, str):
            raise ValueError('write a duration as text, like "9m"')
        return parse(value)

    return validate


Duration = Annotated[timedelta, BeforeValidator(_written(parse_duration))]
Offset = Annotated[timedelta, BeforeValidator(_written(parse_offset))]  # may be negative

Entries = TypeVar("Entries", bound=tuple[object, ...])


def one_of(what: str, names: Iterable[str]) -> AfterValidator:
    """A word from a fixed list (an action, an inject kind …); the refusal lists them all."""
    known = tuple(names)

    def check(value: str) -> str:
        if value not in known:
            raise ValueError(f"unknown {what} {value!r}; use one of {', '.join(known)}")
        return value

    return AfterValidator(check)


def not_empty(entries: Entries) -> Entries:
    # Not Field(min_length=1): pydantic would also report an empty list when one entry is bad.
    if not entries:
        raise ValueError("list at least one")
    return entries


class _Entry(BaseModel):
    # forbid: a misspelt key must be refused, not silently ignored.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Step(_Entry):
    """One thing a person does, ``at`` a time after the incident's start."""

    at: Duration
    by: Text
    do: Annotated[StrictStr, one_of("action", ACTIONS)]
    # Which of these a step must or may have depends on ``do``: see ACTIONS.
    text: Text = ""
    kind: Text = ""
    occurred: Offset | None = None
    undo: Text = ""
    team: Text = ""
    person: Text = ""
    reason: Text = ""
    role: Text = ""
    from_: Text = Field(default="", alias="from")
    to: Text = ""
    severity: StrictInt | None = Field(default=None, ge=1, le=3)
    question: Text = ""
    answer: Text = ""
    chat_room: Text = ""
    video: Text = ""
    doc: Text = ""
    impact_started: Offset | None = None
    detected: Offset | None = None
    count: StrictInt | None = Field(default=None, ge=0)
    impact_ended: Offset | None = None
    owner: Text = ""
    ref: Text = ""

    def given(self) -> list[str]:
        """The fields written in the file, by their names there, in the model's order."""
        return [
            info.alias or name
            for name, info in type(self).model_fields.items()
            if name in self.model_fields_set
        ]


class Incident(_Entry):
    """An incident's declaration and its story; ``start`` is relative to now."""

    id: Text
    start: Offset
    summary: Text
    severity: StrictInt = Field(ge=1, le=3)
    service: Text = UNKNOWN_SERVICE
    products: tuple[Text, ...] = ()
    description: Text = ""
    training: StrictBool = False
    impact_started: Offset | None = None
    detected: Offset | None = None
    steps: Annotated[tuple[Step, ...], AfterValidator(not_empty)]

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
            raise ValueError(f"use a-z, 0-9 and inner hyphens (like 'git-pushes'), not {value!r}")
        return value


@dataclass(frozen=True)
class Scheduled:
    """A step's place in the story: ``offset`` from now, and where it is in the file."""

    offset: timedelta
    incident: int
    step: int

    @property
    def loc(self) -> Loc:
        return ("incidents", self.incident, "steps", self.step)


class _ScenarioProblems(Problems, ScenarioError):
    """Problems between fields and entries; a ScenarioError too, for scenarios built in code."""


class Scenario(_Entry):
    """A story of incidents, played to a moment called now."""

    incidents: Annotated[tuple[Incident, ...], AfterValidator(not_empty)]
    _source: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = list(_problems(self))
        if problems:
            raise _ScenarioProblems(problems, "scenario")
        return self

    def schedule(self) -> list[Scheduled]:
        """Every step in the order it is played: by time, steps at the same time in file order."""
        steps = [
            Scheduled(incident.start + step.at, i, j)
            for i, incident in enumerate(self.incidents)
            for j, step in enumerate(incident.steps)
        ]
        return sorted(steps, key=lambda scheduled: scheduled.offset)  # sorted() is stable

    def refusal(self, loc: Loc, message: str) -> ScenarioError:
        """A refusal found while playing, located in the file like one found while loading."""
        return located_error(self._source, loc, message, "scenario", ScenarioError)


def load_scenario(path: Path) -> Scenario:
    scenario = load_model(path, Scenario, "scenario", ScenarioError)
    scenario._source = path
    return scenario


# --- rules between fields and entries --------------------------------------------------------


def _problems(scenario: Scenario) -> Iterator[Problem]:
    yield from _duplicate_ids(scenario.incidents)
    for i, incident in enumerate(scenario.incidents):
        yield from _story_problems(("incidents", i), incident.steps)
        for j, step in enumerate(incident.steps):
            yield from _field_problems(("incidents", i, "steps", j), step)
        yield from _ref_problems(("incidents", i), incident.steps)
    yield from _placeholder_problems(scenario)


def _duplicate_ids(incidents: Sequence[Incident]) -> Iterator[Problem]:
    first_seen: dict[str, int] = {}
    for i, incident in enumerate(incidents):
        earlier = first_seen.setdefault(incident.id, i)
        if earlier != i:
            yield ("incidents", i, "id"), f"duplicate id {incident.id!r}, see incidents[{earlier}]"


def _story_problems(loc: Loc, steps: Sequence[Step]) -> Iterator[Problem]:
    """Declared first and once; steps listed in time order, so the file reads as it happened."""
    if steps[0].do != "declare":
        yield (*loc, "steps", 0, "do"), 'an incident\'s first step is do = "declare"'
    for j, (before, step) in enumerate(pairwise(steps), start=1):
        if step.do == "declare":
            yield (*loc, "steps", j, "do"), "an incident is declared once, in its first step"
        if step.at < before.at:
            yield (*loc, "steps", j, "at"), "is before the step above; list steps in time order"


def _ref_problems(loc: Loc, steps: Sequence[Step]) -> Iterator[Problem]:
    """``action-done`` names an action added earlier in the same incident by its ``ref``."""
    added: dict[str, int] = {}
    for j, step in enumerate(steps):
        where = (*loc, "steps", j, "ref")
        if step.do == "action" and step.ref:
            if step.ref in added:
                yield where, f"duplicate ref {step.ref!r}, see steps[{added[step.ref]}]"
            added.setdefault(step.ref, j)
        elif step.do == "action-done" and step.ref and step.ref not in added:
            later = any(s.do == "action" and s.ref == step.ref for s in steps[j + 1 :])
            if later:
                yield where, f"the action {step.ref!r} is added after this step, not before"
            else:
                yield where, f"no action with ref {step.ref!r} in this incident"


_NOTE_KINDS = tuple(kind.value for kind in PEOPLE_KINDS)
_ACTION_KINDS = tuple(kind.value for kind in ActionKind)


def _field_problems(loc: Loc, step: Step) -> Iterator[Problem]:
    action = ACTIONS[step.do]
    given = step.given()
    does = f'do = "{step.do}"'
    for name in action.required:
        if name not in given:
            yield (*loc, name), f"required by {does}"
    for name in given:
        if name not in ("at", "by", "do", *action.fields):
            takes = ", ".join(action.fields) or "no other fields"
            yield (*loc, name), f"not a field of {does} (it takes: {takes})"
    if action.needs_one and not set(given) & set(action.optional):
        yield (*loc, "do"), f"{does} needs at least one of {', '.join(action.optional)}"
    yield from _value_problems(loc, step, given)


def _value_problems(loc: Loc, step: Step, given: list[str]) -> Iterator[Problem]:
    """Values the services would refuse, caught before anything is written."""
    if step.do == "note" and "kind" in given and step.kind not in _NOTE_KINDS:
        yield (*loc, "kind"), f"unknown note kind {step.kind!r}; use {', '.join(_NOTE_KINDS)}"
    if step.do == "note" and "undo" in given and step.kind != "change":
        yield (*loc, "undo"), 'only a note of kind = "change" says how to undo it'
    if step.do == "action" and "kind" in given and step.kind not in _ACTION_KINDS:
        yield (*loc, "kind"), f"unknown action kind {step.kind!r}; use {' or '.join(_ACTION_KINDS)}"
    if step.do == "assess" and "question" in given:
        try:
            question(step.question)
        except InvalidInput as err:
            yield (*loc, "question"), err.message


def _placeholder_problems(scenario: Scenario) -> Iterator[Problem]:
    """Every placeholder known, and every key it names already given out when the text is used."""
    incidents = scenario.incidents
    ids = {incident.id: i for i, incident in enumerate(incidents)}
    rank = {(s.incident, s.step): n for n, s in enumerate(scenario.schedule())}
    declared = {
        i: rank[(i, j)]
        for i, incident in enumerate(incidents)
        for j, step in enumerate(incident.steps)
        if step.do == "declare"
    }
    for loc, text, i, used in _texts(incidents, rank, declared):
        try:
            found = list(placeholders(text))
        except ValueError as err:
            yield loc, str(err)
            continue
        for placeholder in found:
            if placeholder.offset is not None:
                continue
            named = placeholder.incident or incidents[i].id
            target = ids.get(named)
            if target is None:
                yield loc, f"no incident with id {named!r}"
                continue
            when = declared.get(target)  # None: no declare step, a problem reported already
            if when is None or when < used:
                continue
            if target == i:
                yield loc, "the incident has no key until it is declared; write it out"
            else:
                yield loc, f"incident {named!r} is declared after this, so it has no key yet"


def _texts(
    incidents: Sequence[Incident], rank: dict[tuple[int, int], int], declared: dict[int, int]
) -> Iterator[tuple[Loc, str, int, int]]:
    """Each text that may hold placeholders: its loc, the text, its incident, when it is used."""
    for i, incident in enumerate(incidents):
        for name in DECLARATION_TEXTS:
            yield ("incidents", i, name), getattr(incident, name), i, declared.get(i, -1)
        for j, step in enumerate(incident.steps):
            for name in STEP_TEXTS:
                if name in step.model_fields_set:
                    yield ("incidents", i, "steps", j, name), getattr(step, name), i, rank[(i, j)]
