"""The scribe's entry line: prefixes, back-dating and undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warroom.base.errors import InvalidInput
from warroom.process.note_input import ENTRY_HINT, parse_entry
from warroom.vocabulary.kinds import EntryKind

NOW = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "kind", "text"),
    [
        ("plain words", EntryKind.NOTE, "plain words"),
        ("o: 40% errors", EntryKind.OBSERVATION, "40% errors"),
        ("obs: 40% errors", EntryKind.OBSERVATION, "40% errors"),
        ("T: the cache", EntryKind.THEORY, "the cache"),
        ("theory: the cache", EntryKind.THEORY, "the cache"),
        ("e: fail over", EntryKind.EXPERIMENT, "fail over"),
        ("d: roll back", EntryKind.DECISION, "roll back"),
        ("a: page db team", EntryKind.ACTION, "page db team"),
        ("n: hello", EntryKind.NOTE, "hello"),
        ("db: at 90%", EntryKind.NOTE, "db: at 90%"),  # not a prefix: kept as written
        # Words with nothing to read in them are kept exactly (the console trims what a
        # person types; a script's note is stored as given).
        ("  [bold]x[/bold]  ", EntryKind.NOTE, "  [bold]x[/bold]  "),
    ],
)
def test_prefixes(line: str, kind: EntryKind, text: str) -> None:
    parsed = parse_entry(line, NOW)
    assert (parsed.kind, parsed.text, parsed.occurred_at, parsed.undo) == (kind, text, None, "")


def test_back_dating() -> None:
    assert parse_entry("@14:02 o: spike", NOW).occurred_at == NOW.replace(minute=2)
    assert parse_entry("@15m spike", NOW).occurred_at == NOW - timedelta(minutes=15)
    with pytest.raises(InvalidInput, match="@time"):
        parse_entry("@lunch o: spike", NOW)


@pytest.mark.parametrize(
    ("line", "kind", "text", "at"),
    [
        # The time right after the prefix counts as much as before it.
        (
            "o: @00:10 push errors",
            EntryKind.OBSERVATION,
            "push errors",
            NOW.replace(hour=0, minute=10),
        ),
        (
            "@00:10 o: push errors",
            EntryKind.OBSERVATION,
            "push errors",
            NOW.replace(hour=0, minute=10),
        ),
        ("theory: @15m the cache", EntryKind.THEORY, "the cache", NOW - timedelta(minutes=15)),
        ("t: @-15m the cache", EntryKind.THEORY, "the cache", NOW - timedelta(minutes=15)),
        ("d:@1h30m roll back", EntryKind.DECISION, "roll back", NOW - timedelta(minutes=90)),
        ("a: @NOW page db", EntryKind.ACTION, "page db", NOW),
        ("o: @2026-11-25T14:02:00+00:00 x", EntryKind.OBSERVATION, "x", NOW.replace(minute=2)),
        # After the prefix, only what starts like a time is one: a mention stays in the note.
        ("o: @alice says reads fail", EntryKind.OBSERVATION, "@alice says reads fail", None),
        ("o: push errors @00:10", EntryKind.OBSERVATION, "push errors @00:10", None),
    ],
)
def test_back_dating_after_the_prefix(
    line: str, kind: EntryKind, text: str, at: datetime | None
) -> None:
    parsed = parse_entry(line, NOW)
    assert (parsed.kind, parsed.text, parsed.occurred_at) == (kind, text, at)


def test_a_change_back_dated_after_its_prefix_keeps_its_undo() -> None:
    parsed = parse_entry("c: @15m rolled back 812 undo: redeploy 812", NOW)
    assert (parsed.kind, parsed.text, parsed.undo, parsed.occurred_at) == (
        EntryKind.CHANGE,
        "rolled back 812",
        "redeploy 812",
        NOW - timedelta(minutes=15),
    )


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("o: @25:99 push errors", "not a time of day"),  # refused, not saved at now
        ("o: @10x push errors", "is not a time"),
        ("@14:02 o: @14:05 push errors", "give the time once"),
        ("o: @14:02", "write the note"),
    ],
)
def test_a_time_after_the_prefix_that_cannot_be_read_is_refused(line: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        parse_entry(line, NOW)


def test_the_entry_hint_says_what_the_line_reads() -> None:
    """Every prefix the placeholder shows gives its kind, and its @14:02 back-dates, before
    or after the prefix."""
    shown = dict(part.split(": ", 1) for part in ENTRY_HINT.split("  ") if ": " in part)
    assert len(shown) >= 6
    for prefix, kind in shown.items():
        kind = kind.split(" ")[0]  # "change … undo: …"
        for line in (f"{prefix}: @14:02 x", f"@14:02 {prefix}: x"):
            parsed = parse_entry(line, NOW)
            assert (parsed.kind.value, parsed.text, parsed.occurred_at) == (
                kind,
                "x",
                NOW.replace(minute=2),
            ), line
    assert ENTRY_HINT.endswith("@14:02 back-dates")


def test_a_change_carries_its_undo() -> None:
    parsed = parse_entry("c: rolled back 812 undo: redeploy 812", NOW)
    assert (parsed.kind, parsed.text, parsed.undo) == (
        EntryKind.CHANGE,
        "rolled back 812",
        "redeploy 812",
    )
    # Only a change splits off an undo; elsewhere the words stay in the note.
    assert parse_entry("n: cannot undo: it", NOW).text == "cannot undo: it"


@pytest.mark.parametrize("line", ["o:", "@14:02", "@14:02 t:   "])
def test_prefix_without_a_note_is_refused(line: str) -> None:
    with pytest.raises(InvalidInput, match="write the note"):
        parse_entry(line, NOW)
