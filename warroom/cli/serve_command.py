"""``warroom serve``: the console in a browser. Each browser connection runs its own console
(``python -m warroom``) in a subprocess, as textual-serve does, on the store this command
was given, as the user this command runs as.

The child learns where the store is from ``WARROOM_DB`` in its environment, resolved here
to an absolute location: never from its command line, which ``ps`` shows to everyone and a
database URL may carry a password in. The access token is taken out of the environment
the children inherit: a console has no use for it.
"""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import socket
import sys
from pathlib import Path
from urllib.parse import quote

from warroom.base.text import one_line
from warroom.cli.serve_access import TOKEN_ENV, Access, PublicUrl, token_from
from warroom.config.settings import Settings
from warroom.process.context import Context
from warroom.store.open import on_a_server
from warroom.store.sqlite.files import resolve_target, shown_target


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    token, source = token_from(args.token_file, args.new_token)
    public = PublicUrl.parse(args.public_url) if args.public_url is not None else None
    access = Access.of(args.host, token, public)  # beyond loopback only with a token
    store = _checked_store(settings)
    user = settings.user_name()
    _hand_down(store, user, settings.catalog)
    from warroom.cli.serve_web import ConsoleServer  # aiohttp and textual-serve load here

    _log_to_stderr()
    console = shlex.join([sys.executable, "-m", "warroom"])
    server = ConsoleServer(console, args.host, args.port, access)
    url = public or PublicUrl.listening(args.host, args.port, socket.gethostname())
    if token is None:
        where = f"open {url}"
    elif source == "--new-token":
        where = f"open {url}?token={quote(token, safe='')}"  # the one place it is printed
    else:
        given = args.token_file if source == "--token-file" else TOKEN_ENV
        where = f"open {url}?token=… with the token in {one_line(given)}"

    def ready() -> None:
        print(
            f"warroom serve: the console for {one_line(user)} on {shown_target(store)}: "
            f"{where} (Ctrl+C stops)",
            flush=True,
        )

    server.run(ready)
    return 0


def _checked_store(settings: Settings) -> str:
    """The store, opened once as a console would open it: what a console would refuse (not
    a store, a newer schema, a read-only file, a bad catalog) is refused here, in one line,
    before any port is open. Returns where it is, absolute, for the consoles to open."""
    target = settings.db_target()
    ctx = Context.open(
        target,
        settings.catalog_path(),
        templates_dir=settings.templates_dir(),
        delivery=settings.delivery(),
    )
    ctx.close()
    if on_a_server(target):
        return target  # a database URL names its server: nothing is relative to a folder
    _, path = resolve_target(target)
    return str(path)


def _hand_down(store: str, user: str, catalog: Path | None) -> None:
    """What each console's process inherits: textual-serve gives it this process's
    environment, with the settings this command resolved and without the token."""
    os.environ.pop(TOKEN_ENV, None)
    os.environ["WARROOM_DB"] = store
    os.environ["WARROOM_USER"] = user
    if catalog is not None:
        os.environ["WARROOM_CATALOG"] = str(catalog.expanduser().absolute())


def _log_to_stderr() -> None:
    """Requests, refusals and consoles that fail to start, one line each, on stderr (which
    the command line escapes, as it does everything it prints)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
