"""The Textual application: builds the console on a Context. Kept small on purpose:
screens own their layout, widgets own their behaviour."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from warroom.clock import Clock
from warroom.config import Settings
from warroom.context import Context
from warroom.delivery import DeliveryConfig
from warroom.screens.console import ConsoleScreen


class WarroomApp(App[None]):
    CSS_PATH = "warroom.tcss"
    TITLE = "warroom"

    def __init__(self, ctx: Context, user: str, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.user = user
        self.cursor_blink = cursor_blink

    def on_mount(self) -> None:
        self.push_screen(ConsoleScreen(self.ctx, self.user))


def make_app(
    db: str | Path,
    *,
    user: str,
    clock: Clock | None = None,
    catalog: Path | None = None,
    templates_dir: Path | None = None,
    delivery: DeliveryConfig | None = None,
    cursor_blink: bool = True,
) -> WarroomApp:
    """The one way to build the app: used by the command line and the benchmark."""
    ctx = Context.open(db, catalog, clock, templates_dir=templates_dir, delivery=delivery)
    return WarroomApp(ctx, user, cursor_blink=cursor_blink)


def run_console(settings: Settings) -> int:
    app = make_app(
        settings.db_target(),
        user=settings.user_name(),
        catalog=settings.catalog_path(),
        templates_dir=settings.templates_dir(),
        delivery=settings.delivery_config(),
    )
    try:
        app.run()
    finally:
        app.ctx.close()
    return 0
