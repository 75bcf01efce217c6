"""The keys of the drill's screens (the trainer's console, the scorecard, the read-aloud
view), apart from the screens: the app checks a keymap against every screen's keys at start,
and this way the console does not load the drill's screens to do it."""

from __future__ import annotations

from textual.binding import Binding, BindingType


class TrainerKeys:
    BINDINGS: list[BindingType] = [
        Binding("space", "pause", "Pause", id="drill_pause", tooltip="Pause or resume drill time"),
        Binding("plus,equals_sign", "faster", "Faster", id="drill_faster"),
        Binding("minus", "slower", "Slower", id="drill_slower"),
        Binding("n", "fire_next", "Fire next", id="drill_fire"),
        Binding("i", "improvise", "Inject", id="drill_improvise"),
        Binding("e", "end", "End", id="drill_end", tooltip="End the drill (press twice)"),
        Binding("s", "scorecard", "Scorecard", id="drill_scorecard"),
        Binding("r", "read_aloud", "Read aloud", id="drill_read_aloud"),
    ]


class ScorecardKeys:
    BINDINGS: list[BindingType] = [
        Binding("escape", "close", "Close", id="scorecard_close", tooltip="Close the scorecard"),
        Binding(
            "r",
            "read_aloud",
            "Read aloud",
            id="scorecard_read_aloud",
            tooltip="The trainee's messages, one at a time, to read to the class",
        ),
    ]


class ReadAloudKeys:
    BINDINGS: list[BindingType] = [
        Binding(
            "right,space,n",
            "step(1)",
            "Next",
            id="read_aloud_next",
            priority=True,
            tooltip="The next message",
        ),
        Binding(
            "left,p",
            "step(-1)",
            "Previous",
            id="read_aloud_previous",
            priority=True,
            tooltip="The previous message",
        ),
        Binding("home", "first", "First", id="read_aloud_first", priority=True),
        Binding("end", "last", "Last", id="read_aloud_last", priority=True),
        Binding("escape", "close", "Close", id="read_aloud_close", tooltip="Close the view"),
    ]
