"""System entries as facts: what the console recorded, as a kind and its values, turned
into words only when shown. ``MESSAGES`` is the one message catalog for them, so the words
can be changed or translated without touching a stored row.

Values are JSON: strings, numbers, lists, and times as ISO 8601 in UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from warroom.base.counts import say_count
from warroom.base.errors import WarroomError
from warroom.vocabulary.channels import channel
from warroom.vocabulary.incident import LINK_FIELDS
from warroom.vocabulary.questions import question


class Fact(StrEnum):
    DECLARED = "declared"  # severity, service, products
    STATUS = "status"  # from, to
    RESOLVED = "resolved"  # ended
    REOPENED = "reopened"  # reason, roles: [[role, person], ...] held again
    SEVERITY = "severity"  # from, to, reason
    TIMES = "times"  # impact_started and/or detected
    SUPPORT_CASES = "support_cases"  # count
    ROLE_ASSIGNED = "role_assigned"  # role, person
    ROLE_HANDOVER = "role_handover"  # role, from, to, note (what the incoming holder needs)
    ROLE_RELIEVED = "role_relieved"  # role, person
    # question, answer; impact_started when the answer set it; count for support cases
    ASSESSMENT = "assessment"
    LINKS = "channels"  # changes: [[field, value], ...]
    PAGE = "page"  # person, team, key, severity, summary, reason; page (its id), when stored
    PAGE_ESCALATED = "page_escalated"  # page, level, round, people, waited (minutes)
    PAGE_ACKNOWLEDGED = "page_acknowledged"  # page, team
    PAGE_CANCELLED = "page_cancelled"  # page, team
    PAGE_UNANSWERED = "page_unanswered"  # page, team, levels, rounds
    ACTION_ADDED = "action_item"  # item_kind, text; note: the a: note it came from, if one
    ACTION_DONE = "action_done"  # text
    ACTION_REOPENED = "action_reopened"  # item, text
    ACTION_ASSIGNED = "action_assigned"  # item, text, owner, from ("": nobody)
    ACTION_DUE = "action_due"  # item, text, due, from (times; "": no date)
    ACTION_CHANGED = "action_changed"  # item, text, changes: [[field, old, new], ...]
    MESSAGE_SENT = "message_sent"  # phase, channel, reviewed_by, title
    CORRECTED = "corrected"  # changes: [[field, old, new], ...]; products as lists
    TEXT = "text"  # text: a sentence stored before system entries were stored as facts


MESSAGES = {
    "declared": "Declared severity {severity}; faulty service {service}; products: {products}",
    "declared.no_products": "none named",
    "status": "Status: {from} → {to}",
    "resolved": "Status: fixing → resolved; impact ended {ended}",
    "reopened": "Reopened (resolved → fixing): {reason}",
    "reopened.roles": "Reopened (resolved → fixing): {reason}; roles held again: {roles}",
    "reopened.role": "{role} {person}",
    "severity.changed": "Severity {from} → {to}: {reason}",
    "severity.confirmed": "Severity {to} confirmed: {reason}",
    "times": "Times: {parts}",
    "times.impact_started": "impact started {at}",
    "times.detected": "detected {at}",
    "support_cases": "Support cases: {count}",
    "role_assigned": "{role}: {person}",
    "role_handover": "{role}: handed over from {from} to {to}",
    "role_handover.note": "{role}: handed over from {from} to {to} — {note}",
    "role_relieved": "{role}: {person} relieved",
    "assessment": "Assessment Q{number} ({question}): {answer}",
    "assessment.started": "{answer} (impact started set to {at})",
    "assessment.count": "{answer} (support cases: {count})",
    "assessment.no_count": "{answer} (support cases: unknown)",
    "channels": "Channels: {parts}",
    "channels.part": "{field} {value}",
    "channels.none": "none",
    "page": "Paged {person} ({team}): {key} · Sev {severity} · {summary} — {reason}",
    "page.id": "Page {page}: paged {person} ({team}): {key} · Sev {severity} · {summary} "
    "— {reason}",
    "page_escalated": "Page {page} escalated to level {level}: {people} "
    "(not acknowledged within {waited} min)",
    "page_escalated.round": "Page {page} repeated, round {round}, level {level}: {people} "
    "(not acknowledged within {waited} min)",
    "page_acknowledged": "Page {page} ({team}) acknowledged",
    "page_cancelled": "Page {page} ({team}) cancelled: the incident is resolved",
    "page_unanswered": "Page {page} ({team}) unanswered after every level of its policy "
    "({levels} levels, {rounds} rounds): page someone by hand",
    "action_item": "Action item ({item_kind}): {text}",
    "action_done": "Action item done: {text}",
    "action_reopened": "Action item reopened: {text}",
    "action_item.note": "Action item ({item_kind}) from an action note: {text}",
    "action_assigned": "Action item {item} assigned to {owner}: {text}",
    "action_assigned.none": "Action item {item} has no owner now (was {from}): {text}",
    "action_due": "Action item {item} due {due}: {text}",
    "action_due.none": "Action item {item} no longer has a due date: {text}",
    "action_changed": "Action item {item} changed {parts}: {text}",
    "action_changed.part": "{field} {old} → {new}",
    "action_changed.empty": "(none)",
    "message_sent": "Sent {phase} comms ({channel}{reviewed}): {title}",
    "message_sent.reviewed": ", reviewed by {reviewer}",
    "corrected": "Corrected {parts}",
    "corrected.part": "{field}: {old} → {new}",
    "corrected.empty": "(empty)",
    "time": "{:%Y-%m-%d %H:%M} UTC",
    "list": ", ",
    "parts": "; ",
}


def describe(fact: str, values: Mapping[str, Any]) -> str:
    """The words for a fact. A fact this version does not know is shown by its values."""
    words = _WORDS.get(fact)
    if words is not None:
        try:
            return words(values)
        except (KeyError, TypeError, ValueError, OverflowError, WarroomError):
            pass  # values this version cannot word (a newer warroom wrote them): show them raw
    return f"{fact}: " + ", ".join(f"{name} {value}" for name, value in values.items())


def when(moment: datetime) -> str:
    """A time as a fact value: ISO 8601 in UTC."""
    return moment.astimezone(UTC).isoformat()


def _time(value: str) -> str:
    return MESSAGES["time"].format(datetime.fromisoformat(value).astimezone(UTC))


def _say(message: str, values: Mapping[str, Any], **extra: Any) -> str:
    return MESSAGES[message].format_map({**values, **extra})


def _declared(v: Mapping[str, Any]) -> str:
    products = MESSAGES["list"].join(v["products"]) or MESSAGES["declared.no_products"]
    return _say("declared", v, products=products)


def _severity(v: Mapping[str, Any]) -> str:
    return _say("severity.confirmed" if v["from"] == v["to"] else "severity.changed", v)


def _times(v: Mapping[str, Any]) -> str:
    parts = [
        MESSAGES[f"times.{name}"].format(at=_time(v[name]))
        for name in ("impact_started", "detected")
        if v.get(name)
    ]
    return _say("times", v, parts=MESSAGES["parts"].join(parts))


def _assessment(v: Mapping[str, Any]) -> str:
    answer = v["answer"]
    if v.get("impact_started"):
        answer = MESSAGES["assessment.started"].format(answer=answer, at=_time(v["impact_started"]))
    if "count" in v and say_count(v["count"]) != answer.strip().lower():
        # Say what number was read when the words were more than the number.
        count = v["count"]
        message = "assessment.no_count" if count is None else "assessment.count"
        answer = MESSAGES[message].format(answer=answer, count=count)
    return _say("assessment", v, number=question(v["question"]).number, answer=answer)


def _links(v: Mapping[str, Any]) -> str:
    parts = [
        MESSAGES["channels.part"].format(
            field=LINK_FIELDS.get(name, name), value=value or MESSAGES["channels.none"]
        )
        for name, value in v["changes"]
    ]
    return _say("channels", v, parts=MESSAGES["parts"].join(parts))


def _message_sent(v: Mapping[str, Any]) -> str:
    reviewer = v.get("reviewed_by") or ""
    reviewed = MESSAGES["message_sent.reviewed"].format(reviewer=reviewer) if reviewer else ""
    return _say("message_sent", v, channel=channel(v["channel"]).noun, reviewed=reviewed)


def _reopened(v: Mapping[str, Any]) -> str:
    if not v.get("roles"):
        return _say("reopened", v)
    held = [MESSAGES["reopened.role"].format(role=r, person=p) for r, p in v["roles"]]
    return _say("reopened.roles", v, roles=MESSAGES["list"].join(held))


def _action_changed(v: Mapping[str, Any]) -> str:
    parts = [
        MESSAGES["action_changed.part"].format(
            field=name,
            old=old or MESSAGES["action_changed.empty"],
            new=new or MESSAGES["action_changed.empty"],
        )
        for name, old, new in v["changes"]
    ]
    return _say("action_changed", v, parts=MESSAGES["parts"].join(parts))


def _corrected(v: Mapping[str, Any]) -> str:
    def shown(value: Any) -> str:
        text = MESSAGES["list"].join(value) if isinstance(value, list) else str(value)
        return text or MESSAGES["corrected.empty"]

    parts = [
        MESSAGES["corrected.part"].format(field=name, old=shown(old), new=shown(new))
        for name, old, new in v["changes"]
    ]
    return _say("corrected", v, parts=MESSAGES["parts"].join(parts))


_WORDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    Fact.DECLARED: _declared,
    Fact.STATUS: lambda v: _say("status", v),
    Fact.RESOLVED: lambda v: _say("resolved", v, ended=_time(v["ended"])),
    Fact.REOPENED: _reopened,
    Fact.SEVERITY: _severity,
    Fact.TIMES: _times,
    Fact.SUPPORT_CASES: lambda v: _say("support_cases", v),
    Fact.ROLE_ASSIGNED: lambda v: _say("role_assigned", v),
    Fact.ROLE_HANDOVER: lambda v: _say(
        "role_handover.note" if v.get("note") else "role_handover", v
    ),
    Fact.ROLE_RELIEVED: lambda v: _say("role_relieved", v),
    Fact.ASSESSMENT: _assessment,
    Fact.LINKS: _links,
    Fact.PAGE: lambda v: _say("page.id" if "page" in v else "page", v),
    Fact.PAGE_ESCALATED: lambda v: _say(
        "page_escalated.round" if v["round"] > 1 else "page_escalated",
        v,
        people=MESSAGES["list"].join(v["people"]),
    ),
    Fact.PAGE_ACKNOWLEDGED: lambda v: _say("page_acknowledged", v),
    Fact.PAGE_CANCELLED: lambda v: _say("page_cancelled", v),
    Fact.PAGE_UNANSWERED: lambda v: _say("page_unanswered", v),
    Fact.ACTION_ADDED: lambda v: _say("action_item.note" if v.get("note") else "action_item", v),
    Fact.ACTION_DONE: lambda v: _say("action_done", v),
    Fact.ACTION_REOPENED: lambda v: _say("action_reopened", v),
    Fact.ACTION_ASSIGNED: lambda v: _say(
        "action_assigned" if v["owner"] else "action_assigned.none", v
    ),
    Fact.ACTION_DUE: lambda v: _say(
        "action_due" if v["due"] else "action_due.none",
        v,
        due=_time(v["due"]) if v["due"] else "",
    ),
    Fact.ACTION_CHANGED: _action_changed,
    Fact.MESSAGE_SENT: _message_sent,
    Fact.CORRECTED: _corrected,
    Fact.TEXT: lambda v: str(v["text"]),
}
