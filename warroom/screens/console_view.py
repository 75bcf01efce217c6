"""The war-room console's view: incident list, the focused incident's header and timeline,
and its roles, assessment, severity and comms in tabs beside them, kept current.

The board is read in thread workers. What another console or ``warroom note`` writes appears
within a second: on PostgreSQL the store announces each write and a listener wakes the
console (and it says so in the header when the connection is lost, and catches up once it is
back); on SQLite a timer polls the event sequence. Another timer ticks the pages'
escalation, so a page escalates while any console runs. What the keys do is in
``console.py``; this class only reads and shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, TabbedContent, TabPane
from textual.worker import get_current_worker

from warroom.base.errors import Refused
from warroom.process.context import Context
from warroom.process.drill_records import fired_injects
from warroom.reports.board import LIST_PAGE, Board, load_board, with_saved_entry
from warroom.screens.base import WarroomScreen
from warroom.store.feed import ChangeListener, Wake
from warroom.store.models import FiredInject, TimelineEntry
from warroom.vocabulary.incident import Status
from warroom.widgets.assessment import AssessmentChecklist
from warroom.widgets.comms import CommsPane
from warroom.widgets.drill_banner import DrillBanner
from warroom.widgets.incident_header import IncidentHeader
from warroom.widgets.incident_list import IncidentList
from warroom.widgets.inputs import Field
from warroom.widgets.items_table import ItemsPane
from warroom.widgets.keys import key_name
from warroom.widgets.pages_table import PagesPane
from warroom.widgets.pane import LazyPane
from warroom.widgets.roles_board import RolesBoard
from warroom.widgets.severity_matrix import SeverityMatrix
from warroom.widgets.timeline import TimelineLog, TimelinePane

if TYPE_CHECKING:  # loaded only on a drill store
    from warroom.scenarios.drill_session import DrillSession

POLL_SECONDS = 0.25
# With a listener, polling is only the safety net for an announcement lost in transit.
SAFETY_POLL_SECONDS = 5.0
LISTEN_SECONDS = 0.5  # how soon the listener notices the console is closing
ESCALATION_SECONDS = 15  # docs/paging.md promises it: every running console ticks this often
NEW_SLACK = timedelta(minutes=1)
# The command that opens each tab, and the tab.
TABS = {
    "roles": "tab-roles",
    "assessment": "tab-assess",
    "matrix": "tab-severity",
    "comms": "tab-comms",
    "pages": "tab-pages",
    "items": "tab-items",
}


class ConsoleView(WarroomScreen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    def __init__(self, ctx: Context, user: str, drill: DrillSession | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.user = user
        self.drill = drill  # on a drill store: the drill, read again with each board
        self._drill_seen: set[int] = set()  # injects already announced
        self.focused_key: str | None = None
        self.include_resolved = False
        self.listed = LIST_PAGE  # rows of the list read with resolved ones; grows on scrolling
        self.board: Board | None = None
        self._loading = False
        self._stale = False
        self._polling = False
        self._poll_again = False  # a change announced while a poll was under way
        self._connection_lost = False
        self._escalating = False
        self._shown_at: datetime | None = None  # when the board on screen was shown
        self._handovers_announced = 0  # the last hand-over event looked at
        # A note being typed belongs to the incident shown when it was typed: switching
        # incidents puts it aside and brings it back, so it never lands on another one.
        self.entry_key: str | None = None
        self._entries_aside: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        if self.drill is not None:
            yield DrillBanner(id="drill-banner")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield IncidentList(id="incidents")
            with Vertical(id="center"):
                yield IncidentHeader(id="incident-header")
                with Horizontal(id="work"):
                    yield TimelinePane(id="timeline")
                    with TabbedContent(id="right"):
                        with TabPane("1 Roles", id="tab-roles"):
                            yield RolesBoard(id="roles")
                        # The hidden tabs' panes are mounted when first opened.
                        yield TabPane("2 Assess", id="tab-assess")
                        yield TabPane("3 Severity", id="tab-severity")
                        yield TabPane("4 Comms", id="tab-comms")
                        yield TabPane("5 Pages", id="tab-pages")
                        yield TabPane("6 Items", id="tab-items")
        yield Footer()

    def _hidden_pane(self, tab_id: str) -> LazyPane | None:
        """What a hidden tab shows, made when it is first opened. Mounting them all at start
        cost about 90 ms before the console's first frame (Textual's ``Lazy`` mounts them
        before the first frame, not after it), for panes many sessions never open."""
        if tab_id == "tab-assess":
            return AssessmentChecklist(id="assessment")
        if tab_id == "tab-severity":
            return SeverityMatrix(self.ctx.catalog, id="severity")
        if tab_id == "tab-comms":
            return CommsPane(id="comms")
        if tab_id == "tab-pages":
            return PagesPane(id="pages")
        if tab_id == "tab-items":
            return ItemsPane(id="items")
        return None

    async def open_tab(self, tab_id: str) -> None:
        """Show tab ``tab_id``, its pane mounted first if it never was."""
        await self._mount_pane(tab_id)
        self.query_one(TabbedContent).active = tab_id

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id is not None:  # opened with the mouse, or Textual's own keys
            await self._mount_pane(event.pane.id)

    async def _mount_pane(self, tab_id: str) -> None:
        tab = self.query_one(f"#{tab_id}", TabPane)
        if not tab.children and (pane := self._hidden_pane(tab_id)) is not None:
            await tab.mount(pane)
            self._show_side_panes()  # filled before the key that opened it goes on

    def on_mount(self) -> None:
        self.sub_title = f"{self.user} · {self.ctx.store.name}"
        incidents = self.query_one(IncidentList)
        incidents.major_levels = self.ctx.catalog.major_levels
        declare = key_name(self.app, "declare")
        incidents.empty_message = f"No open incidents. Press {declare} to declare one."
        incidents.focus()
        self.query_one(IncidentHeader).drill = self.drill is not None
        self._label_tabs()
        # The first board is read right here: measured at about 10 ms with 10,000 incidents,
        # cheaper than a worker competing with the first paint. Later reads use workers.
        self.apply(self._load(self.focused_key))
        self._show_drill(self._load_drill(), announce=False)  # the banner lists them
        listener = self.ctx.store.listen()
        if listener is None:
            self.set_interval(POLL_SECONDS, self.poll)
        else:
            self.set_interval(SAFETY_POLL_SECONDS, self.poll)
            self._listen(listener)
        self.set_interval(ESCALATION_SECONDS, self.escalate)
        self.set_interval(1.0, self._tick)

    def _label_tabs(self) -> None:
        """Each tab says the key that opens it, as the keymap has it."""
        tabs = self.query_one(TabbedContent)
        for command, pane_id in TABS.items():
            tab = tabs.get_tab(pane_id)
            name = str(tab.label).split(" ", 1)[1]
            tab.label = f"{key_name(self.app, command)} {name}"

    # -- reading -------------------------------------------------------------

    def _load(self, key: str | None) -> Board:
        seen = self.board.event_id if self.board else None
        return load_board(
            self.ctx,
            key,
            include_resolved=self.include_resolved,
            list_limit=self.listed if self.include_resolved else None,
            handovers_after=seen,
        )

    @on(IncidentList.WantMore)
    def _list_more(self) -> None:
        """The list scrolled to the end of what was read: read a page more."""
        if self.board is not None and self.board.unlisted and self.include_resolved:
            if len(self.board.rows) >= self.listed:
                self.listed += LIST_PAGE
            self.reload()

    def reload(self) -> None:
        """Read the board again. Requests while a read is under way collapse into one
        more read after it, so slow reads can never starve each other."""
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self._stale = False
        self._read_board(self.focused_key)

    @work(thread=True, group="board", exit_on_error=False)
    def _read_board(self, key: str | None) -> None:
        try:
            board = self._load(key)
            waiting = self._load_drill()
        except BaseException:
            self.app.call_from_thread(self._board_failed)
            raise  # the worker fails: on_worker_state_changed shows and logs it
        self.app.call_from_thread(self._board_read, board, waiting)

    def _load_drill(self) -> list[FiredInject]:
        """On a drill store: the drill's clock read again (the trainer may have paused it),
        and the injects fired before there was an incident to put them on."""
        if self.drill is None:
            return []
        self.drill.refresh()
        return [row for row in fired_injects(self.ctx) if row.entry_id is None]

    def _board_read(self, board: Board, waiting: list[FiredInject]) -> None:
        self._loading = False
        self.apply(board)
        self._show_drill(waiting)
        if self._stale:
            self.reload()

    def _board_failed(self) -> None:
        self._loading = False

    def poll(self) -> None:
        """Ask the store whether anything changed; one question at a time, and one more
        after it when asked meanwhile (an announcement must not fall between two)."""
        if self._connection_lost:
            return  # the listener says when it is back
        if self._polling:
            self._poll_again = True
            return
        self._polling = True
        self._poll_again = False
        self._read_feed(self.board.event_id if self.board else None)

    def _feed_read(self) -> None:
        self._polling = False
        if self._poll_again:
            self.poll()

    @work(thread=True, group="poll", exit_on_error=False)
    def _read_feed(self, seen: int | None) -> None:
        """Cheap: one indexed read of the feed position; reload only when it moved.

        The store hands out event ids in commit order (one writer at a time), so an id
        no higher than the one seen means nothing new.
        """
        try:
            changed = seen is None or self.ctx.store.latest_event_id() != seen
        finally:
            self.app.call_from_thread(self._feed_read)
        if changed:
            self.app.call_from_thread(self.reload)

    @work(thread=True, group="listen", exit_on_error=False)
    def _listen(self, listener: ChangeListener) -> None:
        """Wait for the store's announcements until the console closes."""
        worker = get_current_worker()
        try:
            while not worker.is_cancelled:
                wake = listener.wait(LISTEN_SECONDS)
                if wake is Wake.QUIET:
                    continue
                if wake in (Wake.LOST, Wake.BACK):
                    self.app.call_from_thread(self._connection_changed, wake is Wake.LOST)
                if wake in (Wake.CHANGED, Wake.BACK):
                    self.app.call_from_thread(self.poll)
        finally:
            listener.close()

    def _connection_changed(self, lost: bool) -> None:
        """Say it in the header; once back, read what was missed (``poll`` follows)."""
        self._connection_lost = lost
        header = self.query_one(IncidentHeader)
        header.connection_lost = lost
        if self.board is not None:
            header.show(self.board, self.ctx.clock.now())

    def escalate(self) -> None:
        """Move on every page past its deadline; one tick at a time. What a tick changes
        reaches the screen through the change feed, as any other console's change does."""
        if not self._escalating:
            self._escalating = True
            self._tick_escalation()

    @work(thread=True, group="escalation", exit_on_error=False)
    def _tick_escalation(self) -> None:
        # Escalation and delivery load with the first tick, not before the first frame.
        from warroom.comms import escalation

        try:
            escalation.tick(self.ctx)
        except Refused:
            pass  # a store that takes no writes (an ended drill's): nothing escalates there
        finally:
            # Anything else fails the worker: on_worker_state_changed shows it and logs it.
            self._escalating = False

    def apply(self, board: Board) -> None:
        """Show a board. One read for an incident the user has since left updates the
        list but not the panes, which wait for the read of the incident now chosen."""
        if self.board is not None and board.event_id < self.board.event_id:
            return  # read before what is already shown (e.g. before the note just saved)
        self._announce_new_major(board)
        self._announce_handover_to_me(board)
        self.board = board
        detail = board.detail
        if self.focused_key is None and detail is not None:
            self.focused_key = detail.incident.key
            self.query_one(TimelinePane).show_error("")  # "nothing to write on" no longer
        now = self.ctx.clock.now()
        self.query_one(IncidentList).set_rows(board.rows, now, self.focused_key, board.unlisted)
        if detail is not None and detail.incident.key != self.focused_key:
            return
        self._keep_entry_with(detail.incident.key if detail else None)
        self.query_one(IncidentHeader).show(board, now)
        self._show_timeline()
        handover_after = timedelta(hours=self.ctx.catalog.handover_after_hours)
        self.query_one(RolesBoard).show(detail, now, handover_after, board.shifts)
        self._show_side_panes()

    def _keep_entry_with(self, key: str | None) -> None:
        if key == self.entry_key:
            return
        entry = self.query_one("#entry", Field)
        if self.entry_key is not None:  # (typed with no incident yet: it is for this one)
            if entry.value.strip():
                self._entries_aside[self.entry_key] = entry.value
            entry.value = self._entries_aside.pop(key, "") if key else ""
        self.entry_key = key

    def _show_side_panes(self) -> None:
        """Fill the hidden tabs' panes mounted so far."""
        detail = self.board.detail if self.board else None
        for checklist in _ready(self.query(AssessmentChecklist)):
            checklist.show(detail)
        for matrix in _ready(self.query(SeverityMatrix)):
            matrix.mark(detail.incident.severity if detail else None)
        for comms in _ready(self.query(CommsPane)):
            comms.show(detail, self.board.update_due if self.board else None, self.ctx.clock.now())
        for pages in _ready(self.query(PagesPane)):
            pages.show(self.board.pages if self.board else [], self.ctx.clock.now())
        for items in _ready(self.query(ItemsPane)):
            items.show(detail.actions if detail else [], self.ctx.clock.now())

    def _announce_new_major(self, board: Board) -> None:
        """A major incident must not slip into the list unnoticed: declared, raised to a
        major severity or reopened, here or on another console."""
        shown_at, self._shown_at = self._shown_at, self.ctx.clock.now()
        if self.board is None:
            return
        before = {row.key: row for row in self.board.rows}
        major = self.ctx.catalog.is_major
        for row in board.rows:
            if row.status == Status.RESOLVED.value or not major(row.severity):
                continue
            old = before.get(row.key)
            if old is None:
                # Not listed before: new, or back from the resolved ones (which are hidden).
                # A minute's slack: the board shown may have been read just before its commit.
                declared_now = shown_at is None or row.declared_at >= shown_at - NEW_SLACK
                title = "New major incident" if declared_now else "Major incident reopened"
            elif old.status == Status.RESOLVED.value:
                title = "Major incident reopened"
            elif not major(old.severity):
                title = f"Raised to severity {row.severity}: a major incident"
            else:
                continue
            self.app.bell()
            drill = " · DRILL" if row.training else ""
            self.notify(
                f"{row.key} · SEV{row.severity}{drill} · {row.summary}",
                title=title,
                severity="error",
                timeout=30,
            )

    def _announce_handover_to_me(self, board: Board) -> None:
        """The incoming holder reads the hand-over note the moment it lands, on whichever
        console made it and whatever incident this one shows. Those from before this console
        opened are on the roles board."""
        for notice in board.handovers:
            if notice.event_id <= self._handovers_announced:
                continue  # two boards read side by side (a note saved, a poll) overlap
            self._handovers_announced = notice.event_id
            if notice.to.lower() == self.user.lower():
                self.notify(
                    notice.text,
                    title=f"Handed over to you on {notice.key}",
                    severity="warning",
                    timeout=30,  # it stays on the roles board's last hand-over line
                )

    def _show_drill(self, waiting: list[FiredInject], *, announce: bool = True) -> None:
        if self.drill is None:
            return
        for row in waiting:
            if row.id not in self._drill_seen:
                assert row.id is not None
                self._drill_seen.add(row.id)
                if announce:  # what arrives while the trainee watches, as a page would
                    self.app.bell()
                    # Short: the banner keeps it, and a toast must not hide the forms.
                    self.notify(row.text, title=f"From {row.author}", timeout=8)
        banner = self.query_one(DrillBanner)
        banner.show(self.drill.record, waiting)
        banner.tick(self.drill.clock.wall_now())

    def _tick(self) -> None:
        """Ages and countdowns move on with the clock, without a trip to the store."""
        if self.drill is not None:
            self.query_one(DrillBanner).tick(self.drill.clock.wall_now())
        if self.board is not None:
            now = self.ctx.clock.now()
            self.query_one(IncidentList).set_rows(
                self.board.rows, now, self.focused_key, self.board.unlisted
            )
            self.query_one(IncidentHeader).show(self.board, now)
            self.query_one(RolesBoard).tick(now)
            for comms in _ready(self.query(CommsPane)):
                comms.show(self.board.detail, self.board.update_due, now)
            for pages in _ready(self.query(PagesPane)):
                pages.tick(now)
            for items in _ready(self.query(ItemsPane)):
                items.tick(now)
            self._reload_when_a_shift_ends(now)

    def _reload_when_a_shift_ends(self, now: datetime) -> None:
        """The roles board names whose on-call shift ends when: read again once one has."""
        assert self.board is not None
        ends = [s.shift.ends_at for s in self.board.shifts if s.shift and s.shift.ends_at]
        if ends and now >= min(ends) and not self._loading:
            self.reload()

    def _show_timeline(self, entries: list[TimelineEntry] | None = None) -> None:
        if self.board is None:
            return
        if entries is None:
            entries = self.board.detail.timeline if self.board.detail else []
        kinds = self.query_one(TimelinePane).current_filter.kinds
        shown = entries if kinds is None else [e for e in entries if e.kind in kinds]
        self.query_one(TimelineLog).show(shown)

    def show_saved_entry(self, entry: TimelineEntry) -> None:
        """A note this console just saved, shown at once: the board read that follows shows
        it again with whatever else changed, and the log writes only what is new."""
        detail = self.board.detail if self.board else None
        if detail is None or detail.incident.id != entry.incident_id:
            return
        timeline = with_saved_entry(detail.timeline, entry)
        if timeline is not None:
            self._show_timeline(timeline)

    @on(TimelinePane.FilterChanged)
    def _filter_changed(self) -> None:
        self._show_timeline()

    @on(IncidentList.Chosen)
    def _chosen(self, message: IncidentList.Chosen) -> None:
        self.focus_incident(message.key)

    def focus_incident(self, key: str) -> None:
        if key != self.focused_key:
            self.focused_key = key
            self.query_one(TimelinePane).show_error("")  # it was about the other incident
            self.reload()


_Pane = TypeVar("_Pane", bound=LazyPane)


def _ready(panes: Iterable[_Pane]) -> list[_Pane]:
    """The hidden tabs' panes mounted so far whose own widgets are there to be filled."""
    return [pane for pane in panes if pane.ready]
