"""Inputs that follow the app's cursor-blink setting (off in tests and snapshots) and never
draw stored text's control characters (a prefilled value may hold an escape sequence)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input

from warroom.base.text import in_place
from warroom.widgets.steady_size import SteadySize


class Field(SteadySize, Input):
    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    @property
    def content_width(self) -> int:
        """What is typed, and room for the cursor; not the placeholder, which Textual counts
        when the field is empty: clearing a field then showed and hid a scrollbar, and the
        screen was laid out again after every note (the placeholder is drawn cut anyway)."""
        return self._value.cell_len + 1

    @property
    def _value(self) -> Text:
        """What Textual draws for the value: the same, one visible character for each
        control or invisible one (the value itself is unchanged)."""
        if self.password:
            return super()._value
        text = Text(in_place(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text
