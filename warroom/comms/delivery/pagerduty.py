"""PagerDuty: each page's notice a ``trigger`` event of the Events API v2, POSTed to
``pagerduty_url`` (``https://events.pagerduty.com/v2/enqueue``).

The routing key (the integration key of a service's Events API v2 integration) comes only
from ``WARROOM_PAGERDUTY_ROUTING_KEY``, read at send time; it travels in the body, and an
error page may quote it back: ``secrets`` names it so that the door blanks it out.

Every notice of one page carries the same ``dedup_key``: a retry, or a later notice of the
page, joins the alert already open instead of raising a second one. The same key then
``acknowledge``s the alert when the page is answered in warroom, and ``resolve``s it when
the incident is resolved, so PagerDuty stops paging by its own rules too.
"""

from __future__ import annotations

import json
import os

from warroom.comms.delivery.base import Failed, cut
from warroom.comms.delivery.content import utc
from warroom.comms.delivery.page_content import page_alias, page_title
from warroom.comms.delivery.pages import PageOut
from warroom.comms.delivery.webhook import origin, post_json, url_secrets
from warroom.config.delivery import CREDENTIALS, DeliverySettings

ROUTING_KEY_ENV = CREDENTIALS["pagerduty_routing_key"]
SEVERITY = {1: "critical", 2: "error", 3: "warning"}  # the handbook's Sev → PagerDuty's
SUMMARY_LIMIT = 1024  # PagerDuty's limit on payload.summary


class PagerDuty:
    def send(self, page: PageOut, settings: DeliverySettings) -> str:
        if not settings.pagerduty_url:
            raise Failed("no pagerduty_url configured")
        key = _routing_key()
        if not key:
            raise Failed(f"{ROUTING_KEY_ENV} is not set: PagerDuty needs the routing key")
        url = settings.pagerduty_url
        event = trigger_event(page, key) if page.action == "trigger" else follow_up(page, key)
        answer = post_json(url, event, settings.webhook_timeout)
        said = answer.json_object()
        if said.get("status") != "success":
            raise Failed(
                f"HTTP {answer.status} from {origin(url)}, not PagerDuty's success: "
                f"{answer.snippet()}"
            )
        dedup_key = said.get("dedup_key") or page_alias(page)
        where = f"HTTP {answer.status} from {origin(url)}"
        told = "" if page.action == "trigger" else f" {page.action}"
        return f"PagerDuty accepted{told}, dedup key {dedup_key} ({where})"

    def secrets(self, settings: DeliverySettings) -> list[str]:
        return [_routing_key(), *url_secrets(settings.pagerduty_url)]


PAGE_ADAPTER = PagerDuty()


def trigger_event(page: PageOut, routing_key: str) -> bytes:
    """The Events API v2 body that opens (or joins) the alert for this page."""
    event = {
        "routing_key": routing_key,
        "event_action": "trigger",
        "dedup_key": page_alias(page),
        "payload": {
            "summary": cut(page_title(page), SUMMARY_LIMIT),
            "source": "warroom",
            "severity": SEVERITY[page.severity],
            "timestamp": utc(page.paged_at).isoformat(),
            "component": page.team,
            "group": page.team,
            "class": "incident",
            "custom_details": {
                "incident": page.incident_key,
                "reason": page.reason,
                "person": page.person,
                "level": page.level,
                "round": page.round,
                "paged_by": page.paged_by,
                "drill": page.drill,
            },
        },
    }
    return json.dumps(event, ensure_ascii=False).encode("utf-8")


def follow_up(page: PageOut, routing_key: str) -> bytes:
    """The Events API v2 body that acknowledges or resolves the page's alert: the action
    and the key are all PagerDuty reads for these."""
    event = {"routing_key": routing_key, "event_action": page.action, "dedup_key": page_alias(page)}
    return json.dumps(event, ensure_ascii=False).encode("utf-8")


def _routing_key() -> str:
    return os.environ.get(ROUTING_KEY_ENV, "").strip()
