"""Durations as scenarios write them: ``9m``, ``15m30s``, ``3h40m``, ``2d``; ``-46m`` is before."""

from __future__ import annotations

import re
from datetime import timedelta

# Units largest first, each at most once, no spaces: one way to write a duration, easy to scan.
_DURATION = re.compile(r"(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?")
EXAMPLES = "9m, 15m30s, 3h40m or 2d"


class TooLong(ValueError):
    """Well written, but longer than a time can hold."""


def parse_duration(text: str) -> timedelta:
    """A length of time; ``ValueError`` names what is wrong."""
    match = _DURATION.fullmatch(text)
    if not text or match is None:
        raise ValueError(f"{text!r} is not a duration; write it like {EXAMPLES}")
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    try:
        return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        raise TooLong(f"{text!r} is longer than a duration can be") from None


def parse_offset(text: str) -> timedelta:
    """A duration with an optional sign: ``-3m`` is three minutes before, ``+3m`` after."""
    sign, rest = (-1, text[1:]) if text.startswith("-") else (1, text.removeprefix("+"))
    try:
        return sign * parse_duration(rest)
    except TooLong:
        raise
    except ValueError:
        raise ValueError(f"{text!r} is not a duration; write it like {EXAMPLES}, or -46m") from None


def format_offset(delta: timedelta) -> str:
    """The shortest written form, the inverse of ``parse_offset``: ``-1d2h``, ``15m30s``, ``0s``."""
    sign = "-" if delta < timedelta(0) else ""
    seconds = int(abs(delta).total_seconds())
    parts = [(seconds // 86400, "d"), (seconds // 3600 % 24, "h"), (seconds // 60 % 60, "m")]
    parts.append((seconds % 60, "s"))
    written = "".join(f"{amount}{unit}" for amount, unit in parts if amount)
    return sign + (written or "0s")
