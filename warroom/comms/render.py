"""Filling a template: the values each ``$placeholder`` stands for, from the incident and
the draft. The text that goes out is exactly the template with these values in it, less
the blank lines an empty optional field leaves."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from datetime import datetime

from warroom.base.counts import say_count
from warroom.base.durations import format_duration
from warroom.base.localtime import local_text
from warroom.comms.drafts import Draft, shown_page_status
from warroom.process.metrics import time_to_recover
from warroom.process.read import IncidentDetail
from warroom.vocabulary.channels import Phase

# Each draft field and the placeholder that shows it in a template.
FIELD_PLACEHOLDERS = {
    "summary": "status_summary",
    "current_status": "current_status",
    "next_steps": "next_steps",
    "next_update": "next_update",
    "impact": "impact",
    "internal_affected": "internal_affected",
    "external_affected": "external_affected",
    "root_cause": "root_cause",
    "recovery": "recovery",
    "customer_text": "customer_text",
    "page_status": "page_status",
}


def render(template: string.Template, values: Mapping[str, str]) -> str:
    """The template filled in; an empty optional field leaves no gap behind."""
    text = template.safe_substitute(values)
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def placeholder_values(
    detail: IncidentDetail, phase: Phase, draft: Draft, now: datetime
) -> dict[str, str]:
    incident = detail.incident
    ttr = time_to_recover(incident)
    if ttr is None and incident.impact_started_at:
        ttr = now - incident.impact_started_at  # still going on
    return {
        "key": incident.key,
        "severity": f"Sev {incident.severity}",
        "summary": incident.summary,
        "products": join_products(detail.products),
        "chat_room": incident.chat_room,
        "support_cases": say_count(incident.support_cases),
        "duration": format_duration(ttr) if ttr is not None else "unknown",
        "impact_started": _local(incident.impact_started_at),
        "impact_ended": _local(incident.resolved_at),
        "status_summary": draft.summary,
        "current_status": _bullets(draft.current_status),
        "next_steps": _bullets(draft.next_steps),
        "next_update": draft.next_update,
        "impact": draft.impact,
        "internal_affected": draft.internal_affected,
        "external_affected": draft.external_affected,
        "root_cause": draft.root_cause,
        "recovery": draft.recovery,
        "customer_text": draft.customer_text,
        "page_status": shown_page_status(draft, phase).label,
    }


def join_products(products: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``; "our services" when none is known yet."""
    if not products:
        return "our services"
    if len(products) == 1:
        return products[0]
    return ", ".join(products[:-1]) + " and " + products[-1]


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"- {item}" for item in items) or "- (none yet)"


def _local(moment: datetime | None) -> str:
    return local_text(moment, "%Y-%m-%d %H:%M %Z", empty="unknown")
