"""Who is on call: a team's schedule worked out at a moment, per layer and in the end.

Pure: the catalog and a time in, an answer out. Every source of a schedule (each layer, the
calendar, the overrides) is turned into *spans* — a person on call from one moment until
another — over a window from the moment asked about; the answer at any moment is the person
of the first source, in order of precedence, with a span there. Who is next is the first
moment in the window at which that answer changes.

Times and daylight saving
-------------------------
Hand-offs and restriction windows are wall-clock times in the layer's zone: a hand-off at
09:00 Europe/Berlin stays at 09:00 local when summer time begins or ends, so a weekly shift
that spans the change is an hour shorter (spring) or longer (autumn) than 168 hours. A
``12h`` rotation hands over at the same two wall-clock times every day.

Two wall-clock times need a rule, and it is the same for hand-offs, restriction windows and
overrides given in local time (``wall_to_utc``):

- *A time the clocks skip* (02:30 on the night summer time begins, when 02:00 jumps to
  03:00) happens when the clocks jump: 03:00 local, the first moment the wall clock shows a
  later time. The outgoing person is on call until then, the incoming one from then; nobody
  is lost and nobody is on call twice.
- *A time the clocks show twice* (02:30 on the night summer time ends) is the first of the
  two, so a shift never lasts an extra hour by accident.

An iCalendar file follows its own standard (RFC 5545, read by recurring-ical-events): a
skipped time there is read with the offset from before the jump (02:30 becomes 03:30).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from warroom.config.calendars import calendar_spans
from warroom.config.catalog import Team
from warroom.config.schedules import WEEKDAYS, Layer, Schedule, wall_to_utc, zone_named

__all__ = [
    "CALENDAR",
    "OVERRIDE",
    "ROSTER",
    "LayerOnCall",
    "Next",
    "OnCall",
    "Span",
    "layer_title",
    "on_call",
    "person_on_call",
    "wall_to_utc",
]

OVERRIDE = "override"
CALENDAR = "calendar"
ROSTER = "roster"
"""Where an answer came from, besides a layer's name: an override, the iCalendar file, or
the roster's first name (a team without a schedule, or a gap in the schedule)."""

HORIZON = timedelta(days=92)
"""How far ahead "next" is looked for: a quarter, or two turns of the longest rotation."""


@dataclass(frozen=True)
class Span:
    """``person`` is on call from ``start`` (included) until ``end`` (excluded)."""

    start: datetime
    end: datetime
    person: str


@dataclass(frozen=True)
class Next:
    """From ``at`` on, ``person`` is on call (None: nobody, a gap)."""

    person: str | None
    at: datetime


@dataclass(frozen=True)
class LayerOnCall:
    """One source of the schedule at the moment asked: a layer, or the calendar."""

    name: str
    person: str | None
    next: Next | None


@dataclass(frozen=True)
class OnCall:
    """A team at a moment: ``person`` is whom a page reaches, ``source`` why."""

    team: str
    at: datetime
    person: str
    source: str
    next: Next | None
    layers: tuple[LayerOnCall, ...]

    @property
    def in_gap(self) -> bool:
        """The team has a schedule, and it names nobody now: the roster's first is paged."""
        return self.source == ROSTER and bool(self.layers)


def person_on_call(team: Team, at: datetime) -> str:
    """Whom a page to ``team`` reaches at ``at``: the one answer paging and the console use."""
    return on_call(team, at).person


def on_call(team: Team, at: datetime) -> OnCall:
    """``team``'s schedule at ``at`` (aware): each layer's person and who is next, and the
    answer. Without a schedule, and in a gap the schedule leaves, the roster's first name is
    on call, so a page always reaches someone."""
    at = at.astimezone(UTC)
    schedule = team.schedule
    fallback = team.roster[0]
    if schedule is None:
        return OnCall(team.name, at, fallback, ROSTER, None, ())
    until = at + max(HORIZON, 2 * max((layer.length for layer in schedule.layers), default=HORIZON))
    sources = _sources(schedule, at, until)  # lowest precedence first
    overrides = _override_spans(schedule, at, until)
    layers = tuple(_layer_on_call(name, spans, at) for name, spans in sources)

    def answer(moment: datetime) -> tuple[str | None, str]:
        if (person := _person_at(overrides, moment)) is not None:
            return person, OVERRIDE
        for name, spans in reversed(sources):
            if (person := _person_at(spans, moment)) is not None:
                return person, name
        return None, ROSTER

    person, source = answer(at)
    every = [*overrides, *(span for _, spans in sources for span in spans)]
    later = _next(lambda m: answer(m)[0], at, every)
    if later is not None and later.person is None:
        later = Next(fallback, later.at)  # a gap begins: the roster's first is paged then
    return OnCall(team.name, at, person or fallback, source, later, layers)


def layer_title(schedule: Schedule, index: int) -> str:
    """A layer's name, or ``layer N`` (from 1) when it has none."""
    return schedule.layers[index].name or f"layer {index + 1}"


# --- sources -------------------------------------------------------------------------------


def _sources(schedule: Schedule, at: datetime, until: datetime) -> list[tuple[str, list[Span]]]:
    found: list[tuple[str, list[Span]]] = []
    zone = zone_named(schedule.time_zone)
    if schedule.ics is not None:
        events = calendar_spans(schedule, at, until, zone)
        found.append((CALENDAR, [Span(*event) for event in events]))
    for index, layer in enumerate(schedule.layers):
        spans = list(_layer_spans(layer, schedule.zone_of(layer), at, until))
        found.append((layer_title(schedule, index), spans))
    return found


def _override_spans(schedule: Schedule, at: datetime, until: datetime) -> list[Span]:
    """Overrides touching the window; a later one in the file beats an earlier one."""
    spans = []
    for override in reversed(schedule.overrides):
        start, end = schedule.override_span(override)
        if start < until and end > at:
            spans.append(Span(start, end, override.person))
    return spans


def _layer_spans(layer: Layer, zone: ZoneInfo, at: datetime, until: datetime) -> Iterator[Span]:
    """The layer's shifts between ``at`` and ``until``, cut to its restriction windows."""
    origin = datetime.combine(layer.start, layer.handoff)
    length = layer.length

    def boundary(index: int) -> datetime:
        return wall_to_utc(origin + index * length, zone)

    index = max(_shift_at(origin, length, zone, at), 0)  # before the start: not in effect
    while (start := boundary(index)) < until:
        end = boundary(index + 1)
        if end > at:
            person = layer.participants[index % len(layer.participants)]
            shift = Span(max(start, at), min(end, until), person)
            yield from _restricted(shift, layer, zone) if layer.restrictions else (shift,)
        index += 1


def _shift_at(origin: datetime, length: timedelta, zone: ZoneInfo, at: datetime) -> int:
    """The number of the shift (0 from the layer's start) that ``at`` falls in."""
    wall = at.astimezone(zone).replace(tzinfo=None)
    index = (wall - origin) // length
    while wall_to_utc(origin + (index + 1) * length, zone) <= at:
        index += 1
    while wall_to_utc(origin + index * length, zone) > at:
        index -= 1
    return index


def _restricted(shift: Span, layer: Layer, zone: ZoneInfo) -> Iterator[Span]:
    """The parts of ``shift`` inside the layer's restriction windows, in order."""
    first = shift.start.astimezone(zone).date() - timedelta(days=1)
    last = shift.end.astimezone(zone).date()
    windows: list[tuple[datetime, datetime]] = []
    day = first
    while day <= last:
        for rule in layer.restrictions:
            if WEEKDAYS[day.weekday()] in rule.days:
                windows.append((_wall_on(day, rule.start, zone), _wall_on(day, rule.end, zone)))
        day += timedelta(days=1)
    for start, end in _merged(windows):
        start, end = max(start, shift.start), min(end, shift.end)
        if start < end:
            yield Span(start, end, shift.person)


def _wall_on(day: date, clock: time, zone: ZoneInfo) -> datetime:
    if clock == time.max:  # "24:00": midnight that ends the day
        return wall_to_utc(datetime.combine(day + timedelta(days=1), time()), zone)
    return wall_to_utc(datetime.combine(day, clock), zone)


def _merged(windows: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Overlapping or touching windows as one (09:00-12:00 and 12:00-17:00 is 09:00-17:00)."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- answers -------------------------------------------------------------------------------


def _person_at(spans: Sequence[Span], moment: datetime) -> str | None:
    """The person of the first span covering ``moment``."""
    return next((s.person for s in spans if s.start <= moment < s.end), None)


def _layer_on_call(name: str, spans: Sequence[Span], at: datetime) -> LayerOnCall:
    return LayerOnCall(name, _person_at(spans, at), _next(partial(_person_at, spans), at, spans))


def _next(
    who: Callable[[datetime], str | None], at: datetime, spans: Iterable[Span]
) -> Next | None:
    """The first moment after ``at`` at which ``who(moment)`` changes, and to whom."""
    now = who(at)
    for moment in sorted({edge for span in spans for edge in (span.start, span.end)}):
        if moment > at and (person := who(moment)) != now:
            return Next(person, moment)
    return None
