"""2. Time to first painted screen: a bare Textual app (Header + Footer) against the warroom
console on the built store, each run a fresh child process; with probes saying where the
console's time goes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.child import child_command
from bench.hooks import FrameClock
from bench.plan import SIZE, USER
from bench.report import median, ms, report, runs_text


def bare_app_class() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Footer()

    return BareApp


def footer_ready(screen: Any) -> bool:
    from textual.widgets import Footer

    footers = screen.query(Footer)
    return bool(footers) and bool(footers.first().children)


def child_first_paint(kind: str, db: str) -> None:
    """One measurement, in a fresh process so no run warms the next (imports are done first
    and timed separately: they are the same cost in every run of either app).

    Both apps run the same way: ``run_test(headless=True, size=(160, 50))``; the clock starts
    just before the app object is constructed (for warroom ``make_app``, which also opens the
    store and loads the catalog) and stops at the first frame rendered once the screen is
    complete. Complete means, for both, that Header and Footer are there with the footer's key
    bindings composed; for warroom also that the board was applied: the incident list has its
    rows, the header shows the focused incident, the timeline has its lines.
    """
    t_import = time.perf_counter()
    if kind == "bare":
        app_class = bare_app_class()

        def make() -> Any:
            return app_class()

        def ready_for(app: Any) -> Callable[[], bool]:
            return lambda: footer_ready(app.screen)
    else:
        from warroom.app import make_app
        from warroom.screens.console import ConsoleScreen
        from warroom.widgets.incident_header import IncidentHeader
        from warroom.widgets.incident_list import IncidentList
        from warroom.widgets.timeline import TimelineLog

        def make() -> Any:
            return make_app(db, user=USER)

        def ready_for(app: Any) -> Callable[[], bool]:
            def ready() -> bool:
                screen = app.screen
                if not isinstance(screen, ConsoleScreen) or screen.board is None:
                    return False
                detail = screen.board.detail
                header = screen.query_one(IncidentHeader).content
                return (
                    detail is not None
                    and bool(screen.query_one(IncidentList).rows)
                    and detail.incident.key in getattr(header, "plain", str(header))
                    and bool(screen.query_one(TimelineLog).lines)
                    and footer_ready(screen)
                )

            return ready

    import_seconds = time.perf_counter() - t_import
    probes = Probes() if kind != "bare" else None

    async def measure() -> dict[str, Any]:
        started = time.perf_counter()
        app = make()
        made = time.perf_counter() - started
        frames = FrameClock(app, ready_for(app))
        async with app.run_test(headless=True, size=SIZE):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(frames.event.wait(), 60)
            if probes is not None:
                await asyncio.sleep(1.0)  # what the console still does right after
        ready = frames.first_ready
        result: dict[str, Any] = {
            "seconds": None if ready is None else ready - started,
            "frames": frames.frames,
            "import_seconds": import_seconds,
            "make_seconds": made,
        }
        if probes is not None:
            app.ctx.close()
            result.update(probes.split(ready if ready is not None else float("inf")))
        return result

    print(json.dumps(asyncio.run(measure())), flush=True)


class Probes:
    """First-paint breakdown for warroom (child process only; observes, changes nothing):
    each ``load_board`` call and each ``TimelineLog.show`` call, with start and end times."""

    def __init__(self) -> None:
        import warroom.screens.console_view as console_module
        from warroom.widgets.timeline import TimelineLog

        self.loads: list[tuple[float, float]] = []
        self.shows: list[tuple[float, float, int]] = []
        load_board = console_module.load_board
        show = TimelineLog.show

        def timed_load_board(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return load_board(*args, **kwargs)
            finally:
                self.loads.append((started, time.perf_counter()))

        def timed_show(log: Any, entries: Any) -> None:
            started = time.perf_counter()
            show(log, entries)
            self.shows.append((started, time.perf_counter(), len(entries)))

        console_module.load_board = timed_load_board  # type: ignore[attr-defined]
        TimelineLog.show = timed_show  # type: ignore[method-assign]

    def split(self, ready: float) -> dict[str, Any]:
        return {
            "loads_before": [end - start for start, end in self.loads if start < ready],
            "loads_after": [end - start for start, end in self.loads if start >= ready],
            "shows_before": [(end - s, n) for s, end, n in self.shows if end <= ready and n],
            "shows_after": [(end - s, n) for s, end, n in self.shows if end > ready and n],
        }


def first_paint(db: Path, runs: int) -> None:
    def one(kind: str) -> dict[str, Any]:
        out = subprocess.run(
            child_command("first-paint", "--kind", kind, "--db", str(db)),
            capture_output=True,
            text=True,
            timeout=120,
        )
        try:
            result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            print(f"first paint {kind}: child failed: {out.stderr.strip()[-2000:]}", flush=True)
            return {"seconds": None}
        return result

    one("bare")  # warm-up runs, not counted: byte-code and OS file caches
    one("warroom")
    results: dict[str, list[dict[str, Any]]] = {"bare": [], "warroom": []}
    for _ in range(runs):  # interleaved, so drift in the machine's load hits both alike
        for kind in results:
            results[kind].append(one(kind))
    times = {
        k: [r["seconds"] for r in v if r.get("seconds") is not None] for k, v in results.items()
    }
    imports = {
        k: median([r["import_seconds"] for r in v if "import_seconds" in r])
        for k, v in results.items()
    }
    bare, warroom = median(times["bare"]), median(times["warroom"])
    report(
        "first paint, bare Textual app (Header+Footer), median",
        f"{ms(bare)}  [runs: {runs_text(times['bare'])}]",
    )
    report(
        "first paint, warroom console, median",
        f"{ms(warroom)}  [runs: {runs_text(times['warroom'])}]",
    )
    ratio = warroom / bare if bare else float("nan")
    report("first paint ratio warroom/bare", f"{ratio:.2f}", "<= 1.5", ratio / 1.5)
    report(
        "  (not in the figures above) imports before construction, median",
        f"bare {ms(imports['bare'])}, warroom {ms(imports['warroom'])}",
    )
    failed = {k: runs - len(v) for k, v in times.items() if len(v) < runs}
    if failed:
        report("first paint runs that never completed (60 s timeout)", str(failed))
    runs_w = [r for r in results["warroom"] if r.get("seconds") is not None]
    if not runs_w:
        return

    def med(pick: Callable[[dict[str, Any]], float]) -> float:
        return median([pick(r) for r in runs_w])

    report(
        "  breakdown (warroom, medians): make_app (catalog + store open)",
        ms(med(lambda r: r["make_seconds"])),
    )
    report(
        "  breakdown: load_board calls before the first full frame",
        f"{med(lambda r: len(r['loads_before'])):.0f} "
        f"(max {max(len(r['loads_before']) for r in runs_w)}), "
        f"{ms(med(lambda r: sum(r['loads_before'])))} in worker threads "
        "(contending with the UI thread for the GIL)",
    )
    report(
        "  breakdown: TimelineLog.show() on the UI thread before the first full frame",
        f"{ms(med(lambda r: sum(t for t, _ in r['shows_before'])))} "
        f"({med(lambda r: sum(n for _, n in r['shows_before'])):.0f} entries rendered)",
    )
    report(
        "  breakdown: TimelineLog.show() in the 1 s after it (re-renders)",
        f"{ms(med(lambda r: sum(t for t, _ in r['shows_after'])))} "
        f"({med(lambda r: sum(n for _, n in r['shows_after'])):.0f} entries rendered); "
        f"load_board calls {med(lambda r: len(r['loads_after'])):.0f}",
    )
