"""The handbook's two timing metrics."""

from __future__ import annotations

from datetime import timedelta

from warroom.store.models import Incident


def time_to_detect(incident: Incident) -> timedelta | None:
    """TTD = detected − impact started."""
    if incident.impact_started_at is None:
        return None
    return incident.detected_at - incident.impact_started_at


def time_to_recover(incident: Incident) -> timedelta | None:
    """TTR = impact ended − impact started."""
    if incident.impact_started_at is None or incident.resolved_at is None:
        return None
    return incident.resolved_at - incident.impact_started_at
