"""What every service call needs: the store, the organisation's catalog and templates,
where messages are delivered, and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from warroom.base.clock import Clock, SystemClock
from warroom.config.catalog import Catalog, load_catalog
from warroom.config.delivery import DeliverySettings
from warroom.config.templates import Templates, load_templates
from warroom.store.base import Store
from warroom.store.open import open_store

if TYPE_CHECKING:
    from warroom.config.blame_rules import BlameRules


@dataclass
class Context:
    store: Store
    catalog: Catalog
    clock: Clock = field(default_factory=SystemClock)
    templates: Templates = field(default_factory=load_templates)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    # A drill store's: every incident declared is a training one, whatever the form says.
    training_only: bool = False
    blame_rules_file: Path | None = None  # None: the user's own, else the shipped ones
    _blame_rules: BlameRules | None = field(default=None, repr=False)

    def blame_rules(self) -> BlameRules:
        """Read, and its module loaded, when first asked for: most commands never look at a
        postmortem."""
        if self._blame_rules is None:
            from warroom.config.blame_rules import load_blame_rules

            self._blame_rules = load_blame_rules(self.blame_rules_file)
        return self._blame_rules

    @classmethod
    def open(
        cls,
        db: str | Path,
        catalog: Path | None = None,
        clock: Clock | None = None,
        *,
        templates_dir: Path | None = None,
        delivery: DeliverySettings | None = None,
    ) -> Context:
        """Load the catalog and templates first: a bad one should not leave a new store behind."""
        loaded = load_catalog(catalog)
        templates = load_templates(templates_dir)
        return cls(
            store=open_store(db),
            catalog=loaded,
            clock=clock or SystemClock(),
            templates=templates,
            delivery=delivery or DeliverySettings(),
        )

    def close(self) -> None:
        self.store.close()
