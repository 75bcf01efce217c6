"""What a message becomes on its way out, one function a form: an RFC 5322 email, a
status-page entry, a chat post. Every adapter carrying a form uses the same bytes.

A drill's message is marked DRILL in every form: its title, its payload and its file name."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from warroom.base.text import escaped_code
from warroom.comms.delivery.base import Outgoing, marked
from warroom.config.delivery import DeliverySettings
from warroom.vocabulary.channels import Form

STATUS_FOR_PHASE = {"initial": "investigating", "update": "identified", "resolution": "resolved"}

_KEY_LIMIT = 64  # keeps file names well under every file system's limit
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def email_message(outgoing: Outgoing, settings: DeliverySettings) -> EmailMessage:
    """The one message both the outbox file and SMTP carry, so they never drift apart."""
    return plain_email(
        settings,
        to=settings.email_to,
        subject=title(outgoing),
        sent_at=outgoing.sent_at,
        stem=stem(outgoing),
        incident_key=outgoing.incident_key,
        drill=outgoing.drill,
        body=outgoing.body,
    )


def plain_email(
    settings: DeliverySettings,
    *,
    to: Sequence[str],
    subject: str,
    sent_at: datetime,
    stem: str,
    incident_key: str,
    drill: bool,
    body: str,
) -> EmailMessage:
    """An email from ``email_from`` as warroom writes every one: a message or a page."""
    message = EmailMessage()
    message["From"] = settings.email_from
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = format_datetime(utc(sent_at))
    message["Message-ID"] = _message_id(stem, settings)
    message["X-Warroom-Incident"] = incident_key
    if drill:
        message["X-Warroom-Drill"] = "yes"
    # Base64 of the UTF-8 bytes: the text-mode encoders normalise line endings and add a
    # final newline; this keeps the body byte-exact (emoji, ANSI escapes, lone \r).
    message.set_content(
        body.encode("utf-8"),
        maintype="text",
        subtype="plain",
        cte="base64",
        params={"charset": "utf-8"},
    )
    return message


def status_payload(outgoing: Outgoing) -> bytes:
    """The status-page entry, written to the outbox and posted to the webhook alike."""
    payload = {
        "incident": outgoing.incident_key,
        "phase": outgoing.phase,
        "channel": outgoing.channel,
        "name": title(outgoing),
        "body": outgoing.body,
        "status": STATUS_FOR_PHASE[outgoing.phase],
        "sent_at": utc(outgoing.sent_at).isoformat(),
        "sent_by": outgoing.sent_by,
        "message_id": outgoing.message_id,
        "drill": outgoing.drill,
    }
    return json_file(payload)


def json_file(payload: Mapping[str, object]) -> bytes:
    """JSON as the outbox keeps it and the webhooks get it: the same data, with what a
    terminal would obey written as JSON escapes: people read outbox files with cat."""
    return (escaped_code(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n").encode("utf-8")


def chat_post(outgoing: Outgoing) -> bytes:
    ending = "" if outgoing.body.endswith("\n") else "\n"
    return f"{title(outgoing)}\n\n{outgoing.body}{ending}".encode()


def rendered(form: Form, outgoing: Outgoing, settings: DeliverySettings) -> bytes:
    """A form's bytes, as a file in the outbox would hold them."""
    if form is Form.EMAIL:
        return email_message(outgoing, settings).as_bytes()
    if form is Form.STATUS:
        return status_payload(outgoing)
    return chat_post(outgoing)


def title(outgoing: Outgoing) -> str:
    """The status-page name / email subject as it goes out."""
    return marked(outgoing.title, drill=outgoing.drill)


def stem(outgoing: Outgoing) -> str:
    """Sortable (time first, zero-padded id), unique per message and channel, and safe;
    a drill's says DRILL after the key."""
    start = stamp_and_key(outgoing.sent_at, outgoing.incident_key, drill=outgoing.drill)
    return f"{start}-msg{outgoing.message_id:06d}-{outgoing.channel}"


def stamp_and_key(moment: datetime, incident_key: str, *, drill: bool) -> str:
    """How every file name in the outbox starts: the UTC time, the key made safe, and
    DRILL for a drill's."""
    stamp = utc(moment).strftime("%Y%m%dT%H%M%SZ")
    key = safe_name(incident_key, _KEY_LIMIT) or "incident"
    return f"{stamp}-{key}{'-DRILL' if drill else ''}"


def safe_name(text: str, limit: int) -> str:
    """``text`` with only the characters every file system and shell takes as they are."""
    return _UNSAFE_NAME.sub("", text)[:limit]


def _message_id(stem: str, settings: DeliverySettings) -> str:
    """Deterministic, so a retry of the same message is recognisably the same mail."""
    domain = parseaddr(settings.email_from)[1].rpartition("@")[2]
    domain = re.sub(r"[^A-Za-z0-9.-]", "", domain) or "localhost"
    return f"<warroom.{stem}@{domain}>"


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
