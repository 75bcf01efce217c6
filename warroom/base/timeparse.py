"""Times as people type them: ``14:03`` (the latest such moment, local time),
``15m`` (ago; also ``-15m``, ``15m ago``), ``1h30m``, ``now``, or an ISO 8601 date and time.

A due time is read the other way, ahead: ``16:00`` is the next such moment, ``2h`` (also
``in 2h``) is from now; the same forms otherwise (``parse_due``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from warroom.base.clock import as_utc
from warroom.base.errors import InvalidInput
from warroom.base.limits import quoted

# Digits are ASCII: "１２:００" or "٣h" is not read as a time (int() would take them, and
# "²" passes str.isdigit() but not int()).
_CLOCK = re.compile(r"^([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$")
_RELATIVE = re.compile(r"^-?\s*((?:[0-9]+\s*[dhms]\s*)+)(?:ago)?$")
_PART = re.compile(r"([0-9]+)\s*([dhms])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
FUTURE_SLIP = timedelta(hours=1)
HINT = "use HH:MM, 15m (ago), 1h30m, now, or 2026-11-25T14:03"
DUE_HINT = "use HH:MM (the next such time), 2h or 3d (from now), or 2026-11-25T17:00"
_DUE_SKEW = timedelta(minutes=1)

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
"""No time a person gives is earlier: an incident before 1970 is a typo (``@99999999m``,
year 1), and year 1 cannot even be shown in a zone west of UTC."""
DUE_AHEAD = timedelta(days=3653)
"""A due time is at most ten years ahead; a later one is a typo (``--due 99999d``)."""
_AHEAD = re.compile(r"^(?:in\s+)?((?:[0-9]+\s*[dhms]\s*)+)$")


def parse_time(text: str, now: datetime, *, field: str = "time") -> datetime:
    """Aware UTC. ``now`` is the injected clock's now."""
    value = text.strip().lower()
    if value == "now":
        return now
    if match := _CLOCK.match(value):
        return _latest_clock_time(match, now, text, field)
    # A bare duration means that long ago: times typed here are for back-dating.
    if match := _RELATIVE.match(value):
        return _moved(now, match.group(1), -1, text, field, HINT)
    return _iso(text, field, HINT)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def require_happened(field: str, moment: datetime, now: datetime, *, slack: timedelta) -> datetime:
    """A time something happened, as any door takes it (the CLI, the console, a scenario):
    not before 1970, not later than ``now`` give or take ``slack`` (clocks disagree)."""
    if moment < EARLIEST:
        raise InvalidInput(field, f"{_stamp(moment)} is before 1970; give a time of this incident")
    if moment > now + slack:
        raise InvalidInput(field, f"{_stamp(moment)} is in the future")
    return moment


def require_due(field: str, moment: datetime, now: datetime) -> datetime:
    """A due time: not more than ten years ahead (nor, like any time, before 1970)."""
    if moment < EARLIEST:
        raise InvalidInput(field, f"{_stamp(moment)} is before 1970; {DUE_HINT}")
    if moment > now + DUE_AHEAD:
        raise InvalidInput(field, f"{_stamp(moment)} is more than ten years ahead; {DUE_HINT}")
    return moment


def _moved(now: datetime, parts: str, sign: int, text: str, field: str, hint: str) -> datetime:
    """``now`` moved by a typed duration; one too large for a date is refused, not raised."""
    try:
        delta = timedelta(**{_UNITS[unit]: int(n) for n, unit in _PART.findall(parts)})
        return now + sign * delta
    except (OverflowError, ValueError):  # ValueError: more digits than int() reads
        raise InvalidInput(field, f"{quoted(text)} is out of the range of dates; {hint}") from None


def _iso(text: str, field: str, hint: str) -> datetime:
    """An ISO 8601 time as aware UTC; one beyond what a date holds (year 1 in a zone east
    of UTC) is refused like any other bad time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(field, f"{quoted(text)} is not a time; {hint}") from None
    if moment.tzinfo is None:
        return _wall_clock(moment, text, field, hint)
    try:
        return as_utc(moment)
    except (OverflowError, ValueError):  # year 1 read in the local zone raises either
        raise InvalidInput(field, f"{quoted(text)} is out of the range of dates; {hint}") from None


def _wall_clock(naive: datetime, text: str, field: str, hint: str) -> datetime:
    """A local wall-clock time as aware UTC, by the zone's rules on that day, not by today's
    offset (01:30 typed at 04:00 on the day summer time began was an hour off). A time the
    clocks skipped is refused: 02:30 never happened that night."""
    try:
        moment = as_utc(naive)
    except (OverflowError, ValueError):  # year 1 read in the local zone raises either
        raise InvalidInput(field, f"{quoted(text)} is out of the range of dates; {hint}") from None
    if moment.astimezone().replace(tzinfo=None) != naive:
        raise InvalidInput(
            field,
            f"{quoted(text)} never happened here: the clocks skipped it when summer time "
            "began; give the time with its offset",
        )
    return moment


def _local_now(now: datetime, field: str) -> datetime:
    """Now in the local zone, which a time of day is read in. A TZ no datetime can hold
    (``UTC+99``) is refused in words, not raised."""
    try:
        return now.astimezone()
    except (OverflowError, ValueError):
        raise InvalidInput(
            field,
            "the local time zone (TZ) is not one a time of day can be read in; set TZ to "
            "a zone like Europe/Berlin, or give the date and time with an offset",
        ) from None


def _latest_clock_time(match: re.Match[str], now: datetime, text: str, field: str) -> datetime:
    """``23:55`` typed at 00:10 means five to midnight yesterday: the latest such moment.

    A time up to an hour ahead is a slip (or a clock that is off), not yesterday: it is
    refused as in the future rather than silently moved a day back.
    """
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidInput(field, f"{quoted(text)} is not a time of day; {HINT}")
    wall = _local_now(now, field).replace(
        tzinfo=None, hour=hour, minute=minute, second=second, microsecond=0
    )
    moment = _wall_clock(wall, text, field, HINT)
    if moment > now + FUTURE_SLIP:
        moment = _wall_clock(wall - timedelta(days=1), text, field, HINT)
    elif moment > now + timedelta(minutes=1):
        raise InvalidInput(field, f"{quoted(text)} is later than now; give a time that has passed")
    return moment


def parse_due(text: str, now: datetime, *, field: str = "due") -> datetime:
    """When something should be done by: aware UTC, now or later.

    The forms of ``parse_time``, read ahead: ``16:00`` is the next such moment (tomorrow
    once today's has passed), ``2h`` or ``in 2h`` is from now. A time that has passed is
    refused rather than read as a deadline already missed.
    """
    value = text.strip().lower()
    if value == "now":
        return now
    if match := _CLOCK.match(value):
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise InvalidInput(field, f"{quoted(text)} is not a time of day; {DUE_HINT}")
        wall = _local_now(now, field).replace(
            tzinfo=None, hour=hour, minute=minute, second=second, microsecond=0
        )
        moment = _wall_clock(wall, text, field, DUE_HINT)
        if moment < now - _DUE_SKEW:  # the current minute is now, not tomorrow
            moment = _wall_clock(wall + timedelta(days=1), text, field, DUE_HINT)
        return moment
    if match := _AHEAD.match(value):
        return require_due(field, _moved(now, match.group(1), 1, text, field, DUE_HINT), now)
    if _RELATIVE.match(value):  # "-15m", "15m ago": a due time lies ahead
        raise InvalidInput(field, f"{quoted(text)} has passed; {DUE_HINT}")
    moment = _iso(text, field, DUE_HINT)
    if moment < now - _DUE_SKEW:
        raise InvalidInput(field, f"{quoted(text)} has passed; {DUE_HINT}")
    return require_due(field, moment, now)
