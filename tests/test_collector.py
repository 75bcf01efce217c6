"""The garbage collector is paused while the command line's full path loads, and never left
paused: after a command, a refusal or a failure, the caller's collector is as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from warroom.base import collector
from warroom.base.errors import InvalidInput
from warroom.cli import entry, full
from warroom.cli.main import main

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    collector.resume()
    if was:
        gc.enable()


def test_pause_and_resume_restore_what_was_there() -> None:
    gc.enable()
    collector.pause()
    assert not gc.isenabled()
    collector.resume()
    assert gc.isenabled()
    collector.resume()  # a second resume changes nothing
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    gc.disable()
    collector.pause()
    collector.resume()
    assert not gc.isenabled()


def test_the_full_path_loads_paused_and_runs_its_command_with_the_collector(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gc.enable()
    seen: dict[str, bool] = {}
    real_load = full.load_settings

    def load_settings(**given: object) -> object:
        seen["loading"] = gc.isenabled()
        return real_load(**given)  # type: ignore[arg-type]

    real_open = full.Context.open

    def opened(*args: object, **kwargs: object) -> object:
        seen["command"] = gc.isenabled()
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(full, "load_settings", load_settings)
    monkeypatch.setattr(full.Context, "open", opened)
    assert main(["--db", str(db_path), "list"]) == 0  # list is a full-path command
    assert seen == {"loading": False, "command": True}
    assert gc.isenabled()
    assert "warroom declare" in capsys.readouterr().out  # a new store says how to declare


def test_a_refusal_while_loading_leaves_the_collector_running(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gc.enable()

    def refused(**_given: object) -> object:
        assert not gc.isenabled()
        raise InvalidInput("--user", "refused while loading")

    monkeypatch.setattr(full, "load_settings", refused)
    assert main(["list"]) == 2
    assert gc.isenabled()
    assert "refused while loading" in capsys.readouterr().err


def test_a_failure_while_loading_leaves_the_collector_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gc.enable()

    def broken(**_given: object) -> object:
        raise RuntimeError("broken")

    monkeypatch.setattr(full, "load_settings", broken)
    with pytest.raises(RuntimeError):
        main(["list"])
    assert gc.isenabled()


def test_the_warroom_script_leaves_the_collector_running(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gc.enable()
    monkeypatch.setattr("sys.argv", ["warroom", "--db", str(db_path), "list"])
    try:
        assert entry.main() == 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()  # the script freezes what it loaded; this test process goes on
    assert "warroom declare" in capsys.readouterr().out
