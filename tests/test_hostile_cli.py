"""Every command that prints, on a store whose every text field is hostile: nothing printed
can act on a terminal, the text is shown escaped rather than dropped, and JSON still gives
back exactly what was stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from warroom.base.text import is_hostile_character, safe
from warroom.comms.delivery.base import Outgoing
from warroom.comms.delivery.content import status_payload
from warroom.scenarios.drill import load_drill

from .cli_support import Cli, one_error_line
from .conftest import T0
from .hostile import BIDI, ESCAPES, PAYLOAD, hostile_store

# Part of the hostile-input battery: a case that hangs fails.
pytestmark = pytest.mark.timeout(60)

PRINTERS = [
    ("list",),
    ("list", "--all"),
    ("list", "--all", "--json"),
    ("show", "HOT-1"),
    ("show", "HOT-7", "--history"),
    ("show", "HOT-7", "--json"),
    ("show", "HOT-7", "--json", "--history"),
    ("actions",),
    ("actions", "--json"),
    ("draft", "HOT-7"),
    ("draft", "HOT-7", "--phase", "update", "--channel", "external"),
    ("draft", "HOT-1", "--phase", "resolution"),
]


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    path = tmp_path / "hostile.db"
    hostile_store(path)
    return Cli(path, capsys, outbox=tmp_path / "outbox")


def strings(data: object) -> Iterator[str]:
    """Every string in parsed JSON."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def hostile_characters(text: str) -> list[str]:
    return sorted({f"U+{ord(ch):04X}" for ch in text if is_hostile_character(ch)})


@pytest.mark.parametrize("argv", PRINTERS, ids=" ".join)
def test_printed_text_is_inert(cli: Cli, argv: tuple[str, ...]) -> None:
    result = cli(*argv)
    assert result.code in (0, 1), result.err  # a draft not ready to send says so with 1
    assert hostile_characters(result.out + result.err) == []
    assert "Traceback" not in result.err
    if "--json" in argv:
        assert any(value.startswith(PAYLOAD) for value in strings(json.loads(result.out)))
    else:
        # Shown escaped, not dropped: a reader can see something odd was written.
        assert "\\x1b]0;PWNED-TITLE" in result.out


def test_json_gives_back_exactly_what_was_stored(cli: Cli) -> None:
    shown = cli.show("HOT-7")
    assert shown["summary"].startswith(PAYLOAD)
    assert all(entry["author"].startswith(PAYLOAD) for entry in shown["timeline"])


@pytest.mark.parametrize(
    "argv",
    [
        ("show", f"HOT-{ESCAPES}"),
        ("note", f"NOPE{ESCAPES}", "text"),
        ("severity", "HOT-7", f"2{ESCAPES}", "--reason", "r"),
        ("assign", f"HOT-{ESCAPES}", "Tech lead", "someone"),
        (f"no-such-command{ESCAPES}",),
    ],
    ids=["show", "note", "severity", "assign", "command"],
)
def test_a_refusal_quoting_hostile_input_is_inert(cli: Cli, argv: tuple[str, ...]) -> None:
    error = one_error_line(cli(*argv))
    assert hostile_characters(error) == []


def test_a_status_page_payload_is_inert_and_exact() -> None:
    """The outbox's JSON is read with cat: the same data, with nothing a terminal obeys."""
    outgoing = Outgoing(1, "HOT-1", "update", "external", PAYLOAD, PAYLOAD, T0, PAYLOAD)
    written = status_payload(outgoing).decode("utf-8")
    assert hostile_characters(written) == []
    assert json.loads(written)["body"] == PAYLOAD


@pytest.mark.parametrize(
    ("variable", "says"),
    [
        ("WARROOM_DB", "WARROOM_DB: is not valid UTF-8 text"),
        ("WARROOM_USER", "WARROOM_USER: is not valid UTF-8 text"),
        ("LOGNAME", "your login name is not valid UTF-8 text; give --user NAME"),
    ],
)
def test_environment_bytes_that_are_not_utf8_are_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    says: str,
) -> None:
    """A byte that is not UTF-8 reaches Python as a lone surrogate (\\udcff), which no store
    can hold: refused in one line, and no store is made."""
    monkeypatch.delenv("WARROOM_USER", raising=False)
    monkeypatch.setenv(variable, "x\udcff")
    db = tmp_path / "store.db"
    cli = Cli(db, capsys)
    error = one_error_line(
        cli("declare", "--summary", "x", "--severity", "2", db=variable != "WARROOM_DB")
    )
    assert says in error
    assert list(tmp_path.iterdir()) == []


def test_a_drill_made_from_hostile_notes_reads_back_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``drill from`` writes a note's control and invisible characters as ``safe`` shows
    them, so the file checks and reads as the console showed the note."""
    cli = Cli(tmp_path / "store.db", capsys)
    cli.ok("declare", "--summary", "Disk filling", "--severity", "2")
    cli.ok("note", "HOT-1", f"disk at 90\x9b% {BIDI} \u2028next")
    cli.ok("note", "HOT-1", "line one\nline two")
    cli.ok("take", "HOT-1")
    cli.ok("resolve", "HOT-1", "--ended", "now")
    written = cli.ok("drill", "from", "HOT-1")
    assert hostile_characters(written) == []
    path = tmp_path / "replay.toml"
    path.write_text(written, "utf-8")
    assert cli.ok("drill", "check", str(path)).startswith(f"{path}: ok")
    texts = [inject.text for inject in load_drill(path).injects]
    assert f"note: disk at 90\\x9b% {safe(BIDI)} \\u2028next" in texts
    assert "note: line one line two" in texts  # an inject is one line


def test_the_escaping_tables_say_what_the_character_rules_say() -> None:
    """``safe`` and ``escaped_code`` run as translation tables (printing must be fast); they
    must escape exactly what the per-character rules do, over the whole Basic Multilingual
    Plane and beyond it."""
    from warroom.base.text import _shown, escaped_code

    for code in (*range(0x10000), 0x1F600, 0x10FFFF):
        ch = chr(code)
        assert safe(ch) == _shown(ch), hex(code)
        assert escaped_code(ch) == (f"\\u{code:04x}" if is_hostile_character(ch) else ch)
    mixed = "a\x1b[2J\u202eb\n\tc\x9b\ufeff\u200d" * 3
    assert safe(mixed) == "".join(map(_shown, mixed))
