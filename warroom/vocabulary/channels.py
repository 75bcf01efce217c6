"""Comms phases and channels. A channel is defined once, here: its names, its audience,
the gates its messages pass, the forms it takes and the adapters that deliver it.

Adding a channel means a line in ``CHANNELS`` and its templates in ``data/templates``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from warroom.base.errors import InvalidInput


class Phase(StrEnum):
    INITIAL = "initial"
    UPDATE = "update"
    RESOLUTION = "resolution"


class Audience(StrEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"


class Gate(StrEnum):
    """Checks that depend on the channel (the phase brings the rest)."""

    CARRIES_KEY = "key"  # every internal message carries the incident key
    UPDATE_FORMAT = "format"  # the handbook's update shape: 1–2 sentences, 2–4 bullets
    SHORT_TEXT = "short"  # customers want to know whether it is fixed, and when
    REVIEW = "review"  # a second pair of eyes, when the catalog asks for one


class Form(StrEnum):
    """What a message becomes on its way out."""

    EMAIL = "email"  # an RFC 5322 message
    STATUS = "status"  # a status-page entry (JSON)
    CHAT = "chat"  # a post in the incident's chat room


@dataclass(frozen=True)
class Channel:
    name: str  # as stored and typed: internal, email, external
    label: str  # in lists and forms
    noun: str  # inside a sentence: "sent on the …"
    audience: Audience
    gates: frozenset[Gate]
    forms: tuple[Form, ...]
    adapters: tuple[str, ...]  # delivery adapters that carry it, when configured


_INTERNAL_GATES = frozenset({Gate.CARRIES_KEY, Gate.UPDATE_FORMAT})

CHANNELS = (
    Channel(
        "internal",
        "Internal status page",
        "internal status page",
        Audience.INTERNAL,
        _INTERNAL_GATES,
        (Form.STATUS, Form.CHAT),
        ("outbox", "webhook"),
    ),
    Channel(
        "email",
        "Email to the distribution list",
        "email",
        Audience.INTERNAL,
        _INTERNAL_GATES,
        (Form.EMAIL,),
        ("outbox", "smtp"),
    ),
    Channel(
        "external",
        "External status page",
        "external status page",
        Audience.EXTERNAL,
        frozenset({Gate.SHORT_TEXT, Gate.REVIEW}),
        (Form.STATUS,),
        ("outbox", "webhook"),
    ),
)


class PageStatus(StrEnum):
    """The status a status page shows customers, in the order an incident goes through."""

    INVESTIGATING = "investigating"  # something is wrong; the cause is not known yet
    IDENTIFIED = "identified"  # the cause is known; a fix is on its way
    MONITORING = "monitoring"  # a fix is out; watching that it holds
    RESOLVED = "resolved"  # over

    @property
    def label(self) -> str:
        return self.value.capitalize()


def page_status(name: str) -> PageStatus:
    try:
        return PageStatus(name.strip().lower())
    except ValueError:
        names = ", ".join(s.value for s in PageStatus)
        raise InvalidInput("page_status", f"{name!r}: use one of {names}") from None


CHANNEL_NAMES = tuple(c.name for c in CHANNELS)
PHASE_NAMES = tuple(p.value for p in Phase)
_BY_NAME = {c.name: c for c in CHANNELS}


def channel(name: str) -> Channel:
    """The channel called ``name`` (as typed: case and spaces do not matter)."""
    found = _BY_NAME.get(name.strip().lower())
    if found is None:
        raise InvalidInput("channel", f"{name!r}: use one of {', '.join(CHANNEL_NAMES)}")
    return found


def phase(name: str) -> Phase:
    try:
        return Phase(name.strip().lower())
    except ValueError:
        raise InvalidInput("phase", f"{name!r}: use one of {', '.join(PHASE_NAMES)}") from None
