"""Side panes are mounted lazily (after the first paint); this tells the screen one is ready."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class PaneMounted(Message):
    """A pane was mounted and wants the current incident's data."""


class LazyPane(Widget):
    """Base for panes wrapped in textual.lazy.Lazy: asks for data once mounted."""

    def on_mount(self) -> None:
        self.post_message(PaneMounted())
