"""The six assessment questions the incident manager asks the team."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from warroom.base.errors import InvalidInput
from warroom.base.limits import quoted


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


def question(ref: str | int) -> Question:
    """By number (1–6) or short name (``impact``, ``seeing``, ``how_many``, …)."""
    text = str(ref).strip().lower().replace("-", "_")
    text = _ALIASES.get(text, text)
    for candidate in QUESTIONS:
        if text in (str(candidate.number), candidate.slug):
            return candidate
    names = ", ".join(f"{q.number}={q.slug}" for q in QUESTIONS)
    raise InvalidInput("question", f"{quoted(str(ref))} is not an assessment question; use {names}")


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


def progress(answered: Collection[str]) -> Progress:
    """How far the assessment is, given the slugs of the questions answered so far."""
    still_open = tuple(q for q in QUESTIONS if q.slug not in answered)
    return Progress(len(QUESTIONS) - len(still_open), len(QUESTIONS), still_open)
