"""Reading a TOML file people write (the catalog, scenarios) into a pydantic model.

Every refusal is one line naming the file, the line and the field at fault, e.g.
``catalog /etc/org.toml, line 12, field services[3].team: unknown team 'Ops'``. The file is
read by ``textfile``: a regular file of at most 1 MiB, UTF-8.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from warroom.base.errors import WarroomError
from warroom.base.textfile import read_text, shown
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
    return model_from_text(path, read_text(path, what, error), model, what, error)


def model_from_text(
    path: Path, text: str, model: type[Model], what: str, error: type[WarroomError]
) -> Model:
    """``load_model`` for a text already read (kept in a store, say); ``path`` names it."""
    data = parse(path, text, what, error)
    try:
        return model.model_validate(data)
    except ValidationError as err:
        # pydantic prefixes a validator's own words with "Value error, ": they read alone.
        problems = [
            (tuple(item["loc"]), item["msg"].removeprefix("Value error, ")) for item in err.errors()
        ]
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
        text = read_text(path, what, error)
    except WarroomError:  # changed since it was loaded: say where without the line
        return error(one_line(f"{what} {shown(path)}", [(loc, message)]))
    return _located(path, text, [(loc, message)], what, error)


def one_line(where: str, problems: Sequence[Problem]) -> str:
    loc, message = problems[0]
    more = len(problems) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    prefix = f"{where}, " if where else ""
    # Keys and messages quote the file (a key may be any string): escaped, on one line.
    return f"{prefix}field {shown(field_path(loc))}: {shown(message)}{suffix}"


def field_path(loc: Loc) -> str:
    """``("services", 3, "team")`` -> ``services[3].team``."""
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
    return path.removeprefix(".") or "(top level)"


# tomllib puts the position at the end of its message; we move it to the front.
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def parse(path: Path, text: str, what: str, error: type[WarroomError]) -> dict[str, Any]:
    """The TOML document in ``text`` (read from ``path``); ``error`` naming the line if not."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error(syntax_error(path, text, err, what)) from err
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise error(f"{what} {shown(path)}: TOML syntax error: values nested too deeply") from None
    except ValueError:  # an integer of more than 4,300 digits: Python will not read it
        raise error(f"{what} {shown(path)}: a number has too many digits to be read") from None


def syntax_error(path: Path, text: str, err: tomllib.TOMLDecodeError, what: str) -> str:
    """tomllib's complaint as one line that starts with the file and the line."""
    message, line = str(err), "?"
    if position := _TOML_POSITION.search(message):
        message = message[: position.start()]
        if position[1]:
            line, message = position[1], f"{message} (column {position[2]})"
        else:
            line, message = str(max(1, len(text.splitlines()))), f"{message} (at end of file)"
    return f"{what} {shown(path)}, line {line}: TOML syntax error: {shown(message)}"


def _located(
    path: Path, text: str, problems: Sequence[Problem], what: str, error: type[Error]
) -> Error:
    line = line_of(text, problems[0][0])
    return error(one_line(f"{what} {shown(path)}, line {line or '?'}", problems))
