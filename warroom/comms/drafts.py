"""What a person writes for a message, and where a new draft starts.

The console's drafter and ``warroom draft`` / ``warroom send`` start from the same place:
the phase the incident is at, the first channel that phase has not gone out on yet, and
the latest words already written for it, so nobody retypes the same facts every update.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict

from warroom.base.errors import InvalidInput
from warroom.process.read import IncidentDetail, unsent_channels
from warroom.vocabulary.channels import CHANNELS, Audience, PageStatus, Phase, channel, page_status
from warroom.vocabulary.draft_fields import FIELDS
from warroom.vocabulary.incident import Status


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
    customer_text: str = ""  # the external status page's own words, never the team's summary
    page_status: str = ""  # vocabulary.channels.PageStatus; empty: follows the facts


BULLET_FIELDS = ("current_status", "next_steps")


def split_bullets(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def as_text(draft: Draft, name: str) -> str:
    """A field as a person types it: bullets joined with ``; ``."""
    value = getattr(draft, name)
    return "; ".join(value) if isinstance(value, tuple) else str(value)


def with_fields(draft: Draft, values: Mapping[str, str]) -> Draft:
    """Set fields from text (bullets separated by ``;``); unknown names are refused."""
    changes: dict[str, object] = {}
    for name, value in values.items():
        if name not in FIELDS:
            raise InvalidInput("field", f"{name!r} is not a field; use {', '.join(FIELDS)}")
        if name == "page_status" and value.strip():
            value = page_status(value).value
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


# --- where a draft starts ------------------------------------------------------------------


def starting_phase(detail: IncidentDetail) -> Phase:
    """Initial comms until they have gone out on every channel; then updates; once
    resolved, the resolution."""
    if detail.incident.status == Status.RESOLVED.value:
        return Phase.RESOLUTION
    if unsent_channels(detail, Phase.INITIAL):
        return Phase.INITIAL
    return Phase.UPDATE


def starting_channel(detail: IncidentDetail, phase: Phase) -> str:
    """The first channel this phase still has to go out on (the first one if all have)."""
    return next(iter(unsent_channels(detail, phase)), CHANNELS[0].name)


# Words written for one audience: they never carry over to a channel with another one, so
# what the team wrote for itself cannot reach customers unread.
# The next update too: "by 06:10 by email" is no promise to a status page's readers.
AUDIENCE_FIELDS = (
    "summary",
    "current_status",
    "next_steps",
    "next_update",
    "customer_text",
    "page_status",
)


def shown_page_status(draft: Draft, phase: Phase) -> PageStatus:
    """The status-page status a message shows: the one chosen, else what the facts say (a
    resolution is resolved; a known root cause is identified; else investigating)."""
    if draft.page_status:
        return page_status(draft.page_status)
    if phase is Phase.RESOLUTION:
        return PageStatus.RESOLVED
    return PageStatus.IDENTIFIED if root_cause_known(draft) else PageStatus.INVESTIGATING


def root_cause_known(draft: Draft) -> bool:
    return draft.root_cause.strip().lower() not in ("", "unknown", "not known", "unknown yet")


def starting_draft(
    detail: IncidentDetail,
    phase: Phase,
    channel_name: str,
    unsent: Mapping[str, Draft] | None = None,
) -> Draft:
    """The latest words on this phase: an unsent draft for it (by channel, from the
    console), else the last message sent in it, else (for a resolution) the last update,
    else what the assessment says. The facts come from the latest of these; the words
    for an audience only from a channel with the same audience."""
    candidates = _earlier_words(detail, phase, unsent or {})
    facts = candidates[0][2] if candidates else suggested_draft(detail)
    audience = channel(channel_name).audience
    # The words come from this phase only: an update's "we are restoring service" must not
    # start a resolution that says it is resolved.
    same = next(
        (
            d
            for name, said_in, d in candidates
            if channel(name).audience is audience and said_in is phase
        ),
        Draft(),
    )
    words = {field: getattr(same, field) for field in AUDIENCE_FIELDS}
    if audience is Audience.EXTERNAL and phase is Phase.UPDATE:
        # Customers' words start from the impact (the first post keeps the handbook's line;
        # a resolution is written afresh, in the past tense).
        words["customer_text"] = words["customer_text"] or facts.impact
    return facts.model_copy(update=words)


def _earlier_words(
    detail: IncidentDetail, phase: Phase, unsent: Mapping[str, Draft]
) -> list[tuple[str, Phase, Draft]]:
    """(channel, phase said in, draft) newest first: unsent drafts, then messages sent in
    this phase (a resolution also falls back on the updates, for the facts)."""
    found = [(name, phase, draft) for name, draft in unsent.items()]
    for wanted in (phase, Phase.UPDATE) if phase is Phase.RESOLUTION else (phase,):
        found += [
            (sent.message.channel, wanted, Draft.model_validate_json(sent.message.fields))
            for sent in reversed(detail.messages)
            if sent.message.phase == wanted.value
        ]
    return found


def suggested_draft(detail: IncidentDetail) -> Draft:
    """Start from what the assessment already says, so nobody types it twice."""
    answers = detail.answers
    impact = answers["impact"].answer if "impact" in answers else ""
    affected = answers["how_many"].answer if "how_many" in answers else ""
    return Draft(impact=impact, external_affected=affected)
