"""``warroom declare``'s two paths: the direct one (the sqlite3 module alone, checked against
the shipped catalog's frozen names) and the full one (the ORM and the catalog's model). For
the same input on the same store at the same moment they write the very same rows and
events, or refuse in the very same words and write nothing."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

import pytest

from tests.direct_support import refused_alike, run_as_a_hook, table_rows, two_copies
from warroom.base.clock import ManualClock
from warroom.base.locations import user_catalog_path
from warroom.cli import full
from warroom.cli.direct import answer_directly
from warroom.cli.parser import build_parser
from warroom.config.catalog import load_catalog
from warroom.config.shipped_names import SHIPPED
from warroom.store import tables

pytestmark = pytest.mark.sqlite_only

HOSTILE = "[bold red]x[/] \x1b]0;pwn\x07 \u202e evil 漢字 🔥"

DECLARED = [
    ["--summary", "Checkout down", "--severity", "2"],
    ["--summary", "Git pushes fail", "--severity", "sev1", "--service", "  git storage "],
    ["--summary", "Wiki slow", "--severity", "3", "--product", "wiki", "--product", "Wiki"],
    ["--summary", "Two products", "--severity", "3", "--product", "Chat", "--product", "repos"],
    ["--summary", "Known start", "--severity", "2", "--started", "30m", "--detected", "10m"],
    ["--summary", "A drill", "--severity", "1", "--training", "--description", "practice"],
    ["--summary", HOSTILE, "--severity", "2", "--description", HOSTILE, "--by", HOSTILE],
    ["--summary", "Unknown service", "--severity", "2", "--service", "unknown"],
]

REFUSED = [
    ["--summary", "", "--severity", "2"],
    ["--summary", "   ", "--severity", "2"],
    ["--summary", "x", "--severity", "4"],
    ["--summary", "x", "--severity", "²"],
    ["--summary", "x", "--severity", "2", "--service", "Payments"],
    ["--summary", "x", "--severity", "2", "--product", "Nothing"],
    ["--summary", "x", "--severity", "2", "--started", "10m", "--detected", "30m"],
    ["--summary", "x", "--severity", "2", "--started", "2999-01-01T00:00"],
    ["--summary", "x", "--severity", "2", "--detected", "nonsense"],
    ["--summary", "x" * 2_000, "--severity", "2"],
    ["--summary", "x", "--severity", "2", "--description", "d" * 70_000],
    ["--summary", "a\x00b", "--severity", "2"],
    ["--summary", "x", "--severity", "2", "--by", "b" * 300],
    ["--summary", "x", "--severity", "2", "--service", "s" * 300],
]


@pytest.fixture
def stores(tmp_path: Path, clock: ManualClock) -> tuple[Path, Path]:
    return two_copies(tmp_path, clock)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


def _args(db: Path, argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(["--db", str(db), "declare", *argv])


def test_the_frozen_names_are_the_shipped_catalogs() -> None:
    """A change to the shipped catalog must be frozen again: scripts/freeze_direct.py."""
    catalog = load_catalog(None)
    assert SHIPPED.key_prefix == catalog.key_prefix
    assert SHIPPED.service_names == catalog.service_names
    assert SHIPPED.product_names == catalog.product_names


def test_both_paths_write_identical_rows_and_events(
    stores: tuple[Path, Path], clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    by_orm, direct = stores
    for argv in DECLARED:
        clock.advance(timedelta(minutes=3, microseconds=17))
        assert full.run(_args(by_orm, argv)) == 0
        key = capsys.readouterr().out
        assert answer_directly(_args(direct, argv)) == 0, "the direct path was not taken"
        assert capsys.readouterr().out == key
    written = table_rows(direct)
    assert written == table_rows(by_orm)
    assert len(written[tables.INCIDENT]) == 2 + len(DECLARED)
    assert key == f"HOT-{2 + len(DECLARED)}\n"
    products = {row[1] for row in written[tables.INCIDENT_PRODUCT]}
    assert products == {"Wiki", "Chat", "Repos"}


@pytest.mark.parametrize("argv", REFUSED, ids=range(len(REFUSED)))
def test_both_paths_refuse_the_same_input_in_the_same_words(
    stores: tuple[Path, Path], argv: list[str]
) -> None:
    refused_alike(*stores, lambda db: _args(db, argv))


def test_an_organisations_own_catalog_or_a_new_store_takes_the_full_path(
    stores: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, direct = stores
    assert (
        answer_directly(_args(tmp_path / "new.db", ["--summary", "x", "--severity", "2"])) is None
    )
    user_catalog_path().parent.mkdir(parents=True, exist_ok=True)
    user_catalog_path().write_text('key_prefix = "OPS"\n')
    assert answer_directly(_args(direct, ["--summary", "x", "--severity", "2"])) is None
    assert capsys.readouterr().out == ""


def test_a_declaration_on_the_direct_path_loads_no_orm(stores: tuple[Path, Path]) -> None:
    _, direct = stores
    form = ["--summary", "From a hook", "--severity", "2", "--service", "Search"]
    assert run_as_a_hook(["--db", str(direct), "declare", *form]) == ("HOT-3\n", [])
