"""The gates a message passes before it can be sent: the point of the checklist.

Initial comms need all six assessment answers; an update or resolution needs the five
completeness items; each channel adds its own (``vocabulary.channels.Gate``): the key in
every internal message, short text for customers, and a second pair of eyes on external
messages when the organisation asks for one. Each check has a stable id (``Check``), so
its words can change without the logic, and the console can point at the key that fixes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from warroom.comms.drafts import Draft
from warroom.comms.render import FIELD_PLACEHOLDERS, placeholder_values
from warroom.config.templates import Templates
from warroom.process.read import IncidentDetail
from warroom.vocabulary.channels import Gate, Phase, channel
from warroom.vocabulary.incident import Status
from warroom.vocabulary.questions import progress


class Check(StrEnum):
    """Stable ids of the checklist's items; stored with every message sent."""

    ASSESSMENT = "assessment"
    IMPACT = "impact"
    AFFECTED = "affected"
    ROOT_CAUSE = "root_cause"
    RECOVERY = "recovery"
    NEXT_UPDATE = "next_update"
    SUMMARY_LENGTH = "summary_length"
    CURRENT_STATUS_BULLETS = "current_status_bullets"
    NEXT_STEPS_BULLETS = "next_steps_bullets"
    RESOLVED = "resolved"
    KEY = "key"
    SHORT = "short"
    REVIEW = "review"
    TEMPLATE = "template"


@dataclass(frozen=True)
class CheckItem:
    name: Check
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


def prepare(
    detail: IncidentDetail,
    phase: str,
    channel_name: str,
    draft: Draft,
    templates: Templates,
    now: datetime,
    *,
    sender: str,
    reviewed_by: str = "",
    require_review: bool = False,
) -> Prepared:
    """Render the message exactly as it would go out, and check it against every gate."""
    on = channel(channel_name)
    template = templates[(phase, on.name)]
    values = placeholder_values(detail, draft, now)
    title = template.title.safe_substitute(values)
    body = template.body.safe_substitute(values)
    checks: list[CheckItem] = []
    if phase == Phase.INITIAL:
        checks.append(_assessment(detail))
    else:
        checks += _completeness(detail, phase, draft)
        if phase == Phase.UPDATE and Gate.UPDATE_FORMAT in on.gates:
            checks += _format_checks(draft)
    if phase == Phase.RESOLUTION:
        resolved = detail.incident.status == Status.RESOLVED.value
        checks.append(
            CheckItem(
                Check.RESOLVED, "The incident is resolved", resolved, True, "resolve it first"
            )
        )
    if Gate.CARRIES_KEY in on.gates:
        key = detail.incident.key
        checks.append(
            CheckItem(
                Check.KEY,
                f"Carries the key {key}",
                key in title or key in body,
                True,
                "the template must put the key in the title (or the body)",
            )
        )
    if Gate.SHORT_TEXT in on.gates:
        sentences = count_sentences(body)
        checks.append(
            CheckItem(
                Check.SHORT,
                f"External text is short ({sentences} sentence{'s' if sentences != 1 else ''})",
                sentences <= 2,
                False,
                "customers want to know if it is fixed and when: keep it to 1–2 sentences",
            )
        )
    if Gate.REVIEW in on.gates and require_review:
        reviewer = reviewed_by.strip()
        checks.append(
            CheckItem(
                Check.REVIEW,
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
                Check.TEMPLATE,
                "Template placeholders all known",
                False,
                False,
                f"{template.source} uses unknown {', '.join('$' + u for u in sorted(unknown))}",
            )
        )
    return Prepared(phase, on.name, title, body, tuple(checks))


# The draft fields the completeness gate reads, by phase (a resolution's recovery and next
# update come from the incident being resolved, not from the draft).
GATED_FIELDS = {
    Phase.UPDATE: (
        "impact",
        "internal_affected",
        "external_affected",
        "root_cause",
        "recovery",
        "next_update",
    ),
    Phase.RESOLUTION: ("impact", "internal_affected", "external_affected", "root_cause"),
}


def fields_asked(templates: Templates, phase: str, channel_name: str) -> list[str]:
    """The draft fields worth a person's time for this phase and channel: those the
    template shows and those the gates read, in the draft's order."""
    shown = templates[(phase, channel(channel_name).name)].placeholders()
    gated = GATED_FIELDS.get(Phase(phase), ())
    return [
        name
        for name, placeholder in FIELD_PLACEHOLDERS.items()
        if placeholder in shown or name in gated
    ]


def count_sentences(text: str) -> int:
    return len([s for s in re.split(r"[.!?]+(?:\s+|$)", text.strip()) if s.strip()])


def _filled(value: str) -> bool:
    return bool(value.strip())


def _assessment(detail: IncidentDetail) -> CheckItem:
    done = progress(detail.answers)
    still_open = ", ".join(f"{q.number} {q.slug}" for q in done.open_questions)
    return CheckItem(
        Check.ASSESSMENT,
        f"Assessment {done}" + (f" — open: {still_open}" if still_open else ""),
        done.complete,
        True,
        "answer them in the assessment checklist or with warroom assess KEY N ANSWER",
    )


def _completeness(detail: IncidentDetail, phase: str, draft: Draft) -> list[CheckItem]:
    """The handbook's five questions every follow-up must answer."""
    resolved = detail.incident.status == Status.RESOLVED.value
    items = [
        CheckItem(
            Check.IMPACT, "1 Impact on customers", _filled(draft.impact), True, "field impact"
        ),
        CheckItem(
            Check.AFFECTED,
            "2 Internal and external customers affected",
            _filled(draft.internal_affected) and _filled(draft.external_affected),
            True,
            "fields internal_affected and external_affected",
        ),
        CheckItem(
            Check.ROOT_CAUSE,
            "3 Root cause, or 'unknown'",
            _filled(draft.root_cause),
            True,
            "field root_cause; write 'unknown' if it is not known yet",
        ),
    ]
    if phase == Phase.RESOLUTION:
        return [
            *items,
            CheckItem(
                Check.RECOVERY,
                "4 Recovery: when the impact ended",
                resolved,
                True,
                "resolve the incident first (in the console, or warroom resolve KEY --ended TIME)",
            ),
            CheckItem(Check.NEXT_UPDATE, "5 Next update: none, it is resolved", True, True, ""),
        ]
    return [
        *items,
        CheckItem(
            Check.RECOVERY,
            "4 Expected recovery, or 'unknown'",
            _filled(draft.recovery),
            True,
            "field recovery; write 'unknown' if nobody can say yet",
        ),
        CheckItem(
            Check.NEXT_UPDATE,
            "5 When and how the next update comes",
            _filled(draft.next_update),
            True,
            "field next_update, e.g. 'by 15:30 on this page and by email'",
        ),
    ]


def _format_checks(draft: Draft) -> list[CheckItem]:
    """The handbook's update format; advice rather than a gate."""
    return [
        CheckItem(
            Check.SUMMARY_LENGTH,
            "Summary of 1–2 sentences",
            1 <= count_sentences(draft.summary) <= 2,
            False,
            "field summary",
        ),
        CheckItem(
            Check.CURRENT_STATUS_BULLETS,
            "Current status: 2–4 bullets",
            2 <= len(draft.current_status) <= 4,
            False,
            "field current_status (separate bullets with ;)",
        ),
        CheckItem(
            Check.NEXT_STEPS_BULLETS,
            "Next steps: 2–4 bullets",
            2 <= len(draft.next_steps) <= 4,
            False,
            "field next_steps (separate bullets with ;)",
        ),
    ]
