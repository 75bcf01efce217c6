"""The pages the handbook proposes for a major incident (``reports.proposed_pages``), on a
small form: each team, whom it reaches now, and a reason written for them to change. Enter
pages them all; Esc skips. A page refused (a duplicate, say) is reported and the others
still go."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from warroom.base.errors import WarroomError
from warroom.comms import paging
from warroom.comms.paging import Paged
from warroom.process.context import Context
from warroom.reports.proposed_pages import ProposedPage
from warroom.screens.form import FieldSpec, FormScreen, Values, text_of


@dataclass(frozen=True)
class NotPaged:
    team: str
    why: str


def proposals_form(
    ctx: Context, user: str, key: str, proposed: Sequence[ProposedPage], *, page_key: str
) -> FormScreen:
    """The form's result is a list with a ``Paged`` or a ``NotPaged`` per proposal."""

    def submit(values: Values) -> list[Paged | NotPaged]:
        outcomes: list[Paged | NotPaged] = []
        for number, proposal in enumerate(proposed):
            reason = text_of(values, f"reason-{number}")
            try:
                outcomes.append(paging.page(ctx, key, proposal.team, reason=reason, by=user))
            except WarroomError as err:  # one refused: said, and the others still go
                outcomes.append(NotPaged(proposal.team, str(err)))
        return outcomes

    fields = [
        FieldSpec(
            f"reason-{number}",
            f"Page {proposal.team} — on call now: {proposal.on_call}. Reason:",
            value=proposal.reason,
            error_keys=("reason",) if number == 0 else (),
        )
        for number, proposal in enumerate(proposed)
    ]
    teams = " and ".join(proposal.team for proposal in proposed)
    return FormScreen(
        f"Page {teams} for {key}?",
        fields,
        submit,
        intro="The handbook pages these for a major incident; Esc skips them. Change a reason "
        f"if you like; page anyone else later with {page_key}.",
        submit_label="Page all",
    )
