"""Changing a clean-up or follow-up item after it was added: who owns it, when it is due,
its priority and its ticket link. Each change is on the timeline with what it was before;
a change to what the item already has is refused, so the timeline never says nothing
happened."""

from __future__ import annotations

from datetime import datetime

from warroom.base.errors import Refused
from warroom.base.limits import quoted
from warroom.base.timeparse import require_due
from warroom.process.actions import action_priority, find_item, ticket_link
from warroom.process.checks import require_name
from warroom.process.context import Context
from warroom.process.records import system_entry
from warroom.vocabulary.facts import Fact, when


def set_owner(ctx: Context, item_id: int, owner: str, *, by: str) -> str:
    """Give item ``item_id`` to ``owner`` (empty: nobody owns it now); returns its
    incident's key."""
    require_name("owner", owner)
    owner = owner.strip()
    now = ctx.clock.now()
    with ctx.store.write() as session:
        item, incident = find_item(session, item_id)
        if item.owner == owner:
            held = f"is already owned by {quoted(owner)}" if owner else "has no owner already"
            raise Refused(f"action item {item_id} {held}")
        before, item.owner = item.owner, owner
        session.add(item)
        system_entry(
            session,
            incident,
            Fact.ACTION_ASSIGNED,
            at=now,
            by=by,
            item=item.id,
            text=item.text,
            owner=owner,
            **{"from": before},
        )
    return incident.key


def set_due(ctx: Context, item_id: int, due_at: datetime | None, *, by: str) -> str:
    """When item ``item_id`` should be done by (None: no date any more); returns its
    incident's key. ``due_at`` as ``timeparse.parse_due`` reads it."""
    now = ctx.clock.now()
    if due_at is not None:
        require_due("due", due_at, now)
    with ctx.store.write() as session:
        item, incident = find_item(session, item_id)
        if item.due_at == due_at:
            said = "is already due then" if due_at else "has no due date already"
            raise Refused(f"action item {item_id} {said}")
        before, item.due_at = item.due_at, due_at
        session.add(item)
        system_entry(
            session,
            incident,
            Fact.ACTION_DUE,
            at=now,
            by=by,
            item=item.id,
            text=item.text,
            due=when(due_at) if due_at else "",
            **{"from": when(before) if before else ""},
        )
    return incident.key


def set_priority(ctx: Context, item_id: int, priority: str, *, by: str) -> str:
    """``high``, ``normal`` or ``low``; returns the item's incident's key."""
    return _change(ctx, item_id, "priority", action_priority(priority).value, by=by)


def set_link(ctx: Context, item_id: int, link: str, *, by: str) -> str:
    """Its ticket's http(s) URL (empty: none); returns the item's incident's key."""
    return _change(ctx, item_id, "link", ticket_link(link), by=by)


def _change(ctx: Context, item_id: int, field: str, value: str, *, by: str) -> str:
    now = ctx.clock.now()
    with ctx.store.write() as session:
        item, incident = find_item(session, item_id)
        before = getattr(item, field)
        if before == value:
            raise Refused(f"action item {item_id} already has {field} {quoted(value)}")
        setattr(item, field, value)
        session.add(item)
        system_entry(
            session,
            incident,
            Fact.ACTION_CHANGED,
            at=now,
            by=by,
            item=item.id,
            text=item.text,
            changes=[[field, before, value]],
        )
    return incident.key
