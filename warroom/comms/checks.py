"""One item of a message's checklist, and the stable ids the items go by."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Check(StrEnum):
    """Stable ids of the checklist's items; stored with every message sent."""

    ASSESSMENT = "assessment"
    IMPACT = "impact"
    AFFECTED = "affected"
    ROOT_CAUSE = "root_cause"
    RECOVERY = "recovery"
    NEXT_UPDATE = "next_update"
    PROMISE = "promise"
    PAGE_STATUS = "page_status"
    SUMMARY_LENGTH = "summary_length"
    CURRENT_STATUS_BULLETS = "current_status_bullets"
    NEXT_STEPS_BULLETS = "next_steps_bullets"
    RESOLVED = "resolved"
    KEY = "key"
    SHORT = "short"
    REVIEW = "review"
    TEMPLATE = "template"


@dataclass(frozen=True)
class CheckItem:
    name: Check
    label: str
    ok: bool
    blocking: bool
    fix: str  # where to fix it, shown when it is not ok
