"""``warroom oncall``: who is on call, from the catalog alone (no store is opened)."""

from __future__ import annotations

import argparse
from datetime import datetime

from warroom.base.clock import SystemClock
from warroom.base.timeparse import parse_due, parse_time, require_due
from warroom.cli.json_output import print_json
from warroom.config.catalog import load_catalog
from warroom.config.oncall import on_call
from warroom.config.settings import Settings
from warroom.reports.oncall import format_on_call, on_call_to_dict


def when(text: str | None, now: datetime) -> datetime:
    """``--at``: a time as other commands take it, or ahead with ``in 2h``; any time from
    1970 to ten years from now (``require_due``)."""
    if text is None:
        return now
    value = text.strip().lower()
    if value.startswith("in "):
        return parse_due(text, now, field="at")
    return require_due("at", parse_time(text, now, field="at"), now)


def cmd_oncall(args: argparse.Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.catalog_path())
    at = when(args.at, SystemClock().now())
    teams = catalog.teams if args.team is None else (catalog.known_team(args.team),)
    answers = [on_call(team, at) for team in teams]
    if args.json:
        print_json({"at": at.isoformat(), "teams": [on_call_to_dict(a) for a in answers]})
    else:
        print(format_on_call(answers, at))
    return 0
