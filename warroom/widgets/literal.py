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

from textual.visual import VisualType
from textual.widgets import Label, Static

from warroom.base.text import safe


def _inert(content: VisualType) -> VisualType:
    return safe(content) if isinstance(content, str) else content


class Literal(Static):
    """A Static whose strings are shown as written."""

    def __init__(self, content: VisualType = "", **options: Any) -> None:
        super().__init__(_inert(content), markup=False, **options)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(_inert(content), layout=layout)


class LiteralLabel(Label):
    """A Label whose strings are shown as written."""

    def __init__(self, content: VisualType = "", **options: Any) -> None:
        super().__init__(_inert(content), markup=False, **options)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(_inert(content), layout=layout)
