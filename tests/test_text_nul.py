"""A NUL character is refused wherever text is written, on both engines: PostgreSQL cannot
keep one, and a store must copy to the other engine whole. One line, nothing stored."""

from __future__ import annotations

from datetime import timedelta

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import InvalidInput
from warroom.process import incidents, postmortem, resolution, roles, timeline
from warroom.process.context import Context

from .cli_support import Cli, one_error_line

NUL_TEXT = "before\x00after"


def _latest_event(ctx: Context) -> int:
    return ctx.store.latest_event_id()


def test_every_service_refuses_a_nul(ctx: Context, clock: ManualClock) -> None:
    key = incidents.declare(ctx, incidents.Declaration("Pushes fail", 2), by="alice").key
    roles.take(ctx, key, by="alice")
    before = _latest_event(ctx)
    attempts = {
        "declare": lambda: incidents.declare(ctx, incidents.Declaration(NUL_TEXT, 2), by="a"),
        "note": lambda: timeline.add_note(ctx, key, NUL_TEXT, by="alice"),
        "by": lambda: timeline.add_note(ctx, key, "fine", by=NUL_TEXT),
    }
    for name, attempt in attempts.items():
        with pytest.raises(InvalidInput, match="NUL character"):
            attempt()
        assert _latest_event(ctx) == before, name
    clock.advance(timedelta(minutes=5))
    resolution.resolve(ctx, key, impact_ended_at=clock.now(), by="alice")
    with pytest.raises(InvalidInput, match="NUL character"):
        postmortem.write_section(ctx, key, "fault", NUL_TEXT, base=None, by="alice")


def test_the_command_line_refuses_a_nul_from_stdin_in_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    cli.ok("declare", "--summary", "Pushes fail", "--severity", "2")
    cli.ok("take", "HOT-1")
    cli.ok("resolve", "HOT-1", "--ended", "now")
    monkeypatch.setattr(sys, "stdin", io.StringIO(NUL_TEXT))
    result = cli("postmortem", "HOT-1", "write", "fault", "-")
    assert result.code == 2
    assert "NUL character" in one_error_line(result)


@pytest.fixture
def cli(store_target: object, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(store_target, capsys)  # type: ignore[arg-type]
