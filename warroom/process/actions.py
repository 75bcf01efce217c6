"""Clean-up and follow-up items linked to an incident (tracked after it is resolved)."""

from __future__ import annotations

from warroom.base.errors import InvalidInput, NotFound
from warroom.process.context import Context
from warroom.process.records import changing, require_text, system_entry
from warroom.store.models import ActionItem
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.incident import ActionKind


def add_action(
    ctx: Context, key: str, text: str, *, by: str, owner: str = "", kind: str = "cleanup"
) -> ActionItem:
    require_text("text", text)
    try:
        action_kind = ActionKind(kind.strip().lower())
    except ValueError:
        raise InvalidInput("kind", f"{kind!r}: use cleanup or follow-up") from None
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        assert incident.id is not None
        item = ActionItem(
            incident_id=incident.id,
            text=text,
            owner=owner.strip(),
            kind=action_kind.value,
            created_by=by,
            created_at=now,
        )
        session.add(item)
        session.flush()
        system_entry(
            session,
            incident,
            Fact.ACTION_ADDED,
            at=now,
            by=by,
            item=item.id,
            item_kind=action_kind.value,
            text=text,
        )
    return item


def complete_action(ctx: Context, key: str, item_id: int, *, by: str) -> None:
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        item = session.get(ActionItem, item_id)
        if item is None or item.incident_id != incident.id:
            raise NotFound(f"no action item {item_id} on {incident.key}")
        item.done = True
        item.done_at = now
        session.add(item)
        system_entry(
            session, incident, Fact.ACTION_DONE, at=now, by=by, item=item.id, text=item.text
        )
