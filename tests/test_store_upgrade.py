"""Schema 4: system entries written as English sentences by earlier versions become facts,
and every one of them reads exactly as before."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from warroom.process import timeline
from warroom.process.context import Context
from warroom.process.queries import entry_text
from warroom.store.schema.upgrade_facts import read_sentence
from warroom.vocabulary.facts import Fact

from .old_stores import store_at_version

# Sentences exactly as schema-3 warroom wrote them, with the kind of the event written
# beside each, and the fact each must become.
OLD_ENTRIES = [
    (
        "declared",
        "Declared severity 2; faulty service Identity; products: Repos, Pipelines",
        Fact.DECLARED,
        {"severity": 2, "service": "Identity", "products": ["Repos", "Pipelines"]},
    ),
    (
        "declared",
        "Declared severity 3; faulty service Unknown; products: none named",
        Fact.DECLARED,
        {"severity": 3, "service": "Unknown", "products": []},
    ),
    ("status", "Status: new → fixing", Fact.STATUS, {"from": "new", "to": "fixing"}),
    (
        "status",
        "Status: fixing → resolved; impact ended 2026-01-01 11:15 UTC",
        Fact.RESOLVED,
        {"ended": "2026-01-01T11:15:00+00:00"},
    ),
    (
        "status",
        "Reopened (resolved → fixing): errors are back",
        Fact.REOPENED,
        {"reason": "errors are back"},
    ),
    (
        "severity",
        "Severity 3 → 2: delays up to 5 minutes: core Chat impacted",
        Fact.SEVERITY,
        {"from": 3, "to": 2, "reason": "delays up to 5 minutes: core Chat impacted"},
    ),
    (
        "severity",
        "Severity 1 confirmed: still all customers",
        Fact.SEVERITY,
        {"from": 1, "to": 1, "reason": "still all customers"},
    ),
    (
        "times",
        "Times: impact started 2026-01-01 09:58 UTC; detected 2026-01-01 10:02 UTC",
        Fact.TIMES,
        {"impact_started": "2026-01-01T09:58:00+00:00", "detected": "2026-01-01T10:02:00+00:00"},
    ),
    ("support_cases", "Support cases: 37", Fact.SUPPORT_CASES, {"count": 37}),
    (
        "role_assigned",
        "Incident manager: mei.tanaka",
        Fact.ROLE_ASSIGNED,
        {"role": "Incident manager", "person": "mei.tanaka"},
    ),
    (
        "role_handover",
        "Incident manager: handed over from lukas.brandt to mei.tanaka",
        Fact.ROLE_HANDOVER,
        {"role": "Incident manager", "from": "lukas.brandt", "to": "mei.tanaka"},
    ),
    (
        "role_relieved",
        "Tech lead: yuki.sato relieved",
        Fact.ROLE_RELIEVED,
        {"role": "Tech lead", "person": "yuki.sato"},
    ),
    (
        "assessment",
        "Assessment Q3 (how_many): Some: SAML SSO customers, about 1 in 3",
        Fact.ASSESSMENT,
        {"question": "how_many", "answer": "Some: SAML SSO customers, about 1 in 3"},
    ),
    (
        "assessment",
        "Assessment Q4 (started): 09:58 (impact started set to 2026-01-01 09:58 UTC)",
        Fact.ASSESSMENT,
        {"question": "started", "answer": "09:58", "impact_started": "2026-01-01T09:58:00+00:00"},
    ),
    (
        "channels",
        "Channels: chat room HOT-7; video call https://meet.example/hot-7; status document none",
        Fact.LINKS,
        {
            "changes": [
                ["chat_room", "HOT-7"],
                ["video_link", "https://meet.example/hot-7"],
                ["status_doc_link", ""],
            ]
        },
    ),
    (
        "page",
        "Paged mei.tanaka (Major Incident Managers): HOT-7 · Sev 2 · SSO — logins failing"
        " — IMOC needed",
        Fact.PAGE,
        {
            "person": "mei.tanaka",
            "team": "Major Incident Managers",
            "key": "HOT-7",
            "severity": 2,
            "summary": "SSO — logins failing",
            "reason": "IMOC needed",
        },
    ),
    (
        "action_item",
        "Action item (cleanup): return the pool to autoscaling",
        Fact.ACTION_ADDED,
        {"item_kind": "cleanup", "text": "return the pool to autoscaling"},
    ),
    (
        "action_done",
        "Action item done: replay the message",
        Fact.ACTION_DONE,
        {"text": "replay the message"},
    ),
    (
        "message_sent",
        "Sent update comms (external status page, reviewed by bob): Identified: issues with Repos",
        Fact.MESSAGE_SENT,
        {
            "phase": "update",
            "channel": "external",
            "reviewed_by": "bob",
            "title": "Identified: issues with Repos",
        },
    ),
    (
        "message_sent",
        "Sent initial comms (email): HOT-7 - Sev 2 - Git pushes failing",
        Fact.MESSAGE_SENT,
        {
            "phase": "initial",
            "channel": "email",
            "reviewed_by": "",
            "title": "HOT-7 - Sev 2 - Git pushes failing",
        },
    ),
    # The event's kind settles what the sentence alone leaves open: a custom role.
    (
        "role_assigned",
        "Status: new → fixing",
        Fact.ROLE_ASSIGNED,
        {"role": "Status", "person": "new → fixing"},
    ),
    # Nothing this version words the same way: kept, word for word, as a text fact.
    (
        "status",
        "Status: paused by the moon",
        Fact.TEXT,
        {"text": "Status: paused by the moon"},
    ),
    ("mystery", "Something only a newer warroom knew", Fact.TEXT, None),
]


def _v3_store(path: Path) -> None:
    store_at_version(path, 3)
    with closing(sqlite3.connect(path)) as db:
        for minute, (kind, text, _fact, _values) in enumerate(OLD_ENTRIES):
            at = f"2026-01-01 10:{minute:02d}:00.000000"
            db.execute(
                "INSERT INTO timeline_entry (incident_id, occurred_at, recorded_at, author,"
                " kind, text, undo, edited) VALUES (1, ?, ?, 'old', 'system', ?, '', 0)",
                (at, at, text),
            )
            db.execute(
                "INSERT INTO event (at, actor, kind, incident_id, detail)"
                " VALUES (?, 'old', ?, 1, ?)",
                (at, kind, json.dumps({"text": text}, ensure_ascii=False, sort_keys=True)),
            )
        db.commit()


def test_every_system_entry_reads_exactly_as_before(db_path: Path) -> None:
    _v3_store(db_path)
    ctx = Context.open(db_path)
    try:
        entries = timeline.entries(ctx, "HOT-7")
    finally:
        ctx.close()
    system = [e for e in entries if e.kind == "system"]
    assert [entry_text(e) for e in system] == [text for _, text, _, _ in OLD_ENTRIES]
    assert [e.text for e in entries if e.kind == "note"] == ["kept across upgrades"]
    assert all(e.text == "" for e in system), "the sentence is no longer stored"
    for entry, (_kind, text, fact, values) in zip(system, OLD_ENTRIES, strict=True):
        assert entry.fact == fact.value, text
        stored = json.loads(entry.fact_values)
        assert stored == (values if values is not None else {"text": text}), text


def test_a_sentence_without_its_event_is_still_read(db_path: Path) -> None:
    assert read_sentence("Support cases: 12", None) == (Fact.SUPPORT_CASES, {"count": 12})
    assert read_sentence("Tech lead: ana", None) == (
        Fact.ROLE_ASSIGNED,
        {"role": "Tech lead", "person": "ana"},
    )


@pytest.mark.parametrize(
    ("kind", "text"),
    [("declared", ""), ("severity", "Severity 9 → x: y"), ("times", "Times: soon"), (None, "")],
)
def test_what_cannot_be_read_back_stays_as_written(kind: str | None, text: str) -> None:
    assert read_sentence(text, kind) == (Fact.TEXT, {"text": text})
