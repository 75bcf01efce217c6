"""Shared fixtures: a real SQLite store in a temporary folder and a clock moved only by tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.base.clock import ManualClock
from warroom.process.context import Context

from .servers import SmtpServer, WebhookServer, smtp_server, webhook_server

T0 = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


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


@pytest.fixture
def ctx(db_path: Path, clock: ManualClock) -> Iterator[Context]:
    context = Context.open(db_path, clock=clock)
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
