"""The handbook's five completeness questions, checked against the text that goes out.

An item is ticked only when the message a reader gets answers it: the field is filled
*and* its words are in the rendered title or body. So a template that leaves a placeholder
out (an organisation's own, or a channel's short one) cannot pass an item on a value
nobody will read. Each channel answers the questions for its own readers: the team reads
the root cause and both counts; customers read the status-page status, their own count,
when it will be fixed and when they will hear next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warroom.comms.checks import Check, CheckItem
from warroom.comms.drafts import Draft, root_cause_known, shown_page_status
from warroom.vocabulary.channels import Audience, PageStatus, Phase

_NO_FURTHER_UPDATES = re.compile(r"\bno (further|more) updates\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Question:
    check: Check
    label: str
    filled: bool  # the person answered it
    evidence: tuple[str | re.Pattern[str], ...]  # what the reader must find in the text
    fix: str  # where to answer it


def completeness(
    phase: Phase,
    audience: Audience,
    draft: Draft,
    values: dict[str, str],
    text: str,
    *,
    resolved: bool,
) -> list[CheckItem]:
    """The five items for this phase and audience, each ticked only if the text says it."""
    questions = (
        _for_customers(phase, draft, values, resolved)
        if audience is Audience.EXTERNAL
        else _for_the_team(phase, draft, values, resolved)
    )
    return [_checked(q, text) for q in questions]


def _checked(question: _Question, text: str) -> CheckItem:
    if not question.filled:
        return CheckItem(question.check, question.label, False, True, question.fix)
    absent = [e for e in question.evidence if not _says(text, e)]
    if absent:
        shown = ", ".join(repr(e if isinstance(e, str) else e.pattern) for e in absent)
        fix = f"the template does not show it: {shown}"
        return CheckItem(question.check, question.label, False, True, fix)
    return CheckItem(question.check, question.label, True, True, "")


def _says(text: str, evidence: str | re.Pattern[str]) -> bool:
    if isinstance(evidence, re.Pattern):
        return evidence.search(text) is not None
    return bool(evidence.strip()) and evidence in text


def _filled(value: str) -> bool:
    return bool(value.strip())


def _for_the_team(
    phase: Phase, draft: Draft, values: dict[str, str], resolved: bool
) -> list[_Question]:
    questions = [
        _Question(
            Check.IMPACT,
            "1 Impact on customers",
            _filled(draft.impact),
            (values["impact"],),
            "field impact",
        ),
        _Question(
            Check.AFFECTED,
            "2 Internal and external customers affected",
            _filled(draft.internal_affected) and _filled(draft.external_affected),
            (values["internal_affected"], values["external_affected"]),
            "fields internal_affected and external_affected",
        ),
        _Question(
            Check.ROOT_CAUSE,
            "3 Root cause, or 'unknown'",
            _filled(draft.root_cause),
            (values["root_cause"],),
            "field root_cause; write 'unknown' if it is not known yet",
        ),
    ]
    if phase is Phase.RESOLUTION:
        return [*questions, *_resolution_end(values, resolved, _NO_FURTHER_UPDATES)]
    return [*questions, *_update_end(draft, values)]


def _for_customers(
    phase: Phase, draft: Draft, values: dict[str, str], resolved: bool
) -> list[_Question]:
    status = shown_page_status(draft, phase)
    consistent = status is not PageStatus.IDENTIFIED or root_cause_known(draft)
    over = phase is Phase.RESOLUTION
    questions = [
        _Question(
            Check.IMPACT,
            "1 Impact, in words for customers",
            _filled(draft.customer_text),
            (values["customer_text"],),
            "field customer_text: what customers could not do, now that it is over"
            if over
            else "field customer_text: what customers see, in their words",
        ),
        _Question(
            Check.AFFECTED,
            "2 Customers affected",
            _filled(draft.external_affected),
            (values["external_affected"],),
            "field external_affected",
        ),
        _Question(
            Check.ROOT_CAUSE,
            "3 Root cause: left to the postmortem; the status says Resolved"
            if over
            else f"3 Root cause, told by the status: {status.label}",
            _filled(draft.root_cause) and consistent,
            (status.label,),
            "field root_cause ('unknown' if not known yet)"
            if consistent
            else "the status says Identified but the root cause is unknown: write the "
            "root cause, or choose the status investigating",
        ),
    ]
    if over:
        return [*questions, *_resolution_end(values, resolved, PageStatus.RESOLVED.label)]
    return [*questions, *_update_end(draft, values)]


def _update_end(draft: Draft, values: dict[str, str]) -> list[_Question]:
    return [
        _Question(
            Check.RECOVERY,
            "4 Expected recovery, or 'unknown'",
            _filled(draft.recovery),
            (values["recovery"],),
            "field recovery; write 'unknown' if nobody can say yet",
        ),
        _Question(
            Check.NEXT_UPDATE,
            "5 When and how the next update comes",
            _filled(draft.next_update),
            (values["next_update"],),
            "field next_update, e.g. 'by 15:30 on this page and by email'",
        ),
    ]


def _resolution_end(
    values: dict[str, str], resolved: bool, last_word: str | re.Pattern[str]
) -> list[_Question]:
    return [
        _Question(
            Check.RECOVERY,
            "4 Recovery: when the impact ended",
            resolved,
            (values["impact_ended"],),
            "resolve the incident first (in the console, or warroom resolve KEY --ended TIME)",
        ),
        _Question(
            Check.NEXT_UPDATE,
            "5 Next update: none, it is resolved",
            True,
            (last_word,),
            "",
        ),
    ]


# The draft fields each phase's questions read, by audience: the drafter asks for these
# (and for whatever the template shows).
FIELDS_READ = {
    (Phase.UPDATE, Audience.INTERNAL): (
        "impact",
        "internal_affected",
        "external_affected",
        "root_cause",
        "recovery",
        "next_update",
    ),
    (Phase.RESOLUTION, Audience.INTERNAL): (
        "impact",
        "internal_affected",
        "external_affected",
        "root_cause",
    ),
    (Phase.UPDATE, Audience.EXTERNAL): (
        "customer_text",
        "page_status",
        "external_affected",
        "root_cause",
        "recovery",
        "next_update",
    ),
    (Phase.RESOLUTION, Audience.EXTERNAL): ("customer_text", "external_affected", "root_cause"),
}
