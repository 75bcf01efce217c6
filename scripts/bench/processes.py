"""Whole processes as a user meets them: started, timed to their first complete frame (in a
terminal of the benchmark's size) or to their exit, and their peak memory as the kernel
counted it (``wait4``'s rusage: the whole life, teardown included), each started through
``launch.py``."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.plan import SIZE

FRAME_CHILD = Path(__file__).resolve().parent / "frame_child.py"
LAUNCH = Path(__file__).resolve().parent / "launch.py"
SETTLED = 1.0  # seconds between the console's first frame and the key typed into it


@dataclass(frozen=True)
class Run:
    seconds: float | None  # to the first complete frame, or to the exit; None: it failed
    peak_mib: float
    frames: int = 0
    failure: str = ""


def isolated_env(home: Path) -> dict[str, str]:
    """This machine's environment, but the user's own warroom settings out of reach."""
    env = dict(os.environ)
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    for name in ("WARROOM_DB", "WARROOM_USER", "WARROOM_CATALOG"):
        env.pop(name, None)
    env["TERM"] = "xterm-256color"
    return env


def warroom_command() -> list[str]:
    """The `warroom` script installed beside this interpreter, as a user types it."""
    script = Path(sys.executable).parent / "warroom"
    return [str(script)] if script.exists() else [sys.executable, "-m", "warroom"]


@dataclass(frozen=True)
class Launched:
    started: float  # time.monotonic() just before the fork
    ended: float  # just after the child was reaped
    peak_mib: float
    code: int


def launched(command: list[str], env: Mapping[str, str], stdio: int | None = None) -> Launched:
    """Run ``command`` through ``launch.py`` (see there why) and read what it measured."""
    with tempfile.TemporaryDirectory(prefix="warroom-launch-") as folder:
        said = Path(folder) / "launched"
        out: int | None = stdio if stdio is not None else subprocess.DEVNULL
        subprocess.run(
            [sys.executable, str(LAUNCH), str(said), *command],
            env=env,
            stdin=stdio if stdio is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            start_new_session=stdio is not None,  # its terminal is its own
            check=True,
            timeout=180,
        )
        started, ended, kib, code = said.read_text().split()
    return Launched(float(started), float(ended), int(kib) / 1024, int(code))


def timed_process(command: list[str], env: Mapping[str, str]) -> Run:
    """Spawn to exit, teardown included; output discarded (a reader that keeps up)."""
    run = launched(command, env)
    if run.code != 0:
        return Run(None, run.peak_mib, failure=f"exit {run.code}: {' '.join(command[-3:])}")
    return Run(run.ended - run.started, run.peak_mib)


def first_frame(kind: str, env: Mapping[str, str], db: Path | None = None) -> Run:
    """Spawn → first complete frame, the process running in a pty of the benchmark's size.
    ``resolved``: the console, and then ctrl+r typed into its terminal → the first frame
    listing resolved incidents (timed from the key)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    threading.Thread(target=_drain, args=(master,), daemon=True).start()
    with tempfile.TemporaryDirectory(prefix="warroom-frame-") as folder:
        out = Path(folder) / "frame"
        command = [sys.executable, str(FRAME_CHILD), kind, str(out)]
        if db is not None:
            command += ["--db", str(db), "--user", "bench-im"]
        typed: list[float] = []
        if kind == "resolved":
            threading.Thread(target=_ctrl_r_when_ready, args=(out, master, typed)).start()
        try:
            run = launched(command, env, stdio=slave)
        finally:
            os.close(slave)
        lines = out.read_text().splitlines() if out.exists() else []
    os.close(master)
    wanted = 2 if kind == "resolved" else 1
    if len(lines) < wanted or run.code != 0:
        failure = f"exit {run.code}, {len(lines)} of {wanted} lines"
        return Run(None, run.peak_mib, failure=failure)
    at, count = lines[-1].split()
    since = typed[0] if kind == "resolved" else run.started
    return Run(float(at) - since, run.peak_mib, int(count))


def _ctrl_r_when_ready(out: Path, master: int, typed: list[float]) -> None:
    """A second after the console's first frame (a person reads the screen before typing;
    the panes hidden at start mount in that second), type ctrl+r as the keyboard sends it."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if out.exists() and out.read_text():
            time.sleep(SETTLED)
            os.write(master, b"\x12")
            typed.append(time.monotonic())
            return
        time.sleep(0.002)


def _drain(fd: int) -> None:
    """Read what the app writes to its terminal, as a terminal would, so it never blocks."""
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass
