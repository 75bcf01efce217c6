"""``warroom report``: the numbers across incidents, as text, JSON or CSV. Loaded only when
it runs (``parser._later``), so no other command pays for it."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, datetime, timedelta

from warroom.base.errors import InvalidInput
from warroom.base.limits import quoted
from warroom.base.timeparse import parse_time
from warroom.cli.json_output import print_json
from warroom.process.context import Context
from warroom.reports.across_incidents import build_report
from warroom.reports.report_export import report_csv, report_to_dict
from warroom.reports.report_read import Scope
from warroom.reports.report_text import format_report
from warroom.vocabulary.incident import parse_severity

_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def _until(text: str, now: datetime) -> datetime:
    """``--until 2026-03-31`` means to the end of that day: a date alone includes it."""
    moment = parse_time(text, now, field="until")
    if not _DATE.match(text):
        return moment
    try:
        return moment + timedelta(days=1)
    except OverflowError:  # the last day there is: to the end of time
        return datetime.max.replace(tzinfo=UTC)


def scope_of(args: argparse.Namespace, now: datetime) -> Scope:
    since = None if args.since is None else parse_time(args.since, now, field="since")
    until = None if args.until is None else _until(args.until, now)
    if since is not None and until is not None and until <= since:
        # Said in the words typed: --until 2026-10-01 is read as the end of that day.
        raise InvalidInput(
            "until", f"{quoted(args.until)} is not after --since {quoted(args.since)}"
        )
    return Scope(
        since=since,
        until=until,
        severity=None if args.severity is None else parse_severity(args.severity),
        training=args.training,
    )


def cmd_report(ctx: Context, args: argparse.Namespace, by: str) -> int:
    report = build_report(ctx, scope_of(args, ctx.clock.now()))
    if args.json:
        print_json(report_to_dict(report))
    elif args.csv:
        sys.stdout.write(report_csv(report))
    else:
        print(format_report(report))
    return 0
