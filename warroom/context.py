"""What every service call needs: the store, the organisation's catalog and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from warroom.catalog import Catalog, load_catalog
from warroom.clock import Clock, SystemClock
from warroom.store import Store


@dataclass
class Context:
    store: Store
    catalog: Catalog
    clock: Clock = field(default_factory=SystemClock)

    @classmethod
    def open(
        cls, db: str | Path, catalog: Path | None = None, clock: Clock | None = None
    ) -> Context:
        """Load the catalog first: a bad catalog should not leave a new store behind."""
        loaded = load_catalog(catalog)
        return cls(store=Store.open(db), catalog=loaded, clock=clock or SystemClock())

    def close(self) -> None:
        self.store.close()
