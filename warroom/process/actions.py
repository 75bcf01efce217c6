"""Clean-up and follow-up items linked to an incident (tracked after it is resolved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from warroom.base import limits
from warroom.base.errors import InvalidInput, NotFound, Refused
from warroom.base.limits import quoted
from warroom.base.timeparse import require_due
from warroom.process.checks import require_name, require_text
from warroom.process.context import Context
from warroom.process.records import changing, system_entry
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
    wanted = checked_item(ctx, text, owner, kind, due_at, priority, link)
    with changing(ctx, key) as (session, incident):
        return insert_item(session, incident, wanted, at=ctx.clock.now(), by=by)


@dataclass(frozen=True)
class NewItem:
    """An item's fields as checked, before it is stored."""

    text: str
    owner: str
    kind: ActionKind
    due_at: datetime | None
    priority: ActionPriority
    link: str


def checked_item(
    ctx: Context,
    text: str,
    owner: str,
    kind: str,
    due_at: datetime | None,
    priority: str,
    link: str,
) -> NewItem:
    """The fields of a new item, or the refusal of the first that is wrong."""
    require_text("text", text, limit=limits.ACTION)
    require_name("owner", owner)
    if due_at is not None:
        require_due("due", due_at, ctx.clock.now())
    return NewItem(
        text,
        owner.strip(),
        action_kind(kind),
        due_at,
        action_priority(priority),
        ticket_link(link),
    )


def action_kind(kind: str) -> ActionKind:
    try:
        return ActionKind(kind.strip().lower())
    except ValueError:
        raise InvalidInput("kind", f"{quoted(kind)}: use cleanup or follow-up") from None


def action_priority(priority: str) -> ActionPriority:
    try:
        return ActionPriority(priority.strip().lower())
    except ValueError:
        names = ", ".join(p.value for p in ActionPriority)
        raise InvalidInput("priority", f"{quoted(priority)}: use {names}") from None


def insert_item(
    session: Session,
    incident: Incident,
    new: NewItem,
    *,
    at: datetime,
    by: str,
    **also: Any,
) -> ActionItem:
    """Store a checked item and its timeline entry; ``also``: more values for the entry's
    fact (the note it came from)."""
    assert incident.id is not None
    item = ActionItem(
        incident_id=incident.id,
        text=new.text,
        owner=new.owner,
        kind=new.kind.value,
        created_by=by,
        created_at=at,
        due_at=new.due_at,
        priority=new.priority.value,
        link=new.link,
    )
    session.add(item)
    session.flush()
    system_entry(
        session,
        incident,
        Fact.ACTION_ADDED,
        at=at,
        by=by,
        item=item.id,
        item_kind=new.kind.value,
        text=new.text,
        **also,
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
        item, incident = find_item(session, item_id)
        if not item.done:
            raise Refused(f"action item {item_id} on {incident.key} is not done; it is open")
        item.done, item.done_at, item.done_by = False, None, ""
        session.add(item)
        system_entry(
            session, incident, Fact.ACTION_REOPENED, at=now, by=by, item=item.id, text=item.text
        )
    return incident.key


def find_item(session: Session, item_id: int) -> tuple[ActionItem, Incident]:
    """Action item ``item_id`` and its incident, as ``session`` sees them."""
    item = session.get(ActionItem, item_id)
    incident = session.get(Incident, item.incident_id) if item is not None else None
    if item is None or incident is None:
        raise NotFound(f"no action item {item_id}")
    return item, incident


def ticket_link(link: str) -> str:
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
