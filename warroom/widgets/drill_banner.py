"""The trainee's reminder that this is a drill: its title, drill time and speed, whether the
trainer has paused or ended it, and what happened before anyone declared an incident (the
alert a trainee declares from has no timeline to land on yet)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from warroom.base.localtime import local_text
from warroom.base.text import one_line
from warroom.process.drill_records import DrillRecord, not_started
from warroom.store.models import FiredInject

WAITING_SHOWN = 4  # the latest few: the rest reach the timeline once there is an incident


class DrillBanner(Static):
    help = (
        "DRILL banner\n\n"
        "This console is on a drill store: nothing you send leaves the drill's outbox.\n"
        "It shows the drill, drill time (which may run faster than the clock on the wall)\n"
        "and whether the trainer has paused or ended the drill. Until an incident is\n"
        "declared, what has happened so far (an alert, a report) is listed here; once it\n"
        "is declared, those and everything after arrive on its timeline."
    )

    DEFAULT_CSS = """
    DrillBanner { height: auto; padding: 0 1; background: $warning 30%; }
    """

    def __init__(self, **options: object) -> None:
        super().__init__("", markup=False, **options)  # type: ignore[arg-type]
        self._record: DrillRecord | None = None
        self._waiting: list[FiredInject] = []

    def show(self, record: DrillRecord, waiting: Sequence[FiredInject]) -> None:
        self._record, self._waiting = record, list(waiting)

    def tick(self, wall: datetime) -> None:
        """Drill time moves on with the wall clock between reads of the store."""
        if self._record is not None:
            self.update(banner_text(self._record, self._waiting, wall))


def drill_help(title: str, briefing: str) -> str:
    """What F1 says first on a drill store: that it is a drill, and its briefing again."""
    said = " ".join(briefing.split())
    return (
        f"This is a DRILL: {title}\n\nYour briefing: {said}\n\nNothing you send leaves the "
        "drill's own outbox. Drill time may run faster than the clock on the wall; the trainer "
        "can pause it, and ends the drill."
    )


def banner_text(record: DrillRecord, waiting: Sequence[FiredInject], wall: datetime) -> Content:
    run, time = record.run, record.time
    now = time.at(wall)
    parts: list[tuple[str, str] | str] = [
        (" DRILL ", "bold reverse $warning"),
        " ",
        (one_line(run.title), "bold"),
        f" · drill time {local_text(now, '%H:%M:%S')}",
        f" · ×{time.speed:g}" if time.speed != 1 else "",
    ]
    if run.ended_at is not None:
        parts.append((" · ENDED by the trainer", "bold $error"))
    elif not_started(record):
        parts.append((" · waiting for the trainer to start the clock", "bold $warning"))
    elif time.paused:
        parts.append((" · PAUSED by the trainer", "bold $warning"))
    if waiting:
        parts.append(("\nBefore any incident was declared:", "italic"))
        for row in waiting[-WAITING_SHOWN:]:
            parts.append(
                f"\n  {local_text(row.fired_at, '%H:%M')} {one_line(row.author)}: "
                f"{one_line(row.text)}"
            )
    return Content.assemble(*parts)
