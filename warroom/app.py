"""The Textual application: builds the console on a Context. Kept small on purpose:
screens own their layout, widgets own their behaviour."""

from __future__ import annotations

import codecs
import functools
import gc
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input

from warroom.base import collector
from warroom.base.clock import Clock, SystemClock
from warroom.base.errors import InvalidInput
from warroom.base.locations import log_file
from warroom.base.text import one_line, safe
from warroom.config.delivery import DeliverySettings
from warroom.config.settings import Settings
from warroom.process.context import Context
from warroom.scenarios.drill_join import join_if_drill
from warroom.screens.console import ConsoleScreen
from warroom.screens.drafter import DrafterScreen
from warroom.screens.drill_keys import ReadAloudKeys, ScorecardKeys, TrainerKeys
from warroom.screens.form import FormScreen
from warroom.screens.help import HelpScreen
from warroom.widgets.after_keys import (
    BlameFlagKeys,
    PostmortemKeys,
    ReportKeys,
    SectionEditorKeys,
    TheoryKeys,
)
from warroom.widgets.comms import CommsPane
from warroom.widgets.incident_list import IncidentList
from warroom.widgets.items_table import ItemsPane
from warroom.widgets.keys import is_key, keys_in_effect
from warroom.widgets.pages_table import PagesPane
from warroom.widgets.roles_board import RolesBoard

if TYPE_CHECKING:  # loaded only on a drill store
    from warroom.scenarios.drill_session import DrillSession


class WarroomApp(App[None]):
    CSS_PATH = "warroom.tcss"
    TITLE = "warroom"

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True, tooltip="Quit"),
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            id="palette",
            show=False,
            priority=True,
            tooltip="Open the command palette",
        ),
    ]

    def __init__(
        self,
        ctx: Context,
        user: str,
        *,
        cursor_blink: bool = True,
        keymap: Mapping[str, str] | None = None,
        drill: DrillSession | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.user = user
        self.drill = drill
        self.cursor_blink = cursor_blink
        self.keymap = dict(keymap or {})
        check_keymap(self.keymap)
        self.key_names = _key_names(self.keymap)  # widgets name keys in sentences
        self._quit_armed = False

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        self.push_screen(self.first_screen())

    def first_screen(self) -> Screen[None]:
        self.console_screen = ConsoleScreen(self.ctx, self.user, self.drill)
        return self.console_screen

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's, but always literal (whatever a widget's ``notify`` passes): they quote
        people's words (notes, summaries, names), and those are data, never markup."""
        super().notify(
            safe(message), title=one_line(title), severity=severity, timeout=timeout, markup=False
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's title: the user's name and the store's file name are data."""
        return super().format_title(one_line(title), one_line(sub_title))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(_Palette(id="--command-palette"))

    async def action_quit(self) -> None:
        """Quitting with a half-typed note or an unsent draft takes a second press."""
        unsaved: list[str] = []
        for screen in dict.fromkeys([self.console_screen, *self.screen_stack]):
            said = getattr(screen, "unsaved_work", None)  # the console, the postmortem
            if callable(said):
                unsaved += said()
        if unsaved and not self._quit_armed:
            self._quit_armed = True
            self.notify(
                f"Not saved: {', '.join(unsaved)}. "
                f"Press {self.key_names['quit']} again to quit anyway.",
                severity="warning",
                timeout=8,
            )
            self.set_timer(8, self._disarm_quit)
            return
        self.exit()

    def _disarm_quit(self) -> None:
        self._quit_armed = False


class _Palette(CommandPalette):
    """Textual's palette, with its cursor as still as every other field when asked."""

    def on_mount(self) -> None:
        if not getattr(self.app, "cursor_blink", True):
            for field in self.query(Input):
                field.cursor_blink = False


# Where the console's keys are bound, and which of them are in effect together: the app's
# keys work everywhere, the console's on it, each pane's only while it has focus.
_SCOPES: dict[str, tuple[type[object], ...]] = {
    "console": (WarroomApp, ConsoleScreen),
    "incident list": (WarroomApp, ConsoleScreen, IncidentList),
    "roles board": (WarroomApp, ConsoleScreen, RolesBoard),
    "comms pane": (WarroomApp, ConsoleScreen, CommsPane),
    "pages pane": (WarroomApp, ConsoleScreen, PagesPane),
    "items pane": (WarroomApp, ConsoleScreen, ItemsPane),
    "postmortem editor": (WarroomApp, PostmortemKeys, SectionEditorKeys),
    "postmortem's flags": (WarroomApp, PostmortemKeys, BlameFlagKeys),
    "postmortem's review loop": (WarroomApp, PostmortemKeys, TheoryKeys),
    "report": (WarroomApp, ReportKeys),
    "drafter": (WarroomApp, DrafterScreen),
    "forms": (WarroomApp, FormScreen),
    "help": (WarroomApp, HelpScreen),
    "trainer's console": (WarroomApp, TrainerKeys),
    "scorecard": (WarroomApp, ScorecardKeys),
    "read-aloud view": (WarroomApp, ReadAloudKeys),
}


def _bindings(classes: tuple[type[object], ...]) -> list[BindingType]:
    return [binding for cls in classes for binding in getattr(cls, "BINDINGS", [])]


def check_keymap(keymap: Mapping[str, str]) -> None:
    """Refuse, in one line, a keymap naming no known command or binding one key twice."""
    known = {k.id for classes in _SCOPES.values() for k in keys_in_effect(_bindings(classes), {})}
    for binding_id, wanted in keymap.items():
        if binding_id not in known:
            names = ", ".join(sorted(known))
            raise InvalidInput("keymap", f"no command {binding_id!r}; the commands are {names}")
        if not all(part.strip() for part in wanted.split(",")):
            raise InvalidInput(
                "keymap", f"{binding_id}: {wanted!r} has an empty key; give keys like d,ctrl+d"
            )
    for classes in _SCOPES.values():
        for command in keys_in_effect(_bindings(classes), keymap):
            if command.id in keymap and not all(is_key(key) for key in command.bound):
                raise InvalidInput(
                    "keymap",
                    f"{command.id}: {keymap[command.id]!r} is not a key; "
                    "write keys like d, D, ctrl+n, f5 or escape, several with commas",
                )
    for scope, classes in _SCOPES.items():
        holders: dict[str, str] = {}
        for command in keys_in_effect(_bindings(classes), keymap):
            for key in command.bound:
                other = holders.setdefault(key, command.id)
                if other != command.id:
                    raise InvalidInput(
                        "keymap", f"{key} would run both {other} and {command.id} in the {scope}"
                    )


def _key_names(keymap: Mapping[str, str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for classes in _SCOPES.values():
        for key in keys_in_effect(_bindings(classes), keymap):
            names.setdefault(key.id, key.keys[0])
    return names


def make_app(
    db: str | Path,
    *,
    user: str,
    clock: Clock | None = None,
    catalog: Path | None = None,
    templates_dir: Path | None = None,
    delivery: DeliverySettings | None = None,
    cursor_blink: bool = True,
    keymap: Mapping[str, str] | None = None,
) -> WarroomApp:
    """The one way to build the app: used by the command line and the benchmark."""
    check_keymap(keymap or {})  # before the store is opened: a typo should change nothing
    ctx = Context.open(db, catalog, clock, templates_dir=templates_dir, delivery=delivery)
    try:
        # On a drill store: the drill's organisation, drill time, and its outbox only.
        drill = join_if_drill(ctx, clock or SystemClock())
    except BaseException:
        ctx.close()
        raise
    if drill is not None:
        ctx = drill.ctx
    return WarroomApp(ctx, user, cursor_blink=cursor_blink, keymap=keymap, drill=drill)


def _replace_bytes_that_are_not_utf8() -> None:
    """Textual's input thread decodes what the terminal sends strictly, so one byte that is
    not UTF-8 (a paste from a Latin-1 terminal, a broken multiplexer) kills it and the
    console with it (Textual issue #6456, open for 8.2.8). Decode with replacement instead:
    such a byte arrives as U+FFFD and the note being typed is kept."""
    from textual.drivers import linux_driver

    def replacing(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
        return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")

    linux_driver.getincrementaldecoder = replacing  # type: ignore[attr-defined,assignment]


def run_console(settings: Settings) -> int:
    app = make_app(
        settings.db_target(),
        user=settings.user_name(),
        catalog=settings.catalog_path(),
        templates_dir=settings.templates_dir(),
        delivery=settings.delivery(),
        keymap=settings.keymap,
    )
    _log_to_file()
    _replace_bytes_that_are_not_utf8()
    # What is loaded by now (modules, the catalog, the app) lives as long as the console:
    # kept out of the collector's scans, the full collections that mounting and the first
    # paint trigger walk only what is new (measured: about a tenth off the first frame).
    gc.freeze()
    collector.resume()  # paused while all this loaded (base/collector.py)
    try:
        app.run()
    finally:
        app.ctx.close()
    return app.return_code or 0  # 1 when the console stopped on an error


class TrainerApp(WarroomApp):
    """The trainer's console on a drill: the same app, opening the trainer's screen."""

    def first_screen(self) -> Screen[None]:
        from warroom.screens.trainer import TrainerScreen  # only the trainer loads it

        assert self.drill is not None
        return TrainerScreen(self.drill, self.user)

    async def action_quit(self) -> None:
        self.exit()


def run_trainer(drill: DrillSession, user: str, *, cursor_blink: bool = True) -> int:
    """The trainer's console on a joined drill; the caller closes its store."""
    app = TrainerApp(drill.ctx, user, cursor_blink=cursor_blink, drill=drill)
    _log_to_file()
    _replace_bytes_that_are_not_utf8()
    app.run()
    return app.return_code or 0


def _log_to_file() -> None:
    """What the console cannot show in full (a worker's traceback) goes to the log file."""
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("warroom")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
