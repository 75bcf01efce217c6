"""The assessment checklist: the six questions, answered in place, open ones obvious.

Answers arriving from another console update a question only while nobody is
editing it here, so live refreshes never eat what is being typed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from warroom.base.counts import say_count
from warroom.process.read import IncidentDetail
from warroom.vocabulary.questions import QUESTIONS, progress
from warroom.widgets.answer import AnswerField
from warroom.widgets.literal import Literal
from warroom.widgets.pane import LazyPane

_PLACEHOLDER = "type the answer, or `unknown`; Enter saves"
_PLACEHOLDERS = {
    "support_cases": "a count, e.g. `37 so far`, or `unknown`",
}


class AssessmentChecklist(VerticalScroll, LazyPane):
    help = (
        "Assessment checklist\n\n"
        "The six questions the incident manager asks the team. ✔ marks an answered\n"
        "question, ? one answered `unknown` (a gap to come back to), ○ an open one.\n"
        "Type an answer and press Enter to record it; if nobody knows yet, write\n"
        "`unknown` — an empty answer does not count.\n"
        "Question 5's answer is the support-case count messages report: write it as\n"
        "you would say it (`37 tickets so far`); answer again to update it.\n"
        "Initial comms cannot go out until all six have an answer.\n"
        "Tab / shift+tab move between the questions."
    )

    DEFAULT_CSS = """
    AssessmentChecklist { height: 1fr; }
    AssessmentChecklist #assessment-progress { text-style: bold; padding: 0 1; }
    AssessmentChecklist .question { padding: 0 1; margin-top: 1; }
    AssessmentChecklist AnswerField { margin: 0 1 0 3; }
    AssessmentChecklist .question.open { color: $warning; text-style: bold; }
    AssessmentChecklist .question.answered { color: $success; }
    """

    class Answered(Message):
        def __init__(self, question: str, answer: str) -> None:
            super().__init__()
            self.question = question
            self.answer = answer

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._synced: dict[str, str] = {}
        self._key: str | None = None

    def compose(self) -> ComposeResult:
        yield Literal("", id="assessment-progress")
        for question in QUESTIONS:
            yield Literal("", id=f"q-{question.slug}", classes="question open")
            yield AnswerField(
                placeholder=_PLACEHOLDERS.get(question.slug, _PLACEHOLDER),
                id=f"answer-{question.slug}",
            )

    def show(self, detail: IncidentDetail | None) -> None:
        key = detail.incident.key if detail else None
        switched = key != self._key
        self._key = key
        answers = detail.answers if detail else {}
        done = progress(answers)
        still_open = ", ".join(str(q.number) for q in done.open_questions)
        summary = f"Assessment {done}" + (f" — open: {still_open}" if still_open else " — complete")
        self.query_one("#assessment-progress", Static).update(summary if detail else "")
        for question in QUESTIONS:
            given = answers.get(question.slug)
            label = self.query_one(f"#q-{question.slug}", Static)
            unknown = given is not None and given.answer.strip().lower() == "unknown"
            mark = "?" if unknown else "✔" if given else "○"
            count = ""
            if question.slug == "support_cases" and given and detail:
                # Say which number was read, so "lots" visibly leaves it unknown.
                count = f"  (count: {say_count(detail.incident.support_cases)})"
            label.update(f"{mark} {question.number}. {question.text}{count}")
            label.set_class(given is None, "open")
            label.set_class(given is not None, "answered")
            field = self.query_one(f"#answer-{question.slug}", AnswerField)
            stored = given.answer if given else ""
            untouched = field.value == self._synced.get(question.slug, "")
            if switched or (untouched and not field.has_focus):
                field.value = stored
                self._synced[question.slug] = stored

    def on_answer_field_submitted(self, event: AnswerField.Submitted) -> None:
        event.stop()
        slug = (event.field.id or "").removeprefix("answer-")
        if event.value != self._synced.get(slug, ""):
            self.post_message(self.Answered(slug, event.value))
        # Move on to the next question, as the IM goes round the table; after the
        # last one, leave the checklist so the next keys are not typed into an answer.
        slugs = [q.slug for q in QUESTIONS]
        following = slugs[slugs.index(slug) + 1 :] if slug in slugs else []
        if following:
            self.query_one(f"#answer-{following[0]}", AnswerField).focus()
        else:
            self.screen.set_focus(None)

    def focus_first_open(self) -> None:
        open_answers = [a for a in self.query(AnswerField) if not a.value.strip()]
        (open_answers[0] if open_answers else self).focus()

    def answer_saved(self, slug: str, answer: str) -> None:
        self._synced[slug] = answer
