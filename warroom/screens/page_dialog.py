"""The page dialog (``p``): the team to page, and before paging, whom that reaches — who the
team has on call now on each layer of its schedule, who is next and when — and how the
team's escalation policy goes on if nobody answers. It follows the team chosen."""

from __future__ import annotations

from textual import on
from textual.widgets import Select

from warroom.comms import paging
from warroom.comms.paging import Paged
from warroom.config.oncall import on_call, person_on_call
from warroom.process.context import Context
from warroom.process.read import IncidentDetail
from warroom.reports.oncall import team_on_call
from warroom.reports.policy import policy_lines
from warroom.screens.form import FieldSpec, FormScreen, Values
from warroom.screens.form import text_of as _text
from warroom.widgets.literal import Literal


class PageForm(FormScreen):
    """A form whose team field is followed by that team's on-call and escalation policy."""

    def __init__(self, ctx: Context, user: str, detail: IncidentDetail) -> None:
        key = detail.incident.key
        now = ctx.clock.now()
        teams = [
            (f"{t.name} (on call: {person_on_call(t, now)})", t.name) for t in ctx.catalog.teams
        ]
        # The handbook pages the team that owns the faulty service first.
        service = ctx.catalog.service(detail.incident.service)
        owner = service.team if service else ""

        def submit(values: Values) -> Paged:
            return paging.page(
                ctx,
                key,
                _text(values, "team"),
                reason=_text(values, "reason"),
                by=user,
                person=_text(values, "person") or None,
            )

        super().__init__(
            f"Page a team for {key}",
            [
                FieldSpec("team", "Team", "select", teams, owner),
                FieldSpec("person", "Person (empty: whoever is on call)"),
                FieldSpec("reason", "Reason — what you need from them"),
            ],
            submit,
            intro="The page carries the key, severity and summary.",
            submit_label="Page",
        )
        self.ctx = ctx

    def on_mount(self) -> None:
        # Right under the team's field, so it is read before the rest is filled in.
        info = Literal("", id="page-team-info")
        self.query_one("#dialog-body").mount(info, after="#error-team")
        self._show_team()

    @on(Select.Changed, "#field-team")
    def _show_team(self) -> None:
        info = self.query_one("#page-team-info", Literal)
        chosen = _text(self.values(), "team")
        team = self.ctx.catalog.team(chosen) if chosen else None
        if team is None:
            info.update("Choose a team: who it has on call and its escalation policy show here.")
            return
        now = self.ctx.clock.now()
        lines = ["On call now:", *team_on_call(on_call(team, now))]
        lines += ["", *policy_lines(self.ctx.catalog, self.ctx.catalog.policy_for(team), now)]
        info.update("\n".join(lines))
