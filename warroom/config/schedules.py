"""On-call schedules as the catalog writes them: layers, restrictions and overrides.

A team's ``[teams.schedule]`` (see docs/catalog.md, "Schedules") has a time zone, one or more
layers that rotate through people, optional overrides for holidays and swaps, and optionally
an iCalendar file. The models here only check what each entry says on its own; what spans
entries (participants in the team's roster) is checked by the catalog, and who is on call
when is worked out by ``config.oncall``.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictStr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

__all__ = [
    "MAX_ROTATION",
    "WEEKDAYS",
    "Layer",
    "Override",
    "Restriction",
    "Schedule",
    "as_utc_in",
    "parse_rotation",
    "wall_to_utc",
    "zone_named",
]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Days as restrictions name them, in ``date.weekday()`` order."""

MAX_ROTATION = timedelta(weeks=52)
"""The longest shift: a year. A longer one is a typo (``1000w``)."""

_EARLIEST, _LATEST = 1970, 2200  # years: beyond them a date is a typo (and may overflow)
_ROTATION = re.compile(r"^([0-9]{1,4})\s*([hdw])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}
_CLOCK = re.compile(r"^([0-9]{2}):([0-9]{2})$")

Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]


def parse_rotation(text: str) -> timedelta:
    """``12h``, ``1d``, ``2w``: the length of one shift, in whole hours, days or weeks."""
    match = _ROTATION.match(text.strip().lower())
    if match is None:
        raise ValueError(
            f"{text!r} is not a rotation length; use hours, days or weeks: 12h, 1d, 1w"
        )
    length = timedelta(**{_UNITS[match[2]]: int(match[1])})
    if not timedelta(hours=1) <= length <= MAX_ROTATION:
        raise ValueError(f"{text!r}: a rotation is at least 1h and at most 52w")
    return length


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (``Europe/Berlin``); ValueError in words for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # ValueError: "../x", an absolute path
        raise ValueError(
            f"unknown time zone {name!r}; give an IANA name like 'Europe/Berlin' or 'UTC'"
        ) from None


def _zone(value: str) -> str:
    zone_named(value)
    return value


def _rotation(value: str) -> str:
    parse_rotation(value)
    return value


def _clock(value: Any) -> Any:
    """``"09:00"`` (or a TOML time ``09:00:00``); ``"24:00"`` is the end of the day."""
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not (match := _CLOCK.match(value.strip())):
        raise ValueError(f"{value!r} is not a time of day; use HH:MM, like '09:00'")
    hour, minute = int(match[1]), int(match[2])
    if (hour, minute) == (24, 0):
        return time.max  # the end of the day: the window runs to midnight
    if hour > 23 or minute > 59:
        raise ValueError(f"{value!r} is not a time of day; use HH:MM from 00:00 to 23:59")
    return time(hour, minute)


Zone = Annotated[Text, AfterValidator(_zone)]
Rotation = Annotated[Text, AfterValidator(_rotation)]
ClockTime = Annotated[time, BeforeValidator(_clock)]


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Restriction(_Entry):
    """A window the layer is in effect: on ``days``, from ``start`` to ``end`` (its zone)."""

    days: tuple[Weekday, ...] = Field(default=WEEKDAYS, min_length=1)
    start: ClockTime
    end: ClockTime

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: time, info: ValidationInfo) -> time:
        start = info.data.get("start")
        if start is not None and value <= start:
            raise ValueError(
                "must be later than start on the same day; for a night window give two "
                "restrictions (e.g. 22:00-24:00 and 00:00-06:00)"
            )
        return value


class Layer(_Entry):
    """People taking turns: ``participants`` in order, one ``rotation`` each, handing over at
    ``handoff`` (wall-clock time in ``time_zone``) from ``start`` on."""

    name: Text | None = None
    participants: tuple[Text, ...] = Field(min_length=1)
    rotation: Rotation
    handoff: ClockTime = time(9, 0)
    time_zone: Zone | None = None  # the schedule's when not given
    start: date
    restrictions: tuple[Restriction, ...] = ()

    @field_validator("handoff")
    @classmethod
    def _handoff_in_day(cls, value: time) -> time:
        if value == time.max:
            raise ValueError("'24:00' is no hand-off time; use '00:00' of the next day")
        return value

    @field_validator("start")
    @classmethod
    def _start_in_range(cls, value: date) -> date:
        if not _EARLIEST <= value.year <= _LATEST:
            raise ValueError(f"give a start date from {_EARLIEST} to {_LATEST}, not {value}")
        return value

    @property
    def length(self) -> timedelta:
        return parse_rotation(self.rotation)


class Override(_Entry):
    """``person`` is on call from ``from`` until ``to``, whatever the layers say.

    Times are TOML date-times: with an offset (``2026-12-24T09:00:00+01:00``), or local
    (``2026-12-24T09:00:00``), read in the schedule's time zone. The person may be anyone,
    not only the team's roster: a holiday is often covered from another team."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    start: datetime = Field(alias="from")
    end: datetime = Field(alias="to")
    person: Text

    @field_validator("start", "end")
    @classmethod
    def _in_range(cls, value: datetime) -> datetime:
        if not _EARLIEST <= value.year <= _LATEST:
            raise ValueError(f"give a time from {_EARLIEST} to {_LATEST}, not {value}")
        return value

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: datetime, info: ValidationInfo) -> datetime:
        # One local and one with an offset: compared in the schedule's zone, by the catalog.
        start = info.data.get("start")
        if not isinstance(start, datetime):  # 'from' was refused itself
            return value
        if (start.tzinfo is None) == (value.tzinfo is None) and value <= start:
            raise ValueError("must be later than 'from'")
        return value


class Schedule(_Entry):
    """A team's on-call schedule. Precedence, as PagerDuty's: an override beats every layer;
    a later layer beats an earlier one whenever it has someone on call; where a layer's
    restrictions leave a gap, the layers below fill it. The calendar (``ics``) lies below
    every layer."""

    time_zone: Zone
    ics: Text | None = None
    layers: tuple[Layer, ...] = ()
    overrides: tuple[Override, ...] = ()
    # The events of ``ics``, read by ``config.calendars`` when the catalog is loaded.
    _calendar: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _someone(self) -> Self:
        if not self.layers and self.ics is None:
            raise ValueError("a schedule needs at least one [[layers]] entry or an ics file")
        return self

    def zone_of(self, layer: Layer) -> ZoneInfo:
        return zone_named(layer.time_zone or self.time_zone)

    def override_span(self, override: Override) -> tuple[datetime, datetime]:
        """An override's from and to in UTC; local times are the schedule's zone's."""
        zone = zone_named(self.time_zone)
        return as_utc_in(override.start, zone), as_utc_in(override.end, zone)


def as_utc_in(moment: datetime, zone: ZoneInfo) -> datetime:
    """``moment`` in UTC; a naive one is a wall-clock time in ``zone`` (``wall_to_utc``)."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else wall_to_utc(moment, zone)


def wall_to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    """The moment the clocks in ``zone`` show ``wall`` (naive), in UTC.

    Shown twice (autumn): the first time. Never shown (spring): the moment the clocks jump
    over it, i.e. the first moment they show a later time (02:30 → 03:00 local)."""
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if _wall(first, zone) == wall:
        return first
    # In a gap, fold=1 reads the wall time with the offset after the jump: a moment before
    # it, whose clock shows less than ``wall``; fold=0 a moment after it. Search between.
    low, high = sorted((wall.replace(tzinfo=zone, fold=1).astimezone(UTC), first))
    lo, hi = 0, math.ceil((high - low).total_seconds())
    while lo < hi:
        mid = (lo + hi) // 2
        if _wall(low + timedelta(seconds=mid), zone) >= wall:
            hi = mid
        else:
            lo = mid + 1
    return low + timedelta(seconds=lo)


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)
