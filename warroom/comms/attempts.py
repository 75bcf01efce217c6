"""How one delivery attempt is kept on its row: a message's (``Delivery``) and a page
notice's (``PageDelivery``) alike."""

from __future__ import annotations

from datetime import datetime

from warroom.comms.delivery.base import Attempt
from warroom.store.models import Delivery, PageDelivery


def record_attempt(row: Delivery | PageDelivery, attempt: Attempt, now: datetime) -> None:
    """One more attempt, its outcome and its one-line answer, on ``row``."""
    row.attempts += 1
    row.status = "delivered" if attempt.ok else "failed"
    row.detail = attempt.detail
    row.last_attempt_at = now
