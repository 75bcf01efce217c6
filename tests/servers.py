"""Real servers on 127.0.0.1 for the delivery tests: an SMTP server (aiosmtpd) and an HTTP
endpoint that records what is POSTed to it. Both count the connections made to them, so a
test can prove nobody called. Nothing here reaches beyond loopback."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

READY_SECONDS = 5.0


def free_port() -> int:
    """A port nobody listens on now (a server may take it later, as a test needs)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ---------------------------------------------------------------- SMTP


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps every message it was given."""

    received: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: Session, envelope: Envelope) -> str:
        self.received.append(envelope)
        return "250 OK"


class _CountingController(Controller):
    """aiosmtpd makes one SMTP session per connection, through ``factory``."""

    connections = 0

    def factory(self) -> SMTP:
        self.connections += 1
        return super().factory()  # type: ignore[no-untyped-call,no-any-return]


@dataclass(frozen=True)
class SmtpServer:
    port: int
    inbox: Inbox
    controller: _CountingController

    @property
    def received(self) -> list[Envelope]:
        return self.inbox.received

    @property
    def connections(self) -> int:
        """Connections made since the server was ready (any, even one that sent nothing)."""
        return self.controller.connections


@contextmanager
def smtp_server(port: int | None = None, **controller: Any) -> Iterator[SmtpServer]:
    """Plain SMTP (no STARTTLS) unless ``controller`` asks for more, e.g. an authenticator."""
    inbox = Inbox()
    port = port or free_port()
    running = _CountingController(
        inbox, hostname="127.0.0.1", port=port, ready_timeout=READY_SECONDS, **controller
    )
    running.start()
    running.connections = 0  # start() connects once itself, to check the server answers
    try:
        yield SmtpServer(port, inbox, running)
    finally:
        running.stop()


# ---------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class Posted:
    path: str
    content_type: str
    authorization: str | None
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class WebhookServer(ThreadingHTTPServer):
    """Answers every POST with ``status`` (a redirect for a 3xx) and keeps what was posted."""

    daemon_threads = True

    def __init__(self, status: int, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Recording)
        self.status = status
        self.received: list[Posted] = []
        self.connections = 0  # any, even one that never sent a request

    def process_request(self, request: Any, client_address: Any) -> None:
        self.connections += 1
        super().process_request(request, client_address)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class _Recording(BaseHTTPRequestHandler):
    server: WebhookServer

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = self.headers
        posted = Posted(self.path, headers.get_content_type(), headers["Authorization"], body)
        self.server.received.append(posted)
        status = self.server.status
        answer = b"ok" if status < 300 else b"upstream unavailable " + b"z" * 500
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


@contextmanager
def webhook_server(status: int = 200, port: int = 0) -> Iterator[WebhookServer]:
    server = WebhookServer(status, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=READY_SECONDS)
