"""Where each key of a TOML file is written, so a problem can name its line.

tomllib does not report positions, so the (already valid) text is scanned here, noting the
line where every table and key is defined, keyed by the same path pydantic uses in ``loc``.
"""

from __future__ import annotations

import tomllib
from typing import Any

Loc = tuple[str | int, ...]
"""A field path in pydantic's ``loc`` form, e.g. ``("services", 3, "team")``."""


def line_of(text: str, loc: Loc) -> int | None:
    """The line of ``loc``, or of the nearest enclosing table or key that is in the file.

    A missing field thus points at the header of the table it belongs in.
    """
    index = _index_lines(text)
    for end in range(len(loc), -1, -1):
        if (line := index.get(loc[:end])) is not None:
            return line
    return None


def _index_lines(text: str) -> dict[Loc, int]:
    index: dict[Loc, int] = {(): 1}  # the root table starts the file
    arrays: dict[Loc, int] = {}  # [[array]] path -> elements seen so far
    table: Loc = ()
    value = _ValueScanner()
    for number, line in enumerate(text.splitlines(), start=1):
        if value.is_open:  # inside a multi-line array or string: no keys here
            value.feed(line)
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            table = _open_table(stripped, arrays)
            _record(index, table, number)
        elif (equals := _find_unquoted(stripped, "=")) > 0:
            _record(index, table + _key_path(stripped[:equals]), number)
            value.feed(stripped[equals + 1 :])
    return index


def _record(index: dict[Loc, int], path: Loc, line: int) -> None:
    # Enclosing paths too, so [[services]] or a dotted key's parent has a line of its own.
    for end in range(1, len(path) + 1):
        index.setdefault(path[:end], line)


def _open_table(header: str, arrays: dict[Loc, int]) -> Loc:
    """The loc of the table a ``[a.b]`` or ``[[a.b]]`` header opens."""
    is_array = header.startswith("[[")
    inner = header[2:] if is_array else header[1:]
    names = _key_path(inner[: _find_unquoted(inner, "]")])
    path: Loc = ()
    for position, name in enumerate(names):
        path += (name,)
        last = position == len(names) - 1
        if last and is_array:
            arrays[path] = arrays.get(path, 0) + 1
        if path in arrays and (is_array or not last):
            path += (arrays[path] - 1,)  # the array's newest element
    return path


def _key_path(key: str) -> tuple[str, ...]:
    """Split a possibly dotted or quoted TOML key, letting tomllib do the unquoting."""
    try:
        node: Any = tomllib.loads(f"{key} = 0")
    except tomllib.TOMLDecodeError:
        return ()
    path: list[str] = []
    while isinstance(node, dict) and len(node) == 1:
        ((name, node),) = node.items()
        path.append(name)
    return tuple(path)


def _find_unquoted(text: str, target: str) -> int:
    """Index of the first ``target`` outside quotes and comments, or -1."""
    quote, escaped = "", False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif quote:
            escaped = char == "\\" and quote == '"'
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == target:
            return index
        elif char == "#":
            break
    return -1


_BRACKETS = {"[": 1, "{": 1, "]": -1, "}": -1}


class _ValueScanner:
    """Follows a value across lines, so text inside arrays and strings is never read as a key."""

    def __init__(self) -> None:
        self.depth = 0  # open [ and { brackets
        self.closing = ""  # delimiter of the string we are inside, if any

    @property
    def is_open(self) -> bool:
        return self.depth > 0 or self.closing != ""

    def feed(self, text: str) -> None:
        index = 0
        while index < len(text):
            if self.closing:
                index = self._past_string(text, index)
            elif text.startswith(('"""', "'''"), index):
                self.closing, index = text[index : index + 3], index + 3
            elif text[index] in "\"'":
                self.closing, index = text[index], index + 1
            elif text[index] == "#":
                break
            else:
                self.depth += _BRACKETS.get(text[index], 0)
                index += 1
        if len(self.closing) == 1:
            self.closing = ""  # single-line strings cannot run past their line

    def _past_string(self, text: str, index: int) -> int:
        """Index just past the open string's closing delimiter, or the line's end."""
        delimiter = self.closing
        while index < len(text):
            if text[index] == "\\" and delimiter[0] == '"':
                index += 2  # an escape, possibly of a quote
            elif text.startswith(delimiter, index):
                end = index + len(delimiter)
                # Up to two quotes may sit just inside a closing triple quote: """a""""
                while (
                    len(delimiter) == 3 and end - index < 5 and text[end:].startswith(delimiter[0])
                ):
                    end += 1
                self.closing = ""
                return end
            else:
                index += 1
        return len(text)
