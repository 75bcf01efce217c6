"""Writing a blameless postmortem and taking it through review.

A resolved incident's postmortem is written in sections (``vocabulary.postmortem``). Each
save of a section is a new revision, kept. A writer saves over the revision they were
editing; if someone else saved that section meanwhile, the two edits are joined
(``postmortem_merge``), so two consoles writing at once lose neither's text.

Review: draft → in review (by its author) → approved (by someone who wrote none of it, once
every blame flag is fixed or accepted); sending back returns it to draft. An approved
postmortem is not changed until it is sent back.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from warroom.base import limits
from warroom.base.errors import InvalidInput, NotFound, Refused
from warroom.base.limits import within
from warroom.process.blame import fold
from warroom.process.checks import require_name
from warroom.process.context import Context
from warroom.process.postmortem_merge import join_edits
from warroom.process.postmortem_read import flags, latest_texts, read_postmortem
from warroom.process.records import changing
from warroom.store.base import record_event
from warroom.store.models import (
    AcceptedFlag,
    Incident,
    Postmortem,
    PostmortemText,
    TheoryVerdict,
    TimelineEntry,
)
from warroom.vocabulary.incident import Status
from warroom.vocabulary.kinds import EntryKind
from warroom.vocabulary.postmortem import (
    ROOT_CAUSE,
    PostmortemEvent,
    ReviewState,
    Verdict,
    written_section,
)


def section_slug(name: str) -> str:
    """A written section's slug from what a person typed ("Root cause" → "root-cause")."""
    return written_section(name).slug


@dataclass(frozen=True)
class Saved:
    revision: PostmortemText  # what the section reads now
    joined_with: str = ""  # whose edit, saved meanwhile, this one was joined with


def _open_for_writing(session: Session, incident: Incident, by: str, now: datetime) -> Postmortem:
    """The incident's postmortem, begun if this is its first word; refused while the
    incident is not resolved, or once the postmortem is approved."""
    if incident.status != Status.RESOLVED.value:
        raise Refused(
            f"{incident.key} is not resolved yet: its postmortem is written once it is "
            "(anything written stays)"
        )
    record = session.exec(select(Postmortem).where(Postmortem.incident_id == incident.id)).first()
    if record is None:
        assert incident.id is not None
        record = Postmortem(incident_id=incident.id, started_by=by, started_at=now)
        session.add(record)
        session.flush()
    if record.state == ReviewState.APPROVED.value:
        raise Refused(
            f"the postmortem of {incident.key} was approved by {record.approved_by}; "
            "send it back to draft to change it"
        )
    return record


def write_section(
    ctx: Context, key: str, section: str, text: str, *, base: int | None, by: str
) -> Saved:
    """Save ``text`` as ``section``'s new revision. ``base``: the revision id the writer was
    editing (None for a section they saw empty). Saving what is already there saves nothing."""
    slug = written_section(section).slug
    within(slug, text, limits.SECTION)
    require_name("by", by)
    now = ctx.clock.now()
    try:
        return _save(ctx, key, slug, text, base, by, now)
    except _Unchanged as same:  # nothing written, so nothing to record
        return Saved(same.revision)


class _AlreadyAccepted(Exception):
    """Leaves the write transaction without a change: someone accepted it already."""


class _Unchanged(Exception):
    """Leaves the write transaction without a change: the text is already saved."""

    def __init__(self, revision: PostmortemText) -> None:
        self.revision = revision


def _save(
    ctx: Context, key: str, slug: str, text: str, base: int | None, by: str, now: datetime
) -> Saved:
    with changing(ctx, key) as (session, incident):
        _open_for_writing(session, incident, by, now)
        assert incident.id is not None
        latest = latest_texts(session, incident.id).get(slug)
        joined_with = ""
        if latest is not None and latest.id != base:
            was = session.get(PostmortemText, base) if base is not None else None
            if base is not None and (was is None or was.incident_id != incident.id):
                raise InvalidInput("base", f"no revision {base} of this postmortem")
            text = join_edits(was.text if was else "", latest.text, text)
            joined_with = latest.written_by
        if latest is not None and latest.text == text:
            raise _Unchanged(PostmortemText(**latest.model_dump()))  # outlives the rollback
        revision = PostmortemText(
            incident_id=incident.id,
            section=slug,
            text=text,
            base_id=latest.id if latest else None,
            merged=bool(joined_with),
            written_by=by,
            written_at=now,
        )
        session.add(revision)
        session.flush()
        _event(
            session,
            incident,
            PostmortemEvent.WRITTEN,
            by=by,
            at=now,
            section=slug,
            revision=revision.id,
        )
    return Saved(revision, joined_with)


def submit(ctx: Context, key: str, *, by: str) -> None:
    """Ask for review: ``by`` is the postmortem's author from here on."""
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        record = _open_for_writing(session, incident, by, now)
        assert incident.id is not None
        if record.state != ReviewState.DRAFT.value:
            raise Refused(f"the postmortem of {incident.key} is already {record.state}")
        if not any(t.text.strip() for t in latest_texts(session, incident.id).values()):
            raise Refused(f"nothing is written in the postmortem of {incident.key} yet")
        record.state, record.submitted_by, record.submitted_at = (
            ReviewState.IN_REVIEW.value,
            by,
            now,
        )
        session.add(record)
        _event(session, incident, PostmortemEvent.SUBMITTED, by=by, at=now)


def approve(ctx: Context, key: str, *, by: str) -> None:
    """Approve a postmortem in review: not by anyone who wrote it, not without its root
    cause (the one section a postmortem exists for), and not while a blame flag is neither
    reworded nor accepted."""
    require_name("by", by)
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        view = read_postmortem(session, incident.key)
        record = view.record
        if record is None or record.state != ReviewState.IN_REVIEW.value:
            state = f"is {record.state}" if record else "has not begun"
            raise Refused(
                f"the postmortem of {incident.key} {state}: only a postmortem in review can "
                "be approved"
            )
        if by == record.submitted_by or by in view.authors:
            raise Refused(
                f"{by} wrote part of the postmortem of {incident.key}; "
                "someone who did not write it approves it"
            )
        if not view.text(ROOT_CAUSE).strip():
            raise Refused(f"the root cause of {incident.key} is not written yet")
        open_flags = [f for f in flags(view, ctx.blame_rules(), ctx.catalog) if not f.accepted]
        if open_flags:
            raise Refused(
                f"{len(open_flags)} blame flag(s) in the postmortem of {incident.key} are "
                "neither reworded nor accepted"
            )
        record.state, record.approved_by, record.approved_at = (
            ReviewState.APPROVED.value,
            by,
            now,
        )
        session.add(record)
        _event(session, incident, PostmortemEvent.APPROVED, by=by, at=now)


def send_back(ctx: Context, key: str, *, by: str) -> None:
    """Return a postmortem in review, or approved, to draft: it needs more work."""
    require_name("by", by)
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        record = session.exec(
            select(Postmortem).where(Postmortem.incident_id == incident.id)
        ).first()
        if record is None:
            raise Refused(f"the postmortem of {incident.key} has not begun: nothing to send back")
        if record.state == ReviewState.DRAFT.value:
            raise Refused(f"the postmortem of {incident.key} is a draft already")
        was = record.state
        record.state, record.approved_by, record.approved_at = ReviewState.DRAFT.value, "", None
        session.add(record)
        _event(session, incident, PostmortemEvent.SENT_BACK, by=by, at=now, was=was)


def accept_flag(ctx: Context, key: str, section: str, rule: str, words: str, *, by: str) -> None:
    """Keep a blame flag's words where they stand (a quotation, a name that is a system's)."""
    slug = written_section(section).slug
    require_name("by", by)
    now = ctx.clock.now()
    with contextlib.suppress(_AlreadyAccepted), changing(ctx, key) as (session, incident):
        _open_for_writing(session, incident, by, now)
        assert incident.id is not None
        folded = fold(words)
        kept = session.exec(
            select(AcceptedFlag).where(
                AcceptedFlag.incident_id == incident.id,
                AcceptedFlag.section == slug,
                AcceptedFlag.rule == rule,
                AcceptedFlag.words == folded,
            )
        ).first()
        if kept is not None:
            raise _AlreadyAccepted
        session.add(
            AcceptedFlag(
                incident_id=incident.id,
                section=slug,
                rule=rule,
                words=folded,
                accepted_by=by,
                accepted_at=now,
            )
        )
        _event(
            session, incident, PostmortemEvent.FLAG_ACCEPTED, by=by, at=now, section=slug, rule=rule
        )


def set_verdict(
    ctx: Context,
    key: str,
    theory_id: int,
    verdict: Verdict,
    *,
    experiment_id: int | None = None,
    by: str,
) -> None:
    """Say what became of a theory, and by which experiment if one settled it."""
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        _open_for_writing(session, incident, by, now)
        assert incident.id is not None
        _entry(session, incident, theory_id, EntryKind.THEORY)
        if experiment_id is not None:
            _entry(session, incident, experiment_id, EntryKind.EXPERIMENT)
        session.add(
            TheoryVerdict(
                incident_id=incident.id,
                theory_id=theory_id,
                verdict=verdict.value,
                experiment_id=experiment_id,
                said_by=by,
                said_at=now,
            )
        )
        _event(
            session,
            incident,
            PostmortemEvent.VERDICT,
            by=by,
            at=now,
            theory=theory_id,
            verdict=verdict.value,
        )


def _entry(session: Session, incident: Incident, entry_id: int, kind: EntryKind) -> None:
    entry = session.get(TimelineEntry, entry_id)
    if entry is None or entry.incident_id != incident.id:
        raise NotFound(f"no timeline entry {entry_id} on {incident.key}")
    if entry.kind != kind.value:
        raise InvalidInput(
            kind.value, f"entry {entry_id} is {_a(entry.kind)}, not {_a(kind.value)}"
        )


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _event(
    session: Session,
    incident: Incident,
    kind: PostmortemEvent,
    *,
    by: str,
    at: datetime,
    **detail: object,
) -> None:
    record_event(session, at=at, actor=by, kind=kind.value, incident_id=incident.id, **detail)
