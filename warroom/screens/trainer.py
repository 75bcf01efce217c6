"""The trainer's console: the drill's clock and its controls, the injects fired and to come,
the ground truth, and the trainee's progress against the expectations, live.

A timer ticks the drill (``DrillSession.tick``) off the UI thread: injects that fall due
are written to the drill store, where every trainee's console reads them on its next poll.
The trainer plays everyone else, so the truth is on screen here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header

from warroom.base.drill_clock import MAX_SPEED
from warroom.base.durations import format_duration
from warroom.base.localtime import local_text
from warroom.base.text import one_line, safe
from warroom.process.drill_records import fired_injects, not_started
from warroom.scenarios.debrief import debrief_of
from warroom.scenarios.debrief_export import expectation_text
from warroom.scenarios.drill import Drill, Inject
from warroom.scenarios.drill_progress import Score, Standing, progress_of, scorecard
from warroom.scenarios.drill_session import (
    ENTRY_KINDS,
    DrillSession,
    InjectState,
    store_path,
    trainee_command,
)
from warroom.scenarios.durations import format_offset
from warroom.screens.base import WarroomScreen
from warroom.screens.drill_keys import TrainerKeys
from warroom.screens.form import FieldSpec, FormScreen, Values
from warroom.screens.read_aloud import ReadAloudScreen
from warroom.screens.scorecard import MARKS, ScorecardScreen
from warroom.store.models import FiredInject
from warroom.vocabulary.questions import question
from warroom.widgets.keys import key_name
from warroom.widgets.literal import Literal

WHEN_WIDTH, FROM_WIDTH = 22, 16
TICK_SECONDS = 0.5  # injects reach trainees within a second: this, plus their poll
SPEEDS = (0.5, 1, 2, 4, 5, 10, 15, 20, 30, MAX_SPEED)  # what + and - step through
# Inject.after, short enough for a table column.
AFTER_SHORT = {
    "declared": "declared",
    "im-taken": "IM taken",
    "paged": "{team} paged",
    "assessed": "6/6",
    "initial-comms": "initial comms",
    "update-comms": "first update",
    "resolved": "resolved",
}
# The scorecard's marks (a word as well as a colour), in the same colours.
STANDING_STYLES = {
    Standing.MET: "$success",
    Standing.LATE: "$warning",
    Standing.MISSED: "bold $error",
    Standing.OPEN: "$text-muted",
}


@dataclass(frozen=True)
class TrainerView:
    """What one tick read: everything the screen shows."""

    now: datetime
    injects: list[InjectState]
    improvised: list[FiredInject]
    scores: list[Score]
    incident: str  # the drill incident's key and severity, or that none is declared yet


class TrainerScreen(WarroomScreen[None]):
    DEFAULT_CSS = """
    TrainerScreen #drill-clock { height: 1; padding: 0 1; background: $warning 30%; }
    TrainerScreen #trainer { height: 1fr; }
    TrainerScreen #trainer-injects { width: 3fr; }
    TrainerScreen #trainer-side { width: 2fr; border-left: vkey $foreground 20%; }
    TrainerScreen #injects { height: 1fr; }
    TrainerScreen #inject-said { height: auto; max-height: 6; padding: 0 1; background: $boost; }
    TrainerScreen .trainer-title { text-style: bold; background: $boost; padding: 0 1; }
    TrainerScreen #briefing, TrainerScreen #truth, TrainerScreen #progress {
        padding: 0 1 1 1;
    }
    TrainerScreen #trainer-join { height: auto; padding: 0 1; background: $boost; }
    """

    BINDINGS = TrainerKeys.BINDINGS

    def __init__(self, drill: DrillSession, user: str) -> None:
        super().__init__()
        self.drill = drill
        self.user = user
        self._ticking = False
        self._end_armed = False
        self._said: list[tuple[str, str, str]] = []  # each row's when, author, text in full

    def compose(self) -> ComposeResult:
        yield Header()
        yield Literal(id="drill-clock")
        with Horizontal(id="trainer"):
            with Vertical(id="trainer-injects"):
                yield Literal("Injects", classes="trainer-title")
                yield DataTable(id="injects", cursor_type="row", zebra_stripes=True)
                yield Literal(id="inject-said")
            with VerticalScroll(id="trainer-side"):
                yield Literal("Trainee's progress", classes="trainer-title")
                yield Literal(id="progress")
                yield Literal("Ground truth — for your eyes only", classes="trainer-title")
                yield Literal(ground_truth(self.drill.drill), id="truth")
                yield Literal("Briefing — read it to the trainee", classes="trainer-title")
                yield Literal(paragraphs(self.drill.drill.drill.briefing), id="briefing")
        yield Literal(id="trainer-join")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "warroom — trainer's console"
        self.sub_title = f"{self.user} · {self.drill.ctx.store.name}"
        table = self.query_one("#injects", DataTable)
        # Fixed widths where a text can be long (a team's name, a person's): the row under
        # the table gives the highlighted one in full.
        table.add_column("")
        table.add_column("when", width=WHEN_WIDTH)
        table.add_column("from", width=FROM_WIDTH)
        table.add_columns("kind", "says")
        self.query_one("#trainer-join", Literal).update(
            Content.assemble(
                ("Trainees join with: ", "bold"),
                trainee_command(store_path(self.drill.ctx)),
            )
        )
        self.show(self._read())
        self.set_interval(TICK_SECONDS, self._tick)

    # -- the drill moving on ------------------------------------------------------------

    def _tick(self) -> None:
        if not self._ticking:
            self._ticking = True
            self._tick_worker()

    @work(thread=True, group="drill-tick", exit_on_error=False)
    def _tick_worker(self) -> None:
        try:
            self.drill.tick()
            view = self._read()
        finally:
            self._ticking = False
        self.app.call_from_thread(self.show, view)

    def _read(self) -> TrainerView:
        detail = self.drill.incident()
        progress = progress_of(detail)
        now = self.drill.now()
        incident = (
            f"{detail.incident.key} · Sev {detail.incident.severity} · {detail.incident.status}"
            if detail
            else "no incident declared yet"
        )
        fired = fired_injects(self.drill.ctx)
        return TrainerView(
            now=now,
            injects=self.drill.injects(progress, fired),
            improvised=[row for row in fired if row.inject is None],
            scores=scorecard(
                self.drill.drill, self.drill.started, progress, now, ended=self.drill.ended
            ),
            incident=incident,
        )

    def show(self, view: TrainerView) -> None:
        self.query_one("#drill-clock", Literal).update(self._clock_text(view))
        self._show_injects(view)
        self.query_one("#progress", Literal).update(progress_text(view.scores, view.incident))

    def _clock_text(self, view: TrainerView) -> Content:
        record = self.drill.record
        time = record.time
        if record.ended:
            state = ("ENDED", "bold $error")
        elif not_started(record):
            state = ("NOT STARTED — press space to start the clock", "bold reverse $warning")
        elif time.paused:
            state = ("PAUSED", "bold reverse $warning")
        else:
            state = ("RUNNING", "bold $success")
        since = format_duration(view.now - self.drill.started)
        return Content.assemble(
            (" DRILL ", "bold reverse $warning"),
            " ",
            state,
            f"  ·  drill time {local_text(view.now, '%H:%M:%S')}  ·  {since} in  ·  "
            f"×{time.speed:g}  ·  ",
            (one_line(self.drill.drill.drill.title), "bold"),
        )

    def _show_injects(self, view: TrainerView) -> None:
        table = self.query_one("#injects", DataTable)
        row = table.cursor_row
        table.clear()
        for state in view.injects:
            table.add_row(*inject_cells(state, view.now, self.drill.started))
        for fired in view.improvised:
            table.add_row(
                Text(f"✔ {local_text(fired.fired_at, '%H:%M:%S')}", style="green"),
                Text("improvised"),
                Text(safe(one_line(fired.author))),
                Text(fired.kind),
                Text(safe(one_line(fired.text))),
            )
        self._said = [(inject_when(s.inject), s.inject.by, s.inject.text) for s in view.injects]
        self._said += [("improvised", fired.author, fired.text) for fired in view.improvised]
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_said(table.cursor_row)

    @on(DataTable.RowHighlighted, "#injects")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_said(event.cursor_row)

    def _show_said(self, row: int) -> None:
        """The highlighted inject in full: the table cuts long texts to fit."""
        said = self.query_one("#inject-said", Literal)
        if 0 <= row < len(self._said):
            when, author, text = self._said[row]
            said.update(
                Content.assemble(
                    (one_line(when), "italic"),
                    " · ",
                    (one_line(author), "bold"),
                    ": ",
                    one_line(text),
                )
            )
        else:
            said.update("")

    # -- the trainer's controls ---------------------------------------------------------

    def _refuse_once_ended(self) -> bool:
        """The clock and the injects are done with once the drill has ended: say so at the
        key, not after a form."""
        if self.drill.ended:
            key = key_name(self.app, "drill_scorecard")
            self.notify(f"The drill has ended; {key} shows its scorecard.", severity="warning")
        return self.drill.ended

    def action_pause(self) -> None:
        if self._refuse_once_ended():
            return
        if self.drill.record.time.paused:
            self.call_service(lambda: self.drill.resume(by=self.user), done=self._changed)
        else:
            self.call_service(lambda: self.drill.pause(by=self.user), done=self._changed)

    def action_faster(self) -> None:
        self._speed(+1)

    def action_slower(self) -> None:
        self._speed(-1)

    def _speed(self, step: int) -> None:
        if self._refuse_once_ended():
            return
        current = self.drill.record.time.speed
        if step > 0:
            speed = next((s for s in SPEEDS if s > current), SPEEDS[-1])
        else:
            speed = next((s for s in reversed(SPEEDS) if s < current), SPEEDS[0])
        self.call_service(lambda: self.drill.set_speed(speed, by=self.user), done=self._changed)

    def action_fire_next(self) -> None:
        if self._refuse_once_ended():
            return
        self.call_service(lambda: self.drill.fire_next(by=self.user), done=self._fired)

    def _fired(self, row: FiredInject | None) -> None:
        if row is None:
            self.notify("Nothing to fire: every inject whose time is known has fired.")
        self._changed(None)

    def action_improvise(self) -> None:
        if self._refuse_once_ended():
            return

        def submit(values: Values) -> object:
            return self.drill.improvise(
                str(values["kind"]), str(values["author"]), str(values["text"]), by=self.user
            )

        kinds = [(kind, kind) for kind in ENTRY_KINDS]
        self.app.push_screen(
            FormScreen(
                "Improvise an inject",
                [
                    FieldSpec("kind", "Kind", "select", kinds, "observation"),
                    FieldSpec(
                        "author", "From (a responder, support, a customer…)", error_keys=("by",)
                    ),
                    FieldSpec(
                        "text",
                        "What they say — it lands on the trainee's timeline",
                        error_keys=("text",),
                    ),
                ],
                submit,
                submit_label="Fire",
            ),
            lambda _: self._changed(None),
        )

    def action_end(self) -> None:
        if self.drill.ended:
            self.action_scorecard()
            return
        if not self._end_armed:
            self._end_armed = True
            self.notify(
                f"Press {key_name(self.app, 'drill_end')} again to end the drill: "
                "its clock stops for good and the scorecard opens.",
                severity="warning",
                timeout=8,
            )
            self.set_timer(8, self._disarm_end)
            return
        self.call_service(lambda: self.drill.end(by=self.user), done=self._ended)

    def _disarm_end(self) -> None:
        self._end_armed = False

    def _ended(self, _: object) -> None:
        self.app.clear_notifications()  # "press e again" would sit over the scorecard
        self._changed(None)
        self.action_scorecard()

    def action_scorecard(self) -> None:
        self.app.push_screen(
            ScorecardScreen(debrief_of(self.drill), read_aloud=self.action_read_aloud)
        )

    def action_read_aloud(self) -> None:
        detail = self.drill.incident()
        messages = [sent.message for sent in detail.messages] if detail else []
        self.app.push_screen(ReadAloudScreen(messages, self.drill.drill.drill.title))

    def _changed(self, _: object) -> None:
        self.show(self._read())


# -- what the panes say, from the drill and a tick's view --------------------------------


def ground_truth(drill: Drill) -> Content:
    truth = drill.ground_truth
    lines: list[tuple[str, str] | str] = [
        ("What is really broken\n", "bold"),
        safe(paragraphs(truth.cause)) + "\n\n",
        ("Right severity: ", "bold"),
        f"Sev {truth.severity}",
        f", set within {format_duration(truth.raise_within)}" if truth.raise_within else "",
        "\n",
        ("Teams to page: ", "bold"),
        safe(", ".join(truth.page)) or "none named",
        "\n",
    ]
    if truth.ttr:
        lines += [("Real time to resolve: ", "bold"), format_duration(truth.ttr), "\n"]
    if truth.answers:
        lines.append(("\nThe facts behind the six questions\n", "bold"))
        for name, answer in truth.answers.items():
            asked = question(name)
            lines.append(f"{asked.number} {asked.short}: {safe(answer)}\n")
    return Content.assemble(*lines)


def paragraphs(text: str) -> str:
    """A TOML multi-line text as the pane should wrap it: lines joined, blank lines kept."""
    return "\n".join(" ".join(block.split()) for block in text.strip().split("\n\n"))


def progress_text(scores: list[Score], incident: str) -> Content:
    parts: list[tuple[str, str] | str] = [(safe(incident), "italic"), "\n"]
    for score in scores:
        mark, style = MARKS[score.standing], STANDING_STYLES[score.standing]
        took = f": took {format_duration(score.took)}" if score.took is not None else ""
        parts += [(f"{mark:<9}", style), f"{safe(expectation_text(score.expectation))}{took}\n"]
    return Content.assemble(*parts)


def inject_when(inject: Inject) -> str:
    """When an inject falls due, as the drill file says: ``+4m``, ``+5m after Ops paged``."""
    if inject.after == "start":
        return f"+{format_offset(inject.at)}"
    action = AFTER_SHORT[inject.after].format(team=inject.team)
    return f"+{format_offset(inject.at)} after {action}"


def inject_cells(state: InjectState, now: datetime, started: datetime) -> tuple[Text, ...]:
    inject = state.inject
    if state.fired is not None:
        status = Text(f"✔ {local_text(state.fired.fired_at, '%H:%M:%S')}", style="green")
    elif state.due is None:
        status = Text("waits", style="dim")
    else:
        left = max(state.due - now, timedelta(0))
        status = Text(f"in {format_duration(left)}" if left else "due now", style="yellow")
    when = inject_when(inject)
    kind = "red herring" if inject.kind == "red-herring" else inject.kind
    return (
        status,
        Text(safe(when)),
        Text(safe(one_line(inject.by))),
        Text(kind),
        Text(safe(one_line(inject.text))),
    )
