"""How much text each field takes, defined once, in bytes of UTF-8 (what the store holds).

A 10 MB note froze the console for a minute and a 1 GB one ended in a raw database error;
nobody writes a note longer than a few pages in an incident. The process layer checks every
field people or scripts write against these limits (``within``), so the console, the
command line and scenarios are refused alike, in one line that names the field and the
limit: ``note: 70 KiB is over the 64 KiB limit``. README.md lists them.
"""

from __future__ import annotations

from warroom.base.errors import InvalidInput

KIB = 1024
MIB = 1024 * KIB

NOTE = 64 * KIB
"""A timeline note (and the corrected text of one), the scribe's whole entry line."""
UNDO = 4 * KIB
"""How to undo a change."""
SUMMARY = 1 * KIB
"""An incident's summary: one or two sentences."""
DESCRIPTION = 16 * KIB
"""An incident's description."""
ANSWER = 16 * KIB
"""An assessment answer."""
HANDOVER_NOTE = 16 * KIB
"""What the incoming holder of a role needs to know."""
REASON = 4 * KIB
"""Why the severity changed, why an incident was reopened, what a page asks for."""
ACTION = 4 * KIB
"""A clean-up or follow-up item."""
LINK = 2 * KIB
"""The chat room, the video call, the status document: as long as a browser takes."""
SECTION = 64 * KIB
"""A postmortem's written section: a few pages of prose."""
NAME = 256
"""A person (``--by``, a role holder, an owner, a reviewer), a role, a team, a service,
a product."""
DRAFT_FIELD = 16 * KIB
"""Each field of a message (summary, impact, bullets, what customers read, …)."""

# Beyond this many characters a text is over any limit above whatever its bytes; it is
# measured by its length then, so a gigabyte is never copied just to be refused.
_MEASURED = 4 * NOTE


def size(count: int) -> str:
    """``300 B``, ``70 KiB`` (rounded up, so a byte over 64 KiB never reads 64 KiB),
    ``1.1 GiB``."""
    if count < KIB:
        return f"{count} B"
    if count < MIB:
        return f"{-(-count // KIB)} KiB"
    if count < 1024 * MIB:
        return f"{count / MIB:.1f} MiB"
    return f"{count / (1024 * MIB):.1f} GiB"


def within(field: str, text: str, limit: int) -> str:
    """``text`` if its UTF-8 takes at most ``limit`` bytes and holds no NUL character;
    refused otherwise. PostgreSQL cannot keep a NUL in text, so neither engine takes one: a
    store copies to the other engine whole."""
    if "\x00" in text:
        raise InvalidInput(field, "contains a NUL character (\\x00), which a store cannot keep")
    if len(text) <= limit // 4:
        return text  # even four bytes a character cannot reach the limit
    # A lone surrogate (undecodable argv) is counted, not raised: it is refused elsewhere.
    count = len(text) if len(text) > _MEASURED else len(text.encode("utf-8", "surrogatepass"))
    if count > limit:
        raise InvalidInput(field, f"{size(count)} is over the {size(limit)} limit")
    return text


def quoted(text: str, longest: int = 60) -> str:
    """``text`` as a refusal quotes it (``repr``), cut short: an error stays one short line
    whatever was pasted."""
    if len(text) <= longest:
        return repr(text)
    return f"{text[:longest]!r}… ({len(text)} characters)"
