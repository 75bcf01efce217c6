"""A metric across incidents: how many have it, how many do not, its median, p90 and max.

Definitions (docs/report.md says the same):

- **median**: the middle value; of an even count, the mean of the two middle values.
- **p90**: nearest rank: the smallest value with at least 90% of the values at or below
  it, i.e. the ``ceil(0.9 × n)``-th smallest. It is always a value that occurred; with
  fewer than ten values it is the maximum.
- **unknown**: incidents (or pages) the metric could not be measured on — a time not
  recorded, an incident not resolved, a page not acknowledged. They are counted here and
  left out of the figures, never taken as zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Distribution:
    count: int  # values measured
    unknown: int  # left out: nothing to measure
    median: timedelta | None  # None when count is 0
    p90: timedelta | None
    max: timedelta | None


def median(values: list[timedelta]) -> timedelta | None:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def nearest_rank(values: list[timedelta], percent: int) -> timedelta | None:
    """The ``percent``-th percentile by nearest rank (``percent`` from 1 to 100)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = math.ceil(percent * len(ordered) / 100)  # integers: no float rounding at 90% of 10
    return ordered[max(rank, 1) - 1]


def distribution(measured: Iterable[timedelta | None]) -> Distribution:
    """``None`` is a value that could not be measured: counted as unknown, left out."""
    items = list(measured)
    values = [value for value in items if value is not None]
    return Distribution(
        count=len(values),
        unknown=len(items) - len(values),
        median=median(values),
        p90=nearest_rank(values, 90),
        max=max(values, default=None),
    )
