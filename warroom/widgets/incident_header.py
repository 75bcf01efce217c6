"""The focused incident at a glance, and the next step of the lifecycle in words."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from warroom.base.durations import duration_or_dash, format_duration
from warroom.base.text import one_line
from warroom.process.metrics import time_to_detect, time_to_recover
from warroom.reports.board import Board
from warroom.reports.next_step import Step
from warroom.vocabulary.incident import Status
from warroom.widgets.cadence import due_text
from warroom.widgets.keys import key_name
from warroom.widgets.literal import SteadyStatic

# The command that does each next step, so the header can say "press a to take it".
STEP_COMMANDS = {
    Step.TAKE: "take",
    Step.CHANNELS: "links",
    Step.ASSESS: "assessment",
    Step.TIMES: "times",
    Step.DELEGATE: "roles",
    Step.COMMS: "draft",
    Step.UPDATE: "draft",
    Step.ACTIONS: "items",
    Step.POSTMORTEM: "postmortem",
}
SEVERITY_STYLES = {1: "bold reverse $error", 2: "bold $error", 3: "bold $warning"}


class IncidentHeader(SteadyStatic):
    help = (
        "Incident header\n\n"
        "Key, severity, status and summary of the incident you are working on, who is\n"
        "its incident manager, how long the impact has lasted (once resolved: TTD, time to\n"
        "detect, and TTR, time to recover), and the next step of the handbook's lifecycle\n"
        "with the key that does it. Open pages are counted; a page nobody answered is\n"
        "called out as UNANSWERED. On a store on a database server, a lost connection is\n"
        "said on the first line until it is back; what you type meanwhile is kept."
    )

    DEFAULT_CSS = """
    IncidentHeader { height: auto; padding: 0 1; background: $boost; }
    """

    drill = False  # on a drill store: the way in is the drill's alert, not the demo
    connection_lost = False  # the store's server cannot be reached (its listener says)

    def show(self, board: Board, now: datetime) -> None:
        self.update(Content.assemble(*self._connection(), *self._parts(board, now)))

    def _connection(self) -> list[tuple[str, str]]:
        if not self.connection_lost:
            return []
        warning = (
            "⚠ CONNECTION TO THE STORE LOST — reconnecting; what you type is kept, but "
            "nothing is saved until it is back\n"
        )
        return [(warning, "bold reverse $error")]

    def _parts(self, board: Board, now: datetime) -> list[str | Content | tuple[str, str]]:
        detail = board.detail
        if detail is None:
            declare = key_name(self.app, "declare")
            hint = (
                f"Declare it from what the DRILL banner lists: press {declare}."
                if self.drill
                else f"Press {declare} to declare one — or run `warroom demo` to try the "
                "console on sample incidents."
            )
            return [("No incident yet. ", "bold"), hint]
        i = detail.incident
        if i.status == Status.RESOLVED.value:
            # The handbook's two metrics; TTR is how long the impact lasted.
            elapsed = (
                f"TTD {duration_or_dash(time_to_detect(i))} · "
                f"TTR {duration_or_dash(time_to_recover(i))}"
            )
        elif i.impact_started_at:
            elapsed = f"impact {format_duration(now - i.impact_started_at)}"
        else:
            elapsed = f"declared {format_duration(now - i.declared_at)} ago"
        parts: list[str | Content | tuple[str, str]] = [
            (i.key, "bold"),
            " · ",
            (f" SEV {i.severity} ", SEVERITY_STYLES.get(i.severity, "bold")),
            f" · {i.status.upper()} · ",
            (one_line(i.summary), "bold"),
            ("  [DRILL]" if i.training else "", "italic"),
            "\n",
            f"IM {one_line(detail.incident_manager or '—')} · {elapsed} · ",
            due_text(detail, board.update_due, now),
            *self._pages(board),
        ]
        if board.next_step:
            step = board.next_step
            command = STEP_COMMANDS.get(step.code)
            hint = f" — press {key_name(self.app, command)}" if command else ""
            urgent = step.code is Step.TAKE
            parts += [
                "\n",
                ("Next: ", "bold"),
                (step.text + hint, "bold $warning" if urgent else ""),
            ]
        return parts

    def _pages(self, board: Board) -> list[str | tuple[str, str]]:
        """How many pages wait for an answer; a page nobody answered, loudly, in words."""
        still = board.open_pages
        if not still:
            return []
        parts: list[str | tuple[str, str]] = [f" · {len(still)} page(s) open"]
        if unanswered := board.unanswered:
            which = ", ".join(f"{v.page.id} ({one_line(v.page.team)})" for v in unanswered)
            pages = key_name(self.app, "pages")
            warning = f"⚠ UNANSWERED page {which}: nobody answered — page by hand ({pages}: Pages)"
            parts += ["\n", (warning, "bold $error")]
        return parts
