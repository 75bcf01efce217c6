"""The team's channels (chat room, video call, status document) and the chat-room topic."""

from __future__ import annotations

from warroom.base import limits
from warroom.base.errors import InvalidInput
from warroom.base.limits import within
from warroom.process.context import Context
from warroom.process.queries import Holding
from warroom.process.records import changing, system_entry
from warroom.store.models import Incident
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.incident import LINK_FIELDS


def set_channels(
    ctx: Context,
    key: str,
    *,
    by: str,
    chat_room: str | None = None,
    video_link: str | None = None,
    status_doc_link: str | None = None,
) -> None:
    """Record where the team talks. An empty chat room means the key; links may be cleared."""
    given = {
        "chat_room": chat_room,
        "video_link": video_link,
        "status_doc_link": status_doc_link,
    }
    wanted = {name: value for name, value in given.items() if value is not None}
    if not wanted:
        raise InvalidInput("channels", "give a chat room, a video link or a status document")
    for name, value in wanted.items():
        within(LINK_FIELDS[name], value, limits.LINK)
        if any(ch in value for ch in "\r\n"):
            raise InvalidInput(LINK_FIELDS[name], "must be one line")
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        changes = []
        for name, value in wanted.items():
            value = value.strip()
            if name == "chat_room" and not value:
                value = incident.key
            setattr(incident, name, value)
            changes.append([name, value])
        session.add(incident)
        system_entry(session, incident, Fact.LINKS, at=now, by=by, changes=changes)


def chat_topic(incident: Incident, holdings: list[Holding]) -> str:
    """The room topic the handbook asks for: summary and severity, roles (IM first), links."""
    by_role: dict[str, list[str]] = {}
    for holding in holdings:  # already IM first, then the handbook's order
        by_role.setdefault(holding.role, []).append(holding.person)
    roles = " · ".join(f"{role}: {', '.join(people)}" for role, people in by_role.items())
    links = [f"Record: {incident.key}"]
    if incident.video_link:
        links.append(f"Video: {incident.video_link}")
    if incident.status_doc_link:
        links.append(f"Doc: {incident.status_doc_link}")
    parts = [
        f"{incident.key} · Sev {incident.severity} · {incident.summary}",
        roles or "No roles assigned yet",
        " · ".join(links),
    ]
    return " | ".join(parts)
