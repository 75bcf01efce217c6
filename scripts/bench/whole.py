"""The figures a user meets, each from whole processes in this run, beside its baseline from
the same run: the console's first complete frame against a bare Textual app's; `warroom
note`, `declare` and `list --json` against `python -c pass`; peak memory; and, on the wide
store, the resolved list (ctrl+r) and `list --all --json`. Runs are interleaved pairs, so a
change in the machine's load hits both sides alike; a ratio is the median of the pairs'."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.plan import USER, Plan
from bench.processes import Run, first_frame, isolated_env, timed_process, warroom_command
from bench.report import median, ms, report

FIRST_FRAME_ASK = 2.0  # × the bare app
CLI_ASK = 8.0  # × python -c pass
CONSOLE_PEAK_ASK = 90.0  # MiB
RESOLVED_PEAK_ASK, RESOLVED_SECONDS_ASK = 100.0, 0.2
LIST_ALL_PEAK_ASK = 80.0  # MiB


def _pairs(
    runs: int, base: Callable[[], Run], measured: Callable[[], Run]
) -> tuple[list[Run], list[Run], list[float]]:
    """``runs`` interleaved pairs after one warm-up of each (byte code, the OS's caches)."""
    base(), measured()
    bases, measures, ratios = [], [], []
    for _ in range(runs):
        one, other = base(), measured()
        bases.append(one)
        measures.append(other)
        if one.seconds and other.seconds is not None:
            ratios.append(other.seconds / one.seconds)
    return bases, measures, ratios


def _seconds(runs: list[Run]) -> list[float]:
    return [r.seconds for r in runs if r.seconds is not None]


def _failures(label: str, runs: list[Run]) -> None:
    failed = [r.failure for r in runs if r.seconds is None]
    if failed:
        report(f"  {label}: runs that failed", f"{len(failed)}: {failed[0]}")


def _runs(runs: list[Run]) -> str:
    return ", ".join(f"{s * 1000:.0f}" for s in _seconds(runs)) + " ms"


def whole_processes(db: Path, wide: Path, key: str, plan: Plan) -> None:
    with tempfile.TemporaryDirectory(prefix="warroom-bench-home-") as home:
        env = isolated_env(Path(home))
        _first_frame(db, plan, env)
        _commands(db, key, plan, env)
        _wide(db, wide, plan, env)


def _first_frame(db: Path, plan: Plan, env: dict[str, str]) -> None:
    bare, console, ratios = _pairs(
        plan.paint_runs,
        lambda: first_frame("bare", env),
        lambda: first_frame("warroom", env, db),
    )
    ratio = median(ratios)
    report(
        "console, spawn -> first complete frame, median",
        f"{ms(median(_seconds(console)))}  [runs: {_runs(console)}]",
    )
    report(
        "  baseline: bare Textual app (Header + Footer), spawn -> first complete frame",
        f"{ms(median(_seconds(bare)))}  [runs: {_runs(bare)}]",
    )
    report(
        "console first frame ÷ bare app, median of pairs",
        f"{ratio:.2f}x",
        f"<= {FIRST_FRAME_ASK}x",
        ratio / FIRST_FRAME_ASK,
    )
    peaks = [r.peak_mib for r in console]
    report(
        "console peak RSS (its whole life: start, first frame, half a second after)",
        f"{median(peaks):.1f} MiB (max {max(peaks):.1f}; bare app "
        f"{median([r.peak_mib for r in bare]):.1f} MiB)",
        f"<= {CONSOLE_PEAK_ASK:.0f} MiB",
        median(peaks) / CONSOLE_PEAK_ASK,
    )
    report(
        "  frames the console rendered before its complete one, median",
        f"{median([r.frames - 1 for r in console if r.seconds is not None]):.0f}",
    )
    _failures("first frame (bare)", bare)
    _failures("first frame (console)", console)


def _commands(db: Path, key: str, plan: Plan, env: dict[str, str]) -> None:
    warroom = [*warroom_command(), "--db", str(db), "--user", USER]
    nothing = [sys.executable, "-c", "pass"]
    counter = iter(range(1_000_000))
    commands = {
        "warroom note": lambda: [*warroom, "note", key, f"bench: alert {next(counter)} fired"],
        "warroom declare": lambda: [
            *warroom,
            "declare",
            "--summary",
            f"Bench: alert burst {next(counter)}",
            "--severity",
            "3",
        ],
        "warroom list --json": lambda: [*warroom, "list", "--json"],
    }
    for label, command in commands.items():
        base, runs, ratios = _pairs(
            plan.cli_runs,
            lambda: timed_process(nothing, env),
            lambda command=command: timed_process(command(), env),  # type: ignore[misc]
        )
        ratio = median(ratios)
        report(
            f"{label}, whole process ÷ python -c pass, median of pairs",
            f"{ratio:.1f}x ({ms(median(_seconds(runs)))} vs {ms(median(_seconds(base)))}; "
            f"peak {median([r.peak_mib for r in runs]):.1f} MiB)",
            f"<= {CLI_ASK:.0f}x",
            ratio / CLI_ASK,
        )
        _failures(label, runs)


def _wide(db: Path, wide: Path, plan: Plan, env: dict[str, str]) -> None:
    size = f"{plan.wide_incidents:,} incidents"
    runs = plan.wide_runs
    first_frame("resolved", env, wide)  # warm-up
    shown = [first_frame("resolved", env, wide) for _ in range(runs)]
    seconds = median(_seconds(shown))
    peaks = [r.peak_mib for r in shown]
    report(
        f"resolved list (ctrl+r) at {size}: key -> first frame listing them, median of {runs}",
        f"{ms(seconds)}  [runs: {_runs(shown)}]",
        f"<= {RESOLVED_SECONDS_ASK * 1000:.0f} ms",
        seconds / RESOLVED_SECONDS_ASK,
    )
    report(
        f"resolved list (ctrl+r) at {size}: console peak RSS, median of {runs}",
        f"{median(peaks):.1f} MiB (max {max(peaks):.1f})",
        f"<= {RESOLVED_PEAK_ASK:.0f} MiB",
        median(peaks) / RESOLVED_PEAK_ASK,
    )
    _failures("resolved list", shown)
    listing = {}
    for label, store in (("main", db), ("wide", wide)):
        command = [*warroom_command(), "--db", str(store), "list", "--all", "--json"]
        timed_process(command, env)  # warm-up
        listing[label] = [timed_process(command, env) for _ in range(runs)]
        _failures(f"list --all --json ({label})", listing[label])
    small = plan.incidents
    times = {k: median(_seconds(v)) for k, v in listing.items()}
    peaks_by = {k: median([r.peak_mib for r in v]) for k, v in listing.items()}
    report(
        f"warroom list --all --json at {size}, whole process, median of {runs}",
        f"{times['wide']:.2f} s, peak {peaks_by['wide']:.1f} MiB",
        f"<= {LIST_ALL_PEAK_ASK:.0f} MiB",
        peaks_by["wide"] / LIST_ALL_PEAK_ASK,
    )
    growth = plan.wide_incidents / small
    report(
        f"  baseline: the same at {small:,} incidents",
        f"{times['main']:.2f} s, peak {peaks_by['main']:.1f} MiB; {growth:.0f}x the incidents "
        f"took {times['wide'] / times['main']:.1f}x the time (linear: {growth:.0f}x) and "
        f"{peaks_by['wide'] / peaks_by['main']:.2f}x the memory (flat: 1x)",
    )
