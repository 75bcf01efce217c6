"""The scribe's entry line: prefixes, back-dating and undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warroom.base.errors import InvalidInput
from warroom.process.scribe import parse_entry
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
