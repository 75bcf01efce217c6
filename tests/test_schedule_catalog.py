"""Schedules in the catalog are checked like the rest: each refusal one line naming the
file, the line and the field; a team's calendar file is read when the catalog is."""

from __future__ import annotations

from pathlib import Path

import pytest

from warroom.config.catalog import load_catalog

from .test_catalog import VALID, line_of, load_error, replace_once

ROSTER = 'roster = ["ana.silva", "li.wei"]'
SCHEDULE = """
[teams.schedule]
time_zone = "Europe/Berlin"

[[teams.schedule.layers]]
participants = ["ana.silva", "li.wei"]
rotation = "1w"
handoff = "09:00"
start = 2026-01-05

[[teams.schedule.layers.restrictions]]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "17:00"

[[teams.schedule.overrides]]
from = 2026-12-24T09:00:00
to = 2026-12-27T09:00:00+01:00
person = "sam.okoro"
"""
WITH_SCHEDULE = replace_once(VALID, ROSTER, ROSTER + "\n" + SCHEDULE)
FIELD = "teams[0].schedule"


def test_a_schedule_loads(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text(WITH_SCHEDULE, encoding="utf-8")
    team = load_catalog(path).team("platform")
    assert team is not None and team.schedule is not None
    (layer,) = team.schedule.layers
    assert layer.participants == ("ana.silva", "li.wei")
    assert layer.restrictions[0].days == ("mon", "tue", "wed", "thu", "fri")


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        (
            'time_zone = "Europe/Berlin"',
            'time_zone = "Europe/Berlni"',
            f"{FIELD}.time_zone",
            "unknown time zone 'Europe/Berlni'",
        ),
        (
            'handoff = "09:00"',
            'handoff = "09:00"\ntime_zone = "../../etc/passwd"',
            f"{FIELD}.layers[0].time_zone",
            "unknown time zone",
        ),
        ('rotation = "1w"', 'rotation = "weekly"', f"{FIELD}.layers[0].rotation", "12h, 1d, 1w"),
        ('rotation = "1w"', 'rotation = "0d"', f"{FIELD}.layers[0].rotation", "at least 1h"),
        ('rotation = "1w"', 'rotation = "99w"', f"{FIELD}.layers[0].rotation", "at most 52w"),
        (
            'participants = ["ana.silva", "li.wei"]',
            "participants = []",
            f"{FIELD}.layers[0].participants",
            "at least 1",
        ),
        (
            'participants = ["ana.silva", "li.wei"]',
            'participants = ["ana.silva", "li.wie"]',
            f"{FIELD}.layers[0].participants[1]",
            "'li.wie' is not in the team's roster",
        ),
        ('handoff = "09:00"', 'handoff = "9am"', f"{FIELD}.layers[0].handoff", "HH:MM"),
        ('handoff = "09:00"', 'handoff = "24:00"', f"{FIELD}.layers[0].handoff", "00:00"),
        ('end = "17:00"', 'end = "08:00"', f"{FIELD}.layers[0].restrictions[0].end", "later than"),
        ('end = "17:00"', 'end = "25:00"', f"{FIELD}.layers[0].restrictions[0].end", "HH:MM"),
        (
            'days = ["mon", "tue", "wed", "thu", "fri"]',
            'days = ["monday"]',
            f"{FIELD}.layers[0].restrictions[0].days[0]",
            "'mon'",
        ),
        (
            "to = 2026-12-27T09:00:00+01:00",
            "to = 2026-12-20T09:00:00+01:00",
            f"{FIELD}.overrides[0].to",
            "must be later than 'from'",
        ),
        (
            'person = "sam.okoro"',
            'person = "sam.okoro"\nnote = "covering for Ana"',
            f"{FIELD}.overrides[0].note",
            "Extra inputs",
        ),
        ("start = 2026-01-05", "start = 1066-10-14", f"{FIELD}.layers[0].start", "from 1970"),
    ],
)
def test_a_mistake_in_a_schedule_is_refused_naming_file_line_and_field(
    tmp_path: Path, old: str, new: str, field: str, words: str
) -> None:
    text = replace_once(WITH_SCHEDULE, old, new)
    path, message = load_error(tmp_path, text)
    line = line_of(text, new.splitlines()[-1])
    assert message.startswith(f"catalog {path}, line {line}, field {field}: "), message
    assert words in message


def test_local_override_times_are_compared_in_the_schedules_zone(tmp_path: Path) -> None:
    # 09:30 at +03:00 is 06:30 UTC, before 09:00 in Berlin (08:00 UTC), though 09:30 > 09:00.
    new = "to = 2026-12-24T09:30:00+03:00"
    text = replace_once(WITH_SCHEDULE, "to = 2026-12-27T09:00:00+01:00", new)
    path, message = load_error(tmp_path, text)
    line = line_of(text, new)
    assert message == (
        f"catalog {path}, line {line}, field {FIELD}.overrides[0].to: "
        "must be later than 'from' (in Europe/Berlin)"
    )


def test_a_schedule_with_neither_layers_nor_calendar_is_refused(tmp_path: Path) -> None:
    text = replace_once(VALID, ROSTER, ROSTER + '\n[teams.schedule]\ntime_zone = "UTC"\n')
    path, message = load_error(tmp_path, text)
    line = line_of(text, "[teams.schedule]")
    assert message.startswith(f"catalog {path}, line {line}, field {FIELD}: ")
    assert "at least one [[layers]] entry or an ics file" in message


CALENDAR = '\n[teams.schedule]\ntime_zone = "UTC"\nics = "rota.ics"\n'


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "cannot read: No such file or directory"),
        ("this is not a calendar\n", "not an iCalendar file"),
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "has no events"),
        (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101T090000Z\r\n"
            "DTEND:20260102T090000Z\r\nRRULE:FREQ=SOMETIMES\r\nSUMMARY:ana\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n",
            "calendar",
        ),
    ],
)
def test_a_calendar_that_cannot_be_read_is_refused_with_the_catalog(
    tmp_path: Path, content: str | None, words: str
) -> None:
    if content is not None:
        (tmp_path / "rota.ics").write_text(content, encoding="utf-8")
    text = replace_once(VALID, ROSTER, ROSTER + "\n" + CALENDAR)
    path, message = load_error(tmp_path, text)
    line = line_of(text, 'ics = "rota.ics"')
    assert message.startswith(f"catalog {path}, line {line}, field {FIELD}.ics: calendar "), message
    assert str(tmp_path / "rota.ics") in message
    assert words in message


def test_a_calendar_larger_than_warroom_reads_is_refused(tmp_path: Path) -> None:
    (tmp_path / "rota.ics").write_bytes(b"X" * (1024 * 1024 + 1))
    text = replace_once(VALID, ROSTER, ROSTER + "\n" + CALENDAR)
    _, message = load_error(tmp_path, text)
    assert "larger than 1 MiB" in message
