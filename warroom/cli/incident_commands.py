"""The commands that declare incidents and move them along, and show them."""

from __future__ import annotations

import argparse
import sys

from warroom.base.counts import read_count, say_count
from warroom.base.timeparse import parse_time
from warroom.cli.command_args import declaration_from_args, note_from_args, optional_time
from warroom.cli.json_output import print_json, print_json_items
from warroom.process import assessment, incidents, links, resolution, roles, timeline
from warroom.process.context import Context
from warroom.process.read import count_resolved, each_incident, list_incidents, load_detail
from warroom.reports.export import detail_to_dict
from warroom.reports.incident_data import row_to_dict
from warroom.reports.text import format_detail, format_rows
from warroom.vocabulary.questions import question


def cmd_declare(ctx: Context, args: argparse.Namespace, by: str) -> int:
    """The full path's declaration (``direct.py`` takes most): read as ``command_args`` reads it."""
    form = declaration_from_args(args, ctx.clock.now())
    print(incidents.declare(ctx, form, by=by).key)
    return 0


def cmd_note(ctx: Context, args: argparse.Namespace, by: str) -> int:
    """The full path's note (``direct.py`` takes most): read as ``command_args`` reads it."""
    entry = timeline.store_note(ctx, args.key, note_from_args(args, by, ctx.clock.now()))
    print(entry.id)
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace, by: str) -> int:
    if args.json:
        print_json_items(map(row_to_dict, each_incident(ctx, include_resolved=args.all)))
    else:
        rows = list_incidents(ctx, include_resolved=args.all)
        # With no open incident, say whether resolved ones were left out and how to see them.
        hidden = count_resolved(ctx) if not rows and not args.all else 0
        print(format_rows(rows, ctx.clock.now(), resolved_hidden=hidden))
    return 0


def cmd_show(ctx: Context, args: argparse.Namespace, by: str) -> int:
    detail = load_detail(ctx, args.key)
    now = ctx.clock.now()
    edited = [e.id for e in detail.timeline if e.edited and e.id is not None]
    earlier = timeline.histories(ctx, edited) if args.history else None
    if args.json:
        print_json(detail_to_dict(detail, now, history=earlier))
    else:
        print(format_detail(detail, now, history=earlier))
    return 0


def cmd_take(ctx: Context, args: argparse.Namespace, by: str) -> int:
    roles.take(ctx, args.key, by=by)
    return 0


def cmd_assign(ctx: Context, args: argparse.Namespace, by: str) -> int:
    roles.assign(ctx, args.key, args.role, args.person, by=by)
    return 0


def cmd_handover(ctx: Context, args: argparse.Namespace, by: str) -> int:
    roles.handover(
        ctx, args.key, args.role, args.from_person, args.to_person, by=by, note=args.note
    )
    return 0


def cmd_severity(ctx: Context, args: argparse.Namespace, by: str) -> int:
    incidents.change_severity(ctx, args.key, args.severity, reason=args.reason, by=by)
    return 0


def cmd_assess(ctx: Context, args: argparse.Namespace, by: str) -> int:
    assessment.answer(ctx, args.key, args.question, args.answer, by=by)
    said = say_count(read_count(args.answer))
    if question(args.question).slug == "support_cases" and args.answer.strip() != said:
        # Say which number was read from the words, so "lots" visibly leaves it unknown.
        print(f"support cases: {said}", file=sys.stderr)
    return 0


def cmd_channels(ctx: Context, args: argparse.Namespace, by: str) -> int:
    links.set_channels(
        ctx,
        args.key,
        by=by,
        chat_room=args.chat_room,
        video_link=args.video,
        status_doc_link=args.doc,
    )
    return 0


def cmd_times(ctx: Context, args: argparse.Namespace, by: str) -> int:
    incidents.set_times(
        ctx,
        args.key,
        by=by,
        impact_started_at=optional_time(args.started, ctx.clock.now(), "started"),
        detected_at=optional_time(args.detected, ctx.clock.now(), "detected"),
    )
    return 0


def cmd_resolve(ctx: Context, args: argparse.Namespace, by: str) -> int:
    ended = parse_time(args.ended, ctx.clock.now(), field="ended")
    resolution.resolve(ctx, args.key, impact_ended_at=ended, by=by)
    return 0


def cmd_reopen(ctx: Context, args: argparse.Namespace, by: str) -> int:
    resolution.reopen(ctx, args.key, reason=args.reason, by=by)
    return 0
