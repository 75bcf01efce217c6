"""What a page's notice becomes on its way out: the JSON the outbox keeps and the page
webhook gets, the email to the person paged, its file name, and the words the paging
services show. A drill's says DRILL in its title, its payload and its file name."""

from __future__ import annotations

import hashlib
from email.message import EmailMessage

from warroom.comms.delivery.base import marked
from warroom.comms.delivery.content import (
    json_file,
    plain_email,
    safe_name,
    stamp_and_key,
    utc,
)
from warroom.comms.delivery.pages import PageOut
from warroom.config.delivery import DeliverySettings

_PERSON_LIMIT = 40  # with the key's 64, file names stay well under every file system's limit


def page_title(page: PageOut) -> str:
    """The email subject and the alert's headline."""
    title = f"[Sev {page.severity}] {page.incident_key}: {page.summary} — page"
    return marked(title, drill=page.drill)


def page_alias(page: PageOut) -> str:
    """The page's id at a paging service: a retry, or a later notice of the same page, is
    recognised there as the same alert rather than raising a second one."""
    return f"warroom-{page.incident_key}-page-{page.page_id}"


def ack_command(page: PageOut) -> str:
    return f"warroom ack {page.page_id}"


def page_payload(page: PageOut) -> bytes:
    """The notice as JSON: the outbox file and the page webhook's body alike."""
    return json_file(
        {
            "incident": page.incident_key,
            "page_id": page.page_id,
            "notice": page.notice,
            "title": page_title(page),
            "severity": page.severity,
            "summary": page.summary,
            "reason": page.reason,
            "team": page.team,
            "person": page.person,
            "email": page.email,
            "level": page.level,
            "round": page.round,
            "paged_at": utc(page.paged_at).isoformat(),
            "paged_by": page.paged_by,
            "acknowledge": ack_command(page),
            "drill": page.drill,
        }
    )


def page_text(page: PageOut) -> str:
    """What the person paged reads: what, why, who asked, and how to say they are on it."""
    drill = "DRILL: a training incident. Nothing real is broken.\n\n" if page.drill else ""
    when = utc(page.paged_at).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{drill}You are paged for {page.incident_key} (Sev {page.severity}): {page.summary}\n"
        f"\n"
        f"Reason: {page.reason}\n"
        f"Team: {page.team}\n"
        f"Escalation level {page.level}, round {page.round}\n"
        f"Paged by {page.paged_by} at {when}\n"
        f"\n"
        f"To acknowledge: {ack_command(page)}\n"
    )


def page_email(page: PageOut, settings: DeliverySettings) -> EmailMessage:
    """The email to the person paged, at their own address (not the distribution list)."""
    message = plain_email(
        settings,
        to=[page.email or ""],
        subject=page_title(page),
        sent_at=page.paged_at,
        stem=page_stem(page),
        incident_key=page.incident_key,
        drill=page.drill,
        body=page_text(page),
    )
    message["X-Warroom-Page"] = str(page.page_id)
    return message


def page_stem(page: PageOut) -> str:
    """Sortable (time first, zero-padded ids), unique per notice and person, and safe."""
    start = stamp_and_key(page.paged_at, page.incident_key, drill=page.drill)
    return f"{start}-page{page.page_id:06d}-n{page.notice:02d}-{_person(page.person)}"


def _person(person: str) -> str:
    """The name made safe; one that lost characters on the way (every one, for a name in
    another script) keeps a short hash of the whole, so two people never share a file."""
    name = safe_name(person, _PERSON_LIMIT)
    if name == person:
        return name
    digest = hashlib.sha256(person.encode("utf-8")).hexdigest()[:8]
    return f"{name}-{digest}" if name else digest
