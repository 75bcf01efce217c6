"""What a message becomes on its way out, one function a form: an RFC 5322 email, a
status-page entry, a chat post. Every adapter carrying a form uses the same bytes.

A drill's message is marked DRILL in every form: its title, its payload and its file name."""

from __future__ import annotations

import json
import re
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
    message = EmailMessage()
    message["From"] = settings.email_from
    message["To"] = ", ".join(settings.email_to)
    message["Subject"] = title(outgoing)
    message["Date"] = format_datetime(_utc(outgoing.sent_at))
    message["Message-ID"] = _message_id(outgoing, settings)
    message["X-Warroom-Incident"] = outgoing.incident_key
    if outgoing.drill:
        message["X-Warroom-Drill"] = "yes"
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


def status_payload(outgoing: Outgoing) -> bytes:
    """The status-page entry, written to the outbox and posted to the webhook alike."""
    payload = {
        "incident": outgoing.incident_key,
        "phase": outgoing.phase,
        "channel": outgoing.channel,
        "name": title(outgoing),
        "body": outgoing.body,
        "status": STATUS_FOR_PHASE[outgoing.phase],
        "sent_at": _utc(outgoing.sent_at).isoformat(),
        "sent_by": outgoing.sent_by,
        "message_id": outgoing.message_id,
        "drill": outgoing.drill,
    }
    # The same data, with what a terminal would obey written as JSON escapes: people read
    # outbox files with cat.
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
    stamp = _utc(outgoing.sent_at).strftime("%Y%m%dT%H%M%SZ")
    key = _UNSAFE_NAME.sub("", outgoing.incident_key)[:_KEY_LIMIT] or "incident"
    drill = "-DRILL" if outgoing.drill else ""
    return f"{stamp}-{key}{drill}-msg{outgoing.message_id:06d}-{outgoing.channel}"


def _message_id(outgoing: Outgoing, settings: DeliverySettings) -> str:
    """Deterministic, so a retry of the same message is recognisably the same mail."""
    domain = parseaddr(settings.email_from)[1].rpartition("@")[2]
    domain = re.sub(r"[^A-Za-z0-9.-]", "", domain) or "localhost"
    return f"<warroom.{stem(outgoing)}@{domain}>"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
