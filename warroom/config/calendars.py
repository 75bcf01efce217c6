"""A team's on-call schedule from an iCalendar file (``.ics``), as PagerDuty, Opsgenie and
Google Calendar export them.

Each event names the person on call for its span: its SUMMARY, or when that is empty its
first ATTENDEE (the common name, else the address without ``mailto:``). Recurring events
(RRULE, RDATE, EXDATE, moved occurrences) are expanded by recurring-ical-events; the file is
parsed by icalendar. No part of the format is read by hand. An event on whole days runs from
midnight to midnight, and a time without a zone ("floating") is read in the schedule's zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from warroom.base.errors import CatalogError
from warroom.base.textfile import read_bytes, shown
from warroom.config.schedules import Schedule

if TYPE_CHECKING:
    import icalendar

# icalendar and recurring-ical-events are imported when a calendar is read: most catalogs
# have none, and a command started by an alert hook should not pay for them.

__all__ = ["MAX_EVENTS", "attach_calendar", "calendar_spans", "read_calendar"]

MAX_EVENTS = 10_000
"""Occurrences read for one question at most: a rule repeating every minute is not a
rotation, and expanding it must not take the console's time."""


def read_calendar(path: Path) -> icalendar.Calendar:
    """The calendar in ``path``: a regular file of at most 1 MiB holding at least one event."""
    import icalendar
    import recurring_ical_events

    raw = read_bytes(path, "calendar", CatalogError)
    where = f"calendar {shown(path)}"
    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except (ValueError, IndexError, KeyError, TypeError) as err:
        raise CatalogError(f"{where}: not an iCalendar file: {_reason(err)}") from None
    if not isinstance(calendar, icalendar.Calendar):  # several calendars in one file
        raise CatalogError(f"{where}: holds more than one calendar; give one")
    if not calendar.walk("VEVENT"):
        raise CatalogError(f"{where}: has no events (VEVENT); nobody would be on call")
    try:  # a broken rule or time shows now, not in the middle of a page
        recurring_ical_events.of(calendar).at(date(2000, 1, 1))
    except Exception as err:  # the library raises many kinds for a broken file
        raise CatalogError(f"{where}: cannot expand its events: {_reason(err)}") from None
    return calendar


def attach_calendar(schedule: Schedule, calendar: icalendar.Calendar) -> None:
    """Keep the events read from ``schedule.ics`` with the schedule (loading does this)."""
    schedule._calendar = calendar


def calendar_spans(
    schedule: Schedule, start: datetime, end: datetime, zone: ZoneInfo
) -> list[tuple[datetime, datetime, str]]:
    """Who the calendar names between ``start`` and ``end``: (from, to, person), a later-
    starting event first where events overlap. Empty for a schedule built without its file."""
    calendar = schedule._calendar
    if calendar is None:
        return []
    import recurring_ical_events

    spans: list[tuple[datetime, datetime, str]] = []
    occurrences = recurring_ical_events.of(calendar).between(start, end)
    for count, event in enumerate(occurrences):
        if count >= MAX_EVENTS:
            break
        person = _person(event)
        if person is None:
            continue
        begins, ends = _moment(event.start, zone), _moment(event.end, zone)
        if begins < ends:
            spans.append((begins, ends, person))
    spans.sort(key=lambda span: span[0], reverse=True)
    return spans


def _person(event: Any) -> str | None:
    summary = " ".join(str(event.get("SUMMARY", "")).split())
    if summary:
        return summary
    attendees = event.get("ATTENDEE")
    if attendees is None:
        return None
    first = attendees[0] if isinstance(attendees, list) else attendees
    name = str(getattr(first, "params", {}).get("CN", "")).strip()
    return name or str(first).removeprefix("mailto:").removeprefix("MAILTO:").strip() or None


def _moment(value: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):  # a whole day: from its midnight
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def _reason(err: Exception) -> str:
    text = " ".join(str(err).split())[:200]
    return text or type(err).__name__
