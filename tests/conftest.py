"""Shared fixtures: a real store (a SQLite file in a temporary folder, or a database on the
session's own PostgreSQL server) and a clock moved only by tests."""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.base.clock import ManualClock
from warroom.process.context import Context
from warroom.store.open import open_store

from .pg_server import PgServer, running_server
from .servers import SmtpServer, WebhookServer, smtp_server, webhook_server

T0 = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
TEMPLATE = "warroom_template"
_DATABASES = itertools.count(1)


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never read or write the real user's config, data or store; fixed zone and user."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    for name in ("WARROOM_DB", "WARROOM_USER", "WARROOM_CATALOG", "WARROOM_SERVE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "warroom.db"


ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The store and rules suite runs on both engines: every test outside the console's
    (``tests/ui``) whose store comes from ``store_target`` (through ``ctx`` or a ``cli``),
    unless it asks for the SQLite file itself (``db_path``) or is marked ``sqlite_only``."""
    asked = inspect.signature(metafunc.function).parameters
    console = metafunc.definition.path.parent.name == "ui"
    only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
    if (
        "store_target" in metafunc.fixturenames
        and "db_path" not in asked
        and not console
        and not only_sqlite
    ):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The store's engine: SQLite unless the test runs on both."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg() -> Iterator[PgServer]:
    """The session's PostgreSQL server, started the first time a test needs it."""
    with running_server() as server:
        server.create_database(TEMPLATE)
        open_store(server.url(TEMPLATE)).close()  # migrated once; each test copies it
        yield server


@pytest.fixture
def own_pg() -> Iterator[PgServer]:
    """A PostgreSQL server of the test's own, for tests that stop and restart it."""
    with running_server() as server:
        server.create_database("warroom")
        yield server


@pytest.fixture
def store_target(engine: str, db_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """Where the test's store is: a new SQLite file, or a new PostgreSQL database's URL."""
    if engine == "sqlite":
        return db_path
    server: PgServer = request.getfixturevalue("pg")
    name = f"t{next(_DATABASES)}"
    server.create_database(name, template=TEMPLATE)
    return server.url(name)


@pytest.fixture
def ctx(store_target: Path | str, clock: ManualClock) -> Iterator[Context]:
    context = Context.open(store_target, clock=clock)
    yield context
    context.close()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on loopback, counting what reaches it."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def hook() -> Iterator[WebhookServer]:
    """A real HTTP server on loopback for the webhook, answering 200."""
    with webhook_server(200) as server:
        yield server
