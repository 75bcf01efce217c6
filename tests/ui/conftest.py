"""Console fixtures: the app on a real temporary store, a fixed clock, no blinking cursor."""

from __future__ import annotations

import pytest

from warroom.app import WarroomApp
from warroom.process.context import Context

SIZE = (160, 50)


@pytest.fixture
def app(ctx: Context) -> WarroomApp:
    return WarroomApp(ctx, "alice", cursor_blink=False)
