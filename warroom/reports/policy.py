"""An escalation policy as the page dialog shows it: each level, whom it would reach now and
how long it waits, and how often the levels go round again before the page is unanswered."""

from __future__ import annotations

from datetime import datetime

from warroom.base.names import fold
from warroom.base.text import one_line
from warroom.config.catalog import Catalog
from warroom.config.escalation import escalation_step
from warroom.config.oncall import person_on_call
from warroom.config.policies import EscalationPolicy


def policy_lines(catalog: Catalog, policy: EscalationPolicy, at: datetime) -> list[str]:
    """A line per level, whom it pages if paged at ``at``, then the repeat and the total."""
    lines = [f"Escalation policy: {one_line(policy.name)}"]
    for number, level in enumerate(policy.levels):
        step = escalation_step(catalog, policy, number, at)
        assert step is not None  # every level of the first round is a step
        # Whose schedule put each person there: "dana.okafor (on call, IMOC)".
        teams = {fold(person_on_call(catalog.known_team(t), at)): t for t in level.schedules}
        people = ", ".join(_person(person, teams.get(fold(person))) for person in step.people)
        lines.append(f"  {number + 1}. {level.timeout_minutes:>3} min  {people}")
    per_round = sum(level.timeout_minutes for level in policy.levels)
    last = len(policy.levels)
    if policy.repeat:
        times = "once more" if policy.repeat == 1 else f"{policy.repeat} more times"
        levels = "level 1" if last == 1 else f"levels 1–{last}"
        lines.append(
            f"  Then {levels} again, {times}; unanswered after {per_round * policy.rounds} min."
        )
    else:
        lines.append(f"  No repeat: unanswered when level {last} times out, after {per_round} min.")
    return lines


def _person(person: str, team: str | None) -> str:
    return one_line(person) + (f" (on call, {one_line(team)})" if team else "")
