"""A store whose every piece of text people or scripts wrote is hostile.

The demo's incidents are written through the services, then every free-text column of every
table is overwritten directly, as any process that can write the file could do: escape
sequences that set the terminal's title and clipboard and clear the screen, a C1 control
sequence introducer, direction-changing characters, and markup that would make a link, an
action that runs when clicked, or bold and reversed text if it were interpreted.

The markers (CLICKME, LINKME, BOLDME, PWNED …) let a test find each part wherever it is shown.
"""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from warroom.base.locations import shipped_data
from warroom.process.context import Context
from warroom.scenarios.demo import populate_demo

from .conftest import T0

MARKUP = (
    "[@click=app.bell]CLICKME[/]"
    "[link=https://evil.example/]LINKME[/link]"
    "[b]BOLDME[/b][reverse]REVME[/reverse]"
)
ESCAPES = (
    "\x1b]0;PWNED-TITLE\x07"  # OSC 0: the window title
    "\x1b]52;c;UFdORUQ=\x07"  # OSC 52: the clipboard
    "\x1b[2J\x1b[31;7mREDREV"  # CSI: clear the screen, colours
    "\x9b7mC1CSI"  # a C1 control sequence introducer
    "\x1b]8;;https://evil.example/\x1b\\OSC8LINK\x1b]8;;\x1b\\"  # a hyperlink
)
BIDI = "\u202eRLO-TEXT\u2066ISOLATE\u2069\u200bZWSP"

# Markup first: narrow columns cut the end of what they show, and markup is what a short
# cell would most likely interpret.
PAYLOAD = f"{MARKUP} {ESCAPES} {BIDI}"

# Free-text columns, table by table. Keys, ids, kinds, statuses, phases and channels are
# the process's own words and stay as they are.
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "incident": (
        "summary",
        "description",
        "service",
        "chat_room",
        "video_link",
        "status_doc_link",
        "declared_by",
    ),
    "incident_product": ("product",),
    "timeline_entry": ("author", "text", "undo"),
    "timeline_edit": ("previous_text", "previous_undo", "edited_by"),
    "role_assignment": ("role", "person", "assigned_by"),
    "assessment_answer": ("answer", "answered_by"),
    "page": ("team", "person", "reason", "paged_by"),
    "page_notice": ("person",),
    "page_delivery": ("detail",),
    "action_item": ("text", "owner", "created_by"),
    "event": ("actor",),
    "message": ("title", "body", "sent_by", "reviewed_by"),
    "delivery": ("detail",),
}
JSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "timeline_entry": ("fact_values",),
    "message": ("fields",),
}


def hostile_store(path: Path) -> list[str]:
    """Create a store at ``path`` full of hostile text; return its incident keys."""
    ctx = Context.open(path)
    try:
        keys = populate_demo(ctx, T0)
    finally:
        ctx.close()
    poison(path)
    return keys


def hostile_catalog(path: Path) -> Path:
    """The shipped catalog with every name, description and handle made hostile, written
    as TOML escapes (an organisation's file is text people wrote, too)."""
    prefix = "[b]BOLDME\\u001b]0;PWNED-CATALOG\\u0007\\u202e "
    text = shipped_data("catalog.toml").read_text("utf-8")
    # Every string value, in arrays too, but those with a shape: the key prefix (letters),
    # a schedule's zone, rotation, times of day and days, and a person's email address
    # (names and people are text).
    shaped = "key_prefix|time_zone|rotation|handoff|days|start|end|email"
    value_lines = re.compile(rf"(?m)^(?!(?:{shaped})\b)[a-z_]+\s*=.*$")
    strings = re.compile(r'"([^"\\]*)"')

    def prefixed(found: re.Match[str]) -> str:
        return f'"{prefix}{found[1]}"'

    text = value_lines.sub(lambda line: strings.sub(prefixed, line[0]), text)
    path.write_text(text, "utf-8")
    return path


def poison(path: Path) -> None:
    """Overwrite every free-text column with the payload, triggers lifted for the while."""
    with closing(sqlite3.connect(path)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        triggers = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        with db:
            for name, _sql in triggers:
                db.execute(f'DROP TRIGGER "{name}"')
            for table, columns in TEXT_COLUMNS.items():
                _require(table, tables)
                assignments = ", ".join(
                    f'"{column}" = :payload || "{column}"' for column in columns
                )
                db.execute(f'UPDATE "{table}" SET {assignments}', {"payload": PAYLOAD})
            for table, columns in JSON_COLUMNS.items():
                _require(table, tables)
                for column in columns:
                    _poison_json(db, table, column)
            for _name, sql in triggers:
                db.execute(sql)


def _poison_json(db: sqlite3.Connection, table: str, column: str) -> None:
    rows = db.execute(f'SELECT id, "{column}" FROM "{table}"').fetchall()
    for row_id, text in rows:
        values = json.loads(text or "{}")
        if not isinstance(values, dict):
            continue
        poisoned = {
            name: PAYLOAD + value if isinstance(value, str) else value
            for name, value in values.items()
        }
        db.execute(
            f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?', (json.dumps(poisoned), row_id)
        )


def _require(table: str, tables: set[str]) -> None:
    # A renamed table would otherwise make this store quietly less hostile.
    assert table in tables, f"no table {table}: update tests/hostile.py"


def store_times(db: Path, value: str) -> None:
    """Every time of every table set to ``value``, as an older warroom or a hand could."""
    with closing(sqlite3.connect(db)) as conn, conn:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'")
        saved = triggers.fetchall()
        for name, _ in saved:
            conn.execute(f'DROP TRIGGER "{name}"')
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        for (table,) in tables:
            for column in conn.execute(f'PRAGMA table_info("{table}")').fetchall():
                if column[2].upper() == "DATETIME":
                    conn.execute(
                        f'UPDATE "{table}" SET "{column[1]}" = ? WHERE "{column[1]}" IS NOT NULL',
                        (value,),
                    )
        for _, sql in saved:
            conn.execute(sql)
