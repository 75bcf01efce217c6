"""What the layers promise at run time, beyond the import contracts (import-linter, run by
``./scripts/test``) that check every import statement: nothing reached by a dynamic import
or an import inside a function breaks them either.

- The core never loads Textual: scripts and monitoring use it without the UI.
- The vocabulary and the foundation load neither a database library nor the UI.
- Writing a note never loads a delivery adapter (smtplib, http.client, urllib.request);
  nor does choosing a page's adapters, or paging to the outbox only.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import warroom

from .children import ROOT, child_env

UI_MODULES = ("warroom.app", "warroom.screens", "warroom.widgets")
# Importing __main__ runs the command line; it only calls warroom.cli.entry.main.
NOT_IMPORTABLE = ("warroom.__main__",)


def _is_ui(module: str) -> bool:
    return any(module == ui or module.startswith(ui + ".") for ui in UI_MODULES)


def _modules(prefix: str = "warroom") -> list[str]:
    def _skip(name: str) -> None:
        raise AssertionError(f"cannot import {name} while listing warroom's modules")

    names = [
        info.name
        for info in pkgutil.walk_packages(warroom.__path__, prefix="warroom.", onerror=_skip)
    ]
    return sorted(
        n
        for n in ["warroom", *names]
        if (n == prefix or n.startswith(prefix + ".")) and n not in NOT_IMPORTABLE
    )


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


_LOADS_NONE_OF = """
import importlib, sys
forbidden = sys.argv[1].split(",")
for name in sys.argv[2:]:
    importlib.import_module(name)
    loaded = sorted(
        m for m in sys.modules if any(m == f or m.startswith(f + ".") for f in forbidden)
    )
    assert not loaded, f"importing {name} loaded {loaded[:5]}"
print("ok", len(sys.argv) - 2)
"""


def _assert_loads_none_of(forbidden: list[str], modules: list[str]) -> None:
    result = _run(_LOADS_NONE_OF, ",".join(forbidden), *modules)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", str(len(modules))]


def test_importing_every_core_module_does_not_load_textual() -> None:
    core = [m for m in _modules() if not _is_ui(m)]
    assert {"warroom.cli.main", "warroom.store.sqlite.engine", "warroom.process.context"} <= set(
        core
    )
    _assert_loads_none_of(["textual"], core)


def test_vocabulary_and_foundation_are_plain_python() -> None:
    plain = _modules("warroom.vocabulary") + _modules("warroom.base")
    assert "warroom.vocabulary.facts" in plain and "warroom.base.errors" in plain
    _assert_loads_none_of(["sqlalchemy", "sqlmodel", "textual", "rich"], plain)


_NOTE = """
import sys
from warroom.cli.main import main
assert main(["--db", sys.argv[1], "declare", "--summary", "s", "--severity", "2"]) == 0
assert main(["--db", sys.argv[1], "note", "HOT-1", "t: a theory"]) == 0
heavy = ("smtplib", "http.client", "urllib.request", "warroom.comms.delivery.smtp",
         "warroom.comms.delivery.webhook", "warroom.comms.delivery.outbox",
         "warroom.comms.delivery.pagerduty", "warroom.comms.delivery.opsgenie", "textual")
print(sorted(m for m in heavy if m in sys.modules))
"""


def test_writing_a_note_loads_no_delivery_adapter(tmp_path: Path) -> None:
    result = _run(_NOTE, str(tmp_path / "w.db"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


_PAGE = """
import sys
from datetime import UTC, datetime
from warroom.comms.delivery.pages import PageOut, deliver_page, page_adapters_for
from warroom.config.delivery import DeliverySettings
outbox, control = sys.argv[1], sys.argv[2:] == ["control"]
at = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
page = PageOut(1, 0, "HOT-1", 1, "s", "r", "payments", "ana", "ana@example.com", 1, 1, at, "bob")
drill = PageOut(2, 0, "HOT-2", 1, "s", "r", "payments", "ana", None, 1, 1, at, "bob", drill=True)
everything = DeliverySettings(
    outbox=outbox,
    smtp_host="mail.example.com",
    page_webhook_url="https://hooks.example.com/pages",
    pagerduty_url="https://events.example.com/v2/enqueue",
    opsgenie_url="https://api.example.com/v2/alerts",
)
assert page_adapters_for(page, DeliverySettings(outbox=outbox)) == ["outbox"]
assert len(page_adapters_for(page, everything)) == 5  # chosen from the settings alone
assert page_adapters_for(drill, everything) == ["outbox"]
assert deliver_page("outbox", page, everything).ok
assert deliver_page("outbox", drill, everything).ok
assert not deliver_page("pagerduty", drill, everything).ok  # refused at the door
if control:  # an adapter that is asked for is loaded: the check below can see it
    assert not deliver_page("webhook", page, DeliverySettings(outbox=outbox)).ok
heavy = ("smtplib", "http.client", "urllib.request", "warroom.comms.delivery.smtp",
         "warroom.comms.delivery.webhook", "warroom.comms.delivery.pagerduty",
         "warroom.comms.delivery.opsgenie", "textual")
print(sorted(m for m in heavy if m in sys.modules))
"""


def test_paging_to_the_outbox_loads_no_network_module(tmp_path: Path) -> None:
    result = _run(_PAGE, str(tmp_path / "outbox"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"
    assert len(list((tmp_path / "outbox" / "pages").iterdir())) == 2


def test_the_checks_above_can_fail() -> None:
    """A check that cannot fail proves nothing: importing the console does load Textual."""
    result = _run(_LOADS_NONE_OF, "textual", "warroom.app")
    assert result.returncode != 0 and "importing warroom.app loaded" in result.stderr


def test_the_page_check_can_fail(tmp_path: Path) -> None:
    """Asking the page webhook, even unconfigured, loads it and http.client with it."""
    result = _run(_PAGE, str(tmp_path / "outbox"), "control")
    assert result.returncode == 0, result.stderr
    assert "http.client" in result.stdout.splitlines()[-1]


_SERVER = """
import sys
from warroom.cli.main import main
assert main(["--db", sys.argv[1], "declare", "--summary", "s", "--severity", "2"]) == 0
assert main(["--db", sys.argv[1], "list"]) == 0
assert main(["--db", sys.argv[1], "serve", "--host", "0.0.0.0"]) == 2  # refused before serving
if sys.argv[2:] == ["control"]:  # what serving loads: the check below can see it
    import warroom.cli.serve_web
tops = {m.split(".")[0] for m in sys.modules}
print(sorted(tops & {"aiohttp", "textual_serve"}))
"""


def test_only_serving_loads_the_web_server(tmp_path: Path) -> None:
    """aiohttp and textual-serve load when ``warroom serve`` serves, not for other commands,
    nor for a serve refused before it listens."""
    result = _run(_SERVER, str(tmp_path / "w.db"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"
    control = _run(_SERVER, str(tmp_path / "c.db"), "control")
    assert control.returncode == 0, control.stderr
    assert control.stdout.splitlines()[-1] == "['aiohttp', 'textual_serve']"


_WRITE_THEN_SAY_WHAT_LOADED = """
import sys
from warroom.cli.main import main
assert main(["--db", sys.argv[1], *sys.argv[2:]]) == 0
print(sorted(m for m in ("alembic", "psycopg") if m in sys.modules))
"""


def test_a_current_sqlite_store_loads_neither_alembic_nor_the_postgresql_driver(
    tmp_path: Path,
) -> None:
    """Alembic (about 100 ms) is for upgrading; psycopg is for PostgreSQL stores."""
    db = str(tmp_path / "w.db")
    made = _run(_WRITE_THEN_SAY_WHAT_LOADED, db, "declare", "--summary", "s", "--severity", "2")
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[-1] == "['alembic']"  # making it did: the check can see
    for argv in (["note", "HOT-1", "o: later"], ["list"]):
        used = _run(_WRITE_THEN_SAY_WHAT_LOADED, db, *argv)
        assert used.returncode == 0, used.stderr
        assert used.stdout.splitlines()[-1] == "[]", argv
