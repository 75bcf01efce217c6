"""A postmortem as JSON (schema in ``docs/postmortem.md``): the incident with the field
names of ``warroom show --json`` (durations in seconds), and the postmortem beside it."""

from __future__ import annotations

import json
from typing import Any

from warroom.base.text import escaped_code
from warroom.reports.export import detail_to_dict
from warroom.reports.incident_data import iso
from warroom.reports.postmortem import PostmortemReport
from warroom.vocabulary.postmortem import SECTIONS

SCHEMA = "warroom-postmortem/1"


def postmortem_to_dict(report: PostmortemReport) -> dict[str, Any]:
    view, record = report.view, report.view.record
    sections = []
    for section in SECTIONS:
        entry: dict[str, Any] = {"section": section.slug, "title": section.title}
        entry["written"] = section.written
        if section.written:
            saved = view.texts.get(section.slug)
            entry |= {
                "text": saved.text if saved else "",
                "revision": saved.id if saved else None,
                "written_by": saved.written_by if saved else None,
                "written_at": iso(saved.written_at) if saved else None,
            }
        sections.append(entry)
    return {
        "state": view.state.value,
        "started_by": record.started_by if record else None,
        "started_at": iso(record.started_at) if record else None,
        "submitted_by": (record.submitted_by or None) if record else None,
        "submitted_at": iso(record.submitted_at) if record else None,
        "approved_by": (record.approved_by or None) if record else None,
        "approved_at": iso(record.approved_at) if record else None,
        "sections": sections,
        "blame_flags": [
            {
                "section": f.section,
                "rule": f.rule,
                "words": f.words,
                "why": f.why,
                "accepted": f.accepted,
            }
            for f in report.flags
        ],
        "theories": [
            {
                "entry": t.theory.id,
                "verdict": t.outcome.value,
                "settled_by_experiment": t.verdict.experiment_id if t.verdict else None,
                "experiments": [e.id for e in t.experiments],
            }
            for t in report.theories
        ],
        "related": [{"key": r.key, "summary": r.summary} for r in report.related],
    }


def as_json(report: PostmortemReport) -> str:
    data = {
        "schema": SCHEMA,
        **detail_to_dict(report.detail, report.now, history=report.history),
        "postmortem": postmortem_to_dict(report),
    }
    return escaped_code(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
