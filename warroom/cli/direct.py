"""The commands a monitoring hook or a script runs most, without the ORM: ``warroom note``,
``declare`` and ``list --json`` in a fraction of the time.

Taken only when the answer is certain to be the full path's (``full.py``): only flags,
``WARROOM_DB`` and ``WARROOM_USER`` are configured (``config.plain``), and the store is a
SQLite file already at this warroom's schema that holds no drill (``store.sqlite.direct``).
Otherwise ``answer_directly`` answers None and the full path runs.

What each does is the full path's, from the same sources. The arguments are read by
``command_args``; a note is stored by ``process.direct_notes`` and a declaration by
``process.direct_declare`` (the same checks, rows and events; a declaration is checked
against the shipped catalog's names, ``config.shipped_names``, since an organisation's own
catalog sends it down the full path); the list runs the ORM's own statement
(``process.direct_list``) and prints through the same ``row_to_dict`` and
``print_json_items``.
"""

from __future__ import annotations

import argparse

from warroom.cli.clock import command_clock
from warroom.cli.command_args import declaration_from_args, note_from_args
from warroom.cli.json_output import print_json_items
from warroom.cli.undecodable import refuse_undecodable_settings
from warroom.config.plain import PlainSettings, plain_settings
from warroom.config.shipped_names import SHIPPED
from warroom.process.declare_input import checked_declaration
from warroom.process.direct_declare import declare_directly
from warroom.process.direct_list import each_incident_directly
from warroom.process.direct_notes import store_note_directly
from warroom.reports.incident_data import row_to_dict
from warroom.store.sqlite.direct import DirectSqlite


def answer_directly(args: argparse.Namespace) -> int | None:
    """The exit status, having answered; None: take the full path."""
    if args.command not in ("note", "declare") and not (args.command == "list" and args.json):
        return None
    settings = plain_settings(db=args.db, user=args.user, catalog=args.catalog)
    if settings is None:
        return None
    refuse_undecodable_settings(settings)
    store = DirectSqlite.open(settings.db_target())
    if store is None:
        return None
    try:
        if args.command == "note":
            _note(store, args, settings)
        elif args.command == "declare":
            _declare(store, args, settings)
        else:
            _list_json(store, args)
    finally:
        store.close()
    return 0


def _note(store: DirectSqlite, args: argparse.Namespace, settings: PlainSettings) -> None:
    note = note_from_args(args, args.by or settings.user_name(), command_clock().now())
    print(store_note_directly(store, args.key, note))


def _declare(store: DirectSqlite, args: argparse.Namespace, settings: PlainSettings) -> None:
    now = command_clock().now()
    form = declaration_from_args(args, now)
    by = args.by or settings.user_name()
    print(declare_directly(store, checked_declaration(form, by=by, now=now, names=SHIPPED)))


def _list_json(store: DirectSqlite, args: argparse.Namespace) -> None:
    rows = each_incident_directly(store, include_resolved=args.all, now=command_clock().now())
    try:
        print_json_items(map(row_to_dict, rows))
    finally:
        # Its read ends here, before the store closes, even when the reader left mid-list
        # (`warroom list --json | head`): else it would end as garbage, on a closed store.
        rows.close()
