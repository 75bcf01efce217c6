"""Pages as people read them: each with its incident's key, every notice and how each of
the notice's deliveries went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from warroom.process.context import Context
from warroom.process.queries import find_incident
from warroom.store.models import Incident, Page, PageDelivery, PageNotice
from warroom.vocabulary.pages import OPEN


@dataclass(frozen=True)
class NoticeView:
    notice: PageNotice
    deliveries: tuple[PageDelivery, ...]


@dataclass(frozen=True)
class PageView:
    page: Page
    key: str
    notices: tuple[NoticeView, ...]

    @property
    def is_open(self) -> bool:
        return self.page.state in OPEN

    @property
    def failed(self) -> tuple[PageDelivery, ...]:
        return tuple(d for n in self.notices for d in n.deliveries if d.status == "failed")

    @property
    def latest(self) -> tuple[NoticeView, ...]:
        """The notices of the step the page stands at: whom it is waiting on now."""
        return tuple(n for n in self.notices if n.notice.step == self.page.step)

    def age(self, now: datetime) -> float:
        """Seconds since it was paged."""
        return (now - self.page.paged_at).total_seconds()


def list_pages(ctx: Context, key: str | None = None, *, open_only: bool = False) -> list[PageView]:
    """Every page (of ``key``'s incident), newest first; ``open_only``: those still waiting
    for an answer (triggered, or flagged unanswered)."""
    with ctx.store.read() as session:
        chosen = select(Page.id)
        if key is not None:
            chosen = chosen.where(Page.incident_id == find_incident(session, key).id)
        if open_only:
            chosen = chosen.where(col(Page.state).in_([s.value for s in OPEN]))
        ids = chosen.subquery()
        pages = session.exec(
            select(Page, Incident.key)
            .join(Incident, col(Incident.id) == col(Page.incident_id))
            .where(col(Page.id).in_(select(ids.c.id)))
            .order_by(col(Page.id).desc())
        ).all()
        notices = session.exec(
            select(PageNotice)
            .where(col(PageNotice.page_id).in_(select(ids.c.id)))
            .order_by(col(PageNotice.id))
        ).all()
        deliveries = session.exec(
            select(PageDelivery)
            .join(PageNotice, col(PageNotice.id) == col(PageDelivery.notice_id))
            .where(col(PageNotice.page_id).in_(select(ids.c.id)))
            .order_by(col(PageDelivery.id))
        ).all()
    by_notice: dict[int, list[PageDelivery]] = {}
    for delivery in deliveries:
        by_notice.setdefault(delivery.notice_id, []).append(delivery)
    by_page: dict[int, list[NoticeView]] = {}
    for notice in notices:
        view = NoticeView(notice, tuple(by_notice.get(notice.id or 0, ())))
        by_page.setdefault(notice.page_id, []).append(view)
    return [PageView(page, key, tuple(by_page.get(page.id or 0, ()))) for page, key in pages]
