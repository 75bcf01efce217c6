"""The blame flags of the section being written: the words, the rule, and why it matters.
One key accepts the highlighted flag (the words stay; the flag goes quiet)."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from warroom.base.text import one_line
from warroom.process.blame import Flag
from warroom.widgets.after_keys import BlameFlagKeys


class BlameFlags(DataTable[Text]):
    help = (
        "Blame flags: words in this section that put the fault on people. Reword them in "
        "the section above, or accept a flag when the words are right where they stand "
        "(a quotation, say). A postmortem is approved only when no flag is left open."
    )
    BINDINGS = BlameFlagKeys.BINDINGS

    class Accept(Message):
        def __init__(self, flag: Flag) -> None:
            super().__init__()
            self.flag = flag

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, id=id)
        self.flags: list[Flag] = []

    def on_mount(self) -> None:
        self.add_columns("", "words", "rule", "why it matters")

    def show(self, flags: list[Flag]) -> None:
        if flags == self.flags:
            return
        row = self.cursor_row
        self.flags = flags
        self.clear()
        for flag in flags:
            mark = Text("accepted", "dim") if flag.accepted else Text("OPEN", "bold")
            cells = (one_line(flag.words), one_line(flag.rule), one_line(flag.why))
            self.add_row(mark, *(Text(cell) for cell in cells))
        if flags:
            self.move_cursor(row=min(row, len(flags) - 1))

    def action_accept(self) -> None:
        if self.flags and 0 <= self.cursor_row < len(self.flags):
            self.post_message(self.Accept(self.flags[self.cursor_row]))
