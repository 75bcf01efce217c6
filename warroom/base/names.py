"""Names as people type them and lookups compare them: a catalog's teams, services and
products, whichever way the catalog was read."""

from __future__ import annotations

from collections.abc import Iterable


def fold(name: str) -> str:
    """A name as lookups compare it: case and surrounding spaces aside."""
    return name.strip().casefold()


def find_named(names: Iterable[str], name: str) -> str | None:
    """The one of ``names`` that ``name`` means, as it is spelt there; None if none."""
    key = fold(name)
    return next((known for known in names if fold(known) == key), None)
