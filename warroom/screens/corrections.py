"""Forms that correct the record: an incident's facts, and a timeline note's text. The old
values stay on the timeline (a correction entry) or in the note's history."""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import Select

from warroom.base.localtime import local
from warroom.base.text import one_line
from warroom.process import corrections, timeline
from warroom.process.context import Context
from warroom.process.read import IncidentDetail
from warroom.screens.form import FieldSpec, FormScreen, Values
from warroom.store.models import TimelineEntry
from warroom.vocabulary.incident import UNKNOWN_SERVICE
from warroom.vocabulary.kinds import EntryKind, label
from warroom.widgets.inputs import Field

_NOTES_OFFERED = 40  # the latest people's notes the edit form lists, newest first


def edit_incident_form(ctx: Context, user: str, detail: IncidentDetail) -> FormScreen:
    incident = detail.incident

    def submit(values: Values) -> list[str]:
        products = values.get("products", [])
        change = corrections.Correction(
            summary=str(values.get("summary", "")),
            description=str(values.get("description", "")),
            service=str(values.get("service", "")) or UNKNOWN_SERVICE,
            products=products if isinstance(products, list) else [],
        )
        return corrections.correct(ctx, incident.key, change, by=user)

    services = [(UNKNOWN_SERVICE, UNKNOWN_SERVICE)]
    services += [(s.name, s.name) for s in ctx.catalog.services]
    return FormScreen(
        f"Correct {incident.key}",
        [
            FieldSpec("summary", "Summary — what is the emergency?", value=incident.summary),
            FieldSpec(
                "description",
                "Description — impact on customers; your contact details",
                value=incident.description,
            ),
            FieldSpec("service", "Faulty service", "select", services, incident.service),
            FieldSpec(
                "products",
                "Affected products — tick all that apply (space)",
                "multi",
                [(p.name, p.name) for p in ctx.catalog.products],
                list(detail.products),
                error_keys=("product",),
            ),
        ],
        submit,
        intro="Each change goes on the timeline with its old value; messages use the new one.",
        submit_label="Correct",
    )


def editable_notes(detail: IncidentDetail) -> list[TimelineEntry]:
    """People's notes, newest first: system entries record what happened and stay."""
    notes = [e for e in detail.timeline if e.kind != EntryKind.SYSTEM.value and e.id]
    return list(reversed(notes))[:_NOTES_OFFERED]


class EditNoteForm(FormScreen):
    """Choose a note, correct its text; choosing another note shows that one's text."""

    def __init__(self, ctx: Context, user: str, notes: list[TimelineEntry]) -> None:
        self._texts = {str(e.id): e.text for e in notes}
        first = notes[0]

        def submit(values: Values) -> None:
            entry_id = int(str(values.get("entry", "0")))
            timeline.edit_note(ctx, entry_id, str(values.get("text", "")), by=user)

        # Content, not str: a Select reads a str as markup, and these are people's words.
        options = [
            (
                Content(
                    f"{local(e.occurred_at):%H:%M} {label(e.kind)} {one_line(e.author)}: "
                    f"{one_line(e.text)[:60]}{'  (edited)' if e.edited else ''}"
                ),
                str(e.id),
            )
            for e in notes
        ]
        super().__init__(
            "Correct a timeline note",
            [
                FieldSpec("entry", "Note (newest first)", "select", options, str(first.id)),
                FieldSpec("text", "Corrected text", value=first.text),
            ],
            submit,
            intro="The earlier text is kept: warroom show --history lists it.",
            submit_label="Correct",
        )

    @on(Select.Changed, "#field-entry")
    def _chosen(self, event: Select.Changed) -> None:
        self.query_one("#field-text", Field).value = self._texts.get(str(event.value), "")
