"""Four real processes ticking one store at once escalate each page exactly once: the
store decides (a compare-and-set on the page's step under the write lock, and a unique
index on notices), not whichever process is fastest."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from warroom.base.clock import ManualClock
from warroom.comms import paging
from warroom.process.context import Context
from warroom.store.models import PageNotice, TimelineEntry

from .test_concurrency import WORKERS, run_workers
from .test_page_lifecycle import CATALOG, _declare

INCIDENTS = 12
ROUNDS = 4


def test_four_processes_ticking_at_once_escalate_each_page_once(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(CATALOG, encoding="utf-8")
    db = tmp_path / "shared.db"
    # Paged two hours ago: every page is past its first deadline when the workers start.
    ctx = Context.open(db, catalog, ManualClock(datetime.now(UTC) - timedelta(hours=2)))
    alpha, beta = [], []
    for _ in range(INCIDENTS):
        key = _declare(ctx)
        alpha.append(paging.page(ctx, key, "Alpha", reason="r", by="ivy").page.id)
        beta.append(paging.page(ctx, key, "Beta", reason="r", by="ivy").page.id)
    ctx.close()

    results = run_workers(
        db, tmp_path, lambda db, index: ["tick", str(db), str(catalog), str(ROUNDS)]
    )
    for index, (code, _out, errors) in enumerate(results):
        assert code == 0, f"worker {index} failed with exit code {code}:\n{errors}"
    moved = [tuple(m) for _, out, _ in results for m in json.loads(out.strip().splitlines()[-1])]
    assert len(results) == WORKERS
    twice = sorted(page for page, n in Counter(p for p, _ in moved).items() if n > 1)
    assert not twice, f"pages moved on by more than one process: {twice}"
    # Alpha's pages went to level 2; Beta's (one level, no repeat) were flagged unanswered.
    assert sorted(moved, key=str) == sorted(
        [(page, 2) for page in alpha] + [(page, None) for page in beta], key=str
    )

    ctx = Context.open(db, catalog)
    try:
        with ctx.store.read() as session:
            notices = session.exec(select(PageNotice.page_id, PageNotice.step)).all()
            facts = Counter(
                session.exec(select(TimelineEntry.fact).where(TimelineEntry.fact != "")).all()
            )
            total = session.exec(select(func.count()).select_from(PageNotice)).one()
        # Each Alpha page: ann at step 0, then bob and cat at step 1; each Beta page: dan.
        assert Counter(notices) == Counter(
            [(p, 0) for p in alpha + beta] + [(p, 1) for p in alpha for _ in range(2)]
        )
        assert total == 4 * INCIDENTS
        assert facts["page_escalated"] == INCIDENTS
        assert facts["page_unanswered"] == INCIDENTS
    finally:
        ctx.close()
