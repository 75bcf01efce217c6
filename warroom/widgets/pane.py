"""The console's hidden tabs mount their panes when first opened (``ConsoleView.open_tab``),
and fill them as soon as they are mounted."""

from __future__ import annotations

from textual.widget import Widget


class LazyPane(Widget):
    """Base for the hidden tabs' panes.

    A pane is in the DOM (and found by a query) a moment before its own widgets are: until
    ``ready``, a timer showing it would find nothing to fill."""

    ready = False

    def on_mount(self) -> None:
        self.ready = True
