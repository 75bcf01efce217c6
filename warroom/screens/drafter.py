"""The comms drafter: structured fields on the left, the checklist and the exact text
that will go out on the right, updated as you type. Send is refused, visibly, until
every gate passes.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Select, Static

from warroom.base.errors import WarroomError
from warroom.comms import sending as messages
from warroom.comms.gates import FIELD_HELP, Draft, Prepared, prepare, suggested_draft, with_fields
from warroom.process.context import Context
from warroom.process.read import IncidentDetail, SentMessage
from warroom.screens.help import HelpScreen
from warroom.vocabulary.channels import CHANNEL_NAMES as CHANNELS
from warroom.vocabulary.channels import PHASE_NAMES as PHASES
from warroom.widgets.checklist import Checklist
from warroom.widgets.inputs import Field

CHANNEL_LABELS = {
    "internal": "Internal status page",
    "email": "Email to the distribution list",
    "external": "External status page",
}
FIELD_LABELS = {
    "summary": "Summary",
    "current_status": "Current status",
    "next_steps": "Next steps",
    "next_update": "Next update",
    "impact": "Impact",
    "internal_affected": "Internal customers affected",
    "external_affected": "External customers affected",
    "root_cause": "Root cause",
    "recovery": "Expected recovery",
}

Drafts = dict[tuple[str, str, str], Draft]


class DrafterScreen(Screen[bool]):
    help = (
        "Comms drafter\n\n"
        "Choose the phase (initial, update, resolution) and the channel. Fill the fields;\n"
        "bullets are separated by ;. The preview shows exactly what will go out, and the\n"
        "checklist shows every gate: ✘ blocks sending and says where to fix it, ⚠ is\n"
        "advice. ctrl+s sends; Esc goes back (your draft is kept for this session)."
    )

    BINDINGS = [
        Binding("ctrl+s", "send", "Send", priority=True),
        Binding("escape", "close", "Back"),
        Binding("f1", "help", "Help"),
    ]

    def __init__(
        self, ctx: Context, user: str, detail: IncidentDetail, drafts: Drafts, phase: str
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.user = user
        self.detail = detail
        self.drafts = drafts
        self.phase = phase
        self.channel = self._first_unsent_channel()
        self.prepared: Prepared | None = None
        self._start = Draft()

    def compose(self) -> ComposeResult:
        key = self.detail.incident.key
        yield Static(
            f"Comms for {key} — {self.detail.incident.summary}", id="drafter-title", markup=False
        )
        with Horizontal(id="drafter"):
            with VerticalScroll(id="drafter-fields"):
                yield Label("Phase")
                yield Select(
                    [(p.capitalize(), p) for p in PHASES],
                    value=self.phase,
                    allow_blank=False,
                    id="phase",
                )
                yield Label("Channel")
                yield Select(
                    [(CHANNEL_LABELS[c], c) for c in CHANNELS],
                    value=self.channel,
                    allow_blank=False,
                    id="channel",
                )
                for name, help_text in FIELD_HELP.items():
                    yield Label(f"{FIELD_LABELS[name]} — {help_text}", classes="follow-up")
                    yield Field(id=f"draft-{name}", classes="follow-up")
                yield Label("Reviewed by (a second pair of eyes)")
                yield Field(id="reviewed-by", placeholder="name of the reviewer, if any")
            with Vertical(id="drafter-side"):
                yield Checklist(id="checklist")
                yield Static("", id="send-error", markup=False)
                with VerticalScroll(id="preview-box"):
                    yield Static("", id="preview", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._load_draft()
        self.query_one("#phase", Select).focus()

    def _first_unsent_channel(self) -> str:
        """Open on the channel this phase still has to go out on."""
        sent = {m.message.channel for m in self.detail.messages if m.message.phase == self.phase}
        return next((c for c in CHANNELS if c not in sent), "internal")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help))

    # -- the draft -------------------------------------------------------------

    def _slot(self) -> tuple[str, str, str]:
        return (self.detail.incident.key, self.phase, self.channel)

    def _load_draft(self) -> None:
        self._start = self._starting_draft()
        draft = self.drafts.get(self._slot()) or self._start
        for name in FIELD_HELP:
            value = getattr(draft, name)
            text = "; ".join(value) if isinstance(value, tuple) else value
            self.query_one(f"#draft-{name}", Field).value = text
        for widget in self.query(".follow-up"):
            widget.display = self.phase != "initial"
        self._refresh()

    def _starting_draft(self) -> Draft:
        """Start from the latest words on this phase: an unsent draft on another channel,
        else the last message sent, else what the assessment says. Nobody retypes the
        same facts every thirty minutes."""
        for (key, phase, _), draft in self.drafts.items():
            if key == self.detail.incident.key and phase == self.phase:
                return draft
        for sent in reversed(self.detail.messages):
            if sent.message.phase == self.phase:
                return Draft.model_validate_json(sent.message.fields)
        if self.phase == "resolution":  # the last update's facts are the best start
            for sent in reversed(self.detail.messages):
                if sent.message.phase == "update":
                    return Draft.model_validate_json(sent.message.fields)
        return suggested_draft(self.detail)

    def current_draft(self) -> Draft:
        values = {name: self.query_one(f"#draft-{name}", Field).value for name in FIELD_HELP}
        return with_fields(Draft(), values)

    def _refresh(self) -> None:
        draft = self.current_draft()
        # Only words someone typed count as a draft worth keeping (and warning about).
        if draft != self._start:
            self.drafts[self._slot()] = draft
        else:
            self.drafts.pop(self._slot(), None)
        self.prepared = prepare(
            self.detail,
            self.phase,
            self.channel,
            draft,
            self.ctx.templates,
            self.ctx.clock.now(),
            sender=self.user,
            reviewed_by=self.query_one("#reviewed-by", Field).value,
            require_review=self.ctx.catalog.require_review_for_external,
        )
        self.query_one(Checklist).show(self.prepared.checklist)
        self.query_one("#preview", Static).update(
            f"{self.prepared.title}\n{'─' * min(len(self.prepared.title), 60)}\n\n"
            f"{self.prepared.body}"
        )

    @on(Field.Changed)
    def _typed(self) -> None:
        self.query_one("#send-error", Static).update("")  # it spoke of the text before
        self._refresh()

    @on(Select.Changed)
    def _switched(self, event: Select.Changed) -> None:
        if event.select.id == "phase":
            self.phase = str(event.value)
        else:
            self.channel = str(event.value)
        self._load_draft()

    # -- sending ---------------------------------------------------------------

    def action_send(self) -> None:
        self._refresh()
        error = self.query_one("#send-error", Static)
        if self.prepared is not None and not self.prepared.can_send:
            error.update("Send refused — " + self.prepared.refusal())
            return
        error.update("Sending…")
        self._send(self.current_draft(), self.query_one("#reviewed-by", Field).value)

    @work(thread=True, exclusive=True, group="send", exit_on_error=False)
    def _send(self, draft: Draft, reviewed_by: str) -> None:
        try:
            sent = messages.send(
                self.ctx,
                self.detail.incident.key,
                self.phase,
                self.channel,
                draft,
                by=self.user,
                reviewed_by=reviewed_by,
            )
        except WarroomError as err:
            self.app.call_from_thread(
                self.query_one("#send-error", Static).update, f"Send refused — {err}"
            )
            return
        self.app.call_from_thread(self._sent, sent)

    def _sent(self, sent: SentMessage) -> None:
        self.drafts.pop(self._slot(), None)
        failed = [d for d in sent.deliveries if d.status != "delivered"]
        summary = "; ".join(f"{d.adapter}: {d.detail}" for d in sent.deliveries)
        if failed:
            self.notify(f"Sent, but a delivery failed — {summary}", severity="error", timeout=15)
        else:
            self.notify(f"Sent. {summary}", title="Comms", timeout=10)
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
