"""A modal form for every small dialog of the console (declare, assign, severity, …).

The form collects values, hands them to a service call run off the UI thread,
and stays open showing the refusal beside the field at fault until the call
succeeds: nothing typed is lost to a mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Select, SelectionList, Static

from warroom.base.errors import InvalidInput, WarroomError
from warroom.base.text import one_line
from warroom.screens.base import WarroomModal
from warroom.widgets.inputs import Field
from warroom.widgets.keys import key_name
from warroom.widgets.literal import Literal, LiteralLabel
from warroom.widgets.ticklist import TickBox, TickList

Values = dict[str, str | list[str] | bool]


def text_of(values: Values, name: str) -> str:
    """A text field's value ("" for a field that is not text)."""
    value = values.get(name, "")
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = "text"  # text | select | multi | check (its label beside the box)
    options: Sequence[tuple[str | Content, str]] = ()  # (label, value); Content: stored text
    value: str | list[str] | bool = ""
    placeholder: str = ""
    # InvalidInput.field values that this form field answers for.
    error_keys: tuple[str, ...] = field(default_factory=tuple)


class FormScreen(WarroomModal[bool]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form_cancel", tooltip="Leave the form"),
        Binding("ctrl+s", "submit", "Save", id="form_save", tooltip="Save the form"),
        # Enter saves from wherever a field does not use it itself (a tick box, say).
        Binding("enter", "submit", "Save", show=False),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        submit: Callable[[Values], object],
        *,
        intro: str = "",
        submit_label: str = "Save",
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.submit = submit
        self.intro = intro
        self.submit_label = submit_label
        self.result: object = None  # what the service returned, for the caller
        self._initial: Values = {}
        self._discard_armed = False

    def compose(self) -> ComposeResult:
        # Title and buttons stay in sight; the fields between them scroll (80×24). Not a
        # docked button row: focus order follows position, and Tab must go field by field.
        with Vertical(id="dialog"):
            yield LiteralLabel(self.form_title, id="dialog-title")
            save, cancel = key_name(self.app, "form_save"), key_name(self.app, "form_cancel")
            hint = f"Enter or {save}: {self.submit_label.lower()} · {cancel}: cancel"
            yield Literal(hint, id="dialog-hint")
            with VerticalScroll(id="dialog-body", can_focus=False):
                if self.intro:
                    yield Literal(self.intro, id="dialog-intro")
                for spec in self.fields:
                    if spec.kind != "check":
                        yield LiteralLabel(spec.label, classes="field-label")
                    yield self._widget(spec)
                    yield Literal("", id=f"error-{spec.name}", classes="field-error")
                yield Literal("", id="form-error", classes="field-error")
            with Horizontal(id="dialog-buttons"):
                yield Button(self.submit_label, variant="primary", id="submit")
                yield Button("Cancel", id="cancel")

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Let the fields take what the screen has left after the title and the buttons."""
        dialog, body = self.query_one("#dialog"), self.query_one("#dialog-body")
        chrome = sum(
            w.outer_size.height + w.styles.margin.height for w in dialog.children if w is not body
        )
        room = int(self.size.height * 0.9) - chrome - dialog.styles.gutter.height
        body.styles.max_height = max(room, 3)

    def _widget(self, spec: FieldSpec) -> Widget:
        values = [value for _, value in spec.options]
        # Labels are shown as written: a Select or a list would read a str as markup.
        options = [(_as_written(p), value) for p, value in spec.options]
        if spec.kind == "select":
            chosen = spec.value if spec.value in values else Select.NULL
            return Select(
                options,
                value=chosen,
                allow_blank=chosen is Select.NULL,
                id=f"field-{spec.name}",
            )
        if spec.kind == "check":
            return TickBox(
                _as_written(spec.label),
                value=spec.value is True,
                id=f"field-{spec.name}",
                classes="field-check",
            )
        if spec.kind == "multi":
            ticked = spec.value if isinstance(spec.value, list) else []
            return TickList(
                *[(label, value, value in ticked) for label, value in options],
                id=f"field-{spec.name}",
            )
        return Field(value=str(spec.value), placeholder=spec.placeholder, id=f"field-{spec.name}")

    def on_mount(self) -> None:
        first = f"#field-{self.fields[0].name}" if self.fields else "#submit"
        self.query_one(first).focus()
        self._initial = self.values()
        self.call_after_refresh(self._fit)

    def values(self) -> Values:
        collected: Values = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                collected[spec.name] = "" if widget.is_blank() else str(widget.value)
            elif isinstance(widget, SelectionList):
                collected[spec.name] = [str(v) for v in widget.selected]
            elif isinstance(widget, Field | Checkbox):
                collected[spec.name] = widget.value
        return collected

    @on(Field.Submitted)
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        self._discard_armed = False
        self._clear_errors()
        values = self.values()
        self.call_service(lambda: self.submit(values), done=self._done, refused=self._show_error)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Leaving a form with typed text takes a second Esc: nothing is lost by accident."""
        if self.values() != self._initial and not self._discard_armed:
            self._discard_armed = True
            # A toast, not a line in the form: the form may be scrolled past its end.
            save, cancel = key_name(self.app, "form_save"), key_name(self.app, "form_cancel")
            self.notify(
                f"{cancel.capitalize()} again discards what you typed; Enter or {save} saves it.",
                severity="warning",
            )
            return
        self.dismiss(False)

    @on(Field.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Checkbox.Changed)
    def _edited(
        self,
        event: Field.Changed
        | Select.Changed
        | SelectionList.SelectedChanged[str]
        | Checkbox.Changed,
    ) -> None:
        """An error beside a field goes as soon as the field is changed."""
        self._discard_armed = False
        widget = event.control
        name = (widget.id or "").removeprefix("field-") if widget is not None else ""
        for error in self.query(f"#error-{name}, #form-error").results(Static):
            error.update("")
            error.remove_class("visible")

    def _done(self, result: object) -> None:
        self.result = result
        self.dismiss(True)

    def _clear_errors(self) -> None:
        for error in self.query(".field-error").results(Static):
            error.update("")
            error.remove_class("visible")

    def _show_error(self, err: WarroomError) -> None:
        target = "form-error"
        if isinstance(err, InvalidInput):
            for spec in self.fields:
                if err.field in (spec.name, *spec.error_keys):
                    target = f"error-{spec.name}"
                    self.query_one(f"#field-{spec.name}").focus()
                    break
        error = self.query_one(f"#{target}", Static)
        error.update(f"✘ {err}")
        error.add_class("visible")
        # The message is under its field: on a short screen, scroll it into sight too.
        self.call_after_refresh(error.scroll_visible, animate=False)


def _as_written(label: str | Content) -> Content:
    """An option's words may be a catalog's or a person's: text, on one line, inert."""
    return Content(one_line(label)) if isinstance(label, str) else label
