"""The Items tab: the focused incident's clean-up and follow-up items, open ones first and
the soonest due first; below, the highlighted item in full."""

from __future__ import annotations

from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable

from warroom.base.localtime import local_text
from warroom.base.text import one_line, safe
from warroom.store.models import ActionItem
from warroom.vocabulary.incident import ActionPriority
from warroom.widgets.keys import key_name
from warroom.widgets.literal import Literal
from warroom.widgets.pane import LazyPane

COLUMNS = ("Id", "Item · owner · kind", "Due")
ID_WIDTH = 5  # "999" and the cell's padding
DUE_WIDTH = 14  # "27 Nov 16:00" / "⚠ OVERDUE" / "done 27 Nov", and the cell's padding
SPARE = 6  # the other cells' padding, and a scroll bar
DUE_FORMAT = "%d %b %H:%M"
PRIORITY_MARKS = {ActionPriority.HIGH.value: "▲ HIGH ", ActionPriority.LOW.value: "▽ low "}


def is_overdue(item: ActionItem, now: datetime) -> bool:
    return not item.done and item.due_at is not None and item.due_at < now


def in_order(items: list[ActionItem]) -> list[ActionItem]:
    """As ``warroom actions`` lists them: open first, the soonest due first (none said:
    after those), then in the order they were added."""
    return sorted(items, key=lambda i: (i.done, i.due_at is None, i.due_at or 0, i.id or 0))


class ItemsPane(Vertical, LazyPane):
    help = (
        "Items\n\n"
        "The focused incident's clean-up items (during and just after the incident) and\n"
        "follow-up items (from the postmortem): open ones first, the soonest due first.\n"
        "Each row: its id and ○ open or ✔ done; ▲ HIGH or ▽ low priority, the text, its\n"
        "owner, kind and ticket link; when it is due, in local time. An open item past its\n"
        "due time says ⚠ OVERDUE. Below the table: the highlighted item in full.\n\n"
        "An a: note on the timeline becomes an item with one key (see the keys that work\n"
        "everywhere). Every change is recorded on the timeline; `warroom actions` lists\n"
        "the items of every incident."
    )

    # The screen does the work (the command palette runs the same actions).
    BINDINGS = [
        Binding(
            "plus,insert",
            "screen.add_item",
            "Add item",
            id="add_item",
            tooltip="Add a clean-up or follow-up item to the focused incident",
        ),
        Binding(
            "o",
            "screen.item_owner",
            "Owner",
            id="item_owner",
            tooltip="Give the highlighted item to someone (or to nobody)",
        ),
        Binding(
            "u",
            "screen.item_due",
            "Due date",
            id="item_due",
            tooltip="Set or clear when the highlighted item is due",
        ),
        Binding(
            "x,space",
            "screen.item_done",
            "Done",
            id="item_done",
            tooltip="Tick the highlighted item done",
        ),
        Binding(
            "r",
            "screen.item_reopen",
            "Reopen item",
            id="item_reopen",
            tooltip="Mark the highlighted done item open again",
        ),
    ]

    DEFAULT_CSS = """
    ItemsPane { height: 1fr; }
    ItemsPane DataTable { height: auto; max-height: 60%; }
    ItemsPane #items-summary { padding: 0 1; margin-top: 1; }
    ItemsPane #item-detail-box { height: 1fr; margin-top: 1; }
    ItemsPane #item-detail { padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[ActionItem] = []
        self._now: datetime | None = None
        self._overdue: set[int | None] = set()  # as last drawn: redrawn when it changes

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row", id="items-table")
        table.add_columns(*COLUMNS)
        yield table
        yield Literal("", id="items-summary")
        with VerticalScroll(id="item-detail-box"):
            yield Literal("", id="item-detail")

    def show(self, items: list[ActionItem], now: datetime) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        kept = self.selected()
        self._items, self._now = in_order(items), now
        self._overdue = {item.id for item in self._items if is_overdue(item, now)}
        # Columns too: a column keeps the widest cell it ever had, and the text column must
        # shrink when the pane does.
        table.clear(columns=True)
        table.add_columns(*COLUMNS)
        styles = self._styles()
        width = max(self.size.width - ID_WIDTH - DUE_WIDTH - SPARE, 12)
        for item in self._items:
            cells = [_id_cell(item), _item_cell(item, width), _due_cell(item, now, styles)]
            if is_overdue(item, now):
                for cell in cells:
                    cell.stylize(styles["error"])
            elif item.done:
                for cell in cells:
                    cell.stylize(styles["muted"])
            table.add_row(*cells, height=2, key=str(item.id))
        if kept is not None and kept.id in {item.id for item in self._items}:
            table.move_cursor(row=table.get_row_index(str(kept.id)))
        self._show_summary()
        self._show_detail()

    def tick(self, now: datetime) -> None:
        """An item falls overdue as the clock passes its due time: redrawn then."""
        if {item.id for item in self._items if is_overdue(item, now)} != self._overdue:
            self.show(self._items, now)

    def on_resize(self) -> None:
        """The text column takes the width the pane has: re-drawn to it."""
        if self._now is not None:
            self.show(self._items, self._now)

    def selected(self) -> ActionItem | None:
        """The item on the highlighted row, if there are items."""
        table: DataTable[Text] = self.query_one(DataTable)
        if not self._items:
            return None
        return self._items[min(table.cursor_row, len(self._items) - 1)]

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        item = self.selected()
        detail = self.query_one("#item-detail", Literal)
        detail.update(item_detail(item, self._now) if item and self._now else "")

    def _show_summary(self) -> None:
        summary = self.query_one("#items-summary", Literal)
        add = key_name(self.app, "add_item")
        if not self._items:
            track = key_name(self.app, "track_note")
            summary.update(
                Content.styled(
                    f"No items yet — {add} adds one; after an a: note, {track} tracks it.",
                    "$text-muted",
                )
            )
            return
        still = sum(not item.done for item in self._items)
        parts: list[str | tuple[str, str]] = [f"{len(self._items)} item(s), {still} open"]
        if self._overdue:
            parts += [" · ", (f"⚠ {len(self._overdue)} OVERDUE", "bold $error")]
        keys = [key_name(self.app, k) for k in ("item_owner", "item_due", "item_done")]
        parts.append(
            f"\n{add} adds · {keys[0]} owner · {keys[1]} due date · {keys[2]} done · "
            f"{key_name(self.app, 'item_reopen')} reopens"
        )
        summary.update(Content.assemble(*parts))

    def _styles(self) -> dict[str, Style]:
        """The theme's colours, for cells (a table cell is Rich text: no $variables)."""
        theme = self.app.current_theme
        return {
            "error": Style(color=theme.error or "red", bold=True),
            "muted": Style(dim=True),
        }


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _id_cell(item: ActionItem) -> Text:
    return Text(f"{item.id}\n{'✔' if item.done else '○'}")


def _item_cell(item: ActionItem, width: int) -> Text:
    """Its priority (when not normal) and text; then its owner, kind and ticket link."""
    first = PRIORITY_MARKS.get(item.priority, "") + one_line(item.text)
    owner = one_line(item.owner) if item.owner else "no owner"
    second = f"→ {owner} · {item.kind}" + (f" · {one_line(item.link)}" if item.link else "")
    return Text(f"{_clip(first, width)}\n{_clip(second, width)}")


def _due_cell(item: ActionItem, now: datetime, styles: dict[str, Style]) -> Text:
    due = local_text(item.due_at, DUE_FORMAT, empty="no due date")
    if item.done:
        return Text(f"{due}\ndone {local_text(item.done_at, '%d %b')}")  # the time: below
    if is_overdue(item, now):
        return Text(f"{due}\n⚠ OVERDUE")
    return Text(f"{due}\nopen")


def item_detail(item: ActionItem, now: datetime) -> Content:
    """One item in full: every field, and who added and ticked it when."""
    parts: list[str | tuple[str, str]] = [
        (f"Item {item.id} · {item.kind} · {item.priority} priority", "bold"),
        "\n",
        safe(item.text),
        f"\nOwner: {one_line(item.owner) or 'nobody yet'}",
        f"\nDue: {local_text(item.due_at, '%Y-%m-%d %H:%M', empty='no due date')}",
    ]
    if is_overdue(item, now):
        parts.append(("  ⚠ OVERDUE", "bold $error"))
    if item.link:
        parts.append(f"\nTicket: {one_line(item.link)}")
    added = local_text(item.created_at, "%Y-%m-%d %H:%M")
    parts.append(f"\nAdded by {one_line(item.created_by)} at {added}")
    if item.done:
        by = f" by {one_line(item.done_by)}" if item.done_by else ""
        parts.append(f"\nDone{by} at {local_text(item.done_at, '%Y-%m-%d %H:%M')}")
    return Content.assemble(*parts)
