"""The handbook's initial comms templates, filled from an incident.

Placeholders follow the handbook: the internal name (and email subject) is
``<key> - <severity> - <summary>``, so every internal message carries the key.
"""

from __future__ import annotations

from dataclasses import dataclass

from warroom.models import Incident

CHANNELS = ("internal", "email", "external")


@dataclass(frozen=True)
class Rendered:
    channel: str
    title: str
    body: str


def join_products(products: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``; "our services" when none is known yet."""
    if not products:
        return "our services"
    if len(products) == 1:
        return products[0]
    return ", ".join(products[:-1]) + " and " + products[-1]


def internal_name(incident: Incident) -> str:
    return f"{incident.key} - Sev {incident.severity} - {incident.summary}"


def initial(incident: Incident, products: list[str], channel: str) -> Rendered:
    affected = join_products(products)
    if channel == "external":
        return Rendered(
            channel,
            f"Investigating issues with {affected}",
            f"We are investigating issues with {affected} and will post updates here soon.",
        )
    body = (
        f"We are investigating an incident affecting {affected}. "
        "We will post updates by email and on the status page shortly."
    )
    if channel == "email":
        body += f"\n\nQuestions: ask in the chat room {incident.chat_room} or reply to this email."
    return Rendered(channel, internal_name(incident), body)
