"""Running the command line in-process, as the CLI tests do."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from warroom.cli.main import main


@dataclass(frozen=True)
class Result:
    code: int | str | None
    out: str
    err: str

    def json(self) -> Any:
        assert self.code == 0, self.err
        return json.loads(self.out)


class Cli:
    """Runs ``warroom --db <db> ARGV...`` in-process and captures what it printed; ``db`` is a
    file or a database URL."""

    def __init__(
        self, db: Path | str, capsys: pytest.CaptureFixture[str], outbox: Path | None = None
    ) -> None:
        self.db = db
        self.outbox = outbox
        self._capsys = capsys

    def __call__(self, *argv: str, db: Path | str | bool | None = True) -> Result:
        prefix: list[str] = []
        if db is True:
            prefix = ["--db", str(self.db)]
        elif isinstance(db, Path | str):
            prefix = ["--db", str(db)]
        self._capsys.readouterr()  # drop anything printed before
        try:
            code: int | str | None = main([*prefix, *argv])
        except SystemExit as exit_:
            code = exit_.code
        captured = self._capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def ok(self, *argv: str, **kw: Any) -> str:
        result = self(*argv, **kw)
        assert result.code == 0, result.err
        assert result.err == ""
        return result.out

    def show(self, key: str = "HOT-1") -> dict[str, Any]:
        data: dict[str, Any] = self("show", key, "--json").json()
        return data

    def outbox_files(self) -> list[Path]:
        if self.outbox is None or not self.outbox.exists():
            return []
        return sorted(self.outbox.iterdir())


def one_error_line(result: Result) -> str:
    """A refusal: exit 2, nothing on stdout, exactly one line on stderr."""
    assert result.code == 2, (result.code, result.out, result.err)
    assert result.out == ""
    assert result.err.endswith("\n")
    assert result.err.count("\n") == 1, result.err
    assert result.err.strip()
    return result.err
