"""The store: built once with bulk inserts, cached, checked through the app's read models,
and copied fresh for each run."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.data import BUILD_FORMAT, generate
from bench.plan import Plan
from bench.report import ms, report


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
    from warroom.store.open import open_store

    started = time.perf_counter()
    _remove_store(path)
    store = open_store(path)  # schema and migrations, exactly as the app creates a store
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
                {"entry_id": row["id"]}
                if row["_event"] == "note"
                else json.loads(row["fact_values"]),
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


def working_copy(source: Path, folder: Path, name: str = "work.db") -> Path:
    """A fresh copy per run: the notes this benchmark writes never reach the cached store."""
    target = folder / name
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


def store_path(requested: Path | None, plan: Plan) -> Path:
    """Where the store lives: as asked, or in a cache folder, named for the plan's size."""
    cache_dir = Path(tempfile.gettempdir()) / "warroom-bench"
    cache_dir.mkdir(exist_ok=True)
    store = requested or cache_dir / f"store-{plan.incidents}-{plan.entries}.db"
    return store.expanduser().resolve()


def built_here(path: Path) -> bool:
    """Whether this benchmark may (re)build at ``path``: nothing there, or a store it built,
    which it marks with the ``.json`` beside it."""
    return not path.exists() or Path(f"{path}.json").exists()


def build_or_reuse(path: Path, plan: Plan, rebuild: bool) -> None:
    info = None if rebuild else cached_info(path, plan)
    if info is None:
        info = build_store(path, plan)
        report(
            "store build (bulk insert)",
            f"{info['build_seconds']:.1f} s for {info['incidents']:,} incidents, "
            f"{info['entries']:,} entries, {info['events']:,} events -> {path}",
        )
    else:
        report(
            "store build",
            f"cached at {path} (built {info['built_at']} in {info['build_seconds']:.1f} s)",
        )
