"""Escalation policies and people's addresses in the catalog: the shipped policies, the walk
of a policy (``config.escalation``) at a moment, the default for a team without one, and
every refusal naming the file, the line and the field."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from warroom.base.errors import CatalogError
from warroom.config.catalog import IMOC_TEAM, Catalog, Person, load_catalog
from warroom.config.escalation import EscalationStep, escalation_step
from warroom.config.oncall import person_on_call, wall_to_utc
from warroom.config.policies import EscalationPolicy, PolicyLevel, default_policy

from .test_catalog import VALID, line_of, load_error, replace_once

BERLIN = ZoneInfo("Europe/Berlin")
SATURDAY_2AM = wall_to_utc(datetime(2026, 11, 28, 2, 0), BERLIN)
MONDAY_10AM = wall_to_utc(datetime(2026, 11, 30, 10, 0), BERLIN)

# Platform: Ana at nights and weekends, Li in office hours; the IMOC team has no schedule
# (Sam, the first of its roster, is always on call) and no policy of its own.
ROSTER = 'roster = ["ana.silva", "li.wei"]'
PLATFORM = """
escalation_policy = "Platform escalation"

[teams.schedule]
time_zone = "Europe/Berlin"

[[teams.schedule.layers]]
name = "Nights and weekends"
participants = ["ana.silva"]
rotation = "1w"
start = 2026-01-05

[[teams.schedule.layers]]
name = "Office hours"
participants = ["li.wei"]
rotation = "1w"
start = 2026-01-05

[[teams.schedule.layers.restrictions]]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "17:00"
"""
STANDBY = """
[[escalation_policies]]
name = "Standby"

[[escalation_policies.levels]]
people = ["eva.berg"]
timeout_minutes = 5
"""
POLICIES = (
    """
[[escalation_policies]]
name = "Platform escalation"
description = "Platform on-call, then Li with them, then the IMOC"
repeat = 1

[[escalation_policies.levels]]
schedules = ["Platform"]
timeout_minutes = 10

[[escalation_policies.levels]]
schedules = ["platform"]
people = ["LI.WEI"]
timeout_minutes = 15

[[escalation_policies.levels]]
schedules = ["Major Incident Managers"]
people = ["nadia.kovacs"]
timeout_minutes = 20
"""
    + STANDBY
    + """
[[people]]
name = "ana.silva"
email = "ana.silva@example.com"

[[people]]
name = "li.wei"
email = "li.wei@example.com"

[[people]]
name = "nadia.kovacs"
email = "nadia.kovacs@example.com"
"""
)
WITH_POLICIES = replace_once(VALID, ROSTER, ROSTER + PLATFORM) + POLICIES


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog()


@pytest.fixture
def small(tmp_path: Path) -> Catalog:
    path = tmp_path / "catalog.toml"
    path.write_text(WITH_POLICIES, encoding="utf-8")
    return load_catalog(path)


def walk(catalog: Catalog, policy: EscalationPolicy, at: datetime) -> list[EscalationStep]:
    """Every step of ``policy``, each paged at ``at``."""
    steps = []
    while (step := escalation_step(catalog, policy, len(steps), at)) is not None:
        steps.append(step)
    return steps


# --- the shipped catalog -------------------------------------------------------------------


def test_every_shipped_team_names_a_policy_and_its_walk_reaches_someone_at_every_step(
    shipped: Catalog,
) -> None:
    for team in shipped.teams:
        assert team.escalation_policy is not None, team.name
        policy = shipped.policy_for(team)
        assert policy is shipped.policy(team.escalation_policy)
        steps = walk(shipped, policy, SATURDAY_2AM)
        assert len(steps) == len(policy.levels) * (policy.repeat + 1) == policy.steps
        assert [s.number for s in steps] == list(range(len(steps)))
        assert [s.last for s in steps] == [False] * (len(steps) - 1) + [True]
        for step in steps:
            assert step.people, (team.name, step)
            assert all(shipped.email_of(person) for person in step.people), step


def test_shipped_team_policies_page_the_team_then_a_senior_engineer_then_the_imoc(
    shipped: Catalog,
) -> None:
    for team in shipped.teams:
        if team.name == IMOC_TEAM:
            continue
        first, second, third = shipped.policy_for(team).levels
        assert first.schedules == second.schedules == (team.name,)
        assert first.people == () and len(second.people) == 1
        assert second.people[0] in team.roster
        assert third.schedules == (IMOC_TEAM,)
        assert all(1 <= level.timeout_minutes <= 20 for level in (first, second, third))
        assert 1 <= shipped.policy_for(team).repeat <= 2


def test_the_shipped_imoc_policy_pages_the_rotation_then_the_head_of_incident_management(
    shipped: Catalog,
) -> None:
    imoc = shipped.imoc
    assert imoc is not None
    policy = shipped.policy_for(imoc)
    assert policy.name == "IMOC escalation"
    assert [(level.schedules, level.timeout_minutes) for level in policy.levels] == [
        ((IMOC_TEAM,), 5),
        ((), 10),
    ]
    (head,) = policy.levels[1].people
    assert all(head not in team.roster for team in shipped.teams)
    assert shipped.email_of(head) == f"{head}@example.com"
    assert policy.repeat == 2


def test_everyone_in_the_shipped_catalog_has_an_example_com_address(shipped: Catalog) -> None:
    names = {person for team in shipped.teams for person in team.roster}
    for team in shipped.teams:
        if team.schedule is not None:
            names |= {override.person for override in team.schedule.overrides}
    for policy in shipped.escalation_policies:
        names |= {person for level in policy.levels for person in level.people}
    for name in names:
        assert shipped.email_of(name) == f"{name}@example.com", name


def test_a_shipped_policy_pages_whoever_is_on_call_at_the_moment(shipped: Catalog) -> None:
    # Cloud Infrastructure: the weekly primary (Amsterdam) at night, the Americas
    # business-hours layer on a Monday morning in Los Angeles.
    team = shipped.known_team("Cloud Infrastructure")
    policy = shipped.policy_for(team)
    night = wall_to_utc(datetime(2026, 11, 28, 2, 0), ZoneInfo("Europe/Amsterdam"))
    morning = wall_to_utc(datetime(2026, 11, 30, 10, 0), ZoneInfo("America/Los_Angeles"))
    at_night = walk(shipped, policy, night)
    in_the_morning = walk(shipped, policy, morning)
    assert at_night[0].people == ("viktor.petrov",)
    assert at_night[1].people == ("viktor.petrov",)  # on call and the senior engineer: once
    assert in_the_morning[0].people == ("isabel.costa",)
    assert in_the_morning[1].people == ("isabel.costa", "viktor.petrov")
    imoc = shipped.known_team(IMOC_TEAM)
    assert at_night[2].people == (person_on_call(imoc, night),)


# --- the walk ------------------------------------------------------------------------------


def test_the_walk_goes_through_every_level_then_round_again_then_stops(small: Catalog) -> None:
    policy = small.policy("platform ESCALATION")
    assert policy is not None
    steps = walk(small, policy, SATURDAY_2AM)
    minutes = timedelta(minutes=1)
    assert steps == [
        EscalationStep(0, 1, 1, ("ana.silva",), 10 * minutes, 6),
        EscalationStep(1, 2, 1, ("ana.silva", "LI.WEI"), 15 * minutes, 6),
        EscalationStep(2, 3, 1, ("sam.okoro", "nadia.kovacs"), 20 * minutes, 6),
        EscalationStep(3, 1, 2, ("ana.silva",), 10 * minutes, 6),
        EscalationStep(4, 2, 2, ("ana.silva", "LI.WEI"), 15 * minutes, 6),
        EscalationStep(5, 3, 2, ("sam.okoro", "nadia.kovacs"), 20 * minutes, 6),
    ]
    assert [step.last for step in steps] == [False] * 5 + [True]
    assert escalation_step(small, policy, 6, SATURDAY_2AM) is None
    assert escalation_step(small, policy, 10**6, SATURDAY_2AM) is None


def test_the_people_of_a_step_are_those_on_call_when_it_is_paged(small: Catalog) -> None:
    policy = small.policy_for(small.known_team("Platform"))
    saturday = escalation_step(small, policy, 0, SATURDAY_2AM)
    monday = escalation_step(small, policy, 0, MONDAY_10AM)
    assert saturday is not None and monday is not None
    assert (saturday.people, monday.people) == (("ana.silva",), ("li.wei",))


def test_someone_named_twice_at_a_level_is_paged_once_case_aside(small: Catalog) -> None:
    # Level 2: Platform's on-call, and LI.WEI, who is on call on Monday morning.
    policy = small.policy_for(small.known_team("Platform"))
    step = escalation_step(small, policy, 1, MONDAY_10AM)
    assert step is not None
    assert step.people == ("li.wei",)


def test_schedules_are_paged_before_people_in_the_order_written(small: Catalog) -> None:
    level = PolicyLevel(
        timeout_minutes=5,
        schedules=("Major Incident Managers", "Platform", "platform"),
        people=("nadia.kovacs", "ANA.SILVA", "eva.berg"),
    )
    policy = EscalationPolicy(name="Everyone", levels=(level,))
    step = escalation_step(small, policy, 0, SATURDAY_2AM)
    assert step is not None
    assert step.people == ("sam.okoro", "ana.silva", "nadia.kovacs", "eva.berg")
    assert step.last


def test_steps_are_numbered_from_zero(small: Catalog) -> None:
    policy = small.policy_for(small.known_team("Platform"))
    with pytest.raises(ValueError, match="from 0, not -1"):
        escalation_step(small, policy, -1, SATURDAY_2AM)


# --- a team without a policy ---------------------------------------------------------------


def test_a_team_without_a_policy_pages_its_on_call_once_for_thirty_minutes(
    small: Catalog,
) -> None:
    imoc = small.known_team(IMOC_TEAM)
    assert imoc.escalation_policy is None
    policy = small.policy_for(imoc)
    assert policy == default_policy(imoc)
    assert policy.name == IMOC_TEAM
    assert policy.levels == (PolicyLevel(timeout_minutes=30, schedules=(IMOC_TEAM,)),)
    assert policy.repeat == 0
    assert walk(small, policy, SATURDAY_2AM) == [
        EscalationStep(0, 1, 1, ("sam.okoro",), timedelta(minutes=30), 1)
    ]


def test_a_catalog_without_policies_or_people_loads_and_pages_by_default(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text(VALID, encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.escalation_policies == () and catalog.people == ()
    platform = catalog.known_team("Platform")
    assert catalog.policy_for(platform) == default_policy(platform)
    assert catalog.email_of("ana.silva") is None


# --- lookups -------------------------------------------------------------------------------


def test_policies_and_addresses_are_looked_up_case_aside(small: Catalog) -> None:
    policy = small.policy(" STANDBY ")
    assert policy is not None and policy.name == "Standby"
    assert small.policy("Nope") is None
    assert small.email_of("Li.Wei") == "li.wei@example.com"
    assert small.email_of("eva.berg") is None  # in a roster, with no address
    assert small.email_of("nobody") is None


def test_a_policy_without_a_description_or_repeat_has_defaults(small: Catalog) -> None:
    standby = small.policy("Standby")
    assert standby is not None
    assert (standby.description, standby.repeat, standby.rounds, standby.steps) == (None, 0, 1, 1)


def test_an_address_is_one_bare_email_address() -> None:
    assert Person(name="ana", email="ana@example.com").email == "ana@example.com"
    for wrong in ("ana", "Ana <ana@example.com>", "a@b@example.com", "ana@example..com", ""):
        with pytest.raises(ValidationError):
            Person(name="ana", email=wrong)


def test_a_catalog_with_policies_and_people_survives_a_round_trip(small: Catalog) -> None:
    assert Catalog.model_validate(small.model_dump()) == small
    assert Catalog.model_validate(small.model_dump(exclude_defaults=True)) == small


def test_an_inconsistent_policy_built_in_code_is_refused(small: Catalog) -> None:
    data = small.model_dump()
    data["escalation_policies"][0]["levels"][0]["schedules"] = ["Nobody"]
    with pytest.raises(
        CatalogError,
        match=r"field escalation_policies\[0\]\.levels\[0\]\.schedules\[0\]: unknown team 'Nobody'",
    ):
        Catalog.model_validate(data)


# --- refusals: each names the file, the exact line and the field ----------------------------

POLICY = "escalation_policies[0]"
LEVEL = "escalation_policies[1].levels[0]"  # Standby's one level


def _standby(levels: str, *expected: str) -> tuple[str, ...]:
    """Standby's level table replaced by ``levels``: (old, new, *expected)."""
    return STANDBY, '\n[[escalation_policies]]\nname = "Standby"\n' + levels, *expected


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        (
            'name = "Standby"',
            'name = "platform Escalation"',
            "escalation_policies[1].name",
            "duplicate name 'platform Escalation', see escalation_policies[0]",
        ),
        (
            'escalation_policy = "Platform escalation"',
            'escalation_policy = "Platfrom escalation"',
            "teams[0].escalation_policy",
            "unknown policy 'Platfrom escalation' (policies: Platform escalation, Standby)",
        ),
        (
            'schedules = ["platform"]',
            'schedules = ["Platfrom"]',
            f"{POLICY}.levels[1].schedules[0]",
            "unknown team 'Platfrom' (teams: Platform, Major Incident Managers)",
        ),
        (
            'people = ["LI.WEI"]',
            'people = ["li.wie"]',
            f"{POLICY}.levels[1].people[0]",
            "'li.wie' is in no team's roster and not in [[people]]",
        ),
        (
            'name = "li.wei"',
            'name = "ANA.SILVA"',
            "people[1].name",
            "duplicate name 'ANA.SILVA', see people[0]",
        ),
        (
            "timeout_minutes = 5",
            "timeout_minutes = 0",
            f"{LEVEL}.timeout_minutes",
            "must be at least 1 and at most 1440 minutes (a day), not 0",
        ),
        (
            "timeout_minutes = 5",
            "timeout_minutes = 1441",
            f"{LEVEL}.timeout_minutes",
            "not 1441",
        ),
        (
            "timeout_minutes = 5",
            "timeout_minutes = 9223372036854775807",
            f"{LEVEL}.timeout_minutes",
            "not 9223372036854775807",
        ),
        (
            "timeout_minutes = 5",
            "timeout_minutes = 100000000000000000000000000000000000000",
            f"{LEVEL}.timeout_minutes",
            "not a number of 39 digits",
        ),
        (
            "timeout_minutes = 5",
            'timeout_minutes = "5"',
            f"{LEVEL}.timeout_minutes",
            "Input should be a valid integer",
        ),
        (
            "timeout_minutes = 5",
            "timeout_minutes = 5.0",
            f"{LEVEL}.timeout_minutes",
            "Input should be a valid integer",
        ),
        (
            "repeat = 1",
            "repeat = 10",
            f"{POLICY}.repeat",
            "must be from 0 to 9 (times round the levels again after the last), not 10",
        ),
        ("repeat = 1", "repeat = -1", f"{POLICY}.repeat", "not -1"),
        ("repeat = 1", "repeat = true", f"{POLICY}.repeat", "valid integer"),
        (
            'people = ["eva.berg"]',
            'people = ["eva.berg"]\nescalate_after = 5',
            f"{LEVEL}.escalate_after",
            "Extra inputs are not permitted",
        ),
        (
            'email = "li.wei@example.com"',
            'email = "Li <li.wei@example.com>"',
            "people[1].email",
            "'Li <li.wei@example.com>' must be one bare address",
        ),
        (
            'email = "li.wei@example.com"',
            'email = "li.wei"',
            "people[1].email",
            "'li.wei' must be one address with one @",
        ),
        (
            'email = "li.wei@example.com"',
            'email = "li.wei@example.com"\nphone = "+49 30 1234"',
            "people[1].phone",
            "Extra inputs are not permitted",
        ),
        (
            'name = "nadia.kovacs"',
            f'name = "{"n" * 300}"',
            "people[2].name",
            "over the 256 B limit",
        ),
        (
            'schedules = ["Platform"]',
            f'schedules = ["{"p" * 300}"]',
            f"{POLICY}.levels[0].schedules[0]",
            "over the 256 B limit",
        ),
        _standby(
            "levels = []\n",
            "escalation_policies[1].levels",
            "give 1 to 10 levels ([[escalation_policies.levels]]), not 0",
        ),
        _standby(
            "levels = [" + "{ timeout_minutes = 5, people = ['eva.berg'] }, " * 11 + "]\n",
            "escalation_policies[1].levels",
            "not 11",
        ),
    ],
)
def test_a_mistake_in_a_policy_or_a_person_is_refused_naming_file_line_and_field(
    tmp_path: Path, old: str, new: str, field: str, words: str
) -> None:
    text = replace_once(WITH_POLICIES, old, new)
    path, message = load_error(tmp_path, text)
    line = line_of(text, new.splitlines()[-1])
    assert message.startswith(f"catalog {path}, line {line}, field {field}: "), message
    assert words in message, message


def test_a_level_that_pages_nobody_is_refused_at_its_table(tmp_path: Path) -> None:
    text = replace_once(WITH_POLICIES, 'people = ["eva.berg"]\n', "")
    path, message = load_error(tmp_path, text)
    line = line_of(text, "[[escalation_policies.levels]]", occurrence=4)
    assert message == (
        f"catalog {path}, line {line}, field {LEVEL}: "
        "a level pages nobody; give it 'schedules', 'people' or both"
    )


def test_a_policy_without_levels_is_refused_at_its_table(tmp_path: Path) -> None:
    old, new = _standby("")
    text = replace_once(WITH_POLICIES, old, new)
    path, message = load_error(tmp_path, text)
    line = line_of(text, "[[escalation_policies]]", occurrence=2)
    assert message == (
        f"catalog {path}, line {line}, field escalation_policies[1].levels: Field required"
    )


def test_a_team_naming_a_policy_in_a_catalog_with_none_is_told_so(tmp_path: Path) -> None:
    new = 'escalation_policy = "Platform escalation"'
    text = replace_once(VALID, ROSTER, f"{ROSTER}\n{new}")
    path, message = load_error(tmp_path, text)
    assert message == (
        f"catalog {path}, line {line_of(text, new)}, field teams[0].escalation_policy: "
        "unknown policy 'Platform escalation' (the catalog has no [[escalation_policies]])"
    )


def test_a_person_in_no_roster_is_refused_without_their_people_entry(tmp_path: Path) -> None:
    entry = '[[people]]\nname = "nadia.kovacs"\nemail = "nadia.kovacs@example.com"\n'
    text = replace_once(WITH_POLICIES, entry, "")
    path, message = load_error(tmp_path, text)
    line = line_of(text, 'people = ["nadia.kovacs"]')
    assert message == (
        f"catalog {path}, line {line}, field {POLICY}.levels[2].people[0]: "
        "'nadia.kovacs' is in no team's roster and not in [[people]]; "
        "add them to [[people]] with their email"
    )
