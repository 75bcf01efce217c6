"""A real PostgreSQL server for the test session: initdb into a temporary folder, pg_ctl on a
free loopback port, torn down at the end.

The server binaries come from the system's packages (``scripts/need-postgres`` installs them
on a fresh machine). PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` user the package creates. The cluster asks for a password over TCP
(scram-sha-256) so the tests can see a wrong one refused; it listens on 127.0.0.1 only, with
no Unix socket outside its own folder.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

SUPERUSER = "warroom_test"
PASSWORD = "test-only-secret-1"


def server_bindir() -> Path | None:
    """Where initdb and pg_ctl are: ``pg_config --bindir``, else Debian's versioned folder."""
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        out = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if (Path(out) / "initdb").exists():
            return Path(out)
    for found in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(found).parent
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """One cluster in ``folder``; ``url(db)`` names a database on it."""

    def __init__(self, bindir: Path, folder: Path) -> None:
        self.bindir = bindir
        self.folder = folder
        self.data = folder / "data"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0

    # -- running the server's own programs -------------------------------------------

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        command = [str(self.bindir / program), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        password_file = self.folder / "pw"
        password_file.write_text(PASSWORD + "\n", encoding="utf-8")
        if self._as_postgres:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            os.chown(password_file, owner.pw_uid, owner.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            f"--pwfile={password_file}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",  # a throwaway cluster; the server itself keeps its fsync setting
        )
        password_file.unlink()
        settings = (
            "listen_addresses = '127.0.0.1'\n"
            f"port = {self.port}\n"
            f"unix_socket_directories = '{self.folder}'\n"
            "max_connections = 200\n"
            "fsync = off\n"  # speed: the OS is not crashed in these tests, only the server
            "full_page_writes = off\n"
            "log_min_messages = warning\n"
        )
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(settings)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    # -- databases ----------------------------------------------------------------

    def url(self, database: str, *, password: str | None = PASSWORD) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql+psycopg://{SUPERUSER}{secret}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str) -> psycopg.Connection[tuple[object, ...]]:
        """A plain connection to ``database`` as the superuser, outside warroom."""
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            password=PASSWORD,
            dbname=database,
            autocommit=True,
        )

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return self.connect("postgres")

    def create_database(self, name: str, template: str | None = None) -> None:
        with self.admin() as conn:
            clause = f" TEMPLATE {template}" if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{clause}')  # type: ignore[arg-type]

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self.admin():
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


@contextlib.contextmanager
def running_server() -> Iterator[PgServer]:
    """A new cluster in a folder of its own under the system's temporary folder (pytest's
    folders are private to root, and the server may run as ``postgres``)."""
    folder = Path(tempfile.mkdtemp(prefix="warroom-pg-"))
    bindir = server_bindir()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL's server binaries are missing: run scripts/need-postgres "
            "(./scripts/test does)"
        )
    server = PgServer(bindir, folder)
    server.init()
    server.start()
    try:
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
