"""Text is stored exactly as given: markup, escapes, CJK, emoji, whitespace, and big notes.

Each text goes in through the services and comes back out through the read model, the
timeline, a freshly opened Context on the same file, and ``warroom show --json``.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from warroom.base import limits
from warroom.cli.main import main
from warroom.process import incidents, timeline
from warroom.process.context import Context
from warroom.process.incidents import Declaration
from warroom.process.read import load_detail


def _varied_unicode(length: int, seed: int = 20261125) -> str:
    """Deterministic text from many scripts, including astral-plane emoji and combining marks."""
    ranges = [
        (0x20, 0x7E),  # ASCII
        (0xA1, 0xFF),  # Latin-1
        (0x391, 0x3C9),  # Greek
        (0x410, 0x44F),  # Cyrillic
        (0x5D0, 0x5EA),  # Hebrew (right to left)
        (0x627, 0x64A),  # Arabic
        (0x300, 0x36F),  # combining marks
        (0x3041, 0x3096),  # Hiragana
        (0x4E00, 0x9FFF),  # CJK ideographs
        (0xAC00, 0xD7A3),  # Hangul syllables
        (0x1F300, 0x1F64F),  # emoji
        (0x1D400, 0x1D7FF),  # mathematical letters
    ]
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(length):
        if rng.random() < 0.02:
            out.append(rng.choice("\n\t "))
            continue
        low, high = rng.choice(ranges)
        out.append(chr(rng.randint(low, high)))
    return "".join(out)


def _fitting(text: str, limit: int) -> str:
    """The longest start of ``text`` whose UTF-8 takes at most ``limit`` bytes."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


BIG = _fitting(_varied_unicode(64 * 1024), limits.NOTE)  # the biggest note there may be

TEXTS = {
    "rich-markup": "[bold]x[/bold] [link=https://e.com]y[/link]",
    "ansi-escapes": "\x1b[31mred\x1b[0m \x1b[2J\x1b[H",
    "cjk": "데이터베이스 장애 — 数据库 故障",
    "emoji": "🔥 prod down 👩‍💻",
    "newlines-and-tabs": "first\nsecond\r\nthird\rfourth\n\n\tindented\t\ttabs \n  trailing  \t\n",
    # NUL is the one control character refused outright (tests/test_text_nul.py).
    "control-chars": "soh\x01 bel\x07 bs\x08 del\x7f vt\x0b ff\x0c",
    "64kib": BIG,
}


def _one_line(text: str) -> bool:
    return "\n" not in text and "\r" not in text


def _declare_and_note(ctx: Context, text: str) -> tuple[str, int]:
    summary = text if _one_line(text) else "Round trip"
    description = _fitting(text, limits.DESCRIPTION)
    incident = incidents.declare(
        ctx, Declaration(summary=summary, severity=2, description=description), by="alice"
    )
    entry = timeline.add_note(ctx, incident.key, text, by="alice", kind="observation")
    assert entry.id is not None
    return incident.key, entry.id


def _check_services(ctx: Context, key: str, entry_id: int, text: str) -> None:
    detail = load_detail(ctx, key)
    if _one_line(text):
        assert detail.incident.summary == text
    assert detail.incident.description == _fitting(text, limits.DESCRIPTION)
    (note,) = [e for e in detail.timeline if e.id == entry_id]
    assert note.text == text
    assert [e.text for e in timeline.entries(ctx, key, kinds=["observation"])] == [text]


def _show_json(db: Path, key: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["--db", str(db), "show", key, "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    data: dict[str, Any] = json.loads(captured.out)
    return data


@pytest.mark.parametrize("text", list(TEXTS.values()), ids=list(TEXTS))
def test_text_comes_back_exactly(
    ctx: Context, db_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    key, entry_id = _declare_and_note(ctx, text)

    _check_services(ctx, key, entry_id, text)

    fresh = Context.open(db_path)
    try:
        _check_services(fresh, key, entry_id, text)
    finally:
        fresh.close()

    shown = _show_json(db_path, key, capsys)
    if _one_line(text):
        assert shown["summary"] == text
    assert shown["description"] == _fitting(text, limits.DESCRIPTION)
    (note,) = [e for e in shown["timeline"] if e["id"] == entry_id]
    assert note["text"] == text
    assert note["kind"] == "observation"


def test_big_note_really_fills_the_limit() -> None:
    assert limits.NOTE - 4 < len(BIG.encode("utf-8")) <= limits.NOTE
    assert any(ord(ch) > 0xFFFF for ch in BIG)  # astral characters (surrogate pairs in UTF-16)


@pytest.mark.parametrize("text", list(TEXTS.values()), ids=list(TEXTS))
def test_note_typed_on_the_command_line_is_stored_exactly(
    ctx: Context, db_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    key = incidents.declare(ctx, Declaration(summary="Round trip", severity=3), by="a").key
    capsys.readouterr()
    assert main(["--db", str(db_path), "note", key, text, "--by", "bob"]) == 0
    entry_id = int(capsys.readouterr().out)
    (note,) = [e for e in timeline.entries(ctx, key) if e.id == entry_id]
    assert (note.text, note.author) == (text, "bob")
    shown = _show_json(db_path, key, capsys)
    assert [e["text"] for e in shown["timeline"] if e["id"] == entry_id] == [text]


def test_plain_show_escapes_ansi_but_json_keeps_it(
    ctx: Context, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = TEXTS["ansi-escapes"]
    key, entry_id = _declare_and_note(ctx, text)
    bell = "ring\x07 back\x08space"
    timeline.add_note(ctx, key, bell, by="bob")
    timeline.add_note(ctx, key, TEXTS["control-chars"], by="bob")

    capsys.readouterr()
    assert main(["--db", str(db_path), "show", key]) == 0
    plain = capsys.readouterr().out
    assert "\x1b" not in plain
    assert "\x07" not in plain and "\x08" not in plain
    assert "\\x1b[31mred\\x1b[0m \\x1b[2J\\x1b[H" in plain  # shown escaped, still readable
    assert "ring\\x07 back\\x08space" in plain
    assert "soh\\x01 bel\\x07 bs\\x08 del\\x7f vt\\x0b ff\\x0c" in plain
    assert "\x01" not in plain and "\x7f" not in plain

    assert main(["--db", str(db_path), "list"]) == 0
    listed = capsys.readouterr().out
    assert "\x1b" not in listed
    assert "\\x1b[31mred" in listed

    assert main(["--db", str(db_path), "show", key, "--json"]) == 0
    raw = capsys.readouterr().out
    assert "\x1b" not in raw  # JSON escapes control characters …
    assert "\\u001b[31mred" in raw
    shown = json.loads(raw)  # … and decoding restores them exactly
    assert shown["summary"] == text
    assert [e["text"] for e in shown["timeline"] if e["id"] == entry_id] == [text]
    assert bell in [e["text"] for e in shown["timeline"]]


def test_plain_show_keeps_markup_cjk_and_emoji_literally(
    ctx: Context, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = incidents.declare(
        ctx, Declaration(summary=TEXTS["rich-markup"], severity=2), by="alice"
    ).key
    for name in ("cjk", "emoji", "newlines-and-tabs"):
        timeline.add_note(ctx, key, TEXTS[name], by="alice")
    capsys.readouterr()
    assert main(["--db", str(db_path), "show", key]) == 0
    plain = capsys.readouterr().out
    assert "[bold]x[/bold] [link=https://e.com]y[/link]" in plain  # not interpreted as markup
    assert TEXTS["cjk"] in plain
    assert TEXTS["emoji"] in plain
    assert "\r" not in plain
    assert "first\nsecond\\x0d\nthird\\x0dfourth" in plain


def _run(tmp_path: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "warroom", "--db", str(tmp_path / "w.db"), *argv],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    return {**env, "WARROOM_USER": "데이터", **extra}


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_text_survives_a_real_process(tmp_path: Path, locale: str) -> None:
    """Non-ASCII through real argv and a real stdout pipe."""
    env = _env(LC_ALL=locale, LANG=locale)
    summary = TEXTS["cjk"] + " " + TEXTS["emoji"]
    declared = _run(tmp_path, env, "declare", "--summary", summary, "--severity", "1")
    assert (declared.returncode, declared.stdout) == (0, b"HOT-1\n"), declared.stderr
    assert _run(tmp_path, env, "note", "HOT-1", TEXTS["rich-markup"]).returncode == 0
    shown = _run(tmp_path, env, "show", "HOT-1", "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout.decode("utf-8"))
    assert data["summary"] == summary
    assert data["declared_by"] == "데이터"
    notes = [e for e in data["timeline"] if e["kind"] == "note"]
    assert [(n["text"], n["author"]) for n in notes] == [(TEXTS["rich-markup"], "데이터")]
    plain = _run(tmp_path, env, "show", "HOT-1")
    assert plain.returncode == 0, plain.stderr
    assert summary in plain.stdout.decode("utf-8")


def test_json_output_survives_an_ascii_only_stdout(tmp_path: Path) -> None:
    setup = _env()
    assert (
        _run(tmp_path, setup, "declare", "--summary", TEXTS["cjk"], "--severity", "1").returncode
        == 0
    )
    shown = _run(tmp_path, _env(PYTHONIOENCODING="ascii"), "show", "HOT-1", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["summary"] == TEXTS["cjk"]


def test_text_that_is_not_valid_utf8_is_refused_in_one_line(
    ctx: Context, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = incidents.declare(ctx, Declaration(summary="x", severity=3), by="a").key
    before = ctx.store.latest_event_id()
    capsys.readouterr()
    code = main(["--db", str(db_path), "note", key, "bad \udcff byte"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert ctx.store.latest_event_id() == before


def test_direction_changing_and_invisible_characters_are_shown_not_obeyed(
    ctx: Context, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "invoice\u202egpj.exe" reads as "invoiceexe.jpg" on a terminal that obeys U+202E.
    trick = "invoice\u202egpj.exe \u2066isolated\u2069 zero\u200bwidth \ufeffbom"
    key, entry_id = _declare_and_note(ctx, trick)
    timeline.add_note(ctx, key, "emoji 👨\u200d👩\u200d👧 and ZWNJ می\u200cخواهم", by="bob")
    capsys.readouterr()
    assert main(["--db", str(db_path), "show", key]) == 0
    plain = capsys.readouterr().out
    assert "invoice\\u202egpj.exe \\u2066isolated\\u2069 zero\\u200bwidth \\ufeffbom" in plain
    for hidden in ("\u202e", "\u2066", "\u2069", "\u200b", "\ufeff"):
        assert hidden not in plain
    assert "👨\u200d👩\u200d👧" in plain and "می\u200cخواهم" in plain  # joiners are text
    assert main(["--db", str(db_path), "list"]) == 0
    assert "\u202e" not in capsys.readouterr().out
    assert main(["--db", str(db_path), "show", key, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)  # JSON keeps the text exactly
    assert [e["text"] for e in shown["timeline"] if e["id"] == entry_id] == [trick]
