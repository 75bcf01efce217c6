"""Printing the figures: one a line, with its target and the ratio to it; medians and p90."""

from __future__ import annotations

import statistics


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p90(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def report(label: str, value: str, target: str = "", ratio: float | None = None) -> None:
    line = f"{label}: {value}"
    if target:
        line += f"  (target {target}"
        line += f"; {ratio:.2f}x target)" if ratio is not None else ")"
    print(line, flush=True)


def runs_text(values: list[float]) -> str:
    return ", ".join(f"{v * 1000:.0f}" for v in values) + " ms"
