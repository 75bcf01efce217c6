"""Placeholders in a scenario's text, filled in when the step is played.

People write times in notes as local wall-clock hours and minutes ("since 13:14"), and those
depend on the moment the scenario is played to; keys ("HOT-7") depend on the store. So the text
names them relative to the incident instead:

- ``{t}``, ``{t+2m}``, ``{t-3m}``: the local HH:MM of a moment relative to the incident's start;
- ``{key}``, ``{key:ID}``: this incident's key, or the key of the incident with id ``ID``;
- ``{slug}``, ``{slug:ID}``: the same key in lower case, for links (``.../hot-7``);
- ``{{`` and ``}}``: a brace.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from warroom.scenarios.durations import parse_offset

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_TIME = re.compile(r"t(?:[+-].*)?")
_KEY = re.compile(r"(key|slug)(?::(.*))?")
KNOWN = "{t}, {t+2m}, {t-3m}, {key}, {key:ID}, {slug}, {slug:ID}"


@dataclass(frozen=True)
class Placeholder:
    """One ``{...}``: a time (``offset`` from the incident's start) or a key."""

    offset: timedelta | None = None
    incident: str = ""  # the id a key refers to; "" is the incident the text belongs to
    lower: bool = False


def placeholders(text: str) -> Iterator[Placeholder]:
    """Each placeholder in ``text``, in order; ``ValueError`` for one that is not known."""
    for token in _TOKEN.finditer(text):
        if token[0] in ("{{", "}}"):
            continue
        if token[1] is None:
            raise ValueError(f"a lone {token[0]!r}; write {token[0] * 2!r} for a brace")
        yield _placeholder(token[1])


def _placeholder(body: str) -> Placeholder:
    if _TIME.fullmatch(body):
        try:
            return Placeholder(offset=parse_offset(body[1:] or "0s"))
        except ValueError:
            pass
    elif (key := _KEY.fullmatch(body)) and key[2] != "":
        return Placeholder(incident=key[2] or "", lower=key[1] == "slug")
    raise ValueError(f"unknown placeholder {{{body}}}; use {KNOWN}")


def render(text: str, *, start: datetime, keys: Mapping[str, str], own: str) -> str:
    """``text`` with its placeholders filled in; ``keys`` maps incident ids to their keys."""

    def fill(token: re.Match[str]) -> str:
        if token[1] is None:
            return token[0][0]  # an escaped brace
        found = _placeholder(token[1])
        if found.offset is not None:
            return hh_mm(start + found.offset)
        key = keys[found.incident or own]
        return key.lower() if found.lower else key

    return _TOKEN.sub(fill, text)


def hh_mm(moment: datetime) -> str:
    """A time as people write it in notes: local wall-clock hours and minutes."""
    return moment.astimezone().strftime("%H:%M")
