"""What every service call needs: the store, the organisation's catalog and templates,
where messages are delivered, and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from warroom.base.clock import Clock, SystemClock
from warroom.base.locations import outbox_dir
from warroom.comms.delivery import DeliveryConfig
from warroom.comms.templates import Templates, load_templates
from warroom.config.catalog import Catalog, load_catalog
from warroom.store.sqlite import Store


def default_delivery() -> DeliveryConfig:
    return DeliveryConfig(outbox_dir=outbox_dir())


@dataclass
class Context:
    store: Store
    catalog: Catalog
    clock: Clock = field(default_factory=SystemClock)
    templates: Templates = field(default_factory=load_templates)
    delivery: DeliveryConfig = field(default_factory=default_delivery)

    @classmethod
    def open(
        cls,
        db: str | Path,
        catalog: Path | None = None,
        clock: Clock | None = None,
        *,
        templates_dir: Path | None = None,
        delivery: DeliveryConfig | None = None,
    ) -> Context:
        """Load the catalog and templates first: a bad one should not leave a new store behind."""
        loaded = load_catalog(catalog)
        templates = load_templates(templates_dir)
        return cls(
            store=Store.open(db),
            catalog=loaded,
            clock=clock or SystemClock(),
            templates=templates,
            delivery=delivery or default_delivery(),
        )

    def close(self) -> None:
        self.store.close()
