"""Escalation policies as the catalog writes them: whom a page reaches, level after level.

A page first notifies a policy's level 1: whoever each named team's schedule has on call,
and the people it names. Unacknowledged after the level's timeout, the page goes on to
level 2, and so on; after the last level it goes round the levels ``repeat`` more times,
then stops and is flagged unanswered. A team without a policy of its own is paged by
``default_policy``. The models here check what each policy says on its own;
``policy_problems`` what spans entries (the teams and people named exist). Who is paged at
each step, at a moment, is worked out by ``config.escalation``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Self

from pydantic import StrictInt, field_validator, model_validator

from warroom.base.names import fold
from warroom.base.tomlfile import Problem
from warroom.config.entries import Entry, Name, Text, number_shown

if TYPE_CHECKING:  # the catalog holds policies, so it imports this module
    from warroom.config.catalog import Team

__all__ = [
    "DEFAULT_TIMEOUT_MINUTES",
    "MAX_LEVELS",
    "MAX_REPEAT",
    "MAX_TIMEOUT_MINUTES",
    "EscalationPolicy",
    "PolicyLevel",
    "default_policy",
    "policy_problems",
]

MAX_TIMEOUT_MINUTES = 24 * 60
"""A day for one level to answer at most: a page left longer is not being escalated."""
MAX_LEVELS = 10
"""Ten levels at most; a policy that has not reached someone by then needs rewriting."""
MAX_REPEAT = 9
"""Going round the levels nine more times at most (ten rounds in all)."""
DEFAULT_TIMEOUT_MINUTES = 30
"""How long the team's on-call has to answer when the team names no policy."""


class PolicyLevel(Entry):
    """One level: everyone it names is paged at once, and has ``timeout_minutes`` to
    acknowledge before the next level is paged."""

    timeout_minutes: StrictInt
    schedules: tuple[Name, ...] = ()  # teams: whoever each one's schedule has on call
    people: tuple[Name, ...] = ()  # paged whoever is on call

    @field_validator("timeout_minutes")
    @classmethod
    def _timeout_in_range(cls, value: int) -> int:
        if not 1 <= value <= MAX_TIMEOUT_MINUTES:
            raise ValueError(
                f"must be at least 1 and at most {MAX_TIMEOUT_MINUTES} minutes (a day), "
                f"not {number_shown(value)}"
            )
        return value

    @model_validator(mode="after")
    def _someone(self) -> Self:
        if not self.schedules and not self.people:
            raise ValueError("a level pages nobody; give it 'schedules', 'people' or both")
        return self


class EscalationPolicy(Entry):
    """A named list of levels, gone through ``repeat`` more times after the first."""

    name: Name
    description: Text | None = None
    levels: tuple[PolicyLevel, ...]
    repeat: StrictInt = 0

    @field_validator("levels")
    @classmethod
    def _levels_in_range(cls, value: tuple[PolicyLevel, ...]) -> tuple[PolicyLevel, ...]:
        if not 1 <= len(value) <= MAX_LEVELS:
            raise ValueError(
                f"give 1 to {MAX_LEVELS} levels ([[escalation_policies.levels]]), not {len(value)}"
            )
        return value

    @field_validator("repeat")
    @classmethod
    def _repeat_in_range(cls, value: int) -> int:
        if not 0 <= value <= MAX_REPEAT:
            raise ValueError(
                f"must be from 0 to {MAX_REPEAT} (times round the levels again after the "
                f"last), not {number_shown(value)}"
            )
        return value

    @property
    def rounds(self) -> int:
        """How many times the levels are gone through: once, plus ``repeat``."""
        return self.repeat + 1

    @property
    def steps(self) -> int:
        """How many notices a page unanswered to the end gets: every level, every round."""
        return len(self.levels) * self.rounds


def default_policy(team: Team) -> EscalationPolicy:
    """How a team without a policy is paged: its own on-call, who has
    ``DEFAULT_TIMEOUT_MINUTES``; nobody after them. Named after the team."""
    level = PolicyLevel(timeout_minutes=DEFAULT_TIMEOUT_MINUTES, schedules=(team.name,))
    return EscalationPolicy(
        name=team.name, description="The team's on-call only (no policy named)", levels=(level,)
    )


def policy_problems(
    policies: Sequence[EscalationPolicy], teams: Sequence[str], people: Iterable[str]
) -> Iterator[Problem]:
    """Levels naming a team not in ``teams``, or a person not in ``people`` (everyone in a
    roster or in [[people]]), case aside: either is a typo, and the page would reach nobody."""
    known_teams = {fold(name) for name in teams}
    known_people = {fold(name) for name in people}
    for index, policy in enumerate(policies):
        for number, level in enumerate(policy.levels):
            where = ("escalation_policies", index, "levels", number)
            for position, team in enumerate(level.schedules):
                if fold(team) not in known_teams:
                    message = f"unknown team {team!r} (teams: {', '.join(teams)})"
                    yield (*where, "schedules", position), message
            for position, person in enumerate(level.people):
                if fold(person) not in known_people:
                    message = (
                        f"{person!r} is in no team's roster and not in [[people]]; "
                        "add them to [[people]] with their email"
                    )
                    yield (*where, "people", position), message
