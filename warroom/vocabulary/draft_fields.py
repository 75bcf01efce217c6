"""The fields of a message draft (``comms.drafts.Draft``): each one's label in forms, and
what to write in it, as the command line's help says too."""

from __future__ import annotations

FIELDS = {
    "summary": ("Summary", "1–2 sentences: current status and impact"),
    "customer_text": (
        "What customers read",
        "1–2 sentences for the status page, in customers' words",
    ),
    "page_status": (
        "Status-page status",
        "investigating, identified, monitoring or resolved; empty follows the facts",
    ),
    "current_status": ("Current status", "current status, 2–4 bullets separated by ;"),
    "next_steps": ("Next steps", "next steps, 2–4 bullets separated by ;"),
    "next_update": ("Next update", "when and how the next update comes"),
    "impact": ("Impact", "impact on customers"),
    "internal_affected": (
        "Internal customers affected",
        "how many internal customers are affected",
    ),
    "external_affected": (
        "External customers affected",
        "how many external customers are affected",
    ),
    "root_cause": ("Root cause", "root cause, or 'unknown'"),
    "recovery": ("Expected recovery", "when recovery is expected, or 'unknown'"),
}
FIELD_HELP = {name: help_text for name, (_, help_text) in FIELDS.items()}
