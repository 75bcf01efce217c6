"""Incidents as plain data (for ``--json`` and for reports). Times in ISO 8601 UTC."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from warroom.process.metrics import time_to_detect, time_to_recover
from warroom.process.queries import entry_text
from warroom.process.read import ActionRow, IncidentDetail
from warroom.reports.incident_data import iso
from warroom.store.models import TimelineEdit, TimelineEntry
from warroom.vocabulary.questions import QUESTIONS, progress


def _fact(entry: TimelineEntry) -> dict[str, Any] | None:
    """A system entry as data, for scripts and reports; None for a person's note."""
    if not entry.fact:
        return None
    return {"kind": entry.fact, "values": json.loads(entry.fact_values)}


def action_to_dict(row: ActionRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "incident": row.key,
        "kind": row.kind,
        "text": row.text,
        "owner": row.owner,
        "done": row.done,
        "due_at": iso(row.due_at),
        "created_by": row.created_by,
        "created_at": iso(row.created_at),
        "done_at": iso(row.done_at),
        "done_by": row.done_by or None,
        "priority": row.priority,
        "link": row.link or None,
    }


def detail_to_dict(
    detail: IncidentDetail,
    now: datetime,
    *,
    history: Mapping[int, list[TimelineEdit]] | None = None,
) -> dict[str, Any]:
    """``history``: earlier texts of edited notes, by entry id, added to each entry."""
    incident = detail.incident
    ttd, ttr = time_to_detect(incident), time_to_recover(incident)
    answered = progress(detail.answers)
    return {
        "key": incident.key,
        "summary": incident.summary,
        "description": incident.description,
        "severity": incident.severity,
        "status": incident.status,
        "service": incident.service,
        "products": detail.products,
        "incident_manager": detail.incident_manager,
        "training": incident.training,
        "channels": {
            "chat_room": incident.chat_room,
            "video_link": incident.video_link,
            "status_doc_link": incident.status_doc_link,
        },
        "impact_started_at": iso(incident.impact_started_at),
        "detected_at": iso(incident.detected_at),
        "resolved_at": iso(incident.resolved_at),
        "declared_at": iso(incident.declared_at),
        "declared_by": incident.declared_by,
        "support_cases": incident.support_cases,
        "ttd_seconds": ttd.total_seconds() if ttd is not None else None,
        "ttr_seconds": ttr.total_seconds() if ttr is not None else None,
        "roles": [
            {
                "role": h.role,
                "person": h.person,
                "since": iso(h.assumed_at),
                "on_incident_seconds": h.time_on_incident(now).total_seconds(),
            }
            for h in detail.holdings
        ],
        "role_history": [
            {
                "role": r.role,
                "person": r.person,
                "assumed_at": iso(r.assumed_at),
                "relieved_at": iso(r.relieved_at),
                "assigned_by": r.assigned_by,
            }
            for r in detail.role_history
        ],
        "assessment": {
            "progress": str(answered),
            "answers": [
                {
                    "number": q.number,
                    "question": q.slug,
                    "text": q.text,
                    "answer": detail.answers[q.slug].answer if q.slug in detail.answers else None,
                    "by": detail.answers[q.slug].answered_by if q.slug in detail.answers else None,
                }
                for q in QUESTIONS
            ],
        },
        "timeline": [
            {
                "id": e.id,
                "kind": e.kind,
                "at": iso(e.occurred_at),
                "recorded_at": iso(e.recorded_at),
                "author": e.author,
                "text": entry_text(e),
                "fact": _fact(e),
                "undo": e.undo or None,
                "edited": e.edited,
                **(
                    {"history": [_earlier(was) for was in history.get(e.id or 0, [])]}
                    if history is not None
                    else {}
                ),
            }
            for e in detail.timeline
        ],
        "pages": [
            {
                "id": p.id,
                "team": p.team,
                "person": p.person,
                "reason": p.reason,
                "at": iso(p.paged_at),
                "state": p.state,
                "acked_by": p.acked_by or None,
                "acked_at": iso(p.acked_at),
            }
            for p in detail.pages
        ],
        "messages": [
            {
                "id": sent.message.id,
                "phase": sent.message.phase,
                "channel": sent.message.channel,
                "title": sent.message.title,
                "body": sent.message.body,
                "sent_at": iso(sent.message.sent_at),
                "sent_by": sent.message.sent_by,
                "reviewed_by": sent.message.reviewed_by or None,
                "checklist": json.loads(sent.message.checklist),
                "deliveries": [
                    {
                        "id": d.id,
                        "adapter": d.adapter,
                        "status": d.status,
                        "attempts": d.attempts,
                        "detail": d.detail,
                        "last_attempt_at": iso(d.last_attempt_at),
                    }
                    for d in sent.deliveries
                ],
            }
            for sent in detail.messages
        ],
        "action_items": [
            {
                "id": a.id,
                "text": a.text,
                "owner": a.owner,
                "kind": a.kind,
                "done": a.done,
                "due_at": iso(a.due_at),
                "priority": a.priority,
                "link": a.link or None,
                "done_by": a.done_by or None,
            }
            for a in detail.actions
        ],
    }


def _earlier(was: TimelineEdit) -> dict[str, Any]:
    return {
        "text": was.previous_text,
        "undo": was.previous_undo or None,
        "replaced_at": iso(was.edited_at),
        "replaced_by": was.edited_by,
    }
