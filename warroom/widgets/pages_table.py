"""The Pages tab: the focused incident's pages, whom each waits on and until when; below,
the highlighted page's notices and how each of their deliveries went."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from warroom.base.durations import short_duration
from warroom.base.localtime import local_text
from warroom.base.text import one_line, safe
from warroom.process.page_read import PageView
from warroom.vocabulary.pages import PageState
from warroom.widgets.keys import key_name
from warroom.widgets.literal import Literal
from warroom.widgets.pane import LazyPane

COLUMNS = ("Id", "Team · waits on", "State · next")
ID_WIDTH = 4
STATE_WIDTH = 22  # "escalates 14:06 (1h05)"
SPARE = 6  # the team and state cells' padding (the id's is in ID_WIDTH), and a scroll bar
MARKS = {"delivered": ("✔", "$success"), "failed": ("✘", "bold $error")}


class PagesPane(Vertical, LazyPane):
    help = (
        "Pages\n\n"
        "Every page of the focused incident, newest first: its team, whom it waits on, its\n"
        "state and age, and when it escalates to the next level of the team's policy (or\n"
        "who acknowledged it, and when). A page whose every level timed out is UNANSWERED:\n"
        "nobody is coming, page by hand. ✘ marks a page with a failed delivery; the tick\n"
        "tries it again. Below the table: the highlighted page's notices, one per person\n"
        "and level, and how each way out went.\n\n"
        "Every running console escalates pages past their deadline every 15 seconds."
    )

    # The screen does the work (the command palette runs the same action).
    BINDINGS = [
        Binding(
            "k",
            "screen.acknowledge_page",
            "Acknowledge",
            id="acknowledge",
            tooltip="Acknowledge the highlighted page: its escalation stops",
        ),
    ]

    DEFAULT_CSS = """
    PagesPane { height: 1fr; }
    PagesPane DataTable { height: auto; max-height: 60%; }
    PagesPane #pages-summary { padding: 0 1; margin-top: 1; }
    PagesPane #page-detail-box { height: 1fr; margin-top: 1; }
    PagesPane #page-detail { padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._views: list[PageView] = []
        self._now: datetime | None = None

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row", id="pages-table")
        table.add_columns(*COLUMNS)
        yield table
        yield Literal("", id="pages-summary")
        with VerticalScroll(id="page-detail-box"):
            yield Literal("", id="page-detail")

    def show(self, views: list[PageView], now: datetime) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        kept = self.selected()
        self._views, self._now = list(views), now
        # Columns too: a column keeps the widest cell it ever had, and the team column
        # must shrink when the pane does.
        table.clear(columns=True)
        table.add_columns(*COLUMNS)
        styles = self._styles()
        team_width = max(self.size.width - ID_WIDTH - STATE_WIDTH - SPARE, 12)
        for view in views:
            cells = (
                _id_cell(view, styles["error"]),
                _team_cell(view, team_width),
                _state_cell(view, now, styles),
            )
            table.add_row(*_alarming(view, cells, styles), height=2, key=str(view.page.id))
        if kept is not None and kept.page.id in {view.page.id for view in views}:
            table.move_cursor(row=table.get_row_index(str(kept.page.id)))
        self._show_summary()
        self._show_detail()

    def tick(self, now: datetime) -> None:
        """Ages and deadlines move on each second, without a trip to the store."""
        table: DataTable[Text] = self.query_one(DataTable)
        if table.row_count != len(self._views):
            return  # a board is being shown: it brings its own times
        self._now = now
        styles = self._styles()
        for row, view in enumerate(self._views):
            [cell] = _alarming(view, [_state_cell(view, now, styles)], styles)
            table.update_cell_at(Coordinate(row, 2), cell)

    def on_resize(self) -> None:
        """The team column takes the width the pane has: re-drawn to it."""
        if self._now is not None:
            self.show(self._views, self._now)

    def selected(self) -> PageView | None:
        """The page on the highlighted row, if there are pages."""
        table: DataTable[Text] = self.query_one(DataTable)
        if not self._views:
            return None
        return self._views[min(table.cursor_row, len(self._views) - 1)]

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        view = self.selected()
        detail = self.query_one("#page-detail", Literal)
        detail.update(page_detail(view) if view else "")

    def _show_summary(self) -> None:
        summary = self.query_one("#pages-summary", Literal)
        if not self._views:
            page = key_name(self.app, "page")
            summary.update(Content.styled(f"No pages yet — {page} pages a team.", "$text-muted"))
            return
        still = sum(view.is_open for view in self._views)
        parts: list[str | tuple[str, str]] = [f"{len(self._views)} page(s), {still} open"]
        if unanswered := sum(v.page.state == PageState.UNANSWERED for v in self._views):
            parts += [" · ", (f"⚠ {unanswered} UNANSWERED", "bold $error")]
        if failed := sum(bool(view.failed) for view in self._views):
            parts += [" · ", (f"✘ {failed} with a failed delivery", "bold $error")]
        acknowledge = key_name(self.app, "acknowledge")
        parts.append(f"\n{acknowledge} acknowledges the highlighted page.")
        summary.update(Content.assemble(*parts))

    def _styles(self) -> dict[str, Style]:
        """The theme's colours, for cells (a table cell is Rich text: no $variables)."""
        theme = self.app.current_theme
        return {
            "error": Style(color=theme.error or "red", bold=True),
            "warning": Style(color=theme.warning or "yellow"),
            "muted": Style(dim=True),
        }


def _alarming(view: PageView, cells: Iterable[Text], styles: dict[str, Style]) -> list[Text]:
    """An unanswered page's row in the theme's error colour (its words say so too)."""
    cells = list(cells)
    if view.page.state == PageState.UNANSWERED:
        for cell in cells:
            cell.stylize(styles["error"])
    return cells


def _id_cell(view: PageView, error: Style) -> Text:
    cell = Text(str(view.page.id))
    if view.failed:
        cell.append("\n✘", error)
    return cell


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _team_cell(view: PageView, width: int) -> Text:
    """The team, and whom the page stands at now (the latest step's people)."""
    people = ", ".join(n.notice.person for n in view.latest) or view.page.person
    return Text(
        f"{_clip(one_line(view.page.team), width)}\n{_clip('→ ' + one_line(people), width)}"
    )


def _state_cell(view: PageView, now: datetime, styles: dict[str, Style]) -> Text:
    """The state and age; then until when it waits, who answered, or why it stopped."""
    page = view.page
    age = short_duration(now - page.paged_at)
    if page.state == PageState.TRIGGERED:
        due = page.due_at
        if due is None:
            then = "no deadline"
        elif due > now:
            then = f"escalates {local_text(due, '%H:%M')} ({short_duration(due - now)})"
        else:
            then = "escalates now"
        return Text.assemble((f"waiting · {age}", styles["warning"]), "\n", then)
    if page.state == PageState.UNANSWERED:
        return Text(f"⚠ UNANSWERED · {age}\npage by hand")
    if page.state == PageState.ACKNOWLEDGED:
        when = local_text(page.acked_at, "%H:%M")
        who = _clip(one_line(page.acked_by), STATE_WIDTH - 9)
        return Text(f"acknowledged · {age}\nby {who} {when}")
    if page.state == PageState.CANCELLED:
        return Text(f"cancelled · {age}\nincident resolved", styles["muted"])
    return Text(f"record · {age}\nnever delivered", styles["muted"])


def page_detail(view: PageView) -> Content:
    """One page in full: why, by whom, its policy, then each notice and its deliveries."""
    page = view.page
    parts: list[str | Content | tuple[str, str]] = [
        (f"Page {page.id} · {one_line(page.team)}", "bold"),
        f" · paged by {one_line(page.paged_by)} at {local_text(page.paged_at, '%H:%M')}\n",
        f"Reason: {safe(page.reason)}\n",
    ]
    if page.policy:
        parts.append(f"Policy: {one_line(page.policy)}\n")
    if page.state == PageState.UNANSWERED:
        parts.append(
            ("⚠ UNANSWERED: every level timed out. Page someone by hand.\n", "bold $error")
        )
    for notice in view.notices:
        sent = notice.notice
        level = "named" if sent.level == 0 else f"level {sent.level}"
        if sent.round > 1:
            level += f", round {sent.round}"
        parts += [f"\n{local_text(sent.sent_at, '%H:%M')} ", (one_line(sent.person), "bold")]
        parts.append(f" ({level})")
        if not notice.deliveries:
            parts.append(("  — not delivered (a record)", "$text-muted"))
        for delivery in notice.deliveries:
            mark, style = MARKS.get(delivery.status, ("…", "$warning"))
            tries = f", {delivery.attempts} attempts" if delivery.attempts > 1 else ""
            parts += [
                "\n  ",
                (f"{mark} {delivery.adapter} {delivery.status}{tries}", style),
                f" {safe(delivery.detail)}",
            ]
    return Content.assemble(*parts)
