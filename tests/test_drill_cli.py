"""The drill commands, and every other command on a drill store, from the command line.

The sandbox: a drill store's messages and pages reach nobody. Real SMTP and webhook
servers on 127.0.0.1 are configured as a user configures them (``WARROOM_*`` and
``warroom.toml``) and count every connection; a control on an ordinary store shows the
same settings do reach them, so the drill's zero can fail.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from warroom.base.clock import SystemClock
from warroom.base.locations import config_file, data_dir
from warroom.process.context import Context
from warroom.scenarios.drill_session import join

from .cli_support import Cli, one_error_line
from .servers import SmtpServer, WebhookServer

FIELDS = [
    "summary=Wiki saves fail for some customers. We are rolling back.",
    "current_status=the team found the cause; a rollback is running",
    "next_steps=finish the rollback; watch the error rate",
    "next_update=in 30 minutes",
    "impact=some customers cannot save Wiki pages",
    "internal_affected=none",
    "external_affected=about 30%",
    "root_cause=a configuration change",
    "recovery=within 30 minutes",
]
TUTORIAL_TITLE = "Tutorial: wiki pages will not save"


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Runs warroom from a folder of its own, which must stay empty: a drill's outbox is
    beside its store, never in the folder it was started from."""
    here = tmp_path / "here"
    here.mkdir()
    os.chdir(here)  # restored by the fixture below
    return Cli(tmp_path / "drills" / "wiki.db", capsys)


@pytest.fixture(autouse=True)
def _back_to_where_we_were() -> Iterator[None]:
    before = os.getcwd()
    yield
    os.chdir(before)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "drills" / "wiki.db"


def _start(cli: Cli, store: Path, *more: str) -> str:
    return cli.ok(
        "drill", "start", "tutorial", "--no-console", "--store", str(store), *more, db=False
    )


# ---------------------------------------------------------------- drill start


def test_drill_start_makes_the_store_and_says_how_to_join(cli: Cli, store: Path) -> None:
    out = _start(cli, store, "--speed", "4")
    assert out.splitlines() == [
        f"Drill started: {TUTORIAL_TITLE} (speed ×4)",
        f"Drill store:   {store}",
        f"Trainees join: warroom --db {store} --user YOUR-NAME",
        "The drill clock waits, paused, until the trainer starts it (space).",
        f"Trainer:       warroom drill trainer {store}",
    ]
    ctx = Context.open(store)
    try:
        session = join(ctx, SystemClock())
        assert session is not None
        assert (session.drill.drill.title, session.record.time.speed) == (TUTORIAL_TITLE, 4)
        # Paused where it began, until the trainer starts it: no time passes meanwhile.
        assert session.record.time.paused and session.now() == session.started
        assert session.record.run.scenario_name.endswith("tutorial.toml")
    finally:
        ctx.close()
    # The trainee's command works: the ordinary console's commands, on the drill.
    assert cli.ok("declare", "--summary", "Wiki saves fail", "--severity", "2").strip() == "DRILL-1"
    assert cli.show("DRILL-1")["training"] is True


def test_drill_start_without_a_store_makes_one_in_the_data_folder(cli: Cli) -> None:
    out = cli.ok("drill", "start", "tutorial", "--no-console", db=False)
    [made] = (data_dir() / "drills").glob("tutorial-*.db")
    assert f"Drill store:   {made}\n" in out
    assert f"Trainees join: warroom --db {made} --user YOUR-NAME\n" in out
    assert list(Path.cwd().iterdir()) == []
    assert cli.ok("declare", "--summary", "Wiki", "--severity", "2", db=made).strip() == "DRILL-1"


@pytest.mark.parametrize("speed", ["0", "-1", "nan", "inf", "61", "fast", ""])
def test_drill_start_refuses_a_bad_speed_and_makes_nothing(
    cli: Cli, store: Path, speed: str
) -> None:
    result = cli(
        "drill",
        "start",
        "tutorial",
        "--no-console",
        "--store",
        str(store),
        f"--speed={speed}",
        db=False,
    )
    error = one_error_line(result)
    assert error.startswith("warroom: error: ")
    assert "speed" in error
    assert not store.parent.exists()


def test_drill_start_names_the_drills_it_knows(cli: Cli, store: Path) -> None:
    result = cli("drill", "start", "wiki-outage", "--no-console", "--store", str(store), db=False)
    error = one_error_line(result)
    assert (
        "no drill named 'wiki-outage'; the drills are: aws-s3-2017, cloudflare-waf-2019," in error
    )
    assert error.rstrip().endswith(", slack-2021, tutorial")
    assert not store.parent.exists()


def test_drill_start_takes_a_drill_file_and_an_organisations_own(
    cli: Cli, store: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.toml"
    shipped = Path(__file__).parent.parent / "data" / "scenarios" / "drills" / "tutorial.toml"
    mine.write_text(
        shipped.read_text("utf-8").replace(TUTORIAL_TITLE, "Our own wiki drill"), "utf-8"
    )
    out = cli.ok("drill", "start", str(mine), "--no-console", "--store", str(store), db=False)
    assert out.startswith("Drill started: Our own wiki drill (speed ×1)\n")

    own = config_file().parent / "scenarios"  # the organisation's drills come first
    own.mkdir(parents=True)
    (own / "tutorial.toml").write_text(mine.read_text("utf-8"), "utf-8")
    other = store.with_name("other.db")
    out = cli.ok("drill", "start", "tutorial", "--no-console", "--store", str(other), db=False)
    assert out.startswith("Drill started: Our own wiki drill")


def _ordinary(cli: Cli, store: Path) -> None:
    store.parent.mkdir(parents=True, exist_ok=True)
    cli.ok("declare", "--summary", "A real incident", "--severity", "2")


def test_drill_start_refuses_a_store_that_exists(cli: Cli, store: Path) -> None:
    _ordinary(cli, store)
    before = store.read_bytes()
    error = one_error_line(
        cli("drill", "start", "tutorial", "--no-console", "--store", str(store), db=False)
    )
    assert f"{store} already exists; a drill starts afresh" in error
    assert store.read_bytes() == before


def test_drill_start_refuses_a_store_it_cannot_make_and_makes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", "utf-8")
    dangling = tmp_path / "link.db"
    dangling.symlink_to(tmp_path / "nowhere" / "x.db")
    for name, refusal in [
        ("", "store: is empty; give the file to make the drill store in"),
        ("   ", "store: is empty"),
        (str(a_file / "d.db"), f"store {a_file / 'd.db'}: cannot make its folder"),
        (str(dangling), f"store: {dangling} already exists; a drill starts afresh"),
        ("sqlite:drill.db", "looks like a URL"),
        ("drill.db-wal", "is a companion file of an SQLite store"),
    ]:
        result = cli("drill", "start", "tutorial", "--no-console", "--store", name, db=False)
        assert refusal in one_error_line(result), name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here", "link.db", "notes.txt"]
    assert list(Path.cwd().iterdir()) == []
    assert not (data_dir() / "drills").exists()  # an empty --store is not the default


def test_drill_start_takes_a_sqlite_url(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "by-url.db"
    out = cli.ok(
        "drill", "start", "tutorial", "--no-console", "--store", f"sqlite:///{store}", db=False
    )
    assert f"Drill store:   {store}\n" in out
    assert store.is_file() and list(Path.cwd().iterdir()) == []


def test_drill_start_refuses_a_drill_that_does_not_check(
    cli: Cli, store: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[drill]\ntitle = "x"\n', "utf-8")
    error = one_error_line(
        cli("drill", "start", str(bad), "--no-console", "--store", str(store), db=False)
    )
    assert str(bad) in error
    assert not store.parent.exists()


# ---------------------------------------------------------------- trainer and debrief


@pytest.mark.parametrize("command", ["trainer", "debrief"])
def test_trainer_and_debrief_refuse_an_ordinary_store(cli: Cli, store: Path, command: str) -> None:
    _ordinary(cli, store)
    before = store.read_bytes()
    error = one_error_line(cli("drill", command, str(store), db=False))
    assert f"store {store}: holds no drill; 'drill start' makes one" in error
    assert store.read_bytes() == before


@pytest.mark.parametrize("command", ["trainer", "debrief"])
@pytest.mark.parametrize("name", ["missing.db", ""])
def test_trainer_and_debrief_refuse_a_missing_store(
    cli: Cli, tmp_path: Path, command: str, name: str
) -> None:
    missing = tmp_path / name if name else ""
    error = one_error_line(cli("drill", command, str(missing), db=False))
    assert "does not exist" in error if name else "is empty" in error
    assert not (tmp_path / "missing.db").exists()
    assert list(Path.cwd().iterdir()) == []


def test_debrief_of_a_drill_store_in_each_format(cli: Cli, store: Path) -> None:
    _start(cli, store, "--speed", "60")
    cli.ok("declare", "--summary", "Wiki saves fail", "--severity", "2")
    said = json.loads(cli.ok("drill", "debrief", str(store), "--format", "json", db=False))
    assert said["title"] == TUTORIAL_TITLE
    markdown = cli.ok("drill", "debrief", str(store), db=False)
    assert TUTORIAL_TITLE in markdown and "time to declare" in markdown
    html = cli.ok("drill", "debrief", str(store), "--format", "html", db=False)
    assert html.lstrip().lower().startswith("<!doctype html")


# ---------------------------------------------------------------- the sandbox


@pytest.fixture
def configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer, hook: WebhookServer
) -> Path:
    """SMTP from the environment, the webhook and the recipients from warroom.toml, the
    outbox from both: as a user sets them up. Returns the configured outbox."""
    for name in ("WARROOM_SMTP_USER", "WARROOM_SMTP_PASSWORD", "WARROOM_WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    outbox = tmp_path / "real-outbox"
    monkeypatch.setenv("WARROOM_OUTBOX", str(outbox))
    monkeypatch.setenv("WARROOM_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WARROOM_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("WARROOM_SMTP_STARTTLS", "false")
    monkeypatch.setenv("WARROOM_SMTP_TIMEOUT", "2")
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(
        f'webhook_url = "{hook.url}/status"\nwebhook_timeout = 2\n'
        'email_to = ["major-incidents@example.com"]\n',
        "utf-8",
    )
    return outbox


def _respond(cli: Cli, key: str) -> list[str]:
    """Declare, take, page, assess and send on every channel, then an update by email."""
    cli.db.parent.mkdir(parents=True, exist_ok=True)
    assert cli.ok("declare", "--summary", "Wiki saves fail", "--severity", "2").strip() == key
    cli.ok("--user", "alice", "take", key)
    cli.ok("page", key, "Work Management", "--reason", "Wiki saves fail")
    for number in range(1, 7):
        cli.ok("assess", key, str(number), "unknown")
    said = [
        cli.ok("send", key, "--phase", "initial", "--channel", channel)
        for channel in ("internal", "email", "external")
    ]
    fields = [arg for field in FIELDS for arg in ("--set", field)]
    said.append(cli.ok("send", key, "--phase", "update", "--channel", "email", *fields))
    return said


def test_a_drill_store_reaches_no_server_however_delivery_is_configured(
    cli: Cli, store: Path, configured: Path, smtp: SmtpServer, hook: WebhookServer, tmp_path: Path
) -> None:
    _start(cli, store, "--speed", "60")
    said = _respond(cli, "DRILL-1")

    assert (smtp.connections, hook.connections) == (0, 0)
    assert (smtp.received, hook.received) == ([], [])
    for out in said:
        assert " smtp:" not in out and " webhook:" not in out
    assert not configured.exists()  # the configured outbox: untouched
    assert list(Path.cwd().iterdir()) == []
    drill_outbox = tmp_path / "drills" / "wiki.db.outbox"
    files = sorted(path.name for path in drill_outbox.iterdir() if path.is_file())
    # internal: .json and .txt; two emails; external: .json
    assert len(files) == 5, files
    assert all("-DRILL-1-DRILL-msg" in name for name in files), files
    assert sum(name.endswith(".eml") for name in files) == 2
    [notice] = (drill_outbox / "pages").iterdir()  # the page, there too
    assert "-DRILL-1-DRILL-page" in notice.name


def test_control_the_same_settings_reach_both_servers_from_an_ordinary_store(
    cli: Cli, configured: Path, smtp: SmtpServer, hook: WebhookServer
) -> None:
    said = _respond(cli, "HOT-1")

    # The two emails, and the page to the on-call person's own address.
    assert smtp.connections == 3 and len(smtp.received) == 3
    assert hook.connections == 2 and len(hook.received) == 2  # both status pages
    assert "smtp: delivered" in said[1] and "webhook: delivered" in said[2]
    assert len([path for path in configured.iterdir() if path.is_file()]) == 5
    assert len(list((configured / "pages").iterdir())) == 1
