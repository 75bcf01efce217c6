"""The facts a reader needs to compare runs: the machine, the versions, the code measured."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from pathlib import Path


def source_fingerprint() -> str:
    """The app's code changes under active development: tie the figures to a code state."""
    import hashlib

    import warroom

    root = Path(warroom.__file__).parent
    digest = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.suffix in (".py", ".tcss"))
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{digest.hexdigest()[:12]} ({len(files)} files under {root})"


def machine_facts() -> None:
    import sqlalchemy
    import textual

    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    print(f"machine: {platform.platform()}; CPUs {cpus} (usable {usable})", flush=True)
    print(
        f"python {platform.python_version()} ({sys.executable}); textual {textual.__version__}; "
        f"sqlalchemy {sqlalchemy.__version__}; sqlite {sqlite3.sqlite_version}",
        flush=True,
    )
    print(f"warroom source fingerprint: {source_fingerprint()}", flush=True)
    compile_bytecode()


def compile_bytecode() -> None:
    """Measure warroom as it is installed: with its modules' bytecode on disk, as pip writes
    it for an installed package and Python for a checkout on first use. Where
    PYTHONDONTWRITEBYTECODE is set, every process would otherwise compile each module from
    source: some 20 ms for a command, more for the console, that no user pays. Textual, the
    baseline, is measured with its bytecode too."""
    import compileall

    import warroom

    root = Path(warroom.__file__).parent
    compileall.compile_dir(root, quiet=1)
    print(f"bytecode: warroom's modules compiled under {root}, as an install has them", flush=True)
