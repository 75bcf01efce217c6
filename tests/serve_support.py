"""``warroom serve`` as a real process on a free loopback port, and what a test asks it.

Requests go to 127.0.0.1 only. Every wait is for a condition (the line serve prints once
its port is open, a process gone), with a deadline that fails the test if it passes.
"""

from __future__ import annotations

import http.client
import re
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .children import child_env

READY_SECONDS = 60.0
# A websocket handshake as a browser sends one (RFC 6455's example key).
UPGRADE = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    line: str  # what serve printed once its port was open
    log: Path  # its stderr

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            body = b"" if response.status == 101 else response.read()
            return Answer(response.status, response.headers, body)
        finally:
            connection.close()

    @contextmanager
    def websocket(self, headers: dict[str, str]) -> Iterator[int]:
        """Open the console's websocket and keep it open (its console running) for the
        ``with`` block; yields the handshake's status."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", "/ws?width=100&height=30", headers={**UPGRADE, **headers})
            yield connection.getresponse().status
        finally:
            connection.close()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=60)
        if self.process.stdout is not None:
            self.process.stdout.close()
        return code


@contextmanager
def serving(
    db: Path | str, *args: str, cwd: Path, env: dict[str, str] | None = None
) -> Iterator[Served]:
    """``python -m warroom --db DB serve --port P ARGS…``, stopped (SIGTERM) afterwards."""
    port = free_port()
    environment = child_env(env)
    log = cwd / f"serve-{port}.log"
    command = [sys.executable, "-m", "warroom", "--db", str(db), "serve", "--port", str(port)]
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [*command, *args],
            cwd=cwd,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    served = Served(process, port, "", log)
    try:
        served.line = _first_line(process, log)
        yield served
    finally:
        served.stop()


def _first_line(process: subprocess.Popen[str], log: Path) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=READY_SECONDS):
            raise AssertionError(f"serve printed nothing in {READY_SECONDS} s: {log.read_text()}")
    line = process.stdout.readline()
    assert line, f"serve ended ({process.wait()}) before serving: {log.read_text()}"
    return line


def consoles_of(db: Path) -> dict[int, tuple[list[str], dict[str, str]]]:
    """The processes whose environment names this store in WARROOM_DB (the consoles serve
    started, and nothing else a test runs): pid → (command line, environment)."""
    found: dict[int, tuple[list[str], dict[str, str]]] = {}
    wanted = f"WARROOM_DB={db}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "environ").read_bytes()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        variables = raw.split(b"\0")
        if wanted in variables:
            pairs = (v.decode(errors="replace").partition("=") for v in variables if v)
            found[int(entry.name)] = (
                [a.decode(errors="replace") for a in cmdline.split(b"\0") if a],
                {name: value for name, _, value in pairs},
            )
    return found


def wait_until(condition: object, what: str, seconds: float = 60.0) -> None:
    """Poll ``condition()`` until it is true; fail naming ``what`` after ``seconds``."""
    assert callable(condition)
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.05)


class References(HTMLParser):
    """Every address a page makes the browser load: ``src``/``href`` of the elements that
    fetch, and ``url(…)`` and ``@import`` in its styles."""

    FETCHING = {
        "link": "href",
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "audio": "src",
        "video": "src",
        "embed": "src",
        "object": "data",
        "track": "src",
    }

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if (name := self.FETCHING.get(tag)) and values.get(name):
            self.found.append(str(values[name]))
        if tag == "img" and values.get("srcset"):
            self.found += [part.split()[0] for part in str(values["srcset"]).split(",")]
        if values.get("style"):
            self.found += css_references(str(values["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += css_references(data)


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def css_references(css: str) -> list[str]:
    return [a or b for a, b in _CSS_URL.findall(css)]


def page_references(html: str) -> list[str]:
    parser = References()
    parser.feed(html)
    parser.close()
    return parser.found


def off_host(page_url: str, references: list[str]) -> list[str]:
    """The references that would be fetched from anywhere but the page's own server."""
    here = urlsplit(page_url)
    away = []
    for reference in references:
        target = urlsplit(urljoin(page_url, reference))
        if target.scheme == "data":
            continue
        if (target.scheme, target.netloc) != (here.scheme, here.netloc):
            away.append(reference)
    return away
