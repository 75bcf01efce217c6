"""Where a trainee is in a drill: when each thing they did happened, which injects are due,
and how each expectation stands.

Everything is read from the drill's incident as the store holds it (``IncidentDetail``), so
the trainer's console, the debrief and a test of a scripted trainee agree: what counts is
what reached the store, at the store's (drill) time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from warroom.process.queries import fact_values
from warroom.process.read import IncidentDetail
from warroom.scenarios.drill import Drill, Expectation, Inject
from warroom.vocabulary.channels import CHANNEL_NAMES, Phase
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.questions import QUESTIONS
from warroom.vocabulary.roles import INCIDENT_MANAGER


@dataclass(frozen=True)
class Progress:
    """When each trainee action first happened; None while it has not."""

    declared: datetime | None = None
    im_taken: datetime | None = None
    severities: tuple[tuple[datetime, int], ...] = ()  # as declared, then each change
    paged: dict[str, datetime] = field(default_factory=dict)  # team → its first page
    roles: dict[str, datetime] = field(default_factory=dict)  # role → first assigned
    assessed: datetime | None = None  # the sixth question answered
    initial_comms: datetime | None = None  # the first initial message
    initial_everywhere: datetime | None = None  # initial comms on every channel
    update_comms: datetime | None = None
    resolved: datetime | None = None  # when the impact ended, as the resolution says

    def moment(self, action: str, team: str = "") -> datetime | None:
        """When the trainee action an inject follows (``Inject.after``) happened."""
        if action == "paged":
            return self.paged_at(team)
        return {
            "declared": self.declared,
            "im-taken": self.im_taken,
            "assessed": self.assessed,
            "initial-comms": self.initial_comms,
            "update-comms": self.update_comms,
            "resolved": self.resolved,
        }.get(action)

    def met(
        self, expect: str, *, severity: int | None = None, team: str = "", role: str = ""
    ) -> datetime | None:
        """When what an expectation asks for (``Expectation.expect``) was first done."""
        match expect:
            case "severity":
                return self.severity_set(severity or 0)
            case "paged":
                return self.paged_at(team)
            case "role":
                return self.roles.get(role)
            case "initial-comms":  # on every channel, not only the first
                return self.initial_everywhere
            case other:
                return self.moment(other)

    def paged_at(self, team: str) -> datetime | None:
        """When ``team`` was first paged. A drill may spell a team in another case than
        the organisation does: lookups ignore case, as the catalog's do."""
        wanted = team.casefold()
        return next((at for name, at in self.paged.items() if name.casefold() == wanted), None)

    def severity_set(self, level: int) -> datetime | None:
        """When the incident first stood at ``level``."""
        return next((at for at, severity in self.severities if severity == level), None)


def progress_of(detail: IncidentDetail | None) -> Progress:
    """The trainee's progress on the drill's incident (none before it is declared)."""
    if detail is None:
        return Progress()
    return Progress(
        declared=detail.incident.declared_at,
        im_taken=_first(a.assumed_at for a in detail.role_history if a.role == INCIDENT_MANAGER),
        severities=_severities(detail),
        paged=_firsts((page.team, page.paged_at) for page in detail.pages),
        roles=_firsts((a.role, a.assumed_at) for a in detail.role_history),
        assessed=_assessed(detail),
        initial_comms=_first(_sent(detail, Phase.INITIAL)),
        initial_everywhere=_everywhere(detail),
        update_comms=_first(_sent(detail, Phase.UPDATE)),
        resolved=detail.incident.resolved_at if detail.incident.status == "resolved" else None,
    )


def _first(moments: Iterable[datetime]) -> datetime | None:
    return min(moments, default=None)


def _firsts(pairs: Iterable[tuple[str, datetime]]) -> dict[str, datetime]:
    """Each name's earliest moment."""
    firsts: dict[str, datetime] = {}
    for name, at in sorted(pairs, key=lambda pair: pair[1]):
        firsts.setdefault(name, at)
    return firsts


def _severities(detail: IncidentDetail) -> tuple[tuple[datetime, int], ...]:
    found = []
    for entry in detail.timeline:
        if entry.fact not in (Fact.DECLARED.value, Fact.SEVERITY.value):
            continue
        values = fact_values(entry)
        level = values.get("severity" if entry.fact == Fact.DECLARED.value else "to")
        if isinstance(level, int):
            found.append((entry.occurred_at, level))
    return tuple(sorted(found))


def _assessed(detail: IncidentDetail) -> datetime | None:
    answered = [detail.answers.get(q.slug) for q in QUESTIONS]
    if any(answer is None for answer in answered):
        return None
    return max(answer.answered_at for answer in answered if answer is not None)


def _sent(detail: IncidentDetail, phase: Phase) -> list[datetime]:
    return [m.message.sent_at for m in detail.messages if m.message.phase == phase.value]


def _everywhere(detail: IncidentDetail) -> datetime | None:
    firsts = _firsts(
        (m.message.channel, m.message.sent_at)
        for m in detail.messages
        if m.message.phase == Phase.INITIAL.value
    )
    if set(firsts) != set(CHANNEL_NAMES):
        return None
    return max(firsts.values())


# --- injects ---------------------------------------------------------------------------------


def inject_due(inject: Inject, started: datetime, progress: Progress) -> datetime | None:
    """When ``inject`` fires: ``at`` after the drill starts or after its trainee action;
    None while that action has not happened."""
    if inject.after == "start":
        return started + inject.at
    moment = progress.moment(inject.after, inject.team)
    return None if moment is None else moment + inject.at


def due_injects(
    drill: Drill, started: datetime, progress: Progress, now: datetime, fired: Sequence[int]
) -> list[int]:
    """The injects (by index) due by ``now`` and not fired yet, in the order they fell due.
    Once the trainee has resolved the incident, the story stops there: only injects that
    follow the resolution, or fell due before it, still come."""
    due = []
    for index, inject in enumerate(drill.injects):
        when = inject_due(inject, started, progress)
        if index in fired or when is None or when > now:
            continue
        over = progress.resolved is not None and when > progress.resolved
        if over and inject.after != "resolved":
            continue
        due.append((when, index))
    return [index for _, index in sorted(due)]


# --- expectations ----------------------------------------------------------------------------


class Standing(StrEnum):
    MET = "met"  # done within its limit
    LATE = "late"  # done, after its limit
    MISSED = "missed"  # not done, and its limit has passed
    OPEN = "open"  # not done yet, with time left


@dataclass(frozen=True)
class Score:
    expectation: Expectation
    standing: Standing
    took: timedelta | None  # from the drill's start to when it was done


def scorecard(
    drill: Drill, started: datetime, progress: Progress, now: datetime, *, ended: bool = False
) -> list[Score]:
    """Each expectation, as it stands at ``now``; none is still open once the drill ended."""
    return [_score(e, started, progress, now, ended) for e in drill.expectations]


def _score(
    expectation: Expectation, started: datetime, progress: Progress, now: datetime, ended: bool
) -> Score:
    done = progress.met(
        expectation.expect,
        severity=expectation.severity,
        team=expectation.team,
        role=expectation.role,
    )
    if done is not None:
        took = done - started
        return Score(
            expectation, Standing.MET if took <= expectation.within else Standing.LATE, took
        )
    late = ended or now - started > expectation.within
    return Score(expectation, Standing.MISSED if late else Standing.OPEN, None)
