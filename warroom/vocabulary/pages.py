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


class PageAction(StrEnum):
    """What a delivery tells: the page itself, or a paging service that keeps the page open
    as an alert of its own that it is answered, or over."""

    TRIGGER = "trigger"
    ACKNOWLEDGE = "acknowledge"
    RESOLVE = "resolve"


FOLLOWED_UP = ("pagerduty", "opsgenie")
"""The ways out that keep an alert open, and page on by their own rules until told: each
that carried a page is told of its acknowledgement, and of its cancellation."""

OPEN = frozenset({PageState.TRIGGERED, PageState.UNANSWERED})
"""Pages still waiting for somebody: acknowledging closes them, resolving cancels them."""

ESCALATION_AUTHOR = "warroom"
"""The author of what no person did: a notice sent because a deadline passed."""
