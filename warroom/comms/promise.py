"""The time a message promises the next update: ``by 01:05``, ``at 14:30``, ``in 30
minutes``, ``within the hour``. What a message promised is what the countdown counts to,
not the cadence a reader never saw."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from warroom.base.clock import as_utc

_CLOCK = re.compile(r"(?<![\d:])([01]?\d|2[0-3])[:h]([0-5]\d)(?![\d:])")
_IN = re.compile(
    r"\b(?:in|within)\s+(?:the\s+next\s+)?(\d+|an?|half an)\s*"
    r"(m|min|mins|minutes?|h|hrs?|hours?)\b",
    re.IGNORECASE,
)
_WITHIN_THE_HOUR = re.compile(r"\bwithin the (next )?hour\b", re.IGNORECASE)


def promised_time(text: str, sent_at: datetime) -> datetime | None:
    """When ``text`` says the next update comes, read at ``sent_at``; None if it names no
    time. A clock time is local and the next such moment after sending (``00:10`` written
    at 23:50 is tomorrow's). A promise beyond what a date holds (``in 999999999999
    minutes``, or a stored time of year 9999) is no time anyone can count down to: None."""
    try:
        return _promised(text, sent_at)
    except (OverflowError, ValueError):
        return None


def _promised(text: str, sent_at: datetime) -> datetime | None:
    if found := _CLOCK.search(text):
        local = sent_at.astimezone()
        moment = local.replace(hour=int(found[1]), minute=int(found[2]), second=0, microsecond=0)
        if moment < local - timedelta(minutes=1):
            moment += timedelta(days=1)
        return as_utc(moment)
    if found := _IN.search(text):
        amount = {"a": 1, "an": 1, "half an": 0.5}.get(found[1].lower())
        count = float(found[1]) if amount is None else amount
        minutes = count * (60 if found[2].lower().startswith("h") else 1)
        return sent_at + timedelta(minutes=minutes)
    if _WITHIN_THE_HOUR.search(text):
        return sent_at + timedelta(hours=1)
    return None
