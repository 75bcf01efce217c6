"""Each vocabulary is defined once and holds together: kinds, channels, facts."""

from __future__ import annotations

import pytest

from warroom.comms.delivery.base import ADAPTERS, adapter
from warroom.vocabulary.channels import CHANNELS, Form
from warroom.vocabulary.facts import Fact, describe
from warroom.vocabulary.kinds import FILTERS, KINDS, EntryKind, Kind, label, prefix_table


def test_every_kind_has_a_label_and_people_kinds_have_prefixes() -> None:
    assert {k.kind for k in KINDS} == set(EntryKind)
    for kind in KINDS:
        assert kind.label and len(kind.label) <= 4
        assert bool(kind.prefixes) == (kind.kind is not EntryKind.SYSTEM)


def test_a_prefix_claimed_by_two_kinds_is_refused() -> None:
    clash = (*KINDS, Kind(EntryKind.NOTE, "AUDIT", ("a",)))  # "a" is the action's
    with pytest.raises(ValueError, match="'a' is claimed by both action and note"):
        prefix_table(clash)


def test_a_kind_this_version_does_not_know_still_has_a_label() -> None:
    assert label("observation") == "OBS"
    assert label("postmortem-finding") == "POST"


def test_filters_cover_the_kinds_they_name() -> None:
    by_label = {f.label: f.kinds for f in FILTERS}
    assert by_label["all entries"] is None
    assert by_label["theories and experiments"] == {"theory", "experiment"}
    assert by_label["decisions, changes, actions"] == {"decision", "change", "action"}
    assert by_label["system entries"] == {"system"}
    assert "system" not in (by_label["people's notes"] or set())


def test_every_channel_is_carried_by_adapters_that_exist_and_can_carry_it() -> None:
    carries = {"smtp": Form.EMAIL, "webhook": Form.STATUS}
    for channel in CHANNELS:
        assert channel.adapters[0] == "outbox", "the outbox takes every message"
        for name in channel.adapters:
            assert name in ADAPTERS
            adapter(name)  # imports
            if name in carries:
                assert carries[name] in channel.forms, (channel.name, name)


def test_every_fact_has_words() -> None:
    samples = {
        Fact.DECLARED: {"severity": 2, "service": "Search", "products": []},
        Fact.STATUS: {"from": "new", "to": "fixing"},
        Fact.RESOLVED: {"ended": "2026-11-25T14:05:00+00:00"},
        Fact.REOPENED: {"reason": "back"},
        Fact.SEVERITY: {"from": 3, "to": 1, "reason": "all"},
        Fact.TIMES: {"detected": "2026-11-25T14:05:00+00:00"},
        Fact.SUPPORT_CASES: {"count": 3},
        Fact.ROLE_ASSIGNED: {"role": "Scribe", "person": "ana"},
        Fact.ROLE_HANDOVER: {"role": "Scribe", "from": "ana", "to": "bo"},
        Fact.ROLE_RELIEVED: {"role": "Scribe", "person": "ana"},
        Fact.ASSESSMENT: {"question": "impact", "answer": "none"},
        Fact.LINKS: {"changes": [["video_link", ""]]},
        Fact.PAGE: {
            "person": "ana",
            "team": "Search",
            "key": "HOT-1",
            "severity": 2,
            "summary": "s",
            "reason": "r",
        },
        Fact.PAGE_ESCALATED: {
            "page": 3,
            "team": "Search",
            "level": 1,
            "round": 2,
            "people": ["ana", "bo"],
            "waited": 10,
        },
        Fact.PAGE_ACKNOWLEDGED: {"page": 3, "team": "Search"},
        Fact.PAGE_CANCELLED: {"page": 3, "team": "Search"},
        Fact.PAGE_UNANSWERED: {"page": 3, "team": "Search", "levels": 2, "rounds": 3},
        Fact.ACTION_ADDED: {"item_kind": "cleanup", "text": "t"},
        Fact.ACTION_DONE: {"text": "t"},
        Fact.ACTION_REOPENED: {"item": 4, "text": "t"},
        Fact.ACTION_ASSIGNED: {"item": 4, "text": "t", "owner": "bo", "from": ""},
        Fact.ACTION_DUE: {"item": 4, "text": "t", "due": "2026-11-26T16:00:00+00:00", "from": ""},
        Fact.ACTION_CHANGED: {"item": 4, "text": "t", "changes": [["link", "", "https://x"]]},
        Fact.MESSAGE_SENT: {"phase": "update", "channel": "email", "reviewed_by": "", "title": "T"},
        Fact.CORRECTED: {"changes": [["summary", "a", "b"], ["products", [], ["Wiki"]]]},
        Fact.TEXT: {"text": "as it was"},
    }
    assert set(samples) == set(Fact)
    worded = {fact: describe(fact, values) for fact, values in samples.items()}
    assert worded[Fact.TIMES] == "Times: detected 2026-11-25 14:05 UTC"
    assert worded[Fact.LINKS] == "Channels: video call none"
    assert worded[Fact.CORRECTED] == "Corrected summary: a → b; products: (empty) → Wiki"
    assert worded[Fact.MESSAGE_SENT] == "Sent update comms (email): T"
    assert worded[Fact.ACTION_DUE] == "Action item 4 due 2026-11-26 16:00 UTC: t"
    assert worded[Fact.ACTION_CHANGED] == "Action item 4 changed link (none) → https://x: t"
    assert worded[Fact.PAGE_ESCALATED] == (
        "Page 3 repeated, round 2, level 1: ana, bo (not acknowledged within 10 min)"
    )
    assert worded[Fact.PAGE_UNANSWERED] == (
        "Page 3 (Search) unanswered after every level of its policy (2 levels, 3 rounds): "
        "page someone by hand"
    )
    assert all(text and "{" not in text for text in worded.values())


@pytest.mark.parametrize(
    ("fact", "values"),
    [
        ("from-a-newer-warroom", {"a": 1}),
        (Fact.SEVERITY, {"to": 1}),  # a value missing
        (Fact.ASSESSMENT, {"question": "no-such-question", "answer": "x"}),
        (Fact.MESSAGE_SENT, {"phase": "update", "channel": "pager", "title": "T"}),
    ],
)
def test_a_fact_that_cannot_be_worded_is_shown_by_its_values(fact: str, values: dict) -> None:
    text = describe(fact, values)
    assert text.startswith(f"{fact}: ")
