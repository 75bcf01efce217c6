"""Delivery: outbox files, and SMTP and webhook against real servers on loopback.

Every server is started by these tests on 127.0.0.1 and shut down by its fixture;
every wait is bounded by a short timeout.
"""

from __future__ import annotations

import base64
import json
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from warroom.base.errors import InvalidInput
from warroom.comms.delivery.base import Attempt, Outgoing, adapters_for, deliver
from warroom.config.delivery import DeliverySettings

from . import servers
from .servers import SmtpServer, WebhookServer

T0 = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
KEY = "HOT-7"
TITLE = f"{KEY} - Sev 2 - Checkout errors"
# Everything that must survive a round trip: CJK, emoji, Rich markup, an ANSI escape,
# a CRLF, a line longer than SMTP's 998 octets and no final newline.
BODY = (
    "Checkout fails for 日本語 customers 🔥\n"
    "[bold]not markup[/bold] and \x1b[31mred\x1b[0m\r\n" + "x" * 1200 + "\nroot cause unknown"
)
RECIPIENTS = ("oncall@example.com", "leads@example.com")
PASSWORD = "pa55-Very-Secret"
USER = "warroom-bot"
SHORT = 2.0  # seconds: the longest any test waits for a server


def _outgoing(channel: str, phase: str = "initial", message_id: int = 12, **kw: Any) -> Outgoing:
    values: dict[str, Any] = {
        "message_id": message_id,
        "incident_key": KEY,
        "phase": phase,
        "channel": channel,
        "title": TITLE,
        "body": BODY,
        "sent_at": T0,
        "sent_by": "aisha",
    }
    values.update(kw)
    return Outgoing(**values)


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture(autouse=True)
def _no_credentials_or_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    servers.loopback_only(monkeypatch, ("WARROOM_SMTP_USER", "WARROOM_SMTP_PASSWORD"))


def _config(outbox: Path, **kw: Any) -> DeliverySettings:
    return DeliverySettings(outbox=outbox, email_to=RECIPIENTS, **kw)


def _parse_eml(data: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


# ---------------------------------------------------------------- outbox


def test_outbox_email_is_an_eml_that_parses_back_exactly(outbox: Path) -> None:
    attempt = deliver("outbox", _outgoing("email"), _config(outbox))

    path = outbox / "20261125T140000Z-HOT-7-msg000012-email.eml"
    assert attempt == Attempt("outbox", True, f"wrote {path}")
    message = _parse_eml(path.read_bytes())
    assert message["Subject"] == TITLE
    assert message["From"] == "warroom@localhost"
    assert [str(a.addr_spec) for a in message["To"].addresses] == list(RECIPIENTS)
    assert message["X-Warroom-Incident"] == KEY
    assert message["Date"].datetime == T0
    assert message["Message-ID"].startswith("<warroom.")
    assert message.get_content_charset() == "utf-8"
    assert message.get_content() == BODY


def test_outbox_status_pages_are_json_with_status_per_phase(outbox: Path) -> None:
    config = _config(outbox)
    expected = {"initial": "investigating", "update": "identified", "resolution": "resolved"}
    for number, (phase, status) in enumerate(expected.items(), start=1):
        attempt = deliver("outbox", _outgoing("external", phase, message_id=number), config)
        assert attempt.ok, attempt.detail
        path = outbox / f"20261125T140000Z-HOT-7-msg{number:06d}-external.json"
        assert attempt.detail == f"wrote {path}"
        assert json.loads(path.read_text("utf-8")) == {
            "incident": KEY,
            "phase": phase,
            "channel": "external",
            "name": TITLE,
            "body": BODY,
            "status": status,
            "sent_at": "2026-11-25T14:00:00+00:00",
            "sent_by": "aisha",
            "message_id": number,
            "drill": False,
        }


def test_outbox_internal_writes_payload_and_chat_post(outbox: Path) -> None:
    attempt = deliver("outbox", _outgoing("internal", "update"), _config(outbox))

    stem = outbox / "20261125T140000Z-HOT-7-msg000012-internal"
    payload, chat = stem.with_suffix(".json"), stem.with_suffix(".txt")
    assert attempt == Attempt("outbox", True, f"wrote {payload}, {chat}")
    assert json.loads(payload.read_text("utf-8"))["status"] == "identified"
    assert chat.read_bytes().decode("utf-8") == f"{TITLE}\n\n{BODY}\n"
    assert sorted(p.name for p in outbox.iterdir()) == [payload.name, chat.name]  # no temp left


def test_outbox_names_are_unique_sortable_and_safe(outbox: Path) -> None:
    config = _config(outbox)
    later = T0 + timedelta(hours=1)
    deliver("outbox", _outgoing("email", message_id=10), config)
    deliver("outbox", _outgoing("email", message_id=9), config)  # same second
    deliver("outbox", _outgoing("email", message_id=11, sent_at=later), config)
    odd = _outgoing("email", message_id=12, incident_key="HOT/../7 ☃:x", sent_at=later)
    deliver("outbox", odd, config)

    assert sorted(p.name for p in outbox.iterdir()) == [
        "20261125T140000Z-HOT-7-msg000009-email.eml",
        "20261125T140000Z-HOT-7-msg000010-email.eml",
        "20261125T150000Z-HOT-7-msg000011-email.eml",
        "20261125T150000Z-HOT..7x-msg000012-email.eml",
    ]


def test_outbox_names_use_utc_whatever_the_given_zone(outbox: Path) -> None:
    elsewhere = T0.astimezone(timezone(timedelta(hours=9)))
    attempt = deliver("outbox", _outgoing("external", sent_at=elsewhere), _config(outbox))
    assert "20261125T140000Z-" in attempt.detail


def test_outbox_unwritable_folder_is_a_clear_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file")
    config = _config(blocker / "outbox")

    attempt = deliver("outbox", _outgoing("email"), config)

    assert not attempt.ok
    assert attempt.detail == f"cannot create outbox folder {blocker / 'outbox'}: Not a directory"


def test_outbox_same_message_again_replaces_its_file(outbox: Path) -> None:
    config = _config(outbox)
    first = deliver("outbox", _outgoing("external"), config)
    again = deliver("outbox", _outgoing("external"), config)
    assert first == again
    assert len(list(outbox.iterdir())) == 1


# ---------------------------------------------------------------- adapters_for


@pytest.mark.parametrize("smtp", [None, "smtp.example.com"])
@pytest.mark.parametrize("webhook", [None, "https://status.example.com/hook"])
@pytest.mark.parametrize("channel", ["internal", "email", "external"])
def test_adapters_for_every_channel_and_configuration(
    outbox: Path, channel: str, smtp: str | None, webhook: str | None
) -> None:
    config = _config(outbox, smtp_host=smtp, webhook_url=webhook)
    expected = ["outbox"]
    if channel == "email" and smtp:
        expected.append("smtp")
    if channel != "email" and webhook:
        expected.append("webhook")
    assert adapters_for(_outgoing(channel), config) == expected


def test_adapters_for_treats_blank_settings_as_unset(outbox: Path) -> None:
    config = _config(outbox, smtp_host=" ", webhook_url="")
    assert adapters_for(_outgoing("email"), config) == ["outbox"]
    assert adapters_for(_outgoing("internal"), config) == ["outbox"]


def test_unknown_names_and_bad_input_are_refused(outbox: Path) -> None:
    with pytest.raises(InvalidInput, match="channel"):
        _outgoing("pager")
    with pytest.raises(InvalidInput, match="adapter"):
        deliver("carrier-pigeon", _outgoing("email"), _config(outbox))
    with pytest.raises(InvalidInput, match="sent_at"):
        _outgoing("email", sent_at=datetime(2026, 11, 25, 14, 0))
    with pytest.raises(InvalidInput, match="title"):
        _outgoing("email", title="HOT-7\r\nBcc: everyone@example.com")
    with pytest.raises(InvalidInput, match="webhook_url"):
        _config(outbox, webhook_url="file:///etc/passwd")
    with pytest.raises(InvalidInput, match="smtp_timeout"):
        _config(outbox, smtp_timeout=0)
    with pytest.raises(InvalidInput, match="email_to"):
        DeliverySettings(outbox=outbox, email_to=())


def test_smtp_user_name_does_not_blank_out_outbox_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARROOM_SMTP_USER", "warroom")
    monkeypatch.setenv("WARROOM_SMTP_PASSWORD", PASSWORD)
    folder = tmp_path / "warroom" / "outbox"

    attempt = deliver("outbox", _outgoing("external"), _config(folder))

    assert attempt.detail == f"wrote {folder}/20261125T140000Z-HOT-7-msg000012-external.json"


def test_adapter_not_configured_is_a_recorded_failure(outbox: Path) -> None:
    config = _config(outbox)
    assert deliver("smtp", _outgoing("email"), config) == Attempt(
        "smtp", False, "no smtp_host configured"
    )
    assert deliver("webhook", _outgoing("email"), config) == Attempt(
        "webhook", False, "the email channel has no status page to post to"
    )


# ---------------------------------------------------------------- smtp


@pytest.fixture
def dead_port() -> Iterator[int]:
    """Bound but not listening: connecting is refused, and nobody can take the port meanwhile."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """Listening, but never answering: the client must give up after its timeout."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        yield int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """Plain SMTP: no STARTTLS, no AUTH."""
    with servers.smtp_server() as server:
        yield server


def _check_login(
    server: object, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    assert isinstance(auth_data, LoginPassword)
    good = auth_data == LoginPassword(USER.encode(), PASSWORD.encode())
    return AuthResult(success=good, handled=False)  # not handled: the server answers 535


@pytest.fixture
def auth_smtp_server() -> Iterator[SmtpServer]:
    """Offers AUTH without TLS (acceptable on loopback only, which the client checks too)."""
    with servers.smtp_server(authenticator=_check_login, auth_require_tls=False) as server:
        yield server


def _smtp_config(outbox: Path, port: int, **kw: Any) -> DeliverySettings:
    values: dict[str, Any] = {"smtp_starttls": False, "smtp_timeout": SHORT}
    values.update(kw)
    return _config(outbox, smtp_host="127.0.0.1", smtp_port=port, **values)


def test_smtp_delivers_the_same_message_as_the_outbox(
    outbox: Path, smtp_server: SmtpServer
) -> None:
    config = _smtp_config(outbox, smtp_server.port)
    outgoing = _outgoing("email")

    attempt = deliver("smtp", outgoing, config)

    where = f"127.0.0.1:{smtp_server.port}"
    assert attempt == Attempt("smtp", True, f"sent to {', '.join(RECIPIENTS)} via {where}")
    [envelope] = smtp_server.inbox.received
    assert envelope.rcpt_tos == list(RECIPIENTS)
    assert envelope.mail_from == "warroom@localhost"
    assert isinstance(envelope.content, bytes)
    sent = _parse_eml(envelope.content)
    assert KEY in sent["Subject"]
    assert sent["X-Warroom-Incident"] == KEY
    assert sent.get_content() == BODY
    deliver("outbox", outgoing, config)
    [eml] = outbox.iterdir()
    assert sent["Message-ID"] == _parse_eml(eml.read_bytes())["Message-ID"]


def test_smtp_starttls_required_but_not_offered(outbox: Path, smtp_server: SmtpServer) -> None:
    config = _smtp_config(outbox, smtp_server.port, smtp_starttls=True)

    attempt = deliver("smtp", _outgoing("email"), config)

    assert not attempt.ok
    assert f"127.0.0.1:{smtp_server.port} does not offer STARTTLS" in attempt.detail
    assert smtp_server.inbox.received == []


def test_smtp_credentials_against_a_server_without_auth_stay_secret(
    outbox: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARROOM_SMTP_USER", USER)
    monkeypatch.setenv("WARROOM_SMTP_PASSWORD", PASSWORD)

    attempt = deliver("smtp", _outgoing("email"), _smtp_config(outbox, smtp_server.port))

    assert not attempt.ok
    assert "does not offer AUTH" in attempt.detail
    assert PASSWORD not in attempt.detail
    assert smtp_server.inbox.received == []


def test_smtp_logs_in_when_credentials_are_set(
    outbox: Path, auth_smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARROOM_SMTP_USER", USER)
    monkeypatch.setenv("WARROOM_SMTP_PASSWORD", PASSWORD)

    attempt = deliver("smtp", _outgoing("email"), _smtp_config(outbox, auth_smtp_server.port))

    assert attempt.ok, attempt.detail
    assert len(auth_smtp_server.inbox.received) == 1


def test_smtp_wrong_password_fails_without_showing_it(
    outbox: Path, auth_smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARROOM_SMTP_USER", USER)
    monkeypatch.setenv("WARROOM_SMTP_PASSWORD", "wrong-" + PASSWORD)

    attempt = deliver("smtp", _outgoing("email"), _smtp_config(outbox, auth_smtp_server.port))

    assert not attempt.ok
    assert attempt.detail.startswith("authentication with 127.0.0.1 failed: 535")
    assert PASSWORD not in attempt.detail
    assert USER not in attempt.detail
    assert auth_smtp_server.inbox.received == []


def test_smtp_refused_connection(outbox: Path, dead_port: int) -> None:
    attempt = deliver("smtp", _outgoing("email"), _smtp_config(outbox, dead_port))
    assert attempt == Attempt("smtp", False, f"connection to 127.0.0.1:{dead_port} refused")


def test_smtp_silent_server_times_out(outbox: Path, silent_port: int) -> None:
    config = _smtp_config(outbox, silent_port, smtp_timeout=0.3)
    started = time.monotonic()

    attempt = deliver("smtp", _outgoing("email"), config)

    assert time.monotonic() - started < SHORT
    assert attempt == Attempt("smtp", False, f"no answer from 127.0.0.1:{silent_port} within 0.3 s")


# ---------------------------------------------------------------- webhook


@pytest.fixture
def webhook() -> Iterator[WebhookServer]:
    with servers.webhook_server(200) as server:
        yield server


@pytest.fixture
def failing_webhook() -> Iterator[WebhookServer]:
    with servers.webhook_server(503) as server:
        yield server


@pytest.fixture
def redirecting_webhook() -> Iterator[WebhookServer]:
    with servers.webhook_server(302) as server:
        yield server


def _hook_config(outbox: Path, url: str, **kw: Any) -> DeliverySettings:
    return _config(outbox, webhook_url=url, webhook_timeout=SHORT, **kw)


@pytest.mark.parametrize("channel", ["internal", "external"])
def test_webhook_posts_the_outbox_payload(
    outbox: Path, webhook: WebhookServer, channel: str
) -> None:
    config = _hook_config(outbox, webhook.url + "/status")
    outgoing = _outgoing(channel, "resolution")

    attempt = deliver("webhook", outgoing, config)

    assert attempt == Attempt("webhook", True, f"HTTP 200 from {webhook.url}")
    [posted] = webhook.received
    assert (posted.path, posted.content_type) == ("/status", "application/json")
    assert posted.authorization is None
    deliver("outbox", outgoing, config)
    written = outbox / f"20261125T140000Z-HOT-7-msg000012-{channel}.json"
    assert json.loads(posted.body) == json.loads(written.read_bytes())
    assert json.loads(posted.body)["status"] == "resolved"


def test_webhook_user_and_password_in_the_url_become_basic_auth(
    outbox: Path, failing_webhook: WebhookServer
) -> None:
    url = failing_webhook.url.replace("//", f"//{USER}:{PASSWORD}@") + "/hook"

    attempt = deliver("webhook", _outgoing("internal"), _hook_config(outbox, url))

    [posted] = failing_webhook.received
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert (posted.path, posted.authorization) == ("/hook", f"Basic {token}")
    assert attempt.detail.startswith(f"HTTP 503 from {failing_webhook.url}: ")
    assert PASSWORD not in attempt.detail


def test_webhook_error_status_is_a_failure_with_the_answer(
    outbox: Path, failing_webhook: WebhookServer
) -> None:
    config = _hook_config(outbox, failing_webhook.url + "/hooks/T0K3N-s3cret?sig=Q-s1gnature")

    attempt = deliver("webhook", _outgoing("external"), config)

    assert not attempt.ok
    snippet = ("upstream unavailable " + "z" * 500)[:200]
    assert attempt.detail == f"HTTP 503 from {failing_webhook.url}: {snippet}"
    assert "T0K3N" not in attempt.detail
    assert "s1gnature" not in attempt.detail


def test_webhook_redirect_is_not_followed(outbox: Path, redirecting_webhook: WebhookServer) -> None:
    attempt = deliver(
        "webhook", _outgoing("internal"), _hook_config(outbox, redirecting_webhook.url)
    )
    assert not attempt.ok
    assert attempt.detail.startswith(f"HTTP 302 from {redirecting_webhook.url}: ")
    assert len(redirecting_webhook.received) == 1


def test_webhook_closed_port(outbox: Path, dead_port: int) -> None:
    url = f"http://127.0.0.1:{dead_port}/hook"
    attempt = deliver("webhook", _outgoing("internal"), _hook_config(outbox, url))
    assert attempt == Attempt(
        "webhook", False, f"cannot reach http://127.0.0.1:{dead_port}: connection refused"
    )


def test_webhook_silent_server_times_out(outbox: Path, silent_port: int) -> None:
    url = f"http://127.0.0.1:{silent_port}/"
    config = _config(outbox, webhook_url=url, webhook_timeout=0.3)
    started = time.monotonic()

    attempt = deliver("webhook", _outgoing("external"), config)

    assert time.monotonic() - started < SHORT
    assert not attempt.ok
    assert "no answer within 0.3 s" in attempt.detail
