"""Ticks that read without colour: ✔ for a chosen item, a blank for one that is not
(Textual's lists and checkboxes draw the same X for both and tell them apart by colour)."""

from __future__ import annotations

from rich.segment import Segment
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

_TICKED, _UNTICKED = "✔", " "


class TickList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        _, scroll_y = self.scroll_offset
        try:
            option = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:  # past the last option: nothing to mark
            return line
        if len(segments) < 2 or segments[1].text != ToggleButton.BUTTON_INNER:
            return line
        mark = _TICKED if option.value in self.selected else _UNTICKED
        segments[1] = Segment(mark, segments[1].style)
        return Strip(segments, line.cell_length)


class TickBox(Checkbox, inherit_bindings=False):
    """A checkbox that shows ✔ when ticked and a blank when not, not an X in two colours.
    Space ticks it; Enter is left to the form, which saves, as its hint says."""

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False)]

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # a class attribute in Textual
        return _TICKED if self.value else _UNTICKED
