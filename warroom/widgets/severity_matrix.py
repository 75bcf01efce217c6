"""The organisation's severity matrix, with the focused incident's severity marked."""

from __future__ import annotations

from rich.text import Text

from warroom.base.text import one_line
from warroom.config.catalog import Catalog
from warroom.widgets.keys import key_name
from warroom.widgets.literal import SteadyStatic
from warroom.widgets.pane import LazyPane


class SeverityMatrix(SteadyStatic, LazyPane, can_focus=True):
    help = (
        "Severity matrix\n\n"
        "The catalog's matrix: what each severity means, examples, the expected response\n"
        "and how often updates go out. ▶ marks the focused incident's severity.\n"
        "A major severity means responders are paged and it is fixed now.\n"
        "Changing the focused incident's severity asks for the reason."
    )

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog = catalog
        self.current: int | None = None

    def mark(self, severity: int | None) -> None:
        self.current = severity
        self.update(self._matrix())

    def _matrix(self) -> Text:
        """A list rather than a table: it stays readable in a narrow pane."""
        text = Text()
        for level in self.catalog.severities:
            marked = level.level == self.current
            # The catalog's words are an organisation's text: shown escaped, like a note.
            heading = f"{'▶' if marked else ' '} {level.level} {one_line(level.name)}"
            heading += " — major" if level.major else ""
            heading += "   ◀ this incident" if marked else ""
            text.append(heading + "\n", style="bold reverse" if marked else "bold")
            text.append(f"  {one_line(level.description)}\n")
            for example in level.examples:
                text.append(f"  • {one_line(example)}\n", style="dim")
            text.append(f"  Response: {one_line(level.response)}\n")
            text.append(f"  Updates every {_cadence(level.update_every_minutes)}\n\n", style="dim")
        change = key_name(self.app, "severity")
        text.append(
            f"{change} changes the severity of the focused incident (with a reason).", style="dim"
        )
        return text


def _cadence(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and not rest:
        return f"{hours} h"
    return f"{minutes} min"
