"""The six assessment questions the IM asks the team, and how far along the answers are.

"Unknown" counts as an answer only when someone writes it: an empty answer is
refused, so an open question is always visibly open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from warroom.base.errors import InvalidInput
from warroom.base.timeparse import parse_time
from warroom.process.context import Context
from warroom.process.incidents import check_times
from warroom.process.records import changing, require_text, system_entry
from warroom.store.models import AssessmentAnswer, Incident


@dataclass(frozen=True)
class Question:
    number: int
    slug: str
    text: str
    short: str  # for one-line summaries ("open: 5 support cases, 6 other factors")


QUESTIONS = (
    Question(1, "impact", "What is the impact on customers (internal or external)?", "impact"),
    Question(2, "seeing", "What are customers seeing?", "what customers see"),
    Question(3, "how_many", "How many customers are affected (some, all)?", "how many"),
    Question(4, "started", "When did the incident start?", "start"),
    Question(5, "support_cases", "How many support cases have customers opened?", "support cases"),
    Question(
        6,
        "other_factors",
        "Are there other factors — social media, security, data loss?",
        "other factors",
    ),
)
_ALIASES = {
    "customers": "how_many",
    "count": "how_many",
    "cases": "support_cases",
    "factors": "other_factors",
    "start": "started",
    "other": "other_factors",
}


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    open_questions: tuple[Question, ...]

    @property
    def complete(self) -> bool:
        return not self.open_questions

    def __str__(self) -> str:
        return f"{self.answered}/{self.total}"


def question(ref: str | int) -> Question:
    """By number (1–6) or short name (``impact``, ``seeing``, ``how_many``, …)."""
    text = str(ref).strip().lower().replace("-", "_")
    text = _ALIASES.get(text, text)
    for candidate in QUESTIONS:
        if text in (str(candidate.number), candidate.slug):
            return candidate
    names = ", ".join(f"{q.number}={q.slug}" for q in QUESTIONS)
    raise InvalidInput("question", f"{ref!r} is not an assessment question; use {names}")


def answer(ctx: Context, key: str, ref: str | int, text: str, *, by: str) -> None:
    """Record an answer; a later answer to the same question supersedes the earlier one."""
    asked = question(ref)
    require_text("answer", text)
    now = ctx.clock.now()
    with changing(ctx, key) as (session, incident):
        assert incident.id is not None
        session.add(
            AssessmentAnswer(
                incident_id=incident.id,
                question=asked.slug,
                answer=text,
                answered_by=by,
                answered_at=now,
            )
        )
        text_note = ""
        # A number answering "how many support cases" keeps the incident's count current.
        if asked.slug == "support_cases" and text.strip().isdigit():
            incident.support_cases = int(text.strip())
            session.add(incident)
        # A time answering "when did it start" fills impact-started if nobody has yet.
        if asked.slug == "started" and incident.impact_started_at is None:
            started = _as_start_time(text, incident, now)
            if started is not None:
                incident.impact_started_at = started
                session.add(incident)
                text_note = f" (impact started set to {started:%Y-%m-%d %H:%M} UTC)"
        system_entry(
            session,
            incident,
            f"Assessment Q{asked.number} ({asked.slug}): {text}{text_note}",
            at=now,
            by=by,
            kind="assessment",
        )


def current_answers(session: Session, incident_id: int) -> dict[str, AssessmentAnswer]:
    """The latest answer to each answered question, by slug."""
    statement = (
        select(AssessmentAnswer)
        .where(AssessmentAnswer.incident_id == incident_id)
        .order_by(col(AssessmentAnswer.id))
    )
    return {row.question: row for row in session.exec(statement).all()}


def progress(answers: dict[str, AssessmentAnswer]) -> Progress:
    still_open = tuple(q for q in QUESTIONS if q.slug not in answers)
    return Progress(len(QUESTIONS) - len(still_open), len(QUESTIONS), still_open)


def _as_start_time(text: str, incident: Incident, now: datetime) -> datetime | None:
    """The answer as an impact-start time, if it is one that fits the incident's times."""
    try:
        started = parse_time(text, now, field="started")
        check_times(started, incident.detected_at, incident.resolved_at, now)
    except InvalidInput:
        return None  # words like "about an hour ago" stay an answer only
    return started
