"""The command line: the console by default, and commands for scripts and monitoring.

Every command goes through the same services as the console, so the same rules
hold. Refused input exits with status 2 and one line on stderr; nothing changes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from warroom.base.clock import SystemClock
from warroom.base.errors import InvalidInput, StoreError, WarroomError
from warroom.base.text import one_line
from warroom.cli.output import escaped_output
from warroom.cli.parser import (
    EXIT_REFUSED,
    Handler,
    OpensItsOwn,
    Standalone,
    build_parser,
)
from warroom.config.settings import Settings, load_settings
from warroom.process.context import Context
from warroom.scenarios.drill_join import join_if_drill
from warroom.store.open import on_a_server
from warroom.store.sqlite.files import resolve_target


def _refuse_undecodable(args: argparse.Namespace) -> None:
    """Bytes that are not UTF-8 reach argv as lone surrogates; SQLite cannot store them."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and not _is_utf8(item):
                raise InvalidInput(name, "is not valid UTF-8 text")


def _refuse_undecodable_settings(settings: Settings) -> None:
    """The environment reaches Python the same way: WARROOM_DB, WARROOM_USER, and the login
    name a user is known by when neither --user nor WARROOM_USER says."""
    for name in ("db", "user"):
        value = getattr(settings, name)
        if isinstance(value, str) and not _is_utf8(value):
            raise InvalidInput(f"WARROOM_{name.upper()}", "is not valid UTF-8 text")
    if not _is_utf8(settings.user_name()):
        raise InvalidInput("user", "your login name is not valid UTF-8 text; give --user NAME")


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


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _run_demo(settings: Settings) -> int:
    """The console on a fresh temporary store of sample incidents, removed on exit; or, given
    a database server's store (``--db postgresql+psycopg://…``), on that store, which must be
    new (an empty database), filled and left filled: a server has no temporary folder."""
    from warroom.app import run_console
    from warroom.base.clock import SystemClock
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


def main(argv: Sequence[str] | None = None) -> int:
    # Text output must never crash on a terminal that cannot show a character.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    with escaped_output():  # argparse's own messages quote the arguments
        return _command(build_parser().parse_args(argv))


def _command(args: argparse.Namespace) -> int:
    try:
        _refuse_undecodable(args)
        # Only flags actually given may override the environment and warroom.toml.
        settings = load_settings(db=args.db, user=args.user, catalog=args.catalog)
        _refuse_undecodable_settings(settings)
        if args.command is None:
            from warroom.app import run_console  # the UI is loaded only when needed

            return run_console(settings)
        if args.command == "demo":
            return _run_demo(settings)
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
            templates_dir=settings.templates_dir(),
            delivery=settings.delivery(),
        )
        try:
            ctx = as_drill(ctx)
            handler: Handler = args.handler
            return handler(ctx, args, args.by or settings.user_name())
        finally:
            ctx.close()
    except WarroomError as err:
        print(f"warroom: error: {err}", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        # `warroom list | head`: the reader left; that is not an error. Point stdout at
        # /dev/null so the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
