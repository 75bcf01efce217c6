"""The arguments of the commands both paths take (``full.py`` through ``incident_commands``,
and ``direct.py``), read the one way: a note's into a checked note, a declaration's into
the form ``declare_input`` checks."""

from __future__ import annotations

import argparse
from datetime import datetime

from warroom.base.timeparse import parse_time
from warroom.process.declare_input import Declaration
from warroom.process.note_input import Note, checked_line, checked_note
from warroom.vocabulary.incident import parse_severity


def note_from_args(args: argparse.Namespace, by: str, now: datetime) -> Note:
    """Without --kind the text is read as on the console's entry line (t: …, @14:02 …)."""
    at = optional_time(args.at, now, "at")
    if args.kind is None:
        return checked_line(args.text, by=by, now=now, occurred_at=at, undo=args.undo)
    return checked_note(args.text, by=by, now=now, kind=args.kind, occurred_at=at, undo=args.undo)


def declaration_from_args(args: argparse.Namespace, now: datetime) -> Declaration:
    return Declaration(
        summary=args.summary,
        severity=parse_severity(args.severity),
        service=args.service,
        products=args.product,
        description=args.description,
        impact_started_at=optional_time(args.started, now, "started"),
        detected_at=optional_time(args.detected, now, "detected"),
        training=args.training,
    )


def optional_time(text: str | None, now: datetime, field: str) -> datetime | None:
    """A time flag: an absent one is None; an empty or bad one is refused."""
    return None if text is None else parse_time(text, now, field=field)
