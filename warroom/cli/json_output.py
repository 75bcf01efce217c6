"""What the commands print as JSON: one escaping path for every value (``base.text``), and a
long list written item by item."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterable

from warroom.base.text import escaped_code


def print_json(data: object) -> None:
    print(_dumped(data))


def _dumped(data: object) -> str:
    # Non-ASCII stays readable on a UTF-8 terminal; elsewhere JSON's own escapes keep it exact.
    # Either way what a terminal would obey is written as JSON escapes: the same data.
    utf8 = (sys.stdout.encoding or "").lower().replace("-", "") == "utf8"
    return escaped_code(json.dumps(data, ensure_ascii=not utf8, indent=2))


def print_json_items(items: Iterable[object]) -> None:
    """A JSON array written item by item, the same text ``print_json`` writes for the whole
    list, so that a list of any length is never all in memory at once."""
    out, first = sys.stdout, True
    for item in items:
        out.write("[\n" if first else ",\n")
        out.write(textwrap.indent(_dumped(item), "  "))
        first = False
    out.write("[]\n" if first else "\n]\n")
