"""The comms commands: draft and send a message, retry a delivery. They start a draft where
the console's drafter does (``comms.drafts``), so both follow the same rules."""

from __future__ import annotations

import argparse
import sys

from warroom.base.errors import Refused
from warroom.base.text import safe
from warroom.comms import sending
from warroom.comms.delivery.base import DRILL_NOTE, marked
from warroom.comms.drafts import (
    Draft,
    parse_assignments,
    starting_channel,
    starting_draft,
    starting_phase,
    with_fields,
)
from warroom.comms.gates import Prepared
from warroom.process.context import Context
from warroom.process.read import load_detail
from warroom.vocabulary.channels import channel, phase


def _message_from_args(ctx: Context, args: argparse.Namespace) -> tuple[str, str, Draft, bool]:
    """Phase, channel and draft: what is given, else where the console would start; then
    every --set FIELD=VALUE on top. Last, whether the incident is a drill."""
    detail = load_detail(ctx, args.key, timeline_limit=0)
    chosen = phase(args.phase) if args.phase is not None else starting_phase(detail)
    on = (
        channel(args.channel).name if args.channel is not None else starting_channel(detail, chosen)
    )
    draft = with_fields(starting_draft(detail, chosen, on), parse_assignments(args.set))
    return chosen.value, on, draft, detail.incident.training


def _chosen_here(args: argparse.Namespace, phase_name: str, channel_name: str) -> str:
    """Which message it is, said when the command chose the phase or the channel itself."""
    if args.phase is not None and args.channel is not None:
        return ""
    return f"{phase_name} comms on the {channel(channel_name).noun}"


def _print_prepared(prepared: Prepared, *, drill: bool) -> None:
    title = safe(marked(prepared.title, drill=drill))  # as it would go out, escaped
    print(title)
    print("─" * min(max(len(title), 10), 72))
    print(safe(prepared.body))
    print()
    for item in prepared.checklist:
        mark = "✔" if item.ok else ("✘" if item.blocking else "⚠")
        print(f"{mark} {item.label}" + ("" if item.ok else f" — {item.fix}"))
    print("ready to send" if prepared.can_send else "NOT ready to send")


def cmd_draft(ctx: Context, args: argparse.Namespace, by: str) -> int:
    chosen, on, draft, drill = _message_from_args(ctx, args)
    prepared = sending.draft_message(
        ctx, args.key, chosen, on, draft, by=by, reviewed_by=args.reviewed_by
    )
    if said := _chosen_here(args, chosen, on):
        print(f"({said})")
    _print_prepared(prepared, drill=drill)
    return 0


def cmd_send(ctx: Context, args: argparse.Namespace, by: str) -> int:
    chosen, on, draft, _ = _message_from_args(ctx, args)
    try:
        sent = sending.send(ctx, args.key, chosen, on, draft, by=by, reviewed_by=args.reviewed_by)
    except Refused as refused:
        said = _chosen_here(args, chosen, on)
        raise Refused(f"{said}: {refused}" if said else str(refused)) from None
    m = sent.message
    title = safe(marked(m.title, drill=sent.drill))
    print(f"sent message {m.id}: {m.phase} {m.channel} — {title}")
    for delivery in sent.deliveries:
        print(f"  delivery {delivery.id} {delivery.adapter}: {delivery.status} — {delivery.detail}")
    print(f"outbox: {ctx.delivery.outbox_dir()}")
    if sent.drill:
        print(DRILL_NOTE)
    failed = [d for d in sent.deliveries if d.status != "delivered"]
    if failed:
        ids = " ".join(str(d.id) for d in failed)
        print(
            f"warroom: a delivery failed; the message is recorded. Retry: warroom retry {ids}",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_retry(ctx: Context, args: argparse.Namespace, by: str) -> int:
    worst = 0
    for delivery_id in args.delivery:
        delivery = sending.retry(ctx, delivery_id, by=by)
        print(f"delivery {delivery.id} {delivery.adapter}: {delivery.status} — {delivery.detail}")
        worst = max(worst, 0 if delivery.status == "delivered" else 1)
    return worst
