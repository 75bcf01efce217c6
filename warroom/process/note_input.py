"""A note as a person writes it, read and checked into the row it is stored as: the scribe's
entry line (one line of text becomes a note), a note's kind, text, undo and time.

    t: the new index is missing           → a theory
    @14:02 o: error rate 40%               → an observation back-dated to 14:02
    o: @14:02 error rate 40%               → the same: the time may follow the prefix
    @15m c: rolled back 812 undo: redeploy → a change, with how to undo it

A prefix (``vocabulary.kinds``: the first letter, the whole name, a short form) and a colon;
``@TIME`` (any form ``timeparse`` accepts, without spaces) back-dates the note, before the
prefix or right after it. After the prefix, only what starts like a time (a digit, ``-``
and a digit, ``now``) is read as one: ``o: @alice says …`` is a note about alice.

Nothing here knows the store: the ORM path (``timeline.add_note``, ``scribe.add_line``)
and the command line's direct path (``cli/direct.py``) check the same input with the
same functions and write the rows and the event they make here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from warroom.base import limits
from warroom.base.errors import InvalidInput
from warroom.base.limits import quoted, within
from warroom.base.timeparse import parse_time
from warroom.process.checks import require_name, require_past, require_text
from warroom.vocabulary.kinds import KINDS, PEOPLE_KINDS, PREFIXES, EntryKind

NOTE_EVENT = "note"  # the event a note records

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


def parse_kind(value: str) -> EntryKind:
    """A kind people may write; ``system`` is the console's own."""
    wanted = value.strip().lower()
    for kind in PEOPLE_KINDS:
        if kind.value == wanted:
            return kind
    allowed = ", ".join(k.value for k in PEOPLE_KINDS)
    raise InvalidInput("kind", f"{quoted(value)} is not a note kind; use one of {allowed}")


@dataclass(frozen=True)
class Note:
    """A note that passed every check, ready to be stored."""

    kind: EntryKind
    text: str
    undo: str
    occurred_at: datetime  # when it happened (back-dated), or when it was written
    recorded_at: datetime
    author: str


def checked_line(
    line: str, *, by: str, now: datetime, occurred_at: datetime | None = None, undo: str = ""
) -> Note:
    """A note written as on the entry line; ``occurred_at`` and ``undo`` may come from
    elsewhere (the command line's --at and --undo), but not twice."""
    within("note", line, limits.NOTE)
    require_text("text", line, limit=limits.NOTE)
    parsed = parse_entry(line, now)
    if occurred_at is not None and parsed.occurred_at is not None:
        raise InvalidInput("at", "give the time once: --at or @TIME in the note")
    if undo and parsed.undo:
        raise InvalidInput("undo", "say how to undo it once: --undo or undo: in the note")
    return checked_note(
        parsed.text,
        by=by,
        now=now,
        kind=parsed.kind,
        occurred_at=parsed.occurred_at or occurred_at,
        undo=parsed.undo or undo,
    )


def checked_note(
    text: str,
    *,
    by: str,
    now: datetime,
    kind: str | EntryKind = EntryKind.NOTE,
    occurred_at: datetime | None = None,
    undo: str = "",
) -> Note:
    """A note of ``kind``; ``occurred_at`` back-dates it (it is recorded now)."""
    entry_kind = kind if isinstance(kind, EntryKind) else parse_kind(kind)
    if entry_kind is EntryKind.SYSTEM:
        raise InvalidInput("kind", "system entries are written by the console only")
    require_note(text, undo, by)
    if undo and entry_kind is not EntryKind.CHANGE:
        raise InvalidInput("undo", "only a change carries how to undo it")
    moment = require_past("at", occurred_at, now) if occurred_at else now
    return Note(entry_kind, text, undo, moment, now, by)


def entry_row(note: Note, incident_id: int) -> dict[str, Any]:
    """The ``timeline_entry`` row of ``note``: every column but its id."""
    return {
        "incident_id": incident_id,
        "occurred_at": note.occurred_at,
        "recorded_at": note.recorded_at,
        "author": note.author,
        "kind": note.kind.value,
        "text": note.text,
        "undo": note.undo,
        "edited": False,
        "fact": "",
        "fact_values": "{}",
    }


def note_event(note: Note, incident_id: int, entry_id: int) -> dict[str, Any]:
    """What the note's event records (``store.events.event_row``'s arguments)."""
    return {
        "at": note.recorded_at,
        "actor": note.author,
        "kind": NOTE_EVENT,
        "incident_id": incident_id,
        "entry_id": entry_id,
    }


def require_note(text: str, undo: str, by: str) -> None:
    """A note's text, its undo and its author, each within its limit (``base.limits``)."""
    within("note", text, limits.NOTE)
    require_text("text", text, limit=limits.NOTE)
    within("undo", undo, limits.UNDO)
    require_name("by", by)
