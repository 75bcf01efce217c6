"""Stored times in the local zone, for showing: never a crash, whatever the store holds.

Times are refused outside 1970 to now at the door (``timeparse.require_happened``), but a
store written by an older warroom, or by hand, may hold year 1 or year 9999. In a zone west
of UTC year 1 has no local time (nor year 9999 east of it), and ``astimezone()`` raises;
such a time is shown in UTC instead, which says the same moment.
"""

from __future__ import annotations

from datetime import UTC, datetime


def local(moment: datetime) -> datetime:
    """``moment`` in the local zone, or in UTC when the local zone cannot hold it."""
    for zone in (None, UTC):  # None: the local zone
        try:
            return moment.astimezone(zone)
        except (OverflowError, ValueError):
            continue
    return moment  # not even UTC can hold it (year 1 at +05:00): as it was given


def local_text(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M", empty: str = "—") -> str:
    """``moment`` formatted in the local zone (``empty`` for no time): for reports and
    messages."""
    return local(moment).strftime(pattern) if moment is not None else empty
