"""Who holds which role on the focused incident, for how long, and the chat-room topic."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from warroom.base.durations import short_duration
from warroom.base.localtime import local
from warroom.base.text import one_line
from warroom.process.links import chat_topic
from warroom.process.queries import Holding, entry_text, latest_handover
from warroom.process.read import IncidentDetail
from warroom.widgets.keys import key_name
from warroom.widgets.literal import Literal


class RolesBoard(Vertical):
    help = (
        "Roles board\n\n"
        "Each role and its holders, how long each person has been on the incident, and\n"
        "since when they hold the role. A ⚠ marks someone past the handover time set in\n"
        "the catalog: plan who takes over. Any role name works: the handbook's or your own.\n"
        "Hand-over and relieve act on the selected row."
    )

    # The screen does the work (the command palette runs the same actions).
    BINDINGS = [
        Binding(
            "plus,insert",
            "screen.assign_role",
            "Assign role",
            id="assign",
            tooltip="Give someone a role on the focused incident",
        ),
        Binding(
            "h",
            "screen.hand_over",
            "Hand over",
            id="handover",
            tooltip="Hand the selected role over to someone else",
        ),
        Binding(
            "x",
            "screen.relieve",
            "Relieve",
            id="relieve",
            tooltip="Relieve the selected holder of their role",
        ),
        Binding(
            "y",
            "screen.copy_topic",
            "Copy topic",
            id="copy_topic",
            tooltip="Copy the chat-room topic to the clipboard",
        ),
    ]

    DEFAULT_CSS = """
    RolesBoard { height: 1fr; }
    RolesBoard DataTable { height: auto; max-height: 1fr; }
    RolesBoard #topic-title { color: $text-muted; margin-top: 1; }
    RolesBoard #last-handover { padding: 0 1; margin-top: 1; }
    RolesBoard #topic { padding: 0 1; background: $boost; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.topic = ""
        self._rows: list[tuple[str, str]] = []
        self._holdings: list[Holding] = []
        self._handover_after = timedelta(hours=12)

    def compose(self) -> ComposeResult:
        table: DataTable[str | Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns("Role", "Holder", "On it (since)")
        yield table
        yield Literal("", id="last-handover")
        yield Literal("Chat-room topic", id="topic-title")
        yield Literal("", id="topic")

    def show(self, detail: IncidentDetail | None, now: datetime, handover_after: timedelta) -> None:
        table: DataTable[str | Text] = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        self._rows = []
        if detail is None:
            self.query_one("#topic", Static).update("")
            return
        self._holdings, self._handover_after = list(detail.holdings), handover_after
        for holding in detail.holdings:
            # Cells given as str would be read as markup: a name is data, so it goes in as Text.
            table.add_row(
                Text(one_line(holding.role)),
                Text(one_line(holding.person)),
                _on_it(holding, now, handover_after),
            )
            self._rows.append((holding.role, holding.person))
        if self._rows:
            table.move_cursor(row=min(cursor, len(self._rows) - 1))
        last = latest_handover(detail.timeline)
        self.query_one("#last-handover", Static).update(
            f"Last hand-over ({local(last.occurred_at):%H:%M}): {entry_text(last)}" if last else ""
        )
        self.topic = chat_topic(detail.incident, detail.holdings)
        self.query_one("#topic", Static).update(self.topic)

    def tick(self, now: datetime) -> None:
        """The fatigue clock moves on each second, without a trip to the store."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        if table.row_count != len(self._holdings):
            return  # a board is being shown: it brings its own times
        for row, holding in enumerate(self._holdings):
            table.update_cell_at(Coordinate(row, 2), _on_it(holding, now, self._handover_after))

    def on_mount(self) -> None:
        copy = key_name(self.app, "copy_topic")
        self.query_one("#topic-title", Static).update(f"Chat-room topic ({copy} copies it)")

    def selected(self) -> tuple[str, str] | None:
        """The role and holder on the selected row, if anyone holds a role."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        if not self._rows:
            return None
        return self._rows[min(table.cursor_row, len(self._rows) - 1)]


def _on_it(holding: Holding, now: datetime, handover_after: timedelta) -> Text:
    """Time on the incident and since when; once resolved, the timer stopped: until when,
    and nobody needs relief."""
    on_it = holding.time_on_incident(now)
    tired = on_it > handover_after and holding.until is None
    until = f"–{local(holding.until):%H:%M}" if holding.until else ""
    return Text(
        f"{short_duration(on_it)} ({local(holding.assumed_at):%H:%M}{until})"
        + (" ⚠ hand over" if tired else ""),
        style="bold red" if tired else "",
    )
