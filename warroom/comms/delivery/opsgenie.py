"""Opsgenie: each page's notice an alert, POSTed to the Alerts API at ``opsgenie_url``
(``https://api.opsgenie.com/v2/alerts``), with the person paged as its responder.

The API key comes only from ``WARROOM_OPSGENIE_API_KEY``, read at send time, and goes in
the ``Authorization: GenieKey …`` header; an error page may quote it back: ``secrets``
names it so that the door blanks it out.

Opsgenie accepts an alert for processing (202) and creates it afterwards; what it answers
is the request's id, which the detail reports. Every notice of one page has the same
alias: Opsgenie counts a repeat on the open alert rather than raising a second one. The
alias then acknowledges the alert when the page is answered in warroom, and closes it when
the incident is resolved (``…/alerts/ALIAS/acknowledge`` and ``/close``), so Opsgenie stops
notifying by its own rules too.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote, urlsplit, urlunsplit

from warroom.comms.delivery.base import Failed, cut
from warroom.comms.delivery.content import utc
from warroom.comms.delivery.page_content import ack_command, page_alias, page_text, page_title
from warroom.comms.delivery.pages import PageOut
from warroom.comms.delivery.webhook import origin, post_json, url_secrets
from warroom.config.delivery import CREDENTIALS, DeliverySettings

API_KEY_ENV = CREDENTIALS["opsgenie_api_key"]
PRIORITY = {1: "P1", 2: "P2", 3: "P3"}  # the handbook's Sev → Opsgenie's priority
# Opsgenie's limits, in characters. Details may hold 8000 in all: 500 for each of the
# twelve below keeps within it.
MESSAGE_LIMIT = 130
ALIAS_LIMIT = 512
DESCRIPTION_LIMIT = 15000
ENTITY_LIMIT = 512
USER_LIMIT = 100
DETAIL_LIMIT = 500


class Opsgenie:
    def send(self, page: PageOut, settings: DeliverySettings) -> str:
        if not settings.opsgenie_url:
            raise Failed("no opsgenie_url configured")
        key = _api_key()
        if not key:
            raise Failed(f"{API_KEY_ENV} is not set: Opsgenie needs an API key")
        url = settings.opsgenie_url
        headers = {"Authorization": f"GenieKey {key}"}
        if page.action != "trigger":
            url, body = _follow_up(url, page)
        else:
            body = alert(page)
        answer = post_json(url, body, settings.webhook_timeout, headers)
        request_id = answer.json_object().get("requestId")
        where = f"HTTP {answer.status} from {origin(url)}"
        if not isinstance(request_id, str) or not request_id:
            raise Failed(f"{where}, not Opsgenie's acceptance: {answer.snippet()}")
        told = "" if page.action == "trigger" else f" {page.action}"
        return f"Opsgenie accepted{told}, request {request_id} ({where})"

    def secrets(self, settings: DeliverySettings) -> list[str]:
        return [_api_key(), *url_secrets(settings.opsgenie_url)]


PAGE_ADAPTER = Opsgenie()


def alert(page: PageOut) -> bytes:
    """The Alerts API body for this notice: every field within Opsgenie's limits."""
    details = {
        "incident": page.incident_key,
        "page": str(page.page_id),
        "notice": str(page.notice),
        "severity": f"Sev {page.severity}",
        "team": page.team,
        "person": page.person,
        "reason": page.reason,
        "level": str(page.level),
        "round": str(page.round),
        "paged_at": utc(page.paged_at).isoformat(),
        "paged_by": page.paged_by,
        "acknowledge": ack_command(page),
    }
    body: dict[str, object] = {
        "message": cut(page_title(page), MESSAGE_LIMIT),
        "alias": page_alias(page)[:ALIAS_LIMIT],
        "description": cut(page_text(page), DESCRIPTION_LIMIT),
        "tags": ["warroom", f"sev{page.severity}"],
        "details": {name: cut(value, DETAIL_LIMIT) for name, value in details.items()},
        "entity": cut(page.incident_key, ENTITY_LIMIT),
        "source": "warroom",
        "priority": PRIORITY[page.severity],
        "user": cut(page.paged_by, USER_LIMIT),
    }
    if page.email:
        body["responders"] = [{"username": page.email, "type": "user"}]
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


_PATHS = {"acknowledge": "acknowledge", "resolve": "close"}  # PageAction → Opsgenie's


def _follow_up(url: str, page: PageOut) -> tuple[str, bytes]:
    """Where and what to POST to acknowledge or close the page's alert, found by alias."""
    alias = quote(page_alias(page)[:ALIAS_LIMIT], safe="")
    parts = urlsplit(url)
    path = f"{parts.path.rstrip('/')}/{alias}/{_PATHS[page.action]}"
    query = "&".join(filter(None, [parts.query, "identifierType=alias"]))
    body = {"source": "warroom", "note": _NOTES[page.action]}
    where = urlunsplit(parts._replace(path=path, query=query))
    return where, json.dumps(body, ensure_ascii=False).encode("utf-8")


_NOTES = {
    "acknowledge": "Acknowledged in warroom",
    "resolve": "The incident is resolved in warroom",
}


def _api_key() -> str:
    return os.environ.get(API_KEY_ENV, "").strip()
