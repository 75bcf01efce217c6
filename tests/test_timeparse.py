"""Times as people type them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from warroom.base.errors import InvalidInput
from warroom.base.timeparse import parse_due, parse_time

NOW = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)  # the test zone is UTC (conftest)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("14:03", NOW.replace(minute=3)),
        ("9:05", NOW.replace(hour=9, minute=5)),
        ("14:03:30", NOW.replace(minute=3, second=30)),
        ("23:55", NOW.replace(hour=23, minute=55) - timedelta(days=1)),  # latest such moment
        ("15:31", NOW.replace(hour=15, minute=31) - timedelta(days=1)),  # over an hour ahead
        ("14:31", NOW.replace(minute=31)),  # clock skew: a minute ahead is now
        ("15m", NOW - timedelta(minutes=15)),
        ("-15m", NOW - timedelta(minutes=15)),
        ("1h30m", NOW - timedelta(minutes=90)),
        ("2h ago", NOW - timedelta(hours=2)),
        ("1d", NOW - timedelta(days=1)),
        ("2026-11-25T13:00", datetime(2026, 11, 25, 13, 0, tzinfo=UTC)),
        ("2026-11-25 13:00:05", datetime(2026, 11, 25, 13, 0, 5, tzinfo=UTC)),
        ("2026-11-25T15:00+02:00", datetime(2026, 11, 25, 13, 0, tzinfo=UTC)),
        ("2026-11-25T13:00Z", datetime(2026, 11, 25, 13, 0, tzinfo=UTC)),
    ],
)
def test_accepted(text: str, expected: datetime) -> None:
    assert parse_time(text, NOW) == expected


@pytest.mark.parametrize(
    "text", ["", "yesterday", "25:00", "14:60", "14 oclock", "2026-13-01", "m"]
)
def test_refused_with_a_hint(text: str) -> None:
    with pytest.raises(InvalidInput, match="HH:MM") as caught:
        parse_time(text, NOW, field="at")
    assert caught.value.field == "at"


def test_naive_iso_is_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Europe/Warsaw")
    time.tzset()
    try:
        assert parse_time("2026-11-25T15:00", NOW) == datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
        assert parse_time("15:10", NOW) == datetime(2026, 11, 25, 14, 10, tzinfo=UTC)
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


def test_a_time_just_ahead_is_refused_not_moved_to_yesterday() -> None:
    with pytest.raises(InvalidInput, match="later than now"):
        parse_time("14:40", NOW, field="at")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Read ahead: the next such moment, or that long from now.
        ("16:00", NOW.replace(hour=16, minute=0)),
        ("09:00", NOW.replace(hour=9, minute=0) + timedelta(days=1)),  # today's has passed
        ("14:30", NOW),  # the current minute is now, not tomorrow
        ("2h", NOW + timedelta(hours=2)),
        ("in 1h30m", NOW + timedelta(minutes=90)),
        ("3d", NOW + timedelta(days=3)),
        ("now", NOW),
        ("2026-11-27T17:00", datetime(2026, 11, 27, 17, 0, tzinfo=UTC)),
        ("2026-11-25T17:00+02:00", datetime(2026, 11, 25, 15, 0, tzinfo=UTC)),
    ],
)
def test_due_is_read_ahead(text: str, expected: datetime) -> None:
    assert parse_due(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("15m ago", "has passed"),
        ("-2h", "has passed"),
        ("2026-11-25T13:00", "has passed"),
        ("25:00", "not a time of day"),
        ("tomorrow", "not a time"),
        ("", "not a time"),
    ],
)
def test_due_refused_with_a_hint(text: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says) as caught:
        parse_due(text, NOW)
    assert caught.value.field == "due"
    assert "the next such time" in str(caught.value)


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_time, "0001-01-01T00:00+05:00"),  # year 1, east of UTC: before year 1 in UTC
        (parse_time, "99999999999d"),
        (parse_time, "999999999h ago"),
        (parse_due, "in 99999999999d"),
        (parse_due, "9999-12-31T23:59:59-05:00"),  # past year 9999 in UTC
    ],
)
def test_a_time_beyond_what_a_date_holds_is_refused_not_raised(parse: object, text: str) -> None:
    with pytest.raises(InvalidInput, match="out of the range of dates"):
        parse(text, NOW)  # type: ignore[operator]


# --- the day the clocks change (Europe/Berlin: 02:00 CET became 03:00 CEST on 2026-03-29) -----


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


SPRING_0400 = datetime(2026, 3, 29, 2, 0, tzinfo=UTC)  # 04:00 CEST


def test_a_time_before_the_change_is_read_by_that_hours_offset(berlin: None) -> None:
    """01:30 typed at 04:00 that morning was 01:30 CET, not 01:30 at today's +02:00."""
    assert parse_time("01:30", SPRING_0400) == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert parse_time("03:30", SPRING_0400) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["02:30", "2026-03-29T02:30", "2026-03-29 02:59"])
def test_a_time_the_clocks_skipped_is_refused(berlin: None, text: str) -> None:
    with pytest.raises(InvalidInput, match="never happened here: the clocks skipped it"):
        parse_time(text, SPRING_0400)


def test_the_hour_that_happens_twice_is_read_as_the_first(berlin: None) -> None:
    """02:30 on 2026-10-25 happens at +02:00 and again at +01:00: the first is taken."""
    now = datetime(2026, 10, 25, 3, 0, tzinfo=UTC)  # 04:00 CET
    assert parse_time("2026-10-25T02:30", now) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_a_due_time_across_the_change(berlin: None) -> None:
    """03:30 due, set at midnight CET: three and a half hours of wall clock, 2.5 h of time."""
    midnight = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert parse_due("03:30", midnight) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="never happened here"):
        parse_due("02:30", midnight)
