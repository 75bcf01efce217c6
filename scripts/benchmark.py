"""The project's benchmark: the DESIGN.md targets, measured in one run.

    .venv/bin/python scripts/benchmark.py            # full: 10,000 incidents, 100,000 entries
    .venv/bin/python scripts/benchmark.py --quick    # smoke: 1,000 incidents, 10,000 entries
    .venv/bin/python scripts/benchmark.py --store /tmp/big.db   # where to keep the built store

Prints plain text, one figure a line, each with its target and the ratio to it. It asserts
nothing and exits 0: it reports, the reader judges.

What it does:

1. Builds (once, then reuses) a real warroom store: ``Store.open`` applies the schema, then
   SQLAlchemy Core bulk inserts fill the tables with plausible rows (keys HOT-1..HOT-N, ~30
   open incidents across the severities, the rest resolved, two incidents with thousands of
   timeline entries, one event per timeline entry as the services would write). Each run works
   on a fresh copy, so the notes the benchmark adds never pile up in the cached store.
2. Time to first painted screen, bare Textual app (Header + Footer) against WarroomApp on that
   store. Each run is a fresh child process (imports done, and timed, before the clock starts);
   both apps run under ``run_test(headless=True, size=(160, 50))``; the clock runs from just
   before the app is constructed to the first frame Textual renders once the screen is
   complete (see ``child_first_paint``). Warm-up run of each first, then interleaved runs.
3. Enter → visible: in a running console (pilot) focused on the open incident with the most
   entries, type a note in ``#entry``, then time Enter → the note's text is in
   ``TimelineLog.lines`` (and → the next frame).
4. Cross-process: a child process adds notes through ``timeline.add_note`` and prints
   ``time.time()`` right after each commit; the console's side stamps ``time.time()`` when the
   text is in ``TimelineLog.lines``.

Timestamps come from observe-only wrappers (``app._display``, ``TimelineLog.show``), so no
polling loop competes with the app for the GIL. Diagnostic lines (indented) say where time goes.

Internal: ``--child first-paint|writer`` runs one measurement in a child process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SIZE = (160, 50)
BUILD_FORMAT = 1  # bump when the generated data changes, so cached stores are rebuilt
USER = "bench-im"


@dataclass(frozen=True)
class Plan:
    incidents: int
    entries: int
    paint_runs: int
    enter_runs: int
    cross_runs: int

    @property
    def open_incidents(self) -> int:
        return min(30, max(self.incidents // 10, 6))

    @property
    def heavy_open(self) -> int:  # the live incident: more entries than the console's window
        return self.entries * 6 // 100

    @property
    def heavy_resolved(self) -> int:
        return self.entries * 3 // 100


FULL = Plan(incidents=10_000, entries=100_000, paint_runs=5, enter_runs=20, cross_runs=10)
QUICK = Plan(incidents=1_000, entries=10_000, paint_runs=3, enter_runs=8, cross_runs=4)


# -- figures -------------------------------------------------------------------------------


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


# -- building the store --------------------------------------------------------------------

SUMMARIES = (
    "Git push fails for {pct}% of EU customers",
    "Pipelines stuck in queued state on shared runners",
    "Tracker search returns no results for new issues",
    "Wiki pages load slowly (p95 {secs}s)",
    "Chat messages delayed by up to {mins} minutes",
    "Status page updates not published",
    "Login fails with 502 for SSO customers",
    "Elevated error rate on the public API ({pct}%)",
    "Email notifications not delivered",
    "Primary database replica lag over {mins} minutes",
    "CDN serving stale assets in APAC",
    "Billing page times out for enterprise accounts",
)
NOTES = (
    "error rate {pct}% since the {hh}:{mm} deploy",
    "p95 latency back under {secs}s",
    "could be the new connection pool limit",
    "rolling back deploy {n}",
    "restarted {n} runners, queue draining",
    "customer support reports {n} new tickets",
    "decided to fail over to the secondary region",
    "paged the database on-call",
    "graphs show the spike started at {hh}:{mm}",
    "theory: cache stampede after the config push",
    "experiment: disable feature flag search-v2 for 10% of traffic",
    "status page updated, next update in 30 minutes",
    "replica {n} caught up",
    "no change after the restart",
)
PEOPLE_KINDS = ("observation", "theory", "experiment", "decision", "change", "action", "note")


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        pct=rng.randint(2, 90),
        secs=rng.randint(2, 30),
        mins=rng.randint(2, 45),
        hh=f"{rng.randint(0, 23):02d}",
        mm=f"{rng.randint(0, 59):02d}",
        n=rng.randint(100, 999),
    )


@dataclass
class Generated:
    incidents: list[dict[str, Any]] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)  # with an "_event" side record


def generate(plan: Plan, now: datetime, seed: int = 20_251_125) -> Generated:
    """Plausible rows, in the shape the services would have written them."""
    from warroom.config.catalog import load_catalog

    rng = random.Random(seed)
    catalog = load_catalog(None)
    prefix = catalog.key_prefix
    services = list(catalog.service_names)
    products = list(catalog.product_names)
    people = sorted({p for team in catalog.teams for p in team.roster})
    gen = Generated()

    n = plan.incidents
    first_open = n - plan.open_incidents + 1
    heavy_open = first_open  # severity 1, the oldest open one: first in the list, focused
    heavy_resolved = n // 2
    span_start = now - timedelta(days=3 * 365)
    resolved_span = (now - timedelta(days=4)) - span_start
    open_ages = sorted((rng.uniform(1, 60) for _ in range(plan.open_incidents - 1)), reverse=True)
    open_severities = [1, 2, 3] + [
        rng.choices((1, 2, 3), weights=(15, 35, 50))[0] for _ in range(plan.open_incidents - 4)
    ]
    rng.shuffle(open_severities)

    planned: list[tuple[int, datetime, datetime]] = []  # (incident id, notes from, notes until)
    system_count = 0

    def entry(iid: int, at: datetime, author: str, kind: str, text: str, event: str) -> None:
        gen.entries.append(
            {
                "incident_id": iid,
                "occurred_at": at,
                "recorded_at": at,
                "author": author,
                "kind": kind,
                "text": text,
                "undo": "",
                "edited": False,
                "_event": event,
            }
        )

    for number in range(1, n + 1):
        is_open = number >= first_open
        if number == heavy_open:
            severity, status = 1, "fixing"
            declared = now - timedelta(hours=72)
        elif is_open:
            severity = open_severities[number - first_open - 1]
            status = "new" if rng.random() < 0.3 else "fixing"
            declared = now - timedelta(hours=open_ages[number - first_open - 1])
        else:
            severity = rng.choices((1, 2, 3), weights=(10, 30, 60))[0]
            status = "resolved"
            declared = span_start + resolved_span * (number / n)
            declared += timedelta(minutes=rng.uniform(-30, 30))
        declared = declared.replace(microsecond=0)
        key = f"{prefix}-{number}"
        impact_started = declared - timedelta(minutes=rng.uniform(5, 90))
        detected = declared - timedelta(minutes=rng.uniform(0, 4))
        resolved_at = None
        if status == "resolved":
            resolved_at = declared + timedelta(minutes=rng.lognormvariate(4.2, 0.8))
        service = rng.choice(services)
        affected = rng.sample(products, rng.choice((1, 1, 2)))
        declared_by = rng.choice((*people, "monitoring"))
        gen.incidents.append(
            {
                "id": number,
                "key": key,
                "prefix": prefix,
                "number": number,
                "summary": _fill(rng.choice(SUMMARIES), rng),
                "description": "",
                "severity": severity,
                "status": status,
                "service": service,
                "chat_room": key,
                "video_link": "" if status == "new" else f"https://meet.example/{key.lower()}",
                "status_doc_link": "",
                "impact_started_at": impact_started if status != "new" else None,
                "detected_at": detected,
                "resolved_at": resolved_at,
                "support_cases": rng.randint(0, 40),
                "training": rng.random() < 0.01,
                "declared_by": declared_by,
                "declared_at": declared,
            }
        )
        gen.products += [{"incident_id": number, "product": p} for p in affected]
        entry(
            number,
            declared,
            declared_by,
            "system",
            f"Declared severity {severity}; faulty service {service}; "
            f"products: {', '.join(affected)}",
            "declared",
        )
        system_count += 1
        notes_from = declared
        if status != "new":
            im = rng.choice(people)
            taken = declared + timedelta(minutes=rng.uniform(1, 8))
            gen.roles.append(
                {
                    "incident_id": number,
                    "role": "Incident manager",
                    "person": im,
                    "assumed_at": taken,
                    "relieved_at": None,
                    "assigned_by": im,
                }
            )
            entry(number, taken, im, "system", f"Incident manager: {im}", "role_assigned")
            entry(number, taken, im, "system", "Status: new → fixing", "status")
            system_count += 2
            notes_from = taken
        end = now - timedelta(minutes=2)
        if resolved_at is not None:
            end = resolved_at
            closed = resolved_at + timedelta(minutes=rng.uniform(1, 20))
            entry(
                number,
                closed,
                declared_by,
                "system",
                "Status: fixing → resolved; impact ended " + resolved_at.isoformat("T", "minutes"),
                "status",
            )
            system_count += 1
        planned.append((number, notes_from, end))

    # People's notes: the two heavy incidents get thousands, the rest are spread at random.
    remaining = plan.entries - system_count - plan.heavy_open - plan.heavy_resolved
    counts = dict.fromkeys(range(1, n + 1), 0)
    counts[heavy_open] += plan.heavy_open
    counts[heavy_resolved] += plan.heavy_resolved
    for iid in rng.choices(range(1, n + 1), k=max(remaining, 0)):
        counts[iid] += 1
    for iid, start, end in planned:
        span = max((end - start).total_seconds(), 60.0)
        for _ in range(counts[iid]):
            recorded = start + timedelta(seconds=rng.uniform(0, span))
            occurred = recorded
            if rng.random() < 0.1:  # back-dated by the scribe
                occurred = recorded - timedelta(minutes=rng.uniform(1, 30))
            kind = rng.choice(PEOPLE_KINDS)
            text = _fill(rng.choice(NOTES), rng)
            gen.entries.append(
                {
                    "incident_id": iid,
                    "occurred_at": occurred,
                    "recorded_at": recorded,
                    "author": rng.choice(people),
                    "kind": kind,
                    "text": text,
                    "undo": f"redeploy {rng.randint(100, 999)}"
                    if kind == "change" and rng.random() < 0.5
                    else "",
                    "edited": False,
                    "_event": "note",
                }
            )
    # Ids in the order things were written, as the services would have assigned them.
    gen.entries.sort(key=lambda e: e["recorded_at"])
    for index, row in enumerate(gen.entries, start=1):
        row["id"] = index
    return gen


def _chunks(rows: list[dict[str, Any]], size: int = 5_000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".json"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_store(path: Path, plan: Plan) -> dict[str, Any]:
    from sqlalchemy import insert

    from warroom.store.models import (
        Event,
        Incident,
        IncidentProduct,
        RoleAssignment,
        TimelineEntry,
    )
    from warroom.store.sqlite import Store

    started = time.perf_counter()
    _remove_store(path)
    store = Store.open(path)  # schema and migrations, exactly as the app creates a store
    now = datetime.now(UTC).replace(microsecond=0)
    gen = generate(plan, now)
    entries = [{k: v for k, v in row.items() if k != "_event"} for row in gen.entries]
    events = [
        {
            "at": row["recorded_at"],
            "actor": row["author"],
            "kind": row["_event"],
            "incident_id": row["incident_id"],
            "detail": json.dumps(
                {"entry_id": row["id"]} if row["_event"] == "note" else {"text": row["text"]},
                ensure_ascii=False,
                sort_keys=True,
            ),
        }
        for row in gen.entries
    ]
    tables = (
        (Incident.__table__, gen.incidents),
        (IncidentProduct.__table__, gen.products),
        (RoleAssignment.__table__, gen.roles),
        (TimelineEntry.__table__, entries),
        (Event.__table__, events),
    )
    with store.engine.begin() as conn:
        for table, rows in tables:
            for chunk in _chunks(rows):
                conn.execute(insert(table), chunk)  # type: ignore[arg-type]
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    info = {
        "format": BUILD_FORMAT,
        "incidents": len(gen.incidents),
        "entries": len(entries),
        "events": len(events),
        "roles": len(gen.roles),
        "products": len(gen.products),
        "built_at": now.isoformat(),
        "build_seconds": time.perf_counter() - started,
    }
    Path(f"{path}.json").write_text(json.dumps(info, indent=1))
    return info


def cached_info(path: Path, plan: Plan) -> dict[str, Any] | None:
    meta = Path(f"{path}.json")
    if not path.exists() or not meta.exists():
        return None
    try:
        info: dict[str, Any] = json.loads(meta.read_text())
    except ValueError:
        return None
    wanted = {"format": BUILD_FORMAT, "incidents": plan.incidents, "entries": plan.entries}
    if any(info.get(k) != v for k, v in wanted.items()):
        return None
    return info


def working_copy(source: Path, folder: Path) -> Path:
    """A fresh copy per run: the notes this benchmark writes never reach the cached store."""
    target = folder / "work.db"
    _remove_store(target)
    # SQLite's backup API: a consistent copy even if the source's WAL still holds pages.
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


@dataclass(frozen=True)
class StoreFacts:
    heavy_key: str  # the open incident with the most entries
    heavy_entries: int
    light_key: str  # an open incident with few entries
    light_entries: int
    first_key: str  # what the console focuses on start


def verify_store(path: Path, plan: Plan) -> StoreFacts:
    """Read the built store through the app's own read models, and check the counts."""
    from warroom.process.context import Context
    from warroom.process.read import list_incidents, load_detail

    with sqlite3.connect(path) as db:
        counts = {
            t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("incident", "timeline_entry", "event", "role_assignment", "incident_product")
        }
        per_incident = db.execute(
            "SELECT i.key, count(t.id) FROM incident i JOIN timeline_entry t "
            "ON t.incident_id = i.id WHERE i.status != 'resolved' GROUP BY i.id "
            "ORDER BY count(t.id) DESC"
        ).fetchall()
        version = db.execute("PRAGMA user_version").fetchone()[0]
    ctx = Context.open(path)
    try:
        started = time.perf_counter()
        open_rows = list_incidents(ctx)
        open_seconds = time.perf_counter() - started
        started = time.perf_counter()
        all_rows = list_incidents(ctx, include_resolved=True)
        all_seconds = time.perf_counter() - started
        heavy_key, heavy_entries = per_incident[0]
        light_key, light_entries = per_incident[-1]
        started = time.perf_counter()
        detail = load_detail(ctx, heavy_key)
        detail_seconds = time.perf_counter() - started
        resolved = load_detail(ctx, f"{ctx.catalog.key_prefix}-1")
    finally:
        ctx.close()
    print(
        f"store check: schema v{version}; "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        + f"; list_incidents: {len(open_rows)} open ({ms(open_seconds)}), "
        f"{len(all_rows):,} with resolved ({ms(all_seconds)}); load_detail({heavy_key}): "
        f"{len(detail.timeline):,} entries ({ms(detail_seconds)}); "
        f"{resolved.incident.key} is {resolved.incident.status}",
        flush=True,
    )
    expected = plan.incidents, plan.entries
    if (counts["incident"], counts["timeline_entry"]) != expected:
        print(f"store check: WARNING, expected {expected} incidents/entries", flush=True)
    return StoreFacts(heavy_key, heavy_entries, light_key, light_entries, open_rows[0].key)


# -- hooks on a running app (observe only) -------------------------------------------------


class FrameClock:
    """Timestamps frames: wraps ``app._display``, which Textual calls with each rendered
    compositor update (also when headless, where it just skips the terminal write). A frame
    rendered after a widget changed necessarily contains the change, since rendering and
    message handlers run on the same thread."""

    def __init__(self, app: Any, ready: Callable[[], bool]) -> None:
        self.app = app
        self.ready = ready
        self.first_ready: float | None = None
        self.frames = 0
        self.event = asyncio.Event()
        self.watchers: list[Callable[[], None]] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            self.frames += 1
            if self.first_ready is None and self.ready():
                self.first_ready = time.perf_counter()
                self.event.set()
            for watcher in list(self.watchers):
                watcher()

        app._display = display


class NoteWatch:
    """Timestamps the moment a marker text is in ``TimelineLog.lines``: wraps the log's
    ``show`` (which writes, and so renders, synchronously) and checks its newest lines."""

    def __init__(self, log: Any, frames: FrameClock) -> None:
        self.log = log
        self.marker: str | None = None
        self.in_lines: float | None = None  # perf_counter
        self.in_lines_wall: float | None = None  # time.time, for the cross-process figure
        self.painted: float | None = None
        self.show_seconds: list[float] = []
        self.event = asyncio.Event()
        original = log.show

        def show(entries: Any) -> None:
            started = time.perf_counter()
            original(entries)
            self.show_seconds.append(time.perf_counter() - started)
            self._check()

        log.show = show
        frames.watchers.append(self._frame)

    def arm(self, marker: str) -> None:
        self.marker = marker
        self.in_lines = self.in_lines_wall = self.painted = None
        self.event.clear()

    def visible(self) -> bool:
        marker = self.marker
        return marker is not None and any(marker in strip.text for strip in self.log.lines[-12:])

    def _check(self) -> None:
        if self.marker is not None and self.in_lines is None and self.visible():
            self.in_lines = time.perf_counter()
            self.in_lines_wall = time.time()

    def _frame(self) -> None:
        if self.in_lines is not None and self.painted is None:
            self.painted = time.perf_counter()
            self.event.set()

    async def wait(self, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                await asyncio.wait_for(self.event.wait(), 0.05)
                return True
            except TimeoutError:
                self._check()  # belt and braces: a write that bypassed show()
        return False


# -- 2. first paint (child process) --------------------------------------------------------


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
        import warroom.screens.console as console_module
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
            [sys.executable, __file__, "--child", "first-paint", "--kind", kind, "--db", str(db)],
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


# -- 3 and 4: a running console --------------------------------------------------------------


async def running_console(db: Path, facts: StoreFacts, plan: Plan) -> None:
    from warroom.app import make_app
    from warroom.screens.console import ConsoleScreen
    from warroom.widgets.timeline import TimelineLog

    app = make_app(db, user=USER)
    frames = FrameClock(app, lambda: isinstance(app.screen, ConsoleScreen))
    try:
        async with app.run_test(headless=True, size=SIZE) as pilot:
            screen = await _console_on(app, pilot, facts.heavy_key)
            watch = NoteWatch(screen.query_one(TimelineLog), frames)
            print(
                f"console: {SIZE[0]}x{SIZE[1]}, focused on {facts.heavy_key} "
                f"({facts.heavy_entries:,} entries; the console shows the latest "
                f"{len(screen.board.detail.timeline)})",
                flush=True,
            )
            await enter_to_visible(pilot, screen, watch, plan.enter_runs, "heavy")
            await cross_process(db, facts.heavy_key, watch, plan.cross_runs)
            # Diagnostic: the same Enter measurement on an incident with few entries.
            screen = await _console_on(app, pilot, facts.light_key)
            await enter_to_visible(
                pilot, screen, watch, max(plan.enter_runs // 4, 3), f"light:{facts.light_key}"
            )
            # Diagnostic, last because it may leave load_board threads running: the change
            # feed with resolved incidents listed (ctrl+r), where each board holds every row.
            if await resolved_shown(pilot, screen, plan):
                await cross_process(
                    db,
                    facts.light_key,
                    watch,
                    3,
                    f"{facts.light_key} with resolved incidents shown (ctrl+r)",
                    timeout=5,
                )
    finally:
        app.ctx.close()


async def _console_on(app: Any, pilot: Any, key: str) -> Any:
    from warroom.screens.console import ConsoleScreen

    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        screen = app.screen
        if isinstance(screen, ConsoleScreen) and screen.board is not None:
            detail = screen.board.detail
            if detail is not None and detail.incident.key == key:
                await pilot.pause()
                return screen
            if screen.focused_key != key:
                screen.focused_key = key
                screen.reload()
        await asyncio.sleep(0.02)
    raise RuntimeError(f"the console never showed {key}")


async def enter_to_visible(pilot: Any, screen: Any, watch: NoteWatch, runs: int, tag: str) -> None:
    """Type a note in #entry (not timed), then time Enter → the text is in TimelineLog.lines
    (and → the first frame rendered after that)."""
    entry = screen.query_one("#entry")
    entry.focus()
    await pilot.pause()
    to_lines: list[float] = []
    to_frame: list[float] = []
    shows: list[float] = []
    for i in range(runs):
        # Short, unique text: the pilot types ~10 keys a second (it waits for idle after each).
        marker = f"n{i:02d}x{random.randrange(16**4):04x}"
        await pilot.press(*marker)
        watch.arm(marker)
        before = len(watch.show_seconds)
        started = time.perf_counter()
        await pilot.press("enter")
        if await watch.wait(10) and watch.in_lines is not None:
            to_lines.append(watch.in_lines - started)
            if watch.painted is not None:
                to_frame.append(watch.painted - started)
        shows += watch.show_seconds[before:]
        while entry.value:  # cleared once the note is stored
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.15)  # a scribe's pause between notes
    if tag == "heavy":
        med = median(to_lines)
        report(
            f"Enter -> note in TimelineLog.lines, median of {len(to_lines)}",
            ms(med),
            "< 50 ms",
            med / 0.05,
        )
        report(
            "Enter -> note in TimelineLog.lines, p90",
            ms(p90(to_lines)),
            "< 50 ms",
            p90(to_lines) / 0.05,
        )
        report("Enter -> first frame showing it, median", ms(median(to_frame)))
        report(
            "  TimelineLog.show() per applied board, median",
            f"{ms(median(shows))} (max {ms(max(shows, default=float('nan')))})",
        )
    else:
        report(
            f"  diagnostic: Enter -> visible on {tag.split(':')[1]} (few entries), median of "
            f"{len(to_lines)}",
            f"{ms(median(to_lines))}; show() median {ms(median(shows))}",
        )
    if len(to_lines) < runs:
        report(f"  notes never seen within 10 s ({tag})", str(runs - len(to_lines)))


async def cross_process(
    db: Path, key: str, watch: NoteWatch, runs: int, diagnostic: str = "", timeout: float = 10
) -> None:
    """Another OS process writes a note through the services and prints time.time() right
    after add_note returned (the commit); the console must show it via its change-feed poll."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", "writer", "--db", str(db), "--kind", key],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    latencies: list[float] = []
    try:
        ready = await asyncio.to_thread(child.stdout.readline)
        if ready.strip() != "ready":
            report("cross-process", f"writer failed to start ({ready!r})")
            return
        rng = random.Random(7)
        for i in range(runs):
            await asyncio.sleep(rng.uniform(0.3, 0.8))  # land at different points of the poll
            marker = f"xproc-{i:03d}-{rng.randrange(16**6):06x}"
            watch.arm(marker)
            child.stdin.write(marker + "\n")
            child.stdin.flush()
            committed = float(await asyncio.to_thread(child.stdout.readline))
            if await watch.wait(timeout) and watch.in_lines_wall is not None:
                latencies.append(watch.in_lines_wall - committed)
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    missing = runs - len(latencies)
    if diagnostic:
        seen = f"median {ms(median(latencies))}, max {ms(max(latencies))}" if latencies else ""
        lost = f"{missing} of {runs} never seen within {timeout:.0f} s" if missing else ""
        report(f"  diagnostic: other process commit -> visible, {diagnostic}", seen or lost)
        if seen and lost:
            report(f"  diagnostic: ... {diagnostic}", lost)
        return
    report(
        f"other process commit -> note in TimelineLog.lines, median of {len(latencies)}",
        ms(median(latencies)),
        "< 1 s",
        median(latencies) / 1.0,
    )
    worst = max(latencies, default=float("nan"))
    report("other process commit -> note in TimelineLog.lines, max", ms(worst), "< 1 s", worst)
    if missing:
        report(f"  cross-process notes never seen within {timeout:.0f} s", str(missing))


async def resolved_shown(pilot: Any, screen: Any, plan: Plan) -> bool:
    """ctrl+r: the incident list shows all incidents, resolved ones included."""
    await pilot.press("escape", "ctrl+r")
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        if screen.board is not None and len(screen.board.rows) >= plan.incidents:
            return True
        await asyncio.sleep(0.05)
    report("  diagnostic: ctrl+r did not list the resolved incidents within 30 s", "skipped")
    return False


def child_writer(db: str, key: str) -> None:
    from warroom.process import timeline
    from warroom.process.context import Context

    ctx = Context.open(db)
    print("ready", flush=True)
    for line in sys.stdin:
        timeline.add_note(ctx, key, line.strip(), by="scribe", kind="observation")
        print(f"{time.time():.6f}", flush=True)
    ctx.close()


# -- diagnostics -----------------------------------------------------------------------------


def diagnostics(db: Path, facts: StoreFacts) -> None:
    """Where the console's time goes, outside Textual: the reads behind each board."""
    from warroom.process.context import Context
    from warroom.reports.board import load_board

    ctx = Context.open(db)
    try:
        cases = (
            (f"{facts.heavy_key}, heavy", facts.heavy_key, False),
            (f"{facts.light_key}, light", facts.light_key, False),
            (f"{facts.heavy_key}, include_resolved=True as after ctrl+r", facts.heavy_key, True),
        )
        for label, key, resolved in cases:
            times = []
            for _ in range(5):
                started = time.perf_counter()
                board = load_board(ctx, key, include_resolved=resolved)
                times.append(time.perf_counter() - started)
            report(
                f"  diagnostic: load_board({label}) alone, median of 5",
                f"{ms(median(times))} ({len(board.rows):,} rows)",
            )
    finally:
        ctx.close()


# -- main ------------------------------------------------------------------------------------


def source_fingerprint() -> str:
    """The app's code changes under active development: tie the figures to a code state."""
    import hashlib

    import warroom

    root = Path(warroom.__file__).parent
    digest = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.suffix in (".py", ".tcss"))
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{digest.hexdigest()[:12]} ({len(files)} files under {root})"


def machine_facts() -> None:
    import sqlalchemy
    import textual

    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    print(f"machine: {platform.platform()}; CPUs {cpus} (usable {usable})", flush=True)
    print(
        f"python {platform.python_version()} ({sys.executable}); textual {textual.__version__}; "
        f"sqlalchemy {sqlalchemy.__version__}; sqlite {sqlite3.sqlite_version}",
        flush=True,
    )
    print(f"warroom source fingerprint: {source_fingerprint()}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 incidents, fewer runs")
    parser.add_argument("--store", type=Path, help="where to build (or find) the store")
    parser.add_argument("--rebuild", action="store_true", help="build the store even if cached")
    parser.add_argument("--child", choices=("first-paint", "writer"), help=argparse.SUPPRESS)
    parser.add_argument("--kind", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "first-paint":
        child_first_paint(args.kind, args.db)
        return 0
    if args.child == "writer":
        child_writer(args.db, args.kind)
        return 0

    wall = time.perf_counter()
    plan = QUICK if args.quick else FULL
    machine_facts()
    print(
        f"plan: {'quick' if args.quick else 'full'}: {plan.incidents:,} incidents, "
        f"{plan.entries:,} timeline entries; terminal {SIZE[0]}x{SIZE[1]}",
        flush=True,
    )
    cache_dir = Path(tempfile.gettempdir()) / "warroom-bench"
    cache_dir.mkdir(exist_ok=True)
    store = args.store or cache_dir / f"store-{plan.incidents}-{plan.entries}.db"
    store = store.expanduser().resolve()
    if store.exists() and not Path(f"{store}.json").exists():
        print(f"refusing to overwrite {store}: this benchmark did not build it", flush=True)
        return 2
    info = None if args.rebuild else cached_info(store, plan)
    if info is None:
        info = build_store(store, plan)
        report(
            "store build (bulk insert)",
            f"{info['build_seconds']:.1f} s for {info['incidents']:,} incidents, "
            f"{info['entries']:,} entries, {info['events']:,} events -> {store}",
        )
    else:
        report(
            "store build",
            f"cached at {store} (built {info['built_at']} in {info['build_seconds']:.1f} s)",
        )
    facts = verify_store(store, plan)
    with tempfile.TemporaryDirectory(prefix="warroom-bench-") as folder:
        db = working_copy(store, Path(folder))
        section = time.perf_counter()
        first_paint(db, plan.paint_runs)
        print(f"  (first paint section: {time.perf_counter() - section:.0f} s)", flush=True)
        section = time.perf_counter()
        asyncio.run(running_console(db, facts, plan))
        print(f"  (running console section: {time.perf_counter() - section:.0f} s)", flush=True)
        diagnostics(db, facts)
    print(f"benchmark wall time: {time.perf_counter() - wall:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
