"""Statics and labels for words that are, or quote, what people or scripts wrote.

Textual reads a string given to a Static as markup, so a holder named
``[@click=app.quit]…`` would become a button that quits. These never read markup, and show
control and direction-changing characters as escapes (``base.text.safe``): whatever a
string says, it is drawn as written and cannot act on the terminal. Content and Rich Text
built by a widget pass through untouched; the widget escaped the stored parts when it
built them.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Label, Static

from warroom.base.text import safe


def _inert(content: VisualType) -> VisualType:
    return safe(content) if isinstance(content, str) else content


def same_content(shown: VisualType, new: VisualType) -> bool:
    """Whether ``new`` draws exactly what ``shown`` does: the same words in the same styles.
    (Content's own ``==`` compares the words only.)"""
    if type(shown) is not type(new):
        return False
    if isinstance(new, Content) and isinstance(shown, Content):
        return new.plain == shown.plain and new.spans == shown.spans
    if isinstance(new, str | Text):
        return new == shown
    return False


class SteadyStatic(Static):
    """A Static that does nothing when shown what it already shows. Textual lays the whole
    screen out again after any update; the console refreshes its panes after every note,
    and two dozen unchanged updates made each note's frame cost about 70 ms."""

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if not same_content(self.content, content):
            super().update(content, layout=layout)


class Literal(SteadyStatic):
    """A Static whose strings are shown as written."""

    def __init__(self, content: VisualType = "", **options: Any) -> None:
        super().__init__(_inert(content), markup=False, **options)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(_inert(content), layout=layout)


class LiteralLabel(Label):
    """A Label whose strings are shown as written (and, like SteadyStatic, not again)."""

    def __init__(self, content: VisualType = "", **options: Any) -> None:
        super().__init__(_inert(content), markup=False, **options)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        inert = _inert(content)
        if not same_content(self.content, inert):
            super().update(inert, layout=layout)
