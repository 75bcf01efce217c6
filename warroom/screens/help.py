"""F1: help for the pane that has focus, and the keys that work everywhere."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

GLOBAL_KEYS = """Keys that work everywhere (outside a text field)

  d  declare an incident         a  take the focused incident as IM
  n  write a timeline note       Esc  leave a text field
  s  change severity (asks why)  l  set chat room / video / status doc links
  i  set impact-started and detected times
  p  page a team's on-call person  R  resolve (asks when the impact ended)
  c  draft and send comms (checked against the handbook's gates)
  1  roles   2  assessment   3  severity matrix   4  comms
  ctrl+r  show or hide resolved incidents
  ctrl+p  command palette: every action, and jump to any incident
  F1 or ?  this help          ctrl+q  quit

Tab and shift+tab move between panes; the mouse works too."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "close", "Close"),
    ]

    def __init__(self, pane_help: str) -> None:
        super().__init__()
        self.pane_help = pane_help

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Label("Help", id="dialog-title")
            yield Static(self.pane_help, id="help-pane", markup=False)
            yield Static(GLOBAL_KEYS, id="help-keys", markup=False)
            yield Static("Esc closes this help.", id="help-close", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
