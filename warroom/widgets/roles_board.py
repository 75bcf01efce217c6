"""Who holds which role on the focused incident, for how long, and the chat-room topic."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from warroom.base.durations import short_duration
from warroom.base.localtime import local, local_text
from warroom.base.text import one_line
from warroom.process.links import chat_topic
from warroom.process.queries import Holding, entry_text, latest_handover
from warroom.process.read import IncidentDetail
from warroom.reports.shifts import HolderShift, Shift
from warroom.widgets.keys import key_name
from warroom.widgets.literal import Literal


class RolesBoard(Vertical):
    help = (
        "Roles board\n\n"
        "Each role and its holders, how long each person has been on the incident, and\n"
        "since when they hold the role. A ⚠ marks someone past the handover time set in\n"
        "the catalog: plan who takes over. Any role name works: the handbook's or your own.\n"
        "Hand-over and relieve act on the selected row.\n\n"
        "Below the table: each holder who is on call for a team now, and when that shift\n"
        "ends; for someone past the handover time, who is on call next to take over (for an\n"
        "incident manager on no team's shift, the IMOC on call)."
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
    RolesBoard #roles-notes { height: 1fr; }
    RolesBoard #shifts { padding: 0 1; margin-top: 1; }
    RolesBoard #topic-title { color: $text-muted; margin-top: 1; }
    RolesBoard #last-handover { padding: 0 1; margin-top: 1; }
    RolesBoard #topic { padding: 0 1; background: $boost; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.topic = ""
        self._rows: list[tuple[str, str]] = []
        self._holdings: list[Holding] = []
        self._shifts: dict[tuple[str, str], HolderShift] = {}
        self._handover_after = timedelta(hours=12)

    def compose(self) -> ComposeResult:
        table: DataTable[str | Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns("Role", "Holder", "On it (since)")
        yield table
        # What follows the table scrolls: on a short terminal the shifts and the hand-over
        # can push the topic out of sight, and the scroll bar says there is more.
        with VerticalScroll(id="roles-notes", can_focus=False):
            yield Literal("", id="shifts")
            yield Literal("", id="last-handover")
            yield Literal("Chat-room topic", id="topic-title")
            yield Literal("", id="topic")

    def show(
        self,
        detail: IncidentDetail | None,
        now: datetime,
        handover_after: timedelta,
        shifts: Iterable[HolderShift] = (),
    ) -> None:
        table: DataTable[str | Text] = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        self._rows = []
        if detail is None:
            self._holdings, self._shifts = [], {}
            self.query_one("#shifts", Static).display = False
            self.query_one("#topic", Static).update("")
            return
        self._holdings, self._handover_after = list(detail.holdings), handover_after
        self._shifts = {(s.role, s.person): s for s in shifts}
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
        self._show_shifts(now)
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
        self._show_shifts(now)

    def _show_shifts(self, now: datetime) -> None:
        """Who is on call for a team and until when; whom to hand over to when it is time."""
        lines: list[Content] = []
        told: set[str] = set()
        for holding in self._holdings:
            held = self._shifts.get((holding.role, holding.person))
            if held is None or held.shift is None or holding.person.lower() in told:
                continue
            told.add(holding.person.lower())
            lines.append(Content(shift_line(holding.person, held.shift)))
        for holding in self._holdings:
            if _tired(holding, now, self._handover_after):
                held = self._shifts.get((holding.role, holding.person))
                lines.append(Content.styled(handover_line(holding, now, held), "bold $error"))
        shifts = self.query_one("#shifts", Static)
        shifts.update(Content("\n").join(lines))
        shifts.display = bool(lines)

    def on_mount(self) -> None:
        copy = key_name(self.app, "copy_topic")
        self.query_one("#topic-title", Static).update(f"Chat-room topic ({copy} copies it)")

    def selected(self) -> tuple[str, str] | None:
        """The role and holder on the selected row, if anyone holds a role."""
        table: DataTable[str | Text] = self.query_one(DataTable)
        if not self._rows:
            return None
        return self._rows[min(table.cursor_row, len(self._rows) - 1)]


def shift_line(person: str, shift: Shift) -> str:
    """``person`` is on call for a team now: until when, and who then."""
    line = f"On call: {one_line(person)} for {one_line(shift.team)}"
    if shift.ends_at is None:
        return f"{line}, no hand-off ahead"
    then = f", then {one_line(shift.next_person)}" if shift.next_person else ""
    return f"{line} until {local_text(shift.ends_at, '%a %d %b %H:%M')}{then}"


def handover_line(holding: Holding, now: datetime, held: HolderShift | None) -> str:
    """The fatigue warning, naming who takes over when the schedules say who."""
    on_it = short_duration(holding.time_on_incident(now))
    who = f"⚠ {one_line(holding.role)} {one_line(holding.person)}: {on_it} on the incident"
    if held is None or held.relief is None:
        return f"{who} — hand over"
    return f"{who} — hand over to {one_line(held.relief)} ({one_line(held.relief_why)})"


def _tired(holding: Holding, now: datetime, handover_after: timedelta) -> bool:
    """Past the handover time; once resolved, the timer stopped and nobody needs relief."""
    return holding.time_on_incident(now) > handover_after and holding.until is None


def _on_it(holding: Holding, now: datetime, handover_after: timedelta) -> Text:
    """Time on the incident and since when; once resolved, the timer stopped: until when,
    and nobody needs relief."""
    on_it = holding.time_on_incident(now)
    tired = _tired(holding, now, handover_after)
    until = f"–{local(holding.until):%H:%M}" if holding.until else ""
    return Text(
        f"{short_duration(on_it)} ({local(holding.assumed_at):%H:%M}{until})"
        + (" ⚠ hand over" if tired else ""),
        style="bold red" if tired else "",
    )
