"""Pages as the command line prints them: text for people, a dict for JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warroom.base.durations import format_duration
from warroom.base.localtime import local_text
from warroom.base.text import one_line, safe
from warroom.comms.paging import Paged
from warroom.process.page_read import NoticeView, PageView
from warroom.reports.incident_data import iso
from warroom.store.models import PageDelivery
from warroom.vocabulary.pages import PageAction, PageState

_TIME = "%H:%M"


def format_pages(
    views: list[PageView], now: datetime, *, key: str | None = None, open_only: bool = False
) -> str:
    """A block per page, newest first: its state and age, whom it waits on and until when,
    then each notice with how each way out went. ``open_only``: only open ones were asked
    for."""
    on = f" for {key}" if key else ""
    if not views and open_only:
        every = f"warroom pages {key}" if key else "warroom pages"
        return f"No open pages{on}: none is waiting for an answer. All: {every}"
    if not views:
        return f"No pages{on}. Page a team with: warroom page {key or 'KEY'} TEAM --reason …"
    return "\n\n".join(_page_block(view, now) for view in views)


def _page_block(view: PageView, now: datetime) -> str:
    page = view.page
    age = format_duration(now - page.paged_at)
    head = f"page {page.id}  {safe(view.key)}  {safe(page.team)}  {page.state}  {age} ago"
    lines = [head, f"  reason: {one_line(page.reason)} (paged by {safe(page.paged_by)})"]
    lines.append("  " + _standing(view, now))
    lines += [_notice_line(notice) for notice in view.notices]
    return "\n".join(lines)


def _standing(view: PageView, now: datetime) -> str:
    """What the page is waiting for, in one line."""
    page = view.page
    if page.state == PageState.ACKNOWLEDGED and page.acked_at is not None:
        return f"acknowledged by {safe(page.acked_by)} at {local_text(page.acked_at, _TIME)}"
    if page.state == PageState.CANCELLED:
        return "cancelled: the incident is resolved"
    if page.state == PageState.UNANSWERED:
        return f"UNANSWERED: every level timed out; acknowledge with: warroom ack {page.id}"
    if page.state == PageState.RECORDED:
        return "a record only: never delivered, never escalated"
    waiting = ", ".join(safe(n.notice.person) for n in view.latest) or safe(page.person)
    due = ""
    if page.due_at is not None:
        left = page.due_at - now
        due = f"; escalates at {local_text(page.due_at, _TIME)}"
        due += f" (in {format_duration(left)})" if left.total_seconds() > 0 else " (due now)"
    return f"waiting on {waiting}{due}; acknowledge with: warroom ack {page.id}"


def _notice_line(view: NoticeView) -> str:
    notice = view.notice
    level = "named" if notice.level == 0 else f"level {notice.level}"
    if notice.round > 1:
        level += f", round {notice.round}"
    ways = "; ".join(_delivery_text(d) for d in view.deliveries)
    return f"  {local_text(notice.sent_at, _TIME)} {safe(notice.person)} ({level}): {ways or '—'}"


def _delivery_text(delivery: PageDelivery) -> str:
    """``pagerduty delivered``; a follow-up says what it told (``pagerduty acknowledge
    delivered``); one not delivered says why."""
    told = "" if delivery.action == PageAction.TRIGGER else f" {delivery.action}"
    why = f" ({safe(delivery.detail)})" if delivery.status != "delivered" else ""
    return f"{delivery.adapter}{told} {delivery.status}{why}"


def paged_text(paged: Paged) -> tuple[str, bool]:
    """What the console says once a page is made: whom it reached, its id, until when they
    have to answer, and every delivery that failed. True with it when one did."""
    page = paged.page
    people = ", ".join(safe(person) for person in paged.notified.people) or safe(page.person)
    text = f"Paged {people} ({safe(page.team)}): page {page.id}"
    if page.due_at is not None:
        text += f", escalates at {local_text(page.due_at, _TIME)} unless acknowledged"
    failed = [(person, attempt) for person, attempt in paged.notified.attempts if not attempt.ok]
    if not failed:
        ways = sorted({attempt.adapter for _, attempt in paged.notified.attempts})
        return f"{text}. Sent by {', '.join(ways)}." if ways else f"{text}.", False
    said = "; ".join(
        f"{attempt.adapter} to {safe(person)}: {safe(attempt.detail)}" for person, attempt in failed
    )
    return f"{text}. ✘ Delivery FAILED — {said}. The tick tries it again after a minute.", True


def page_to_dict(view: PageView) -> dict[str, Any]:
    """One page for ``--json``: times in UTC ISO 8601, as every JSON warroom prints."""
    page = view.page
    return {
        "id": page.id,
        "key": view.key,
        "team": page.team,
        "person": page.person,
        "reason": page.reason,
        "paged_by": page.paged_by,
        "paged_at": iso(page.paged_at),
        "policy": page.policy,
        "state": page.state,
        "step": page.step,
        "due_at": iso(page.due_at),
        "acked_by": page.acked_by or None,
        "acked_at": iso(page.acked_at),
        "closed_at": iso(page.closed_at),
        "notices": [
            {
                "step": n.notice.step,
                "level": n.notice.level,
                "round": n.notice.round,
                "person": n.notice.person,
                "sent_at": iso(n.notice.sent_at),
                "deliveries": [
                    {
                        "id": d.id,
                        "adapter": d.adapter,
                        "action": d.action,
                        "status": d.status,
                        "attempts": d.attempts,
                        "detail": d.detail,
                    }
                    for d in n.deliveries
                ],
            }
            for n in view.notices
        ],
    }
