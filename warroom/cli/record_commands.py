"""The commands that correct the record: an incident's facts, and a timeline note's text."""

from __future__ import annotations

import argparse
import sys

from warroom.process import corrections, timeline
from warroom.process.context import Context


def cmd_edit(ctx: Context, args: argparse.Namespace, by: str) -> int:
    change = corrections.Correction(
        summary=args.summary,
        description=args.description,
        service=args.service,
        products=args.product or None,
    )
    changed = corrections.correct(ctx, args.key, change, by=by)
    # Say what happened: a correction to the value it already had changes nothing.
    print(
        f"corrected {', '.join(changed)}" if changed else "nothing to correct: already so",
        file=sys.stderr,
    )
    return 0


def cmd_note_edit(ctx: Context, args: argparse.Namespace, by: str) -> int:
    timeline.edit_note(ctx, args.entry, args.text, by=by, undo=args.undo)
    print(f"corrected note #{args.entry}; show --history keeps the earlier text", file=sys.stderr)
    return 0
