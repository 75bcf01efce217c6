"""Drill files: every shipped one passes ``warroom drill check``; a mistake is refused in one
line naming the file, the line and the field; checking opens no store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from warroom.base import limits
from warroom.base.locations import shipped_data
from warroom.process.context import Context
from warroom.process.metrics import time_to_recover
from warroom.process.read import load_detail
from warroom.scenarios.demo import populate_demo
from warroom.scenarios.drill import load_drill

from .cli_support import Cli, one_error_line
from .conftest import T0

SHIPPED = sorted(shipped_data("scenarios", "drills").glob("*.toml"))
TUTORIAL = shipped_data("scenarios", "drills", "tutorial.toml")


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "never-made.db", capsys)


def test_drills_are_shipped() -> None:
    assert TUTORIAL in SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_drill_passes_the_check(cli: Cli, path: Path) -> None:
    drill = load_drill(path)
    said = cli.ok("drill", "check", str(path), db=False)
    assert said == (
        f"{path}: ok — {drill.drill.title}: {len(drill.injects)} injects, "
        f"{len(drill.expectations)} expectations\n"
    )


def test_an_empty_file_name_is_refused_as_empty(cli: Cli) -> None:
    assert "file: is empty; give a drill file" in one_error_line(cli("drill", "check", " "))


def test_checking_opens_no_store(cli: Cli, tmp_path: Path) -> None:
    cli.ok("drill", "check", str(TUTORIAL))
    assert not cli.db.exists()
    data_home = Path(os.environ["XDG_DATA_HOME"])
    assert not (data_home / "warroom").exists()


# Where the tutorial's fields start, to put a mistake in.
TITLE = 'title = "'
SUMMARY = 'summary = "'
BRIEFING = 'briefing = """\n'
CAUSE = 'cause = """\n'
IMPACT = 'answers.impact = "'
PAGE = 'page = ["Work Management"]'
ALERT = 'text = "'
BY = 'by = "amara.eze"'
PAGED = 'team = "Work Management"\nwithin'
RESOLVED = 'expect = "resolved"'
HOSTILE = "has a control or invisible character"


def _with(tmp_path: Path, old: str, new: str) -> Path:
    """The tutorial with one mistake in it."""
    text = TUTORIAL.read_text("utf-8")
    assert text.count(old) >= 1, old
    path = tmp_path / "drill.toml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('kind = "alert"', 'kind = "pager"', "field injects[0].kind: unknown inject kind 'pager'"),
        ("count = 12\n", "", 'field injects[4].count: required by kind = "tickets"'),
        (
            'team = "Work Management"\nkind = "page-answer"',
            'kind = "page-answer"',
            'field injects[3].team: required by kind = "page-answer"',
        ),
        ('page = ["Work Management"]', 'page = ["Wiki"]', "field ground_truth.page[0]: no team"),
        (
            "answers.seeing",
            "answers.smell",
            "field ground_truth.answers: 'smell' is not an assessment question",
        ),
        ("severity = 2\nwithin", "within", "field expectations[2].severity: required by expect"),
        ('at = "6m"', 'at = "1m"', "field injects[2].at: is before the inject above"),
        ('expect = "declared"', 'expect = "declard"', "unknown expectation 'declard'"),
        ('at = "4m"', 'at = "4 min"', "field injects[1].at: '4 min' is not a duration"),
        ("ttr =", "tttr =", "field ground_truth.tttr: Extra inputs are not permitted"),
        ('summary = "Wiki', "summary = Wiki", "TOML syntax error"),
        # What the rest of warroom refuses, refused when the drill is checked.
        (SUMMARY, f'key_prefix = "drill"\n{SUMMARY}', "field drill.key_prefix: must be 1 to 10"),
        (SUMMARY, f'key_prefix = "ABCDEFGHIJK"\n{SUMMARY}', "field drill.key_prefix: must be 1"),
        (ALERT, f"{ALERT}{'x' * limits.NOTE}", "field injects[0].text: 65 KiB is over the 64 KiB"),
        (BY, f'by = "{"a" * 257}"', "field injects[1].by: 257 B is over the 256 B limit"),
        (PAGED, f'team = "{"t" * 257}"\nwithin', "field expectations[3].team: 257 B is over"),
        (RESOLVED, f'expect = "role"\nrole = "{"r" * 257}"', "field expectations[6].role: 257 B"),
        (TITLE, f"{TITLE}{'x' * limits.SUMMARY}", "field drill.title: 2 KiB is over the 1 KiB"),
        (SUMMARY, f"{SUMMARY}{'x' * limits.SUMMARY}", "field drill.summary: 2 KiB is over the 1"),
        (BRIEFING, f"{BRIEFING}{'x' * limits.DESCRIPTION}", "field drill.briefing: 17 KiB is over"),
        (CAUSE, f"{CAUSE}{'x' * limits.DESCRIPTION}", "field ground_truth.cause: 17 KiB is over"),
        (IMPACT, f"{IMPACT}{'x' * limits.ANSWER}", "field ground_truth.answers.impact: 17 KiB"),
        ('at = "4m"', 'at = "\u0664m"', "field injects[1].at: '\u0664m' is not a duration"),
        ("count = 12", "count = 10_000_000_000", "field injects[4].count: Input should be less"),
        (PAGE, f'{PAGE[:-1]}, "work management"]', "page[1]: team 'work management' is listed"),
        (
            SUMMARY,
            f'source = "https://a.example/\\nb"\n{SUMMARY}',
            "drill.source: must be one line",
        ),
        (
            SUMMARY,
            f'source = "x\\u001b]8;;y\\u0007"\n{SUMMARY}',
            f"drill.source: {HOSTILE} (U+001B)",
        ),
        (TITLE, f"{TITLE}\u202e", f"field drill.title: {HOSTILE} (U+202E)"),
        (BY, 'by = "amara\\u0007.eze"', f"field injects[1].by: {HOSTILE} (U+0007)"),
        (ALERT, f"{ALERT}Wiki\\r\\n", f"field injects[0].text: {HOSTILE} (U+000D)"),
        (ALERT, f"{ALERT}Wiki\\n", "field injects[0].text: must be one line; it has a line break"),
        (SUMMARY, f"{SUMMARY}Wiki\\t", "field drill.summary: must be one line; it has a tab"),
        (IMPACT, f"{IMPACT}Customers\\n", "field ground_truth.answers.impact: must be one line"),
        (BRIEFING, f"{BRIEFING}\\u001b[2J", f"field drill.briefing: {HOSTILE} (U+001B)"),
        (CAUSE, f"{CAUSE}A\u0085", f"field ground_truth.cause: {HOSTILE} (U+0085)"),
    ],
    ids=[
        "inject-kind",
        "tickets-count",
        "page-answer-team",
        "page-team",
        "question",
        "expect-severity",
        "order",
        "expectation",
        "duration",
        "misspelt-key",
        "toml",
        "key-prefix-lowercase",
        "key-prefix-long",
        "text-over-note",
        "by-over-name",
        "team-over-name",
        "role-over-name",
        "title-over-summary",
        "summary-over-summary",
        "briefing-over-description",
        "cause-over-description",
        "answer-over-answer",
        "duration-arabic-indic-digit",
        "count-too-many",
        "page-twice",
        "source-two-lines",
        "source-escape",
        "title-bidi",
        "by-bell",
        "text-carriage-return",
        "text-newline",
        "summary-tab",
        "answer-newline",
        "briefing-escape",
        "cause-c1",
    ],
)
def test_a_mistake_is_refused_naming_file_line_and_field(
    cli: Cli, tmp_path: Path, old: str, new: str, says: str
) -> None:
    path = _with(tmp_path, old, new)
    error = one_error_line(cli("drill", "check", str(path), db=False))
    assert error.startswith(f"warroom: error: drill {path}, line "), error
    assert says in error, error


def test_tabs_and_lines_in_the_briefing_and_cause_and_a_reference_as_source_pass(
    cli: Cli, tmp_path: Path
) -> None:
    text = TUTORIAL.read_text("utf-8").replace("It is a quiet", "It is\ta quiet", 1)
    text = text.replace("Saves queue", "Saves\tqueue", 1)
    text = text.replace(SUMMARY, f'source = "warroom incident HOT-3"\n{SUMMARY}', 1)
    path = tmp_path / "drill.toml"
    path.write_text(text, "utf-8")
    assert cli.ok("drill", "check", str(path), db=False).startswith(f"{path}: ok")
    assert "\t" in load_drill(path).drill.briefing


# --- drill from KEY -------------------------------------------------------------------------


@pytest.fixture
def demo_cli(ctx: Context, store_target: Path | str, capsys: pytest.CaptureFixture[str]) -> Cli:
    populate_demo(ctx, T0)
    return Cli(store_target, capsys)


def test_a_resolved_incident_becomes_a_drill_that_passes_the_check(
    demo_cli: Cli, ctx: Context, tmp_path: Path
) -> None:
    incident = load_detail(ctx, "HOT-3").incident
    path = tmp_path / "replay.toml"
    path.write_text(demo_cli.ok("drill", "from", "HOT-3"), "utf-8")
    assert demo_cli.ok("drill", "check", str(path)).startswith(f"{path}: ok — Replay of HOT-3")
    drill = load_drill(path)
    assert drill.ground_truth.ttr == time_to_recover(incident)
    assert drill.ground_truth.severity == incident.severity
    people = [e for e in load_detail(ctx, "HOT-3").timeline if e.kind != "system"]
    assert len(drill.injects) == 1 + len(people)  # the alert, then every person's note


def test_an_open_incident_is_not_made_into_a_drill(demo_cli: Cli) -> None:
    error = one_error_line(demo_cli("drill", "from", "HOT-7"))
    assert "HOT-7: not resolved" in error
