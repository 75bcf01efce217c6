"""The commands for training drills: starting one and running it as the trainer, its
debrief, checking a drill file before a class uses it, and making one from a past incident."""

from __future__ import annotations

import argparse
import os
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from warroom.base.clock import SystemClock
from warroom.base.errors import InvalidInput, StoreError, WarroomError
from warroom.base.locations import data_dir
from warroom.base.text import one_line
from warroom.config.settings import Settings
from warroom.process.context import Context
from warroom.process.read import load_detail
from warroom.scenarios.debrief import Run, compare, debrief_of
from warroom.scenarios.debrief_export import EXPORTS
from warroom.scenarios.drill import load_drill
from warroom.scenarios.drill_session import (
    DrillSession,
    drill_folders,
    find_drill,
    join,
    start_drill,
    store_path,
    trainee_command,
)
from warroom.scenarios.drill_writer import drill_from
from warroom.store.sqlite.files import resolve_target


def cmd_drill_check(args: argparse.Namespace) -> int:
    """Each file: ``ok`` with what it holds, or the first refusal (file, line, field)."""
    for path in args.file:
        if not path.strip():  # Path("") is the current folder, never what was meant
            raise InvalidInput("file", "is empty; give a drill file")
        drill = load_drill(Path(path))
        print(
            f"{path}: ok — {drill.drill.title}: {len(drill.injects)} injects, "
            f"{len(drill.expectations)} expectations"
        )
    return 0


def cmd_drill_from(ctx: Context, args: argparse.Namespace, by: str) -> int:
    """The drill file for a resolved incident, on stdout: redirect it to a file to keep it."""
    print(drill_from(load_detail(ctx, args.key), ctx.catalog), end="")
    return 0


def cmd_drill_start(args: argparse.Namespace, settings: Settings) -> int:
    path = find_drill(args.scenario)
    drill = load_drill(path)  # refused before any file is made
    store = _new_store(args.store, path.stem)
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # a file where a folder should be, no permission
        reason = err.strerror or type(err).__name__
        shown = one_line(str(store))
        raise StoreError(f"store {shown}: cannot make its folder ({reason})") from None
    user = settings.user_name()
    with _opened(store, settings) as ctx:
        # Paused: the clock waits while the trainer reads the briefing and trainees join.
        session = start_drill(ctx, path, speed=args.speed, wall=SystemClock(), by=user, paused=True)
        print(f"Drill started: {drill.drill.title} (speed ×{args.speed:g})")
        print(f"Drill store:   {store}")
        print(f"Trainees join: {trainee_command(store.absolute())}")
        print("The drill clock waits, paused, until the trainer starts it (space).")
        if args.no_console:
            print(f"Trainer:       warroom drill trainer {shlex.quote(str(store))}")
            return 0
        return _run_trainer(session, user)


def cmd_drill_trainer(args: argparse.Namespace, settings: Settings) -> int:
    store = _existing(args.store)
    with _opened(store, settings) as ctx:
        return _run_trainer(_joined(ctx, store), settings.user_name())


def cmd_drill_debrief(args: argparse.Namespace, settings: Settings) -> int:
    """One store: its debrief. Several runs of one drill: compared side by side, oldest run
    first, so a team sees its progress; refused, naming the store, if one is of another."""
    runs = []
    for name in args.store:
        store = _existing(name)
        with _opened(store, settings) as ctx:
            runs.append(Run(name, debrief_of(_joined(ctx, store))))
    one, compared = EXPORTS[args.format]
    print(one(runs[0].debrief) if len(runs) == 1 else compared(compare(runs)), end="")
    return 0


def _new_store(name: str | None, stem: str) -> Path:
    """The file the drill store is to be, refused (making nothing) when it exists, a link
    too, or could be no store: checked as every store name is (``resolve_target``: a
    ``sqlite:///`` URL, not a folder called ``sqlite:``), before any folder is made."""
    if name is None:
        return _new_store_path(stem)
    if not name.strip():  # Path("") is the current folder, never what was meant
        raise InvalidInput("store", "is empty; give the file to make the drill store in")
    _, store = resolve_target(name)  # absolute, links followed
    given = store if "://" in name else Path(name).expanduser()
    if os.path.lexists(given) or os.path.lexists(store):
        raise InvalidInput("store", f"{one_line(name)} already exists; a drill starts afresh")
    return store


def _new_store_path(stem: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return data_dir() / "drills" / f"{stem}-{stamp}.db"


def _existing(name: str) -> Path:
    if not name.strip():
        raise InvalidInput("store", "is empty; give a drill store")
    if name.endswith(".toml"):  # the drill file given for its store: a likely slip
        raise InvalidInput(
            "store", f"{one_line(name)} is a drill file; give the drill store 'drill start' made"
        )
    _, path = resolve_target(name)
    if not os.path.lexists(path):  # as every command asks; Path.exists raises on a long name
        raise StoreError(f"store {one_line(str(path))}: does not exist")
    return path


@contextmanager
def _opened(store: Path, settings: Settings) -> Iterator[Context]:
    ctx = Context.open(store, templates_dir=settings.templates_dir())
    try:
        yield ctx
    finally:
        ctx.close()


def _joined(ctx: Context, store: Path) -> DrillSession:
    session = join(ctx, SystemClock())
    if session is None:
        raise StoreError(f"store {one_line(str(store))}: holds no drill; 'drill start' makes one")
    return session


def _run_trainer(session: DrillSession, user: str) -> int:
    from warroom.app import run_trainer  # the UI is loaded only when needed

    code = run_trainer(session, user)
    store = shlex.quote(str(store_path(session.ctx)))
    session.refresh()
    if not session.ended:
        print(f"The drill goes on; open its trainer's console again: warroom drill trainer {store}")
    print(f"Its debrief: warroom drill debrief {store}")
    return code


def cmd_drill_list(args: argparse.Namespace) -> int:
    """The drills ``drill start`` takes by name: the organisation's own, then the shipped.
    A file that would be refused is listed with the refusal, so it can be fixed."""
    seen: set[str] = set()
    for folder in drill_folders():
        for path in sorted(folder.glob("*.toml")):
            if path.stem in seen:
                continue  # the organisation's own drill of that name wins
            seen.add(path.stem)
            try:
                said = one_line(load_drill(path).drill.title)
            except WarroomError as err:
                said = f"cannot be started: {err}"
            print(f"{one_line(path.stem):<20} {said}")
    if not seen:
        print("No drills found in " + " or ".join(str(f) for f in drill_folders()))
    return 0
