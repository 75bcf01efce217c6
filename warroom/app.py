"""The Textual application: builds the console on a Context. Kept small on purpose:
screens own their layout, widgets own their behaviour."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from warroom.base.clock import Clock
from warroom.config.delivery import DeliverySettings
from warroom.config.settings import Settings
from warroom.process.context import Context
from warroom.screens.console import ConsoleScreen


class WarroomApp(App[None]):
    CSS_PATH = "warroom.tcss"
    TITLE = "warroom"

    def __init__(self, ctx: Context, user: str, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.user = user
        self.cursor_blink = cursor_blink
        self._quit_armed = False

    def on_mount(self) -> None:
        self.console_screen = ConsoleScreen(self.ctx, self.user)
        self.push_screen(self.console_screen)

    async def action_quit(self) -> None:
        """Quitting with a half-typed note or an unsent draft takes a second ctrl+q."""
        unsaved = self.console_screen.unsaved_work()
        if unsaved and not self._quit_armed:
            self._quit_armed = True
            self.notify(
                f"Not saved: {', '.join(unsaved)}. Press ctrl+q again to quit anyway.",
                severity="warning",
                timeout=8,
            )
            self.set_timer(8, self._disarm_quit)
            return
        self.exit()

    def _disarm_quit(self) -> None:
        self._quit_armed = False


def make_app(
    db: str | Path,
    *,
    user: str,
    clock: Clock | None = None,
    catalog: Path | None = None,
    templates_dir: Path | None = None,
    delivery: DeliverySettings | None = None,
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
        delivery=settings.delivery(),
    )
    try:
        app.run()
    finally:
        app.ctx.close()
    return 0
