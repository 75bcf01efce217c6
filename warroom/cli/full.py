"""The command line's full path: settings read whole, the store opened through the ORM
(created, upgraded or joined as a drill), and the command run on the services, as the
console runs them. ``main.py`` comes here for everything its direct path does not take.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from warroom.base import collector
from warroom.base.clock import SystemClock
from warroom.base.errors import StoreError
from warroom.base.text import one_line
from warroom.cli.clock import command_clock
from warroom.cli.parser import Handler, OpensItsOwn, Standalone
from warroom.cli.undecodable import refuse_undecodable_settings
from warroom.config.settings import Settings, load_settings
from warroom.process.context import Context
from warroom.scenarios.drill_join import join_if_drill
from warroom.store.open import on_a_server
from warroom.store.sqlite.files import resolve_target


def _require_existing_store(target: str) -> None:
    """A command that needs an incident, on a store that is not there, is refused before
    the store is made: a typo in --db leaves nothing behind. Declaring makes a store, and
    so do list and actions, which answer a new store by saying how to declare."""
    if on_a_server(target):
        return  # a database server says itself whether the database is there
    _, path = resolve_target(target)
    if not os.path.lexists(path):
        raise StoreError(
            f"store {one_line(str(path))}: does not exist yet; "
            "warroom declare makes it, with its first incident"
        )


def _run_demo(settings: Settings) -> int:
    """The console on a fresh temporary store of sample incidents, removed on exit; or, given
    a database server's store (``--db postgresql+psycopg://…``), on that store, which must be
    new (an empty database), filled and left filled: a server has no temporary folder."""
    from warroom.app import run_console
    from warroom.scenarios.demo import open_demo_store, populate_demo

    if settings.db is not None and on_a_server(settings.db_target()):
        ctx = Context.open(settings.db_target())
        try:
            populate_demo(ctx, SystemClock().now())
        finally:
            ctx.close()
        return run_console(settings.model_copy(update={"catalog": None}))
    with tempfile.TemporaryDirectory(prefix="warroom-demo-") as folder:
        path = open_demo_store(Path(folder), SystemClock().now())
        demo = settings.model_copy(update={"db": str(path), "catalog": None})
        return run_console(demo)


def as_drill(ctx: Context) -> Context:
    """On a drill store, the drill's context: its organisation, drill time, and its outbox
    only (``scenarios.drill_session.join``); any other store's as it is."""
    joined = join_if_drill(ctx, SystemClock())
    return ctx if joined is None else joined.ctx


def run(args: argparse.Namespace) -> int:
    """Run the command ``args`` names; a refusal is raised (``main.py`` says it)."""
    # Only flags actually given may override the environment and warroom.toml.
    settings = load_settings(db=args.db, user=args.user, catalog=args.catalog)
    refuse_undecodable_settings(settings)
    if args.command is None:
        from warroom.app import run_console  # the UI is loaded only when needed

        return run_console(settings)
    if args.command == "demo":
        return _run_demo(settings)
    collector.resume()  # loaded: a command's own work (a copy, a server) collects as usual
    standalone: Standalone | None = getattr(args, "standalone", None)
    if standalone is not None:
        return standalone(args)
    opens_its_own: OpensItsOwn | None = getattr(args, "opens_its_own", None)
    if opens_its_own is not None:
        return opens_its_own(args, settings)
    if not getattr(args, "makes_store", False):
        _require_existing_store(settings.db_target())
    ctx = Context.open(
        settings.db_target(),
        settings.catalog_path(),
        command_clock(),
        templates_dir=settings.templates_dir(),
        delivery=settings.delivery(),
    )
    try:
        ctx = as_drill(ctx)
        handler: Handler = args.handler
        return handler(ctx, args, args.by or settings.user_name())
    finally:
        ctx.close()
