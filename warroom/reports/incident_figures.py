"""One incident's figures for the report across incidents, each ``None`` when it cannot be
measured (never zero). The definitions, which docs/report.md repeats:

- **TTD** = detected − impact started; unknown while the impact start is.
- **TTR** = impact ended − impact started, to the *final* resolution: reopening clears the
  impact-ended time and resolving again sets it, so a reopened incident's TTR spans both
  fires. Unknown while it is open (or reopened) or its impact start is unknown.
- The response times count from the declaration (``declared_at``, written by the store
  when the record was made, never back-dated): to the first incident manager's holding,
  to the sixth assessment question's first answer, to the first message on each channel.
  Back-dated notes and times move none of them.
- **Cadence**: see ``cadence_kept``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from warroom.comms.cadence import due_after
from warroom.reports.report_read import IncidentRecord, SentAt
from warroom.vocabulary.channels import CHANNEL_NAMES, Phase
from warroom.vocabulary.incident import Status
from warroom.vocabulary.questions import QUESTIONS


@dataclass(frozen=True)
class CadenceKept:
    due: int  # updates that fell due
    kept: int  # of those, sent by the time they were due

    @property
    def share(self) -> float | None:
        return self.kept / self.due if self.due else None

    def __add__(self, other: CadenceKept) -> CadenceKept:
        return CadenceKept(self.due + other.due, self.kept + other.kept)


@dataclass(frozen=True)
class IncidentFigures:
    record: IncidentRecord
    month: str  # the month it was declared, in UTC: "2026-11"
    ttd: timedelta | None
    ttr: timedelta | None
    to_im: timedelta | None
    to_assessment: timedelta | None
    to_first_comms: dict[str, timedelta | None]  # by channel name, every channel
    cadence: CadenceKept
    page_acks: list[timedelta | None]  # per page, in the order paged; None: not acknowledged

    @property
    def key(self) -> str:
        return self.record.key


def month_of(moment: datetime) -> str:
    """Months are UTC months, so a report reads the same in every zone."""
    return moment.astimezone(UTC).strftime("%Y-%m")


def _since(start: datetime | None, end: datetime | None) -> timedelta | None:
    return end - start if start is not None and end is not None else None


def _assessed_at(record: IncidentRecord) -> datetime | None:
    """When the last of the six questions got its first answer; None while one is open."""
    if any(q.slug not in record.first_answers for q in QUESTIONS):
        return None
    return max(record.first_answers[q.slug] for q in QUESTIONS)


def cadence_kept(
    messages: list[SentAt], every: timedelta | None, *, open_until: datetime
) -> CadenceKept:
    """Updates that fell due on each channel, and how many were sent in time.

    Once a message has gone out on a channel, the next is due by the time it promised
    ("next update by 14:30"), else by its time plus the severity's cadence (``every``).
    Each later message on that channel (update or resolution) answers it, and is kept if
    sent no later than due. A resolution message owes nothing after it. After the last
    message on a channel, an update whose due time passed before ``open_until`` (the impact
    ended, or now for an open incident) with nothing sent was missed: due, not kept.
    """
    by_channel: dict[str, list[SentAt]] = {}
    for message in sorted(messages, key=lambda m: m.sent_at):
        by_channel.setdefault(message.channel, []).append(message)
    due = kept = 0
    for sent in by_channel.values():
        for before, after in pairwise(sent):
            owed = _owed_after(before, every)
            if owed is not None:
                due += 1
                kept += after.sent_at <= owed
        owed = _owed_after(sent[-1], every)
        if owed is not None and owed < open_until:
            due += 1
    return CadenceKept(due, kept)


def _owed_after(message: SentAt, every: timedelta | None) -> datetime | None:
    if message.phase == Phase.RESOLUTION.value:
        return None
    return due_after(message.fields, message.sent_at, every)


def figures_of(record: IncidentRecord, every: timedelta | None, now: datetime) -> IncidentFigures:
    """``every``: the cadence of the incident's severity (None if the catalog has none)."""
    resolved = record.status == Status.RESOLVED.value
    # Resolved only: reopening clears the impact-ended time; a store from before it did
    # may still hold one on an open incident.
    ended = record.resolved_at if resolved else None
    first_sent: dict[str, datetime] = {}
    for message in record.messages:
        first_sent[message.channel] = min(
            first_sent.get(message.channel, message.sent_at), message.sent_at
        )
    return IncidentFigures(
        record=record,
        month=month_of(record.declared_at),
        ttd=_since(record.impact_started_at, record.detected_at),
        ttr=_since(record.impact_started_at, ended),
        to_im=_since(record.declared_at, record.im_took_it_at),
        to_assessment=_since(record.declared_at, _assessed_at(record)),
        to_first_comms={
            name: _since(record.declared_at, first_sent.get(name)) for name in CHANNEL_NAMES
        },
        cadence=cadence_kept(record.messages, every, open_until=ended or now),
        page_acks=[_since(page.paged_at, page.acked_at) for page in record.pages],
    )
