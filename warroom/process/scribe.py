"""The scribe's entry line: one line of text becomes a timeline note.

    t: the new index is missing           → a theory
    @14:02 o: error rate 40%               → an observation back-dated to 14:02
    o: @14:02 error rate 40%               → the same: the time may follow the prefix
    @15m c: rolled back 812 undo: redeploy → a change, with how to undo it

A prefix (``vocabulary.kinds``: the first letter, the whole name, a short form) and a colon;
``@TIME`` (any form ``timeparse`` accepts, without spaces) back-dates the note, before the
prefix or right after it. After the prefix, only what starts like a time (a digit, ``-``
and a digit, ``now``) is read as one: ``o: @alice says …`` is a note about alice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from warroom.base import limits
from warroom.base.errors import InvalidInput
from warroom.base.limits import within
from warroom.base.timeparse import parse_time
from warroom.process import timeline
from warroom.process.context import Context
from warroom.process.records import require_text
from warroom.store.models import TimelineEntry
from warroom.vocabulary.kinds import KINDS, PREFIXES, EntryKind

ENTRY_HINT = (
    "  ".join(
        f"{k.prefixes[0]}: {k.kind.value}" + (" … undo: …" if k.kind is EntryKind.CHANGE else "")
        for k in KINDS
        if k.prefixes and k.kind is not EntryKind.NOTE
    )
    + "  @14:02 back-dates"
)
"""The entry line's placeholder: each kind's shortest prefix, and how to back-date."""

_AT = re.compile(r"^@(\S+)\s*")
_AT_AFTER_PREFIX = re.compile(r"^@(-?\d\S*|now)(?:\s+|$)", re.IGNORECASE)
_PREFIX = re.compile(r"^([A-Za-z]+):\s*")
_UNDO = re.compile(r"\s+undo:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedNote:
    kind: EntryKind
    text: str
    occurred_at: datetime | None
    undo: str = ""


def parse_entry(line: str, now: datetime, default_kind: EntryKind = EntryKind.NOTE) -> ParsedNote:
    """Read the prefix, the @time and the undo; the words themselves are kept exactly as
    written (a line with none of these is stored as it is, spaces and all)."""
    rest = line.lstrip()
    occurred_at = None
    if match := _AT.match(rest):
        occurred_at = parse_time(match.group(1), now, field="@time")
        rest = rest[match.end() :]
    kind = default_kind
    if (match := _PREFIX.match(rest)) and match.group(1).lower() in PREFIXES:
        kind = PREFIXES[match.group(1).lower()]
        rest = rest[match.end() :]
        if at := _AT_AFTER_PREFIX.match(rest):
            if occurred_at is not None:
                raise InvalidInput("@time", "give the time once: before or after the prefix")
            occurred_at = parse_time(at.group(1), now, field="@time")
            rest = rest[at.end() :]
    undo = ""
    if kind is EntryKind.CHANGE and (split := _UNDO.search(rest)):
        rest, undo = rest[: split.start()], rest[split.end() :]
    if not rest.strip():
        raise InvalidInput("note", "write the note after the prefix")
    if rest == line.lstrip() and not undo:
        rest = line  # nothing was read from it: keep it exactly
    return ParsedNote(kind, rest, occurred_at, undo)


def add_line(
    ctx: Context,
    key: str,
    line: str,
    *,
    by: str,
    occurred_at: datetime | None = None,
    undo: str = "",
) -> TimelineEntry:
    """Add a note written as on the entry line; ``occurred_at`` and ``undo`` may come from
    elsewhere (the command line's --at and --undo), but not twice."""
    within("note", line, limits.NOTE)
    require_text("text", line, limit=limits.NOTE)
    note = parse_entry(line, ctx.clock.now())
    if occurred_at is not None and note.occurred_at is not None:
        raise InvalidInput("at", "give the time once: --at or @TIME in the note")
    if undo and note.undo:
        raise InvalidInput("undo", "say how to undo it once: --undo or undo: in the note")
    return timeline.add_note(
        ctx,
        key,
        note.text,
        by=by,
        kind=note.kind,
        occurred_at=note.occurred_at or occurred_at,
        undo=note.undo or undo,
    )
