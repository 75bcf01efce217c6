"""Values that load but cannot be used: a handover after 1e308 hours, a cadence of 2⁶³−1
minutes, an escalation level's timeout of thousands of years, an infinite SMTP timeout, a
product name no command takes, an address that is not one, a password in warroom.toml.
Each is refused when the file is read — exit 2, one line naming the file, the line and the
field — and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from warroom.base.locations import shipped_data

from .cli_support import Cli, one_error_line
from .test_catalog import VALID, line_of, replace_once
from .test_config_faults import _RAW, WRITE, _snapshot
from .test_policies import WITH_POLICIES

pytestmark = pytest.mark.timeout(60)

_LONG = "p" * 5000  # 5000 bytes
_WIDE = "é" * 129  # 129 characters, 258 bytes: over 256 B however it is counted
_SECRET = "hunter2-do-not-print"


@dataclass(frozen=True)
class Case:
    """A catalog made from ``base`` with one line replaced, or a warroom.toml, or both."""

    field: str  # the field the line names
    says: str = ""  # a further fragment of the line
    catalog: tuple[str, str] | None = None  # (old, new): a line of ``base`` replaced
    base: str = VALID  # the catalog a line is replaced in
    settings: str | None = None  # warroom.toml's text
    env: dict[str, str] = field(default_factory=dict)
    line: int | None = None  # for warroom.toml; a catalog's is found from ``new``
    never: str = ""  # must not appear in the line (a secret)


def _cat(old: str, new: str, field: str, says: str = "") -> Case:
    return Case(field, says, catalog=(old, new))


def _policy(old: str, new: str, field: str, says: str = "") -> Case:
    """A line of a catalog with escalation policies and people replaced."""
    return Case(field, says, catalog=(old, new), base=WITH_POLICIES)


def _toml(text: str, field: str, says: str = "", line: int = 1, never: str = "") -> Case:
    return Case(field, says, settings=text, line=line, never=never)


_HANDOVER = "handover_after_hours = 3.5"
_CADENCE = "update_every_minutes = 60"

CASES = {
    # 1. the handover reminder: timedelta(hours=…) overflows past about 2.4e10 hours
    "handover-1e308": _cat(
        _HANDOVER, "handover_after_hours = 1e308", "handover_after_hours", "at most 168 hours"
    ),
    "handover-3e10": _cat(_HANDOVER, "handover_after_hours = 3e10", "handover_after_hours"),
    "handover-over-a-week": _cat(
        _HANDOVER, "handover_after_hours = 168.5", "handover_after_hours", "not 168.5"
    ),
    # 2. the comms cadence: timedelta(minutes=…) overflows
    "cadence-2**63-1": _cat(
        _CADENCE,
        "update_every_minutes = 9223372036854775807",
        "severities[1].update_every_minutes",
        "at most 1440 minutes",
    ),
    "cadence-over-a-day": _cat(
        _CADENCE, "update_every_minutes = 1441", "severities[1].update_every_minutes"
    ),
    # 4. names the commands would refuse (256 bytes, base/limits.NAME)
    "product-name": _cat(
        'name = "Wiki"', f'name = "{_LONG}"', "products[1].name", "5 KiB is over the 256 B limit"
    ),
    "product-name-bytes": _cat(
        'name = "Wiki"', f'name = "{_WIDE}"', "products[1].name", "258 B is over the 256 B"
    ),
    "team-name": _cat('name = "Platform"', f'name = "{_LONG}"', "teams[0].name"),
    "roster-handle": _cat(
        'roster = ["ana.silva", "li.wei"]',
        f'roster = ["ana.silva", "{_LONG}"]',
        "teams[0].roster[1]",
        "over the 256 B limit",
    ),
    "service-name": _cat('name = "Repos Web"', f'name = "{_WIDE}"', "services[1].name"),
    "service-team": _cat(
        'team = "platform"  # references are case-insensitive',
        f'team = "{_LONG}"',
        "services[1].team",
        "over the 256 B limit",
    ),
    "service-product": _cat(
        'products = ["Repos"]',
        f'products = ["Repos", "{_LONG}"]',
        "services[1].products[1]",
        "over the 256 B limit",
    ),
    # an escalation level's timeout and a policy's repeats: pages scheduled past any use
    "level-timeout-2**63-1": _policy(
        "timeout_minutes = 5",
        "timeout_minutes = 9223372036854775807",
        "escalation_policies[1].levels[0].timeout_minutes",
        "at most 1440 minutes (a day), not 9223372036854775807",
    ),
    "level-timeout-digits": _policy(
        "timeout_minutes = 10",
        "timeout_minutes = 1" + "0" * 4000,
        "escalation_policies[0].levels[0].timeout_minutes",
        "not a number of 4001 digits",
    ),
    "level-timeout-zero": _policy(
        "timeout_minutes = 5",
        "timeout_minutes = 0",
        "escalation_policies[1].levels[0].timeout_minutes",
        "not 0",
    ),
    "policy-repeat": _policy(
        "repeat = 1", "repeat = 1000", "escalation_policies[0].repeat", "from 0 to 9"
    ),
    # an address that is not one, where mail headers are made from it
    "person-email-two": _policy(
        'email = "li.wei@example.com"',
        'email = "li.wei@example.com, ana.silva@example.com"',
        "people[1].email",
        "must be one bare address",
    ),
    "person-email-escape": _policy(
        'email = "li.wei@example.com"',
        'email = "li\\u001b]0;owned\\u0007@example.com"',
        "people[1].email",
        "'li\\x1b]0;owned\\x07@example.com' must be printable ASCII",
    ),
    "person-email-line-break": _policy(
        'email = "li.wei@example.com"',
        'email = "li.wei@example.com\\nBcc: all@example.com"',
        "people[1].email",
        "must be one line",
    ),
    "person-name": _policy(
        'name = "nadia.kovacs"', f'name = "{_LONG}"', "people[2].name", "over the 256 B limit"
    ),
    # 3. delivery timeouts: socket timeouts overflow past about 9.2e9 s
    "smtp-timeout-inf": _toml(
        'user = "alice"\nsmtp_timeout = inf\n',
        "smtp_timeout",
        "at most 600 seconds, not inf",
        line=2,
    ),
    "smtp-timeout-1e10": _toml("smtp_timeout = 1e10\n", "smtp_timeout"),
    "smtp-timeout-601": _toml("smtp_timeout = 601\n", "smtp_timeout"),
    "webhook-timeout-inf": _toml("\n\nwebhook_timeout = inf\n", "webhook_timeout", line=3),
    "webhook-timeout-1e10": _toml("webhook_timeout = 1e10\n", "webhook_timeout"),
    # 5. keys warroom.toml does not take; credentials come only from the environment
    "smtp-password": _toml(
        f'smtp_host = "mail.example.com"\nsmtp_password = "{_SECRET}"\n',
        "smtp_password",
        "read only from the environment (WARROOM_SMTP_PASSWORD)",
        line=2,
        never=_SECRET,
    ),
    "smtp-user": _toml(
        f'smtp_user = "{_SECRET}"\n',
        "smtp_user",
        "read only from the environment (WARROOM_SMTP_USER)",
        never=_SECRET,
    ),
    "pagerduty-routing-key": _toml(
        f'pagerduty_url = "https://events.pagerduty.com/v2/enqueue"\n'
        f'pagerduty_routing_key = "{_SECRET}"\n',
        "pagerduty_routing_key",
        "read only from the environment (WARROOM_PAGERDUTY_ROUTING_KEY)",
        line=2,
        never=_SECRET,
    ),
    "opsgenie-api-key": _toml(
        f'opsgenie_api_key = "{_SECRET}"\n',
        "opsgenie_api_key",
        "read only from the environment (WARROOM_OPSGENIE_API_KEY)",
        never=_SECRET,
    ),
    "smtp-password-table": _toml(
        f'db_x = 1\n[smtp]\npassword = "{_SECRET}"\n',
        "db_x",
        "unknown setting",
        never=_SECRET,
    ),
    "unknown-table": _toml(
        f'[smtp]\npassword = "{_SECRET}"\n', "smtp", "unknown setting", never=_SECRET
    ),
    "long-key": _toml(
        '"\\u001b[2J' + "k" * 5000 + '" = 1\n',
        "\\x1b[2J" + "k" * 56 + "…",
        "the settings are catalog, db",
    ),
    "misspelt": _toml(
        'user = "alice"\n\nsmtp_hots = "mail.example.com"\n',
        "smtp_hots",
        "did you mean 'smtp_host'",
        line=3,
    ),
    # 6. the HTTP endpoints: http or https only
    "pagerduty-url-ftp": _toml(
        'pagerduty_url = "ftp://events.example.com/v2/enqueue"\n',
        "pagerduty_url",
        "must start with http:// or https://",
    ),
    "page-webhook-url-file": _toml(
        'user = "alice"\npage_webhook_url = "file:///etc/passwd"\n',
        "page_webhook_url",
        "must start with http:// or https://",
        line=2,
    ),
}


@dataclass(frozen=True)
class EnvCase:
    variable: str
    value: str
    says: str


ENV_CASES = {
    "smtp-timeout-inf": EnvCase("WARROOM_SMTP_TIMEOUT", "inf", "at most 600 seconds"),
    "smtp-timeout-1e10": EnvCase("WARROOM_SMTP_TIMEOUT", "1e10", "not 1e+10"),
    "webhook-timeout-infinity": EnvCase("WARROOM_WEBHOOK_TIMEOUT", "Infinity", "not inf"),
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every folder warroom may touch is under tmp_path; the config folder is returned."""
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    for name in (
        "WARROOM_SMTP_TIMEOUT",
        "WARROOM_WEBHOOK_TIMEOUT",
        "WARROOM_CATALOG",
        "WARROOM_PAGE_WEBHOOK_URL",
        "WARROOM_PAGERDUTY_URL",
        "WARROOM_OPSGENIE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "config" / "warroom"
    config.mkdir(parents=True)
    return config


@pytest.fixture
def cli(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """A store holding one incident, made before the configuration is put in place."""
    cli = Cli(tmp_path / "store" / "w.db", capsys)
    cli.db.parent.mkdir()
    cli.ok("declare", "--summary", "Git push fails", "--severity", "1")
    return cli


def _refused(cli: Cli, tmp_path: Path, flags: list[str]) -> str:
    before = _snapshot(tmp_path)
    err = one_error_line(cli(*flags, *WRITE))
    assert err.startswith("warroom: error: "), err
    assert "Traceback" not in err
    assert not _RAW.search(err), err
    assert _snapshot(tmp_path) == before
    return err


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_an_unusable_value_is_refused_naming_file_line_and_field(
    case: Case, cli: Cli, home: Path, tmp_path: Path
) -> None:
    flags: list[str] = []
    if case.catalog is not None:
        old, new = case.catalog
        text = replace_once(case.base, old, new)
        path = tmp_path / "org.toml"
        path.write_text(text, encoding="utf-8")
        flags = ["--catalog", str(path)]
        where = f"catalog {path}, line {line_of(text, new)}, field {case.field}: "
    else:
        assert case.settings is not None
        path = home / "warroom.toml"
        path.write_text(case.settings, encoding="utf-8")
        where = f"settings {path}, line {case.line}, field {case.field}: "

    err = _refused(cli, tmp_path, flags)

    assert where in err, err
    assert case.says in err, err
    if case.never:
        assert case.never not in err, err


@pytest.mark.parametrize("case", list(ENV_CASES.values()), ids=list(ENV_CASES))
def test_an_unusable_timeout_in_the_environment_is_refused_naming_the_variable(
    case: EnvCase, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(case.variable, case.value)
    err = _refused(cli, tmp_path, [])
    field = case.variable.removeprefix("WARROOM_").lower()
    assert f"setting {field} ({case.variable}): " in err, err
    assert case.says in err, err


def test_the_shipped_catalog_a_full_warroom_toml_and_the_bounds_themselves_load(
    cli: Cli, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "warroom.toml").write_text(
        f"""\
user = "alice"
outbox = "{tmp_path / "outbox"}"
email_from = "warroom@example.com"
email_to = ["major-incidents@example.com"]
smtp_host = "mail.example.com"
smtp_port = 587
smtp_starttls = true
smtp_timeout = 600
webhook_url = "https://status.example.com/hook"
webhook_timeout = 0.5
page_webhook_url = "https://hooks.example.com/pages"
pagerduty_url = "https://events.pagerduty.com/v2/enqueue"
opsgenie_url = ""

[keymap]
declare = "D"
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("WARROOM_SMTP_PASSWORD", _SECRET)  # read when sending, not refused
    monkeypatch.setenv("WARROOM_PAGERDUTY_ROUTING_KEY", _SECRET)  # likewise
    monkeypatch.setenv("WARROOM_SOMETHING_ELSE", "shared prefix")  # other tools' variables
    cli.ok("declare", "--summary", "Shipped catalog", "--severity", "2", "--product", "Repos")
    assert cli.show("HOT-2")["summary"] == "Shipped catalog"

    text = VALID
    for old, new in [
        ("handover_after_hours = 3.5", "handover_after_hours = 168"),
        ("update_every_minutes = 240", "update_every_minutes = 1440"),
        ("update_every_minutes = 30", "update_every_minutes = 1"),
        ('name = "Wiki"', f'name = "{"w" * 256}"'),
        ('products = ["Repos", "Wiki"]', f'products = ["Repos", "{"W" * 256}"]'),
        ('roster = ["ana.silva", "li.wei"]', f'roster = ["{"é" * 128}"]'),
    ]:
        text = replace_once(text, old, new)
    catalog = tmp_path / "org.toml"
    catalog.write_text(text, encoding="utf-8")
    out = cli.ok(
        "--catalog",
        str(catalog),
        "declare",
        "--summary",
        "Edge",
        "--severity",
        "3",
        "--product",
        "w" * 256,
    )
    assert out.startswith("OPS-"), out


def test_a_number_of_thousands_of_digits_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Python reads at most 4,300 digits into an int; tomllib then raises a plain
    ValueError, which must become one line like any other mistake in the file."""
    catalog = tmp_path / "catalog.toml"
    text = shipped_data("catalog.toml").read_text("utf-8")
    catalog.write_text(
        text.replace("handover_after_hours = 4.0", "handover_after_hours = 1" + "0" * 5000)
    )
    cli = Cli(tmp_path / "w.db", capsys)
    err = one_error_line(cli("--catalog", str(catalog), "list"))
    assert "a number has too many digits to be read" in err
    assert not cli.db.exists()
