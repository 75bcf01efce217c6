"""``warroom drill list``: the drills a trainer can start by name, the organisation's own
first (one of the same name as a shipped drill replaces it), and a broken one with why."""

from __future__ import annotations

from pathlib import Path

import pytest

from warroom.base.locations import config_dir, shipped_data

from .cli_support import Cli

SHIPPED = sorted(p.stem for p in shipped_data("scenarios", "drills").glob("*.toml"))


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "w.db", capsys)


def names(listing: str) -> list[str]:
    return [line.split()[0] for line in listing.splitlines()]


def test_lists_every_shipped_drill_with_its_title_and_opens_no_store(cli: Cli) -> None:
    listing = cli.ok("drill", "list")
    assert names(listing) == SHIPPED
    assert "Tutorial: wiki pages will not save" in listing
    assert not cli.db.exists()


def test_the_organisations_own_drills_come_first_and_replace_a_shipped_one(cli: Cli) -> None:
    own = config_dir() / "scenarios"
    own.mkdir(parents=True)
    tutorial = shipped_data("scenarios", "drills", "tutorial.toml").read_text(encoding="utf-8")
    (own / "tutorial.toml").write_text(
        tutorial.replace("Tutorial: wiki pages will not save", "Our own tutorial"), "utf-8"
    )
    (own / "broken.toml").write_text("[drill]\ntitle = 3\n", "utf-8")
    listing = cli.ok("drill", "list")
    assert names(listing) == ["broken", "tutorial", *(n for n in SHIPPED if n != "tutorial")]
    assert "Our own tutorial" in listing
    assert "Tutorial: wiki pages will not save" not in listing
    broken = listing.splitlines()[0]
    assert "cannot be started: drill" in broken and "line 2" in broken and "title" in broken


@pytest.mark.parametrize("step", ["debrief", "trainer"])
def test_a_drill_file_given_for_a_drill_store_is_refused_saying_so(cli: Cli, step: str) -> None:
    tutorial = str(shipped_data("scenarios", "drills", "tutorial.toml"))
    result = cli("drill", step, tutorial, db=False)
    assert result.code == 2
    assert result.err == (
        f"warroom: error: store: {tutorial} is a drill file; "
        "give the drill store 'drill start' made\n"
    )


@pytest.mark.parametrize("name", ["x" * 5000, "tutorail", "\x1b]0;TITLE\x07"])
def test_a_drill_name_that_names_no_drill_is_refused_in_one_short_line(cli: Cli, name: str) -> None:
    result = cli("drill", "start", name, "--no-console", db=False)
    assert result.code == 2 and result.out == ""
    [line] = result.err.splitlines()
    assert line.startswith("warroom: error: scenario: no drill named ")
    assert line.endswith("; the drills are: " + ", ".join(SHIPPED))
    assert len(line) < 400 and "\x1b" not in line


@pytest.mark.parametrize("step", ["debrief", "trainer"])
def test_a_drill_store_name_no_file_can_have_is_refused_in_one_line(cli: Cli, step: str) -> None:
    result = cli("drill", step, "x" * 5000, db=False)
    assert result.code == 2 and result.out == ""
    [line] = result.err.splitlines()
    assert line.startswith("warroom: error: store ") and line.endswith(": does not exist")
