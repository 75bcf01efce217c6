"""The words of an incident record: statuses, severities, the unknown service, link fields."""

from __future__ import annotations

from enum import StrEnum

from warroom.base.errors import InvalidInput


class Status(StrEnum):
    """Forward only (new → fixing → resolved); reopening is the one explicit way back."""

    NEW = "new"
    FIXING = "fixing"
    RESOLVED = "resolved"


SEVERITIES = (1, 2, 3)
"""The handbook's severity levels, 1 the worst. Which are major comes from the catalog."""

UNKNOWN_SERVICE = "Unknown"
"""The handbook's choice for "no idea which service is at fault"; never a catalog entry."""


def parse_severity(value: object) -> int:
    """Accept 1, "1", "sev1", "SEV-2"; refuse anything else with the allowed values."""
    allowed = ", ".join(map(str, SEVERITIES[:-1])) + f" or {SEVERITIES[-1]}"
    text = str(value).strip().lower().removeprefix("sev").lstrip("-_ ")
    if text.isdigit() and int(text) in SEVERITIES:
        return int(text)
    if not text:
        raise InvalidInput("severity", f"choose one; use {allowed}")
    raise InvalidInput("severity", f"{value!r} is not a severity; use {allowed}")


class ActionKind(StrEnum):
    """Clean-up during and just after the incident; follow-up from the postmortem."""

    CLEANUP = "cleanup"
    FOLLOW_UP = "follow-up"


LINK_FIELDS = {
    "chat_room": "chat room",
    "video_link": "video call",
    "status_doc_link": "status document",
}
"""Where the team talks: the incident's fields and their names in sentences and errors."""
