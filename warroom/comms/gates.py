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
from datetime import datetime, timedelta

from warroom.base.localtime import local_text
from warroom.comms.checks import Check, CheckItem
from warroom.comms.completeness import FIELDS_READ, completeness
from warroom.comms.drafts import Draft, shown_page_status
from warroom.comms.promise import promised_time
from warroom.comms.render import FIELD_PLACEHOLDERS, placeholder_values, render
from warroom.config.templates import Templates
from warroom.process.read import IncidentDetail
from warroom.vocabulary.channels import Gate, PageStatus, Phase, channel
from warroom.vocabulary.incident import Status
from warroom.vocabulary.questions import progress

__all__ = ["Check", "CheckItem", "Prepared", "fields_asked", "prepare"]


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
    update_every: timedelta | None = None,
) -> Prepared:
    """Render the message exactly as it would go out, and check it against every gate.
    ``update_every``: the severity's cadence, which a promised next update should keep."""
    on, stage = channel(channel_name), Phase(phase)
    template = templates[(phase, on.name)]
    values = placeholder_values(detail, stage, draft, now)
    title, body = render(template.title, values), render(template.body, values)
    resolved = detail.incident.status == Status.RESOLVED.value
    checks: list[CheckItem] = []
    if stage is Phase.INITIAL:
        checks.append(_assessment(detail))
    else:
        text = f"{title}\n{body}"
        checks += completeness(stage, on.audience, draft, values, text, resolved=resolved)
        if stage is Phase.UPDATE and Gate.UPDATE_FORMAT in on.gates:
            checks += _format_checks(draft)
    if stage is Phase.UPDATE and draft.next_update.strip():
        checks.append(_promise(draft.next_update, now, update_every))
    if "page_status" in template.placeholders():
        checks.append(_page_status(draft, stage))
    if stage is Phase.RESOLUTION:
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
    if Gate.SHORT_TEXT in on.gates and draft.customer_text.strip():
        sentences = count_sentences(draft.customer_text)
        checks.append(
            CheckItem(
                Check.SHORT,
                f"Customer text is short ({sentences} sentence{'s' if sentences != 1 else ''})",
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


def fields_asked(templates: Templates, phase: str, channel_name: str) -> list[str]:
    """The draft fields worth a person's time for this phase and channel: those the
    template shows and those the gates read, in the draft's order."""
    on = channel(channel_name)
    shown = templates[(phase, on.name)].placeholders()
    gated = FIELDS_READ.get((Phase(phase), on.audience), ())
    return [
        name
        for name, placeholder in FIELD_PLACEHOLDERS.items()
        if placeholder in shown or name in gated
    ]


def count_sentences(text: str) -> int:
    return len([s for s in re.split(r"[.!?]+(?:\s+|$)", text.strip()) if s.strip()])


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


def _promise(next_update: str, now: datetime, update_every: timedelta | None) -> CheckItem:
    """Advice: the countdown follows the time a message promises, so that time should keep
    the severity's cadence; a promise with no time leaves the countdown on the cadence."""
    promised = promised_time(next_update, now)
    due = now + update_every if update_every else None
    if promised is None:
        at = f" (by {_clock(due)})" if due else ""
        return CheckItem(
            Check.PROMISE,
            "Next update names a time",
            False,
            False,
            f"no time read in it; the countdown follows the cadence{at}",
        )
    if due is not None and promised > due:
        return CheckItem(
            Check.PROMISE,
            f"Next update promised for {_clock(promised)}",
            False,
            False,
            f"later than the severity's cadence allows ({_clock(due)})",
        )
    return CheckItem(
        Check.PROMISE,
        f"Next update promised for {_clock(promised)} (the countdown keeps the earliest promise)",
        True,
        False,
        "",
    )


def _page_status(draft: Draft, phase: Phase) -> CheckItem:
    """A status page says Resolved only when it is, and only then."""
    status = shown_page_status(draft, phase)
    wanted_resolved = phase is Phase.RESOLUTION
    ok = (status is PageStatus.RESOLVED) == wanted_resolved
    chosen = "chosen" if draft.page_status else "from the facts"
    fix = (
        "a resolution's status is resolved"
        if wanted_resolved
        else "resolved is for the resolution; choose investigating, identified or monitoring"
    )
    return CheckItem(Check.PAGE_STATUS, f"Status {status.label} ({chosen})", ok, True, fix)


def _clock(moment: datetime | None) -> str:
    return local_text(moment, "%H:%M", empty="")
