"""The checks every write makes of what a person gave, before the store is touched: text that
is there and within its limit, a name within its limit, a time that has happened.

Nothing here knows the store, so the command line's direct path (``cli/direct.py``)
runs the very same checks without loading the ORM.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from warroom.base import limits
from warroom.base.errors import InvalidInput, NotFound
from warroom.base.limits import within
from warroom.base.timeparse import require_happened

# Clocks on two machines disagree a little; "in the future" means beyond this.
CLOCK_SKEW = timedelta(minutes=1)


def require_text(field: str, value: str, *, limit: int) -> str:
    """Refuse empty or blank text, or text over ``limit`` bytes (``base.limits``); keep what
    was given exactly as given."""
    within(field, value, limit)  # first: a gigabyte is refused before it is copied
    if not value or not value.strip():
        raise InvalidInput(field, "must not be empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(field, "is not valid UTF-8 text") from None
    return value


def require_name(field: str, value: str) -> str:
    """Who did it (``by``), or a name to look up: at most ``limits.NAME`` bytes."""
    return within(field, value, limits.NAME)


def require_past(field: str, moment: datetime, now: datetime) -> datetime:
    """A time something happened: since 1970 and not in the future (``base.timeparse``)."""
    return require_happened(field, moment, now, slack=CLOCK_SKEW)


def normalise_key(key: str) -> str:
    """An incident's key as stored: ``hot-1 `` is HOT-1."""
    return key.strip().upper()


def no_such_incident(key: str) -> NotFound:
    wanted = normalise_key(key)
    return NotFound(f"no incident {wanted or repr(key)}")


def check_times(
    impact_started_at: datetime | None,
    detected_at: datetime | None,
    impact_ended_at: datetime | None,
    now: datetime,
    *,
    declared_at: datetime | None = None,
) -> None:
    """The three handbook timestamps: each since 1970 and none in the future; the impact
    starts before it is detected, and ends after it started, after it was detected and
    after the incident was declared (a resolution cannot come before its incident).

    Every service that sets one of them passes here, so the console's times and resolve
    dialogs, the command line and scenarios keep the same order.
    """
    for name, moment in (
        ("impact started", impact_started_at),
        ("detected", detected_at),
        ("impact ended", impact_ended_at),
    ):
        if moment is not None:
            require_past(name, moment, now)
    if impact_started_at and detected_at and detected_at < impact_started_at:
        raise InvalidInput("detected", "cannot be before the impact started")
    if impact_ended_at is None:
        return
    for earlier, name in (
        (impact_started_at, "the impact started"),
        (detected_at, "it was detected"),
        (declared_at, "the incident was declared"),
    ):
        if earlier is not None and impact_ended_at < earlier:
            raise InvalidInput(
                "impact ended", f"{_stamp(impact_ended_at)} is before {name} ({_stamp(earlier)})"
            )


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")
