"""The Items tab's forms: add an item (or track an ``a:`` note as one), give it an owner,
set its due date. Each is a FormScreen whose submit calls one service; a refusal is shown
beside the field at fault."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from warroom.base.localtime import local_text
from warroom.base.text import one_line
from warroom.base.timeparse import DUE_HINT, parse_due
from warroom.process import action_edits, actions
from warroom.process.action_notes import item_from_note
from warroom.process.context import Context
from warroom.screens.form import FieldSpec, FormScreen, Values
from warroom.screens.form import text_of as _text
from warroom.store.models import ActionItem, TimelineEntry
from warroom.vocabulary.incident import ActionKind, ActionPriority

KINDS = [
    ("cleanup — during and just after the incident", ActionKind.CLEANUP.value),
    ("follow-up — from the postmortem", ActionKind.FOLLOW_UP.value),
]
PRIORITIES = [
    ("high — a priority action: keeps it from happening again", ActionPriority.HIGH.value),
    ("normal", ActionPriority.NORMAL.value),
    ("low", ActionPriority.LOW.value),
]


def _due(ctx: Context, values: Values) -> datetime | None:
    text = _text(values, "due").strip()
    return parse_due(text, ctx.clock.now()) if text else None


class _Details(TypedDict):
    owner: str
    kind: str
    due_at: datetime | None
    priority: str
    link: str


def _details(ctx: Context, values: Values) -> _Details:
    """What the item form says besides the text, as adding an item takes it."""
    return _Details(
        owner=_text(values, "owner"),
        kind=_text(values, "kind"),
        due_at=_due(ctx, values),
        priority=_text(values, "priority"),
        link=_text(values, "link"),
    )


def _item_fields(text: str = "") -> list[FieldSpec]:
    return [
        FieldSpec("text", "What is to be done", value=text),
        FieldSpec("owner", "Owner (optional)"),
        FieldSpec("due", "Due (optional)", placeholder=DUE_HINT),
        FieldSpec("kind", "Kind", "select", KINDS, ActionKind.CLEANUP.value),
        FieldSpec("priority", "Priority", "select", PRIORITIES, ActionPriority.NORMAL.value),
        FieldSpec("link", "Ticket link (optional)", placeholder="https://…"),
    ]


def add_item_form(ctx: Context, user: str, key: str) -> FormScreen:
    def submit(values: Values) -> ActionItem:
        return actions.add_action(
            ctx,
            key,
            _text(values, "text"),
            by=user,
            **_details(ctx, values),
        )

    return FormScreen(f"Add an item to {key}", _item_fields(), submit, submit_label="Add")


def note_item_form(
    ctx: Context, user: str, key: str, note: TimelineEntry, others: int
) -> FormScreen:
    """``note``: the ``a:`` note to track; ``others``: older ones not yet items."""
    assert note.id is not None
    note_id = note.id

    def submit(values: Values) -> ActionItem:
        return item_from_note(
            ctx,
            key,
            note_id,
            _text(values, "text"),
            by=user,
            **_details(ctx, values),
        )

    at = local_text(note.occurred_at, "%H:%M")
    intro = f"From the a: note by {one_line(note.author)} at {at}."
    if others:
        intro += f" {others} older a: note(s) are not items yet: the same key tracks them next."
    return FormScreen(
        f"Track a note of {key} as an item",
        _item_fields(note.text),
        submit,
        intro=intro,
        submit_label="Track",
    )


def owner_form(ctx: Context, user: str, item: ActionItem) -> FormScreen:
    assert item.id is not None
    item_id = item.id

    def submit(values: Values) -> str:
        return action_edits.set_owner(ctx, item_id, _text(values, "owner"), by=user)

    return FormScreen(
        f"Owner of item {item_id}",
        [FieldSpec("owner", "Owner — empty: nobody", value=item.owner)],
        submit,
        intro=one_line(item.text),
    )


def due_form(ctx: Context, user: str, item: ActionItem) -> FormScreen:
    assert item.id is not None
    item_id = item.id

    def submit(values: Values) -> str:
        return action_edits.set_due(ctx, item_id, _due(ctx, values), by=user)

    now = local_text(item.due_at, "%Y-%m-%d %H:%M", empty="none")
    return FormScreen(
        f"When item {item_id} is due",
        [FieldSpec("due", "Due — empty: no due date", placeholder=DUE_HINT)],
        submit,
        intro=f"{one_line(item.text)}\nDue now: {now}",
    )
