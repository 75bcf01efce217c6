"""An answer typed in place and shown whole: it wraps instead of scrolling out of sight,
and Enter saves it (an answer is one paragraph, so a pasted line break becomes a space)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import TextArea

from warroom.base.text import in_place


class AnswerField(TextArea):
    DEFAULT_CSS = """
    AnswerField { height: auto; max-height: 8; }
    """

    class Submitted(Message):
        def __init__(self, field: AnswerField, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> AnswerField:
            return self.field

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            "", soft_wrap=True, compact=True, placeholder=placeholder, id=id, tab_behavior="focus"
        )
        self.highlight_cursor_line = False

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        if text != self.text:  # reloading a document is not free: the board comes often
            self.load_text(text)

    def get_line(self, line_index: int) -> Text:
        """Textual's hook for what a line draws: stored control characters as pictures."""
        return Text(in_place(self.document.get_line(line_index)), end="", no_wrap=True)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        await super()._on_key(event)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if "\n" in self.text:
            self.load_text(" ".join(self.text.splitlines()))
            self.move_cursor(self.document.end)
