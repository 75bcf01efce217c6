"""Reading a count the way people write it: ``37 tickets so far``, ``about 40``, ``~40``,
``12 (3 VIP)``, ``1,200``, ``2k``. A count that nobody knows stays unknown (``None``),
never zero."""

from __future__ import annotations

import re

# The first number in the text, with optional thousands separators and a "k" for thousands.
# ASCII digits, as everywhere warroom reads a number ("٣٧" or "²" is no count).
_NUMBER = re.compile(r"(?<![\w.])([0-9]{1,3}(?:[,\u202f\u00a0 ][0-9]{3})+|[0-9]+)(?:\s*([kK])\b)?")
_NONE_WORDS = re.compile(r"^\s*(none|zero|nil|no (support )?(cases|tickets))\b", re.I)
_MAX = 10**12  # a count beyond this is a typo, not a number of tickets


def read_count(text: str) -> int | None:
    """The count a person wrote, or ``None`` when the text holds none ("unknown", "lots").

    The first number counts, so ``12 (3 VIP)`` is 12 and ``40-50`` is 40: the figure a
    person leads with is the one they mean.
    """
    found = _NUMBER.search(text)
    if found is None:
        return 0 if _NONE_WORDS.match(text) else None
    digits = re.sub(r"[^0-9]", "", found.group(1))
    if len(digits) > len(str(_MAX)):  # beyond any count, and int() refuses 4,300 digits
        return None
    count = int(digits) * (1000 if found.group(2) else 1)
    return count if count <= _MAX else None


def say_count(count: int | None) -> str:
    """A count in a message or a report: a number, or ``unknown`` (never a made-up 0)."""
    return "unknown" if count is None else str(count)
