"""A page's life: triggered until someone acknowledges it, escalated step by step while
nobody does, cancelled when the incident is resolved, flagged unanswered when the policy
has no step left."""

from __future__ import annotations

from enum import StrEnum


class PageState(StrEnum):
    TRIGGERED = "triggered"  # waiting for an acknowledgement; escalates at its deadline
    ACKNOWLEDGED = "acknowledged"
    CANCELLED = "cancelled"  # the incident was resolved first
    UNANSWERED = "unanswered"  # every step timed out: stopped and flagged for a person
    # A record, never delivered nor escalated: written before pages were delivered, or
    # replayed from a scenario (the demo's history).
    RECORDED = "recorded"


OPEN = frozenset({PageState.TRIGGERED, PageState.UNANSWERED})
"""Pages still waiting for somebody: acknowledging closes them, resolving cancels them."""

ESCALATION_AUTHOR = "warroom"
"""The author of what no person did: a notice sent because a deadline passed."""
