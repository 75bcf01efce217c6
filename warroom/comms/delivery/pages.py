"""Delivering pages: one notice of one page to one person, through the same adapters, the
same door and the same drill rule as messages (``base``).

A page's adapters are chosen from the settings alone, without importing them: a page that
goes to the outbox only never loads smtplib or http.client. Each adapter module carries its
page adapter as ``PAGE_ADAPTER`` beside the message one, sharing its way out (the atomic
write, the SMTP session, the HTTP POST); PagerDuty and Opsgenie carry pages only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from warroom.base.errors import InvalidInput
from warroom.comms.delivery.base import Attempt, allowed, attempted, imported, kept_in
from warroom.config.delivery import DeliverySettings, one_line
from warroom.vocabulary.incident import SEVERITIES
from warroom.vocabulary.pages import FOLLOWED_UP, PageAction

ACTIONS = tuple(action.value for action in PageAction)


@dataclass(frozen=True)
class PageOut:
    """One notice of one page to one person."""

    page_id: int
    notice: int  # 0 the first notice, 1.. each escalation or repeat (unique per page with person)
    incident_key: str
    severity: int
    summary: str
    reason: str
    team: str
    person: str
    email: str | None  # the person's address from the catalog, if it has one
    level: int  # escalation level, from 1
    round: int  # 1 the first time through the policy, 2 its first repeat, ...
    paged_at: datetime  # aware UTC: when this notice went out
    paged_by: str  # who paged (an escalation's notices carry the same)
    drill: bool = False  # a training incident's page: the outbox only, marked DRILL
    # What it tells (vocabulary.pages.PageAction): the page, or a paging service that
    # keeps it open as an alert that it was acknowledged or is over (FOLLOWED_UP only).
    action: str = "trigger"

    def __post_init__(self) -> None:
        if self.paged_at.utcoffset() is None:
            raise InvalidInput("paged_at", "must carry a time zone (UTC)")
        if self.severity not in SEVERITIES:
            raise InvalidInput("severity", f"must be one of {SEVERITIES}, not {self.severity}")
        for name, lowest in (("notice", 0), ("level", 1), ("round", 1)):
            if getattr(self, name) < lowest:
                raise InvalidInput(name, f"must be {lowest} or more")
        # These become mail headers (subject, recipient) or names of files and alerts: a line
        # break would let text forge headers.
        one_line("incident_key", self.incident_key)
        one_line("summary", self.summary)
        one_line("person", self.person)
        if self.email is not None:
            one_line("email", self.email)
        if self.action not in ACTIONS:
            raise InvalidInput("action", f"must be one of {', '.join(ACTIONS)}")


class PageAdapter(Protocol):
    """One way out for a page. Each module named in ``PAGE_ADAPTERS`` has one, called
    ``PAGE_ADAPTER``."""

    def send(self, page: PageOut, settings: DeliverySettings) -> str:
        """Deliver, or raise ``base.Failed``; return what happened, in one line."""
        ...

    def secrets(self, settings: DeliverySettings) -> list[str]:
        """What this adapter sends that a server could quote back (``base.Adapter``)."""
        ...


PAGE_ADAPTERS = ("outbox", "smtp", "webhook", "pagerduty", "opsgenie")
_MODULES = {name: name for name in PAGE_ADAPTERS}  # each the module of its name

# Whether the settings ask for an adapter, for this page: decided here, from the settings
# alone, so choosing imports no adapter.
_CHOSEN: dict[str, Callable[[PageOut, DeliverySettings], bool]] = {
    "outbox": lambda page, settings: True,  # the outbox is always there
    "smtp": lambda page, settings: bool(settings.smtp_host and page.email),
    "webhook": lambda page, settings: bool(settings.page_webhook_url),
    "pagerduty": lambda page, settings: bool(settings.pagerduty_url),
    "opsgenie": lambda page, settings: bool(settings.opsgenie_url),
}


def page_adapter(name: str) -> PageAdapter:
    """The page adapter called ``name``, imported now."""
    found: PageAdapter = imported(name, _MODULES, "PAGE_ADAPTER")
    return found


def page_adapters_for(page: PageOut, settings: DeliverySettings) -> list[str]:
    """The outbox always; SMTP when ``smtp_host`` is set and the person has an address; the
    page webhook, PagerDuty and Opsgenie when their URLs are set; a drill's, the outbox only."""
    return [name for name in PAGE_ADAPTERS if allowed(name, page) and _CHOSEN[name](page, settings)]


def deliver_page(name: str, page: PageOut, settings: DeliverySettings) -> Attempt:
    """Send one notice one way, as ``base.deliver`` sends a message: only an unknown adapter
    name raises; failures come back as one clean line with every secret blanked out."""
    if name in PAGE_ADAPTERS and not allowed(name, page):
        # A retry of a drill's page that got past the choice: refused, never attempted.
        return kept_in(name)
    if page.action != PageAction.TRIGGER and name not in FOLLOWED_UP:
        raise InvalidInput("adapter", f"{name} keeps no alert to {page.action}")
    way = page_adapter(name)
    return attempted(name, lambda: way.send(page, settings), lambda: way.secrets(settings))
