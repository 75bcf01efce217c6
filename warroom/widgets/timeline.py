"""The timeline of the focused incident and the scribe's entry line under it."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import RichLog, Static

from warroom.base.localtime import local
from warroom.base.text import safe
from warroom.process.note_input import ENTRY_HINT
from warroom.process.queries import entry_text
from warroom.store.models import TimelineEntry
from warroom.vocabulary import kinds
from warroom.vocabulary.kinds import FILTERS, EntryKind, KindFilter
from warroom.widgets.inputs import Field
from warroom.widgets.keys import key_name
from warroom.widgets.literal import Literal
from warroom.widgets.steady_size import SteadySize

_STYLED_KINDS = frozenset(k.value for k in EntryKind)
Shown = tuple[int | None, str, str, str]  # id, text, undo, fact values: changes show here
INDENT = 12  # "13:48* OBS  " — the time, a back-dated mark and the kind
MAX_LINES = 20_000  # a bound on the log's memory in a console left open for days
SHOWN_CHARACTERS = 4000  # of one entry; about 40 lines at the usual width
# Entries written before a redraw's frame (more than a tall terminal shows); the rest of the
# window right after it. Writing all 300 first was most of the console's first frame.
FIRST_WRITTEN = 60


class TimelineLog(SteadySize, RichLog):
    """Entries as a log; only what changed is written, so scrolling back is not disturbed."""

    COMPONENT_CLASSES = {f"timeline--{kind}" for kind in _STYLED_KINDS} | {"timeline--meta"}

    DEFAULT_CSS = """
    TimelineLog { height: 1fr; background: $surface; }
    TimelineLog > .timeline--system { color: $text-muted; text-style: italic; }
    TimelineLog > .timeline--observation { color: $primary; }
    TimelineLog > .timeline--theory { color: $warning; }
    TimelineLog > .timeline--experiment { color: $warning; text-style: bold; }
    TimelineLog > .timeline--decision { color: $success; text-style: bold; }
    TimelineLog > .timeline--change { color: $error; text-style: bold; }
    TimelineLog > .timeline--action { color: $accent; }
    TimelineLog > .timeline--note { color: $foreground; }
    TimelineLog > .timeline--meta { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        # Entries are wrapped here, with a hanging indent, so the log itself never re-wraps.
        super().__init__(wrap=False, markup=False, highlight=False, max_lines=MAX_LINES, id=id)
        self._shown: list[Shown] = []
        self._entries: list[TimelineEntry] = []
        self._wrapped_at = 0
        self._last_day: date | None = None
        self._rest_pending = False  # the entries above the first screenful, still to write

    @on(events.Resize)
    def _rewrap(self, event: events.Resize) -> None:
        # RichLog renders writes only once it has seen a size, in its own Resize handler,
        # which runs after this one: until then they wait, unrendered, and no scroll can
        # reach their end (the first frame showed the oldest lines). Let it see the size
        # first; its own call then finds nothing left to do.
        RichLog.on_resize(self, event)
        # Lines are wrapped when written; a new width needs them written again.
        if event.size.width != self._wrapped_at:
            self._wrapped_at = event.size.width
            self._shown = []
            self.show(self._entries)

    def show(self, entries: list[TimelineEntry], *, whole: bool = False) -> None:
        """Write only what is new when notes were added; redraw only when history changed.
        A redraw writes the latest entries first, the screenful people read, and the rest
        just after the frame that shows them (``whole``: all at once)."""
        self._entries = entries
        if not self.size.width:
            return  # wrapped and written once the width is known (see _rewrap)
        # What an entry is made of, not its words: wording 300 facts on every refresh costs.
        wanted = [(e.id, e.text, e.undo, e.fact_values) for e in entries]
        if wanted == self._shown:
            return
        start = self._continuation(wanted)
        on_screen_from = 0
        if start is None:
            self.clear()
            self._last_day = None
            start = 0
            if not whole and len(entries) > FIRST_WRITTEN:
                start = on_screen_from = len(entries) - FIRST_WRITTEN
                self._write_the_rest_after_this_frame()
        width = self._text_width()
        meta = self.get_component_rich_style("timeline--meta", partial=True)
        for entry in entries[start:]:
            day = local(entry.occurred_at).date()
            if day != self._last_day:
                # Times show as HH:MM, so every change of day gets a line of its own.
                self.write(Text(f"── {day:%a %d %b %Y} ──", style=meta), scroll_end=False)
                self._last_day = day
            self.write(self._render_entry(entry, width), scroll_end=False)
        if entries[start:]:
            # Once for all that was written (a scroll per write queued two messages each,
            # some 1,200 for a window of 300 entries). At once, so the next frame shows the
            # newest line; and again once the screen is laid out, since a layout that
            # changes the log's height moves its end.
            self.scroll_end(animate=False, immediate=True, x_axis=False)
            self.scroll_end(animate=False, immediate=False, x_axis=False)
        self._shown = wanted[on_screen_from:]

    def _write_the_rest_after_this_frame(self) -> None:
        if not self._rest_pending:
            self._rest_pending = True
            self.call_after_refresh(self._write_the_rest)

    def _write_the_rest(self) -> None:
        self._rest_pending = False
        if len(self._shown) < len(self._entries):
            self._shown = []
            self.show(self._entries, whole=True)

    def _continuation(self, wanted: list[Shown]) -> int | None:
        """Where the new entries start, if the shown ones are unchanged and still in order.

        The board holds a window of the latest entries, so a new note may also push
        the oldest out of the window; those stay on screen above, which is harmless.
        """
        shown = self._shown
        if not shown or not wanted:
            return None
        try:
            offset = shown.index(wanted[0])
        except ValueError:
            return None
        kept = shown[offset:]
        return len(kept) if wanted[: len(kept)] == kept else None

    def _text_width(self) -> int:
        available = self.scrollable_content_region.width or self.size.width
        return max(available - INDENT - 1, 20)

    def _render_entry(self, entry: TimelineEntry, width: int) -> Text:
        meta = self.get_component_rich_style("timeline--meta", partial=True)
        # A kind this version does not know (a newer warroom wrote it) is styled as a note.
        styled = entry.kind if entry.kind in _STYLED_KINDS else EntryKind.NOTE.value
        style = self.get_component_rich_style(f"timeline--{styled}", partial=True)
        body = Text(safe(entry.author) + ": ", style=meta)
        body.append(safe(_at_most(entry_text(entry), SHOWN_CHARACTERS)), style=style)
        if entry.edited:
            body.append(" (edited)", style=meta)
        if entry.undo:
            body.append(f"\n↶ undo: {safe(entry.undo)}", style=meta)
        backdated = (entry.recorded_at - entry.occurred_at).total_seconds() >= 60
        clock = local(entry.occurred_at).strftime("%H:%M") + ("*" if backdated else "")
        rendered = Text(no_wrap=True, end="")
        for number, line in enumerate(body.wrap(self.app.console, width)):
            if number == 0:
                rendered.append(f"{clock:<7}", style=meta)
                rendered.append(f"{kinds.label(entry.kind):<5}", style=style)
            else:
                rendered.append("\n" + " " * INDENT)
            rendered.append_text(line)
        return rendered


class TimelinePane(Vertical):
    """The timeline with its filter line and the entry line; Enter saves a note."""

    help = (
        "Timeline\n\n"
        "Everything that happened, in the order it happened. System entries (status,\n"
        "severity, roles, pages) are the console's own; the rest are people's notes.\n"
        "A * after the time marks a back-dated note. Kinds: OBS observation, THEO theory,\n"
        "EXP experiment, DEC decision, CHG change, ACT action, NOTE note, SYS system.\n\n"
        "Type the note on the entry line and press Enter. Start it with a prefix for its\n"
        "kind: o: observation, t: theory, e: experiment, d: decision, c: change (add\n"
        "`undo: how` to say how to undo it), a: action, n: note. @14:02 or @15m, before\n"
        "or right after the prefix, back-dates it. The filter shows all entries, people's\n"
        "notes, theories and experiments, decisions/changes/actions, or system entries.\n\n"
        "An a: note can become a tracked item, with an owner and a due date: the key is\n"
        "in the list below (Track a: note), and the Items tab lists them."
    )

    DEFAULT_CSS = """
    TimelinePane { height: 1fr; }
    TimelinePane #timeline-filter { height: 1; color: $text-muted; padding: 0 1; }
    TimelinePane #entry-error { height: auto; color: $error; padding: 0 1; display: none; }
    TimelinePane #entry-error.visible { display: block; }
    """

    class NoteSubmitted(Message):
        def __init__(self, line: str) -> None:
            super().__init__()
            self.line = line

    class FilterChanged(Message):
        def __init__(self, kinds: frozenset[str] | None) -> None:
            super().__init__()
            self.kinds = kinds

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.filter_index = 0

    def compose(self) -> ComposeResult:
        yield Literal("", id="timeline-filter")
        yield TimelineLog(id="timeline-log")
        yield Literal("", id="entry-error")
        yield Field(placeholder=ENTRY_HINT, id="entry")

    @property
    def current_filter(self) -> KindFilter:
        return FILTERS[self.filter_index]

    def _filter_label(self) -> str:
        return f"Timeline — {self.current_filter.label} ({key_name(self.app, 'filter')} to change)"

    def on_mount(self) -> None:
        self.query_one("#timeline-filter", Static).update(self._filter_label())

    def cycle_filter(self) -> None:
        self.filter_index = (self.filter_index + 1) % len(FILTERS)
        self.query_one("#timeline-filter", Static).update(self._filter_label())
        self.post_message(self.FilterChanged(self.current_filter.kinds))

    def on_input_submitted(self, event: Field.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.NoteSubmitted(event.value.strip()))

    def note_saved(self) -> None:
        """Clear the entry line only once the note is safely stored."""
        self.query_one("#entry", Field).value = ""
        self.show_error("")

    def show_error(self, message: str) -> None:
        error = self.query_one("#entry-error", Static)
        error.update(message)
        error.set_class(bool(message), "visible")


def _at_most(text: str, limit: int) -> str:
    """A pasted log can be 64 KiB: wrapping all of it on every render would stall the
    console, and nobody reads it in a timeline. The rest is a command away."""
    if len(text) <= limit:
        return text
    rest = len(text) - limit
    return f"{text[:limit]} … ({rest:,} more characters: warroom show prints the whole note)"
