"""The console's hidden tabs mount their panes when first opened; this tells the screen one
is ready to be filled."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class PaneMounted(Message):
    """A pane was mounted and wants the current incident's data."""


class LazyPane(Widget):
    """Base for the hidden tabs' panes: asks for data once mounted.

    A pane is in the DOM (and found by a query) a moment before its own widgets are: until
    ``ready``, a timer showing it would find nothing to fill."""

    ready = False

    def on_mount(self) -> None:
        self.ready = True
        self.post_message(PaneMounted())
