"""The commands around the response: the clean-up items that outlive the incident
(``process.actions``). Paging has its own (``cli.page_commands``)."""

from __future__ import annotations

import argparse

from warroom.base.timeparse import parse_due
from warroom.cli.json_output import print_json
from warroom.process import actions
from warroom.process.context import Context
from warroom.process.read import list_actions
from warroom.reports.export import action_to_dict
from warroom.reports.text import format_actions


def cmd_action_add(ctx: Context, args: argparse.Namespace, by: str) -> int:
    """Prints the new item's id, for ``warroom action done ID``."""
    due = None if args.due is None else parse_due(args.due, ctx.clock.now())
    item = actions.add_action(
        ctx,
        args.key,
        args.text,
        by=by,
        owner=args.owner,
        kind=args.kind,
        due_at=due,
        priority=args.priority,
        link=args.link,
    )
    print(item.id)
    return 0


def cmd_action_done(ctx: Context, args: argparse.Namespace, by: str) -> int:
    actions.complete_item(ctx, args.id, by=by)
    return 0


def cmd_action_reopen(ctx: Context, args: argparse.Namespace, by: str) -> int:
    actions.reopen_item(ctx, args.id, by=by)
    return 0


def cmd_actions(ctx: Context, args: argparse.Namespace, by: str) -> int:
    overdue_at = ctx.clock.now() if args.overdue else None
    rows = list_actions(ctx, args.key, open_only=args.open, overdue_at=overdue_at)
    if args.json:
        print_json([action_to_dict(r) for r in rows])
        return 0
    if args.overdue and not rows:
        print(f"No overdue action items{' on ' + args.key if args.key else ''}.")
        return 0
    # With no open item left, say whether done ones were left out and how to see them.
    done = len(list_actions(ctx, args.key)) if not rows and args.open else 0
    print(format_actions(rows, ctx.clock.now(), key=args.key, done_hidden=done))
    return 0
