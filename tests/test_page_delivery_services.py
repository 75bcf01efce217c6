"""Pages to PagerDuty (Events API v2) and Opsgenie (Alerts API), each played on 127.0.0.1
by a fake that checks every request against the API's documented shape and answers as the
API does (tests/paging_apis.py). The fakes' own checks are shown to fail on wrong shapes.
No routing key or API key ever reaches a detail line, whatever a server quotes back.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from warroom.base.errors import InvalidInput
from warroom.comms.delivery.base import Attempt
from warroom.comms.delivery.opsgenie import alert
from warroom.comms.delivery.pagerduty import trigger_event
from warroom.comms.delivery.pages import deliver_page
from warroom.comms.delivery.redact import MARK
from warroom.config.delivery import DeliverySettings

from . import servers
from .paging_apis import FakeApi, OpsgenieApi, PagerDutyApi
from .servers import WebhookServer
from .test_page_delivery import GENIE_KEY, KEY, PAGE_ENV, ROUTING_KEY, page, settings

PD_ENV = "WARROOM_PAGERDUTY_ROUTING_KEY"
OG_ENV = "WARROOM_OPSGENIE_API_KEY"
ALIAS = f"warroom-{KEY}-page-12"


@pytest.fixture(autouse=True)
def _no_credentials_or_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    servers.loopback_only(monkeypatch, PAGE_ENV)


@dataclass(frozen=True)
class Service:
    """A paging service on loopback: its adapter's name, its key and where it listens."""

    name: str
    env: str
    key: str
    api: FakeApi
    server: WebhookServer

    def config(self, tmp_path: Path) -> DeliverySettings:
        path = {"pagerduty": "/v2/enqueue", "opsgenie": "/v2/alerts"}[self.name]
        return settings(tmp_path, **{f"{self.name}_url": self.server.url + path})

    @property
    def url(self) -> str:
        return self.server.url


MISSING_KEY = {
    "pagerduty": f"{PD_ENV} is not set: PagerDuty needs the routing key",
    "opsgenie": f"{OG_ENV} is not set: Opsgenie needs an API key",
}


@contextmanager
def serving(name: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    """The fake API for ``name``, its key set in the environment as a user would."""
    env, key = {"pagerduty": (PD_ENV, ROUTING_KEY), "opsgenie": (OG_ENV, GENIE_KEY)}[name]
    api = PagerDutyApi(key) if name == "pagerduty" else OpsgenieApi(key)
    monkeypatch.setenv(env, key)
    with servers.webhook_server(reply=api) as server:
        yield Service(name, env, key, api, server)


@pytest.fixture(params=["pagerduty", "opsgenie"])
def service(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    with serving(request.param, monkeypatch) as running:
        yield running


@pytest.fixture
def pagerduty(monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    with serving("pagerduty", monkeypatch) as running:
        yield running


@pytest.fixture
def opsgenie(monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    with serving("opsgenie", monkeypatch) as running:
        yield running


def post(url: str, body: bytes, headers: dict[str, str] | None = None) -> int:
    """POST as any client would: how the fakes are shown to refuse a wrong shape."""
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=2.0) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return err.code


# ---------------------------------------------------------------- PagerDuty


@pytest.mark.parametrize(("severity", "expected"), [(1, "critical"), (2, "error"), (3, "warning")])
def test_pagerduty_triggers_an_event_of_the_documented_shape(
    tmp_path: Path, pagerduty: Service, severity: int, expected: str
) -> None:
    server, api = pagerduty.server, pagerduty.api

    attempt = deliver_page("pagerduty", page(severity=severity), pagerduty.config(tmp_path))

    assert api.problems == []
    assert attempt == Attempt(
        "pagerduty",
        True,
        f"PagerDuty accepted, dedup key {ALIAS} (HTTP 202 from {server.url})",
    )
    [posted] = server.received
    assert posted.path == "/v2/enqueue"
    assert posted.authorization is None  # the key travels in the body only
    [event] = api.accepted
    assert event == {
        "routing_key": ROUTING_KEY,
        "event_action": "trigger",
        "dedup_key": ALIAS,
        "payload": {
            "summary": f"[Sev {severity}] HOT-7: Checkout fails for 日本語 customers 🔥 — page",
            "source": "warroom",
            "severity": expected,
            "timestamp": "2026-11-25T14:00:00+00:00",
            "component": "payments",
            "group": "payments",
            "class": "incident",
            "custom_details": {
                "incident": KEY,
                "reason": "Payments API answers 5xx to 40% of requests",
                "person": "ana.silva",
                "level": 2,
                "round": 1,
                "paged_by": "aisha",
                "drill": False,
            },
        },
    }


def test_pagerduty_summary_is_cut_to_its_limit(tmp_path: Path, pagerduty: Service) -> None:
    api = pagerduty.api

    attempt = deliver_page("pagerduty", page(summary="s" * 3000), pagerduty.config(tmp_path))

    assert attempt.ok and api.problems == []
    summary = api.accepted[0]["payload"]["summary"]
    assert len(summary) == 1024 and summary.endswith("s…")


def test_pagerduty_connection_refused_then_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PD_ENV, ROUTING_KEY)
    port = servers.free_port()
    config = settings(tmp_path, pagerduty_url=f"http://127.0.0.1:{port}/v2/enqueue")

    refused = deliver_page("pagerduty", page(), config)
    with servers.webhook_server(port=port, reply=PagerDutyApi(ROUTING_KEY)):
        retried = deliver_page("pagerduty", page(), config)

    assert refused == Attempt(
        "pagerduty", False, f"cannot reach http://127.0.0.1:{port}: connection refused"
    )
    assert retried.ok, retried.detail


def test_pagerduty_refusing_the_event_is_a_failure_quoting_its_errors(
    tmp_path: Path, pagerduty: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = pagerduty.server
    monkeypatch.setenv(PD_ENV, "another-services-key-0123456789ab")

    attempt = deliver_page("pagerduty", page(), pagerduty.config(tmp_path))

    assert not attempt.ok
    assert attempt.detail.startswith(
        f'HTTP 400 from {server.url}: {{"status": "invalid event", "message": "Event object'
    )
    assert "routing_key is not the integration" in attempt.detail


# ---------------------------------------------------------------- either service


def test_without_its_key_nobody_is_contacted(
    tmp_path: Path, service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(service.env, "  ")

    attempt = deliver_page(service.name, page(), service.config(tmp_path))

    assert attempt == Attempt(service.name, False, MISSING_KEY[service.name])
    assert service.server.connections == 0


def test_down_then_retried(tmp_path: Path, service: Service) -> None:
    service.api.down = True
    refused = deliver_page(service.name, page(), service.config(tmp_path))
    service.api.down = False
    retried = deliver_page(service.name, page(), service.config(tmp_path))

    said = '{"message": "internal error, try again later"}'
    assert refused == Attempt(service.name, False, f"HTTP 500 from {service.url}: {said}")
    assert retried.ok, retried.detail
    assert len(service.server.received) == 2 and len(service.api.accepted) == 1
    assert service.api.problems == []


@pytest.mark.parametrize("name", ["pagerduty", "opsgenie"])
def test_a_2xx_that_is_not_the_apis_acceptance_is_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(PD_ENV, ROUTING_KEY)
    monkeypatch.setenv(OG_ENV, GENIE_KEY)
    with servers.webhook_server(200) as server:  # answers "ok", as a captive portal might
        attempt = deliver_page(name, page(), settings(tmp_path, **{f"{name}_url": server.url}))
    said = {"pagerduty": "PagerDuty's success", "opsgenie": "Opsgenie's acceptance"}[name]
    assert attempt == Attempt(name, False, f"HTTP 200 from {server.url}, not {said}: ok")
    assert len(server.received) == 1


# ---------------------------------------------------------------- Opsgenie


@pytest.mark.parametrize(("severity", "priority"), [(1, "P1"), (2, "P2"), (3, "P3")])
def test_opsgenie_creates_an_alert_of_the_documented_shape(
    tmp_path: Path, opsgenie: Service, severity: int, priority: str
) -> None:
    server, api = opsgenie.server, opsgenie.api

    attempt = deliver_page("opsgenie", page(severity=severity), opsgenie.config(tmp_path))

    assert api.problems == []
    request_id = "43a29c5c-3dbf-4fa4-9c26-000000000001"
    assert attempt == Attempt(
        "opsgenie", True, f"Opsgenie accepted, request {request_id} (HTTP 202 from {server.url})"
    )
    [posted] = server.received
    assert (posted.path, posted.authorization) == ("/v2/alerts", f"GenieKey {GENIE_KEY}")
    [body] = api.accepted
    assert (
        body["message"] == f"[Sev {severity}] HOT-7: Checkout fails for 日本語 customers 🔥 — page"
    )
    assert body["alias"] == ALIAS
    assert body["responders"] == [{"username": "ana@example.com", "type": "user"}]
    assert body["tags"] == ["warroom", f"sev{severity}"]
    assert (body["entity"], body["source"], body["user"]) == (KEY, "warroom", "aisha")
    assert body["priority"] == priority
    assert "To acknowledge: warroom ack 12" in body["description"]
    assert body["details"]["acknowledge"] == "warroom ack 12"
    assert body["details"]["reason"] == "Payments API answers 5xx to 40% of requests"
    assert all(isinstance(value, str) for value in body["details"].values())


def test_opsgenie_without_an_address_names_no_responder_and_keeps_to_every_limit(
    tmp_path: Path, opsgenie: Service
) -> None:
    api = opsgenie.api
    long = page(email=None, summary="s" * 500, reason="r" * 20000, paged_by="p" * 300)

    attempt = deliver_page("opsgenie", long, opsgenie.config(tmp_path))

    assert attempt.ok, attempt.detail
    assert api.problems == []
    [body] = api.accepted
    assert "responders" not in body
    assert len(body["message"]) == 130 and body["message"].endswith("…")
    assert len(body["description"]) == 15000 and body["description"].endswith("…")
    assert len(body["user"]) == 100


def test_opsgenie_refusing_the_key_is_a_failure_quoting_its_answer(
    tmp_path: Path, opsgenie: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = opsgenie.server
    wrong = "0badc0de-faa2-4ba2-a551-1afdf565c889"
    monkeypatch.setenv(OG_ENV, wrong)

    attempt = deliver_page("opsgenie", page(), opsgenie.config(tmp_path))

    assert attempt == Attempt(
        "opsgenie",
        False,
        f'HTTP 401 from {server.url}: {{"message": "Could not authenticate", "took": 0.0, '
        '"requestId": "r-0"}',
    )


# ---------------------------------------------------------------- the fakes can fail

GOOD_EVENT = json.loads(trigger_event(page(), ROUTING_KEY))
GOOD_ALERT = json.loads(alert(page()))


def _changed(good: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> bytes:
    body = json.loads(json.dumps(good))
    change(body)
    return json.dumps(body).encode()


PD_WRONG: dict[str, Callable[[dict[str, Any]], None]] = {
    "no-routing-key": lambda e: e.pop("routing_key"),
    "action": lambda e: e.update(event_action="alert"),
    "severity-name": lambda e: e["payload"].update(severity="high"),
    "severity-number": lambda e: e["payload"].update(severity=1),
    "no-source": lambda e: e["payload"].pop("source"),
    "long-summary": lambda e: e["payload"].update(summary="s" * 1025),
    "timestamp": lambda e: e["payload"].update(timestamp="25/11/2026 14:00"),
    "flat": lambda e: e.update(summary=e.pop("payload")["summary"]),
    "details": lambda e: e["payload"].update(custom_details="reason"),
}
OG_WRONG: dict[str, Callable[[dict[str, Any]], None]] = {
    "no-message": lambda a: a.pop("message"),
    "long-message": lambda a: a.update(message="m" * 131),
    "priority": lambda a: a.update(priority="critical"),
    "responder": lambda a: a.update(responders=[{"username": "ana@example.com"}]),
    "responder-string": lambda a: a.update(responders=["user:ana@example.com"]),
    "detail-number": lambda a: a["details"].update(level=2),
    "long-tag": lambda a: a.update(tags=["t" * 51]),
    "unknown": lambda a: a.update(severity="P1"),
    "long-alias": lambda a: a.update(alias="a" * 513),
}


@pytest.mark.parametrize("wrong", PD_WRONG)
def test_the_fake_pagerduty_refuses_a_wrong_shape(wrong: str) -> None:
    api = PagerDutyApi(ROUTING_KEY)
    with servers.webhook_server(reply=api) as server:
        assert post(server.url, json.dumps(GOOD_EVENT).encode()) == 202  # the control
        assert post(server.url, _changed(GOOD_EVENT, PD_WRONG[wrong])) == 400
    assert len(api.accepted) == 1 and api.problems


@pytest.mark.parametrize("wrong", OG_WRONG)
def test_the_fake_opsgenie_refuses_a_wrong_shape(wrong: str) -> None:
    api = OpsgenieApi(GENIE_KEY)
    auth = {"Authorization": f"GenieKey {GENIE_KEY}"}
    with servers.webhook_server(reply=api) as server:
        assert post(server.url, json.dumps(GOOD_ALERT).encode(), auth) == 202  # the control
        assert post(server.url, _changed(GOOD_ALERT, OG_WRONG[wrong]), auth) == 422
        assert post(server.url, json.dumps(GOOD_ALERT).encode()) == 401  # no key
    assert len(api.accepted) == 1 and api.problems


# ---------------------------------------------------------------- secrets


def test_a_server_quoting_the_request_back_shows_no_key(tmp_path: Path, service: Service) -> None:
    said: list[str] = []
    api = service.api
    api.echo = True

    def careless(posted: servers.Posted) -> tuple[int, Any]:
        status, answer = api(posted)
        said.append(json.dumps(answer))
        return status, answer

    service.server.reply = careless
    attempt = deliver_page(service.name, page(), service.config(tmp_path))

    [quoted] = said
    assert service.key in quoted[:200]  # the server did quote it, within what is shown
    assert attempt.detail.startswith(f"HTTP 400 from {service.url}: ")
    assert MARK in attempt.detail
    assert service.key not in attempt.detail
    assert service.key[:12] not in attempt.detail


def test_a_success_quoting_the_routing_key_shows_no_key(tmp_path: Path, pagerduty: Service) -> None:
    def quoting(posted: servers.Posted) -> tuple[int, Any]:
        return 202, {"status": "success", "dedup_key": posted.json()["routing_key"]}

    pagerduty.server.reply = quoting
    attempt = deliver_page("pagerduty", page(), pagerduty.config(tmp_path))

    assert attempt == Attempt(
        "pagerduty", True, f"PagerDuty accepted, dedup key {MARK} (HTTP 202 from {pagerduty.url})"
    )


@pytest.mark.parametrize("name", ["webhook", "pagerduty", "opsgenie"])
def test_a_token_in_the_url_is_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(PD_ENV, ROUTING_KEY)
    monkeypatch.setenv(OG_ENV, GENIE_KEY)
    setting = "page_webhook_url" if name == "webhook" else f"{name}_url"
    with servers.webhook_server(404, echo=servers.echo_request) as server:
        url = f"{server.url}/hooks/T0K3N-s3cret-4567?sig=Q-s1gnature-89"
        attempt = deliver_page(name, page(), settings(tmp_path, **{setting: url}))

    assert attempt.detail.startswith(f"HTTP 404 from {server.url}: rejected POST {MARK}")
    assert "T0K3N" not in attempt.detail and "s1gnature" not in attempt.detail


def test_the_keys_are_never_settings(tmp_path: Path) -> None:
    for key in ("pagerduty_routing_key", "opsgenie_api_key"):
        with pytest.raises(ValueError, match="Extra inputs are not permitted"):
            DeliverySettings(outbox=tmp_path, **{key: "k" * 32})


def test_a_page_webhook_url_must_be_http(tmp_path: Path) -> None:
    for name in ("page_webhook_url", "pagerduty_url", "opsgenie_url"):
        with pytest.raises(InvalidInput, match=f"{name}.*http:// or https://"):
            DeliverySettings(outbox=tmp_path, **{name: "file:///etc/passwd"})


# ---------------------------------------------------------------- acknowledge and resolve


def test_pagerduty_acknowledges_and_resolves_the_alert_by_its_dedup_key(
    tmp_path: Path, pagerduty: Service
) -> None:
    config = pagerduty.config(tmp_path)
    for action in ("acknowledge", "resolve"):
        attempt = deliver_page("pagerduty", page(action=action), config)
        assert attempt.ok, attempt.detail
        assert attempt.detail.startswith(f"PagerDuty accepted {action}, dedup key {ALIAS} ")
    assert pagerduty.api.problems == []
    assert pagerduty.api.accepted == [
        {"routing_key": ROUTING_KEY, "event_action": action, "dedup_key": ALIAS}
        for action in ("acknowledge", "resolve")
    ]


def test_opsgenie_acknowledges_and_closes_the_alert_by_its_alias(
    tmp_path: Path, opsgenie: Service
) -> None:
    config = opsgenie.config(tmp_path)
    for action in ("acknowledge", "resolve"):
        attempt = deliver_page("opsgenie", page(action=action), config)
        assert attempt.ok, attempt.detail
        assert attempt.detail.startswith(f"Opsgenie accepted {action}, request ")
    api = opsgenie.api
    assert isinstance(api, OpsgenieApi)
    assert api.problems == []
    assert api.acted == [("acknowledge", ALIAS), ("close", ALIAS)]
    assert [posted.path for posted in opsgenie.server.received] == [
        f"/v2/alerts/{ALIAS}/acknowledge?identifierType=alias",
        f"/v2/alerts/{ALIAS}/close?identifierType=alias",
    ]


@pytest.mark.parametrize("adapter", ["outbox", "smtp", "webhook"])
def test_only_a_paging_service_is_told_of_an_acknowledgement(tmp_path: Path, adapter: str) -> None:
    with pytest.raises(InvalidInput, match=f"{adapter} keeps no alert to acknowledge"):
        deliver_page(adapter, page(action="acknowledge"), settings(tmp_path))
