"""Who is on call (``config.oncall``): rotations, restrictions, overrides and calendars,
across daylight-saving changes and time zones. Pure: a team and a moment in, an answer out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from warroom.config.catalog import Team, load_catalog
from warroom.config.oncall import (
    CALENDAR,
    OVERRIDE,
    ROSTER,
    OnCall,
    on_call,
    person_on_call,
    wall_to_utc,
)

from .conftest import T0
from .test_catalog import VALID, replace_once

BERLIN = ZoneInfo("Europe/Berlin")
PEOPLE = ["ana", "ben", "cem"]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def berlin(*parts: int) -> datetime:
    """A Berlin wall-clock time that exists and is shown once."""
    return wall_to_utc(datetime(*parts), BERLIN)  # type: ignore[misc]


def layer(**fields: Any) -> dict[str, Any]:
    return {
        "participants": PEOPLE,
        "rotation": "1w",
        "handoff": "09:00",
        "start": date(2026, 1, 5),  # a Monday: ana's week, then ben's, then cem's
        **fields,
    }


def team(*layers: dict[str, Any], overrides: tuple[dict[str, Any], ...] = ()) -> Team:
    schedule = {"time_zone": "Europe/Berlin", "layers": list(layers), "overrides": list(overrides)}
    return Team.model_validate(
        {"name": "Platform", "description": "d", "roster": [*PEOPLE, "dan"], "schedule": schedule}
    )


def week_of(day: date) -> str:
    """Whose week it is in the weekly layer that starts on Monday 2026-01-05."""
    return PEOPLE[((day - date(2026, 1, 5)).days // 7) % 3]


# --- rotations ------------------------------------------------------------------------------


def test_a_team_without_a_schedule_has_its_first_name_on_call() -> None:
    plain = Team(name="Ops", description="d", roster=("zoe", "yan"))
    answer = on_call(plain, T0)
    assert (answer.person, answer.source, answer.next, answer.layers) == ("zoe", ROSTER, None, ())
    assert not answer.in_gap


def test_two_in_the_morning_on_a_saturday() -> None:
    # The weekly primary answers at night; the business-hours layer above it does not.
    weekly = team(
        layer(name="Primary"),
        layer(
            name="Day",
            participants=["dan"],
            restrictions=[{"days": WEEKDAYS, "start": "09:00", "end": "17:00"}],
        ),
    )
    saturday = berlin(2026, 11, 28, 2, 0)
    answer = on_call(weekly, saturday)
    assert answer.person == week_of(date(2026, 11, 28)) == "ben"
    assert answer.source == "Primary"
    layers = [(each.name, each.person) for each in answer.layers]
    assert layers == [("Primary", "ben"), ("Day", None)]
    # Next: Monday 09:00, when the week turns and the day layer starts at once.
    assert answer.next is not None
    assert (answer.next.person, answer.next.at) == ("dan", berlin(2026, 11, 30, 9, 0))
    assert answer.layers[0].next is not None and answer.layers[0].next.person == "cem"


def test_each_participant_takes_a_turn_in_order_and_the_turns_repeat() -> None:
    weekly = team(layer())
    mondays = [date(2026, 1, 5) + timedelta(weeks=n) for n in range(7)]
    people = [person_on_call(weekly, berlin(d.year, d.month, d.day, 9, 0)) for d in mondays]
    assert people == ["ana", "ben", "cem", "ana", "ben", "cem", "ana"]
    # A minute before the hand-off it is still last week's person.
    assert person_on_call(weekly, berlin(2026, 1, 12, 8, 59)) == "ana"


def test_before_its_start_a_layer_has_nobody_and_the_roster_answers() -> None:
    answer = on_call(team(layer()), berlin(2026, 1, 5, 8, 0))
    assert (answer.person, answer.source, answer.in_gap) == ("ana", ROSTER, True)
    assert answer.layers[0].person is None
    assert answer.next is not None and answer.next.at == berlin(2026, 1, 5, 9, 0)


def test_a_weekly_hand_off_stays_at_nine_local_across_both_changes() -> None:
    weekly = team(layer())
    # Summer time begins on Sunday 2026-03-29: Monday 09:00 is 08:00 UTC before, 07:00 after.
    before = on_call(weekly, datetime(2026, 3, 25, 12, tzinfo=UTC))
    assert before.next is not None
    assert before.next.at == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert before.next.at - datetime(2026, 3, 23, 8, 0, tzinfo=UTC) == timedelta(hours=167)
    # ... and ends on Sunday 2026-10-25: that week is an hour longer.
    autumn = on_call(weekly, datetime(2026, 10, 21, 12, tzinfo=UTC))
    assert autumn.next is not None
    assert autumn.next.at == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
    assert person_on_call(weekly, datetime(2026, 10, 26, 7, 59, tzinfo=UTC)) == autumn.person


def test_a_hand_off_in_the_hour_that_does_not_exist_happens_when_the_clocks_jump() -> None:
    # Daily at 02:30 Berlin. On 2026-03-29 the clocks go 02:00 -> 03:00: 02:30 never shows.
    daily = team(layer(rotation="1d", handoff="02:30", start=date(2026, 3, 1)))
    jump = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 02:00 CET = 03:00 CEST
    assert wall_to_utc(datetime(2026, 3, 29, 2, 30), BERLIN) == jump
    outgoing = person_on_call(daily, jump - timedelta(seconds=1))
    incoming = person_on_call(daily, jump)
    assert (outgoing, incoming) == (PEOPLE[27 % 3], PEOPLE[28 % 3])
    answer = on_call(daily, datetime(2026, 3, 28, 12, tzinfo=UTC))
    assert answer.next is not None and answer.next.at == jump
    # The shift that began at the jump ends at 02:30 the next night, as usual (00:30 UTC).
    after = on_call(daily, jump)
    assert after.next is not None and after.next.at == datetime(2026, 3, 30, 0, 30, tzinfo=UTC)


def test_a_hand_off_in_the_repeated_autumn_hour_happens_the_first_time() -> None:
    # On 2026-10-25 02:30 Berlin shows twice: 00:30 UTC (summer time) and 01:30 UTC.
    daily = team(layer(rotation="1d", handoff="02:30", start=date(2026, 10, 1)))
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert wall_to_utc(datetime(2026, 10, 25, 2, 30), BERLIN) == first
    outgoing = person_on_call(daily, first - timedelta(seconds=1))
    incoming = person_on_call(daily, first)
    assert outgoing != incoming
    # The second 02:30 is no hand-off: the same person, until 02:30 the next night.
    answer = on_call(daily, first + timedelta(hours=1))
    assert answer.person == incoming
    assert answer.next is not None and answer.next.at == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


def test_a_twelve_hour_rotation_hands_over_at_the_same_wall_clock_times() -> None:
    shifts = team(layer(rotation="12h", handoff="08:00", participants=["ana", "ben"]))
    answer = on_call(shifts, berlin(2026, 3, 28, 21, 0))
    assert answer.next is not None
    assert answer.next.at == berlin(2026, 3, 29, 8, 0)  # 06:00 UTC: the night was 11 hours


def test_a_layer_in_another_zone_hands_over_in_that_zone() -> None:
    tokyo = team(layer(time_zone="Asia/Tokyo"))
    answer = on_call(tokyo, datetime(2026, 11, 29, 23, 59, tzinfo=UTC))  # Mon 08:59 Tokyo
    assert answer.next is not None
    assert answer.next.at == datetime(2026, 11, 30, 0, 0, tzinfo=UTC)  # Mon 09:00 Tokyo


# --- restrictions and layers ----------------------------------------------------------------


def business_hours(**fields: Any) -> dict[str, Any]:
    return layer(
        name="Business hours",
        participants=["dan"],
        restrictions=[{"days": WEEKDAYS, "start": "09:00", "end": "17:00"}],
        **fields,
    )


@pytest.mark.parametrize(
    ("moment", "who", "source"),
    [
        (berlin(2026, 11, 25, 12, 0), "dan", "Business hours"),  # Wednesday noon
        (berlin(2026, 11, 25, 9, 0), "dan", "Business hours"),  # the window opens
        (berlin(2026, 11, 25, 16, 59), "dan", "Business hours"),
        (berlin(2026, 11, 25, 17, 0), "ben", "Primary"),  # the window closes: a gap below
        (berlin(2026, 11, 25, 8, 59), "ben", "Primary"),
        (berlin(2026, 11, 28, 12, 0), "ben", "Primary"),  # Saturday: no window
    ],
)
def test_a_restricted_layer_answers_inside_its_windows_and_lower_layers_fill_the_gaps(
    moment: datetime, who: str, source: str
) -> None:
    answer = on_call(team(layer(name="Primary"), business_hours()), moment)
    assert (answer.person, answer.source) == (who, source)


def test_the_next_change_is_the_window_opening_or_closing() -> None:
    stacked = team(layer(name="Primary"), business_hours())
    evening = on_call(stacked, berlin(2026, 11, 25, 20, 0))
    assert evening.next is not None
    assert (evening.next.person, evening.next.at) == ("dan", berlin(2026, 11, 26, 9, 0))
    (_, day) = evening.layers
    assert day.person is None and day.next is not None and day.next.person == "dan"
    noon = on_call(stacked, berlin(2026, 11, 27, 12, 0))  # Friday: closes, reopens Monday
    assert noon.next is not None
    assert (noon.next.person, noon.next.at) == ("ben", berlin(2026, 11, 27, 17, 0))
    assert noon.layers[1].next is not None and noon.layers[1].next.person is None


def test_a_window_to_midnight_and_one_from_it_make_a_night() -> None:
    nights = layer(
        name="Nights",
        participants=["dan"],
        restrictions=[
            {"start": "22:00", "end": "24:00"},
            {"start": "00:00", "end": "06:00"},
        ],
    )
    stacked = team(layer(name="Primary"), nights)
    assert person_on_call(stacked, berlin(2026, 11, 25, 23, 30)) == "dan"
    assert person_on_call(stacked, berlin(2026, 11, 26, 0, 30)) == "dan"
    assert person_on_call(stacked, berlin(2026, 11, 26, 6, 0)) == "ben"
    # One night, not two windows: the next change after 23:00 is 06:00.
    answer = on_call(stacked, berlin(2026, 11, 25, 23, 0))
    assert answer.next is not None and answer.next.at == berlin(2026, 11, 26, 6, 0)


def test_a_later_layer_beats_an_earlier_one_whenever_it_has_someone() -> None:
    stacked = team(layer(name="Primary"), layer(name="Shadow", participants=["dan", "cem"]))
    answer = on_call(stacked, berlin(2026, 1, 5, 12, 0))
    assert (answer.person, answer.source) == ("dan", "Shadow")
    assert [each.person for each in answer.layers] == ["ana", "dan"]


# --- overrides ------------------------------------------------------------------------------


def test_a_holiday_override_beats_every_layer_and_ends_back_in_the_rotation() -> None:
    christmas = {
        "from": datetime(2026, 12, 24, 9, 0),  # local: read in the schedule's zone
        "to": datetime(2026, 12, 27, 9, 0),
        "person": "eve.from.another.team",
    }
    holiday = team(layer(name="Primary"), business_hours(), overrides=(christmas,))
    answer = on_call(holiday, berlin(2026, 12, 25, 12, 0))  # Friday noon: the day layer too
    assert (answer.person, answer.source) == ("eve.from.another.team", OVERRIDE)
    assert answer.next is not None
    assert answer.next.at == berlin(2026, 12, 27, 9, 0)
    assert answer.next.person == week_of(date(2026, 12, 27))
    # Before it begins, Thursday 08:59: the primary, as the day layer opens only at 09:00.
    assert person_on_call(holiday, berlin(2026, 12, 24, 8, 59)) == week_of(date(2026, 12, 24))


def test_an_override_across_a_hand_off_holds_until_its_end() -> None:
    swap = {
        "from": datetime(2026, 1, 11, 20, 0, tzinfo=UTC),  # Sunday evening, ana's week
        "to": datetime(2026, 1, 13, 9, 0, tzinfo=UTC),  # Tuesday, ben's week
        "person": "cem",
    }
    swapped = team(layer(), overrides=(swap,))
    assert person_on_call(swapped, datetime(2026, 1, 11, 19, 59, tzinfo=UTC)) == "ana"
    monday = on_call(swapped, berlin(2026, 1, 12, 9, 0))
    assert (monday.person, monday.source) == ("cem", OVERRIDE)
    assert monday.layers[0].person == "ben"  # the layer turned underneath
    assert monday.next is not None
    assert (monday.next.person, monday.next.at) == ("ben", datetime(2026, 1, 13, 9, tzinfo=UTC))


def test_of_overlapping_overrides_the_later_one_in_the_file_wins() -> None:
    first = {"from": datetime(2026, 2, 1), "to": datetime(2026, 2, 10), "person": "dan"}
    second = {"from": datetime(2026, 2, 3), "to": datetime(2026, 2, 4), "person": "cem"}
    both = team(layer(), overrides=(first, second))
    assert person_on_call(both, berlin(2026, 2, 2, 12, 0)) == "dan"
    assert person_on_call(both, berlin(2026, 2, 3, 12, 0)) == "cem"
    assert person_on_call(both, berlin(2026, 2, 4, 12, 0)) == "dan"


# --- iCalendar ------------------------------------------------------------------------------

ICS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//warroom tests//EN
BEGIN:VEVENT
UID:rota-ana@example.org
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Berlin:20260302T090000
DTEND;TZID=Europe/Berlin:20260309T090000
RRULE:FREQ=WEEKLY;INTERVAL=2
SUMMARY:ana
END:VEVENT
BEGIN:VEVENT
UID:rota-ben@example.org
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Berlin:20260309T090000
DTEND;TZID=Europe/Berlin:20260316T090000
RRULE:FREQ=WEEKLY;INTERVAL=2
ATTENDEE;CN=ben:mailto:ben@example.org
END:VEVENT
END:VCALENDAR
"""

CALENDAR_TEAM = """\
[teams.schedule]
time_zone = "Europe/Berlin"
ics = "rota.ics"
"""


def calendar_team(tmp_path: Path, extra: str = "", ics: str = ICS) -> Team:
    (tmp_path / "rota.ics").write_text(ics.replace("\n", "\r\n"), encoding="utf-8")
    roster = 'roster = ["ana.silva", "li.wei"]\n'
    text = replace_once(VALID, roster, roster + "\n" + CALENDAR_TEAM + extra)
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    found = load_catalog(path).team("Platform")
    assert found is not None
    return found


def test_a_calendar_with_a_weekly_rule_names_whoever_is_on_call(tmp_path: Path) -> None:
    rota = calendar_team(tmp_path)
    assert person_on_call(rota, berlin(2026, 3, 4, 12, 0)) == "ana"
    assert person_on_call(rota, berlin(2026, 3, 10, 12, 0)) == "ben"  # from the ATTENDEE
    # Weeks later, across the change to summer time, still 09:00 local.
    answer = on_call(rota, berlin(2026, 3, 27, 12, 0))  # ben's week (the 23rd)
    assert (answer.person, answer.source) == ("ben", CALENDAR)
    assert answer.next is not None
    assert (answer.next.person, answer.next.at) == ("ana", datetime(2026, 3, 30, 7, tzinfo=UTC))


def test_before_the_calendar_begins_nobody_is_named_and_the_roster_answers(
    tmp_path: Path,
) -> None:
    answer = on_call(calendar_team(tmp_path), berlin(2026, 2, 1, 12, 0))
    assert (answer.person, answer.in_gap) == ("ana.silva", True)
    assert answer.next is not None and answer.next.at == berlin(2026, 3, 2, 9, 0)


def test_layers_and_overrides_lie_above_the_calendar(tmp_path: Path) -> None:
    extra = """
[[teams.schedule.layers]]
name = "Weekend"
participants = ["li.wei"]
rotation = "1w"
start = 2026-01-05

[[teams.schedule.layers.restrictions]]
days = ["sat", "sun"]
start = "00:00"
end = "24:00"

[[teams.schedule.overrides]]
from = 2026-03-04T00:00:00
to = 2026-03-05T00:00:00
person = "sam.okoro"
"""
    rota = calendar_team(tmp_path, extra)
    assert person_on_call(rota, berlin(2026, 3, 3, 12, 0)) == "ana"
    assert person_on_call(rota, berlin(2026, 3, 4, 12, 0)) == "sam.okoro"
    saturday = on_call(rota, berlin(2026, 3, 7, 2, 0))
    assert (saturday.person, saturday.source) == ("li.wei", "Weekend")
    assert [(each.name, each.person) for each in saturday.layers] == [
        (CALENDAR, "ana"),
        ("Weekend", "li.wei"),
    ]


def test_the_shipped_catalog_has_a_schedule_for_every_team_and_the_first_on_call_at_t0() -> None:
    catalog = load_catalog()
    for each in catalog.teams:
        assert each.schedule is not None, each.name
        answer: OnCall = on_call(each, T0)
        assert answer.person == each.roster[0], each.name
        assert answer.source == "Primary", each.name
        assert answer.next is not None and answer.next.person in each.roster
