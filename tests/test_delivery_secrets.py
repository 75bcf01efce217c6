"""No credential leaks through what a server says back.

A careless mail server quotes the AUTH line it was sent in its 535 rejection; a careless
web endpoint quotes the request's URL and headers in its error page. These tests run such
servers on 127.0.0.1 (tests/servers.py, ``echo``) and check that neither the delivery's
detail, nor what ``warroom send`` and ``retry`` print, nor ``show --json``, nor any byte of
the store (the -wal file too) holds a credential in any form it was sent in.
"""

from __future__ import annotations

import base64
import hmac
import logging
import sqlite3
from collections.abc import Callable, Iterator
from email.message import Message
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from warroom.base.clock import ManualClock
from warroom.base.text import safe
from warroom.comms.delivery.base import deliver
from warroom.comms.delivery.redact import MARK, SHORTEST, redact

from .cli_support import Cli, Result
from .servers import (
    echo_auth_line,
    echo_request,
    free_port,
    loopback_only,
    smtp_server,
    webhook_server,
)
from .test_cli_comms import UPDATE_FIELDS, _answer_all, _retry_ids, _sets, _smtp_env
from .test_delivery import PASSWORD, USER, _hook_config, _outgoing, _smtp_config

MECHANISMS = ("PLAIN", "LOGIN", "CRAM-MD5")
CHALLENGE = b"<1896.697170952@127.0.0.1>"  # what tests/servers.py's CRAM-MD5 asks


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


DIGEST = hmac.new(PASSWORD.encode(), CHALLENGE, "md5").hexdigest()
TOKEN = "T0K3N%2Bs3cret%2F0123"  # in a webhook URL's path, as written; a server may decode it
SIGNATURE = "Q-s1gnature-4567"  # in its query
PLAIN = {USER, PASSWORD, DIGEST, TOKEN, unquote(TOKEN), SIGNATURE}
# What the client sends for each mechanism, in every form it sends it.
SENT = {
    "PLAIN": [USER, PASSWORD, b64(f"\0{USER}\0{PASSWORD}")],
    "LOGIN": [USER, PASSWORD, b64(USER), b64(PASSWORD)],
    "CRAM-MD5": [USER, DIGEST, b64(f"{USER} {DIGEST}")],
}


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    unset = ("WARROOM_SMTP_USER", "WARROOM_SMTP_PASSWORD", "WARROOM_WEBHOOK_URL")
    loopback_only(monkeypatch, unset)


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARROOM_SMTP_USER", USER)
    monkeypatch.setenv("WARROOM_SMTP_PASSWORD", PASSWORD)


def leaks(text: str, forms: list[str]) -> list[str]:
    """Each form found in ``text``: a credential whole, its base64 even as a piece of
    ``SHORTEST`` characters (a piece of "warroom-bot" is just "warroom")."""
    encoded = [form for form in forms if form not in PLAIN]
    pieces = {form[at : at + SHORTEST] for form in encoded for at in range(len(form) - 3)}
    return sorted(piece for piece in pieces | set(forms) if piece in text)


def only(mechanism: str) -> list[str]:
    """aiosmtpd's option that leaves ``mechanism`` the only one offered."""
    return [other for other in MECHANISMS if other != mechanism]


# ---------------------------------------------------------------- how servers quote


def wrapped(received: list[str]) -> str:
    """A multi-line reply that cuts what it quotes into 9-character lines."""
    quoted = " ".join(received)
    lines = ["Authentication failed:", *(quoted[at : at + 9] for at in range(0, len(quoted), 9))]
    return "\r\n".join(f"535-5.7.8 {line}" for line in lines[:-1]) + f"\r\n535 5.7.8 {lines[-1]}"


def part_quoted(received: list[str]) -> str:
    """Quotes a piece out of the middle of each line."""
    return "535 5.7.8 bad credentials near " + ", ".join(f"'{r[-20:-6]}'" for r in received)


def _decoded(received: list[str]) -> list[str]:
    """What each line carries, decoded: its last word, unless it is the mechanism's name."""
    words = [line.split()[-1] for line in received if len(line.split()) != 2]
    return [base64.b64decode(word).decode() for word in words]


def decoded(received: list[str]) -> str:
    """Decodes the base64 and quotes the credentials themselves (NULs and all)."""
    return "535 5.7.8 rejected " + " | ".join(_decoded(received))


def percent_encoded(received: list[str]) -> str:
    """Decodes the base64 and quotes it URL-encoded, as a web-minded server would."""
    return "535 5.7.8 rejected " + " ".join(quote(text, safe="") for text in _decoded(received))


ECHOES: dict[str, Callable[[list[str]], str]] = {
    "line": echo_auth_line,
    "wrapped": wrapped,
    "part": part_quoted,
    "decoded": decoded,
    "percent": percent_encoded,
}


# ---------------------------------------------------------------- SMTP, adapter level


@pytest.mark.usefixtures("credentials")
@pytest.mark.parametrize("echo", ECHOES)
@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_smtp_rejection_quoting_the_login_keeps_no_credential(
    tmp_path: Path, mechanism: str, echo: str, caplog: pytest.LogCaptureFixture
) -> None:
    said: list[str] = []

    def careless(received: list[str]) -> str:
        said.append(ECHOES[echo](received))
        return said[-1]

    caplog.set_level(logging.DEBUG)
    with smtp_server(echo=careless, auth_exclude_mechanism=only(mechanism)) as server:
        config = _smtp_config(tmp_path / "outbox", server.port)
        attempt = deliver("smtp", _outgoing("email"), config)

    [reply] = said
    assert leaks(reply, SENT[mechanism]), reply  # the server did quote what it got
    assert not attempt.ok
    assert attempt.detail.startswith("authentication with 127.0.0.1 failed: 535 ")
    assert MARK in attempt.detail
    assert leaks(attempt.detail, SENT[mechanism]) == [], attempt.detail
    ours = [r for r in caplog.records if not r.name.startswith("mail.")]  # not aiosmtpd's
    assert leaks("\n".join(r.getMessage() for r in ours), SENT[mechanism]) == []


@pytest.mark.usefixtures("credentials")
def test_smtp_rejection_keeps_what_is_not_secret(tmp_path: Path) -> None:
    with smtp_server(echo=echo_auth_line, auth_exclude_mechanism=only("PLAIN")) as server:
        attempt = deliver("smtp", _outgoing("email"), _smtp_config(tmp_path, server.port))

    assert attempt.detail == (
        f"authentication with 127.0.0.1 failed: 535 5.7.8 Authentication failed: AUTH PLAIN {MARK}"
    )


def test_smtp_credentials_that_are_not_ascii_are_refused_without_quoting_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARROOM_SMTP_USER", USER)
    monkeypatch.setenv("WARROOM_SMTP_PASSWORD", "pa55-Véry-Secret")
    with smtp_server(echo=echo_auth_line, auth_exclude_mechanism=only("PLAIN")) as server:
        attempt = deliver("smtp", _outgoing("email"), _smtp_config(tmp_path, server.port))

    assert not attempt.ok
    assert attempt.detail == (
        "WARROOM_SMTP_USER and WARROOM_SMTP_PASSWORD must be ASCII: smtplib sends no other"
    )


# ---------------------------------------------------------------- webhook, adapter level

HOOK_SENT = [
    USER,
    PASSWORD,
    b64(f"{USER}:{PASSWORD}"),  # the Basic Authorization header
    TOKEN,
    unquote(TOKEN),
    SIGNATURE,
]


def _hook_url(port: int) -> str:
    return f"http://{USER}:{PASSWORD}@127.0.0.1:{port}/hooks/{TOKEN}?sig={SIGNATURE}&v=2"


def authorization_first(request_line: str, headers: Message) -> bytes:
    return f"denied: {headers['Authorization']} for {request_line}".encode()


def decoded_request(request_line: str, headers: Message) -> bytes:
    return f"no hook at {unquote(request_line)}; {headers['Authorization']}".encode()


@pytest.mark.parametrize("echo", [echo_request, authorization_first, decoded_request])
def test_webhook_error_page_quoting_the_request_keeps_no_secret(
    tmp_path: Path, echo: Callable[[str, Message], bytes]
) -> None:
    said: list[bytes] = []

    def careless(request_line: str, headers: Message) -> bytes:
        said.append(echo(request_line, headers))
        return said[-1]

    with webhook_server(401, echo=careless) as server:
        config = _hook_config(tmp_path, _hook_url(server.port))
        attempt = deliver("webhook", _outgoing("internal"), config)

    [page] = said
    assert leaks(page.decode(), HOOK_SENT), page
    assert not attempt.ok
    assert attempt.detail.startswith(f"HTTP 401 from {server.url}: ")
    assert MARK in attempt.detail
    assert leaks(attempt.detail, HOOK_SENT) == [], attempt.detail


@pytest.mark.parametrize("inside", [4, 7, 12, 19])
def test_webhook_error_page_cut_off_inside_a_secret_keeps_no_piece_of_it(
    tmp_path: Path, inside: int
) -> None:
    """The detail quotes 200 characters of the page: the cut may fall inside a secret."""
    header = f"Basic {b64(f'{USER}:{PASSWORD}')}"

    def padded(request_line: str, headers: Message) -> bytes:
        return ("x" * (199 - inside) + " " + headers["Authorization"][6:] + " more").encode()

    with webhook_server(503, echo=padded) as server:
        config = _hook_config(tmp_path, _hook_url(server.port))
        attempt = deliver("webhook", _outgoing("internal"), config)

    assert attempt.detail.endswith("x " + MARK)
    assert leaks(attempt.detail, [header[6:]]) == [], attempt.detail


# ---------------------------------------------------------------- redact itself


@pytest.mark.parametrize(
    "said",
    [
        "pa55%2dVery-Secret",  # one character percent-encoded, lower-case hex
        "pa55-Very-Secret".replace("-", "%2D"),
        "{&quot;p&quot;: &quot;pa55-Very-Secret&quot;}",
        "b'\\x00warroom-bot\\x00pa55-Very-Secret'",
        "d2Fycm9v",  # the first characters of base64("warroom-bot")
        "Y3JldA==",  # the last of base64("pa55-Very-Secret")
        b64(f"someone\0{USER}\0{PASSWORD}"),  # held at another offset
    ],
)
def test_redact_blanks_every_form(said: str) -> None:
    redacted = redact(f"535 5.7.8 no: {said} (try again)", [USER, PASSWORD])
    assert redacted.startswith("535 5.7.8 no: ")
    assert redacted.endswith(" (try again)")
    assert MARK in redacted
    assert leaks(redacted, [USER, PASSWORD, b64(USER), b64(PASSWORD)]) == [], redacted


def test_redact_leaves_ordinary_text_and_short_secrets_alone() -> None:
    text = "sent to oncall@example.com via 127.0.0.1:2525; HTTP 503 Service Unavailable"
    assert redact(text, [USER, PASSWORD, "abc"]) == text
    assert redact("abc abcd", ["abc", "abcd"]) == f"abc {MARK}"


def test_the_mark_is_shown_as_it_is_and_is_no_markup() -> None:
    assert safe(MARK) == MARK
    assert "[" not in MARK and "]" not in MARK


# ---------------------------------------------------------------- through the CLI and the store


@pytest.fixture
def taken(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    clock: ManualClock,
) -> Iterator[Cli]:
    """HOT-1, severity 1, taken by alice; a reader holds the store open throughout, so the
    -wal file is neither checkpointed away nor removed and its bytes can be read."""
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)
    monkeypatch.setenv("WARROOM_OUTBOX", str(tmp_path / "outbox"))
    cli = Cli(tmp_path / "w.db", capsys, tmp_path / "outbox")
    cli.ok("declare", "--summary", "Git pushes failing", "--severity", "1", "--product", "Repos")
    cli.ok("--user", "alice", "take", "HOT-1")
    reader = sqlite3.connect(cli.db)
    reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
    yield cli
    reader.close()


def _stored_bytes(folder: Path) -> dict[str, bytes]:
    """Every file the commands left, the store's -wal among them."""
    return {path.name: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _byte_leaks(folder: Path, forms: list[str]) -> dict[str, list[str]]:
    found = {}
    for name, data in _stored_bytes(folder).items():
        hits = [form for form in forms if form.encode() in data]
        if hits:
            found[name] = hits
    return found


def _printed(*results: Result) -> str:
    return "\n".join(result.out + result.err for result in results)


@pytest.mark.usefixtures("credentials")
@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_send_retry_show_and_the_store_keep_no_smtp_credential(
    taken: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mechanism: str
) -> None:
    port = free_port()
    _smtp_env(monkeypatch, port)
    _answer_all(taken)
    with smtp_server(port, echo=echo_auth_line, auth_exclude_mechanism=only(mechanism)):
        sent = taken("send", "HOT-1", "--phase", "initial", "--channel", "email")
        [delivery_id] = _retry_ids(sent.err)
        retried = taken("retry", delivery_id)
    shown = taken("show", "HOT-1", "--json")

    assert (sent.code, retried.code) == (1, 1), (sent, retried)
    expected = f"535 5.7.8 Authentication failed: AUTH {mechanism} {MARK}"
    assert expected in sent.out
    assert expected in retried.out
    [message] = shown.json()["messages"]
    [smtp] = [d for d in message["deliveries"] if d["adapter"] == "smtp"]
    assert (smtp["status"], smtp["attempts"]) == ("failed", 2)
    assert expected in smtp["detail"]
    assert leaks(_printed(sent, retried, shown), SENT[mechanism]) == []
    assert (tmp_path / "w.db-wal").exists()
    assert _byte_leaks(tmp_path, SENT[mechanism]) == {}


def test_send_show_and_the_store_keep_no_webhook_secret(
    taken: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with webhook_server(403, echo=echo_request) as server:
        monkeypatch.setenv("WARROOM_WEBHOOK_URL", _hook_url(server.port))
        sent = taken(
            "send", "HOT-1", "--phase", "update", "--channel", "external", *_sets(UPDATE_FIELDS)
        )
    shown = taken("show", "HOT-1", "--json")

    assert sent.code == 1, sent
    assert f"webhook: failed — HTTP 403 from {server.url}: rejected POST {MARK}" in sent.out
    [message] = shown.json()["messages"]
    [hook] = [d for d in message["deliveries"] if d["adapter"] == "webhook"]
    assert hook["detail"].startswith(f"HTTP 403 from {server.url}: rejected POST {MARK}")
    assert leaks(_printed(sent, shown), HOOK_SENT) == []
    assert _byte_leaks(tmp_path, HOOK_SENT) == {}
