"""The incident list: two lines per incident, drawn only for the lines in view.

A ScrollView with ``render_line`` rather than a DataTable: DataTable measures
every cell, which costs most of a second at 10,000 rows; this costs the same
at 10 rows or 100,000. Two lines per incident keep the summary readable in a
narrow column.
"""

from __future__ import annotations

from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from warroom.base.durations import short_duration
from warroom.base.text import safe
from warroom.process.incident_row import IncidentRow
from warroom.vocabulary.incident import Status

LINES_PER_ROW = 2


class IncidentList(ScrollView, can_focus=True):
    """Open incidents first, by severity then age; major ones stand out."""

    help = (
        "Incident list\n\n"
        "Moving the cursor, or a click, chooses the incident the other panes show.\n"
        "Open incidents come first, by severity then age; resolved ones can be\n"
        "shown too, read a page at a time as you scroll down to them. A bar on the\n"
        "left marks a major incident, as the severity\n"
        "matrix says. Each entry: key, severity, status, time since the impact\n"
        "started (or since it was declared), incident manager, and the summary\n"
        "underneath. A resolved incident with clean-up or follow-up items not done\n"
        "says how many before its summary, and how many of them are OVERDUE."
    )

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", id="list_up", show=False),
        Binding("down", "cursor(1)", "Down", id="list_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="list_page_up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="list_page_down", show=False),
        Binding("home", "jump(0)", "First", id="list_first", show=False),
        Binding("end", "jump(-1)", "Last", id="list_last", show=False),
    ]

    COMPONENT_CLASSES = {
        "incident-list--cursor",
        "incident-list--major",
        "incident-list--resolved",
        "incident-list--summary",
        "incident-list--empty",
        "incident-list--items",
        "incident-list--overdue",
    }

    DEFAULT_CSS = """
    IncidentList { height: 1fr; }
    IncidentList > .incident-list--cursor { background: $accent 30%; }
    IncidentList:focus > .incident-list--cursor { background: $accent 60%; }
    IncidentList > .incident-list--major { color: $error; text-style: bold; }
    IncidentList > .incident-list--resolved { color: $text-muted; }
    IncidentList > .incident-list--summary { text-style: bold; }
    IncidentList > .incident-list--empty { color: $text-muted; }
    IncidentList > .incident-list--items { color: $warning; }
    IncidentList > .incident-list--overdue { color: $error; text-style: bold; }
    """

    cursor = reactive(0, repaint=True)

    class Chosen(Message):
        """The user picked an incident to work on."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class WantMore(Message):
        """The end of the rows read is in view, and the store holds more: read more."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[IncidentRow] = []
        self.unlisted = 0  # incidents past the rows read; a last line says how many
        self._asked = False  # for more, since these rows were set
        self.now: datetime | None = None
        self.empty_message = "No incidents."
        self.major_levels: frozenset[int] = frozenset()  # from the catalog's severity matrix

    def set_rows(
        self, rows: list[IncidentRow], now: datetime, focused: str | None, unlisted: int = 0
    ) -> None:
        """Replace the rows, keeping the cursor on the focused incident if it is still listed.
        ``unlisted``: how many more the store holds past these (read when scrolled to)."""
        if rows is not self.rows or unlisted != self.unlisted:
            self._asked = False
        self.rows = rows
        self.unlisted = unlisted
        self.now = now
        keys = [row.key for row in rows]
        if focused in keys:
            self.cursor = keys.index(focused)
        else:
            self.cursor = min(self.cursor, max(len(rows) - 1, 0))
        listed = len(rows) + (1 if unlisted else 0)
        self.virtual_size = Size(self.size.width, listed * LINES_PER_ROW)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        line_number = y + self.scroll_offset.y
        index, part = divmod(line_number, LINES_PER_ROW)
        if not self.rows:
            if y == 0:
                style = self.get_component_rich_style("incident-list--empty")
                return self._strip(Text(self.empty_message), width, style)
            return Strip.blank(width, self.rich_style)
        if index == len(self.rows) and self.unlisted:
            self._ask_for_more()
            if part == 0:
                more = f"  … {self.unlisted:,} more — read as you scroll to them"
                style = self.get_component_rich_style("incident-list--empty")
                return self._strip(Text(more), width, style)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        resolved = row.status == Status.RESOLVED.value
        major = row.severity in self.major_levels and not resolved
        style = self.rich_style
        if resolved:
            style += self.get_component_rich_style("incident-list--resolved", partial=True)
        if index == self.cursor:
            style += self.get_component_rich_style("incident-list--cursor")
        text = Text()
        text.append("▌" if major else " ", style=self._major_style() if major else "")
        if part == 0:
            text.append_text(self._facts(row))
        else:
            if resolved and row.open_items:
                text.append_text(self._items_left(row))
            summary = safe(row.summary).replace("\n", " ")
            text.append(
                " " + summary,
                style=self.get_component_rich_style("incident-list--summary", partial=True),
            )
            if row.training:
                text.append(" [drill]", style="italic")
        return self._strip(text, width, style)

    def _major_style(self) -> Style:
        return self.get_component_rich_style("incident-list--major", partial=True)

    def _facts(self, row: IncidentRow) -> Text:
        started = row.impact_started_at or row.declared_at
        # An open incident's age keeps growing; a resolved one shows how long the impact lasted.
        end = row.resolved_at or self.now
        age = short_duration(end - started) if end else ""
        text = Text(f"{row.key:<9}")
        major = row.severity in self.major_levels
        text.append(f"SEV{row.severity}", style=self._major_style() if major else "")
        text.append(f" {row.status.upper():<9}{age:>6}  ")
        if row.incident_manager:
            text.append("IM " + safe(row.incident_manager))
        elif row.status != Status.RESOLVED.value:
            text.append("no IM", style=self._major_style())
        return text

    def _items_left(self, row: IncidentRow) -> Text:
        """After the fire, what is still to do, before the summary:
        ``2 open items · 1 OVERDUE ·``. Counted when the board was read."""
        text = Text(" ")
        items = self.get_component_rich_style("incident-list--items", partial=True)
        plural = "s" if row.open_items != 1 else ""
        text.append(f"{row.open_items} open item{plural}", style=items)
        if row.overdue_items:
            overdue = self.get_component_rich_style("incident-list--overdue", partial=True)
            text.append(" · ")
            text.append(f"{row.overdue_items} OVERDUE", style=overdue)
        text.append(" ·")
        return text

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        return Strip(segments, width).apply_style(style)

    def watch_cursor(self) -> None:
        """Keep both lines of the cursor's incident in view."""
        top_line = self.cursor * LINES_PER_ROW
        visible = max(self.size.height, LINES_PER_ROW)
        if top_line < self.scroll_offset.y:
            self.scroll_to(y=top_line, animate=False)
        elif top_line + LINES_PER_ROW > self.scroll_offset.y + visible:
            self.scroll_to(y=top_line + LINES_PER_ROW - visible, animate=False)

    def _move(self, index: int) -> None:
        """Moving the cursor focuses that incident, so the other panes follow it."""
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, index))
            self.post_message(self.Chosen(self.rows[self.cursor].key))
            if index >= len(self.rows) - 1:
                self._ask_for_more()

    def _ask_for_more(self) -> None:
        if self.unlisted and not self._asked:
            self._asked = True
            self.post_message(self.WantMore())

    def action_cursor(self, delta: int) -> None:
        self._move(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move(self.cursor + direction * max(self.size.height // LINES_PER_ROW - 1, 1))

    def action_jump(self, where: int) -> None:
        self._move(0 if where == 0 else len(self.rows) - 1)

    def on_click(self, event: events.Click) -> None:
        index = (event.y + self.scroll_offset.y) // LINES_PER_ROW
        if 0 <= index < len(self.rows):
            self._move(index)
