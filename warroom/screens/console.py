"""The war-room console: incident list, the focused incident's header and timeline,
and its roles, assessment, severity and comms in tabs beside them.

All store access runs in thread workers; results come back through
``call_from_thread``. A timer polls the store's change feed so that what
another console or ``warroom note`` writes appears within a second.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from warroom.base.errors import WarroomError
from warroom.base.text import safe
from warroom.comms import sending as messages
from warroom.process import assessment, roles, timeline
from warroom.process.context import Context
from warroom.process.scribe import parse_entry
from warroom.reports.board import Board, load_board
from warroom.screens import dialogs
from warroom.screens.commands import ConsoleCommands
from warroom.screens.drafter import DrafterScreen, Drafts
from warroom.screens.form import FormScreen
from warroom.screens.help import HelpScreen
from warroom.store.models import Incident
from warroom.vocabulary.channels import CHANNEL_NAMES as CHANNELS
from warroom.vocabulary.kinds import EntryKind
from warroom.widgets.assessment import AssessmentChecklist
from warroom.widgets.comms import CommsPane
from warroom.widgets.incident_header import IncidentHeader
from warroom.widgets.incident_list import IncidentList
from warroom.widgets.inputs import Field
from warroom.widgets.pane import PaneMounted
from warroom.widgets.roles_board import RolesBoard
from warroom.widgets.severity_matrix import SeverityMatrix
from warroom.widgets.timeline import TimelineLog, TimelinePane

POLL_SECONDS = 0.25
TABS = {"1": "tab-roles", "2": "tab-assess", "3": "tab-severity", "4": "tab-comms"}


class ConsoleScreen(Screen[None]):
    COMMANDS = {ConsoleCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]

    BINDINGS = [
        Binding("f1,question_mark", "help", "Help"),
        Binding("d", "declare", "Declare", tooltip="Declare a new incident"),
        Binding("a", "take", "Take as IM", tooltip="Become incident manager of this incident"),
        Binding("n", "focus_entry", "Note", tooltip="Type a timeline note"),
        Binding("s", "severity", "Severity", tooltip="Change severity, with a reason"),
        Binding("l", "channels", "Links", tooltip="Chat room, video call, status document"),
        Binding("i", "times", "Times", tooltip="When the impact started; when it was detected"),
        Binding("p", "page", "Page", tooltip="Page a team's on-call person"),
        Binding("c", "draft", "Comms", tooltip="Draft and send a message"),
        Binding("R", "resolve", "Resolve", tooltip="Resolve: asks when the impact ended"),
        Binding("1", "tab('1')", "Roles", show=False),
        Binding("2", "tab('2')", "Assess", show=False),
        Binding("3", "tab('3')", "Matrix", show=False),
        Binding("4", "tab('4')", "Comms", show=False),
        Binding("ctrl+r", "toggle_resolved", "Resolved", tooltip="Show or hide resolved"),
        Binding("f", "filter", "Filter", show=False),
        Binding("escape", "leave_entry", "Leave field", show=False),
    ]

    def __init__(self, ctx: Context, user: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.user = user
        self.focused_key: str | None = None
        self.include_resolved = False
        self.board: Board | None = None
        self._loading = False
        self._stale = False
        self._polling = False
        self.drafts: Drafts = {}  # unsent drafts, kept while the console runs

    def compose(self) -> ComposeResult:
        yield Header()
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
                        # Hidden tabs mount after the first paint.
                        with TabPane("2 Assess", id="tab-assess"):
                            yield Lazy(AssessmentChecklist(id="assessment"))
                        with TabPane("3 Severity", id="tab-severity"):
                            yield Lazy(SeverityMatrix(self.ctx.catalog, id="severity"))
                        with TabPane("4 Comms", id="tab-comms"):
                            yield Lazy(CommsPane(id="comms"))
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.user} · {self.ctx.store.name}"
        self.query_one(IncidentList).empty_message = "No open incidents. Press d to declare one."
        self.query_one(IncidentList).focus()
        # The first board is read right here: measured at about 10 ms with 10,000 incidents,
        # cheaper than a worker competing with the first paint. Later reads use workers.
        self.apply(self._load(self.focused_key))
        self.set_interval(POLL_SECONDS, self.poll)
        self.set_interval(1.0, self._tick)

    # -- reading -------------------------------------------------------------

    def _load(self, key: str | None) -> Board:
        return load_board(self.ctx, key, include_resolved=self.include_resolved)

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
        except BaseException:
            self.app.call_from_thread(self._board_failed)
            raise
        self.app.call_from_thread(self._board_read, board)

    def _board_read(self, board: Board) -> None:
        self._loading = False
        self.apply(board)
        if self._stale:
            self.reload()

    def _board_failed(self) -> None:
        self._loading = False

    def poll(self) -> None:
        """Ask the store whether anything changed; one question at a time."""
        if not self._polling:
            self._polling = True
            self._read_feed()

    @work(thread=True, group="poll", exit_on_error=False)
    def _read_feed(self) -> None:
        """Cheap: one indexed read of the feed position; reload only when it moved."""
        try:
            changed = self.board is None or self.ctx.store.latest_event_id() != self.board.event_id
        finally:
            self._polling = False
        if changed:
            self.app.call_from_thread(self.reload)

    def apply(self, board: Board) -> None:
        """Show a board. One read for an incident the user has since left updates the
        list but not the panes, which wait for the read of the incident now chosen."""
        if self.board is not None and board.event_id < self.board.event_id:
            return  # read before what is already shown (e.g. before the note just saved)
        self._announce_new_major(board)
        self.board = board
        detail = board.detail
        if self.focused_key is None and detail is not None:
            self.focused_key = detail.incident.key
        now = self.ctx.clock.now()
        self.query_one(IncidentList).set_rows(board.rows, now, self.focused_key)
        if detail is not None and detail.incident.key != self.focused_key:
            return
        self.query_one(IncidentHeader).show(board, now)
        self._show_timeline()
        handover_after = timedelta(hours=self.ctx.catalog.handover_after_hours)
        self.query_one(RolesBoard).show(detail, now, handover_after)
        self._show_side_panes()

    @on(PaneMounted)
    def _show_side_panes(self) -> None:
        """Fill the lazily mounted panes that exist so far."""
        detail = self.board.detail if self.board else None
        for checklist in self.query(AssessmentChecklist):
            checklist.show(detail)
        for matrix in self.query(SeverityMatrix):
            matrix.mark(detail.incident.severity if detail else None)
        for comms in self.query(CommsPane):
            comms.show(detail, self.board.update_due if self.board else None, self.ctx.clock.now())

    def _announce_new_major(self, board: Board) -> None:
        """A major incident declared elsewhere must not slip into the list unnoticed."""
        if self.board is None:
            return
        known = {row.key for row in self.board.rows}
        for row in board.rows:
            if row.key not in known and row.severity <= 2 and row.status != "resolved":
                self.app.bell()
                self.notify(
                    f"{row.key} · SEV{row.severity} · {safe(row.summary)}",
                    title="New major incident",
                    severity="error",
                    timeout=30,
                )

    def _tick(self) -> None:
        """Ages and durations move on with the clock, without a trip to the store."""
        if self.board is not None:
            now = self.ctx.clock.now()
            self.query_one(IncidentList).set_rows(self.board.rows, now, self.focused_key)
            self.query_one(IncidentHeader).show(self.board, now)

    def _show_timeline(self) -> None:
        if self.board is None:
            return
        entries = self.board.detail.timeline if self.board.detail else []
        kinds = self.query_one(TimelinePane).current_filter.kinds
        shown = entries if kinds is None else [e for e in entries if e.kind in kinds]
        self.query_one(TimelineLog).show(shown)

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

    # -- writing -------------------------------------------------------------

    @on(TimelinePane.NoteSubmitted)
    def _note_submitted(self, message: TimelinePane.NoteSubmitted) -> None:
        if self.focused_key is None:
            self.query_one(TimelinePane).show_error(
                "No incident to write on — press d to declare one."
            )
            return
        self.save_note(self.focused_key, message.line)

    @work(thread=True, group="write", exit_on_error=False)
    def save_note(self, key: str, line: str) -> None:
        pane = self.query_one(TimelinePane)
        try:
            note = parse_entry(line, self.ctx.clock.now())
            timeline.add_note(
                self.ctx,
                key,
                note.text,
                by=self.user,
                kind=note.kind,
                occurred_at=note.occurred_at,
                undo=note.undo,
            )
        except WarroomError as err:
            self.app.call_from_thread(pane.show_error, f"Not saved: {err}")
            return
        board = load_board(self.ctx, key, include_resolved=self.include_resolved)
        self.app.call_from_thread(self._note_done, board)
        if note.kind is EntryKind.CHANGE and not note.undo:
            self.app.call_from_thread(
                self.notify,
                "Change saved. Say how to undo it next time: c: … undo: how",
                severity="warning",
            )

    def _note_done(self, board: Board) -> None:
        self.query_one(TimelinePane).note_saved()
        self.apply(board)

    @on(AssessmentChecklist.Answered)
    def _answered(self, message: AssessmentChecklist.Answered) -> None:
        key = self.focused_key
        if key is None:
            return
        self.change(
            lambda: assessment.answer(
                self.ctx, key, message.question, message.answer, by=self.user
            ),
            then=lambda: self.query_one(AssessmentChecklist).answer_saved(
                message.question, message.answer
            ),
        )

    @work(thread=True, group="write", exit_on_error=False)
    def change(
        self, service_call: Callable[[], object], then: Callable[[], object] | None = None
    ) -> None:
        """Run a service call off the UI thread; a refusal is shown, never swallowed."""
        try:
            service_call()
        except WarroomError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error", title="Refused")
            return
        if then is not None:
            self.app.call_from_thread(then)
        self.app.call_from_thread(self.reload)

    # -- actions -------------------------------------------------------------

    def _need_incident(self) -> str | None:
        if self.focused_key is None or self.board is None or self.board.detail is None:
            self.notify("No incident selected — press d to declare one.", severity="warning")
            return None
        return self.focused_key

    def _open(self, form: FormScreen) -> None:
        def closed(saved: bool | None) -> None:
            if not saved:
                return
            if isinstance(form.result, Incident):
                self.focused_key = form.result.key  # a new incident: work on it next
            self.reload()

        self.app.push_screen(form, closed)

    def action_declare(self) -> None:
        self._open(dialogs.declare_form(self.ctx, self.user))

    def action_take(self) -> None:
        if key := self._need_incident():
            self.change(lambda: roles.take(self.ctx, key, by=self.user))

    def action_severity(self) -> None:
        if self._need_incident() and self.board and self.board.detail:
            self._open(dialogs.severity_form(self.ctx, self.user, self.board.detail))

    def action_channels(self) -> None:
        if self._need_incident() and self.board and self.board.detail:
            self._open(dialogs.channels_form(self.ctx, self.user, self.board.detail))

    def action_times(self) -> None:
        if self._need_incident() and self.board and self.board.detail:
            self._open(dialogs.times_form(self.ctx, self.user, self.board.detail))

    def action_resolve(self) -> None:
        if self._need_incident() and self.board and self.board.detail:
            if self.board.detail.incident.status == "resolved":
                self.notify(
                    f"{self.focused_key} is already resolved. To reopen it: ctrl+p, Reopen.",
                    severity="warning",
                )
                return
            self._open(dialogs.resolve_form(self.ctx, self.user, self.board.detail))

    def action_page(self) -> None:
        if self._need_incident() and self.board and self.board.detail:
            self._open(dialogs.page_form(self.ctx, self.user, self.board.detail))

    def action_reopen(self) -> None:
        if key := self._need_incident():
            self._open(dialogs.reopen_form(self.ctx, self.user, key))

    def action_filter(self) -> None:
        self.query_one(TimelinePane).action_cycle_filter()

    @on(CommsPane.DraftRequested)
    def action_draft(self) -> None:
        if self._need_incident() is None or self.board is None or self.board.detail is None:
            return
        detail = self.board.detail
        initial_channels = {
            m.message.channel for m in detail.messages if m.message.phase == "initial"
        }
        if detail.incident.status == "resolved":
            phase = "resolution"
        elif len(initial_channels) < len(CHANNELS):
            phase = "initial"  # until it has gone out on every channel
        else:
            phase = "update"
        drafter = DrafterScreen(self.ctx, self.user, detail, self.drafts, phase)
        self.app.push_screen(drafter, lambda sent: self.reload() if sent else None)

    @on(CommsPane.RetryRequested)
    def _retry(self, message: CommsPane.RetryRequested) -> None:
        ids = message.delivery_ids

        def retry_all() -> None:
            for delivery_id in ids:
                messages.retry(self.ctx, delivery_id, by=self.user)

        self.change(retry_all)

    @on(SeverityMatrix.ChangeRequested)
    def _severity_requested(self) -> None:
        self.action_severity()

    @on(RolesBoard.Requested)
    def _roles_requested(self, message: RolesBoard.Requested) -> None:
        key = self._need_incident()
        if key is None:
            return
        if message.action == "assign":
            self._open(dialogs.assign_form(self.ctx, self.user, key))
        elif message.role is None or message.person is None:
            self.notify("Nobody holds a role yet — press + to assign one.", severity="warning")
        elif message.action == "handover":
            self._open(
                dialogs.handover_form(self.ctx, self.user, key, message.role, message.person)
            )
        else:
            self._open(dialogs.relieve_form(self.ctx, self.user, key, message.role, message.person))

    def action_tab(self, number: str) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = TABS[number]
        pane = tabs.get_pane(TABS[number])
        target = pane.query(
            "RolesBoard DataTable, AssessmentChecklist Field, SeverityMatrix, CommsPane"
        )
        if target:
            target.first().focus()

    def unsaved_work(self) -> list[str]:
        """What quitting now would lose."""
        unsaved = []
        if self.query_one("#entry", Field).value.strip():
            unsaved.append("a timeline note being typed")
        if self.drafts:
            unsaved.append(f"{len(self.drafts)} comms draft(s)")
        return unsaved

    def action_focus_entry(self) -> None:
        self.query_one("#entry", Field).focus()

    def action_leave_entry(self) -> None:
        self.query_one(IncidentList).focus()

    def action_toggle_resolved(self) -> None:
        self.include_resolved = not self.include_resolved
        state = "shown" if self.include_resolved else "hidden"
        self.notify(f"Resolved incidents {state}.")
        self.reload()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self._pane_help()))

    def _pane_help(self) -> str:
        widget: Widget | None = self.focused
        while widget is not None:
            text = getattr(widget, "help", None)
            if isinstance(text, str):
                return text
            parent = widget.parent
            widget = parent if isinstance(parent, Widget) else None
        return self.query_one(IncidentList).help

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.notify(str(event.worker.error), severity="error", title="Error", timeout=10)
