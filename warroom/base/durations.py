"""Lengths of time as the console and the command line show them."""

from __future__ import annotations

from datetime import timedelta


def format_duration(delta: timedelta) -> str:
    """Compact, e.g. ``1h 05m``, ``12m 30s``, ``3d 4h``."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours}h"
    if hours:
        return f"{sign}{hours}h {minutes:02d}m"
    return f"{sign}{minutes}m {secs:02d}s"


def duration_or_dash(delta: timedelta | None) -> str:
    """A metric that may not be known yet: ``—`` when it is not, and zero is a value
    (``0m 00s``: detected the moment the impact started)."""
    return "—" if delta is None else format_duration(delta)


def short_duration(delta: timedelta) -> str:
    """For narrow columns: ``45s``, ``37m``, ``1h05``, ``3d4h``."""
    seconds = max(int(delta.total_seconds()), 0)
    if seconds < 60:
        return f"{seconds}s"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if minutes < 60:
        return f"{minutes}m"
    if hours < 24:
        return f"{hours}h{minutes % 60:02d}"
    return f"{days}d{hours % 24}h"
