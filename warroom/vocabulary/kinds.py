"""Timeline entry kinds: what the scribe types to choose one, how the timeline labels it,
and which filter shows it. Each kind is defined once, here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class EntryKind(StrEnum):
    """The kinds as stored. ``system`` is what the console records itself."""

    OBSERVATION = "observation"
    THEORY = "theory"
    EXPERIMENT = "experiment"
    DECISION = "decision"
    CHANGE = "change"
    ACTION = "action"
    NOTE = "note"
    SYSTEM = "system"


class Group(StrEnum):
    """Filters beyond "all" and "people's notes": the review loop, and what was done."""

    THINKING = "theories and experiments"
    DOING = "decisions, changes, actions"


@dataclass(frozen=True)
class Kind:
    kind: EntryKind
    label: str  # the timeline's kind column, at most four characters
    prefixes: tuple[str, ...] = ()  # typed before a colon on the entry line: "t: …"
    group: Group | None = None


KINDS = (
    Kind(EntryKind.OBSERVATION, "OBS", ("o", "obs", "observation")),
    Kind(EntryKind.THEORY, "THEO", ("t", "theory"), Group.THINKING),
    Kind(EntryKind.EXPERIMENT, "EXP", ("e", "exp", "experiment"), Group.THINKING),
    Kind(EntryKind.DECISION, "DEC", ("d", "decision"), Group.DOING),
    Kind(EntryKind.CHANGE, "CHG", ("c", "change"), Group.DOING),
    Kind(EntryKind.ACTION, "ACT", ("a", "action"), Group.DOING),
    Kind(EntryKind.NOTE, "NOTE", ("n", "note")),
    Kind(EntryKind.SYSTEM, "SYS"),  # no prefix: people cannot write system entries
)

PEOPLE_KINDS = tuple(k.kind for k in KINDS if k.kind is not EntryKind.SYSTEM)


def prefix_table(kinds: Iterable[Kind]) -> dict[str, EntryKind]:
    """Every prefix to its kind; two kinds claiming one prefix is a mistake, not a choice."""
    table: dict[str, EntryKind] = {}
    for kind in kinds:
        for prefix in kind.prefixes:
            taken = table.setdefault(prefix.lower(), kind.kind)
            if taken is not kind.kind:
                raise ValueError(f"prefix {prefix!r} is claimed by both {taken} and {kind.kind}")
    return table


PREFIXES = prefix_table(KINDS)

_BY_VALUE = {k.kind.value: k for k in KINDS}


def label(kind: str) -> str:
    """The timeline's label; a kind this version does not know is shown by its own name."""
    known = _BY_VALUE.get(kind)
    return known.label if known else kind.upper()[:4]


@dataclass(frozen=True)
class KindFilter:
    label: str
    kinds: frozenset[str] | None  # None: everything


FILTERS = (
    KindFilter("all entries", None),
    KindFilter("people's notes", frozenset(k.value for k in PEOPLE_KINDS)),
    *(
        KindFilter(group.value, frozenset(k.kind.value for k in KINDS if k.group is group))
        for group in Group
    ),
    KindFilter("system entries", frozenset({EntryKind.SYSTEM.value})),
)
