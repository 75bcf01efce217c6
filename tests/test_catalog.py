"""The organisation catalog: the shipped default, lookups, and located error messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from warroom.base.errors import CatalogError
from warroom.config.catalog import (
    UNKNOWN_SERVICE,
    Catalog,
    default_catalog_path,
    load_catalog,
)

# A small but complete catalog; each error test breaks one thing in it.
VALID = """\
key_prefix = "OPS"
handover_after_hours = 3.5

[[products]]
name = "Repos"
description = "Git hosting"

[[products]]
name = "Wiki"
description = "Team wiki"

[[teams]]
name = "Platform"
description = "Runs shared infrastructure"
roster = ["ana.silva", "li.wei"]

[[teams]]
name = "Major Incident Managers"
description = "Global IMOC rotation"
roster = [
    "sam.okoro",
    "eva.berg",
]

[[services]]
name = "Database"
description = '''
Primary PostgreSQL cluster.
team = "this line is text inside a string, not a key"
'''
team = "Platform"
products = ["Repos", "Wiki"]

[[services]]
name = "Repos Web"
team = "platform"  # references are case-insensitive
description = "Web front end for Repos"
products = ["Repos"]

[[severities]]
level = 1
name = "Critical"
description = "Very high impact"
examples = ["Down for all customers"]
major = true
response = "Page now"
update_every_minutes = 30

[[severities]]
level = 2
name = "Major"
description = "Significant impact"
examples = [
    "Down for some customers",
    "Core functionality impacted",
]
major = true
response = "Page now"
update_every_minutes = 60

[[severities]]
level = 3
name = "Minor"
description = "Low impact"
examples = ["Inconvenience with a workaround"]
major = false
response = "Business hours"
update_every_minutes = 240
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line that is exactly ``needle`` (its ``occurrence``-th one)."""
    numbers = [n for n, line in enumerate(text.splitlines(), start=1) if line == needle]
    assert len(numbers) >= occurrence, f"{needle!r} is not in the test catalog"
    return numbers[occurrence - 1]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def load_error(tmp_path: Path, text: str) -> tuple[Path, str]:
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    message = str(caught.value)
    assert "\n" not in message
    return path, message


# --- the shipped default ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def default() -> Catalog:
    return load_catalog()


def test_default_path_is_the_shipped_file() -> None:
    path = default_catalog_path()
    assert path.is_file()
    assert path.name == "catalog.toml"


def test_default_loads_with_handbook_settings(default: Catalog) -> None:
    assert default.key_prefix == "HOT"
    assert default.handover_after_hours == 4.0
    assert default.require_review_for_external is False
    assert len(default.products) >= 5
    assert len(default.services) >= 10


def test_default_severity_matrix_matches_handbook(default: Catalog) -> None:
    assert [s.level for s in default.severities] == [1, 2, 3]
    assert [s.name for s in default.severities] == ["Critical", "Major", "Minor"]
    assert [s.major for s in default.severities] == [True, True, False]
    cadences = [s.update_every_minutes for s in default.severities]
    assert all(c > 0 for c in cadences)
    assert cadences == sorted(cadences), "worse incidents are updated at least as often"
    critical = default.severity(1)
    assert critical is not None
    assert "Customer data loss" in critical.examples
    assert all(s.examples and s.response for s in default.severities)


def test_default_references_are_consistent(default: Catalog) -> None:
    for service in default.services:
        assert default.team(service.team) is not None, service.name
        for product in service.products:
            assert default.product(product) is not None, (service.name, product)
    assert all(team.roster for team in default.teams)


def test_default_has_global_imoc_rotation(default: Catalog) -> None:
    imoc = default.team("Major Incident Managers")
    assert imoc is not None
    assert len(imoc.roster) >= 2


def test_default_has_infrastructure_services(default: Catalog) -> None:
    names = {name.casefold() for name in default.service_names}
    assert {"primary database", "identity", "billing", "email delivery", "search"} <= names
    assert UNKNOWN_SERVICE.casefold() not in names


# --- lookups ---------------------------------------------------------------------------------


@pytest.fixture
def small(tmp_path: Path) -> Catalog:
    path = tmp_path / "catalog.toml"
    path.write_text(VALID, encoding="utf-8")
    return load_catalog(path)


def test_lookups_are_case_insensitive_and_return_canonical_objects(small: Catalog) -> None:
    service = small.service("repos WEB")
    assert service is not None
    assert service.name == "Repos Web"
    assert service is small.services[1]
    product = small.product("WIKI")
    assert product is not None
    assert product.name == "Wiki"
    team = small.team("platform")
    assert team is not None
    assert team.roster == ("ana.silva", "li.wei")


def test_lookups_of_unknown_names_return_none(small: Catalog) -> None:
    assert small.service(UNKNOWN_SERVICE) is None
    assert small.service("Nope") is None
    assert small.product("Nope") is None
    assert small.team("Nope") is None
    assert small.severity(4) is None


def test_severity_lookup_and_name_lists(small: Catalog) -> None:
    minor = small.severity(3)
    assert minor is not None
    assert (minor.name, minor.major, minor.update_every_minutes) == ("Minor", False, 240)
    assert small.service_names == ("Database", "Repos Web")
    assert small.product_names == ("Repos", "Wiki")


def test_optional_settings_default(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text(replace_once(VALID, "handover_after_hours = 3.5\n", ""), encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.handover_after_hours == 4.0
    assert catalog.require_review_for_external is False


def test_catalog_is_immutable(small: Catalog) -> None:
    with pytest.raises(ValidationError):
        small.key_prefix = "NEW"  # type: ignore[misc]


def test_constructing_an_inconsistent_catalog_in_code_is_refused(small: Catalog) -> None:
    data = small.model_dump()
    data["services"][0]["team"] = "Nobody"
    with pytest.raises(CatalogError, match=r"field services\[0\]\.team: unknown team 'Nobody'"):
        Catalog.model_validate(data)


# --- errors: each names the file, the exact line and the field ------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert str(caught.value) == f"catalog {path}: cannot read: No such file or directory"


def test_toml_syntax_error(tmp_path: Path) -> None:
    text = replace_once(VALID, 'team = "platform"', "team = platform")
    path, message = load_error(tmp_path, text)
    line = line_of(text, "team = platform  # references are case-insensitive")
    assert message.startswith(f"catalog {path}, line {line}: TOML syntax error: ")
    assert "(at line" not in message


def test_toml_syntax_error_at_end_of_file(tmp_path: Path) -> None:
    text = VALID + 'extra = "unterminated'
    path, message = load_error(tmp_path, text)
    assert message.startswith(f"catalog {path}, line {len(text.splitlines())}: TOML syntax error")


def test_missing_required_field_points_at_its_table_header(tmp_path: Path) -> None:
    text = replace_once(VALID, 'description = "Web front end for Repos"\n', "")
    path, message = load_error(tmp_path, text)
    line = line_of(text, "[[services]]", occurrence=2)
    assert message == f"catalog {path}, line {line}, field services[1].description: Field required"


def test_missing_top_level_field_points_at_first_line(tmp_path: Path) -> None:
    text = replace_once(VALID, 'key_prefix = "OPS"\n', "")
    path, message = load_error(tmp_path, text)
    assert message == f"catalog {path}, line 1, field key_prefix: Field required"


def test_wrong_type(tmp_path: Path) -> None:
    text = replace_once(VALID, "update_every_minutes = 60", 'update_every_minutes = "60"')
    path, message = load_error(tmp_path, text)
    line = line_of(text, 'update_every_minutes = "60"')
    assert message == (
        f"catalog {path}, line {line}, field severities[1].update_every_minutes: "
        "Input should be a valid integer"
    )


def test_wrong_type_for_a_whole_section(tmp_path: Path) -> None:
    text = replace_once(VALID, 'roster = ["ana.silva", "li.wei"]', 'roster = "ana.silva"')
    path, message = load_error(tmp_path, text)
    line = line_of(text, 'roster = "ana.silva"')
    assert message.startswith(f"catalog {path}, line {line}, field teams[0].roster: ")


def test_unknown_field_typo(tmp_path: Path) -> None:
    text = replace_once(VALID, "handover_after_hours = 3.5", "handover_after_hour = 3.5")
    path, message = load_error(tmp_path, text)
    assert message == (
        f"catalog {path}, line 2, field handover_after_hour: Extra inputs are not permitted"
    )


def test_unknown_field_after_multiline_array(tmp_path: Path) -> None:
    # The key sits after a multi-line roster, whose lines must not be mistaken for keys.
    text = replace_once(VALID, '    "eva.berg",\n]\n', '    "eva.berg",\n]\npager = "x"\n')
    path, message = load_error(tmp_path, text)
    line = line_of(text, 'pager = "x"')
    assert message == (
        f"catalog {path}, line {line}, field teams[1].pager: Extra inputs are not permitted"
    )


def test_typo_in_required_field_reports_both_problems(tmp_path: Path) -> None:
    text = replace_once(VALID, 'team = "platform"', 'tem = "platform"')
    path, message = load_error(tmp_path, text)
    line = line_of(text, "[[services]]", occurrence=2)
    assert message == (
        f"catalog {path}, line {line}, field services[1].team: Field required (and 1 more problem)"
    )


def test_unknown_team_on_a_service(tmp_path: Path) -> None:
    text = replace_once(VALID, 'team = "platform"  #', 'team = "Platfrom"  #')
    path, message = load_error(tmp_path, text)
    line = line_of(text, 'team = "Platfrom"  # references are case-insensitive')
    assert message.startswith(
        f"catalog {path}, line {line}, field services[1].team: unknown team 'Platfrom'"
    )
    assert "Platform" in message  # the known teams are listed


def test_keys_inside_multiline_strings_are_not_mistaken_for_keys(tmp_path: Path) -> None:
    text = replace_once(VALID, 'team = "Platform"\n', 'team = "Ops"\n')
    path, message = load_error(tmp_path, text)
    line = line_of(text, 'team = "Ops"')
    assert message.startswith(f"catalog {path}, line {line}, field services[0].team: unknown team")


def test_unknown_product_on_a_service(tmp_path: Path) -> None:
    text = replace_once(VALID, 'products = ["Repos", "Wiki"]', 'products = ["Repos", "Wikki"]')
    path, message = load_error(tmp_path, text)
    line = line_of(text, 'products = ["Repos", "Wikki"]')
    assert message.startswith(
        f"catalog {path}, line {line}, field services[0].products[1]: unknown product 'Wikki'"
    )


def test_duplicate_service_name_is_case_insensitive(tmp_path: Path) -> None:
    text = replace_once(VALID, 'name = "Repos Web"', 'name = "database"')
    path, message = load_error(tmp_path, text)
    line = line_of(text, 'name = "database"')
    assert message == (
        f"catalog {path}, line {line}, field services[1].name: "
        "duplicate name 'database', see services[0]"
    )


def test_service_may_not_be_called_unknown(tmp_path: Path) -> None:
    text = replace_once(VALID, 'name = "Repos Web"', 'name = "Unknown"')
    path, message = load_error(tmp_path, text)
    line = line_of(text, 'name = "Unknown"')
    assert message.startswith(f"catalog {path}, line {line}, field services[1].name: 'Unknown'")


def test_missing_severity_level(tmp_path: Path) -> None:
    level_3 = VALID.index("[[severities]]\nlevel = 3")
    text = VALID[:level_3]
    path, message = load_error(tmp_path, text)
    line = line_of(text, "[[severities]]")
    assert message == (
        f"catalog {path}, line {line}, field severities: "
        "level 3 is missing; levels 1, 2 and 3 are all required"
    )


def test_duplicate_severity_level(tmp_path: Path) -> None:
    text = replace_once(VALID, "level = 3", "level = 2")
    path, message = load_error(tmp_path, text)
    line = line_of(text, "level = 2", occurrence=2)
    assert message == (
        f"catalog {path}, line {line}, field severities[2].level: duplicate level 2 "
        "(and 1 more problem)"
    )


def test_severity_level_out_of_range(tmp_path: Path) -> None:
    text = replace_once(VALID, "level = 3", "level = 4")
    path, message = load_error(tmp_path, text)
    line = line_of(text, "level = 4")
    assert message.startswith(f"catalog {path}, line {line}, field severities[2].level: ")


@pytest.mark.parametrize("prefix", ["ops", "O-PS", "", "ABCDEFGHIJK"])
def test_bad_key_prefix(tmp_path: Path, prefix: str) -> None:
    text = replace_once(VALID, 'key_prefix = "OPS"', f'key_prefix = "{prefix}"')
    path, message = load_error(tmp_path, text)
    assert message.startswith(f"catalog {path}, line 1, field key_prefix: ")
    assert "uppercase letters" in message


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("handover_after_hours = 3.5", "handover_after_hours = 0", "handover_after_hours"),
        (
            "update_every_minutes = 30",
            "update_every_minutes = -5",
            "severities[0].update_every_minutes",
        ),
        ('roster = ["ana.silva", "li.wei"]', "roster = []", "teams[0].roster"),
        ('name = "Wiki"', 'name = "  "', "products[1].name"),
        ("major = false", 'major = "no"', "severities[2].major"),
    ],
)
def test_value_constraints(tmp_path: Path, old: str, new: str, field: str) -> None:
    text = replace_once(VALID, old, new)
    path, message = load_error(tmp_path, text)
    assert message.startswith(f"catalog {path}, line {line_of(text, new)}, field {field}: ")
