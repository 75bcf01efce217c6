"""The scorecard shown to the class when a drill ends: each expectation and how it stands,
then the debrief's figures beside their bars.

A standing is told by a word and a mark (✔ met, ⚠ late, ✘ missed, ○ open) as well as by
colour, so it reads on a monochrome projector and to someone who does not see the colour.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer

from warroom.base.durations import format_duration
from warroom.base.text import one_line
from warroom.scenarios.debrief import Debrief, Figure
from warroom.scenarios.debrief_export import expectation_text
from warroom.scenarios.drill_progress import Score, Standing
from warroom.screens.drill_keys import ScorecardKeys
from warroom.widgets.literal import Literal, LiteralLabel

MARKS = {
    Standing.MET: "✔ met",
    Standing.LATE: "⚠ late",
    Standing.MISSED: "✘ missed",
    Standing.OPEN: "○ open",
}


def took_text(score: Score) -> str:
    """How long it took, and by how much it overran its limit when it did."""
    if score.took is None:
        return "not done" if score.standing is Standing.MISSED else "not yet"
    took = format_duration(score.took)
    if score.standing is Standing.LATE:
        return f"{took}, {format_duration(score.took - score.expectation.within)} over"
    return took


def summary_text(scores: list[Score]) -> str:
    """ "Expectations: 4 of 6 met · 1 late · 1 missed"."""
    counts = {standing: 0 for standing in Standing}
    for score in scores:
        counts[score.standing] += 1
    others = [f"{counts[s]} {s}" for s in (Standing.LATE, Standing.MISSED, Standing.OPEN)]
    shown = [f"{counts[Standing.MET]} of {len(scores)} met", *others]
    return "Expectations: " + " · ".join(shown)


class _Row(Horizontal):
    """A table row of labels: cells wrap inside their columns, set by the screen's CSS."""

    def __init__(self, *cells: tuple[str, str], classes: str = "") -> None:
        super().__init__(classes=f"row {classes}")
        self.cells = cells

    def compose(self) -> ComposeResult:
        for text, column in self.cells:
            yield LiteralLabel(one_line(text), classes=column)


class ScorecardScreen(Screen[None]):
    # In DEFAULT_CSS, not warroom.tcss: the screen looks the same in any app that opens it.
    DEFAULT_CSS = """
    ScorecardScreen #scorecard-heading {
        dock: top;
        text-style: bold;
        padding: 0 1;
        background: $boost;
    }
    ScorecardScreen #scorecard-page {
        align-horizontal: center;
    }
    ScorecardScreen #scorecard-column {
        width: 120;
        max-width: 100%;
        height: auto;
        padding: 1 1;
    }
    ScorecardScreen #scorecard-source {
        color: $text-muted;
        margin-bottom: 1;
    }
    ScorecardScreen .section {
        text-style: bold;
        margin-top: 1;
    }
    ScorecardScreen .table { height: auto; }
    ScorecardScreen .row { height: auto; }
    ScorecardScreen .row.-header {
        text-style: bold;
        color: $text-muted;
        border-bottom: solid $panel;
    }
    ScorecardScreen .row Label { padding: 0 1; }
    ScorecardScreen .row:even { background: $boost; }
    ScorecardScreen .standing { width: 12; text-style: bold; }
    ScorecardScreen .expected { width: 1fr; }
    ScorecardScreen .took { width: 22; }
    ScorecardScreen .-met .standing { color: $success; }
    ScorecardScreen .-late .standing { color: $warning; }
    ScorecardScreen .-missed .standing { color: $error; }
    ScorecardScreen .-open .standing { color: $text-muted; }
    ScorecardScreen .what { width: 40%; }
    ScorecardScreen .did { width: 1fr; }
    ScorecardScreen .bar { width: 30%; }
    ScorecardScreen .none { color: $text-muted; padding: 0 1; }
    """

    BINDINGS = ScorecardKeys.BINDINGS

    def __init__(self, debrief: Debrief, *, read_aloud: Callable[[], object] | None = None) -> None:
        """``read_aloud``: called on ``r`` (it opens the read-aloud view); without it the key
        is not offered."""
        super().__init__()
        self.debrief = debrief
        self.read_aloud = read_aloud

    def compose(self) -> ComposeResult:
        debrief = self.debrief
        yield Literal(f"Debrief — {one_line(debrief.title)}", id="scorecard-heading")
        with VerticalScroll(id="scorecard-page"), Vertical(id="scorecard-column"):
            if debrief.source:
                yield Literal(f"Drawn from: {one_line(debrief.source)}", id="scorecard-source")
            yield from self._expectations(debrief.scores)
            yield from self._figures(debrief.figures)
        yield Footer()

    def _expectations(self, scores: list[Score]) -> ComposeResult:
        yield Literal(summary_text(scores), classes="section", id="scorecard-summary")
        if not scores:
            yield Literal("The drill sets no expectations.", classes="none")
            return
        header = _Row(
            ("", "standing"), ("Expected", "expected"), ("Took", "took"), classes="-header"
        )
        rows = [
            _Row(
                (MARKS[score.standing], "standing"),
                (expectation_text(score.expectation), "expected"),
                (took_text(score), "took"),
                classes=f"-{score.standing}",
            )
            for score in scores
        ]
        yield Vertical(header, *rows, classes="table", id="scorecard-expectations")

    def _figures(self, figures: list[Figure]) -> ComposeResult:
        yield Literal("Figures", classes="section")
        if not figures:
            yield Literal("No figures.", classes="none")
            return
        header = _Row(
            ("Measured", "what"), ("The trainee", "did"), ("The bar", "bar"), classes="-header"
        )
        rows = [_Row((f.what, "what"), (f.did, "did"), (f.bar, "bar")) for f in figures]
        yield Vertical(header, *rows, classes="table", id="scorecard-figures")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.read_aloud is not None if action == "read_aloud" else True

    def action_read_aloud(self) -> None:
        if self.read_aloud is not None:
            self.read_aloud()

    def action_close(self) -> None:
        self.dismiss(None)
