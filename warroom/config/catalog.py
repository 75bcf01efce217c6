"""The organisation catalog: products, teams, services and the severity matrix.

The catalog is a TOML file (``data/catalog.toml`` is the shipped default). Loading it either
yields a fully consistent, immutable :class:`Catalog` or raises :class:`CatalogError` with one
line naming the file, the line number and the field that is wrong.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, Self, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from warroom.base.errors import CatalogError
from warroom.base.locations import shipped_data

__all__ = [
    "UNKNOWN_SERVICE",
    "Catalog",
    "Product",
    "Service",
    "SeverityLevel",
    "Team",
    "default_catalog_path",
    "load_catalog",
]

UNKNOWN_SERVICE = "Unknown"
"""The handbook's choice for "no idea which service is at fault"; never a catalog entry."""

SEVERITY_LEVELS = (1, 2, 3)

# Strict scalars: TOML values are already typed, so "30" for a number or "yes" for a bool
# is a mistake in the file, not something to coerce.
Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]

Loc = tuple[str | int, ...]
"""A field path in pydantic's ``loc`` form, e.g. ``("services", 3, "team")``."""

Problem = tuple[Loc, str]


class _Entry(BaseModel):
    # frozen: the catalog is shared read-only; forbid: a misspelt key must not be ignored.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Product(_Entry):
    """Something customers use; incidents list the products they affect."""

    name: Text
    description: Text


class Team(_Entry):
    """A team that owns services; ``roster`` is its on-call rotation, first paged first."""

    name: Text
    description: Text
    roster: tuple[Text, ...] = Field(min_length=1)


class Service(_Entry):
    """A technical component an incident can be blamed on ("faulty service")."""

    name: Text
    team: Text
    description: Text
    products: tuple[Text, ...]


class SeverityLevel(_Entry):
    """One row of the severity matrix."""

    level: StrictInt = Field(ge=1, le=3)
    name: Text
    description: Text
    examples: tuple[Text, ...]
    major: StrictBool
    response: Text
    update_every_minutes: StrictInt = Field(gt=0)


class _CatalogProblems(CatalogError):
    """Cross-reference problems found after the fields themselves validated.

    Deliberately not a ValueError: pydantic then lets it through untouched, so the loader
    still has each problem's own ``loc`` and can point at the exact line.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(_one_line("catalog", problems))
        self.problems = tuple(problems)


class Catalog(_Entry):
    """The whole organisation. Lookups by name are case-insensitive."""

    key_prefix: StrictStr
    handover_after_hours: StrictFloat = Field(default=4.0, gt=0, allow_inf_nan=False)
    require_review_for_external: StrictBool = False
    products: tuple[Product, ...] = Field(min_length=1)
    teams: tuple[Team, ...] = Field(min_length=1)
    services: tuple[Service, ...] = Field(min_length=1)
    severities: tuple[SeverityLevel, ...]

    @field_validator("key_prefix")
    @classmethod
    def _key_prefix_shape(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{1,10}", value):
            raise ValueError(f"must be 1 to 10 uppercase letters A-Z (like 'HOT'), not {value!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = _consistency_problems(self)
        if problems:
            raise _CatalogProblems(problems)
        return self

    def product(self, name: str) -> Product | None:
        return _find(self.products, name)

    def team(self, name: str) -> Team | None:
        return _find(self.teams, name)

    def service(self, name: str) -> Service | None:
        """The service called ``name``; None for unknown names, including "Unknown"."""
        return _find(self.services, name)

    def severity(self, level: int) -> SeverityLevel | None:
        return next((s for s in self.severities if s.level == level), None)

    @property
    def product_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.products)

    @property
    def service_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.services)


def _fold(name: str) -> str:
    return name.strip().casefold()


_Named = TypeVar("_Named", Product, Team, Service)


def _find(entries: Iterable[_Named], name: str) -> _Named | None:
    key = _fold(name)
    return next((e for e in entries if _fold(e.name) == key), None)


# --- consistency: rules that span several entries -------------------------------------------


def _consistency_problems(catalog: Catalog) -> list[Problem]:
    return [
        *_duplicate_names("products", catalog.products),
        *_duplicate_names("teams", catalog.teams),
        *_duplicate_names("services", catalog.services),
        *_service_problems(catalog),
        *_severity_problems(catalog.severities),
    ]


def _duplicate_names(
    section: str, entries: Sequence[Product | Team | Service]
) -> Iterator[Problem]:
    first_seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        earlier = first_seen.setdefault(_fold(entry.name), index)
        if earlier != index:
            message = f"duplicate name {entry.name!r}, see {section}[{earlier}]"
            yield (section, index, "name"), message


def _service_problems(catalog: Catalog) -> Iterator[Problem]:
    teams = ", ".join(team.name for team in catalog.teams)
    products = ", ".join(catalog.product_names)
    for index, service in enumerate(catalog.services):
        if _fold(service.name) == _fold(UNKNOWN_SERVICE):
            message = f"{UNKNOWN_SERVICE!r} is reserved for when the faulty service is not known"
            yield ("services", index, "name"), message
        if catalog.team(service.team) is None:
            yield ("services", index, "team"), f"unknown team {service.team!r} (teams: {teams})"
        for position, product in enumerate(service.products):
            if catalog.product(product) is None:
                message = f"unknown product {product!r} (products: {products})"
                yield ("services", index, "products", position), message


def _severity_problems(severities: Sequence[SeverityLevel]) -> Iterator[Problem]:
    seen: set[int] = set()
    for index, severity in enumerate(severities):
        if severity.level in seen:
            yield ("severities", index, "level"), f"duplicate level {severity.level}"
        seen.add(severity.level)
    for level in SEVERITY_LEVELS:
        if level not in seen:
            yield ("severities",), f"level {level} is missing; levels 1, 2 and 3 are all required"


# --- loading --------------------------------------------------------------------------------


def default_catalog_path() -> Path:
    """The shipped catalog: ``data/`` of a source checkout, else the wheel's ``_data/`` copy."""
    return shipped_data("catalog.toml")


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and check a catalog file; ``None`` means the shipped default."""
    path = default_catalog_path() if path is None else path
    text = _read(path)
    data = _parse_toml(path, text)
    try:
        return Catalog.model_validate(data)
    except ValidationError as err:
        problems = [(tuple(error["loc"]), error["msg"]) for error in err.errors()]
        raise _located_error(path, text, problems) from err
    except _CatalogProblems as err:
        raise _located_error(path, text, err.problems) from err


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise CatalogError(f"catalog {path}: cannot read: {err.strerror or err}") from err
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise CatalogError(f"catalog {path}, line {line}: cannot read: not UTF-8 text") from err


# tomllib puts the position at the end of its message; we move it to the front.
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message, line = str(err), "?"
        if position := _TOML_POSITION.search(message):
            message = message[: position.start()]
            if position[1]:
                line, message = position[1], f"{message} (column {position[2]})"
            else:
                line, message = str(max(1, len(text.splitlines()))), f"{message} (at end of file)"
        raise CatalogError(f"catalog {path}, line {line}: TOML syntax error: {message}") from err


def _located_error(path: Path, text: str, problems: Sequence[Problem]) -> CatalogError:
    line = _line_of(_index_lines(text), problems[0][0])
    return CatalogError(_one_line(f"catalog {path}, line {line or '?'}", problems))


def _one_line(where: str, problems: Sequence[Problem]) -> str:
    loc, message = problems[0]
    more = len(problems) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{where}, field {_field_path(loc)}: {message}{suffix}"


def _field_path(loc: Loc) -> str:
    """``("services", 3, "team")`` -> ``services[3].team``."""
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
    return path.removeprefix(".") or "(top level)"


# --- finding the line a field is on -----------------------------------------------------------
#
# tomllib does not report positions, so we scan the (already valid) text ourselves and note
# where every table and key is defined, keyed by the same path pydantic uses in ``loc``.


def _line_of(index: dict[Loc, int], loc: Loc) -> int | None:
    """The line of ``loc``, or of the nearest enclosing table or key that is in the file.

    A missing field thus points at the header of the table it belongs in.
    """
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
