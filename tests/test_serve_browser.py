"""The console in a real browser: ``warroom serve`` as a process, headless Chromium (the
system's, driven by Playwright), a note typed on the page and found in the store.

The terminal on the page draws on a canvas, so what the page shows is read from what the
server sends it: the websocket's frames, the console's terminal output, played into a
terminal emulator (pyte). Every request the page makes is checked to go to the server; any
other is aborted and fails the test, so it never reaches the network.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyte
import pytest
from playwright.sync_api import Page, Request, Route, WebSocket, sync_playwright

from warroom.cli.serve_access import TOKEN_ENV, new_token

from .cli_support import Cli
from .serve_support import serving

CHROMIUM = Path("/usr/bin/chromium")
SHOT = Path("/tmp/serve-shot.png")  # kept for a person to look at, beside the test's own
NOTE = "error rate 40% since the 14:02 deploy"
SECONDS = 90.0

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="serves on Linux"),
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"Chromium not found at {CHROMIUM}: scripts/need-chromium installs Debian's",
    ),
]


class Terminal:
    """What the page's terminal shows: the console's output, as the server sends it over
    the websocket, played into a terminal emulator (pyte) the size the page asked for."""

    def __init__(self) -> None:
        self.screen: pyte.Screen | None = None
        self._stream: pyte.ByteStream | None = None

    def opened(self, socket: WebSocket) -> None:
        size = parse_qs(urlsplit(socket.url).query)
        self.screen = pyte.Screen(int(size["width"][0]), int(size["height"][0]))
        self._stream = pyte.ByteStream(self.screen)
        socket.on("framereceived", self._received)
        socket.on("framesent", self._sent)

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes) and self._stream is not None:  # text: control messages
            self._stream.feed(payload)

    def _sent(self, payload: str | bytes) -> None:
        message = json.loads(payload) if isinstance(payload, str) else None
        if self.screen is not None and message and message[0] == "resize":
            self.screen.resize(message[1]["height"], message[1]["width"])

    @property
    def lines(self) -> list[str]:
        return [] if self.screen is None else list(self.screen.display)

    def shows(self, *words: str) -> bool:
        """Whether one line of the screen holds every one of ``words``."""
        return any(all(word in line for word in words) for line in self.lines)


def _wait(page: object, condition: object, what: str) -> None:
    """Poll, letting Playwright deliver its events between looks (``wait_for_timeout``)."""
    assert callable(condition)
    deadline = time.monotonic() + SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {SECONDS} s: {what}")
        page.wait_for_timeout(100)  # type: ignore[attr-defined]


def test_a_note_typed_in_the_browser_reaches_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "warroom.db"
    cli = Cli(db, capsys)
    cli.ok("declare", "--summary", "Git push fails", "--severity", "1", "--by", "monitoring")
    token = new_token()
    monkeypatch.setenv(TOKEN_ENV, token)

    def notes() -> list[str]:
        return [e["text"] for e in cli.show("HOT-1")["timeline"] if e["kind"] == "observation"]

    with serving(db, "--user", "scribe", cwd=tmp_path) as served:
        here = urlsplit(served.origin)
        elsewhere: list[str] = []
        problems: list[str] = []
        terminal = Terminal()

        def only_here(route: Route, request: Request) -> None:
            target = urlsplit(request.url)
            if (target.hostname, target.port) == (here.hostname, here.port):
                route.continue_()
            else:
                elsewhere.append(request.url)
                route.abort()

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
            try:
                page: Page = browser.new_page(viewport={"width": 1500, "height": 900})
                page.route("**/*", only_here)
                page.on("websocket", terminal.opened)
                page.on("pageerror", lambda error: problems.append(str(error)))
                page.on(
                    "console",
                    lambda message: (
                        problems.append(message.text)
                        if "Content Security Policy" in message.text
                        else None
                    ),
                )
                page.goto(f"{served.origin}/?token={token}")
                _wait(page, lambda: terminal.shows("HOT-1", "SEV1"), "the incident in the list")
                assert terminal.shows("Git push fails")
                assert "token" not in page.url  # kept in a cookie, out of the address bar

                page.focus("textarea.xterm-helper-textarea")  # where xterm.js takes keys
                footer = terminal.lines[-1]
                assert "Note" in footer, footer
                page.keyboard.press("n")
                # The footer lists the entry line's keys once it has the focus: only then
                # do typed letters go into it rather than to the console's own keys.
                _wait(page, lambda: "Note" not in terminal.lines[-1], "the entry line focused")
                page.keyboard.type(f"o: {NOTE}")
                _wait(page, lambda: terminal.shows(f"o: {NOTE}"), "the note in the entry line")
                page.keyboard.press("Enter")
                _wait(page, lambda: NOTE in notes(), "the note in the store")
                _wait(page, lambda: terminal.shows("OBS", "scribe:", NOTE), "the note on the page")
                assert not terminal.shows(f"o: {NOTE}")  # the entry line is empty again

                page.screenshot(path=str(tmp_path / "serve.png"))
                shutil.copyfile(tmp_path / "serve.png", SHOT)
            finally:
                browser.close()
        assert elsewhere == [], "the page asked for something from elsewhere"
        assert problems == [], problems
    entry = next(e for e in cli.show("HOT-1")["timeline"] if e["text"] == NOTE)
    assert entry["author"] == "scribe"  # serve's --user, the name in the browser
