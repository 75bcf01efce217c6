"""The war-room console: what each key does. The view (``console_view.py``) reads and shows
the board; this controller turns keys, the command palette and the panes' requests into
forms and service calls, each off the UI thread.

Every command is a binding with an id here or on a pane (whose ``screen.*`` actions land
here): the footer, the help, the palette and the next-step hints are built from them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import TabbedContent

from warroom.comms import paging, sending
from warroom.comms.drafts import Draft, starting_phase
from warroom.comms.paging import Paged
from warroom.process import actions, assessment, links, roles, scribe
from warroom.process.action_notes import ActionNotes, action_notes
from warroom.process.context import Context
from warroom.process.read import IncidentDetail, load_detail
from warroom.reports import proposed_pages
from warroom.reports.board import LIST_PAGE, Board
from warroom.reports.pages import paged_text
from warroom.reports.proposed_pages import ProposedPage
from warroom.screens import corrections, dialogs, item_forms
from warroom.screens.commands import ConsoleCommands
from warroom.screens.console_view import TABS, ConsoleView
from warroom.screens.drafter import DrafterScreen
from warroom.screens.form import FormScreen
from warroom.screens.help import HelpScreen, help_text
from warroom.screens.page_dialog import PageForm
from warroom.screens.page_proposals import NotPaged, proposals_form
from warroom.store.models import ActionItem, Incident, Page, TimelineEntry
from warroom.vocabulary.incident import Status
from warroom.vocabulary.kinds import EntryKind
from warroom.widgets.assessment import AssessmentChecklist
from warroom.widgets.drill_banner import drill_help
from warroom.widgets.incident_list import IncidentList
from warroom.widgets.inputs import Field
from warroom.widgets.items_table import ItemsPane
from warroom.widgets.keys import key_name
from warroom.widgets.pages_table import PagesPane
from warroom.widgets.roles_board import RolesBoard
from warroom.widgets.timeline import TimelinePane

if TYPE_CHECKING:  # loaded only on a drill store
    from warroom.scenarios.drill_session import DrillSession

Drafts = dict[tuple[str, str, str], Draft]  # (key, phase, channel) → unsent draft


class ConsoleScreen(ConsoleView):
    COMMANDS = {ConsoleCommands}

    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", id="help", tooltip="Help for the focused pane"),
        # Shown early so it survives a narrow footer; the app's binding (same id, so a
        # keymap moves both) quits from every other screen.
        Binding("ctrl+q", "app.quit", "Quit", id="quit", priority=True, tooltip="Quit"),
        Binding("n", "focus_entry", "Note", id="note", tooltip="Write a timeline note"),
        Binding("c", "draft", "Comms", id="draft", tooltip="Draft and send comms"),
        Binding(
            "s", "severity", "Severity", id="severity", tooltip="Change severity, with a reason"
        ),
        Binding("p", "page", "Page", id="page", tooltip="Page a team's on-call person"),
        Binding(
            "R", "resolve", "Resolve", id="resolve", tooltip="Resolve: asks when the impact ended"
        ),
        Binding("d", "declare", "Declare", id="declare", tooltip="Declare an incident"),
        Binding(
            "a",
            "take",
            "Take IM",
            id="take",
            tooltip="Take the focused incident as its incident manager",
        ),
        Binding(
            "e",
            "edit",
            "Correct",
            id="edit",
            tooltip="Correct the summary, description, faulty service or products",
        ),
        Binding(
            "l", "links", "Links", id="links", tooltip="Chat room, video call, status document"
        ),
        Binding(
            "i",
            "times",
            "Times",
            id="times",
            tooltip="When the impact started; when it was detected",
        ),
        Binding(
            "ctrl+r",
            "toggle_resolved",
            "Resolved",
            id="resolved",
            tooltip="Show or hide resolved incidents",
        ),
        Binding(
            "E",
            "edit_note",
            "Correct a note",
            id="edit_note",
            show=False,
            tooltip="Correct a timeline note's text; the earlier text is kept",
        ),
        Binding(
            "O",
            "reopen",
            "Reopen",
            id="reopen",
            show=False,
            tooltip="Reopen a resolved incident, with a reason",
        ),
        Binding(
            "1", "tab('roles')", "Roles", id="roles", show=False, tooltip="Show the roles board"
        ),
        Binding(
            "2",
            "tab('assessment')",
            "Assess",
            id="assessment",
            show=False,
            tooltip="Show the six assessment questions",
        ),
        Binding(
            "3",
            "tab('matrix')",
            "Matrix",
            id="matrix",
            show=False,
            tooltip="Show the severity matrix",
        ),
        Binding(
            "4",
            "tab('comms')",
            "Comms sent",
            id="comms",
            show=False,
            tooltip="Show the messages sent and how they were delivered",
        ),
        Binding(
            "5",
            "tab('pages')",
            "Pages",
            id="pages",
            show=False,
            tooltip="Show the pages, whom each waits on and when it escalates",
        ),
        Binding(
            "6",
            "tab('items')",
            "Items",
            id="items",
            show=False,
            tooltip="Show the clean-up and follow-up items",
        ),
        Binding(
            "ctrl+t",
            "track_note",
            "Track a: note",
            id="track_note",
            show=False,
            tooltip="Track an a: note as an item (the newest not yet one): owner, due date",
        ),
        Binding(
            "P",
            "postmortem",
            "Postmortem",
            id="postmortem",
            show=False,
            tooltip="Write the resolved incident's blameless postmortem",
        ),
        Binding(
            "M",
            "report",
            "Report",
            id="report",
            show=False,
            tooltip="Report across incidents: TTD, TTR, cadence, with charts",
        ),
        Binding("f", "filter", "Filter", id="filter", show=False, tooltip="Filter the timeline"),
        Binding("escape", "leave_entry", "Leave field", id="leave", show=False),
    ]

    def __init__(self, ctx: Context, user: str, drill: DrillSession | None = None) -> None:
        super().__init__(ctx, user, drill)
        self.drafts: Drafts = {}  # unsent drafts, kept while the console runs
        self._drafter: DrafterScreen | None = None  # open over the console, if it is

    def apply(self, board: Board) -> None:
        super().apply(board)
        # The console keeps reading while the drafter is open: its checklist follows.
        if self._drafter is not None and board.detail is not None:
            self._drafter.show_incident(board.detail)

    # -- the timeline and the assessment: typed in place ----------------------

    @on(TimelinePane.NoteSubmitted)
    def _note_submitted(self, message: TimelinePane.NoteSubmitted) -> None:
        key = self.entry_key  # the incident on screen when it was typed
        if key is None:
            declare = key_name(self.app, "declare")
            self.query_one(TimelinePane).show_error(
                f"No incident to write on — press {declare} to declare one."
            )
            return
        line = message.line
        self.call_service(
            lambda: self._save_note(key, line),
            done=self._note_saved,
            refused=lambda err: self.query_one(TimelinePane).show_error(f"Not saved: {err}"),
        )

    def _save_note(self, key: str, line: str) -> TimelineEntry:
        """In a worker: the note. It is shown as soon as it is stored; the board is read
        after that, so the reads it takes do not delay the note (measured: about 12 ms of
        the 45 it took from Enter to the frame showing it, at 10,000 incidents)."""
        return scribe.add_line(self.ctx, key, line, by=self.user)

    def _note_saved(self, entry: TimelineEntry) -> None:
        self.query_one(TimelinePane).note_saved()
        self.show_saved_entry(entry)
        # The board is read again once the frame showing the note is out: a read started
        # now holds the interpreter in its thread while that frame is being rendered.
        self.call_after_refresh(self.reload)
        if entry.kind == EntryKind.CHANGE and not entry.undo:
            self.notify(
                "Change saved. Say how to undo it next time: c: … undo: how", severity="warning"
            )
        if entry.kind == EntryKind.ACTION:
            track = key_name(self.app, "track_note")
            self.notify(f"Action noted. {track} tracks it as an item, with an owner and due date.")

    @on(AssessmentChecklist.Answered)
    def _answered(self, message: AssessmentChecklist.Answered) -> None:
        key = self.focused_key
        if key is None:  # the answer stays typed in its field
            declare = key_name(self.app, "declare")
            self.notify(
                f"Not saved: no incident to answer for — press {declare} to declare one.",
                severity="warning",
            )
            return
        slug, text = message.question, message.answer
        self.call_service(
            lambda: assessment.answer(self.ctx, key, slug, text, by=self.user),
            done=lambda _: self._answer_saved(slug, text),
        )

    def _answer_saved(self, slug: str, text: str) -> None:
        self.query_one(AssessmentChecklist).answer_saved(slug, text)
        self.reload()

    def change(self, call: Callable[[], object]) -> None:
        """A service call that changes the store; the board is read again afterwards."""
        self.call_service(call, done=lambda _: self.reload())

    # -- forms ------------------------------------------------------------------

    def _detail(self) -> IncidentDetail | None:
        """The focused incident, or a word on what to do when there is none."""
        if self.focused_key is None or self.board is None or self.board.detail is None:
            declare = key_name(self.app, "declare")
            self.notify(
                f"No incident selected — press {declare} to declare one.", severity="warning"
            )
            return None
        return self.board.detail

    def _open(self, form: FormScreen, then: Callable[[object], object] | None = None) -> None:
        """``then`` gets what the form's service call returned, once it is saved."""

        def closed(saved: bool | None) -> None:
            if not saved:
                return
            if isinstance(form.result, Incident):
                self.focused_key = form.result.key  # a new incident: work on it next
            self.reload()
            if then is not None:
                then(form.result)

        self.app.push_screen(form, closed)

    def action_declare(self) -> None:
        def declared(incident: object) -> None:
            assert isinstance(incident, Incident)
            catalog, now = self.ctx.catalog, self.ctx.clock.now()
            self._propose(incident.key, lambda: proposed_pages.on_declaring(catalog, incident, now))

        self._open(dialogs.declare_form(self.ctx, self.user), declared)

    def action_take(self) -> None:
        if detail := self._detail():
            key = detail.incident.key
            self.change(lambda: roles.take(self.ctx, key, by=self.user))

    def action_severity(self) -> None:
        if detail := self._detail():
            key, before = detail.incident.key, detail.incident.severity

            def raised() -> list[ProposedPage]:
                """In a worker: the incident and its pages as they are now."""
                now = load_detail(self.ctx, key)
                return proposed_pages.on_raising(
                    self.ctx.catalog, now.incident, before, now.pages, self.ctx.clock.now()
                )

            form = dialogs.severity_form(self.ctx, self.user, detail)
            self._open(form, lambda _: self._propose(key, raised))

    def action_links(self) -> None:
        if detail := self._detail():
            self._open(dialogs.channels_form(self.ctx, self.user, detail))

    def action_times(self) -> None:
        if detail := self._detail():
            self._open(dialogs.times_form(self.ctx, self.user, detail))

    def action_page(self) -> None:
        if detail := self._detail():
            self._open(PageForm(self.ctx, self.user, detail), self._paged)

    def _paged(self, paged: object) -> None:
        """Who was paged, the page's id, and any delivery that failed."""
        if isinstance(paged, Paged):
            text, failed = paged_text(paged)
            self.notify(text, severity="error" if failed else "information", timeout=15)

    def _propose(self, key: str, propose: Callable[[], list[ProposedPage]]) -> None:
        """Work out the handbook's pages off the UI thread; offer them if there are any."""

        def offer(proposed: list[ProposedPage]) -> None:
            if proposed:
                page_key = key_name(self.app, "page")
                form = proposals_form(self.ctx, self.user, key, proposed, page_key=page_key)
                self._open(form, self._proposals_paged)

        self.call_service(propose, done=offer)

    def _proposals_paged(self, outcomes: object) -> None:
        for outcome in outcomes if isinstance(outcomes, list) else []:
            if isinstance(outcome, NotPaged):
                self.notify(outcome.why, title=f"{outcome.team} not paged", severity="error")
            else:
                self._paged(outcome)

    def action_acknowledge_page(self) -> None:
        """The highlighted page of the Pages tab, acknowledged as this console's user."""
        found = self.query(PagesPane)
        view = found.first().selected() if found else None
        if view is None:
            pages = key_name(self.app, "pages")
            self.notify(f"No page selected — {pages} shows the pages.", severity="warning")
            return
        page_id, user = view.page.id, self.user
        assert page_id is not None

        def acknowledged(page: Page) -> None:
            self.notify(f"Page {page.id} ({page.team}) acknowledged by {user}: no more escalation.")
            self.reload()

        self.call_service(lambda: paging.acknowledge(self.ctx, page_id, by=user), done=acknowledged)

    # -- clean-up and follow-up items (the Items tab's keys, and the palette) --------

    def action_add_item(self) -> None:
        if detail := self._detail():
            self._open(item_forms.add_item_form(self.ctx, self.user, detail.incident.key))

    def action_track_note(self) -> None:
        """The newest a: note of the focused incident that is not an item yet, in a form."""
        if (detail := self._detail()) is None:
            return
        key = detail.incident.key

        def offer(notes: ActionNotes) -> None:
            if not notes.untracked and notes.tracked:
                latest = notes.tracked[max(notes.tracked)]
                self.notify(
                    f"Every a: note on {key} is already an item (the latest is item {latest}).",
                    severity="warning",
                )
                return
            if not notes.untracked:
                self.notify(f"No a: note on {key} yet: write one with a: …", severity="warning")
                return
            newest, *older = notes.untracked
            form = item_forms.note_item_form(self.ctx, self.user, key, newest, len(older))
            self._open(form, self._note_tracked)

        self.call_service(lambda: action_notes(self.ctx, key), done=offer)

    def _note_tracked(self, item: object) -> None:
        if isinstance(item, ActionItem):
            items = key_name(self.app, "items")
            self.notify(f"Item {item.id} tracked — {items} shows the items.")

    def action_item_owner(self) -> None:
        if item := self._selected_item():
            self._open(item_forms.owner_form(self.ctx, self.user, item))

    def action_item_due(self) -> None:
        if item := self._selected_item():
            self._open(item_forms.due_form(self.ctx, self.user, item))

    def action_item_done(self) -> None:
        if (item := self._selected_item()) and item.id is not None:
            item_id, user = item.id, self.user
            self.change(lambda: actions.complete_item(self.ctx, item_id, by=user))

    def action_item_reopen(self) -> None:
        if (item := self._selected_item()) and item.id is not None:
            item_id, user = item.id, self.user
            self.change(lambda: actions.reopen_item(self.ctx, item_id, by=user))

    def _selected_item(self) -> ActionItem | None:
        found = self.query(ItemsPane)
        item = found.first().selected() if found else None
        if item is None:
            items, add = key_name(self.app, "items"), key_name(self.app, "add_item")
            self.notify(
                f"No item selected — {items} shows the items; {add} there adds one.",
                severity="warning",
            )
        return item

    def action_resolve(self) -> None:
        if detail := self._detail():
            if detail.incident.status == Status.RESOLVED.value:
                reopen = key_name(self.app, "reopen")
                self.notify(
                    f"{detail.incident.key} is already resolved; {reopen} reopens it.",
                    severity="warning",
                )
                return
            self._open(dialogs.resolve_form(self.ctx, self.user, detail))

    def action_reopen(self) -> None:
        if detail := self._detail():
            if detail.incident.status != Status.RESOLVED.value:
                self.notify(
                    f"{detail.incident.key} is not resolved; only a resolved incident reopens.",
                    severity="warning",
                )
                return
            self._open(dialogs.reopen_form(self.ctx, self.user, detail.incident.key))

    def action_postmortem(self) -> None:
        if detail := self._detail():
            incident = detail.incident
            if incident.status != Status.RESOLVED.value:
                resolve = key_name(self.app, "resolve")
                self.notify(
                    f"{incident.key} is not resolved yet: its postmortem is written once it is "
                    f"({resolve} resolves it).",
                    severity="warning",
                )
                return
            from warroom.screens.postmortem import PostmortemScreen  # loaded when first used

            self.app.push_screen(
                PostmortemScreen(self.ctx, self.user, incident.key), lambda _: self.reload()
            )

    def action_edit(self) -> None:
        if detail := self._detail():
            self._open(corrections.edit_incident_form(self.ctx, self.user, detail))

    def action_edit_note(self) -> None:
        if detail := self._detail():
            notes = corrections.editable_notes(detail)
            if not notes:
                note = key_name(self.app, "note")
                self.notify(f"No notes to correct yet — {note} writes one.", severity="warning")
                return
            self._open(corrections.EditNoteForm(self.ctx, self.user, notes))

    def action_draft(self) -> None:
        if detail := self._detail():
            phase = starting_phase(detail)
            self._drafter = DrafterScreen(self.ctx, self.user, detail, self.drafts, phase)
            self.app.push_screen(self._drafter, self._drafter_closed)

    def _drafter_closed(self, sent: bool | None) -> None:
        self._drafter = None
        if sent:
            self.reload()

    # -- roles and deliveries (the panes' keys, and the palette) ----------------

    def action_assign_role(self) -> None:
        if detail := self._detail():
            self._open(dialogs.assign_form(self.ctx, self.user, detail.incident.key))

    def action_hand_over(self) -> None:
        if (detail := self._detail()) and (held := self._selected_role()):
            role, person = held
            self._open(
                dialogs.handover_form(self.ctx, self.user, detail.incident.key, role, person)
            )

    def action_relieve(self) -> None:
        if (detail := self._detail()) and (held := self._selected_role()):
            role, person = held
            key = detail.incident.key
            self._open(dialogs.relieve_form(self.ctx, self.user, key, role, person))

    def _selected_role(self) -> tuple[str, str] | None:
        held = self.query_one(RolesBoard).selected()
        if held is None:
            assign = key_name(self.app, "assign")
            self.notify(f"Nobody holds a role yet — {assign} assigns one.", severity="warning")
        return held

    def action_copy_topic(self) -> None:
        if detail := self._detail():
            self.app.copy_to_clipboard(links.chat_topic(detail.incident, detail.holdings))
            self.notify("Chat-room topic copied to the clipboard.")

    def action_retry_deliveries(self) -> None:
        if (detail := self._detail()) is None:
            return
        failed = [
            d.id
            for sent in detail.messages
            for d in sent.deliveries
            if d.status != "delivered" and d.id is not None
        ]
        if not failed:
            self.notify("No failed deliveries to retry.")
            return

        def retry_all() -> None:
            for delivery_id in failed:
                sending.retry(self.ctx, delivery_id, by=self.user)

        self.change(retry_all)

    # -- moving around ------------------------------------------------------------

    async def action_tab(self, command: str) -> None:
        await self.open_tab(TABS[command])
        pane = self.query_one(TabbedContent).get_pane(TABS[command])
        if command == "assessment":
            # The first open question, ready to answer; with none open, the checklist
            # itself, so a saved answer is not typed into (and 1–4 stay tab keys).
            self.query_one(AssessmentChecklist).focus_first_open()
            return
        target = pane.query(
            "RolesBoard DataTable, SeverityMatrix, CommsPane, PagesPane DataTable, "
            "ItemsPane DataTable"
        )
        if target:
            target.first().focus()

    def action_filter(self) -> None:
        self.query_one(TimelinePane).cycle_filter()

    def action_focus_entry(self) -> None:
        if self._detail() is not None:  # else it says how to declare one
            self.query_one("#entry", Field).focus()

    def action_leave_entry(self) -> None:
        self.query_one(IncidentList).focus()

    def action_toggle_resolved(self) -> None:
        self.include_resolved = not self.include_resolved
        self.listed = LIST_PAGE
        state = "shown" if self.include_resolved else "hidden"
        self.notify(f"Resolved incidents {state}.")
        self.reload()

    def action_report(self) -> None:
        from warroom.screens.report import ReportScreen  # plotting is loaded only when asked

        self.app.push_screen(ReportScreen(self.ctx))

    def action_help(self) -> None:
        text = help_text(self, self._focused_pane())
        if self.drill is not None:  # the briefing, to read again whenever the trainee needs it
            briefing = self.drill.drill.drill
            text = f"{drill_help(briefing.title, briefing.briefing)}\n\n{text}"
        self.app.push_screen(HelpScreen(text))

    def _focused_pane(self) -> Widget:
        """The focused widget or its nearest ancestor that has help of its own."""
        widget: Widget | None = self.focused
        while widget is not None:
            if isinstance(getattr(widget, "help", None), str):
                return widget
            parent = widget.parent
            widget = parent if isinstance(parent, Widget) else None
        return self.query_one(IncidentList)

    def unsaved_work(self) -> list[str]:
        """What quitting now would lose."""
        unsaved = []
        if self.query_one("#entry", Field).value.strip() or self._entries_aside:
            unsaved.append("a timeline note being typed")
        if self.drafts:
            unsaved.append(f"{len(self.drafts)} comms draft(s)")
        return unsaved
