"""The commands of paging: page a team, acknowledge, list pages, and tick (escalate what
is past its deadline), with the console's rules and refusals (``comms.paging``,
``comms.escalation``)."""

from __future__ import annotations

import argparse

from warroom.base.localtime import local_text
from warroom.base.text import safe
from warroom.cli.json_output import print_json
from warroom.comms import escalation, paging
from warroom.comms.delivery.base import Attempt
from warroom.process.context import Context
from warroom.process.page_read import list_pages
from warroom.reports.pages import format_pages, page_to_dict


def cmd_page(ctx: Context, args: argparse.Namespace, by: str) -> int:
    """Page TEAM by its escalation policy; says who was told, how, and what happens next.
    Exit 1 when a way out failed (it is retried by the next tick)."""
    paged = paging.page(ctx, args.key, args.team, reason=args.reason, by=by, person=args.person)
    page = paged.page
    print(f"page {page.id}: paged {safe(page.person)} ({safe(page.team)})")
    _print_attempts(paged.notified.attempts)
    if page.due_at is not None:
        print(
            f"escalates at {local_text(page.due_at, '%H:%M')} unless acknowledged: "
            f"warroom ack {page.id}"
        )
    return _worst(paged.notified.attempts)


def cmd_ack(ctx: Context, args: argparse.Namespace, by: str) -> int:
    for page_id in args.page:
        page = paging.acknowledge(ctx, page_id, by=by)
        print(f"page {page.id} ({safe(page.team)}) acknowledged by {safe(by)}")
    return 0


def cmd_pages(ctx: Context, args: argparse.Namespace, by: str) -> int:
    views = list_pages(ctx, args.key, open_only=args.open)
    if args.json:
        print_json([page_to_dict(view) for view in views])
        return 0
    print(format_pages(views, ctx.clock.now(), key=args.key, open_only=args.open))
    return 0


def cmd_tick(ctx: Context, args: argparse.Namespace, by: str) -> int:
    """Silent when nothing was due, as cron likes; exit 1 when a delivery failed."""
    ticked = escalation.tick(ctx)
    attempts = list(ticked.retried)
    for moved in ticked.escalated:
        where = f"page {moved.page_id} ({safe(moved.incident_key)}, {safe(moved.team)})"
        if moved.step is None or moved.notified is None:
            print(f"{where}: unanswered after every level; flagged for a person")
            continue
        round_ = f", round {moved.step.round}" if moved.step.round > 1 else ""
        people = ", ".join(safe(p) for p in moved.notified.people)
        print(f"{where}: escalated to level {moved.step.level}{round_}: {people}")
        attempts += moved.notified.attempts
    if ticked.retried:
        print(f"retried {len(ticked.retried)} failed page deliveries")
    _print_attempts(attempts if args.verbose else [a for a in attempts if not a[1].ok])
    return _worst(attempts)


def _print_attempts(attempts: list[tuple[str, Attempt]] | tuple[tuple[str, Attempt], ...]) -> None:
    for person, attempt in attempts:
        status = "delivered" if attempt.ok else "FAILED"
        print(f"  {safe(person)} by {attempt.adapter}: {status} — {safe(attempt.detail)}")


def _worst(attempts: list[tuple[str, Attempt]] | tuple[tuple[str, Attempt], ...]) -> int:
    return 0 if all(attempt.ok for _, attempt in attempts) else 1
