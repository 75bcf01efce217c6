"""Widgets whose scrollable size changes while their own size does not: the timeline as
notes are written, the entry line as it is typed in and cleared.

Textual lays the whole screen out again whenever a widget's virtual size changes. For these
two that is never needed (their place on screen is set by the layout, not by what they
hold), and it was most of the time from Enter to the frame showing the note: a layout and a
full render, about 12 ms of 30. Here the scroll range and the scrollbars follow the new size
directly, as the layout pass would have made them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.reactive import Reactive

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a mixin: the widget class comes after it


class SteadySize(_Base):
    virtual_size = Reactive(Size(0, 0), layout=False, repaint=True)

    _scroll_sync_pending = False

    def watch_virtual_size(self) -> None:
        # Once for a burst of changes (300 entries written in a row): after them all.
        if not self._scroll_sync_pending:
            self._scroll_sync_pending = True
            self.call_later(self._sync_scroll)

    def _sync_scroll(self) -> None:
        self._scroll_sync_pending = False
        if self.is_scrollable and self.container_size:
            self._scroll_update(self.virtual_size)  # what the layout pass does
