"""Role holders on call for a team right now: when their shift ends, and whom to hand a
role over to once they have held it too long (the handbook's fatigue rule)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from warroom.base.names import fold
from warroom.config.catalog import Catalog, Team
from warroom.config.oncall import HORIZON, OnCall, on_call
from warroom.process.queries import Holding
from warroom.vocabulary.roles import INCIDENT_MANAGER


@dataclass(frozen=True)
class Shift:
    """Someone on call for ``team`` now, until ``ends_at`` (None: no change ahead)."""

    team: str
    ends_at: datetime | None
    next_person: str | None


@dataclass(frozen=True)
class HolderShift:
    """A role holder's shift, if they are on one, and who would take the role over."""

    role: str
    person: str
    shift: Shift | None
    relief: str | None  # whom to hand over to; None: nobody in particular
    relief_why: str  # why them: "next on call for Code Collaboration"


def holder_shifts(catalog: Catalog, holdings: Iterable[Holding], at: datetime) -> list[HolderShift]:
    """Each holding with its holder's shift at ``at``, in the holdings' order."""
    holdings = list(holdings)
    if not holdings:
        return []  # the schedules are worked out only when someone holds a role
    answers = [_on_call(team, at) for team in catalog.teams]
    imoc = next((a for a in answers if catalog.imoc and a.team == catalog.imoc.name), None)
    found = []
    for holding in holdings:
        shift = _shift_of(holding.person, answers)
        relief, why = _relief(holding, shift, imoc)
        found.append(HolderShift(holding.role, holding.person, shift, relief, why))
    return found


# A team's answer stays true until its next change: the board is read several times a
# second, the schedules worked out again only when someone's shift has ended. Keyed by the
# team object (catalogs are immutable), which the entry keeps alive so its id is not reused.
_ANSWERS: dict[int, tuple[Team, OnCall, datetime]] = {}


def _on_call(team: Team, at: datetime) -> OnCall:
    """``on_call(team, at)``, or the answer from before if nothing has changed since."""
    known = _ANSWERS.get(id(team))
    if known is not None and known[0] is team and known[1].at <= at < known[2]:
        return known[1]
    answer = on_call(team, at)
    until = answer.next.at if answer.next is not None else answer.at + HORIZON
    _ANSWERS[id(team)] = (team, answer, until)
    return answer


def _shift_of(person: str, answers: list[OnCall]) -> Shift | None:
    """The first team (in the catalog's order) that has ``person`` on call now."""
    for answer in answers:
        if fold(answer.person) == fold(person):
            later = answer.next
            return Shift(answer.team, later.at if later else None, later.person if later else None)
    return None


def _relief(holding: Holding, shift: Shift | None, imoc: OnCall | None) -> tuple[str | None, str]:
    """Who takes over: the next on call of the holder's own shift; for an incident manager
    on no shift, the IMOC on call now (the rotation that backs up every team's IM), or the
    next IMOC when that is the holder."""
    me = fold(holding.person)
    if shift is not None and shift.next_person and fold(shift.next_person) != me:
        return shift.next_person, f"next on call for {shift.team}"
    if holding.role == INCIDENT_MANAGER and imoc is not None:
        if fold(imoc.person) != me:
            return imoc.person, "IMOC on call now"
        if imoc.next is not None and imoc.next.person and fold(imoc.next.person) != me:
            return imoc.next.person, "next IMOC on call"
    return None, ""
