"""Side panes are mounted lazily (after the first paint); this tells the screen one is ready."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class PaneMounted(Message):
    """A pane was mounted and wants the current incident's data."""


class LazyPane(Widget):
    """Base for panes wrapped in textual.lazy.Lazy: asks for data once mounted.

    A pane is in the DOM (and found by a query) a moment before its own widgets are: until
    ``ready``, a timer showing it would find nothing to fill."""

    ready = False

    def on_mount(self) -> None:
        self.ready = True
        self.post_message(PaneMounted())
