"""Schema 4's data step: system entries stored as English sentences become facts.

Stores before schema 4 kept what the console recorded ("Severity 2 → 1: EU only") as a
sentence. Each is read back into its fact and values, and kept as that fact only if the
message catalog words it exactly as it was stored; anything else becomes a ``text`` fact
holding the sentence as it was. Either way the timeline reads the same after the upgrade.

The event recorded with each entry names its kind, which settles the readings that a
sentence alone leaves open (a custom role called "Status" assigned to "new → fixing").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text as sql
from sqlalchemy.engine import Connection

from warroom.vocabulary.channels import CHANNELS
from warroom.vocabulary.facts import Fact, describe
from warroom.vocabulary.incident import LINK_FIELDS

Values = dict[str, Any]
Reading = Callable[[re.Match[str]], Values]

_TIME = r"(\d{4}-\d\d-\d\d \d\d:\d\d) UTC"


def _when(text: str) -> str:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC).isoformat()


def _declared(m: re.Match[str]) -> Values:
    products = [] if m[3] == "none named" else m[3].split(", ")
    return {"severity": int(m[1]), "service": m[2], "products": products}


def _times(m: re.Match[str]) -> Values:
    values: Values = {}
    for part in m[1].split("; "):
        found = re.fullmatch(r"(impact started|detected) " + _TIME, part)
        if found is None:
            return {}
        values["impact_started" if found[1] == "impact started" else "detected"] = _when(found[2])
    return values


def _assessment(m: re.Match[str]) -> Values:
    values: Values = {"question": m[2], "answer": m[3]}
    if m[4]:
        values["impact_started"] = _when(m[4])
    return values


def _links(m: re.Match[str]) -> Values:
    by_label = {label: name for name, label in LINK_FIELDS.items()}
    changes = []
    for part in m[1].split("; "):
        label = next((lb for lb in by_label if part.startswith(lb + " ")), None)
        if label is None:
            return {}
        value = part[len(label) + 1 :]
        changes.append([by_label[label], "" if value == "none" else value])
    return {"changes": changes}


def _message_sent(m: re.Match[str]) -> Values:
    by_noun = {c.noun: c.name for c in CHANNELS}
    return {
        "phase": m[1],
        "channel": by_noun.get(m[2], m[2]),
        "reviewed_by": m[4] or "",
        "title": m[5],
    }


# Each event kind, with the sentences it wrote and how to read them back.
_READINGS: dict[str, list[tuple[Fact, str, Reading]]] = {
    "declared": [
        (
            Fact.DECLARED,
            r"Declared severity (\d+); faulty service (.*); products: (.*)",
            _declared,
        )
    ],
    "status": [
        (Fact.STATUS, r"Status: (\w+) → (\w+)", lambda m: {"from": m[1], "to": m[2]}),
        (
            Fact.RESOLVED,
            r"Status: fixing → resolved; impact ended " + _TIME,
            lambda m: {"ended": _when(m[1])},
        ),
        (Fact.REOPENED, r"Reopened \(resolved → fixing\): (.*)", lambda m: {"reason": m[1]}),
    ],
    "severity": [
        (
            Fact.SEVERITY,
            r"Severity (\d+) confirmed: (.*)",
            lambda m: {"from": int(m[1]), "to": int(m[1]), "reason": m[2]},
        ),
        (
            Fact.SEVERITY,
            r"Severity (\d+) → (\d+): (.*)",
            lambda m: {"from": int(m[1]), "to": int(m[2]), "reason": m[3]},
        ),
    ],
    "times": [(Fact.TIMES, r"Times: (.*)", _times)],
    "support_cases": [
        (Fact.SUPPORT_CASES, r"Support cases: (\d+)", lambda m: {"count": int(m[1])})
    ],
    "role_assigned": [
        (Fact.ROLE_ASSIGNED, r"(.+?): (.*)", lambda m: {"role": m[1], "person": m[2]})
    ],
    "role_handover": [
        (
            Fact.ROLE_HANDOVER,
            r"(.+?): handed over from (.*) to (.*)",
            lambda m: {"role": m[1], "from": m[2], "to": m[3]},
        )
    ],
    "role_relieved": [
        (Fact.ROLE_RELIEVED, r"(.+?): (.*) relieved", lambda m: {"role": m[1], "person": m[2]})
    ],
    "assessment": [
        (
            Fact.ASSESSMENT,
            r"Assessment Q(\d) \((\w+)\): (.*?)(?: \(impact started set to " + _TIME + r"\))?",
            _assessment,
        )
    ],
    "channels": [(Fact.LINKS, r"Channels: (.*)", _links)],
    "page": [
        (
            Fact.PAGE,
            r"Paged (.*?) \((.*?)\): (.*?) · Sev (\d+) · (.*) — (.*)",
            lambda m: {
                "person": m[1],
                "team": m[2],
                "key": m[3],
                "severity": int(m[4]),
                "summary": m[5],
                "reason": m[6],
            },
        )
    ],
    "action_item": [
        (
            Fact.ACTION_ADDED,
            r"Action item \(([\w-]+)\): (.*)",
            lambda m: {"item_kind": m[1], "text": m[2]},
        )
    ],
    "action_done": [(Fact.ACTION_DONE, r"Action item done: (.*)", lambda m: {"text": m[1]})],
    "message_sent": [
        (
            Fact.MESSAGE_SENT,
            r"Sent (\w+) comms \((.*?)(, reviewed by (.*))?\): (.*)",
            _message_sent,
        )
    ],
}


def read_sentence(text: str, event_kind: str | None) -> tuple[Fact, Values]:
    """The fact a stored sentence records, or a ``text`` fact when it cannot be read back
    exactly. With the event's kind only that kind's sentences are tried."""
    if event_kind in _READINGS:
        candidates = _READINGS[event_kind]
    else:
        candidates = [reading for group in _READINGS.values() for reading in group]
    for fact, pattern, reading in candidates:
        match = re.fullmatch(pattern, text, re.DOTALL)
        if match is None:
            continue
        try:
            values = reading(match)
        except ValueError:
            continue
        if values and describe(fact, values) == text:
            return fact, values
    return Fact.TEXT, {"text": text}


def system_entries_to_facts(conn: Connection) -> None:
    """Rewrite every system entry as a fact, inside the upgrade's transaction."""
    kinds = _event_kinds(conn)
    rows = conn.exec_driver_sql(
        "SELECT id, incident_id, recorded_at, text FROM timeline_entry WHERE kind = 'system'"
    ).all()
    for entry_id, incident_id, recorded_at, text in rows:
        fact, values = read_sentence(text, kinds.get((incident_id, str(recorded_at), text)))
        conn.execute(
            sql(
                "UPDATE timeline_entry SET fact = :fact, fact_values = :values, text = ''"
                " WHERE id = :id"
            ),
            {
                "fact": fact.value,
                "values": json.dumps(values, ensure_ascii=False, sort_keys=True),
                "id": entry_id,
            },
        )


def _event_kinds(conn: Connection) -> dict[tuple[int, str, str], str]:
    """(incident, moment, sentence) → the kind of the event recorded with that entry."""
    kinds: dict[tuple[int, str, str], str] = {}
    rows = conn.exec_driver_sql(
        "SELECT incident_id, at, kind, detail FROM event WHERE incident_id IS NOT NULL"
    )
    for incident_id, at, kind, detail in rows:
        try:
            text = json.loads(detail).get("text")
        except (ValueError, AttributeError):
            continue
        if isinstance(text, str):
            kinds[(incident_id, str(at), text)] = kind
    return kinds
