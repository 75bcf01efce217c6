"""Plain-text views for the command line. Text is printed as stored, through
``base.text.safe``: control characters cannot move the terminal's cursor."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from warroom.base.counts import say_count
from warroom.base.durations import duration_or_dash, format_duration
from warroom.base.localtime import local_text
from warroom.base.text import safe
from warroom.process.incident_row import IncidentRow
from warroom.process.metrics import time_to_detect, time_to_recover
from warroom.process.queries import entry_text
from warroom.process.read import ActionRow, IncidentDetail
from warroom.store.models import ActionItem, TimelineEdit
from warroom.vocabulary.incident import Status
from warroom.vocabulary.questions import QUESTIONS, progress


def local(moment: datetime | None) -> str:
    return local_text(moment)  # a time the local zone cannot hold is shown in UTC


def format_rows(rows: list[IncidentRow], now: datetime, *, resolved_hidden: int = 0) -> str:
    """``resolved_hidden``: resolved incidents left out of a list of open ones."""
    if not rows and resolved_hidden:
        return f"No open incidents; {resolved_hidden} resolved. See them with: warroom list --all"
    if not rows:
        return "No incidents. Declare one with: warroom declare --summary TEXT --severity N"
    lines = []
    for row in rows:
        # Open: how long it has been going on; resolved: how long the impact lasted.
        age = format_duration((row.resolved_at or now) - (row.impact_started_at or row.declared_at))
        im = row.incident_manager or "no IM"
        drill = " [drill]" if row.training else ""
        lines.append(
            f"{row.key:<10} sev{row.severity} {row.status:<8} {age:>8}  {safe(im):<16} "
            f"{safe(row.summary)}{drill}{items_left(row)}"
        )
    return "\n".join(lines)


def items_left(row: IncidentRow) -> str:
    """After the fire, what is still to do: `` · 3 open items (1 overdue)`` on a resolved
    incident with items not done; nothing otherwise (an open one is still being fought)."""
    if row.status != Status.RESOLVED.value or not row.open_items:
        return ""
    overdue = f" ({row.overdue_items} overdue)" if row.overdue_items else ""
    return f" · {row.open_items} open item{'s' if row.open_items != 1 else ''}{overdue}"


def _action_line(item: ActionRow | ActionItem, now: datetime, key: str | None = None) -> str:
    """``   3 HOT-1      open cleanup   dev              due 2026-11-26 16:00  remove the flag``
    (without a key when the incident is known)."""
    if item.done:
        by = f" by {safe(item.done_by)}" if item.done_by else ""
        state, when = "done", f"done {local(item.done_at)}{by}"
    else:
        state, when = "open", f"due {local(item.due_at)}" if item.due_at else ""
    late = " [overdue]" if not item.done and item.due_at and item.due_at < now else ""
    where = f" {key:<10}" if key else ""
    priority = "" if item.priority == "normal" else f"[{item.priority}] "
    link = f" <{safe(item.link)}>" if item.link else ""
    return (
        f"{item.id:>4}{where} {state:<4} {item.kind:<9} {safe(item.owner) or 'no owner':<16} "
        f"{when:<20}  {priority}{safe(item.text)}{link}{late}"
    )


def format_actions(
    rows: list[ActionRow], now: datetime, *, key: str | None = None, done_hidden: int = 0
) -> str:
    """Action items, one a line, each with its id (for ``warroom action done ID``).
    ``key``: the incident asked for, if one; ``done_hidden``: done items left out."""
    on = f" on {key}" if key else ""
    if not rows and done_hidden:
        return (
            f"No open action items{on}; {done_hidden} done. "
            f"See them with: warroom actions{' ' + key if key else ''}"
        )
    if not rows:
        return f"No action items{on}. Add one with: warroom action add {key or 'KEY'} TEXT"
    return "\n".join(_action_line(r, now, r.key) for r in rows)


def format_detail(
    detail: IncidentDetail,
    now: datetime,
    *,
    history: Mapping[int, list[TimelineEdit]] | None = None,
) -> str:
    """``history``: earlier texts of edited notes, by entry id, to show under each."""
    i = detail.incident
    ttd, ttr = time_to_detect(i), time_to_recover(i)
    lines = [
        f"{i.key} · Sev {i.severity} · {i.status} · {safe(i.summary)}",
        f"  service: {safe(i.service)}   products: {safe(', '.join(detail.products)) or '—'}",
        f"  IM: {safe(detail.incident_manager or '—')}   chat: {safe(i.chat_room)}"
        f"   video: {safe(i.video_link) or '—'}   doc: {safe(i.status_doc_link) or '—'}",
        f"  impact started {local(i.impact_started_at)} · detected {local(i.detected_at)}"
        f" · impact ended {local(i.resolved_at)}",
        f"  TTD {duration_or_dash(ttd)} · TTR {duration_or_dash(ttr)}"
        f" · support cases {say_count(i.support_cases)}",
    ]
    if i.description:
        lines.append(f"  {safe(i.description)}")
    lines.append("Roles:")
    for h in detail.holdings:
        on = format_duration(h.time_on_incident(now))
        lines.append(f"  {h.role}: {safe(h.person)} (since {local(h.assumed_at)}, {on} on it)")
    lines.append(f"Assessment {progress(detail.answers)}:")
    for q in QUESTIONS:
        given = detail.answers.get(q.slug)
        lines.append(f"  {q.number}. {q.text}  → {safe(given.answer) if given else '(open)'}")
    if detail.actions:
        lines.append("Action items:")
        lines += [f"  {_action_line(a, now).lstrip()}" for a in detail.actions]
    lines.append("Timeline:")
    for e in detail.timeline:
        edited = " (edited)" if e.edited else ""
        lines.append(
            f"  #{e.id} {local(e.occurred_at)} [{e.kind}] {safe(e.author)}:"
            f" {safe(entry_text(e))}{edited}"
        )
        if e.undo:
            lines.append(f"      undo: {safe(e.undo)}")
        for was in (history or {}).get(e.id or 0, []):
            lines.append(
                f"      replaced {local(was.edited_at)} by {safe(was.edited_by)}; it read:"
                f" {safe(was.previous_text)}"
            )
    return "\n".join(lines)
