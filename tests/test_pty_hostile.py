"""The console in a real pseudo-terminal, on a store full of hostile text: the raw bytes it
writes hold no control sequence that came from stored text.

In-process tests read what Textual would draw; this reads what reaches the terminal, so a
sequence that slipped through any layer (a widget, Textual, Rich, the driver) shows here.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from warroom.process import incidents, timeline
from warroom.process.context import Context

from .hostile import hostile_store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

COLUMNS, ROWS = 160, 50
# Keys a person would press: each tab of the right pane, the drafter and back, a dialog and
# back, the palette searching incidents, then quit (twice, in case something was unsaved).
KEYS = [
    b"1",
    b"2",
    b"3",
    b"4",
    b"c",
    b"\x1b",
    b"l",
    b"\x1b",
    b"\x10",
    b"HOT",
    b"\x1b",
    b"\x11",
    b"\x11",
]

# Byte sequences that exist only if stored text reached the terminal as it was written.
OBEYED = {
    "window title (OSC 0)": b"\x1b]0;PWNED",
    "clipboard (OSC 52)": b"\x1b]52;c;UFdO",
    "hyperlink (OSC 8)": b"\x1b]8;;https://evil",
    "clear screen and colours (CSI)": b"\x1b[31;7mREDREV",
    "C1 control sequence introducer": "\x9b7mC1CSI".encode(),
    "right-to-left override": "\u202e".encode(),
    "isolate": "\u2066".encode(),
    "zero-width space": "\u200b".encode(),
}


class Terminal:
    """A pseudo-terminal of a fixed size, and everything written to it."""

    def __init__(self) -> None:
        self.master, self.slave = pty.openpty()
        size = struct.pack("HHHH", ROWS, COLUMNS, 0, 0)
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, size)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)

    def run(self, argv: list[str], env: dict[str, str], ready: bytes, keys: list[bytes]) -> int:
        """Start ``argv`` on this terminal, wait until it has drawn ``ready``, type each of
        ``keys`` as a person would, and return its exit status once it has quit."""
        process = subprocess.Popen(
            argv,
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            env=env,
            start_new_session=True,
        )
        os.close(self.slave)
        self._reader.start()
        try:
            assert self._wait_for(ready, timeout=60), bytes(self.output[-2000:])
            for key in keys:
                time.sleep(0.6)  # pacing, as a person types; nothing is timed
                os.write(self.master, key)
            return process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the other end closed
                return
            if not chunk:
                return
            self.output += chunk

    def _wait_for(self, needle: bytes, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.output:
                return True
            time.sleep(0.05)
        return False


def test_no_stored_text_acts_on_the_terminal(tmp_path: Path) -> None:
    store = tmp_path / "hostile.db"
    hostile_store(store)
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env.pop("TEXTUAL", None)
    user = "bob\x1b]0;PWNED-USER\x07"
    terminal = Terminal()
    argv = [sys.executable, "-m", "warroom", "--db", str(store), "--user", user]
    # The first frame is drawn once the incident list shows the first key.
    assert terminal.run(argv, env, ready=b"HOT-", keys=KEYS) == 0
    written = bytes(terminal.output)
    obeyed = [name for name, sequence in OBEYED.items() if sequence in written]
    assert obeyed == []
    # It was shown, as text: the test saw the hostile fields, not an empty screen.
    assert b"PWNED-TITLE" in written
    assert b"[@click=app.bell]CLICKME" in written


def test_a_byte_that_is_not_utf8_is_replaced_and_the_note_kept(tmp_path: Path) -> None:
    """A paste from a Latin-1 terminal: the byte arrives as U+FFFD, the console lives on,
    and the note is saved."""
    store = tmp_path / "warroom.db"
    ctx = Context.open(store)
    try:
        key = incidents.declare(ctx, incidents.Declaration("Wiki saves", 2), by="monitor").key
    finally:
        ctx.close()
    env = {**os.environ, "TERM": "xterm-256color"}
    terminal = Terminal()
    argv = [sys.executable, "-m", "warroom", "--db", str(store)]
    keys = [b"n", b"caf\xe9 latin-1", b"\r", b"\x11", b"\x11"]
    assert terminal.run(argv, env, ready=key.encode(), keys=keys) == 0
    ctx = Context.open(store)
    try:
        notes = [e.text for e in timeline.entries(ctx, key) if e.kind == "note"]
    finally:
        ctx.close()
    assert notes == ["caf\ufffd latin-1"]
