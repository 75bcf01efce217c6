"""Writer processes for the PostgreSQL concurrency and fault tests, as people and scripts
write: a console typing notes, and the command line started once per command.

Run as ``python -m tests.pg_workers KIND INDEX SECONDS KEY`` from the project root, with
the store in ``WARROOM_DB``. Each prints ``ready``, waits for a line on stdin (the start
signal), writes for SECONDS, then prints one JSON report as its last line:

- ``acknowledged``: the texts the user saw saved (the console's entry line emptied; the
  command exited 0), each unique to its writer;
- ``saved_at``: (consoles) when each was acknowledged, on the machine's monotonic clock;
- ``keys``: incidents the command line declared;
- ``errors``: anything the user was shown as a failure (a refusal under the entry line,
  an error toast, a command's stderr or non-zero exit).

``console``: a real console (``WarroomApp`` headless) typing notes on incident KEY with
``n``, the text and Enter. A save that was refused (the server was away) stays typed and is
sent again with Enter, as a person would, until it is saved or the time is up.

``cli``: ``python -m warroom declare`` and ``python -m warroom note`` as separate processes,
in turn.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _wait_for_start() -> None:
    _emit("ready")
    if not sys.stdin.readline():
        raise RuntimeError("no start signal: stdin closed")


async def _console(index: int, seconds: float, key: str) -> dict[str, list[Any]]:
    from warroom.app import WarroomApp
    from warroom.process.context import Context
    from warroom.widgets.inputs import Field
    from warroom.widgets.literal import Literal

    ctx = Context.open(os.environ["WARROOM_DB"])
    app = WarroomApp(ctx, f"console-{index}", cursor_blink=False)
    acknowledged: list[str] = []
    saved_at: list[float] = []  # CLOCK_MONOTONIC: one clock for every process on the machine
    errors: list[str] = []
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.5)
        await pilot.press("n")
        entry = app.screen.query_one("#entry", Field)
        said = app.screen.query_one("#entry-error", Literal)
        deadline = time.monotonic() + seconds
        number = 0
        while time.monotonic() < deadline:
            text = f"console-{index} note {number}"
            entry.value = text
            entry.focus()
            await pilot.press("enter")
            while entry.value and time.monotonic() < deadline + 30:
                await pilot.pause(0.05)
                refusal = str(said.content)
                if refusal:
                    errors.append(refusal)
                    said.update("")
                    await pilot.pause(0.5)
                    await pilot.press("enter")  # still typed: try again
            if entry.value:
                break  # never saved: not acknowledged
            acknowledged.append(text)
            saved_at.append(time.monotonic())
            number += 1
        errors += [n.message for n in app._notifications if n.severity == "error"]
    ctx.close()
    return {"acknowledged": acknowledged, "saved_at": saved_at, "keys": [], "errors": errors}


def _cli(index: int, seconds: float, key: str) -> dict[str, list[Any]]:
    acknowledged: list[str] = []
    keys: list[str] = []
    errors: list[str] = []

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "warroom", "--user", f"cli-{index}", *argv],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
            timeout=120,
            check=False,
        )

    deadline = time.monotonic() + seconds
    number = 0
    while time.monotonic() < deadline:
        if number % 3 == 0:
            done = run("declare", "--summary", f"cli-{index} incident {number}", "--severity", "3")
            if done.returncode == 0:
                keys.append(done.stdout.strip())
        else:
            text = f"cli-{index} note {number}"
            done = run("note", key, text)
            if done.returncode == 0:
                acknowledged.append(text)
        if done.returncode != 0 or done.stderr:
            errors.append(f"exit {done.returncode}: {done.stderr.strip()}")
        number += 1
    return {"acknowledged": acknowledged, "keys": keys, "errors": errors}


def main(argv: list[str]) -> int:
    kind, index, seconds, key = argv
    _wait_for_start()
    if kind == "console":
        report = asyncio.run(_console(int(index), float(seconds), key))
    else:
        report = _cli(int(index), float(seconds), key)
    _emit(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
