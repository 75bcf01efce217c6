"""The comms drafter: structured fields on the left, the checklist and the exact text
that will go out on the right, updated as you type. Send is refused, visibly, until
every gate passes.

Where a draft starts (phase, channel, words) is the comms core's rule
(``comms.drafts``), the same one ``warroom draft`` and ``warroom send`` follow.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Select, Static

from warroom.base.errors import WarroomError
from warroom.base.text import one_line
from warroom.comms import sending
from warroom.comms.cadence import cadence
from warroom.comms.delivery.base import DRILL_NOTE, marked
from warroom.comms.drafts import (
    Draft,
    as_text,
    starting_channel,
    starting_draft,
    with_fields,
)
from warroom.comms.gates import Check, Prepared, fields_asked, prepare
from warroom.process.context import Context
from warroom.process.read import IncidentDetail, SentMessage
from warroom.screens.base import WarroomScreen
from warroom.screens.help import HelpScreen, help_text
from warroom.vocabulary.channels import CHANNELS, PageStatus, Phase
from warroom.vocabulary.draft_fields import FIELDS
from warroom.widgets.checklist import Checklist
from warroom.widgets.inputs import Field
from warroom.widgets.keys import key_name
from warroom.widgets.literal import Literal, LiteralLabel

Drafts = dict[tuple[str, str, str], Draft]  # (key, phase, channel) → unsent draft

# The status-page status: the IM's choice, or (empty) what the facts say.
_PAGE_STATUSES = [("From the facts (the checklist says which)", "")] + [
    (status.label, status.value) for status in PageStatus
]

# The console command that fixes a check, for a hint beside it.
FIX_COMMANDS = {Check.ASSESSMENT: "assessment", Check.RESOLVED: "resolve"}


class DrafterScreen(WarroomScreen[bool]):
    help = (
        "Comms drafter\n\n"
        "Choose the phase (initial, update, resolution) and the channel. Fill the fields;\n"
        "bullets are separated by ;. The preview shows exactly what will go out, and the\n"
        "checklist shows every gate: ✘ blocks sending and says where to fix it, ⚠ is\n"
        "advice. Going back keeps your draft for this session.\n"
        "The external status page has its own words (What customers read: they start\n"
        "from the impact, never from the team's summary) and its own status; left on\n"
        "'From the facts', it says Investigating until a root cause is written.\n"
        "A next update with a time (by 14:30, in 30 minutes) sets the countdown."
    )

    BINDINGS = [
        Binding("ctrl+s", "send", "Send", id="send", priority=True, tooltip="Send the message"),
        Binding("escape", "close", "Back", id="drafter_back", tooltip="Back to the console"),
        Binding("f1", "help", "Help", id="drafter_help", tooltip="Help for the drafter"),
    ]

    def __init__(
        self, ctx: Context, user: str, detail: IncidentDetail, drafts: Drafts, phase: Phase
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.user = user
        self.detail = detail
        self.drafts = drafts
        self.phase = phase
        self.channel = starting_channel(detail, phase)
        self.prepared: Prepared | None = None
        self._start = Draft()

    def compose(self) -> ComposeResult:
        key = self.detail.incident.key
        drill = (
            " — a DRILL: messages go to the outbox only" if self.detail.incident.training else ""
        )
        yield Literal(
            f"Comms for {key} — {one_line(self.detail.incident.summary)}{drill}", id="drafter-title"
        )
        with Horizontal(id="drafter"):
            with VerticalScroll(id="drafter-fields"):
                yield LiteralLabel("Phase")
                yield Select(
                    [(p.value.capitalize(), p.value) for p in Phase],
                    value=self.phase.value,
                    allow_blank=False,
                    id="phase",
                )
                yield LiteralLabel("Channel")
                yield Select(
                    [(c.label, c.name) for c in CHANNELS],
                    value=self.channel,
                    allow_blank=False,
                    id="channel",
                )
                for name, (label, help_text) in FIELDS.items():
                    yield LiteralLabel(f"{label} — {help_text}", classes=f"field-{name}")
                    if name == "page_status":
                        yield Select(
                            _PAGE_STATUSES,
                            value="",
                            allow_blank=False,
                            id="draft-page_status",
                            classes=f"field-{name}",
                        )
                    else:
                        yield Field(id=f"draft-{name}", classes=f"field-{name}")
                yield LiteralLabel("Reviewed by (a second pair of eyes)")
                yield Field(id="reviewed-by", placeholder="name of the reviewer, if any")
            with Vertical(id="drafter-side"):
                yield Checklist(id="checklist")
                yield Literal("", id="send-error")
                with VerticalScroll(id="preview-box"):
                    yield Literal("", id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self._load_draft()
        # Start where the words go: the first field this phase and channel ask for
        # (the phase and channel, already chosen, are a shift+tab away).
        asked = [w for w in self.query("#drafter-fields Field, #draft-page_status") if w.display]
        (asked[0] if asked else self.query_one("#phase", Select)).focus()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_text(self, self)))

    # -- the draft -------------------------------------------------------------

    def _slot(self) -> tuple[str, str, str]:
        return (self.detail.incident.key, self.phase.value, self.channel)

    def _unsent(self) -> dict[str, Draft]:
        """This incident's unsent drafts for this phase, by channel."""
        key = self.detail.incident.key
        return {
            channel: draft
            for (k, phase, channel), draft in self.drafts.items()
            if k == key and phase == self.phase.value
        }

    def _load_draft(self) -> None:
        # What the store says is the baseline: only words that differ from it are a draft
        # worth keeping. Shown: this slot's kept draft, else words typed for another
        # channel of this phase, else the baseline.
        self._start = starting_draft(self.detail, self.phase, self.channel)
        shown = self.drafts.get(self._slot()) or starting_draft(
            self.detail, self.phase, self.channel, self._unsent()
        )
        asked = set(fields_asked(self.ctx.templates, self.phase.value, self.channel))
        for name in FIELDS:
            self._field(name).value = as_text(shown, name)
            for widget in self.query(f".field-{name}"):
                widget.display = name in asked
        self._refresh()

    def show_incident(self, detail: IncidentDetail) -> None:
        """The incident changed (from this console or another): the checklist and the
        preview follow it; what was typed stays."""
        if detail.incident.key == self.detail.incident.key:
            self.detail = detail
            self._refresh()

    def _field(self, name: str) -> Field | Select[str]:
        """A draft field's widget: text, or for the status-page status, a choice."""
        widget = self.query_one(f"#draft-{name}")
        assert isinstance(widget, Field | Select)
        return widget

    def current_draft(self) -> Draft:
        return with_fields(Draft(), {name: str(self._field(name).value) for name in FIELDS})

    def _refresh(self) -> None:
        draft = self.current_draft()
        # Only words someone typed count as a draft worth keeping (and warning about).
        if draft != self._start:
            self.drafts[self._slot()] = draft
        else:
            self.drafts.pop(self._slot(), None)
        self.prepared = prepare(
            self.detail,
            self.phase.value,
            self.channel,
            draft,
            self.ctx.templates,
            self.ctx.clock.now(),
            sender=self.user,
            reviewed_by=self.query_one("#reviewed-by", Field).value,
            require_review=self.ctx.catalog.require_review_for_external,
            update_every=cadence(self.ctx.catalog, self.detail.incident.severity),
        )
        hints = {
            check: f"press {key_name(self.app, command)} in the console"
            for check, command in FIX_COMMANDS.items()
        }
        self.query_one(Checklist).show(self.prepared.checklist, hints)
        title = marked(self.prepared.title, drill=self.detail.incident.training)  # as it goes out
        self.query_one("#preview", Static).update(
            f"{title}\n{'─' * min(len(title), 60)}\n\n{self.prepared.body}"
        )

    @on(Field.Changed)
    def _typed(self) -> None:
        self.query_one("#send-error", Static).update("")  # it spoke of the text before
        self._refresh()

    @on(Select.Changed)
    def _switched(self, event: Select.Changed) -> None:
        if event.select.id == "draft-page_status":
            self._typed()
            return
        if event.select.id == "phase":
            self.phase = Phase(str(event.value))
        else:
            self.channel = str(event.value)
        self._load_draft()

    # -- sending ---------------------------------------------------------------

    def action_send(self) -> None:
        self._refresh()
        # A send the checklist refuses still goes to the service, which refuses it too and
        # records what was missing (a drill's debrief counts the sends refused and why).
        self.query_one("#send-error", Static).update("Sending…")
        draft, reviewer = self.current_draft(), self.query_one("#reviewed-by", Field).value
        key, phase, channel = self._slot()
        self.call_service(
            lambda: sending.send(
                self.ctx, key, phase, channel, draft, by=self.user, reviewed_by=reviewer
            ),
            done=self._sent,
            refused=self._refused,
        )

    def _refused(self, err: WarroomError) -> None:
        self.query_one("#send-error", Static).update(f"Send refused — {err}")

    def _sent(self, sent: SentMessage) -> None:
        self.drafts.pop(self._slot(), None)
        failed = [d for d in sent.deliveries if d.status != "delivered"]
        # Short: where it went, not the outbox's paths (the comms tab lists those).
        ways = ", ".join(
            f"{d.adapter} {'✔' if d.status == 'delivered' else '✘'}" for d in sent.deliveries
        )
        where = f"{ways} — details: {key_name(self.app, 'comms')} in the console"
        if failed:
            failures = "; ".join(f"{d.adapter}: {d.detail}" for d in failed)
            self.notify(f"Sent, but a delivery failed — {failures}", severity="error", timeout=15)
        elif sent.drill:
            self.notify(f"{DRILL_NOTE} {where}", title="Comms — drill", timeout=8)
        else:
            self.notify(f"Sent: {where}", title="Comms", timeout=8)
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
