"""What only a PostgreSQL store has: a server to reach, credentials to find (the URL, the
environment, ~/.pgpass, service files) and never to show, another application's database to
leave alone, and its schema's version in a table. On the session's own server."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from warroom.base.errors import StoreError
from warroom.process import incidents, timeline
from warroom.process.context import Context
from warroom.process.read import list_incidents
from warroom.store.open import open_store
from warroom.store.schema import CURRENT_VERSION
from warroom.store.schema.migrate import upgrade

from .cli_support import Cli, one_error_line
from .conftest import TEMPLATE
from .pg_server import PASSWORD, SUPERUSER, PgServer
from .schema_check import differences
from .servers import free_port

_EMPTY = itertools.count(1)


@pytest.fixture
def database(pg: PgServer, request: pytest.FixtureRequest) -> str:
    """A new, empty database (no warroom schema yet) on the session's server."""
    name = f"empty_{next(_EMPTY)}"
    pg.create_database(name)
    return name


def _tables(pg: PgServer, database: str) -> set[str]:
    with pg.connect(database) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return {r[0] for r in rows}


def test_an_empty_database_becomes_a_store_equal_to_the_models(pg: PgServer, database: str) -> None:
    store = open_store(pg.url(database))
    assert store.schema_version() == CURRENT_VERSION
    assert differences(store.engine) == []
    store.close()


@pytest.mark.parametrize("version", range(1, CURRENT_VERSION))
def test_an_older_store_upgrades_without_loss(pg: PgServer, database: str, version: int) -> None:
    engine = create_engine(pg.url(database))
    with engine.begin() as conn:
        upgrade(conn, 0, version)
        conn.execute(text("CREATE TABLE warroom_schema (application VARCHAR, version INTEGER)"))
        conn.execute(text(f"INSERT INTO warroom_schema VALUES ('warroom', {version})"))
        conn.execute(
            text(
                "INSERT INTO incident (key, prefix, number, summary, description, severity,"
                " status, service, chat_room, video_link, status_doc_link, detected_at,"
                " support_cases, training, declared_by, declared_at) VALUES ('HOT-7', 'HOT',"
                " 7, 'Old incident', '', 2, 'fixing', 'Unknown', 'HOT-7', '', '',"
                " '2026-01-01 10:00:00', 3, false, 'old', '2026-01-01 10:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO timeline_entry (incident_id, occurred_at, recorded_at, author,"
                " kind, text, undo, edited) SELECT id, '2026-01-01 10:05:00',"
                " '2026-01-01 10:05:00', 'old', 'note', 'kept across upgrades', '', false"
                " FROM incident"
            )
        )
    engine.dispose()
    ctx = Context.open(pg.url(database))
    assert ctx.store.schema_version() == CURRENT_VERSION
    assert [n.text for n in timeline.entries(ctx, "HOT-7")] == ["kept across upgrades"]
    assert incidents.declare(ctx, incidents.Declaration("New", 3), by="me").key == "HOT-8"
    ctx.close()


def test_another_applications_database_is_refused_untouched(pg: PgServer, database: str) -> None:
    with pg.connect(database) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    with pytest.raises(StoreError, match="is a PostgreSQL database but not a warroom store"):
        open_store(pg.url(database))
    assert _tables(pg, database) == {"recipes"}


def test_a_newer_store_is_refused_untouched(pg: PgServer, database: str) -> None:
    open_store(pg.url(database)).close()
    with pg.connect(database) as conn:
        conn.execute(f"UPDATE warroom_schema SET version = {CURRENT_VERSION + 1}")
    before = _tables(pg, database)
    with pytest.raises(StoreError, match="newer warroom"):
        open_store(pg.url(database))
    assert _tables(pg, database) == before


def test_keys_are_unique_when_two_stores_declare_at_once(pg: PgServer) -> None:
    """Two open stores on one database take turns: the advisory lock serialises them."""
    import threading

    pg.create_database("declares", template=TEMPLATE)
    contexts = [Context.open(pg.url("declares")) for _ in range(4)]
    keys: list[str] = []
    lock = threading.Lock()

    def declare(ctx: Context) -> None:
        for n in range(15):
            key = incidents.declare(ctx, incidents.Declaration(f"n{n}", 3), by="x").key
            with lock:
                keys.append(key)

    threads = [threading.Thread(target=declare, args=(c,)) for c in contexts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in contexts:
        c.close()
    assert sorted(keys) == sorted(f"HOT-{n}" for n in range(1, 61))


# -- credentials and the server's refusals, each in one line --------------------------


def test_the_password_may_come_from_pgpassword(
    pg: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    open_store(pg.url(TEMPLATE, password=None)).close()


def test_the_password_may_come_from_a_pgpass_file(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{pg.port}:*:{SUPERUSER}:{PASSWORD}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    open_store(pg.url(TEMPLATE, password=None)).close()


def test_the_server_may_come_from_a_service_file(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[warroom]\nhost=127.0.0.1\nport={pg.port}\nuser={SUPERUSER}\n"
        f"password={PASSWORD}\ndbname={TEMPLATE}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    store = open_store("postgresql+psycopg:///?service=warroom")
    assert store.name == "service=warroom"
    store.close()


def test_a_wrong_password_is_one_line_that_never_shows_it(
    pg: PgServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wrong = "not-the-password-42"
    url = pg.url(TEMPLATE, password=wrong)
    cli = Cli(url, capsys)
    result = cli("list")
    assert result.code == 2
    err = one_error_line(result)
    assert "refused the user or the password" in err
    assert wrong not in result.out + result.err


def test_an_unreachable_server_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql+psycopg://someone:secret-9@127.0.0.1:{free_port()}/warroom"
    result = Cli(url, capsys)("list")
    assert result.code == 2
    assert "cannot reach the server (Connection refused)" in one_error_line(result)
    assert "secret-9" not in result.err


def test_a_missing_database_is_one_line(pg: PgServer, capsys: pytest.CaptureFixture[str]) -> None:
    result = Cli(pg.url("no_such_database"), capsys)("list")
    assert result.code == 2
    assert "has no such database; create it" in one_error_line(result)
    assert PASSWORD not in result.err


def test_postgresql_without_a_driver_means_psycopg(pg: PgServer) -> None:
    url = pg.url(TEMPLATE).replace("postgresql+psycopg://", "postgresql://")
    store = open_store(url)
    assert store.schema_version() == CURRENT_VERSION
    store.close()


def test_the_demo_on_a_server_fills_only_a_new_store(
    pg: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """``warroom --db URL demo`` fills the server's store only when it is new; a team's
    store with incidents is refused in one line before any console opens."""
    pg.create_database("demo_taken", template=TEMPLATE)
    ctx = Context.open(pg.url("demo_taken"))
    incidents.declare(ctx, incidents.Declaration("Real incident", 2), by="im")
    ctx.close()
    result = Cli(pg.url("demo_taken"), capsys)("demo")
    assert result.code == 2
    assert "the demo fills an empty store only" in one_error_line(result)
    ctx = Context.open(pg.url("demo_taken"))
    assert [i.summary for i in list_incidents(ctx, include_resolved=True)] == ["Real incident"]
    ctx.close()


def test_four_first_opens_at_once_make_one_store(pg: PgServer, database: str) -> None:
    """Creating the schema happens under the write lock: the others wait, then find it."""
    import threading

    barrier = threading.Barrier(4)
    failures: list[BaseException] = []

    def first_open() -> None:
        barrier.wait()
        try:
            open_store(pg.url(database)).close()
        except BaseException as err:
            failures.append(err)

    threads = [threading.Thread(target=first_open) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    store = open_store(pg.url(database))
    assert store.schema_version() == CURRENT_VERSION
    assert differences(store.engine) == []
    store.close()
