"""Drafting comms: structured fields, rendering through the templates, and the gates.

The gates are the point of the checklist: initial comms need all six assessment
answers; an update or resolution needs the five completeness items; every
internal message and email carries the key; an external message stays short;
an organisation may require a second pair of eyes on external messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from warroom.base.errors import InvalidInput
from warroom.config.templates import Templates
from warroom.process.metrics import format_duration, time_to_recover
from warroom.process.read import IncidentDetail
from warroom.vocabulary.channels import CHANNEL_NAMES as CHANNELS
from warroom.vocabulary.channels import PHASE_NAMES as PHASES
from warroom.vocabulary.incident import Status
from warroom.vocabulary.questions import progress


class Draft(BaseModel):
    """What a person writes; the template turns it into the message."""

    model_config = ConfigDict(frozen=True)

    summary: str = ""
    current_status: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    next_update: str = ""
    impact: str = ""
    internal_affected: str = ""
    external_affected: str = ""
    root_cause: str = ""
    recovery: str = ""


FIELD_HELP = {
    "summary": "1–2 sentences: current status and impact",
    "current_status": "current status, 2–4 bullets separated by ;",
    "next_steps": "next steps, 2–4 bullets separated by ;",
    "next_update": "when and how the next update comes",
    "impact": "impact on customers",
    "internal_affected": "how many internal customers are affected",
    "external_affected": "how many external customers are affected",
    "root_cause": "root cause, or 'unknown'",
    "recovery": "when recovery is expected, or 'unknown'",
}
BULLET_FIELDS = ("current_status", "next_steps")


def parse_phase(value: str) -> str:
    return _one_of("phase", value, PHASES)


def parse_channel(value: str) -> str:
    return _one_of("channel", value, CHANNELS)


def _one_of(field: str, value: str, allowed: tuple[str, ...]) -> str:
    wanted = value.strip().lower()
    if wanted not in allowed:
        raise InvalidInput(field, f"{value!r}: use one of {', '.join(allowed)}")
    return wanted


def split_bullets(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def with_fields(draft: Draft, values: Mapping[str, str]) -> Draft:
    """Set fields from text (bullets separated by ``;``); unknown names are refused."""
    changes: dict[str, object] = {}
    for name, value in values.items():
        if name not in FIELD_HELP:
            raise InvalidInput("field", f"{name!r} is not a field; use {', '.join(FIELD_HELP)}")
        changes[name] = split_bullets(value) if name in BULLET_FIELDS else value
    return draft.model_copy(update=changes)


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``FIELD=VALUE`` pairs as given on the command line."""
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput("set", f"{item!r}: write FIELD=VALUE")
        values[name.strip()] = value
    return values


def suggested_draft(detail: IncidentDetail) -> Draft:
    """Start from what the assessment already says, so nobody types it twice."""
    answers = detail.answers
    impact = answers["impact"].answer if "impact" in answers else ""
    affected = answers["how_many"].answer if "how_many" in answers else ""
    return Draft(impact=impact, external_affected=affected)


@dataclass(frozen=True)
class CheckItem:
    name: str
    label: str
    ok: bool
    blocking: bool
    fix: str  # where to fix it, shown when it is not ok


@dataclass(frozen=True)
class Prepared:
    phase: str
    channel: str
    title: str
    body: str
    checklist: tuple[CheckItem, ...]

    @property
    def missing(self) -> list[CheckItem]:
        return [item for item in self.checklist if item.blocking and not item.ok]

    @property
    def warnings(self) -> list[CheckItem]:
        return [item for item in self.checklist if not item.blocking and not item.ok]

    @property
    def can_send(self) -> bool:
        return not self.missing

    def refusal(self) -> str:
        return "not sent; missing: " + "; ".join(f"{i.label} ({i.fix})" for i in self.missing)


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"- {item}" for item in items) or "- (none yet)"


def _local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %Z") if moment else "unknown"


def placeholder_values(detail: IncidentDetail, draft: Draft, now: datetime) -> dict[str, str]:
    incident = detail.incident
    ttr = time_to_recover(incident)
    if ttr is None and incident.impact_started_at:
        ttr = now - incident.impact_started_at  # still going on
    return {
        "key": incident.key,
        "severity": f"Sev {incident.severity}",
        "summary": incident.summary,
        "products": join_products(detail.products),
        "chat_room": incident.chat_room,
        "support_cases": str(incident.support_cases),
        "duration": format_duration(ttr) if ttr is not None else "unknown",
        "impact_started": _local(incident.impact_started_at),
        "impact_ended": _local(incident.resolved_at),
        "status_summary": draft.summary,
        "current_status": _bullets(draft.current_status),
        "next_steps": _bullets(draft.next_steps),
        "next_update": draft.next_update,
        "impact": draft.impact,
        "internal_affected": draft.internal_affected,
        "external_affected": draft.external_affected,
        "root_cause": draft.root_cause,
        "recovery": draft.recovery,
    }


def count_sentences(text: str) -> int:
    return len([s for s in re.split(r"[.!?]+(?:\s+|$)", text.strip()) if s.strip()])


def _filled(value: str) -> bool:
    return bool(value.strip())


def _completeness(detail: IncidentDetail, phase: str, draft: Draft) -> list[CheckItem]:
    """The handbook's five questions every follow-up must answer."""
    resolved = detail.incident.status == Status.RESOLVED.value
    items = [
        CheckItem("impact", "1 Impact on customers", _filled(draft.impact), True, "field impact"),
        CheckItem(
            "affected",
            "2 Internal and external customers affected",
            _filled(draft.internal_affected) and _filled(draft.external_affected),
            True,
            "fields internal_affected and external_affected",
        ),
        CheckItem(
            "root_cause",
            "3 Root cause, or 'unknown'",
            _filled(draft.root_cause),
            True,
            "field root_cause; write 'unknown' if it is not known yet",
        ),
    ]
    if phase == "resolution":
        items += [
            CheckItem(
                "recovery",
                "4 Recovery: when the impact ended",
                resolved,
                True,
                "resolve the incident first (R, or warroom resolve KEY --ended TIME)",
            ),
            CheckItem("next_update", "5 Next update: none, it is resolved", True, True, ""),
        ]
    else:
        items += [
            CheckItem(
                "recovery",
                "4 Expected recovery, or 'unknown'",
                _filled(draft.recovery),
                True,
                "field recovery; write 'unknown' if nobody can say yet",
            ),
            CheckItem(
                "next_update",
                "5 When and how the next update comes",
                _filled(draft.next_update),
                True,
                "field next_update, e.g. 'by 15:30 on this page and by email'",
            ),
        ]
    return items


def _format_checks(draft: Draft) -> list[CheckItem]:
    """The handbook's update format; advice rather than a gate."""
    return [
        CheckItem(
            "summary_length",
            "Summary of 1–2 sentences",
            1 <= count_sentences(draft.summary) <= 2,
            False,
            "field summary",
        ),
        CheckItem(
            "current_status_bullets",
            "Current status: 2–4 bullets",
            2 <= len(draft.current_status) <= 4,
            False,
            "field current_status (separate bullets with ;)",
        ),
        CheckItem(
            "next_steps_bullets",
            "Next steps: 2–4 bullets",
            2 <= len(draft.next_steps) <= 4,
            False,
            "field next_steps (separate bullets with ;)",
        ),
    ]


def prepare(
    detail: IncidentDetail,
    phase: str,
    channel: str,
    draft: Draft,
    templates: Templates,
    now: datetime,
    *,
    sender: str,
    reviewed_by: str = "",
    require_review: bool = False,
) -> Prepared:
    """Render the message exactly as it would go out, and check it against every gate."""
    template = templates[(phase, channel)]
    values = placeholder_values(detail, draft, now)
    title = template.title.safe_substitute(values)
    body = template.body.safe_substitute(values)
    key = detail.incident.key
    checks: list[CheckItem] = []
    if phase == "initial":
        done = progress(detail.answers)
        still_open = ", ".join(f"{q.number} {q.slug}" for q in done.open_questions)
        checks.append(
            CheckItem(
                "assessment",
                f"Assessment {done}" + (f" — open: {still_open}" if still_open else ""),
                done.complete,
                True,
                "answer them in the assessment tab (2) or with warroom assess KEY N ANSWER",
            )
        )
    else:
        checks += _completeness(detail, phase, draft)
        if phase == "update" and channel != "external":
            checks += _format_checks(draft)
    if phase == "resolution":
        checks.append(
            CheckItem(
                "resolved",
                "The incident is resolved",
                detail.incident.status == Status.RESOLVED.value,
                True,
                "resolve it first (R)",
            )
        )
    if channel != "external":
        checks.append(
            CheckItem(
                "key",
                f"Carries the key {key}",
                key in title or key in body,
                True,
                "the template must put the key in the title (or the body)",
            )
        )
    else:
        sentences = count_sentences(body)
        checks.append(
            CheckItem(
                "short",
                f"External text is short ({sentences} sentence{'s' if sentences != 1 else ''})",
                sentences <= 2,
                False,
                "customers want to know if it is fixed and when: keep it to 1–2 sentences",
            )
        )
        if require_review:
            reviewer = reviewed_by.strip()
            checks.append(
                CheckItem(
                    "review",
                    "Reviewed by a second person",
                    bool(reviewer) and reviewer.lower() != sender.lower(),
                    True,
                    "a reviewer other than you must approve external messages",
                )
            )
    unknown = template.placeholders() - set(values)
    if unknown:
        checks.append(
            CheckItem(
                "template",
                "Template placeholders all known",
                False,
                False,
                f"{template.source} uses unknown {', '.join('$' + u for u in sorted(unknown))}",
            )
        )
    return Prepared(phase, channel, title, body, tuple(checks))


def join_products(products: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``; "our services" when none is known yet."""
    if not products:
        return "our services"
    if len(products) == 1:
        return products[0]
    return ", ".join(products[:-1]) + " and " + products[-1]
