"""The theories of the review loop, each with what became of it; one key says which
(confirmed, ruled out, or still open) for the highlighted theory."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from warroom.base.text import one_line
from warroom.reports.postmortem import TheoryLine
from warroom.vocabulary.postmortem import Verdict
from warroom.widgets.after_keys import TheoryKeys


class TheoryList(OptionList):
    help = (
        "Theories: each one the team had during the incident, the experiments that followed "
        "it, and what became of it. Say whether it was confirmed or ruled out, or leave it "
        "open; the postmortem's review loop shows it."
    )
    BINDINGS = TheoryKeys.BINDINGS

    class Said(Message):
        def __init__(self, theory_id: int, verdict: Verdict) -> None:
            super().__init__()
            self.theory_id = theory_id
            self.verdict = verdict

    def show(self, theories: list[TheoryLine]) -> None:
        highlighted = self.highlighted
        self.clear_options()
        for line in theories:
            tested = f" · {len(line.experiments)} experiment(s)" if line.experiments else ""
            label = f"[{line.outcome.value}] {one_line(line.theory.text)}{tested}"
            self.add_option(Option(Content(label), id=str(line.theory.id)))  # text, never markup
        if theories:
            self.highlighted = min(highlighted or 0, len(theories) - 1)

    def action_say(self, verdict: str) -> None:
        if self.highlighted is None or self.option_count == 0:
            return
        option = self.get_option_at_index(self.highlighted)
        assert option.id is not None
        self.post_message(self.Said(int(option.id), Verdict(verdict)))
