"""The read-aloud view: each message the trainee sent, one at a time, in a wide readable
column, for the handbook's "read them aloud to the class" after a drill.

A terminal has one size of letter, so the title is made to stand out by weight, space and
a frame rather than by size; the body keeps the width a person reads comfortably (about 70
columns), whatever the width of the projector's terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer

from warroom.base.localtime import local
from warroom.base.text import one_line
from warroom.screens.drill_keys import ReadAloudKeys
from warroom.store.models import Message
from warroom.vocabulary.channels import CHANNELS
from warroom.widgets.literal import Literal

_CHANNEL_NOUNS = {c.name: c.noun for c in CHANNELS}


def where_from(message: Message, number: int, count: int) -> Content:
    """The line above a message: "Message 2 of 5 · initial · email · 14:32", then who sent it
    and who reviewed it on a line of their own, so long names wrap there and not mid-line."""
    channel = _CHANNEL_NOUNS.get(message.channel, message.channel)
    reviewed = (
        f"reviewed by {one_line(message.reviewed_by)}" if message.reviewed_by else "not reviewed"
    )
    return Content.assemble(
        (f"Message {number} of {count}", "bold"),
        f" · {one_line(message.phase)} · {one_line(channel)}"
        f" · {local(message.sent_at):%H:%M}"
        f"\nsent by {one_line(message.sent_by)}, {reviewed}",
    )


class ReadAloudScreen(Screen[None]):
    # In DEFAULT_CSS, not warroom.tcss: the screen looks the same in any app that opens it
    # (the trainer's console or the trainee's).
    DEFAULT_CSS = """
    ReadAloudScreen #read-aloud-heading {
        dock: top;
        text-style: bold;
        padding: 0 1;
        background: $boost;
    }
    ReadAloudScreen #read-aloud-page {
        align-horizontal: center;
    }
    ReadAloudScreen #read-aloud-column {
        width: 78;
        max-width: 100%;
        height: auto;
        padding: 1 0;
    }
    ReadAloudScreen #read-aloud-where {
        color: $text-muted;
        padding: 0 2;
    }
    ReadAloudScreen #read-aloud-title {
        text-style: bold;
        padding: 1 2;
        margin: 1 0;
        border: round $primary;
    }
    ReadAloudScreen #read-aloud-body {
        padding: 0 2;
    }
    ReadAloudScreen #read-aloud-empty {
        width: 1fr;
        text-align: center;
        padding: 2 0;
    }
    """

    # Priority: the page scrolls with up, down and the page keys, but left, right, home and
    # end move between messages rather than scrolling the page sideways or to its ends.
    BINDINGS = ReadAloudKeys.BINDINGS

    index: reactive[int] = reactive(0, init=False)

    def __init__(self, messages: Sequence[Message], title: str) -> None:
        super().__init__()
        # In the order they were sent, whatever order they were given in.
        self.messages = sorted(messages, key=lambda m: m.sent_at)
        self.heading = title

    def compose(self) -> ComposeResult:
        yield Literal(f"Read aloud — {one_line(self.heading)}", id="read-aloud-heading")
        with VerticalScroll(id="read-aloud-page"), Vertical(id="read-aloud-column"):
            if self.messages:
                yield Literal(id="read-aloud-where")
                yield Literal(id="read-aloud-title")
                yield Literal(id="read-aloud-body")
            else:
                yield Literal("The trainee sent no messages.", id="read-aloud-empty")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    @property
    def shown(self) -> Message | None:
        return self.messages[self.index] if self.messages else None

    def watch_index(self) -> None:
        self._show()
        self.query_one("#read-aloud-page").scroll_home(animate=False)
        self.refresh_bindings()

    def _show(self) -> None:
        message = self.shown
        if message is None:
            return
        where = where_from(message, self.index + 1, len(self.messages))
        self.query_one("#read-aloud-where", Literal).update(where)
        self.query_one("#read-aloud-title", Literal).update(one_line(message.title))
        self.query_one("#read-aloud-body", Literal).update(message.body)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Next and previous are shown dimmed at either end, and absent with no messages."""
        if action in ("step", "first", "last"):
            if not self.messages:
                return False
            if action == "step":
                target = self.index + int(str(parameters[0]))
                return 0 <= target < len(self.messages) or None
        return True

    def action_step(self, by: int) -> None:
        self.index = max(0, min(self.index + by, len(self.messages) - 1))

    def action_first(self) -> None:
        self.index = 0

    def action_last(self) -> None:
        self.index = max(len(self.messages) - 1, 0)

    def action_close(self) -> None:
        self.dismiss(None)
