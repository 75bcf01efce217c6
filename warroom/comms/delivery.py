"""How a sent incident message leaves the building: outbox files, SMTP, an HTTP webhook.

This module knows nothing of the store: the caller records each ``Attempt``. A delivery
failure never raises; it comes back as ``Attempt(ok=False)`` with one line a person can
act on. No detail ever carries a credential: SMTP credentials are read from the
environment at send time only, and secret-looking parts of the webhook URL are not shown.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import ipaddress
import json
import os
import re
import smtplib
import socket
import ssl
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from warroom.base.errors import InvalidInput
from warroom.comms.templates import CHANNELS, PHASES

ADAPTERS = ("outbox", "smtp", "webhook")
STATUS_FOR_PHASE = {"initial": "investigating", "update": "identified", "resolution": "resolved"}

SMTP_USER_ENV = "WARROOM_SMTP_USER"
SMTP_PASSWORD_ENV = "WARROOM_SMTP_PASSWORD"

_DETAIL_LIMIT = 500  # one line in a timeline, not a log dump; room for two outbox paths
_BODY_SNIPPET = 200  # how much of an HTTP error body to quote
_KEY_LIMIT = 64  # keeps file names well under every file system's limit
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Outgoing:
    """One message as sent, on one channel."""

    message_id: int
    incident_key: str
    phase: str  # "initial" | "update" | "resolution"
    channel: str  # "internal" | "email" | "external"
    title: str  # status-page name / email subject
    body: str
    sent_at: datetime  # aware UTC
    sent_by: str

    def __post_init__(self) -> None:
        _one_of("phase", self.phase, PHASES)
        _one_of("channel", self.channel, CHANNELS)
        if self.sent_at.utcoffset() is None:
            raise InvalidInput("sent_at", "must carry a time zone (UTC)")
        # Title and key become mail headers: a line break would let text forge headers.
        _one_line("title", self.title)
        _one_line("incident_key", self.incident_key)


@dataclass(frozen=True)
class Attempt:
    """How one adapter fared with one message."""

    adapter: str  # "outbox" | "smtp" | "webhook"
    ok: bool
    detail: str  # the file(s) written, the server's answer, or the error; never a credential


class DeliveryConfig(BaseModel):
    """Where messages go. The outbox is always used; SMTP and the webhook when set."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outbox_dir: Path
    email_from: str = "warroom@localhost"
    email_to: tuple[str, ...] = ("incidents@localhost",)
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_timeout: float = 10.0
    webhook_url: str | None = None
    webhook_timeout: float = 10.0

    @field_validator("smtp_host", "webhook_url")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        # An empty WARROOM_SMTP_HOST= in the environment means "not configured".
        return (value.strip() or None) if value is not None else None

    @field_validator("email_from")
    @classmethod
    def _check_from(cls, value: str) -> str:
        return _one_line("email_from", value)

    @field_validator("email_to")
    @classmethod
    def _check_to(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise InvalidInput("email_to", "give at least one address")
        return tuple(_one_line("email_to", address) for address in value)

    @field_validator("smtp_port")
    @classmethod
    def _check_port(cls, value: int) -> int:
        if not 0 < value < 65536:
            raise InvalidInput("smtp_port", f"must be 1–65535, not {value}")
        return value

    @field_validator("smtp_timeout", "webhook_timeout")
    @classmethod
    def _check_timeout(cls, value: float, info: ValidationInfo) -> float:
        if not value > 0:
            raise InvalidInput(str(info.field_name), f"must be more than 0 seconds, not {value}")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        # urllib would also open file:// and ftp:// URLs; a webhook is HTTP only.
        if value is not None and urlsplit(value).scheme not in ("http", "https"):
            raise InvalidInput("webhook_url", "must start with http:// or https://")
        return value


def adapters_for(channel: str, config: DeliveryConfig) -> list[str]:
    """The outbox always; SMTP for email and the webhook for status pages, when configured."""
    _one_of("channel", channel, CHANNELS)
    adapters = ["outbox"]
    if channel == "email" and config.smtp_host:
        adapters.append("smtp")
    if channel != "email" and config.webhook_url:
        adapters.append("webhook")
    return adapters


def deliver(adapter: str, outgoing: Outgoing, config: DeliveryConfig) -> Attempt:
    """Send one message one way. Only an unknown adapter name raises; failures are returned."""
    send = _SENDERS[_one_of("adapter", adapter, ADAPTERS)]
    try:
        ok, detail = True, send(outgoing, config)
    except _Failed as failure:
        ok, detail = False, str(failure)
    except Exception as err:  # last resort: a sending bug must not take the console down
        ok, detail = False, f"unexpected {type(err).__name__}: {err}"
    return Attempt(adapter=adapter, ok=ok, detail=_clean(detail, _secrets(adapter, config)))


class _Failed(Exception):
    """A delivery failure, already worded as the one line the Attempt will carry."""


# ---------------------------------------------------------------- shared content


def _email_message(outgoing: Outgoing, config: DeliveryConfig) -> EmailMessage:
    """The one message both the outbox file and SMTP carry, so they never drift apart."""
    message = EmailMessage()
    message["From"] = config.email_from
    message["To"] = ", ".join(config.email_to)
    message["Subject"] = outgoing.title
    message["Date"] = format_datetime(_utc(outgoing.sent_at))
    message["Message-ID"] = _message_id(outgoing, config)
    message["X-Warroom-Incident"] = outgoing.incident_key
    # Base64 of the UTF-8 bytes: the text-mode encoders normalise line endings and add a
    # final newline; this keeps the body byte-exact (emoji, ANSI escapes, lone \r).
    message.set_content(
        outgoing.body.encode("utf-8"),
        maintype="text",
        subtype="plain",
        cte="base64",
        params={"charset": "utf-8"},
    )
    return message


def _message_id(outgoing: Outgoing, config: DeliveryConfig) -> str:
    """Deterministic, so a retry of the same message is recognisably the same mail."""
    domain = parseaddr(config.email_from)[1].rpartition("@")[2]
    domain = re.sub(r"[^A-Za-z0-9.-]", "", domain) or "localhost"
    return f"<warroom.{_stem(outgoing)}@{domain}>"


def _status_payload(outgoing: Outgoing) -> bytes:
    """The status-page entry, written to the outbox and posted to the webhook alike."""
    payload = {
        "incident": outgoing.incident_key,
        "phase": outgoing.phase,
        "channel": outgoing.channel,
        "name": outgoing.title,
        "body": outgoing.body,
        "status": STATUS_FOR_PHASE[outgoing.phase],
        "sent_at": _utc(outgoing.sent_at).isoformat(),
        "sent_by": outgoing.sent_by,
        "message_id": outgoing.message_id,
    }
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _chat_post(outgoing: Outgoing) -> bytes:
    ending = "" if outgoing.body.endswith("\n") else "\n"
    return f"{outgoing.title}\n\n{outgoing.body}{ending}".encode()


# ---------------------------------------------------------------- outbox


def _write_outbox(outgoing: Outgoing, config: DeliveryConfig) -> str:
    folder = config.outbox_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise _Failed(f"cannot create outbox folder {folder}: {_os_reason(err)}") from None
    written: list[str] = []
    for suffix, data in _outbox_files(outgoing, config):
        path = folder / f"{_stem(outgoing)}{suffix}"
        try:
            _write_atomically(path, data)
        except OSError as err:
            done = f" (wrote {', '.join(written)})" if written else ""
            raise _Failed(f"cannot write {path}: {_os_reason(err)}{done}") from None
        written.append(str(path))
    return "wrote " + ", ".join(written)


def _outbox_files(outgoing: Outgoing, config: DeliveryConfig) -> list[tuple[str, bytes]]:
    """File suffix and content per channel: email → .eml; status pages → .json (+ chat .txt)."""
    channel = outgoing.channel
    if channel == "email":
        return [(".eml", _email_message(outgoing, config).as_bytes())]
    files = [(".json", _status_payload(outgoing))]
    if channel == "internal":  # the internal update is also posted in the incident's chat room
        files.append((".txt", _chat_post(outgoing)))
    return files


def _stem(outgoing: Outgoing) -> str:
    """Sortable (time first, zero-padded id), unique per message and channel, and safe."""
    stamp = _utc(outgoing.sent_at).strftime("%Y%m%dT%H%M%SZ")
    key = _UNSAFE_NAME.sub("", outgoing.incident_key)[:_KEY_LIMIT] or "incident"
    return f"{stamp}-{key}-msg{outgoing.message_id:06d}-{outgoing.channel}"


def _write_atomically(path: Path, data: bytes) -> None:
    """A temp file in the same folder, then a rename: readers see all of the file or none."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


# ---------------------------------------------------------------- smtp


def _send_smtp(outgoing: Outgoing, config: DeliveryConfig) -> str:
    host = _smtp_host(outgoing, config)
    where = f"{host}:{config.smtp_port}"
    message = _email_message(outgoing, config)
    credentials = _smtp_credentials()  # read now, never kept
    server = _smtp_connect(host, config.smtp_port, config.smtp_timeout)
    try:
        if config.smtp_starttls:
            _smtp_starttls(server, where)
        if credentials is not None:
            _smtp_login(server, host, credentials, encrypted=config.smtp_starttls)
        refused = _smtp_send(server, message)
    finally:
        _smtp_quit(server)
    accepted = [address for address in config.email_to if address not in refused]
    detail = f"sent to {', '.join(accepted)} via {where}"
    if refused:  # partly delivered: say who did not get it rather than claim a failure
        detail += "; refused: " + ", ".join(_refusals(refused))
    return detail


def _smtp_host(outgoing: Outgoing, config: DeliveryConfig) -> str:
    # Not raising here: a retry after the configuration changed should be recorded, not crash.
    if outgoing.channel != "email":
        raise _Failed(f"only the email channel goes by smtp, not {outgoing.channel}")
    if not config.smtp_host:
        raise _Failed("no smtp_host configured")
    return config.smtp_host


def _smtp_credentials() -> tuple[str, str] | None:
    user = os.environ.get(SMTP_USER_ENV, "")
    password = os.environ.get(SMTP_PASSWORD_ENV, "")
    return (user, password) if user and password else None


def _smtp_connect(host: str, port: int, timeout: float) -> smtplib.SMTP:
    where = f"{host}:{port}"
    try:
        return smtplib.SMTP(host, port, timeout=timeout)
    except ConnectionRefusedError:
        raise _Failed(f"connection to {where} refused") from None
    except TimeoutError:
        raise _Failed(f"no answer from {where} within {timeout:g} s") from None
    except socket.gaierror as err:
        raise _Failed(f"cannot resolve {host}: {err.strerror}") from None
    except smtplib.SMTPResponseException as err:
        raise _Failed(f"{where} turned the connection away: {_smtp_answer(err)}") from None
    except (smtplib.SMTPException, OSError) as err:
        # smtplib reports a greeting that never came as a disconnect caused by a timeout.
        if isinstance(err.__context__, TimeoutError):
            raise _Failed(f"no answer from {where} within {timeout:g} s") from None
        raise _Failed(f"cannot connect to {where}: {_os_reason(err)}") from None


def _smtp_starttls(server: smtplib.SMTP, where: str) -> None:
    try:
        server.starttls(context=ssl.create_default_context())
    except smtplib.SMTPNotSupportedError:
        raise _Failed(
            f"{where} does not offer STARTTLS; not sending in the clear "
            "(set smtp_starttls = false only for a trusted relay)"
        ) from None
    except ssl.SSLCertVerificationError as err:
        raise _Failed(f"TLS certificate of {where} not trusted: {err.verify_message}") from None
    except smtplib.SMTPResponseException as err:
        raise _Failed(f"{where} refused STARTTLS: {_smtp_answer(err)}") from None
    except (smtplib.SMTPException, OSError) as err:
        raise _Failed(f"STARTTLS with {where} failed: {_os_reason(err)}") from None


def _smtp_login(
    server: smtplib.SMTP, host: str, credentials: tuple[str, str], *, encrypted: bool
) -> None:
    # Credentials in the clear are only acceptable when they never leave this machine.
    if not encrypted and not _is_loopback(host):
        raise _Failed(
            "not sending SMTP credentials over an unencrypted connection; enable smtp_starttls"
        )
    try:
        server.login(*credentials)
    except smtplib.SMTPNotSupportedError:
        raise _Failed(
            f"{host} does not offer AUTH, but {SMTP_USER_ENV} and {SMTP_PASSWORD_ENV} are set"
        ) from None
    except smtplib.SMTPAuthenticationError as err:
        raise _Failed(f"authentication with {host} failed: {_smtp_answer(err)}") from None
    except (smtplib.SMTPException, OSError) as err:
        raise _Failed(f"login to {host} failed: {_os_reason(err)}") from None


def _smtp_send(server: smtplib.SMTP, message: EmailMessage) -> dict[str, tuple[int, bytes]]:
    try:
        return server.send_message(message)
    except smtplib.SMTPRecipientsRefused as err:
        raise _Failed("all recipients refused: " + ", ".join(_refusals(err.recipients))) from None
    except smtplib.SMTPSenderRefused as err:
        raise _Failed(f"sender {err.sender} refused: {_smtp_answer(err)}") from None
    except smtplib.SMTPResponseException as err:
        raise _Failed(f"message refused: {_smtp_answer(err)}") from None
    except (smtplib.SMTPException, OSError) as err:
        raise _Failed(f"connection lost while sending: {_os_reason(err)}") from None


def _smtp_quit(server: smtplib.SMTP) -> None:
    # The message is already accepted (or the failure already worded): QUIT trouble is noise.
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        server.close()


def _smtp_answer(err: smtplib.SMTPResponseException) -> str:
    text = err.smtp_error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{err.smtp_code} {text}"


def _refusals(refused: dict[str, tuple[int, bytes]]) -> list[str]:
    return [
        f"{address} ({code} {text.decode('utf-8', 'replace')})"
        for address, (code, text) in refused.items()
    ]


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# ---------------------------------------------------------------- webhook


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """urllib would turn a redirected POST into a GET and call it success; report 3xx instead."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None


def _post_webhook(outgoing: Outgoing, config: DeliveryConfig) -> str:
    url = _webhook_url(outgoing, config)
    shown = _origin(url)
    request = _webhook_request(url, _status_payload(outgoing))
    # Built per call so proxy settings are read from the environment at send time.
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=config.webhook_timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as err:
        raise _Failed(f"HTTP {err.code} from {shown}: {_error_body(err)}") from None
    except urllib.error.URLError as err:
        raise _Failed(f"cannot reach {shown}: {_net_reason(err.reason, config)}") from None
    except (OSError, http.client.HTTPException, ValueError) as err:
        raise _Failed(f"request to {shown} failed: {_net_reason(err, config)}") from None
    return f"HTTP {status} from {shown}"


def _webhook_url(outgoing: Outgoing, config: DeliveryConfig) -> str:
    # As for SMTP: a stale retry is recorded as a failure rather than raised.
    if outgoing.channel == "email":
        raise _Failed("the email channel has no status page to post to")
    if not config.webhook_url:
        raise _Failed("no webhook_url configured")
    return config.webhook_url


def _webhook_request(url: str, payload: bytes) -> urllib.request.Request:
    """A JSON POST; user:password@ in the URL becomes Basic auth (urllib cannot use it as is)."""
    headers = {"Content-Type": "application/json", "User-Agent": "warroom"}
    parts = urlsplit(url)
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
        url = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return urllib.request.Request(url, data=payload, headers=headers, method="POST")


def _origin(url: str) -> str:
    """scheme://host[:port] only: webhook URLs often carry their token in the path or query."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def _error_body(err: urllib.error.HTTPError) -> str:
    try:
        raw = err.read(_BODY_SNIPPET * 4)  # UTF-8: at most 4 bytes a character
    except (OSError, http.client.HTTPException):
        return "(no body)"
    text = raw.decode("utf-8", "replace")[:_BODY_SNIPPET]
    return text if text.strip() else "(empty body)"


def _net_reason(reason: object, config: DeliveryConfig) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError):
        return f"no answer within {config.webhook_timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve host: {reason.strerror}"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted: {reason.verify_message}"
    if isinstance(reason, OSError):
        return _os_reason(reason)
    return str(reason) or type(reason).__name__


# ---------------------------------------------------------------- wording


def _os_reason(err: BaseException) -> str:
    """'Not a directory' rather than '[Errno 20] Not a directory: ...' (the path is given)."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    return str(err) or type(err).__name__


def _clean(detail: str, secrets: list[str]) -> str:
    """One printable line, short, with every known secret blanked out."""
    for secret in secrets:
        detail = detail.replace(secret, "***")
    printable = "".join(ch if ch.isprintable() else " " for ch in detail)
    line = " ".join(printable.split())
    return line if len(line) <= _DETAIL_LIMIT else line[: _DETAIL_LIMIT - 1] + "…"


def _secrets(adapter: str, config: DeliveryConfig) -> list[str]:
    """What the adapter could leak: SMTP credentials, or the webhook URL's possible tokens.

    Per adapter, so a user name such as "warroom" does not blank out outbox paths.
    """
    found: list[str] = []
    if adapter == "smtp":
        found += [os.environ.get(SMTP_USER_ENV, ""), os.environ.get(SMTP_PASSWORD_ENV, "")]
    if adapter == "webhook" and config.webhook_url:
        parts = urlsplit(config.webhook_url)
        found += [parts.netloc.rpartition("@")[0], parts.query, parts.fragment]
        found += [unquote(part) for part in (parts.username, parts.password) if part]
        found += [parts.path] if parts.path.strip("/") else []
    # Longest first, so a secret containing another is blanked whole.
    return sorted({secret for secret in found if secret}, key=len, reverse=True)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _one_of(field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InvalidInput(field, f"must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _one_line(field: str, value: str) -> str:
    if "\r" in value or "\n" in value:
        raise InvalidInput(field, "must be one line")
    return value


_SENDERS: dict[str, Callable[[Outgoing, DeliveryConfig], str]] = {
    "outbox": _write_outbox,
    "smtp": _send_smtp,
    "webhook": _post_webhook,
}
