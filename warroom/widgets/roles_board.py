"""Who holds which role on the focused incident, for how long, and the chat-room topic."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from warroom.base.text import safe
from warroom.process.links import chat_topic
from warroom.process.metrics import short_duration
from warroom.process.read import IncidentDetail


class RolesBoard(Vertical):
    help = (
        "Roles board\n\n"
        "Each role and its holders, how long each person has been on the incident, and\n"
        "since when they hold the role. A ⚠ marks someone past the handover time set in\n"
        "the catalog: plan who takes over.\n\n"
        "+ assigns a role (any name: the handbook's roles or your own), h hands the\n"
        "selected role over, x relieves the selected holder, y copies the chat-room topic."
    )

    BINDINGS = [
        Binding("plus,insert", "assign", "Assign role"),
        Binding("h", "handover", "Hand over"),
        Binding("x", "relieve", "Relieve"),
        Binding("y", "copy_topic", "Copy topic"),
    ]

    DEFAULT_CSS = """
    RolesBoard { height: 1fr; }
    RolesBoard DataTable { height: auto; max-height: 1fr; }
    RolesBoard #topic-title { color: $text-muted; margin-top: 1; }
    RolesBoard #topic { padding: 0 1; background: $boost; }
    """

    class Requested(Message):
        """The user asked for a roles action; the screen opens the right form."""

        def __init__(self, action: str, role: str | None, person: str | None) -> None:
            super().__init__()
            self.action = action
            self.role = role
            self.person = person

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.topic = ""
        self._rows: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        table: DataTable[str | Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns("Role", "Holder", "On it (since)")
        yield table
        yield Static("Chat-room topic (y copies it)", id="topic-title", markup=False)
        yield Static("", id="topic", markup=False)

    def show(self, detail: IncidentDetail | None, now: datetime, handover_after: timedelta) -> None:
        table: DataTable[str | Text] = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        self._rows = []
        if detail is None:
            self.query_one("#topic", Static).update("")
            return
        for holding in detail.holdings:
            on_it = holding.time_on_incident(now)
            tired = on_it > handover_after
            table.add_row(
                holding.role,
                safe(holding.person),
                Text(
                    f"{short_duration(on_it)} ({holding.assumed_at.astimezone():%H:%M})"
                    + (" ⚠ hand over" if tired else ""),
                    style="bold red" if tired else "",
                ),
            )
            self._rows.append((holding.role, holding.person))
        if self._rows:
            table.move_cursor(row=min(cursor, len(self._rows) - 1))
        self.topic = chat_topic(detail.incident, detail.holdings)
        self.query_one("#topic", Static).update(safe(self.topic))

    def _selected(self) -> tuple[str | None, str | None]:
        table: DataTable[str | Text] = self.query_one(DataTable)
        if not self._rows:
            return None, None
        return self._rows[min(table.cursor_row, len(self._rows) - 1)]

    def action_assign(self) -> None:
        self.post_message(self.Requested("assign", None, None))

    def action_handover(self) -> None:
        self.post_message(self.Requested("handover", *self._selected()))

    def action_relieve(self) -> None:
        self.post_message(self.Requested("relieve", *self._selected()))

    def action_copy_topic(self) -> None:
        if self.topic:
            self.app.copy_to_clipboard(self.topic)
            self.notify("Chat-room topic copied to the clipboard.")
