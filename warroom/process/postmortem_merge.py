"""Joining two people's edits of one section: what each changed since the text they both
started from is kept. Where both changed the same lines, both versions stay, the one saved
first above, for the writers to tidy; nothing either typed is dropped."""

from __future__ import annotations

from merge3 import Merge3


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"  # so a version's last line never runs into the next one's first
    return lines


def join_edits(base: str, theirs: str, mine: str) -> str:
    """``theirs`` was saved since ``base``; ``mine`` was written over ``base`` too."""
    if theirs in (base, mine):
        return mine
    if mine == base:
        return theirs
    joined: list[str] = []
    for group in Merge3(_lines(base), _lines(theirs), _lines(mine)).merge_groups():
        if group[0] == "conflict":  # ("conflict", base lines, theirs, mine)
            joined.extend(group[2])
            joined.extend(group[3])
        else:  # ("unchanged" | "same" | "a" | "b", the lines that stand)
            joined.extend(group[1])
    text = "".join(joined)
    ends_open = not mine.endswith("\n") and not theirs.endswith("\n")
    return text[:-1] if ends_open and text.endswith("\n") else text
