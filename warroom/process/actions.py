"""Clean-up and follow-up items linked to an incident (tracked after it is resolved)."""

from __future__ import annotations

from datetime import datetime

from warroom.base import limits
from warroom.base.errors import InvalidInput, NotFound, Refused
from warroom.base.limits import quoted
from warroom.base.timeparse import require_due
from warroom.process.context import Context
from warroom.process.records import changing, require_name, require_text, system_entry
from warroom.store.models import ActionItem, Incident
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.incident import ActionKind, ActionPriority


def add_action(
    ctx: Context,
    key: str,
    text: str,
    *,
    by: str,
    owner: str = "",
    kind: str = "cleanup",
    due_at: datetime | None = None,
    priority: str = "normal",
    link: str = "",
) -> ActionItem:
    """``due_at``: when it should be done by, if anyone said (``timeparse.parse_due``);
    ``link``: its ticket, an http(s) URL."""
    require_text("text", text, limit=limits.ACTION)
    require_name("owner", owner)
    try:
        action_kind = ActionKind(kind.strip().lower())
    except ValueError:
        raise InvalidInput("kind", f"{quoted(kind)}: use cleanup or follow-up") from None
    try:
        action_priority = ActionPriority(priority.strip().lower())
    except ValueError:
        names = ", ".join(p.value for p in ActionPriority)
        raise InvalidInput("priority", f"{quoted(priority)}: use {names}") from None
    link = _ticket_link(link)
    now = ctx.clock.now()
    if due_at is not None:
        require_due("due", due_at, now)
    with changing(ctx, key) as (session, incident):
        assert incident.id is not None
        item = ActionItem(
            incident_id=incident.id,
            text=text,
            owner=owner.strip(),
            kind=action_kind.value,
            created_by=by,
            created_at=now,
            due_at=due_at,
            priority=action_priority.value,
            link=link,
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
        if item.done:
            raise Refused(f"action item {item_id} on {incident.key} is already done")
        item.done = True
        item.done_at = now
        item.done_by = by
        session.add(item)
        system_entry(
            session, incident, Fact.ACTION_DONE, at=now, by=by, item=item.id, text=item.text
        )


def reopen_item(ctx: Context, item_id: int, *, by: str) -> str:
    """Mark a done item open again (it was not really done); returns its incident's key."""
    now = ctx.clock.now()
    with ctx.store.write() as session:
        item = session.get(ActionItem, item_id)
        incident = session.get(Incident, item.incident_id) if item is not None else None
        if item is None or incident is None:
            raise NotFound(f"no action item {item_id}")
        if not item.done:
            raise Refused(f"action item {item_id} on {incident.key} is not done; it is open")
        item.done, item.done_at, item.done_by = False, None, ""
        session.add(item)
        system_entry(
            session, incident, Fact.ACTION_REOPENED, at=now, by=by, item=item.id, text=item.text
        )
    return incident.key


def _ticket_link(link: str) -> str:
    """An http(s) URL within the link limit, or empty. People follow it, so nothing else
    (``javascript:``, ``file:``) is taken, nor a space, control or direction-changing
    character that would make it read as another address."""
    link = link.strip()
    if not link:
        return ""
    limits.within("link", link, limits.LINK)
    shown_as_is = all(ch.isprintable() and not ch.isspace() for ch in link)
    if not shown_as_is or not link.lower().startswith(("http://", "https://")):
        raise InvalidInput("link", f"{quoted(link)}: give the ticket's http:// or https:// URL")
    return link


def complete_item(ctx: Context, item_id: int, *, by: str) -> str:
    """Mark action item ``item_id`` done, whichever incident it is on; returns that key."""
    with ctx.store.read() as session:
        item = session.get(ActionItem, item_id)
        incident = session.get(Incident, item.incident_id) if item is not None else None
        key = incident.key if incident is not None else None
    if key is None:
        raise NotFound(f"no action item {item_id}")
    complete_action(ctx, key, item_id, by=by)  # an item never moves to another incident
    return key
