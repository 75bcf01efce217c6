"""A postmortem laid out as a document: each section's parts (prose, tables, lists) as plain
data, so Markdown, HTML and the console draw the same content. Every text here is as
stored; the renderers escape it for their format. Times are UTC: a postmortem is read in
many zones."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from warroom.base.counts import say_count
from warroom.base.durations import duration_or_dash, format_duration
from warroom.process.metrics import time_to_detect, time_to_recover
from warroom.process.queries import entry_text
from warroom.reports.postmortem import PostmortemReport
from warroom.store.models import TimelineEntry
from warroom.vocabulary.postmortem import SECTIONS, ReviewState, Section
from warroom.vocabulary.questions import QUESTIONS


@dataclass(frozen=True)
class Prose:
    text: str  # may hold several lines and paragraphs


@dataclass(frozen=True)
class Missing:
    what: str  # "Not written yet." and the like: the document's words, not stored text


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


@dataclass(frozen=True)
class Items:
    items: list[str]
    nested: list[list[str]] = field(default_factory=list)  # under each item, if any


@dataclass(frozen=True)
class Heading:
    title: str


Part = Prose | Missing | Table | Items | Heading


@dataclass(frozen=True)
class Document:
    title: str
    facts: list[tuple[str, str]]  # the review's state and the incident at a glance
    sections: list[tuple[Section, list[Part]]]


def utc(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "—"


def _took(start: datetime | None, end: datetime | None) -> str:
    return format_duration(end - start) if start is not None and end is not None else "—"


def _review(report: PostmortemReport) -> str:
    record = report.view.record
    if record is None:
        return "not begun"
    if record.state == ReviewState.APPROVED.value:
        return f"approved by {record.approved_by}, {utc(record.approved_at)}"
    if record.state == ReviewState.IN_REVIEW.value:
        return f"in review since {utc(record.submitted_at)}, author {record.submitted_by}"
    return f"draft, begun by {record.started_by}"


def _line(entry: TimelineEntry) -> str:
    return f"{utc(entry.occurred_at)} · {entry.author}: {entry_text(entry)}"


def _summary(report: PostmortemReport) -> list[Part]:
    incident = report.detail.incident
    parts: list[Part] = [Prose(incident.summary)]
    if incident.description:
        parts.append(Prose(incident.description))
    products = ", ".join(report.detail.products) or "—"
    parts.append(
        Table(
            ("field", "value"),
            [
                ("Severity", f"Sev {incident.severity}"),
                ("Products", products),
                ("Service at fault", incident.service),
                ("Declared by", incident.declared_by),
                ("Training", "yes" if incident.training else "no"),
            ],
        )
    )
    return parts


def _times(report: PostmortemReport) -> list[Part]:
    incident = report.detail.incident
    ttd, ttr = time_to_detect(incident), time_to_recover(incident)
    return [
        Table(
            ("moment", "UTC"),
            [
                ("Impact started", utc(incident.impact_started_at)),
                ("Detected", utc(incident.detected_at)),
                ("Declared", utc(incident.declared_at)),
                ("Resolved (impact ended)", utc(incident.resolved_at)),
                ("TTD (detected − impact started)", duration_or_dash(ttd)),
                ("TTR (impact ended − impact started)", duration_or_dash(ttr)),
            ],
        )
    ]


def _impact(report: PostmortemReport) -> list[Part]:
    detail = report.detail
    rows = [
        (q.text, detail.answers[q.slug].answer if q.slug in detail.answers else "—")
        for q in QUESTIONS
        if q.slug in ("impact", "seeing", "how_many")
    ]
    rows.append(("Support cases", say_count(detail.incident.support_cases)))
    said: dict[str, str] = {}
    for sent in detail.messages:  # the latest message to say it counts
        fields = json.loads(sent.message.fields)
        for name in ("internal_affected", "external_affected"):
            if isinstance(fields.get(name), str) and fields[name].strip():
                said[name] = fields[name]
    rows.append(("Internal customers affected (comms)", said.get("internal_affected", "—")))
    rows.append(("External customers affected (comms)", said.get("external_affected", "—")))
    return [Table(("asked", "answered"), rows)]


def _response(report: PostmortemReport) -> list[Part]:
    detail = report.detail
    roles = [(r.role, r.person, utc(r.assumed_at), utc(r.relieved_at)) for r in detail.role_history]
    pages = [
        (
            str(p.id),
            p.team,
            p.person,
            utc(p.paged_at),
            p.state,
            p.acked_by or "—",
            _took(p.paged_at, p.acked_at),
        )
        for p in detail.pages
    ]
    return [
        Heading("Roles"),
        Table(("role", "person", "from", "until"), roles) if roles else Missing("No roles held."),
        Heading("Pages"),
        Table(("page", "team", "person", "paged", "state", "acknowledged by", "after"), pages)
        if pages
        else Missing("Nobody was paged."),
    ]


def _comms(report: PostmortemReport) -> list[Part]:
    messages = report.detail.messages
    if not messages:
        return [Missing("No message was sent.")]
    rows = [
        (
            utc(m.message.sent_at),
            m.message.phase,
            m.message.channel,
            m.message.title,
            m.message.sent_by,
            m.message.reviewed_by or "—",
        )
        for m in messages
    ]
    parts: list[Part] = [Table(("sent", "phase", "channel", "title", "by", "reviewer"), rows)]
    for m in messages:
        parts += [Heading(f"{m.message.phase} · {m.message.channel}"), Prose(m.message.body)]
    return parts


def _review_loop(report: PostmortemReport) -> list[Part]:
    parts: list[Part] = []
    if report.theories:
        parts.append(
            Items(
                [f"{_line(t.theory)} — {t.outcome.value}" for t in report.theories],
                [[_line(e) for e in t.experiments] for t in report.theories],
            )
        )
    else:
        parts.append(Missing("No theory was recorded."))
    parts.append(Heading("Decisions"))
    decisions = [_line(e) for e in report.decisions]
    parts.append(Items(decisions) if decisions else Missing("No decision was recorded."))
    parts.append(Heading("Changes"))
    changes = [
        _line(e) + (f" (undo: {e.undo})" if e.undo else " (no undo recorded)")
        for e in report.changes
    ]
    parts.append(Items(changes) if changes else Missing("No change was recorded."))
    return parts


def _actions(report: PostmortemReport) -> list[Part]:
    actions = report.detail.actions
    if not actions:
        return [Missing("No item yet.")]
    rows = [
        (
            str(a.id),
            a.kind,
            a.priority,
            a.text,
            a.owner or "—",
            utc(a.due_at),
            f"done {utc(a.done_at)}" if a.done else "open",
            a.link or "—",
        )
        for a in actions
    ]
    return [Table(("item", "kind", "priority", "text", "owner", "due", "state", "ticket"), rows)]


def _timeline(report: PostmortemReport) -> list[Part]:
    rows = [(utc(e.occurred_at), e.kind, e.author, entry_text(e)) for e in report.detail.timeline]
    return [Table(("when", "kind", "who", "what"), rows)]


def _written(report: PostmortemReport, section: Section) -> list[Part]:
    text = report.view.text(section.slug)
    parts: list[Part] = [Prose(text) if text.strip() else Missing("Not written yet.")]
    if section.slug == "related" and report.related:
        parts.append(
            Items(
                [
                    f"{r.key}: {r.summary}"
                    if r.summary is not None
                    else f"{r.key}: not in this store"
                    for r in report.related
                ]
            )
        )
    return parts


_FILLED = {
    "summary": _summary,
    "times": _times,
    "impact": _impact,
    "response": _response,
    "comms": _comms,
    "review-loop": _review_loop,
    "actions": _actions,
    "timeline": _timeline,
}


def document(report: PostmortemReport) -> Document:
    incident = report.detail.incident
    facts = [("Incident", incident.key), ("Review", _review(report))]
    if report.open_flags:
        facts.append(("Blame flags", f"{len(report.open_flags)} neither reworded nor accepted"))
    sections = [
        (s, _written(report, s) if s.written else _FILLED[s.slug](report)) for s in SECTIONS
    ]
    return Document(f"Postmortem: {incident.key} — {incident.summary}", facts, sections)
