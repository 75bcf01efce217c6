"""PagerDuty's Events API v2 and Opsgenie's Alerts API as the loopback HTTP server's
``reply``: each checks a request against the API's documented shape, answers as the API
does (202 and its JSON, or its refusal naming what is wrong) and keeps every problem it
found, so that a wrong shape fails the test however the adapter words the refusal.

``down`` answers 500, as an outage would; ``echo`` answers an error quoting the request,
headers and body, as a careless proxy in front of the API might.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from .servers import Posted

PAGERDUTY_TOP = {"routing_key", "event_action", "dedup_key", "payload"}
PAGERDUTY_OPTIONAL = {"images", "links", "client", "client_url"}
PAGERDUTY_PAYLOAD = {"summary", "source", "severity"}
PAGERDUTY_PAYLOAD_OPTIONAL = {"timestamp", "component", "group", "class", "custom_details"}
PAGERDUTY_SEVERITIES = {"critical", "error", "warning", "info"}
PAGERDUTY_FOLLOW_UP = {"routing_key", "event_action", "dedup_key"}

OPSGENIE_FIELDS = {
    "message", "alias", "description", "responders", "visibleTo", "actions", "tags",
    "details", "entity", "source", "priority", "user", "note",
}  # fmt: skip
OPSGENIE_LIMITS = {
    "message": 130,
    "alias": 512,
    "description": 15000,
    "entity": 512,
    "source": 100,
    "user": 100,
    "note": 25000,
}
OPSGENIE_ACTION_FIELDS = {"user", "source", "note"}
OPSGENIE_RESPONDER_TYPES = {"user", "team", "escalation", "schedule"}
OPSGENIE_PRIORITIES = {"P1", "P2", "P3", "P4", "P5"}


@dataclass
class FakeApi:
    """What an API was sent that it would refuse, and how it answers."""

    secret: str  # the routing key or the API key it accepts
    problems: list[str] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    down: bool = False
    echo: bool = False

    def __call__(self, posted: Posted) -> tuple[int, Any]:
        if self.echo:  # what carries a key first, so that it falls within a quoted snippet
            said = {"message": "bad request", "authorization": posted.authorization}
            return 400, {**said, "request": posted.body.decode(), "headers": posted.headers}
        if self.down:
            return 500, {"message": "internal error, try again later"}
        problems = []
        if posted.content_type != "application/json":
            problems.append(f"content type {posted.content_type}")
        try:
            body = json.loads(posted.body)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            problems.append("the body is not a JSON object")
        else:
            problems += self.check(posted, body)
        self.problems += problems
        if problems:
            return self.refusal(problems)
        self.accepted.append(body)
        return 202, self.success(body)

    def check(self, posted: Posted, body: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def refusal(self, problems: list[str]) -> tuple[int, Any]:
        raise NotImplementedError

    def success(self, body: dict[str, Any]) -> Any:
        raise NotImplementedError


class PagerDutyApi(FakeApi):
    """POST /v2/enqueue, a trigger event (routing key, action and payload in the body), or
    an acknowledge or resolve event (routing key, action and the alert's dedup key)."""

    def check(self, posted: Posted, body: dict[str, Any]) -> list[str]:
        if body.get("event_action") in ("acknowledge", "resolve"):
            problems = _keys(body, PAGERDUTY_FOLLOW_UP, set(), "event")
            if body.get("routing_key") != self.secret:
                problems.append("routing_key is not the integration's")
            return problems + _text(body, "dedup_key", 255, "event")
        problems = _keys(body, PAGERDUTY_TOP, PAGERDUTY_OPTIONAL, "event")
        if body.get("routing_key") != self.secret:
            problems.append("routing_key is not the integration's")
        if body.get("event_action") != "trigger":
            problems.append(f"event_action {body.get('event_action')!r}")
        problems += _text(body, "dedup_key", 255, "event")
        payload = body.get("payload")
        if not isinstance(payload, dict):
            return [*problems, "payload is not an object"]
        problems += _keys(payload, PAGERDUTY_PAYLOAD, PAGERDUTY_PAYLOAD_OPTIONAL, "payload")
        problems += _text(payload, "summary", 1024, "payload")
        problems += _text(payload, "source", 255, "payload")
        if payload.get("severity") not in PAGERDUTY_SEVERITIES:
            problems.append(f"payload.severity {payload.get('severity')!r}")
        problems += _timestamp(payload.get("timestamp"))
        for name in ("component", "group", "class"):
            if name in payload:
                problems += _text(payload, name, 1024, "payload")
        if not isinstance(payload.get("custom_details", {}), dict):
            problems.append("payload.custom_details is not an object")
        return problems

    def refusal(self, problems: list[str]) -> tuple[int, Any]:
        said = {"status": "invalid event", "message": "Event object is invalid"}
        return 400, {**said, "errors": problems}

    def success(self, body: dict[str, Any]) -> Any:
        return {"status": "success", "message": "Event processed", "dedup_key": body["dedup_key"]}


@dataclass
class OpsgenieApi(FakeApi):
    """POST /v2/alerts with ``Authorization: GenieKey KEY``: an alert to create; or
    POST /v2/alerts/ALIAS/acknowledge (or /close) ?identifierType=alias: an alert found by
    its alias to acknowledge or close, kept in ``acted`` as (action, alias)."""

    request_ids: int = 0
    acted: list[tuple[str, str]] = field(default_factory=list)

    def check(self, posted: Posted, body: dict[str, Any]) -> list[str]:
        problems = []
        if posted.authorization != f"GenieKey {self.secret}":
            problems.append("Authorization is not GenieKey with the API key")
        path, _, query = posted.path.partition("?")
        if path.endswith(("/acknowledge", "/close")):
            return problems + self._action(path, query, body)
        if unknown := set(body) - OPSGENIE_FIELDS:
            problems.append(f"unknown fields {sorted(unknown)}")
        problems += _text(body, "message", OPSGENIE_LIMITS["message"], "alert")
        for name, limit in OPSGENIE_LIMITS.items():
            if name != "message" and name in body:
                problems += _text(body, name, limit, "alert")
        if body.get("priority", "P3") not in OPSGENIE_PRIORITIES:
            problems.append(f"priority {body.get('priority')!r}")
        problems += _responders(body.get("responders", []))
        tags = body.get("tags", [])
        if not (isinstance(tags, list) and len(tags) <= 20):
            problems.append("tags is not a list of at most 20")
        elif not all(isinstance(tag, str) and 0 < len(tag) <= 50 for tag in tags):
            problems.append("a tag is not a string of 1 to 50 characters")
        details = body.get("details", {})
        if not (isinstance(details, dict) and all(isinstance(v, str) for v in details.values())):
            problems.append("details is not a map of strings to strings")
        elif sum(len(k) + len(v) for k, v in details.items()) > 8000:
            problems.append("details holds more than 8000 characters")
        return problems

    def _action(self, path: str, query: str, body: dict[str, Any]) -> list[str]:
        found = re.fullmatch(r"/v2/alerts/([^/]+)/(acknowledge|close)", path)
        if found is None:
            return [f"no such endpoint {path}"]
        problems = [] if query == "identifierType=alias" else [f"query {query!r}"]
        if unknown := set(body) - OPSGENIE_ACTION_FIELDS:
            problems.append(f"unknown fields {sorted(unknown)}")
        for name in set(body) & OPSGENIE_ACTION_FIELDS:
            problems += _text(body, name, OPSGENIE_LIMITS[name], "action")
        if not problems:
            self.acted.append((found[2], unquote(found[1])))
        return problems

    def refusal(self, problems: list[str]) -> tuple[int, Any]:
        if problems == ["Authorization is not GenieKey with the API key"]:
            return 401, {"message": "Could not authenticate", "took": 0.0, "requestId": "r-0"}
        return 422, {"message": "; ".join(problems), "took": 0.001, "requestId": "r-0"}

    def success(self, body: dict[str, Any]) -> Any:
        self.request_ids += 1
        request_id = f"43a29c5c-3dbf-4fa4-9c26-{self.request_ids:012d}"
        return {"result": "Request will be processed", "took": 0.302, "requestId": request_id}


def _keys(found: dict[str, Any], required: set[str], optional: set[str], what: str) -> list[str]:
    problems = [f"{what} has no {name}" for name in sorted(required - set(found))]
    if unknown := set(found) - required - optional:
        problems.append(f"{what} has unknown fields {sorted(unknown)}")
    return problems


def _text(found: dict[str, Any], name: str, limit: int, what: str) -> list[str]:
    value = found.get(name)
    if not isinstance(value, str) or not value.strip():
        return [f"{what}.{name} is not a non-empty string"]
    if len(value) > limit:
        return [f"{what}.{name} is {len(value)} characters, over {limit}"]
    return []


def _timestamp(value: object) -> list[str]:
    if value is None:
        return []
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return [f"payload.timestamp {value!r} is not ISO 8601"]
    return [] if moment.utcoffset() is not None else ["payload.timestamp has no zone"]


def _responders(responders: object) -> list[str]:
    if not isinstance(responders, list):
        return ["responders is not a list"]
    problems = []
    for responder in responders:
        if not isinstance(responder, dict) or responder.get("type") not in OPSGENIE_RESPONDER_TYPES:
            problems.append(f"responder {responder!r} has no known type")
        elif not any(isinstance(responder.get(k), str) for k in ("id", "name", "username")):
            problems.append(f"responder {responder!r} has no id, name or username")
    return problems
