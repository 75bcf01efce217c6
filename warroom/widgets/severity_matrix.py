"""The organisation's severity matrix, with the focused incident's severity marked."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from warroom.catalog import Catalog


class SeverityMatrix(Static, can_focus=True):
    help = (
        "Severity matrix\n\n"
        "The catalog's matrix: what each severity means, examples, the expected response\n"
        "and how often updates go out. ▶ marks the focused incident's severity.\n"
        "Severity 1 and 2 are major: responders are paged and it is fixed now.\n\n"
        "s changes the focused incident's severity; you will be asked for the reason."
    )

    BINDINGS = [Binding("s", "change", "Change severity")]

    class ChangeRequested(Message):
        pass

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog = catalog
        self.current: int | None = None

    def mark(self, severity: int | None) -> None:
        self.current = severity
        self.update(self._table())

    def _table(self) -> Table:
        table = Table(expand=True, show_lines=True, header_style="bold")
        table.add_column("", width=2, no_wrap=True)
        table.add_column("Severity", no_wrap=True)
        table.add_column("Meaning and examples", ratio=3)
        table.add_column("Response", ratio=2)
        for level in self.catalog.severities:
            marked = level.level == self.current
            name = Text(f"{level.level} {level.name}", style="bold red" if level.major else "bold")
            if level.major:
                name.append("\nmajor", style="red")
            meaning = Text(level.description, style="bold" if marked else "")
            for example in level.examples:
                meaning.append(f"\n• {example}", style="dim")
            response = Text(level.response)
            response.append(f"\nupdates every {level.update_every_minutes} min", style="dim")
            table.add_row("▶" if marked else "", name, meaning, response)
        return table

    def action_change(self) -> None:
        self.post_message(self.ChangeRequested())
