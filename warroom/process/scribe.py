"""The scribe's entry line: one line of text becomes a timeline note.

    t: the new index is missing           → a theory
    @14:02 o: error rate 40%               → an observation back-dated to 14:02
    @15m c: rolled back 812 undo: redeploy → a change, with how to undo it

A prefix is the kind's first letter or its whole name followed by a colon;
``@TIME`` (any form ``timeparse`` accepts, without spaces) back-dates the note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from warroom.base.errors import InvalidInput
from warroom.base.timeparse import parse_time
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
_PREFIX = re.compile(r"^([A-Za-z]+):\s*")
_UNDO = re.compile(r"\s+undo:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedNote:
    kind: EntryKind
    text: str
    occurred_at: datetime | None
    undo: str = ""


def parse_entry(line: str, now: datetime, default_kind: EntryKind = EntryKind.NOTE) -> ParsedNote:
    rest = line.strip()
    occurred_at = None
    if match := _AT.match(rest):
        occurred_at = parse_time(match.group(1), now, field="@time")
        rest = rest[match.end() :]
    kind = default_kind
    if (match := _PREFIX.match(rest)) and match.group(1).lower() in PREFIXES:
        kind = PREFIXES[match.group(1).lower()]
        rest = rest[match.end() :]
    undo = ""
    if kind is EntryKind.CHANGE and (split := _UNDO.search(rest)):
        rest, undo = rest[: split.start()], rest[split.end() :]
    if not rest.strip():
        raise InvalidInput("note", "write the note after the prefix")
    return ParsedNote(kind, rest, occurred_at, undo)
