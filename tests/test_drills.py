"""A drill never reaches the outside: a training incident's messages go to the outbox only,
marked DRILL, while a real SMTP server and a real webhook on 127.0.0.1 are configured and
count every connection made to them. The control tests send the same messages for a real
incident and see both servers reached, so the drill tests can fail.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from warroom.base.clock import ManualClock
from warroom.comms import escalation, paging, sending
from warroom.comms.delivery.base import DRILL_NOTE, Outgoing, adapters_for, deliver
from warroom.comms.drafts import Draft
from warroom.config.delivery import DeliverySettings
from warroom.process import assessment, incidents, roles
from warroom.process.context import Context
from warroom.process.read import SentMessage, load_detail
from warroom.store.base import record_event
from warroom.store.models import Delivery

from .cli_support import Cli
from .conftest import T0
from .servers import SmtpServer, WebhookServer, loopback_only

CHANNELS = ("internal", "email", "external")
SHORT = 2.0  # seconds: the longest any delivery waits for a server


@pytest.fixture(autouse=True)
def _no_credentials_or_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """No outside settings leak in either."""
    settings = ("SMTP_USER", "SMTP_PASSWORD", "SMTP_HOST", "WEBHOOK_URL", "OUTBOX", "EMAIL_TO")
    loopback_only(monkeypatch, tuple(f"WARROOM_{name}" for name in settings))


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def settings(outbox: Path, smtp: SmtpServer, hook: WebhookServer) -> DeliverySettings:
    """Everything configured: SMTP and the webhook are both there to be reached."""
    return DeliverySettings(
        outbox=outbox,
        email_to=("major-incidents@example.com",),
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_starttls=False,
        smtp_timeout=SHORT,
        webhook_url=f"{hook.url}/status",
        webhook_timeout=SHORT,
        page_webhook_url=f"{hook.url}/page",
        pagerduty_url=f"{hook.url}/pagerduty",
        opsgenie_url=f"{hook.url}/opsgenie",
    )


def _page_and_escalate(ctx: Context, key: str) -> None:
    """A page to the key's owning team, then its first escalation: two notices."""
    paging.page(ctx, key, "Work Management", reason="wiki down", by="alice")
    ctx.clock.advance(timedelta(minutes=15))  # type: ignore[attr-defined]
    assert escalation.tick(ctx).escalated


def _assessed(ctx: Context, *, training: bool) -> str:
    form = incidents.Declaration("Wiki pages fail", 2, products=["Wiki"], training=training)
    key = incidents.declare(ctx, form, by="trainer").key
    roles.take(ctx, key, by="alice")
    for number in range(1, 7):
        assessment.answer(ctx, key, number, "unknown", by="alice")
    return key


def _send_on_every_channel(ctx: Context, key: str) -> list[SentMessage]:
    return [sending.send(ctx, key, "initial", on, Draft(), by="alice") for on in CHANNELS]


def _eml(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


# ---------------------------------------------------------------- sending


def test_a_drill_goes_to_the_outbox_only_and_never_contacts_smtp_or_the_webhook(
    ctx: Context, settings: DeliverySettings, smtp: SmtpServer, hook: WebhookServer, outbox: Path
) -> None:
    ctx.delivery = settings
    key = _assessed(ctx, training=True)

    sent = _send_on_every_channel(ctx, key)

    assert (smtp.connections, hook.connections) == (0, 0)
    assert (smtp.received, hook.received) == ([], [])
    for message in sent:
        assert message.drill
        assert [(d.adapter, d.status) for d in message.deliveries] == [("outbox", "delivered")]
    assert [m.drill for m in load_detail(ctx, key).messages] == [True, True, True]

    # Marked DRILL in every file's name, in every title and in the payload.
    files = sorted(outbox.iterdir())
    assert len(files) == 4  # internal: .json and .txt; email: .eml; external: .json
    assert all(f"-{key}-DRILL-msg" in path.name for path in files)
    for path in outbox.glob("*.json"):
        payload = json.loads(path.read_text("utf-8"))
        assert payload["drill"] is True
        assert payload["name"].startswith("[DRILL] ")
    [chat] = outbox.glob("*.txt")
    assert chat.read_text("utf-8").startswith(f"[DRILL] {key} ")
    [eml] = outbox.glob("*.eml")
    mail = _eml(eml)
    assert mail["Subject"].startswith(f"[DRILL] {key} ")
    assert mail["X-Warroom-Drill"] == "yes"
    # What is stored is the message as written; the mark is added on the way out.
    assert not sent[0].message.title.startswith("[DRILL]")

    # Pages too: every notice, escalations included, stays in the outbox, marked DRILL.
    _page_and_escalate(ctx, key)
    assert (smtp.connections, hook.connections) == (0, 0)
    notices = sorted((outbox / "pages").iterdir())
    assert len(notices) == 3  # jonas; then jonas and amara at level 2
    assert all(f"-{key}-DRILL-page" in path.name for path in notices)
    assert all(json.loads(path.read_text("utf-8"))["drill"] is True for path in notices)


def test_control_a_real_incident_reaches_both_servers(
    ctx: Context,
    settings: DeliverySettings,
    smtp: SmtpServer,
    hook: WebhookServer,
    outbox: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WARROOM_PAGERDUTY_ROUTING_KEY", "routing-key-for-the-test")
    monkeypatch.setenv("WARROOM_OPSGENIE_API_KEY", "genie-key-for-the-test")
    ctx.delivery = settings
    key = _assessed(ctx, training=False)

    sent = _send_on_every_channel(ctx, key)

    assert smtp.connections == 1 and len(smtp.received) == 1  # the email
    assert hook.connections == 2 and len(hook.received) == 2  # both status pages
    assert [[d.adapter for d in m.deliveries] for m in sent] == [
        ["outbox", "webhook"],
        ["outbox", "smtp"],
        ["outbox", "webhook"],
    ]
    assert all(d.status == "delivered" for m in sent for d in m.deliveries)
    assert not any(m.drill for m in sent)
    assert not any("DRILL" in path.name for path in outbox.iterdir())
    assert all(posted.json()["drill"] is False for posted in hook.received)
    assert "[DRILL]" not in smtp.received[0].content.decode()

    # A real incident's page reaches the person's email, the page webhook, PagerDuty and
    # Opsgenie (this server is none of the last two, so those answers are refusals).
    _page_and_escalate(ctx, key)
    assert len(smtp.received) == 1 + 3  # jonas; then jonas and amara
    paths = Counter(posted.path for posted in hook.received[2:])
    # Three notices each; the first notice's two refusals were retried by the tick.
    assert paths == {"/page": 3, "/pagerduty": 3 + 1, "/opsgenie": 3 + 1}


def test_a_drill_delivery_recorded_before_drills_were_kept_in_is_never_attempted(
    ctx: Context,
    settings: DeliverySettings,
    smtp: SmtpServer,
    hook: WebhookServer,
    clock: ManualClock,
) -> None:
    """A store may hold a training incident's SMTP or webhook delivery from an older
    version; retrying it must not reach the server either."""
    ctx.delivery = settings
    key = _assessed(ctx, training=True)
    [email, internal] = [
        sending.send(ctx, key, "initial", on, Draft(), by="alice") for on in ("email", "internal")
    ]
    with ctx.store.write() as session:
        old = [
            Delivery(message_id=email.message.id, adapter="smtp", status="failed"),  # type: ignore[arg-type]
            Delivery(message_id=internal.message.id, adapter="webhook", status="failed"),  # type: ignore[arg-type]
        ]
        session.add_all(old)
        session.flush()
        record_event(session, at=clock.now(), actor="old-version", kind="delivery")

    for row in old:
        assert row.id is not None
        retried = sending.retry(ctx, row.id, by="alice")
        assert (retried.status, retried.detail) == (
            "failed",
            f"not sent by {row.adapter}: a drill goes to the outbox only",
        )
    assert (smtp.connections, hook.connections) == (0, 0)


@pytest.mark.parametrize("on", CHANNELS)
def test_adapters_for_a_drill_is_the_outbox_whatever_is_configured(
    settings: DeliverySettings, on: str
) -> None:
    drill = Outgoing(1, "HOT-1", "initial", on, "HOT-1 - Sev 2 - Wiki", "body", T0, "alice", True)
    real = Outgoing(1, "HOT-1", "initial", on, "HOT-1 - Sev 2 - Wiki", "body", T0, "alice")
    assert adapters_for(drill, settings) == ["outbox"]
    assert len(adapters_for(real, settings)) == 2  # the control: both are configured
    for name in ("smtp", "webhook"):
        attempt = deliver(name, drill, settings)
        assert (attempt.ok, attempt.detail) == (
            False,
            f"not sent by {name}: a drill goes to the outbox only",
        )


# ---------------------------------------------------------------- warroom send


@pytest.mark.parametrize("training", [True, False], ids=["drill", "control"])
def test_warroom_send_says_a_drill_went_to_the_outbox_only(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    clock: ManualClock,
    smtp: SmtpServer,
    hook: WebhookServer,
    training: bool,
) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)
    monkeypatch.setenv("WARROOM_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.setenv("WARROOM_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WARROOM_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("WARROOM_SMTP_STARTTLS", "false")
    monkeypatch.setenv("WARROOM_WEBHOOK_URL", f"{hook.url}/status")
    cli = Cli(tmp_path / "w.db", capsys, tmp_path / "outbox")
    drill = ["--training"] if training else []
    cli.ok(
        "declare", "--summary", "Wiki pages fail", "--severity", "2", "--product", "Wiki", *drill
    )
    cli.ok("--user", "alice", "take", "HOT-1")
    for number in range(1, 7):
        cli.ok("assess", "HOT-1", str(number), "unknown", "--by", "alice")

    drafted = cli.ok("draft", "HOT-1", "--phase", "initial", "--channel", "external")
    email = cli.ok("send", "HOT-1", "--phase", "initial", "--channel", "email")
    status = cli.ok("send", "HOT-1", "--phase", "initial", "--channel", "external")

    if training:
        assert drafted.startswith("[DRILL] ")
        assert "— [DRILL] HOT-1 - Sev 2 - Wiki pages fail\n" in email
        for out in (email, status):
            assert DRILL_NOTE in out
            assert " smtp:" not in out and " webhook:" not in out  # no delivery that way
        assert (smtp.connections, hook.connections) == (0, 0)
    else:
        assert "DRILL" not in drafted + email + status
        assert "smtp: delivered" in email and "webhook: delivered" in status
        assert (smtp.connections, hook.connections) == (1, 1)
