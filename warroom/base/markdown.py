"""Stored text written into Markdown so that it reads exactly as stored: nothing in it can
become a link, an image, inline HTML, emphasis, code, a heading, a list or a table cell's
end. Each character that could is written as a character reference (a backslash is one
too, so no stored backslash can escape what follows it). Terminal escapes are shown as
escapes first (``base.text``), as everywhere."""

from __future__ import annotations

import re

from warroom.base.text import one_line, safe

_REFERENCES = {ch: f"&#{ord(ch)};" for ch in "\\[]*_`~|"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# What starts a block at the start of a line: a heading, a quote, a list item (bullets and
# "1." or "1)"), a thematic break or setext underline, a table row, an indented code block.
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def _referenced(text: str) -> str:
    return "".join(_REFERENCES.get(ch, ch) for ch in text)


def inline(text: str) -> str:
    """On one line: a table cell, a heading, a list item's text."""
    return _referenced(one_line(text))


def _line(line: str) -> str:
    line = _referenced(line)
    if match := _LINE_START.match(line):
        indent, opener = match.group(1), match.group(2)
        shown = "".join(f"&#{ord(ch)};" for ch in opener)
        line = "&#32;" * len(indent) + shown + line[match.end() :]
    elif line[:1].isspace():
        stripped = line.lstrip()
        line = "&#32;" * (len(line) - len(stripped)) + stripped
    return line


def block(text: str) -> str:
    """Paragraphs, each line kept where it breaks (a hard break), blank lines between
    paragraphs kept as one."""
    paragraphs: list[list[str]] = [[]]
    for raw in safe(text).split("\n"):
        if raw.strip():
            paragraphs[-1].append(_line(raw.rstrip()))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(lines) for lines in paragraphs if lines)
