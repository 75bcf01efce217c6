"""A postmortem section typed in place: it wraps, Tab leaves it, and what is stored is drawn
so that it cannot act on the terminal (``base.text.in_place``: one picture per character,
so the cursor still counts the stored characters)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import TextArea

from warroom.base.text import in_place
from warroom.widgets.after_keys import SectionEditorKeys


class SectionEditor(TextArea):
    # A section is pages long: its start and end one key away, as in any editor.
    BINDINGS = SectionEditorKeys.BINDINGS

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", soft_wrap=True, tab_behavior="focus", id=id)

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    def show(self, text: str) -> None:
        """Replace what it shows, keeping the cursor as near its place as the text allows."""
        if text == self.text:
            return
        row, column = self.cursor_location
        self.load_text(text)
        last = self.document.line_count - 1
        row = min(row, last)
        self.move_cursor((row, min(column, len(self.document.get_line(row)))))

    def action_to_start(self) -> None:
        self.move_cursor((0, 0))

    def action_to_end(self) -> None:
        self.move_cursor(self.document.end)

    def get_line(self, line_index: int) -> Text:
        """Textual's hook for what a line draws: stored control characters as pictures."""
        return Text(in_place(self.document.get_line(line_index)), end="", no_wrap=True)
