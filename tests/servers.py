"""Real servers on 127.0.0.1 for the delivery tests: an SMTP server (aiosmtpd) and an HTTP
endpoint that records what is POSTed to it. Both count the connections made to them, so a
test can prove nobody called. Either can be careless and quote what it was sent in its
rejection (``echo``), as some real servers do; the HTTP endpoint can also answer as an API
would (``reply``). Nothing here reaches beyond loopback."""

from __future__ import annotations

import base64
import json
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import MISSING, SMTP, AuthResult, Envelope, Session

READY_SECONDS = 5.0


PROXY_VARIABLES = (
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
)


def loopback_only(monkeypatch: Any, unset: tuple[str, ...] = ()) -> None:
    """Requests to 127.0.0.1 go through no proxy, and none of ``unset`` (credentials, the
    user's own settings) leaks in from the environment. ``monkeypatch``: pytest's."""
    for name in (*unset, *PROXY_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


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


# The lines a server received while a client logged in → its rejection, status line(s) and all.
SmtpEcho = Callable[[list[str]], str]


def echo_auth_line(received: list[str]) -> str:
    """The careless server's rejection: the AUTH line it got, and each answer to its
    challenges, quoted back."""
    return "535 5.7.8 Authentication failed: " + " ".join(received)


@dataclass
class EchoingInbox(Inbox):
    """Offers AUTH PLAIN, LOGIN and CRAM-MD5, and refuses every login with ``echo`` of what
    it received. An answer to a challenge is quoted as base64 again, as the client sent it
    (aiosmtpd hands it over decoded; smtplib's base64 is the canonical one)."""

    echo: SmtpEcho = echo_auth_line

    async def auth_PLAIN(self, server: SMTP, args: list[str]) -> AuthResult:
        return await self._refuse(server, args, [""] if len(args) == 1 else [])

    async def auth_LOGIN(self, server: SMTP, args: list[str]) -> AuthResult:
        challenges = ["Username:", "Password:"] if len(args) == 1 else ["Password:"]
        return await self._refuse(server, args, challenges)

    async def auth_CRAM__MD5(self, server: SMTP, args: list[str]) -> AuthResult:
        return await self._refuse(server, args, ["<1896.697170952@127.0.0.1>"])

    async def _refuse(self, server: SMTP, args: list[str], challenges: list[str]) -> AuthResult:
        received = ["AUTH " + " ".join(args)]
        for challenge in challenges:
            answer = await server.challenge_auth(challenge)
            if answer is MISSING:  # aiosmtpd has already said why
                return AuthResult(success=False, handled=True)
            received.append(base64.b64encode(answer).decode("ascii"))
        return AuthResult(success=False, handled=False, message=self.echo(received))


@contextmanager
def smtp_server(
    port: int | None = None, echo: SmtpEcho | None = None, **controller: Any
) -> Iterator[SmtpServer]:
    """Plain SMTP (no STARTTLS) unless ``controller`` asks for more, e.g. an authenticator.
    With ``echo``, it offers AUTH without TLS and refuses every login with ``echo`` of the
    lines it received (``EchoingInbox``); ``auth_exclude_mechanism`` narrows what it offers."""
    inbox = Inbox() if echo is None else EchoingInbox(echo=echo)
    if echo is not None:
        controller.setdefault("auth_require_tls", False)
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
    headers: Mapping[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body)


# A request line and its headers → the body of an error page.
HttpEcho = Callable[[str, Message], bytes]
# What was posted → the status and the JSON to answer with, as an API would.
HttpReply = Callable[[Posted], tuple[int, Any]]


def echo_request(request_line: str, headers: Message) -> bytes:
    """The careless endpoint's error page: the request line and every header, quoted."""
    quoted = "".join(f"{name}: {value}\n" for name, value in headers.items())
    return f"rejected {request_line}\n{quoted}".encode()


class WebhookServer(ThreadingHTTPServer):
    """Answers every POST with ``status`` (a redirect for a 3xx) and keeps what was posted.
    With ``echo``, an error's body is ``echo`` of the request; with ``reply``, every answer
    is what ``reply`` makes of the request, as JSON."""

    daemon_threads = True

    def __init__(
        self, status: int, port: int, echo: HttpEcho | None = None, reply: HttpReply | None = None
    ) -> None:
        super().__init__(("127.0.0.1", port), _Recording)
        self.status = status
        self.echo = echo
        self.reply = reply
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
        posted = Posted(
            self.path, headers.get_content_type(), headers["Authorization"], body, dict(headers)
        )
        self.server.received.append(posted)
        status = self.server.status
        answer = b"ok" if status < 300 else b"upstream unavailable " + b"z" * 500
        if status >= 300 and self.server.echo is not None:
            answer = self.server.echo(self.requestline, headers)
        if self.server.reply is not None:
            status, said = self.server.reply(posted)
            answer = json.dumps(said).encode()
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


@contextmanager
def webhook_server(
    status: int = 200, port: int = 0, echo: HttpEcho | None = None, reply: HttpReply | None = None
) -> Iterator[WebhookServer]:
    server = WebhookServer(status, port, echo, reply)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=READY_SECONDS)
