"""The keys of the screens used after the fire (the postmortem, its flags table, review loop
and editor, and the report), apart from them: the app checks a keymap against every
screen's keys at start, and this way the console does not load those screens to do it."""

from __future__ import annotations

from textual.binding import Binding, BindingType


class PostmortemKeys:
    BINDINGS: list[BindingType] = [
        Binding("escape", "close", "Back", id="close_postmortem", tooltip="Back to the console"),
        Binding("f1", "help", "Help", id="postmortem_help", tooltip="Help for what has focus"),
        Binding("f2", "submit", "Ask review", id="submit_postmortem", tooltip="Ask for review"),
        Binding("f3", "approve", "Approve", id="approve_postmortem", tooltip="Approve it"),
        Binding("f4", "send_back", "Send back", id="send_back_postmortem", tooltip="To draft"),
        Binding("f5", "export", "Export", id="export_postmortem", tooltip="Write .md and .html"),
    ]


class SectionEditorKeys:
    # A section is pages long: its start and end one key away, as in any editor.
    BINDINGS: list[BindingType] = [
        Binding("ctrl+home", "to_start", "Start", show=False, id="section_start"),
        Binding("ctrl+end", "to_end", "End", show=False, id="section_end"),
    ]


class BlameFlagKeys:
    BINDINGS: list[BindingType] = [
        Binding("a,enter", "accept", "Accept flag", id="accept_flag", tooltip="Accept the flag"),
    ]


class TheoryKeys:
    BINDINGS: list[BindingType] = [
        Binding("c", "say('confirmed')", "Confirmed", id="theory_confirmed"),
        Binding("x", "say('ruled out')", "Ruled out", id="theory_ruled_out"),
        Binding("o", "say('open')", "Open", id="theory_open"),
    ]


class ReportKeys:
    BINDINGS: list[BindingType] = [
        Binding("escape", "close", "Close", id="report_close", tooltip="Close the report"),
        Binding(
            "t",
            "toggle_training",
            "Training",
            id="report_training",
            tooltip="Count training incidents too, or leave them out",
        ),
    ]
