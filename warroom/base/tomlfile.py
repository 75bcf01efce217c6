"""Reading a TOML file people write (the catalog, scenarios) into a pydantic model.

Every refusal is one line naming the file, the line and the field at fault, e.g.
``catalog /etc/org.toml, line 12, field services[3].team: unknown team 'Ops'``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from warroom.base.errors import WarroomError
from warroom.base.toml_lines import Loc, line_of

Problem = tuple[Loc, str]

Model = TypeVar("Model", bound=BaseModel)
Error = TypeVar("Error", bound=WarroomError)


class Problems(Exception):
    """Problems that span several entries, found after each field validated on its own.

    Raise it from a ``model_validator``. Deliberately not a ValueError: pydantic then lets it
    through untouched, so the loader still has each problem's own ``loc`` and can point at the
    exact line.
    """

    def __init__(self, problems: Sequence[Problem], what: str = "") -> None:
        super().__init__(one_line(what, problems))
        self.problems = tuple(problems)


def load_model(path: Path, model: type[Model], what: str, error: type[WarroomError]) -> Model:
    """Read, parse and validate ``path``; refuse with ``error`` naming file, line and field."""
    text = _read(path, what, error)
    data = _parse(path, text, what, error)
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems = [(tuple(item["loc"]), item["msg"]) for item in err.errors()]
        raise _located(path, text, problems, what, error) from err
    except Problems as err:
        raise _located(path, text, err.problems, what, error) from err


def located_error(
    path: Path | None, loc: Loc, message: str, what: str, error: type[Error]
) -> Error:
    """A problem found when the model is used, located like one found while loading it."""
    if path is None:  # a model built in code
        return error(one_line(what, [(loc, message)]))
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return error(one_line(f"{what} {path}", [(loc, message)]))
    return _located(path, text, [(loc, message)], what, error)


def one_line(where: str, problems: Sequence[Problem]) -> str:
    loc, message = problems[0]
    more = len(problems) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    prefix = f"{where}, " if where else ""
    return f"{prefix}field {field_path(loc)}: {message}{suffix}"


def field_path(loc: Loc) -> str:
    """``("services", 3, "team")`` -> ``services[3].team``."""
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
    return path.removeprefix(".") or "(top level)"


def _read(path: Path, what: str, error: type[WarroomError]) -> str:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise error(f"{what} {path}: cannot read: {err.strerror or err}") from err
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise error(f"{what} {path}, line {line}: cannot read: not UTF-8 text") from err


# tomllib puts the position at the end of its message; we move it to the front.
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def _parse(path: Path, text: str, what: str, error: type[WarroomError]) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error(syntax_error(path, text, err, what)) from err


def syntax_error(path: Path, text: str, err: tomllib.TOMLDecodeError, what: str) -> str:
    """tomllib's complaint as one line that starts with the file and the line."""
    message, line = str(err), "?"
    if position := _TOML_POSITION.search(message):
        message = message[: position.start()]
        if position[1]:
            line, message = position[1], f"{message} (column {position[2]})"
        else:
            line, message = str(max(1, len(text.splitlines()))), f"{message} (at end of file)"
    return f"{what} {path}, line {line}: TOML syntax error: {message}"


def _located(
    path: Path, text: str, problems: Sequence[Problem], what: str, error: type[Error]
) -> Error:
    line = line_of(text, problems[0][0])
    return error(one_line(f"{what} {path}, line {line or '?'}", problems))
