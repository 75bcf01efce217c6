"""Escalation without a daemon: each tick moves every page past its deadline one step on.

Any console ticks while it runs, and ``warroom tick`` does the same once, for cron or a
systemd timer when no console is open. However many tick at once, each page moves on
once: the step is moved by compare-and-set under the write lock (``step`` must still be
what this tick saw), and the unique (page, step, person) index on notices refuses a
second notice of one step even if that ever failed. The store decides, not a race.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from warroom.comms.delivery.base import Attempt
from warroom.comms.page_notices import Notified, deliver_pending, notify, retry_failed
from warroom.config.escalation import EscalationStep, escalation_step
from warroom.config.policies import EscalationPolicy
from warroom.process.context import Context
from warroom.process.records import system_entry
from warroom.store.models import Incident, Page
from warroom.vocabulary.facts import Fact
from warroom.vocabulary.pages import ESCALATION_AUTHOR, PageState


@dataclass(frozen=True)
class Escalated:
    """A page that moved on: to ``step``, or (``step`` None) to unanswered."""

    page_id: int
    incident_key: str
    team: str
    step: EscalationStep | None
    notified: Notified | None


@dataclass
class Ticked:
    """What one tick did."""

    escalated: list[Escalated] = field(default_factory=list)
    retried: list[tuple[str, Attempt]] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.escalated or self.retried)


def tick(ctx: Context) -> Ticked:
    """Escalate every page past its deadline, then retry failed deliveries."""
    now = ctx.clock.now()
    with ctx.store.read() as session:
        due = session.exec(
            select(Page.id, Page.step)
            .where(Page.state == PageState.TRIGGERED.value)
            .where(col(Page.due_at) <= now)
            .order_by(col(Page.due_at), col(Page.id))
        ).all()
    ticked = Ticked()
    for page_id, step in due:
        assert page_id is not None
        moved = _escalate(ctx, page_id, step, now)
        if moved is not None:
            ticked.escalated.append(moved)
    ticked.retried = retry_failed(ctx)
    return ticked


class _AlreadyMoved(Exception):
    """Another tick moved this page first: roll back, nothing to say."""


def _escalate(ctx: Context, page_id: int, seen_step: int, now: datetime) -> Escalated | None:
    try:
        with ctx.store.write() as session:
            page = session.get(Page, page_id)
            assert page is not None
            incident = session.get(Incident, page.incident_id)
            assert incident is not None
            policy = _policy_of(ctx, page)
            waited = following = None
            if policy is not None:
                waited = escalation_step(ctx.catalog, policy, seen_step, now)
                following = escalation_step(ctx.catalog, policy, seen_step + 1, now)
            moved = session.execute(
                update(Page)
                .where(col(Page.id) == page_id, col(Page.step) == seen_step)
                .where(col(Page.state) == PageState.TRIGGERED.value)
                .where(col(Page.due_at) <= now)
                .values(**_next_state(following, seen_step, now))
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]
                raise _AlreadyMoved
            session.refresh(page)
            if following is None:
                _flag_unanswered(session, incident, page, policy, now)
                return Escalated(page_id, incident.key, page.team, None, None)
            minutes = round(waited.timeout.total_seconds() / 60) if waited else 0
            system_entry(
                session,
                incident,
                Fact.PAGE_ESCALATED,
                at=now,
                by=ESCALATION_AUTHOR,
                page=page_id,
                team=page.team,
                level=following.level,
                round=following.round,
                people=list(following.people),
                waited=minutes,
            )
            pending = notify(ctx, session, incident, page, following, following.people, now)
            key, team = incident.key, page.team
    except _AlreadyMoved:
        return None
    return Escalated(page_id, key, team, following, deliver_pending(ctx, pending))


def _next_state(
    following: EscalationStep | None, seen_step: int, now: datetime
) -> dict[str, object]:
    if following is None:
        return {"state": PageState.UNANSWERED.value, "due_at": None, "closed_at": now}
    return {"step": seen_step + 1, "due_at": now + following.timeout}


def _flag_unanswered(
    session: Session, incident: Incident, page: Page, policy: EscalationPolicy | None, now: datetime
) -> None:
    system_entry(
        session,
        incident,
        Fact.PAGE_UNANSWERED,
        at=now,
        by=ESCALATION_AUTHOR,
        page=page.id,
        team=page.team,
        levels=len(policy.levels) if policy else 0,
        rounds=policy.repeat + 1 if policy else 0,
    )


def _policy_of(ctx: Context, page: Page) -> EscalationPolicy | None:
    """The policy the page set out on; if the catalog has lost it since, the team's now;
    None when the team is gone too: nobody is left to escalate to, so it is flagged."""
    named = ctx.catalog.policy(page.policy) if page.policy else None
    if named is not None:
        return named
    team = ctx.catalog.team(page.team)
    return None if team is None else ctx.catalog.policy_for(team)
