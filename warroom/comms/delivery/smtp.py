"""SMTP: email to the distribution list through a mail server, STARTTLS by default; a
page's notice to the person paged, at their own address, through the same session code.

Credentials come only from the environment (``WARROOM_SMTP_USER``, ``WARROOM_SMTP_PASSWORD``),
read at send time, and are never kept, printed or stored. A server's rejection may quote
the AUTH line it got; ``secrets`` and ``Failed.hide`` name every credential sent (the
answers to a CRAM-MD5 challenge too) so that ``base.deliver`` blanks it out.
"""

from __future__ import annotations

import ipaddress
import os
import smtplib
import socket
import ssl
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from typing import Any, overload

from warroom.comms.delivery.base import Failed, Outgoing, os_reason
from warroom.comms.delivery.content import email_message
from warroom.comms.delivery.page_content import page_email
from warroom.comms.delivery.pages import PageOut
from warroom.config.delivery import DeliverySettings
from warroom.vocabulary.channels import Form

SMTP_USER_ENV = "WARROOM_SMTP_USER"
SMTP_PASSWORD_ENV = "WARROOM_SMTP_PASSWORD"


class Smtp:
    def configured(self, settings: DeliverySettings) -> bool:
        return bool(settings.smtp_host)

    def send(self, outgoing: Outgoing, settings: DeliverySettings) -> str:
        return _send(outgoing, settings)

    def secrets(self, settings: DeliverySettings) -> list[str]:
        # Only this adapter's: a user name such as "warroom" must not blank out outbox paths.
        user = os.environ.get(SMTP_USER_ENV, "")
        password = os.environ.get(SMTP_PASSWORD_ENV, "")
        # AUTH LOGIN sends each in its own base64 line; AUTH PLAIN both in one.
        plain = [f"\0{user}\0{password}"] if user and password else []
        return [user, password, *plain]


ADAPTER = Smtp()


class PageSmtp:
    def send(self, page: PageOut, settings: DeliverySettings) -> str:
        if not page.email:
            raise Failed(f"{page.person} has no email address in the catalog")
        return send_email(page_email(page, settings), [page.email], settings)

    def secrets(self, settings: DeliverySettings) -> list[str]:
        return ADAPTER.secrets(settings)  # the same credentials, sent the same ways


PAGE_ADAPTER = PageSmtp()


class _Client(smtplib.SMTP):
    """smtplib's client, remembering every answer it gives while logging in: a CRAM-MD5
    answer depends on the server's challenge, so only the session knows what was sent."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.answers: list[str] = []
        super().__init__(*args, **kwargs)

    def auth(
        self,
        mechanism: str,
        authobject: Callable[..., str | None],
        *,
        initial_response_ok: bool = True,
    ) -> tuple[int, bytes]:
        answering = _Answering(authobject, self.answers)
        return super().auth(mechanism, answering, initial_response_ok=initial_response_ok)


class _Answering:
    """One of smtplib's ``auth_*`` methods, noting down each answer it gives."""

    def __init__(self, answer: Callable[..., str | None], answers: list[str]) -> None:
        self._answer = answer
        self._answers = answers

    @overload
    def __call__(self, challenge: None = None) -> str | None: ...
    @overload
    def __call__(self, challenge: bytes) -> str: ...
    def __call__(self, challenge: bytes | None = None) -> str | None:
        answer = self._answer(challenge)
        if answer:
            # The whole answer and its parts: "user digest" for CRAM-MD5.
            self._answers += [answer, *answer.replace("\0", " ").split()]
        return answer


def _send(outgoing: Outgoing, settings: DeliverySettings) -> str:
    # Not raising here: a retry after the configuration changed should be recorded, not crash.
    if Form.EMAIL not in outgoing.on.forms:
        raise Failed(f"smtp carries email only, not the {outgoing.channel} channel")
    return send_email(email_message(outgoing, settings), settings.email_to, settings)


def send_email(message: EmailMessage, recipients: Sequence[str], settings: DeliverySettings) -> str:
    """Send ``message`` to ``recipients`` through the configured server, or raise ``Failed``;
    say who got it, and who was refused."""
    if not settings.smtp_host:
        raise Failed("no smtp_host configured")
    host = settings.smtp_host
    where = f"{host}:{settings.smtp_port}"
    credentials = _smtp_credentials()  # read now, never kept
    server = _smtp_connect(host, settings.smtp_port, settings.smtp_timeout)
    try:
        if settings.smtp_starttls:
            _smtp_starttls(server, where)
        if credentials is not None:
            _smtp_login(server, host, credentials, encrypted=settings.smtp_starttls)
        refused = _smtp_send(server, message, recipients)
    except Failed as failure:
        # Any later answer may quote the login too; the one door blanks these out.
        raise Failed(str(failure), hide=[*failure.hide, *server.answers]) from None
    finally:
        _smtp_quit(server)
    accepted = [address for address in recipients if address not in refused]
    detail = f"sent to {', '.join(accepted)} via {where}"
    if refused:  # partly delivered: say who did not get it rather than claim a failure
        detail += "; refused: " + ", ".join(_refusals(refused))
    return detail


def _smtp_credentials() -> tuple[str, str] | None:
    user = os.environ.get(SMTP_USER_ENV, "")
    password = os.environ.get(SMTP_PASSWORD_ENV, "")
    return (user, password) if user and password else None


def _smtp_connect(host: str, port: int, timeout: float) -> _Client:
    where = f"{host}:{port}"
    try:
        return _Client(host, port, timeout=timeout)
    except ConnectionRefusedError:
        raise Failed(f"connection to {where} refused") from None
    except TimeoutError:
        raise Failed(f"no answer from {where} within {timeout:g} s") from None
    except socket.gaierror as err:
        raise Failed(f"cannot resolve {host}: {err.strerror}") from None
    except smtplib.SMTPResponseException as err:
        raise Failed(f"{where} turned the connection away: {_smtp_answer(err)}") from None
    except (smtplib.SMTPException, OSError) as err:
        # smtplib reports a greeting that never came as a disconnect caused by a timeout.
        if isinstance(err.__context__, TimeoutError):
            raise Failed(f"no answer from {where} within {timeout:g} s") from None
        raise Failed(f"cannot connect to {where}: {os_reason(err)}") from None


def _smtp_starttls(server: smtplib.SMTP, where: str) -> None:
    try:
        server.starttls(context=ssl.create_default_context())
    except smtplib.SMTPNotSupportedError:
        raise Failed(
            f"{where} does not offer STARTTLS; not sending in the clear "
            "(set smtp_starttls = false only for a trusted relay)"
        ) from None
    except ssl.SSLCertVerificationError as err:
        raise Failed(f"TLS certificate of {where} not trusted: {err.verify_message}") from None
    except smtplib.SMTPResponseException as err:
        raise Failed(f"{where} refused STARTTLS: {_smtp_answer(err)}") from None
    except (smtplib.SMTPException, OSError) as err:
        raise Failed(f"STARTTLS with {where} failed: {os_reason(err)}") from None


def _smtp_login(
    server: _Client, host: str, credentials: tuple[str, str], *, encrypted: bool
) -> None:
    # Credentials in the clear are only acceptable when they never leave this machine.
    if not encrypted and not _is_loopback(host):
        raise Failed(
            "not sending SMTP credentials over an unencrypted connection; enable smtp_starttls"
        )
    try:
        server.login(*credentials)
    except smtplib.SMTPNotSupportedError:
        raise Failed(
            f"{host} does not offer AUTH, but {SMTP_USER_ENV} and {SMTP_PASSWORD_ENV} are set"
        ) from None
    except smtplib.SMTPAuthenticationError as err:
        raise Failed(f"authentication with {host} failed: {_smtp_answer(err)}") from None
    except UnicodeEncodeError:
        # smtplib sends credentials as ASCII; its own message would quote a character.
        raise Failed(
            f"{SMTP_USER_ENV} and {SMTP_PASSWORD_ENV} must be ASCII: smtplib sends no other"
        ) from None
    except (smtplib.SMTPException, OSError) as err:
        raise Failed(f"login to {host} failed: {os_reason(err)}") from None


def _smtp_send(
    server: smtplib.SMTP, message: EmailMessage, recipients: Sequence[str]
) -> dict[str, tuple[int, bytes]]:
    try:
        return server.send_message(message, to_addrs=list(recipients))
    except smtplib.SMTPRecipientsRefused as err:
        raise Failed("all recipients refused: " + ", ".join(_refusals(err.recipients))) from None
    except smtplib.SMTPSenderRefused as err:
        raise Failed(f"sender {err.sender} refused: {_smtp_answer(err)}") from None
    except smtplib.SMTPResponseException as err:
        raise Failed(f"message refused: {_smtp_answer(err)}") from None
    except (smtplib.SMTPException, OSError) as err:
        raise Failed(f"connection lost while sending: {os_reason(err)}") from None


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
