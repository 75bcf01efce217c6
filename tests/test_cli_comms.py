"""The command line for comms: assess, draft, send, retry, and the messages in show --json.

Runs ``warroom.cli.main`` in-process against a store in ``tmp_path`` with the clock frozen
at T0 (as tests/test_cli.py does). Every run's outbox is a folder in ``tmp_path`` (through
WARROOM_OUTBOX). SMTP and webhook deliveries go to real servers started here on
127.0.0.1 and always shut down; nothing else is contacted.
"""

from __future__ import annotations

import email
import json
import re
from email.policy import default as default_policy
from pathlib import Path

import pytest

from warroom.base.clock import ManualClock
from warroom.store.models import Event
from warroom.store.open import open_store
from warroom.vocabulary.draft_fields import FIELD_HELP

from .cli_support import Cli, one_error_line
from .conftest import T0
from .servers import free_port, smtp_server, webhook_server

TITLE = "HOT-1 - Sev 1 - Git pushes failing"
ALL_OPEN = "1 impact, 2 seeing, 3 how_many, 4 started, 5 support_cases, 6 other_factors"

# Every field an update needs; each test leaves out or changes what it is about.
UPDATE_FIELDS = {
    "summary": "Pushes fail for some customers.",
    "current_status": "rolled back deploy 42; watching error rates",
    "next_steps": "confirm recovery; close the incident",
    "next_update": "by 14:30 on this page",
    "impact": "git push fails",
    "internal_affected": "none",
    "external_affected": "about 10%",
    "root_cause": "unknown",
    "recovery": "within the hour",
    "customer_text": "Some customers cannot push code.",
}

_DELIVERY_ENV = (
    "WARROOM_OUTBOX",
    "WARROOM_EMAIL_FROM",
    "WARROOM_EMAIL_TO",
    "WARROOM_SMTP_HOST",
    "WARROOM_SMTP_PORT",
    "WARROOM_SMTP_STARTTLS",
    "WARROOM_SMTP_USER",
    "WARROOM_SMTP_PASSWORD",
    "WARROOM_WEBHOOK_URL",
    # urllib would send even a 127.0.0.1 webhook through a configured proxy.
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
)


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


@pytest.fixture(autouse=True)
def _delivery_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in _DELIVERY_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WARROOM_OUTBOX", str(tmp_path / "outbox"))


@pytest.fixture
def cli(tmp_path: Path, store_target: Path | str, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(store_target, capsys, tmp_path / "outbox")


@pytest.fixture
def taken(cli: Cli) -> Cli:
    """HOT-1: severity 1, product Repos, taken by alice; no assessment answers yet."""
    cli.ok("declare", "--summary", "Git pushes failing", "--severity", "1", "--product", "Repos")
    cli.ok("--user", "alice", "take", "HOT-1")
    return cli


def _answer_all(cli: Cli) -> None:
    for number in range(1, 7):
        cli.ok("assess", "HOT-1", str(number), "unknown", "--by", "alice")


def _sets(fields: dict[str, str]) -> list[str]:
    return [arg for name, value in fields.items() for arg in ("--set", f"{name}={value}")]


def _state(cli: Cli) -> tuple[int, str, str]:
    store = open_store(cli.db)
    try:
        latest = store.latest_event_id()
    finally:
        store.close()
    return latest, cli.ok("show", "HOT-1", "--json"), cli.ok("list", "--all", "--json")


def _only_the_refusal_recorded(cli: Cli, before: tuple[int, str, str]) -> None:
    """A send the gates refuse changes nothing but one event that names what was missing."""
    latest, shown, listed = _state(cli)
    assert (shown, listed) == before[1:]
    assert latest == before[0] + 1
    store = open_store(cli.db)
    try:
        with store.read() as session:
            event = session.get(Event, latest)
    finally:
        store.close()
    assert event is not None and event.kind == "send-refused"
    assert json.loads(event.detail)["missing"]


def _retry_ids(err: str) -> list[str]:
    found = re.search(r"warroom retry ((?:\d+ ?)+)$", err.strip())
    assert found, err
    return found.group(1).split()


# ---------------------------------------------------------------------------
# assess
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "count", "said"),
    [("37 tickets so far", 37, "37"), ("about 40", 40, "40"), ("lots", None, "unknown")],
)
def test_support_cases_are_read_as_written_and_updated_by_answering_again(
    taken: Cli, answer: str, count: int | None, said: str
) -> None:
    assert taken.show()["support_cases"] is None  # nobody has said yet: unknown, not 0
    result = taken("assess", "HOT-1", "cases", answer)
    assert (result.code, result.err) == (0, f"support cases: {said}\n")
    assert taken.show()["support_cases"] == count
    assert f"support cases {said}" in taken.ok("show", "HOT-1")
    assert taken("assess", "HOT-1", "5", "52, rising").err == "support cases: 52\n"
    assert taken.show()["support_cases"] == 52


def test_assess_by_number_and_by_short_name(taken: Cli) -> None:
    assert taken.ok("assess", "HOT-1", "1", "All pushes fail", "--by", "alice") == ""
    assert taken.ok("assess", "HOT-1", "support_cases", "12", "--by", "bob") == ""
    shown = taken.show()
    answers = {a["question"]: a for a in shown["assessment"]["answers"]}
    assert (answers["impact"]["answer"], answers["impact"]["by"]) == ("All pushes fail", "alice")
    assert (answers["support_cases"]["answer"], answers["support_cases"]["by"]) == ("12", "bob")
    assert answers["seeing"]["answer"] is None
    assert shown["assessment"]["progress"] == "2/6"
    assert shown["support_cases"] == 12  # a number keeps the incident's count current
    texts = [e["text"] for e in shown["timeline"]]
    assert "Assessment Q1 (impact): All pushes fail" in texts
    assert "Assessment Q5 (support_cases): 12" in texts


@pytest.mark.parametrize("ref", ["7", "0", "weather"])
def test_assess_unknown_question_is_refused_and_changes_nothing(taken: Cli, ref: str) -> None:
    before = _state(taken)
    err = one_error_line(taken("assess", "HOT-1", ref, "sunny"))
    assert "question" in err and repr(ref) in err
    assert "1=impact" in err  # says which questions there are
    assert _state(taken) == before


@pytest.mark.parametrize("text", ["", "   "])
def test_assess_empty_answer_is_refused(taken: Cli, text: str) -> None:
    before = _state(taken)
    err = one_error_line(taken("assess", "HOT-1", "1", text))
    assert "answer" in err and "empty" in err
    assert _state(taken) == before


def test_assess_unknown_incident_is_refused(taken: Cli) -> None:
    err = one_error_line(taken("assess", "HOT-9", "1", "x"))
    assert "HOT-9" in err


# ---------------------------------------------------------------------------
# draft: prints the message and its checklist, changes nothing
# ---------------------------------------------------------------------------


def test_draft_initial_prints_title_body_open_assessment_and_changes_nothing(taken: Cli) -> None:
    before = _state(taken)
    out = taken.ok("draft", "HOT-1", "--phase", "initial", "--channel", "internal")
    lines = out.splitlines()
    assert lines[0] == TITLE
    assert set(lines[1]) == {"─"}
    assert "We are investigating an incident affecting Repos." in out
    assert "Questions: ask in the chat room HOT-1." in out
    assert f"✘ Assessment 0/6 — open: {ALL_OPEN} — answer them" in out
    assert "✔ Carries the key HOT-1" in out
    assert lines[-1] == "NOT ready to send"
    assert _state(taken) == before
    assert taken.show()["messages"] == []
    assert taken.outbox_files() == []


def test_draft_is_ready_once_all_six_are_answered(taken: Cli) -> None:
    _answer_all(taken)
    out = taken.ok("draft", "HOT-1", "--phase", "initial", "--channel", "email")
    assert out.splitlines()[0] == TITLE
    assert "✔ Assessment 6/6\n" in out
    assert out.splitlines()[-1] == "ready to send"
    assert taken.show()["messages"] == []


def test_draft_update_shows_set_fields_and_format_advice(taken: Cli) -> None:
    fields = {**UPDATE_FIELDS, "summary": "", "next_steps": "only one step"}
    out = taken.ok("draft", "HOT-1", "--phase", "update", "--channel", "internal", *_sets(fields))
    assert "Current status\n- rolled back deploy 42\n- watching error rates\n" in out
    assert "Root cause: unknown" in out
    # Format advice is a warning (⚠), not a gate: the message can still go out.
    assert "⚠ Summary of 1–2 sentences — field summary" in out
    assert "⚠ Next steps: 2–4 bullets" in out
    assert "✔ Current status: 2–4 bullets" in out
    assert out.splitlines()[-1] == "ready to send"
    assert taken.show()["messages"] == []


# ---------------------------------------------------------------------------
# send: initial comms and the assessment gate
# ---------------------------------------------------------------------------


def test_initial_send_refused_until_assessed_then_sent_to_the_outbox(taken: Cli) -> None:
    before = _state(taken)
    err = one_error_line(taken("send", "HOT-1", "--phase", "initial", "--channel", "email"))
    assert err.startswith("warroom: error: not sent; missing: ")
    assert f"Assessment 0/6 — open: {ALL_OPEN}" in err
    assert "warroom assess KEY N ANSWER" in err  # where to fix it
    _only_the_refusal_recorded(taken, before)
    assert taken.show()["messages"] == []
    assert taken.outbox_files() == []

    taken.ok("assess", "HOT-1", "impact", "pushes fail", "--by", "alice")
    taken.ok("assess", "HOT-1", "3", "all", "--by", "alice")
    err = one_error_line(taken("send", "HOT-1", "--phase", "initial", "--channel", "email"))
    assert "Assessment 2/6 — open: 2 seeing, 4 started, 5 support_cases, 6 other_factors" in err
    assert taken.show()["messages"] == []

    for ref in ("seeing", "started", "support_cases", "other_factors"):
        taken.ok("assess", "HOT-1", ref, "unknown", "--by", "alice")
    result = taken("send", "HOT-1", "--phase", "initial", "--channel", "email", "--by", "alice")
    assert result.code == 0, result.err
    assert result.err == ""
    lines = result.out.splitlines()
    assert lines[0].startswith("sent message ")
    assert lines[0].endswith(f": initial email — {TITLE}")
    assert re.fullmatch(r"  delivery \d+ outbox: delivered — wrote .*\.eml", lines[1])
    assert lines[-1] == f"outbox: {taken.outbox}"
    assert len(lines) == 3  # email without SMTP configured: the outbox only

    [eml] = taken.outbox.glob("*.eml")
    assert str(eml) in lines[1]
    parsed = email.message_from_bytes(eml.read_bytes(), policy=default_policy)
    assert parsed["Subject"] == TITLE
    assert "HOT-1" in parsed["Subject"]
    assert parsed["X-Warroom-Incident"] == "HOT-1"
    assert "affecting Repos" in parsed.get_content()

    [message] = taken.show()["messages"]
    assert (message["phase"], message["channel"], message["title"]) == ("initial", "email", TITLE)


# ---------------------------------------------------------------------------
# send: the five completeness items of an update
# ---------------------------------------------------------------------------

LEFT_OUT = {
    "impact": "1 Impact on customers",
    "internal_affected": "2 Internal and external customers affected",
    "external_affected": "2 Internal and external customers affected",
    "root_cause": "3 Root cause, or 'unknown'",
    "recovery": "4 Expected recovery, or 'unknown'",
    "next_update": "5 When and how the next update comes",
}


@pytest.mark.parametrize(("field", "label"), list(LEFT_OUT.items()), ids=list(LEFT_OUT))
def test_update_without_a_completeness_item_is_refused(taken: Cli, field: str, label: str) -> None:
    fields = {name: value for name, value in UPDATE_FIELDS.items() if name != field}
    before = _state(taken)
    err = one_error_line(
        taken("send", "HOT-1", "--phase", "update", "--channel", "internal", *_sets(fields))
    )
    assert err.startswith("warroom: error: not sent; missing: ")
    assert label in err
    for other in set(LEFT_OUT.values()) - {label}:
        assert other not in err  # only that item is missing
    _only_the_refusal_recorded(taken, before)
    assert taken.show()["messages"] == []
    assert taken.outbox_files() == []


def test_update_with_a_blank_root_cause_is_refused_but_unknown_is_an_answer(taken: Cli) -> None:
    blank = {**UPDATE_FIELDS, "root_cause": "  "}
    err = one_error_line(
        taken("send", "HOT-1", "--phase", "update", "--channel", "internal", *_sets(blank))
    )
    assert "3 Root cause, or 'unknown'" in err
    assert taken.show()["messages"] == []

    # UPDATE_FIELDS says root_cause=unknown, explicitly.
    assert UPDATE_FIELDS["root_cause"] == "unknown"
    out = taken.ok(
        "send", "HOT-1", "--phase", "update", "--channel", "internal", *_sets(UPDATE_FIELDS)
    )
    assert out.startswith("sent message ")
    [message] = taken.show()["messages"]
    assert "Root cause: unknown" in message["body"]
    checks = {item["name"]: item["ok"] for item in message["checklist"]}
    assert checks["root_cause"] is True


def test_assessment_answers_fill_impact_and_external_affected(taken: Cli) -> None:
    taken.ok("assess", "HOT-1", "impact", "all pushes fail", "--by", "alice")
    taken.ok("assess", "HOT-1", "how_many", "every customer", "--by", "alice")
    fields = {n: v for n, v in UPDATE_FIELDS.items() if n not in ("impact", "external_affected")}
    taken.ok("send", "HOT-1", "--phase", "update", "--channel", "internal", *_sets(fields))
    [message] = taken.show()["messages"]
    assert "Impact on customers: all pushes fail" in message["body"]
    assert "internal: none; external: every customer" in message["body"]


def test_bullets_separated_by_semicolons_become_lines(taken: Cli) -> None:
    fields = {
        **UPDATE_FIELDS,
        "current_status": "rolled back deploy 42;  watching error rates ; ",
        "next_steps": "confirm recovery;close the incident;write the postmortem",
    }
    taken.ok("send", "HOT-1", "--phase", "update", "--channel", "internal", *_sets(fields))
    [message] = taken.show()["messages"]
    body = message["body"]
    assert "Current status\n- rolled back deploy 42\n- watching error rates\n\n" in body
    assert "Next steps\n- confirm recovery\n- close the incident\n- write the postmortem\n" in body
    assert ";" not in body.split("Next steps")[0].split("Current status")[1]
    # The internal update is also written as the chat-room post.
    [post] = taken.outbox.glob("*.txt")
    assert "- rolled back deploy 42\n- watching error rates\n" in post.read_text()


SET_REFUSALS = {
    "unknown-field": (["--set", "mood=calm"], "'mood' is not a field"),
    "no-equals": (["--set", "impact"], "FIELD=VALUE"),
}


@pytest.mark.parametrize("command", ["draft", "send"])
@pytest.mark.parametrize(("extra", "says"), list(SET_REFUSALS.values()), ids=list(SET_REFUSALS))
def test_bad_set_is_refused_in_one_line(
    taken: Cli, command: str, extra: list[str], says: str
) -> None:
    before = _state(taken)
    argv = [command, "HOT-1", "--phase", "update", "--channel", "internal"]
    err = one_error_line(taken(*argv, *_sets(UPDATE_FIELDS), *extra))
    assert says in err
    assert _state(taken) == before
    assert taken.outbox_files() == []


PHASE_CHANNEL_REFUSALS = {
    "phase-final": (["--phase", "final", "--channel", "internal"], "phase: 'final'"),
    "channel-slack": (["--phase", "update", "--channel", "slack"], "channel: 'slack'"),
}


@pytest.mark.parametrize("command", ["draft", "send"])
@pytest.mark.parametrize(
    ("argv", "says"), list(PHASE_CHANNEL_REFUSALS.values()), ids=list(PHASE_CHANNEL_REFUSALS)
)
def test_bad_phase_or_channel_is_refused_in_one_line(
    taken: Cli, command: str, argv: list[str], says: str
) -> None:
    before = _state(taken)
    err = one_error_line(taken(command, "HOT-1", *argv, *_sets(UPDATE_FIELDS)))
    assert says in err
    assert _state(taken) == before
    assert taken.outbox_files() == []


def _sent(out: str) -> tuple[str, str]:
    """Phase and channel from send's first line: "sent message 3: initial email — …"."""
    words = out.splitlines()[0].split()
    return words[3], words[4]


def test_without_phase_and_channel_send_goes_where_the_console_would(taken: Cli) -> None:
    _answer_all(taken)
    # Initial comms on every channel first, in the drafter's order.
    for channel in ("internal", "email", "external"):
        assert _sent(taken.ok("send", "HOT-1")) == ("initial", channel)
    # Then updates; the first one needs its words (impact comes from the assessment).
    err = one_error_line(taken("send", "HOT-1"))
    assert "5 When and how the next update comes" in err
    assert "1 Impact on customers" not in err
    out = taken.ok("send", "HOT-1", *_sets(UPDATE_FIELDS))
    assert _sent(out) == ("update", "internal")
    # The next channel starts from the words just sent: only what changed is given.
    out = taken.ok("send", "HOT-1", "--channel", "email", "--set", "recovery=by 16:00")
    assert _sent(out) == ("update", "email")
    email = taken.show()["messages"][-1]
    assert "Pushes fail for some customers." in email["body"]
    assert "by 16:00" in email["body"]


def test_words_for_the_team_do_not_carry_over_to_customers(taken: Cli) -> None:
    _answer_all(taken)
    for _ in range(3):
        taken.ok("send", "HOT-1")
    internal = {**UPDATE_FIELDS, "summary": "Rolled back deploy 812; storage quorum suspect."}
    taken.ok("send", "HOT-1", "--channel", "internal", *_sets(internal))
    out = taken.ok("draft", "HOT-1", "--channel", "external")
    assert "storage quorum" not in out
    # The facts carry over (the completeness items pass), the team's words do not.
    assert "✔ 3 Root cause, told by the status: Investigating" in out


def test_draft_without_phase_shows_where_the_console_would_start(taken: Cli) -> None:
    out = taken.ok("draft", "HOT-1")
    assert out.splitlines()[:2] == ["(initial comms on the internal status page)", TITLE]
    assert "Assessment 0/6" in out
    err = one_error_line(taken("send", "HOT-1"))
    assert err.startswith("warroom: error: initial comms on the internal status page: not sent;")


def test_send_to_an_unknown_incident_is_refused(taken: Cli) -> None:
    err = one_error_line(
        taken("send", "HOT-9", "--phase", "update", "--channel", "internal", *_sets(UPDATE_FIELDS))
    )
    assert "HOT-9" in err


# ---------------------------------------------------------------------------
# show --json: sent messages with their checklist and deliveries
# ---------------------------------------------------------------------------


def test_show_json_lists_each_sent_message(taken: Cli) -> None:
    _answer_all(taken)
    taken.ok(
        "send", "HOT-1", "--phase", "initial", "--channel", "email", "--by", "alice",
        "--reviewed-by", "bob",
    )  # fmt: skip
    taken.ok(
        "--user", "carol", "send", "HOT-1", "--phase", "update", "--channel", "internal",
        *_sets(UPDATE_FIELDS),
    )  # fmt: skip
    shown = taken.show()
    first, second = shown["messages"]

    assert (first["phase"], first["channel"], first["title"]) == ("initial", "email", TITLE)
    assert "We are investigating an incident affecting Repos." in first["body"]
    assert (first["sent_by"], first["reviewed_by"]) == ("alice", "bob")
    assert first["sent_at"] == T0.isoformat()
    assert [(c["name"], c["ok"]) for c in first["checklist"]] == [
        ("assessment", True),
        ("key", True),
    ]
    for item in first["checklist"]:
        assert {"name", "label", "ok", "blocking", "fix"} <= set(item)
    [delivery] = first["deliveries"]
    assert (delivery["adapter"], delivery["status"], delivery["attempts"]) == (
        "outbox",
        "delivered",
        1,
    )
    assert delivery["detail"].startswith("wrote ") and delivery["detail"].endswith(".eml")
    assert delivery["last_attempt_at"] == T0.isoformat()

    assert (second["phase"], second["channel"], second["title"]) == ("update", "internal", TITLE)
    assert (second["sent_by"], second["reviewed_by"]) == ("carol", None)
    assert "Pushes fail for some customers." in second["body"]
    checks = {c["name"]: c["ok"] for c in second["checklist"]}
    assert checks == {
        "impact": True,
        "affected": True,
        "root_cause": True,
        "recovery": True,
        "next_update": True,
        "summary_length": True,
        "current_status_bullets": True,
        "next_steps_bullets": True,
        "promise": True,
        "key": True,
    }
    [delivery] = second["deliveries"]
    assert (delivery["adapter"], delivery["status"], delivery["attempts"]) == (
        "outbox",
        "delivered",
        1,
    )
    assert first["id"] != second["id"]

    sent_entries = [e["text"] for e in shown["timeline"] if e["text"].startswith("Sent ")]
    assert sent_entries == [
        f"Sent initial comms (email, reviewed by bob): {TITLE}",
        f"Sent update comms (internal status page): {TITLE}",
    ]


# ---------------------------------------------------------------------------
# Delivery failure and retry through the CLI: a real webhook on 127.0.0.1
# ---------------------------------------------------------------------------


def test_failed_webhook_delivery_exits_1_and_retry_delivers_it(
    taken: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("WARROOM_WEBHOOK_URL", f"http://127.0.0.1:{port}/hook")
    # Nobody listens on the port yet.
    result = taken(
        "send", "HOT-1", "--phase", "update", "--channel", "external", *_sets(UPDATE_FIELDS)
    )
    assert result.code == 1, (result.out, result.err)
    assert result.out.startswith("sent message ")
    assert "outbox: delivered" in result.out
    assert re.search(
        r"delivery \d+ webhook: failed — cannot reach http://127\.0\.0\.1:", result.out
    )
    assert result.err.count("\n") == 1
    assert "a delivery failed; the message is recorded" in result.err
    [delivery_id] = _retry_ids(result.err)

    [message] = taken.show()["messages"]
    by_adapter = {d["adapter"]: d for d in message["deliveries"]}
    assert by_adapter["webhook"]["id"] == int(delivery_id)
    assert (by_adapter["webhook"]["status"], by_adapter["webhook"]["attempts"]) == ("failed", 1)
    assert (by_adapter["outbox"]["status"], by_adapter["outbox"]["attempts"]) == ("delivered", 1)
    [status_file] = taken.outbox.glob("*.json")
    assert json.loads(status_file.read_text())["incident"] == "HOT-1"

    with webhook_server(204, port=port) as server:
        out = taken.ok("retry", delivery_id)
    assert out.startswith(f"delivery {delivery_id} webhook: delivered — HTTP 204 from ")
    [request] = server.received
    assert request.path == "/hook"
    assert request.content_type == "application/json"
    payload = request.json()
    assert payload["incident"] == "HOT-1"
    assert (payload["phase"], payload["channel"]) == ("update", "external")
    # Root cause unknown: investigating; the body is the customers' text, not the summary.
    assert payload["name"] == message["title"] == "Investigating: issues with Repos"
    assert (
        payload["body"]
        == message["body"]
        == (
            "Some customers cannot push code.\n\nCustomers affected: about 10%\n"
            "Expected recovery: within the hour\nNext update: by 14:30 on this page"
        )
    )

    [message] = taken.show()["messages"]
    by_adapter = {d["adapter"]: d for d in message["deliveries"]}
    assert (by_adapter["webhook"]["status"], by_adapter["webhook"]["attempts"]) == (
        "delivered",
        2,
    )
    assert by_adapter["outbox"]["attempts"] == 1

    err = one_error_line(taken("retry", delivery_id))
    assert "already went out" in err
    err = one_error_line(taken("retry", "9999"))
    assert "no delivery 9999" in err


# ---------------------------------------------------------------------------
# SMTP through the CLI: a real aiosmtpd server on 127.0.0.1
# ---------------------------------------------------------------------------


def _smtp_env(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    monkeypatch.setenv("WARROOM_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WARROOM_SMTP_PORT", str(port))
    monkeypatch.setenv("WARROOM_SMTP_STARTTLS", "false")
    # A list setting: comma-separated in its variable (a JSON list is read too).
    monkeypatch.setenv("WARROOM_EMAIL_TO", "major@example.com, oncall@example.com")


def test_email_reaches_a_real_smtp_server_with_the_key_in_the_subject(
    taken: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    _smtp_env(monkeypatch, port)
    with smtp_server(port) as server:
        out = taken.ok(
            "send", "HOT-1", "--phase", "update", "--channel", "email", *_sets(UPDATE_FIELDS)
        )
    assert "outbox: delivered" in out
    assert (
        f"smtp: delivered — sent to major@example.com, oncall@example.com via 127.0.0.1:{port}"
        in out
    )
    [envelope] = server.received
    assert envelope.rcpt_tos == ["major@example.com", "oncall@example.com"]
    parsed = email.message_from_bytes(envelope.content, policy=default_policy)
    assert parsed["Subject"] == TITLE
    assert "HOT-1" in parsed["Subject"]
    assert parsed["To"] == "major@example.com, oncall@example.com"
    assert "Root cause: unknown" in parsed.get_content()

    [message] = taken.show()["messages"]
    assert [(d["adapter"], d["status"], d["attempts"]) for d in message["deliveries"]] == [
        ("outbox", "delivered", 1),
        ("smtp", "delivered", 1),
    ]
    # The outbox copy is the same message as the one the server got.
    [eml] = taken.outbox.glob("*.eml")
    assert email.message_from_bytes(eml.read_bytes(), policy=default_policy)["To"] == parsed["To"]


def test_smtp_failure_exits_1_and_retry_sends_it(
    taken: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    _smtp_env(monkeypatch, port)
    _answer_all(taken)
    result = taken("send", "HOT-1", "--phase", "initial", "--channel", "email")
    assert result.code == 1, (result.out, result.err)
    assert f"smtp: failed — connection to 127.0.0.1:{port} refused" in result.out
    [delivery_id] = _retry_ids(result.err)

    with smtp_server(port) as server:
        out = taken.ok("retry", delivery_id)
    assert out.startswith(f"delivery {delivery_id} smtp: delivered — sent to ")
    [envelope] = server.received
    parsed = email.message_from_bytes(envelope.content, policy=default_policy)
    assert parsed["Subject"] == TITLE
    [message] = taken.show()["messages"]
    smtp = next(d for d in message["deliveries"] if d["adapter"] == "smtp")
    assert (smtp["status"], smtp["attempts"]) == ("delivered", 2)


@pytest.mark.parametrize(
    ("name", "value"),
    [("WARROOM_SMTP_PORT", "twenty-five"), ("WARROOM_SMTP_STARTTLS", "maybe")],
)
def test_malformed_delivery_setting_is_refused_in_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    err = one_error_line(cli("list"))
    assert name in err


def test_email_to_takes_one_address_or_a_comma_list(monkeypatch: pytest.MonkeyPatch) -> None:
    from warroom.config.settings import load_settings

    monkeypatch.setenv("WARROOM_EMAIL_TO", "major@example.com")
    assert load_settings().email_to == ("major@example.com",)
    monkeypatch.setenv("WARROOM_EMAIL_TO", "a@example.com, b@example.com")
    assert load_settings().delivery().email_to == ("a@example.com", "b@example.com")


# ---------------------------------------------------------------------------
# --help
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["send", "draft"])
def test_help_lists_every_field(cli: Cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.code == 0
    assert result.err == ""
    assert "FIELD=VALUE" in result.out
    for name in FIELD_HELP:
        assert f"{name}:" in result.out, name
    assert "--phase" in result.out and "--channel" in result.out
    assert "--reviewed-by" in result.out


def test_draft_and_send_print_a_title_escaped_as_it_goes_out(taken: Cli) -> None:
    osc = "\x1b]0;PWNED\x1b\\Pushes \u202efail"
    assert taken("edit", "HOT-1", "--summary", osc).err == "corrected summary\n"
    _answer_all(taken)
    for command in ("draft", "send"):
        result = taken(command, "HOT-1", "--channel", "internal")
        assert result.code == 0, result.err
        assert "\x1b" not in result.out and "\u202e" not in result.out
        assert "\\x1b]0;PWNED\\x1b\\Pushes \\u202efail" in result.out
    [sent] = taken.show()["messages"]
    assert sent["title"] == f"HOT-1 - Sev 1 - {osc}"  # the message itself is as written
