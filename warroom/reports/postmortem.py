"""A postmortem, whole: the sections filled from the record and the ones people wrote,
ready for the console and the exports (``postmortem_markdown``, ``_html``, ``_json``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from warroom.process.blame import Flag
from warroom.process.context import Context
from warroom.process.postmortem_read import PostmortemView, flags, read_postmortem
from warroom.process.queries import find_incident
from warroom.process.read import IncidentDetail, detail_of
from warroom.store.models import Incident, TheoryVerdict, TimelineEdit, TimelineEntry
from warroom.vocabulary.kinds import EntryKind
from warroom.vocabulary.postmortem import Verdict

# An incident key as people write it in the related-incidents section: "INC-12", "pay-7".
_KEY = re.compile(r"(?<![\w-])([A-Za-z][A-Za-z0-9]*-\d+)(?![\w-])")


@dataclass(frozen=True)
class TheoryLine:
    """A theory of the review loop, the experiments that followed it (up to the next
    theory), and what the postmortem says became of it."""

    theory: TimelineEntry
    experiments: list[TimelineEntry]
    verdict: TheoryVerdict | None

    @property
    def outcome(self) -> Verdict:
        return Verdict(self.verdict.verdict) if self.verdict else Verdict.OPEN


@dataclass(frozen=True)
class Related:
    key: str
    summary: str | None  # None: no such incident in this store


@dataclass(frozen=True)
class PostmortemReport:
    detail: IncidentDetail
    view: PostmortemView
    flags: list[Flag]
    theories: list[TheoryLine]
    decisions: list[TimelineEntry]
    changes: list[TimelineEntry]
    related: list[Related]
    history: dict[int, list[TimelineEdit]]  # earlier texts of corrected notes
    now: datetime

    @property
    def open_flags(self) -> list[Flag]:
        return [f for f in self.flags if not f.accepted]


def review_loop(
    timeline: list[TimelineEntry], verdicts: dict[int, TheoryVerdict]
) -> list[TheoryLine]:
    lines: list[TheoryLine] = []
    for entry in timeline:
        if entry.kind == EntryKind.THEORY.value:
            assert entry.id is not None
            lines.append(TheoryLine(entry, [], verdicts.get(entry.id)))
        elif entry.kind == EntryKind.EXPERIMENT.value and lines:
            lines[-1].experiments.append(entry)
    return lines


def _related(session: Session, incident: Incident, text: str) -> list[Related]:
    keys = list(dict.fromkeys(m.upper() for m in _KEY.findall(text)))
    keys = [k for k in keys if k != incident.key]
    found = {
        row.key: row.summary
        for row in session.exec(select(Incident).where(col(Incident.key).in_(keys)))
    }
    return [Related(key, found.get(key)) for key in keys]


def _history(session: Session, timeline: list[TimelineEntry]) -> dict[int, list[TimelineEdit]]:
    edited = [e.id for e in timeline if e.edited and e.id is not None]
    history: dict[int, list[TimelineEdit]] = {}
    if edited:
        rows = session.exec(
            select(TimelineEdit)
            .where(col(TimelineEdit.entry_id).in_(edited))
            .order_by(col(TimelineEdit.id))
        )
        for row in rows:
            history.setdefault(row.entry_id, []).append(row)
    return history


def load_report(ctx: Context, key: str) -> PostmortemReport:
    """Everything the postmortem shows, read in one transaction so the parts agree."""
    with ctx.store.read() as session:
        incident = find_incident(session, key)
        detail = detail_of(session, incident)
        view = read_postmortem(session, incident.key)
        related = _related(session, incident, view.text("related"))
        history = _history(session, detail.timeline)
    by_kind = {
        kind: [e for e in detail.timeline if e.kind == kind.value]
        for kind in (EntryKind.DECISION, EntryKind.CHANGE)
    }
    return PostmortemReport(
        detail=detail,
        view=view,
        flags=flags(view, ctx.blame_rules(), ctx.catalog),
        theories=review_loop(detail.timeline, view.verdicts),
        decisions=by_kind[EntryKind.DECISION],
        changes=by_kind[EntryKind.CHANGE],
        related=related,
        history=history,
        now=ctx.clock.now(),
    )
