"""The postmortem of a resolved incident, written in the console.

Sections on the left; on the right the one chosen: a filled section as the report shows
it, a written one in an editor with its blame flags below. What is typed is saved a moment
after typing stops (and on leaving the section or the screen), as a new revision; another
console's save to the same section is joined with this one's (``process.postmortem``), and
shown here as soon as this editor has nothing unsaved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Header, Markdown, OptionList
from textual.widgets.option_list import Option

from warroom.base.locations import postmortems_dir
from warroom.base.text import one_line
from warroom.config.blame_rules import BlameRules
from warroom.process import postmortem
from warroom.process.blame import Flag
from warroom.process.context import Context
from warroom.process.postmortem_read import flags
from warroom.reports.postmortem import PostmortemReport, load_report
from warroom.reports.postmortem_doc import Document, document
from warroom.reports.postmortem_export import file_name, rendered, write_report
from warroom.reports.postmortem_markdown import section_markdown
from warroom.screens.base import WarroomScreen
from warroom.screens.help import HelpScreen, help_text
from warroom.screens.section_drafts import Pending, SectionDrafts
from warroom.vocabulary.postmortem import SECTIONS, WRITTEN, ReviewState, Section
from warroom.widgets.after_keys import PostmortemKeys
from warroom.widgets.blame_flags import BlameFlags
from warroom.widgets.keys import key_name
from warroom.widgets.literal import LiteralLabel
from warroom.widgets.section_editor import SectionEditor
from warroom.widgets.theory_list import TheoryList

REVIEW_LOOP = "review-loop"  # its theories can be given a verdict here
SAVE_AFTER = 1.0  # seconds without typing before a section is saved
POLL_SECONDS = 1.0


class PostmortemScreen(WarroomScreen[None]):
    help = (
        "The blameless postmortem. Pick a section on the left. Filled sections come from the "
        "record; the others are yours to write, and are saved as you type (every save is "
        "kept). Two people may write at once: their edits are joined. Blame flags under a "
        "section point at words that put the fault on people: reword them, or accept a flag. "
        "The author asks for review; someone who wrote none of it approves."
    )
    BINDINGS = PostmortemKeys.BINDINGS
    DEFAULT_CSS = """
    PostmortemScreen #pm-state { height: 1; width: 1fr; padding: 0 1; background: $boost; }
    PostmortemScreen #pm-sections { width: 34; height: 1fr; }
    PostmortemScreen #pm-prompt { height: auto; padding: 0 1; color: $text-muted; }
    PostmortemScreen #pm-editor { height: 1fr; }
    PostmortemScreen #pm-filled { height: 1fr; }
    PostmortemScreen #pm-flags { height: 6; overflow-x: hidden; }
    PostmortemScreen #pm-why {
        width: 1fr; height: auto; max-height: 4; padding: 0 1; color: $text-muted;
    }
    PostmortemScreen #pm-theories { height: auto; max-height: 10; }
    PostmortemScreen .hidden { display: none; }
    """

    def __init__(self, ctx: Context, user: str, key: str) -> None:
        super().__init__()
        self.ctx, self.user, self.key = ctx, user, key
        self.report: PostmortemReport | None = None
        self.doc: Document | None = None
        self.rules: BlameRules | None = None
        self.section: Section = next(s for s in SECTIONS if s.written)
        self.drafts = SectionDrafts()
        self._save_timer: Timer | None = None
        self._seen_event: int | None = None
        self._polling = False
        self._leaving = False  # leaving as soon as the last save is in
        self._waiting: list[Callable[[], object]] = []  # steps waiting for the saves

    def compose(self) -> ComposeResult:
        yield Header()
        yield LiteralLabel("", id="pm-state")
        with Horizontal():
            yield OptionList(id="pm-sections")
            with Vertical():
                yield LiteralLabel("", id="pm-prompt")
                yield SectionEditor(id="pm-editor")
                yield TheoryList(id="pm-theories", classes="hidden")
                with VerticalScroll(id="pm-filled", classes="hidden"):
                    yield Markdown("", id="pm-filled-text")
                yield BlameFlags(id="pm-flags")
                yield LiteralLabel("", id="pm-why")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Postmortem · {self.key}"
        self.call_service(self._read, done=self._shown)
        self.set_interval(POLL_SECONDS, self._poll)

    # -- reading ----------------------------------------------------------------

    def _read(self) -> tuple[PostmortemReport, BlameRules, int | None]:
        """In a worker: the report, the blame rules, and where the change feed stood."""
        seen = self.ctx.store.latest_event_id()
        return load_report(self.ctx, self.key), self.ctx.blame_rules(), seen

    def _shown(self, read: tuple[PostmortemReport, BlameRules, int | None]) -> None:
        self._take_typed()  # a key may be in the editor before its Changed reaches here
        report, self.rules, self._seen_event = read
        self.report, self.doc = report, document(report)
        first = not self.drafts.loaded
        for section in SECTIONS:
            slug = section.slug
            if not section.written:
                continue
            stored = report.view.text(slug)
            taken = self.drafts.read(slug, stored, report.view.revision(slug))
            if taken and slug == self.section.slug:
                self.query_one(SectionEditor).show(stored)
        open_flags = [f for f in self._flags() if not f.accepted]
        self._list_sections(first, open_flags)
        self._show_state(open_flags)
        self._show_prompt()
        if first:
            self._choose(self.section)
        elif not self.section.written:
            self._show_filled()
        self._show_flags()

    def _poll(self) -> None:
        if not self._polling and self.report is not None:
            self._polling = True
            self.call_service(self.ctx.store.latest_event_id, done=self._feed_read)

    def _feed_read(self, latest: int | None) -> None:
        self._polling = False
        if latest != self._seen_event:
            self.call_service(self._read, done=self._shown)

    # -- showing ----------------------------------------------------------------

    def _list_sections(self, first: bool, open_flags: list[Flag]) -> None:
        sections = self.query_one("#pm-sections", OptionList)
        highlighted = sections.highlighted
        sections.clear_options()
        for section in SECTIONS:
            if section.written:
                text = self.drafts.text(section.slug)
                flags = sum(1 for f in open_flags if f.section == section.slug)
                mark = f" ⚑{flags}" if flags else ("" if text.strip() else " · empty")
                label = f"✎ {section.title}{mark}"
            else:
                label = f"  {section.title}"
            sections.add_option(Option(label, id=section.slug))
        sections.highlighted = SECTIONS.index(self.section) if first else highlighted

    def _show_state(self, open_flags: list[Flag]) -> None:
        assert self.report is not None and self.doc is not None
        review = dict(self.doc.facts)["Review"]
        count = len(open_flags)
        said = f"{self.key} · {review}" + (f" · {count} blame flag(s) open" if count else "")
        self.query_one("#pm-state", LiteralLabel).update(said)

    def _choose(self, section: Section) -> None:
        self._take_typed()
        self._save_now()
        self.section = section
        editor, filled = self.query_one(SectionEditor), self.query_one("#pm-filled")
        editor.set_class(not section.written, "hidden")
        filled.set_class(section.written, "hidden")
        self.query_one(BlameFlags).set_class(not section.written, "hidden")
        self.query_one("#pm-why").set_class(not section.written, "hidden")
        self.query_one(TheoryList).set_class(section.slug != REVIEW_LOOP, "hidden")
        self._show_prompt()
        if section.written:
            editor.show(self.drafts.text(section.slug))
        else:
            self._show_filled()
        self._show_flags()

    def _show_prompt(self) -> None:
        """What the section asks; once approved, also that typing waits for sending back
        (the editor takes no keys then, and would otherwise say nothing)."""
        prompt = self.section.prompt
        approved = self._approved()
        self.query_one(SectionEditor).read_only = approved
        if approved and self.section.written:
            send_back = key_name(self.app, "send_back_postmortem")
            prompt += f" — approved: {send_back} sends it back to change it"
        self.query_one("#pm-prompt", LiteralLabel).update(prompt)

    def _show_filled(self) -> None:
        if self.doc is None or self.report is None:
            return
        if self.section.slug == REVIEW_LOOP:
            self.query_one(TheoryList).show(self.report.theories)
        parts = next(p for s, p in self.doc.sections if s.slug == self.section.slug)
        self.query_one("#pm-filled-text", Markdown).update(section_markdown(self.section, parts))

    def _flags(self, sections: Iterable[Section] = WRITTEN) -> list[Flag]:
        """The blame flags in ``sections`` as their text stands here, typed or saved."""
        if self.rules is None or self.report is None:
            return []
        return flags(
            self.report.view,
            self.rules,
            self.ctx.catalog,
            sections=sections,
            text_of=self.drafts.text,
        )

    def _show_flags(self) -> None:
        if self.section.written:
            self.query_one(BlameFlags).show(self._flags([self.section]))
        self._show_why()

    @on(BlameFlags.RowHighlighted, "#pm-flags")
    def _show_why(self) -> None:
        """The highlighted flag's reason in full: the table's column cuts it short."""
        table = self.query_one(BlameFlags)
        flags, row = table.flags, table.cursor_row
        shown = self.section.written and 0 <= row < len(flags)
        why = f"“{flags[row].words}”: {flags[row].why}" if shown else ""
        self.query_one("#pm-why", LiteralLabel).update(why)

    def _approved(self) -> bool:
        return self.report is not None and self.report.view.state is ReviewState.APPROVED

    # -- writing ----------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#pm-sections")
    def _section_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        chosen = next(s for s in SECTIONS if s.slug == event.option.id)
        if chosen is not self.section and self.report is not None:
            self._choose(chosen)

    @on(SectionEditor.Changed, "#pm-editor")
    def _typed(self) -> None:
        self._take_typed()

    def _take_typed(self) -> None:
        """What the editor holds, as typed; called on each change, and before anything read
        or saved is shown over it, so that a keystroke whose change message is still on its
        way is never replaced by the stored text."""
        if not self.section.written:
            return
        if not self.drafts.typed(self.section.slug, self.query_one(SectionEditor).text):
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_AFTER, self._save_now)
        self._show_flags()

    def _save_now(self) -> None:
        """Save what is unsaved, one section at a time; the rest waits for the next turn."""
        pending = self.drafts.next_to_save()
        if pending is None:
            return
        self.call_service(
            lambda: postmortem.write_section(
                self.ctx, self.key, pending.slug, pending.text, base=pending.base, by=self.user
            ),
            done=lambda saved: self._saved(pending, saved),
            refused=self._save_refused,
        )

    def _saved(self, sent: Pending, saved: postmortem.Saved) -> None:
        self._take_typed()
        shown = self.drafts.saved(sent, saved.revision.id, saved.revision.text)
        if sent.slug == self.section.slug:
            self.query_one(SectionEditor).show(shown)
        if saved.joined_with:
            self.notify(
                f"{one_line(saved.joined_with)} was writing here too: both texts are kept.",
                title=self._title_of(sent.slug),
            )
        self._after_save()

    def _save_refused(self, err: Exception) -> None:
        self.drafts.refused()
        self._leaving = False
        self._waiting.clear()  # nothing waits on a text that was not saved
        self.notify(f"Not saved (your text is still here): {err}", severity="error")

    def _after_save(self) -> None:
        if self._leaving and self.drafts.settled:
            self.dismiss(None)
            return
        if self.drafts.settled:
            waiting, self._waiting = self._waiting, []
            for then in waiting:
                then()
        self._show_flags()
        self.call_service(self._read, done=self._shown)
        self._save_now()  # whatever was typed meanwhile

    def _title_of(self, slug: str) -> str:
        return next(s.title for s in SECTIONS if s.slug == slug)

    # -- flags, review, export ----------------------------------------------------

    @on(BlameFlags.Accept)
    def _accept(self, event: BlameFlags.Accept) -> None:
        flag = event.flag
        if flag.accepted:
            self.notify("That flag is accepted already.")
            return
        self.call_service(
            lambda: postmortem.accept_flag(
                self.ctx, self.key, flag.section, flag.rule, flag.words, by=self.user
            ),
            done=lambda _: self.call_service(self._read, done=self._shown),
        )

    @on(TheoryList.Said)
    def _verdict(self, event: TheoryList.Said) -> None:
        theory, verdict = event.theory_id, event.verdict
        self.call_service(
            lambda: postmortem.set_verdict(self.ctx, self.key, theory, verdict, by=self.user),
            done=lambda _: self.call_service(self._read, done=self._shown),
        )

    def _when_saved(self, then: Callable[[], object]) -> None:
        """Run ``then`` once everything typed is saved: a review step or an export must see
        the text on screen, not the text of a moment ago."""
        if self.drafts.settled:
            then()
            return
        self._waiting.append(then)
        self._save_now()

    def _step(self, step: str) -> None:
        calls = {
            "submit": postmortem.submit,
            "approve": postmortem.approve,
            "send_back": postmortem.send_back,
        }
        call = calls[step]
        said = {
            "submit": "Asked for review: you are its author.",
            "approve": "Approved.",
            "send_back": "Sent back to draft.",
        }[step]

        def done(_: object) -> None:
            self.notify(said)
            self.call_service(self._read, done=self._shown)

        self._when_saved(
            lambda: self.call_service(lambda: call(self.ctx, self.key, by=self.user), done=done)
        )

    def action_submit(self) -> None:
        self._step("submit")

    def action_approve(self) -> None:
        self._step("approve")

    def action_send_back(self) -> None:
        self._step("send_back")

    def action_export(self) -> None:
        def export() -> list[str]:
            report = load_report(self.ctx, self.key)
            folder = postmortems_dir()
            return [
                str(
                    write_report(
                        rendered(report, form),
                        folder / file_name(report.detail.incident.key, form),
                        make_folder=True,
                    )
                )
                for form in ("markdown", "html")
            ]

        self._when_saved(
            lambda: self.call_service(
                export,
                done=lambda paths: self.notify("Written:\n" + "\n".join(paths), timeout=20),
            )
        )

    def unsaved_work(self) -> list[str]:
        """What quitting now would lose; asked, it starts saving it."""
        if self.drafts.settled:
            return []
        self._save_now()
        return ["postmortem text (saving it now)"]

    def action_help(self) -> None:
        focused = self.focused
        pane = focused if isinstance(getattr(focused, "help", None), str) else self
        assert pane is not None
        self.app.push_screen(HelpScreen(help_text(self, pane)))

    def action_close(self) -> None:
        """Leaves once what was typed is saved; a refused save keeps the screen open."""
        self._leaving = True
        self._save_now()
        if self.drafts.settled:
            self.dismiss(None)
