"""A postmortem as it stands: its review, the latest text of each written section, who
wrote them, the blame flags people accepted and each theory's verdict."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from warroom.config.blame_rules import BlameRules
from warroom.config.catalog import Catalog
from warroom.process.blame import Flag, find_flags
from warroom.process.context import Context
from warroom.process.queries import find_incident
from warroom.store.models import (
    AcceptedFlag,
    ActionItem,
    Incident,
    Page,
    Postmortem,
    PostmortemText,
    RoleAssignment,
    TheoryVerdict,
    TimelineEntry,
)
from warroom.vocabulary.kinds import EntryKind
from warroom.vocabulary.postmortem import WRITTEN, ReviewState, Section

Accepted = frozenset[tuple[str, str, str]]  # (section, rule, folded words)


@dataclass(frozen=True)
class PostmortemView:
    key: str
    record: Postmortem | None  # None until someone first writes
    texts: dict[str, PostmortemText]  # the latest revision of each section written
    authors: frozenset[str]  # everyone who saved a revision
    accepted: Accepted
    verdicts: dict[int, TheoryVerdict]  # the latest per theory entry id
    people: frozenset[str]  # everyone on the incident, and the catalog's people

    @property
    def state(self) -> ReviewState:
        return ReviewState(self.record.state) if self.record else ReviewState.DRAFT

    def text(self, section: str) -> str:
        saved = self.texts.get(section)
        return saved.text if saved is not None else ""

    def revision(self, section: str) -> int | None:
        """The id of the section's latest revision: what an editor writes over."""
        saved = self.texts.get(section)
        return saved.id if saved is not None else None


def latest_texts(session: Session, incident_id: int) -> dict[str, PostmortemText]:
    newest = (
        select(func.max(PostmortemText.id))
        .where(PostmortemText.incident_id == incident_id)
        .group_by(col(PostmortemText.section))
    )
    rows = session.exec(select(PostmortemText).where(col(PostmortemText.id).in_(newest)))
    return {row.section: row for row in rows}


def read_postmortem(session: Session, key: str) -> PostmortemView:
    incident = find_incident(session, key)
    assert incident.id is not None
    incident_id = incident.id
    record = session.exec(select(Postmortem).where(Postmortem.incident_id == incident_id)).first()
    authors = session.exec(
        select(PostmortemText.written_by)
        .where(PostmortemText.incident_id == incident_id)
        .distinct()
    ).all()
    accepted = session.exec(select(AcceptedFlag).where(AcceptedFlag.incident_id == incident_id))
    verdicts = session.exec(
        select(TheoryVerdict)
        .where(TheoryVerdict.incident_id == incident_id)
        .order_by(col(TheoryVerdict.id))
    )
    return PostmortemView(
        key=incident.key,
        record=record,
        texts=latest_texts(session, incident_id),
        authors=frozenset(authors),
        accepted=frozenset((a.section, a.rule, a.words) for a in accepted),
        verdicts={v.theory_id: v for v in verdicts},  # later ids overwrite earlier ones
        people=frozenset(_people(session, incident)),
    )


def _people(session: Session, incident: Incident) -> set[str]:
    """Everyone the incident's record names: whose name, as the subject of a failure in a
    written section, is a blame flag (the catalog's people are added by ``flags``)."""
    found = {incident.declared_by}
    for column, where in (
        (RoleAssignment.person, RoleAssignment.incident_id),
        (Page.person, Page.incident_id),
        (Page.acked_by, Page.incident_id),
        (ActionItem.owner, ActionItem.incident_id),
    ):
        found.update(session.exec(select(column).where(where == incident.id).distinct()))
    authors = select(TimelineEntry.author).where(
        TimelineEntry.incident_id == incident.id, TimelineEntry.kind != EntryKind.SYSTEM.value
    )
    found.update(session.exec(authors.distinct()))
    return {name for name in found if name}


def flags(
    view: PostmortemView,
    rules: BlameRules,
    catalog: Catalog,
    *,
    sections: Iterable[Section] = WRITTEN,
    text_of: Callable[[str], str] | None = None,
) -> list[Flag]:
    """Every blame flag in the written ``sections``, in section order; accepted ones
    included (``Flag.accepted``). ``text_of``: a section's text as a writer has it now, not
    yet saved (default: as stored)."""
    people = {*view.people, *catalog.known_people()}
    read = text_of or view.text
    found: list[Flag] = []
    for section in sections:
        text = read(section.slug)
        if text:
            found.extend(find_flags(section.slug, text, rules, people, view.accepted))
    return found


def load_postmortem(ctx: Context, key: str) -> PostmortemView:
    with ctx.store.read() as session:
        return read_postmortem(session, key)
