"""The words of an incident record: statuses, severities, the unknown service, link fields."""

from __future__ import annotations

from enum import StrEnum

from warroom.base.errors import InvalidInput
from warroom.base.limits import quoted


class Status(StrEnum):
    """Forward only (new → fixing → resolved); reopening is the one explicit way back."""

    NEW = "new"
    FIXING = "fixing"
    RESOLVED = "resolved"


SEVERITIES = (1, 2, 3)
"""The handbook's severity levels, 1 the worst. Which are major comes from the catalog."""

_LEVELS = {str(level): level for level in SEVERITIES}  # exactly "1", "2", "3": ASCII digits

UNKNOWN_SERVICE = "Unknown"
"""The handbook's choice for "no idea which service is at fault"; never a catalog entry."""


def parse_severity(value: object) -> int:
    """Accept 1, "1", " 2 ", "sev1", "SEV-2", "sev 3"; refuse anything else with the allowed
    values: "-1", "0", "4", "1e3", "²" (a digit to str.isdigit(), not to int()), "３" and
    other digits that are not ASCII."""
    allowed = ", ".join(map(str, SEVERITIES[:-1])) + f" or {SEVERITIES[-1]}"
    if isinstance(value, int) and not isinstance(value, bool) and value in SEVERITIES:
        return value
    text = str(value).strip().lower()
    if text.startswith("sev"):
        text = text.removeprefix("sev").lstrip("-_ ")
    if text in _LEVELS:
        return _LEVELS[text]
    if not text:
        raise InvalidInput("severity", f"choose one; use {allowed}")
    raise InvalidInput("severity", f"{quoted(str(value))} is not a severity; use {allowed}")


class ActionKind(StrEnum):
    """Clean-up during and just after the incident; follow-up from the postmortem."""

    CLEANUP = "cleanup"
    FOLLOW_UP = "follow-up"


class ActionPriority(StrEnum):
    """How soon an item matters: ``high`` for the postmortem's priority actions, the ones
    that keep the incident from happening again."""

    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


LINK_FIELDS = {
    "chat_room": "chat room",
    "video_link": "video call",
    "status_doc_link": "status document",
}
"""Where the team talks: the incident's fields and their names in sentences and errors."""
