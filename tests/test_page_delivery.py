"""Page delivery: a notice to the outbox's pages/ folder, by email to the person paged, and
to the page webhook, against real servers on 127.0.0.1; the choice of adapters, retries
after a refusal, and a drill's page kept in the outbox while every server is there to be
reached (the control sends the same page for real and reaches them all).

PagerDuty and Opsgenie are in test_page_delivery_services.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest

from warroom.base.errors import InvalidInput
from warroom.comms.delivery.base import Attempt
from warroom.comms.delivery.page_content import page_email
from warroom.comms.delivery.pages import PAGE_ADAPTERS, PageOut, deliver_page, page_adapters_for
from warroom.config.delivery import DeliverySettings

from . import servers
from .paging_apis import OpsgenieApi, PagerDutyApi
from .servers import SmtpServer, WebhookServer

T0 = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
KEY = "HOT-7"
SHORT = 2.0  # seconds: the longest any test waits for a server
ROUTING_KEY = "R0uting-key-0123456789abcdefghij"  # 32 characters, as PagerDuty's are
GENIE_KEY = "eb243592-faa2-4ba2-a551-1afdf565c889"
PAGE_ENV = (
    "WARROOM_SMTP_USER",
    "WARROOM_SMTP_PASSWORD",
    "WARROOM_PAGERDUTY_ROUTING_KEY",
    "WARROOM_OPSGENIE_API_KEY",
)


# What the outbox file says as the page said it; the key and the time it words its own way.
PAYLOAD_AS_IS = (
    "page_id", "notice", "severity", "summary", "reason", "team", "person", "email", "level",
    "round", "paged_by",
)  # fmt: skip
FIELDS: dict[str, Any] = {
    "page_id": 12,
    "notice": 1,
    "incident_key": KEY,
    "severity": 1,
    "summary": "Checkout fails for 日本語 customers 🔥",
    "reason": "Payments API answers 5xx to 40% of requests",
    "team": "payments",
    "person": "ana.silva",
    "email": "ana@example.com",
    "level": 2,
    "round": 1,
    "paged_at": T0,
    "paged_by": "aisha",
}


def page(**kw: Any) -> PageOut:
    return PageOut(**{**FIELDS, **kw})


@pytest.fixture(autouse=True)
def _no_credentials_or_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    servers.loopback_only(monkeypatch, PAGE_ENV)


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


def settings(outbox: Path, **kw: Any) -> DeliverySettings:
    values: dict[str, Any] = {
        "outbox": outbox,
        "email_to": ("major-incidents@example.com",),
        "smtp_starttls": False,
        "smtp_timeout": SHORT,
        "webhook_timeout": SHORT,
    }
    return DeliverySettings(**{**values, **kw})


def smtp_at(port: int) -> dict[str, Any]:
    return {"smtp_host": "127.0.0.1", "smtp_port": port}


def parsed(data: bytes | str | None) -> EmailMessage:
    assert isinstance(data, bytes)
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


# ---------------------------------------------------------------- outbox


def test_outbox_writes_each_notice_as_json_in_the_pages_folder(outbox: Path) -> None:
    attempt = deliver_page("outbox", page(), settings(outbox))

    path = outbox / "pages" / "20261125T140000Z-HOT-7-page000012-n01-ana.silva.json"
    assert attempt == Attempt("outbox", True, f"wrote {path}")
    assert list(outbox.iterdir()) == [outbox / "pages"]  # the messages' folder stays as it was
    same = {name: value for name, value in FIELDS.items() if name in PAYLOAD_AS_IS}
    assert json.loads(path.read_text("utf-8")) == {
        **same,
        "incident": KEY,
        "title": "[Sev 1] HOT-7: Checkout fails for 日本語 customers 🔥 — page",
        "paged_at": "2026-11-25T14:00:00+00:00",
        "acknowledge": "warroom ack 12",
        "drill": False,
    }


def test_outbox_marks_a_drills_page_drill_in_its_name_title_and_payload(outbox: Path) -> None:
    attempt = deliver_page("outbox", page(notice=0, drill=True), settings(outbox))

    path = outbox / "pages" / "20261125T140000Z-HOT-7-DRILL-page000012-n00-ana.silva.json"
    assert attempt == Attempt("outbox", True, f"wrote {path}")
    payload = json.loads(path.read_text("utf-8"))
    assert payload["drill"] is True
    assert (
        payload["title"] == "[DRILL] [Sev 1] HOT-7: Checkout fails for 日本語 customers 🔥 — page"
    )


def test_outbox_names_are_unique_sortable_and_safe(outbox: Path) -> None:
    config = settings(outbox)
    later = T0 + timedelta(hours=1)
    notices = [
        page(notice=2),
        page(notice=0),
        page(notice=1, paged_at=later.astimezone(timezone(timedelta(hours=9)))),
        page(incident_key="HOT/../7 ☃:x", person="../../etc/passwd", paged_at=later),
        page(person="李伟"),  # every character is unsafe: two such names must not collide
        page(person="王芳"),
    ]
    for notice in notices:
        assert deliver_page("outbox", notice, config).ok

    assert sorted(p.name for p in (outbox / "pages").iterdir()) == [
        "20261125T140000Z-HOT-7-page000012-n00-ana.silva.json",
        "20261125T140000Z-HOT-7-page000012-n01-5ed4d58e.json",
        "20261125T140000Z-HOT-7-page000012-n01-8ac9540b.json",
        "20261125T140000Z-HOT-7-page000012-n02-ana.silva.json",
        "20261125T150000Z-HOT-7-page000012-n01-ana.silva.json",
        "20261125T150000Z-HOT..7x-page000012-n01-....etcpasswd-3754d6cb.json",
    ]


def test_outbox_file_is_inert_when_read_with_cat(outbox: Path) -> None:
    hostile = page(reason="\x1b[2J\x9b31m wiped \u202egnp.exe", paged_by="bob\x07")
    attempt = deliver_page("outbox", hostile, settings(outbox))

    [path] = (outbox / "pages").iterdir()
    raw = path.read_bytes()
    assert attempt.ok
    assert not any(ch in raw.decode("utf-8") for ch in "\x1b\x9b\u202e\x07")
    assert json.loads(raw)["reason"] == hostile.reason  # the same data, escaped


def test_outbox_unwritable_folder_is_a_clear_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file")

    attempt = deliver_page("outbox", page(), settings(blocker / "outbox"))

    folder = blocker / "outbox" / "pages"
    assert attempt == Attempt(
        "outbox", False, f"cannot create outbox folder {folder}: Not a directory"
    )


def test_the_same_notice_again_replaces_its_file(outbox: Path) -> None:
    config = settings(outbox)
    assert deliver_page("outbox", page(), config) == deliver_page("outbox", page(), config)
    assert len(list((outbox / "pages").iterdir())) == 1


# ---------------------------------------------------------------- what a page is


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"paged_at": datetime(2026, 11, 25, 14, 0)}, "paged_at"),
        ({"summary": "Checkout\r\nBcc: everyone@example.com"}, "summary"),
        ({"incident_key": "HOT-7\nX-Evil: 1"}, "incident_key"),
        ({"person": "ana\nsilva"}, "person"),
        ({"email": "ana@example.com\r\nBcc: all@example.com"}, "email"),
        ({"severity": 4}, "severity"),
        ({"level": 0}, "level"),
        ({"round": 0}, "round"),
        ({"notice": -1}, "notice"),
    ],
)
def test_a_page_that_cannot_go_out_is_refused(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput, match=field):
        page(**changes)


def test_an_unknown_adapter_is_refused(outbox: Path) -> None:
    with pytest.raises(InvalidInput, match="adapter"):
        deliver_page("carrier-pigeon", page(), settings(outbox))


# ---------------------------------------------------------------- choosing adapters

EVERYTHING = {
    "smtp_host": "mail.example.com",
    "page_webhook_url": "https://hooks.example.com/pages",
    "pagerduty_url": "https://events.pagerduty.com/v2/enqueue",
    "opsgenie_url": "https://api.opsgenie.com/v2/alerts",
}


@pytest.mark.parametrize("configured", [*EVERYTHING, None])
@pytest.mark.parametrize("email", ["ana@example.com", None])
def test_page_adapters_follow_the_settings_and_the_persons_address(
    outbox: Path, configured: str | None, email: str | None
) -> None:
    config = settings(outbox, **({configured: EVERYTHING[configured]} if configured else {}))
    name = {"smtp_host": "smtp", "page_webhook_url": "webhook"}.get(
        configured or "", (configured or "").removesuffix("_url")
    )
    expected = ["outbox"] + ([name] if configured and (name != "smtp" or email) else [])
    assert page_adapters_for(page(email=email), config) == expected


def test_page_adapters_all_configured_and_blank_settings_unset(outbox: Path) -> None:
    assert page_adapters_for(page(), settings(outbox, **EVERYTHING)) == list(PAGE_ADAPTERS)
    blank = settings(outbox, **{name: " " for name in EVERYTHING})
    assert page_adapters_for(page(), blank) == ["outbox"]


def test_the_status_pages_webhook_is_not_the_page_webhook(outbox: Path) -> None:
    config = settings(outbox, webhook_url="https://status.example.com/hook")
    assert page_adapters_for(page(), config) == ["outbox"]


@pytest.mark.parametrize(
    ("name", "changes", "detail"),
    [
        ("smtp", {}, "no smtp_host configured"),
        ("webhook", {}, "no page_webhook_url configured"),
        ("pagerduty", {}, "no pagerduty_url configured"),
        ("opsgenie", {}, "no opsgenie_url configured"),
        (
            "smtp",
            {"smtp_host": "mail.example.com"},
            "ana.silva has no email address in the catalog",
        ),
    ],
)
def test_an_adapter_not_configured_is_a_recorded_failure(
    outbox: Path, name: str, changes: dict[str, Any], detail: str
) -> None:
    """A retry after the settings changed: recorded, not raised, nothing contacted."""
    notice = page(email=None) if "smtp_host" in changes else page()
    assert deliver_page(name, notice, settings(outbox, **changes)) == Attempt(name, False, detail)


# ---------------------------------------------------------------- SMTP


def test_smtp_emails_the_person_paged_not_the_distribution_list(
    outbox: Path, smtp: SmtpServer
) -> None:
    attempt = deliver_page("smtp", page(), settings(outbox, **smtp_at(smtp.port)))

    assert attempt == Attempt("smtp", True, f"sent to ana@example.com via 127.0.0.1:{smtp.port}")
    [envelope] = smtp.received
    assert envelope.rcpt_tos == ["ana@example.com"]
    assert envelope.mail_from == "warroom@localhost"
    mail = parsed(envelope.content)
    assert mail["To"] == "ana@example.com"
    assert mail["Subject"] == "[Sev 1] HOT-7: Checkout fails for 日本語 customers 🔥 — page"
    assert (mail["X-Warroom-Incident"], mail["X-Warroom-Page"]) == (KEY, "12")
    assert mail["X-Warroom-Drill"] is None
    assert mail["Date"].datetime == T0
    body = mail.get_content()
    for said in (
        "You are paged for HOT-7 (Sev 1): Checkout fails for 日本語 customers 🔥",
        "Reason: Payments API answers 5xx to 40% of requests",
        "Team: payments",
        "Escalation level 2, round 1",
        "Paged by aisha at 2026-11-25 14:00 UTC",
        "To acknowledge: warroom ack 12",
    ):
        assert said in body, body


def test_a_drills_email_would_say_drill_first(outbox: Path) -> None:
    """It is never sent (below), but the one place its subject is made marks it."""
    mail = page_email(page(drill=True), settings(outbox))
    assert mail["Subject"].startswith("[DRILL] [Sev 1] HOT-7: ")
    assert mail["X-Warroom-Drill"] == "yes"
    assert mail.get_content().startswith("DRILL: a training incident.")


def test_smtp_refused_then_retried_when_the_server_is_up(outbox: Path) -> None:
    port = servers.free_port()
    config = settings(outbox, **smtp_at(port))

    refused = deliver_page("smtp", page(), config)
    with servers.smtp_server(port) as server:
        retried = deliver_page("smtp", page(), config)

    assert refused == Attempt("smtp", False, f"connection to 127.0.0.1:{port} refused")
    assert retried.ok, retried.detail
    assert [e.rcpt_tos for e in server.received] == [["ana@example.com"]]


# ---------------------------------------------------------------- the page webhook


def test_webhook_posts_the_outbox_payload_to_the_page_webhook_only(
    outbox: Path, hook: WebhookServer
) -> None:
    with servers.webhook_server(200) as status_page:
        config = settings(
            outbox, page_webhook_url=f"{hook.url}/pages", webhook_url=f"{status_page.url}/s"
        )
        attempt = deliver_page("webhook", page(), config)

    assert attempt == Attempt("webhook", True, f"HTTP 200 from {hook.url}")
    assert status_page.connections == 0
    [posted] = hook.received
    assert (posted.path, posted.content_type) == ("/pages", "application/json")
    deliver_page("outbox", page(), config)
    [written] = (outbox / "pages").iterdir()
    assert posted.body == written.read_bytes()


def test_webhook_refused_with_500_then_retried(outbox: Path) -> None:
    with servers.webhook_server(500) as server:
        config = settings(outbox, page_webhook_url=f"{server.url}/pages/T0K3N-s3cret")
        refused = deliver_page("webhook", page(), config)
        server.status = 200
        retried = deliver_page("webhook", page(), config)

    snippet = ("upstream unavailable " + "z" * 500)[:200]
    assert refused == Attempt("webhook", False, f"HTTP 500 from {server.url}: {snippet}")
    assert retried == Attempt("webhook", True, f"HTTP 200 from {server.url}")
    assert len(server.received) == 2
    assert server.received[0].body == server.received[1].body


def test_webhook_connection_refused_then_retried(outbox: Path) -> None:
    port = servers.free_port()
    config = settings(outbox, page_webhook_url=f"http://127.0.0.1:{port}/pages")

    refused = deliver_page("webhook", page(), config)
    with servers.webhook_server(200, port) as server:
        retried = deliver_page("webhook", page(), config)

    assert refused == Attempt(
        "webhook", False, f"cannot reach http://127.0.0.1:{port}: connection refused"
    )
    assert retried.ok and len(server.received) == 1


# ---------------------------------------------------------------- drills


@pytest.fixture
def everything(
    outbox: Path, smtp: SmtpServer, hook: WebhookServer
) -> Iterator[tuple[DeliverySettings, list[SmtpServer | WebhookServer]]]:
    """Every way out configured, each a real server counting its connections."""
    with (
        servers.webhook_server(reply=PagerDutyApi(ROUTING_KEY)) as pagerduty,
        servers.webhook_server(reply=OpsgenieApi(GENIE_KEY)) as opsgenie,
    ):
        config = settings(
            outbox,
            **smtp_at(smtp.port),
            page_webhook_url=f"{hook.url}/pages",
            pagerduty_url=f"{pagerduty.url}/v2/enqueue",
            opsgenie_url=f"{opsgenie.url}/v2/alerts",
        )
        yield config, [smtp, hook, pagerduty, opsgenie]


@pytest.mark.parametrize("training", [True, False], ids=["drill", "control"])
def test_a_drills_page_never_leaves_the_outbox_whatever_is_configured(
    everything: tuple[DeliverySettings, list[SmtpServer | WebhookServer]],
    outbox: Path,
    monkeypatch: pytest.MonkeyPatch,
    training: bool,
) -> None:
    monkeypatch.setenv("WARROOM_PAGERDUTY_ROUTING_KEY", ROUTING_KEY)
    monkeypatch.setenv("WARROOM_OPSGENIE_API_KEY", GENIE_KEY)
    config, reachable = everything
    notice = page(drill=training)

    chosen = page_adapters_for(notice, config)
    # Each adapter asked directly too, as a retry of an older delivery would.
    attempts = {name: deliver_page(name, notice, config) for name in PAGE_ADAPTERS}

    assert attempts["outbox"].ok
    [written] = (outbox / "pages").iterdir()
    assert ("-DRILL-" in written.name) is training
    connections = [server.connections for server in reachable]
    if training:
        assert chosen == ["outbox"]
        assert connections == [0, 0, 0, 0]
        for name in PAGE_ADAPTERS[1:]:
            assert attempts[name] == Attempt(
                name, False, f"not sent by {name}: a drill goes to the outbox only"
            )
    else:  # the control: the same page, for real, reaches every server
        assert chosen == list(PAGE_ADAPTERS)
        assert all(attempt.ok for attempt in attempts.values()), attempts
        assert all(count >= 1 for count in connections), connections
