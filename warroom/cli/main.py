"""The command line: the console by default, and commands for scripts and monitoring.

Every command goes through the same services as the console, so the same rules
hold. Refused input exits with status 2 and one line on stderr; nothing changes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from warroom import __version__
from warroom.base.errors import InvalidInput, WarroomError
from warroom.base.text import safe
from warroom.base.timeparse import HINT, parse_time
from warroom.comms import gates as comms
from warroom.comms import sending as messages
from warroom.config.settings import Settings, load_settings
from warroom.process import assessment, incidents, roles, timeline
from warroom.process import links as channels
from warroom.process.context import Context
from warroom.process.read import list_incidents, load_detail
from warroom.reports.export import detail_to_dict, row_to_dict
from warroom.reports.text import format_detail, format_rows
from warroom.vocabulary.incident import UNKNOWN_SERVICE, parse_severity
from warroom.vocabulary.kinds import PEOPLE_KINDS
from warroom.vocabulary.questions import QUESTIONS

EXIT_REFUSED = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, like every other refusal."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_REFUSED, f"{self.prog}: error: {message} (see --help)\n")


Handler = Callable[[Context, argparse.Namespace, str], int]


def _print_json(data: object) -> None:
    # Non-ASCII stays readable on a UTF-8 terminal; elsewhere JSON's own escapes keep it exact.
    utf8 = (sys.stdout.encoding or "").lower().replace("-", "") == "utf8"
    print(json.dumps(data, ensure_ascii=not utf8, indent=2))


def _refuse_undecodable(args: argparse.Namespace) -> None:
    """Bytes that are not UTF-8 reach argv as lone surrogates; SQLite cannot store them."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise InvalidInput(name, "is not valid UTF-8 text") from None


def _optional_time(ctx: Context, text: str | None, field: str) -> datetime | None:
    """An absent flag is None; an empty or bad one is refused."""
    return None if text is None else parse_time(text, ctx.clock.now(), field=field)


def cmd_declare(ctx: Context, args: argparse.Namespace, by: str) -> int:
    form = incidents.Declaration(
        summary=args.summary,
        severity=parse_severity(args.severity),
        service=args.service,
        products=args.product,
        description=args.description,
        impact_started_at=_optional_time(ctx, args.started, "started"),
        detected_at=_optional_time(ctx, args.detected, "detected"),
        training=args.training,
    )
    print(incidents.declare(ctx, form, by=by).key)
    return 0


def cmd_note(ctx: Context, args: argparse.Namespace, by: str) -> int:
    at = _optional_time(ctx, args.at, "at")
    entry = timeline.add_note(
        ctx, args.key, args.text, by=by, kind=args.kind, occurred_at=at, undo=args.undo
    )
    print(entry.id)
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace, by: str) -> int:
    rows = list_incidents(ctx, include_resolved=args.all)
    if args.json:
        _print_json([row_to_dict(r) for r in rows])
    else:
        print(format_rows(rows, ctx.clock.now()))
    return 0


def cmd_show(ctx: Context, args: argparse.Namespace, by: str) -> int:
    detail = load_detail(ctx, args.key)
    now = ctx.clock.now()
    if args.json:
        _print_json(detail_to_dict(detail, now))
    else:
        print(format_detail(detail, now))
    return 0


def cmd_take(ctx: Context, args: argparse.Namespace, by: str) -> int:
    roles.take(ctx, args.key, by=by)
    return 0


def cmd_assign(ctx: Context, args: argparse.Namespace, by: str) -> int:
    roles.assign(ctx, args.key, args.role, args.person, by=by)
    return 0


def cmd_handover(ctx: Context, args: argparse.Namespace, by: str) -> int:
    roles.handover(ctx, args.key, args.role, args.from_person, args.to_person, by=by)
    return 0


def cmd_severity(ctx: Context, args: argparse.Namespace, by: str) -> int:
    incidents.change_severity(ctx, args.key, args.severity, reason=args.reason, by=by)
    return 0


def cmd_assess(ctx: Context, args: argparse.Namespace, by: str) -> int:
    assessment.answer(ctx, args.key, args.question, args.answer, by=by)
    return 0


def cmd_channels(ctx: Context, args: argparse.Namespace, by: str) -> int:
    channels.set_channels(
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
        impact_started_at=_optional_time(ctx, args.started, "started"),
        detected_at=_optional_time(ctx, args.detected, "detected"),
    )
    return 0


def cmd_resolve(ctx: Context, args: argparse.Namespace, by: str) -> int:
    ended = parse_time(args.ended, ctx.clock.now(), field="ended")
    incidents.resolve(ctx, args.key, impact_ended_at=ended, by=by)
    return 0


def _draft_from_args(ctx: Context, args: argparse.Namespace) -> comms.Draft:
    """Start from what the assessment says, then apply every --set FIELD=VALUE."""
    detail = load_detail(ctx, args.key, timeline_limit=0)
    return comms.with_fields(comms.suggested_draft(detail), comms.parse_assignments(args.set))


def _print_prepared(prepared: comms.Prepared) -> None:
    print(prepared.title)
    print("─" * min(max(len(prepared.title), 10), 72))
    print(safe(prepared.body))
    print()
    for item in prepared.checklist:
        mark = "✔" if item.ok else ("✘" if item.blocking else "⚠")
        print(f"{mark} {item.label}" + ("" if item.ok else f" — {item.fix}"))
    print("ready to send" if prepared.can_send else "NOT ready to send")


def cmd_draft(ctx: Context, args: argparse.Namespace, by: str) -> int:
    draft = _draft_from_args(ctx, args)
    _print_prepared(
        messages.draft_message(
            ctx, args.key, args.phase, args.channel, draft, by=by, reviewed_by=args.reviewed_by
        )
    )
    return 0


def cmd_send(ctx: Context, args: argparse.Namespace, by: str) -> int:
    draft = _draft_from_args(ctx, args)
    sent = messages.send(
        ctx, args.key, args.phase, args.channel, draft, by=by, reviewed_by=args.reviewed_by
    )
    m = sent.message
    print(f"sent message {m.id}: {m.phase} {m.channel} — {m.title}")
    for delivery in sent.deliveries:
        print(f"  delivery {delivery.id} {delivery.adapter}: {delivery.status} — {delivery.detail}")
    print(f"outbox: {ctx.delivery.outbox_dir()}")
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
        delivery = messages.retry(ctx, delivery_id, by=by)
        print(f"delivery {delivery.id} {delivery.adapter}: {delivery.status} — {delivery.detail}")
        worst = max(worst, 0 if delivery.status == "delivered" else 1)
    return worst


def cmd_reopen(ctx: Context, args: argparse.Namespace, by: str) -> int:
    incidents.reopen(ctx, args.key, reason=args.reason, by=by)
    return 0


def _run_demo(settings: Settings) -> int:
    """The console on a fresh temporary store of sample incidents, removed on exit."""
    from warroom.app import run_console
    from warroom.base.clock import SystemClock
    from warroom.scenarios.demo import open_demo_store

    with tempfile.TemporaryDirectory(prefix="warroom-demo-") as folder:
        path = open_demo_store(Path(folder), SystemClock().now())
        demo = settings.model_copy(update={"db": str(path), "catalog": None})
        return run_console(demo)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="warroom",
        description="A war-room console for running live incidents. "
        "With no command, opens the console.",
    )
    parser.add_argument("--version", action="version", version=f"warroom {__version__}")
    parser.add_argument("--db", help="store: a file path or sqlite:///PATH (env WARROOM_DB)")
    parser.add_argument("--catalog", type=Path, help="catalog TOML file (env WARROOM_CATALOG)")
    parser.add_argument("--user", help="your name on everything you do (env WARROOM_USER)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        p.add_argument("--by", help="who is doing this (default: --user)")
        return p

    sub.add_parser(
        "demo",
        help="open the console on a temporary store of sample incidents",
        description="Open the console on a fresh temporary store with sample incidents: "
        "a severity-1 mid-response, a new severity-2 without an IM, resolved ones with "
        "TTD/TTR. The store is removed when you quit.",
    )
    p = command("declare", cmd_declare, "declare an incident; prints its key")
    p.add_argument("--summary", required=True, help="what is the emergency?")
    p.add_argument("--severity", required=True, help="1, 2 or 3 (1 and 2 are major)")
    p.add_argument("--service", default=UNKNOWN_SERVICE, help="faulty service, or Unknown")
    p.add_argument("--product", action="append", default=[], help="affected product (repeat)")
    p.add_argument("--description", default="", help="impact on customers; your contact details")
    p.add_argument("--started", help=f"when the impact started ({HINT})")
    p.add_argument("--detected", help="when it was detected (default: now)")
    p.add_argument("--training", action="store_true", help="a drill, not a real incident")

    kinds = ", ".join(k.value for k in PEOPLE_KINDS)
    p = command("note", cmd_note, "add a timeline note; prints its id")
    p.add_argument("key")
    p.add_argument("text")
    p.add_argument("--kind", default="note", help=f"one of {kinds}")
    p.add_argument("--at", help=f"when it happened, to back-date ({HINT})")
    p.add_argument("--undo", default="", help="for a change: how to undo it")

    p = command("list", cmd_list, "list incidents (open ones unless --all)")
    p.add_argument("--all", action="store_true", help="include resolved incidents")
    p.add_argument("--json", action="store_true")

    p = command("show", cmd_show, "show one incident")
    p.add_argument("key")
    p.add_argument("--json", action="store_true")

    p = command("take", cmd_take, "take an incident as its incident manager")
    p.add_argument("key")

    p = command("assign", cmd_assign, "give a person a role")
    p.add_argument("key")
    p.add_argument("role", help="e.g. 'Tech lead', 'comms', or a custom role")
    p.add_argument("person")

    p = command("handover", cmd_handover, "hand a role over to another person")
    p.add_argument("key")
    p.add_argument("role")
    p.add_argument("from_person", metavar="FROM")
    p.add_argument("to_person", metavar="TO")

    p = command("severity", cmd_severity, "change the severity, with a reason")
    p.add_argument("key")
    p.add_argument("severity")
    p.add_argument("--reason", required=True)

    questions = "; ".join(f"{q.number}={q.slug}" for q in QUESTIONS)
    p = command("assess", cmd_assess, "answer an assessment question")
    p.add_argument("key")
    p.add_argument("question", help=f"number or name: {questions}")
    p.add_argument("answer", help="the answer; write 'unknown' if nobody knows yet")

    p = command("channels", cmd_channels, "record the chat room, video call and status doc")
    p.add_argument("key")
    p.add_argument("--chat-room")
    p.add_argument("--video")
    p.add_argument("--doc")

    p = command("times", cmd_times, "set when the impact started and was detected")
    p.add_argument("key")
    p.add_argument("--started")
    p.add_argument("--detected")

    p = command("resolve", cmd_resolve, "resolve: the business impact has ended")
    p.add_argument("key")
    p.add_argument("--ended", required=True, help=f"when the impact ended ({HINT})")

    fields = "; ".join(f"{name}: {text}" for name, text in comms.FIELD_HELP.items())
    for name, handler, text in (
        ("draft", cmd_draft, "print a message as it would go out, with its checklist"),
        ("send", cmd_send, "send a message when every gate passes; prints the outbox folder"),
    ):
        p = command(name, handler, text)
        p.add_argument("key")
        p.add_argument("--phase", required=True, help="initial, update or resolution")
        p.add_argument("--channel", required=True, help="internal, email or external")
        p.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="FIELD=VALUE",
            help=f"a draft field (repeat). Fields — {fields}",
        )
        p.add_argument("--reviewed-by", default="", help="the second pair of eyes, if any")

    p = command("retry", cmd_retry, "retry failed deliveries of sent messages")
    p.add_argument("delivery", type=int, nargs="+", help="delivery id(s), as printed by send")

    p = command("reopen", cmd_reopen, "reopen a resolved incident, with a reason")
    p.add_argument("key")
    p.add_argument("--reason", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Text output must never crash on a terminal that cannot show a character.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        _refuse_undecodable(args)
        # Only flags actually given may override the environment and warroom.toml.
        settings = load_settings(db=args.db, user=args.user, catalog=args.catalog)
        if args.command is None:
            from warroom.app import run_console  # the UI is loaded only when needed

            return run_console(settings)
        if args.command == "demo":
            return _run_demo(settings)
        ctx = Context.open(
            settings.db_target(),
            settings.catalog_path(),
            templates_dir=settings.templates_dir(),
            delivery=settings.delivery(),
        )
        try:
            handler: Handler = args.handler
            return handler(ctx, args, args.by or settings.user_name())
        finally:
            ctx.close()
    except WarroomError as err:
        print(f"warroom: error: {err}", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        # `warroom list | head`: the reader left; that is not an error. Point stdout at
        # /dev/null so the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
