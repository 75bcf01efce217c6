"""Walking an escalation policy: who is paged at each step, and how long they have.

Pure, as ``config.oncall`` is: the catalog, a policy, a step's number and a moment in, an
answer out. Steps are numbered from 0 across the rounds: with three levels and
``repeat = 1``, steps 0–2 are the first round and 3–5 the second; there is no step 6, and
a page unacknowledged when step 5 times out is unanswered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from warroom.base.names import fold
from warroom.config.catalog import Catalog
from warroom.config.oncall import person_on_call
from warroom.config.policies import EscalationPolicy

__all__ = ["EscalationStep", "escalation_step"]


@dataclass(frozen=True)
class EscalationStep:
    """One notice of a page: ``people`` are paged and have ``timeout`` to acknowledge."""

    number: int  # from 0 across the rounds: 0 is the first notice
    level: int  # the policy's level, from 1
    round: int  # 1 the first time through the levels, 2 the first repeat, …
    people: tuple[str, ...]
    timeout: timedelta
    total: int  # steps in the whole walk

    @property
    def last(self) -> bool:
        """No step follows this one: when it times out, the page is unanswered."""
        return self.number == self.total - 1


def escalation_step(
    catalog: Catalog, policy: EscalationPolicy, number: int, at: datetime
) -> EscalationStep | None:
    """Step ``number`` of the walk (None past the last), paged at ``at`` (aware): its
    level's schedules resolved with ``person_on_call`` at that moment, then its people,
    de-duplicated case-insensitively (the first spelling kept), in order."""
    if number < 0:
        raise ValueError(f"steps are numbered from 0, not {number}")
    if number >= policy.steps:
        return None
    round_, index = divmod(number, len(policy.levels))
    level = policy.levels[index]
    on_call = [person_on_call(catalog.known_team(team), at) for team in level.schedules]
    return EscalationStep(
        number=number,
        level=index + 1,
        round=round_ + 1,
        people=_unique([*on_call, *level.people]),
        timeout=timedelta(minutes=level.timeout_minutes),
        total=policy.steps,
    )


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` in order, each once, case aside: one person is paged once per step."""
    seen: set[str] = set()
    kept = []
    for name in names:
        if fold(name) not in seen:
            seen.add(fold(name))
            kept.append(name)
    return tuple(kept)
