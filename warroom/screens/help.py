"""F1: help for the pane that has focus, and every key as it is bound now."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from warroom.widgets.keys import Key, key_name, keymap_of, keys_in_effect
from warroom.widgets.literal import Literal, LiteralLabel


def help_text(screen: Screen[Any], pane: Widget) -> str:
    """The pane's own help, the keys that work in it, then the keys that work everywhere."""
    app, keymap = screen.app, keymap_of(screen.app)
    parts = [_reflow(str(getattr(pane, "help", "")))]
    here = keys_in_effect(pane.BINDINGS, keymap) if pane is not screen else []
    if here:
        parts.append(_key_lines("Keys in this pane", here))
    everywhere = keys_in_effect([*screen.BINDINGS, *app.BINDINGS], keymap)
    parts.append(_key_lines("Keys that work everywhere (outside a text field)", everywhere))
    parts.append(
        f"{key_name(app, 'palette')} opens the command palette: every action by name, "
        "and any incident to jump to.\nTab and shift+tab move between panes; the mouse works "
        "too."
    )
    return "\n\n".join(part for part in parts if part)


def _reflow(text: str) -> str:
    """Paragraphs as one line each, so the dialog wraps them to its own width."""
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))


def _key_lines(title: str, keys: Iterable[Key]) -> str:
    lines = [title]
    for key in keys:
        if not key.description:
            continue
        shown = " / ".join(key.keys)
        what = key.tooltip or key.description
        lines.append(f"  {shown:<10} {what}")
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "close", "Close", id="close_help"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield LiteralLabel("Help", id="dialog-title")
            yield Literal(self.text, id="help-pane")
            yield Literal(f"{key_name(self.app, 'close_help')} closes this help.", id="help-close")

    def action_close(self) -> None:
        self.dismiss(None)
