"""Hostile and broken configuration: the settings file, the catalog, template overrides and
the delivery addresses. Each is refused with exit 2 and one escaped line naming the file
(or the variable), quickly, with nothing written anywhere.

Files that could block a reader (a FIFO) or never end (/dev/zero) are tried in a real
``python -m warroom`` process under a timeout, so a hang fails the test instead of stopping
the suite; the rest run in-process.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from warroom.base.errors import ScenarioError
from warroom.base.textfile import MAX_BYTES
from warroom.config.settings import SettingsInvalid, load_settings
from warroom.scenarios.format import load_scenario

from .cli_support import Cli, Result, one_error_line

# Part of the hostile-input battery: a case that hangs fails.
pytestmark = pytest.mark.timeout(60)

# Raw control, C1 and direction-changing characters: none may reach the terminal.
_RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_HANG_LIMIT = 60  # seconds; the refusals take well under one


@dataclass(frozen=True)
class Files:
    """Where a case puts its files: the user's config folder and a scratch folder."""

    config: Path  # …/warroom, holding warroom.toml, catalog.toml, templates/
    scratch: Path

    @property
    def settings(self) -> Path:
        return self.config / "warroom.toml"

    @property
    def templates(self) -> Path:
        return self.config / "templates"

    def template(self, name: str = "update-email.txt") -> Path:
        self.templates.mkdir(exist_ok=True)
        return self.templates / name


Arrange = Callable[[Files], list[str]]


@dataclass(frozen=True)
class Case:
    says: str  # a fragment of the one line
    settings: str | bytes | None = None  # warroom.toml's content
    env: dict[str, str] = field(default_factory=dict)
    arrange: Arrange | None = None  # makes odd files; returns flags to add
    pass_db: bool = True  # False when the case is about the db setting itself
    in_process: bool = True  # False: a real process under a timeout (FIFOs, devices)


# --- making odd files ---------------------------------------------------------------------


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _loop(path: Path) -> Path:
    path.symlink_to(path.name)  # points at itself
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _link(path: Path, target: str) -> Path:
    path.symlink_to(target)
    return path


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)  # no disk used; reads as NUL bytes
    return path


def _unreadable(path: Path) -> Path:
    path.write_text('user = "x"\n')
    path.chmod(0)
    return path


def _catalog(make: Callable[[Path], Path], name: str = "catalog.toml") -> Arrange:
    return lambda files: ["--catalog", str(make(files.scratch / name))]


def _user_catalog(make: Callable[[Path], Path]) -> Arrange:
    def arrange(files: Files) -> list[str]:
        make(files.config / "catalog.toml")
        return []

    return arrange


def _template(make: Callable[[Path], Path]) -> Arrange:
    def arrange(files: Files) -> list[str]:
        make(files.template())
        return []

    return arrange


def _write(content: bytes) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        path.write_bytes(content)
        return path

    return make


def _settings_file(make: Callable[[Path], Path]) -> Arrange:
    def arrange(files: Files) -> list[str]:
        make(files.settings)
        return []

    return arrange


def _templates_is_a_file(files: Files) -> list[str]:
    files.templates.write_text("not a folder\n")
    return []


_DEEP = "x = " + "[" * 5000 + "]" * 5000 + "\n"
_ROOT = os.geteuid() == 0
_as_root = pytest.mark.skipif(_ROOT, reason="root reads a file whatever its mode")

CASES = {
    # warroom.toml: syntax, types, values
    "settings-syntax": Case("warroom.toml, line 1: TOML syntax error", settings="db =\n"),
    "settings-db-empty": Case(
        "warroom.toml, line 2, field db: is empty", settings='\ndb = ""\n', pass_db=False
    ),
    "settings-db-number": Case(
        "warroom.toml, line 1, field db: Input should be a valid string",
        settings="db = 5\n",
        pass_db=False,
    ),
    "settings-user-list": Case(
        "field user: Input should be a valid string", settings="user = [1]\n"
    ),
    "settings-keymap-number": Case(
        "warroom.toml, line 2, field keymap.declare", settings="[keymap]\ndeclare = 3\n"
    ),
    "settings-keymap-list": Case(
        "field keymap.declare", settings="[keymap]\ndeclare = ['d', 'D']\n"
    ),
    "settings-keymap-not-table": Case("field keymap", settings='keymap = "d"\n'),
    "settings-keymap-escape-key": Case(
        "field keymap.\\x1b]0;owned\\x07", settings='[keymap]\n"\\u001b]0;owned\\u0007" = 5\n'
    ),
    "settings-not-utf8": Case(
        "warroom.toml, line 2: cannot read: not UTF-8 text (byte 20 is 0xff)",
        settings=b'user = "a"\nuser2 = "\xff"\n',
    ),
    "settings-nested": Case("values nested too deeply", settings=_DEEP),
    "settings-catalog-empty": Case("field catalog: is empty", settings='catalog = ""\n'),
    "settings-catalog-nul": Case(
        "catalog a\\x00b: cannot read: the name contains a NUL", settings='catalog = "a\\u0000b"\n'
    ),
    "settings-smtp-port": Case("field smtp_port: must be 1–65535", settings="smtp_port = 70000\n"),
    # warroom.toml: what it is
    "settings-folder": Case(
        "warroom.toml: cannot read: it is a folder", arrange=_settings_file(_mkdir)
    ),
    "settings-loop": Case(
        "warroom.toml: cannot read: Too many levels of symbolic links",
        arrange=_settings_file(_loop),
    ),
    "settings-fifo": Case(
        "warroom.toml: cannot read: it is a named pipe (FIFO)",
        arrange=_settings_file(_fifo),
        in_process=False,
    ),
    "settings-dev-zero": Case(
        "warroom.toml: cannot read: it is a device",
        arrange=_settings_file(lambda p: _link(p, "/dev/zero")),
        in_process=False,
    ),
    "settings-huge": Case(
        "warroom.toml: cannot read: larger than 1 MiB",
        arrange=_settings_file(lambda p: _sparse(p, 2 * MAX_BYTES)),
    ),
    "settings-unreadable": pytest.param(
        Case("warroom.toml: cannot read: Permission denied", arrange=_settings_file(_unreadable)),
        marks=_as_root,
    ),
    # email addresses, in the file and in the environment
    "email-to-not-an-address": Case(
        "field email_to: 'incidents' must be one address", settings='email_to = "incidents"\n'
    ),
    "email-to-empty-list": Case("email_to: give at least one address", settings="email_to = []\n"),
    "email-to-display-name": Case(
        "field email_to: 'Ops <ops@example.com>' must be one bare address",
        settings='email_to = ["Ops <ops@example.com>"]\n',
    ),
    "email-to-two-in-one": Case(
        "field email_to: 'a@example.com, b@example.com' must be one bare address",
        settings='email_to = ["a@example.com, b@example.com"]\n',
    ),
    "email-from-two-ats": Case(
        "field email_from: 'a@b@example.com' must be one address with one @",
        settings='email_from = "a@b@example.com"\n',
    ),
    "email-from-escape": Case(
        "field email_from: 'ops\\x1b]0;owned\\x07@example.com' must be printable ASCII",
        settings='email_from = "ops\\u001b]0;owned\\u0007@example.com"\n',
    ),
    "env-email-to-json-not-string": Case(
        "setting email_to[1] (WARROOM_EMAIL_TO): Input should be a valid string",
        env={"WARROOM_EMAIL_TO": '["a@example.com", 5]'},
    ),
    "env-email-to-broken-json": Case(
        "setting email_to (WARROOM_EMAIL_TO): starts with '[' but is not a JSON list",
        env={"WARROOM_EMAIL_TO": '["a@example.com"'},
    ),
    "env-email-to-semicolon": Case(
        "(WARROOM_EMAIL_TO): 'a@example.com; b@example.com' must be one bare address",
        env={"WARROOM_EMAIL_TO": "a@example.com; b@example.com"},
    ),
    "env-email-from-empty": Case(
        "setting email_from (WARROOM_EMAIL_FROM): '' must be one address",
        env={"WARROOM_EMAIL_FROM": ""},
    ),
    "env-email-from-domain": Case(
        "'ops@example..com' has an empty part in its domain",
        env={"WARROOM_EMAIL_FROM": "ops@example..com"},
    ),
    "env-keymap-json": Case(
        "setting keymap (WARROOM_KEYMAP): is not valid JSON", env={"WARROOM_KEYMAP": "{"}
    ),
    "env-catalog-empty": Case(
        "setting catalog (WARROOM_CATALOG): is empty", env={"WARROOM_CATALOG": " "}
    ),
    # the catalog
    "catalog-fifo": Case(
        "catalog.toml: cannot read: it is a named pipe (FIFO)",
        arrange=_catalog(_fifo),
        in_process=False,
    ),
    "catalog-dev-zero": Case(
        "catalog /dev/zero: cannot read: it is a device",
        arrange=lambda files: ["--catalog", "/dev/zero"],
        in_process=False,
    ),
    "catalog-folder": Case("catalog.toml: cannot read: it is a folder", arrange=_catalog(_mkdir)),
    "catalog-loop": Case(
        "catalog.toml: cannot read: Too many levels of symbolic links", arrange=_catalog(_loop)
    ),
    "catalog-long-name": Case(
        "cannot read: File name too long", arrange=_catalog(lambda p: p, name="c" * 300)
    ),
    "catalog-escape-name": Case(
        "catalog.\\x1b]0;owned\\x07\\u202e.toml: cannot read: No such file",
        arrange=_catalog(lambda p: p, name="catalog.\x1b]0;owned\x07\u202e.toml"),
    ),
    "catalog-not-utf8": Case(
        "catalog.toml, line 2: cannot read: not UTF-8 text (byte 19 is 0xc3)",
        arrange=_catalog(_write(b'key_prefix = "OPS"\n\xc3(\n')),
    ),
    "catalog-huge": Case(
        "catalog.toml: cannot read: larger than 1 MiB",
        arrange=_catalog(lambda p: _sparse(p, MAX_BYTES + 1)),
    ),
    "catalog-nested": Case(
        "catalog.toml: TOML syntax error: values nested too deeply",
        arrange=_catalog(_write(_DEEP.encode())),
    ),
    "catalog-escape-value": Case(
        "uppercase letters A-Z (like 'HOT'), not '\\x1b[2J'",
        arrange=_catalog(_write(b'key_prefix = "\\u001b[2J"\n')),
    ),
    "catalog-unreadable": pytest.param(
        Case("catalog.toml: cannot read: Permission denied", arrange=_catalog(_unreadable)),
        marks=_as_root,
    ),
    "user-catalog-fifo": Case(
        "warroom/catalog.toml: cannot read: it is a named pipe (FIFO)",
        arrange=_user_catalog(_fifo),
        in_process=False,
    ),
    "user-catalog-broken-link": Case(
        "warroom/catalog.toml: cannot read: No such file or directory",
        arrange=_user_catalog(lambda p: _link(p, "gone.toml")),
    ),
    "user-catalog-loop": Case(
        "warroom/catalog.toml: cannot read: Too many levels", arrange=_user_catalog(_loop)
    ),
    # no --db: the default store's folder is not made for a refused command
    "default-store-not-made": Case(
        "warroom/catalog.toml, line 1: cannot read: not UTF-8",
        arrange=_user_catalog(_write(b"\xff\n")),
        pass_db=False,
    ),
    # template overrides
    "templates-a-file": Case("warroom/templates: is not a folder", arrange=_templates_is_a_file),
    "template-fifo": Case(
        "update-email.txt: cannot read: it is a named pipe (FIFO)",
        arrange=_template(_fifo),
        in_process=False,
    ),
    "template-not-utf8": Case(
        "update-email.txt, line 3: cannot read: not UTF-8 text (byte 20 is 0xff)",
        arrange=_template(_write(b"Incident $key\n\nbody \xff\n")),
    ),
    "template-huge": Case(
        "update-email.txt: cannot read: larger than 1 MiB",
        arrange=_template(lambda p: _sparse(p, 3 * MAX_BYTES)),
    ),
    "template-folder": Case(
        "update-email.txt: cannot read: it is a folder", arrange=_template(_mkdir)
    ),
    "template-loop": Case(
        "update-email.txt: cannot read: Too many levels", arrange=_template(_loop)
    ),
    "template-broken-link": Case(
        "update-email.txt: cannot read: No such file",
        arrange=_template(lambda p: _link(p, "gone.txt")),
    ),
}


# --- running a case -----------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Files:
    """Every folder warroom may touch is under tmp_path, so one snapshot covers them all."""
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    config = tmp_path / "config" / "warroom"
    config.mkdir(parents=True)
    scratch = tmp_path / "files"
    scratch.mkdir()
    return Files(config, scratch)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """A store holding one incident, made before any broken configuration is put in place."""
    cli = Cli(tmp_path / "store" / "w.db", capsys)
    cli.db.parent.mkdir()
    cli.ok("declare", "--summary", "Git push fails", "--severity", "1")
    return cli


Snapshot = dict[str, tuple[int, int, bytes | None]]


def _snapshot(root: Path) -> Snapshot:
    """Every entry under ``root``: its kind, its size and, for small files, its bytes."""
    seen: Snapshot = {}
    for folder, folders, names in os.walk(root):
        for name in folders + names:
            path = Path(folder, name)
            info = path.lstat()
            small = stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES
            content = path.read_bytes() if small and info.st_mode & stat.S_IRUSR else None
            seen[str(path.relative_to(root))] = (stat.S_IFMT(info.st_mode), info.st_size, content)
    return seen


def _in_a_process(cli: Cli, argv: list[str]) -> Result:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "warroom", *argv],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="backslashreplace",
            cwd=cli.db.parent,
            env=dict(os.environ),
            timeout=_HANG_LIMIT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"warroom {' '.join(argv)} hung for {_HANG_LIMIT} s")
    return Result(done.returncode, done.stdout, done.stderr)


WRITE = ["declare", "--summary", "must not be stored", "--severity", "2"]


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_broken_configuration_is_refused_in_one_line_touching_nothing(
    case: Case, cli: Cli, files: Files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if case.settings is not None:
        content = case.settings if isinstance(case.settings, bytes) else case.settings.encode()
        files.settings.write_bytes(content)
    flags = case.arrange(files) if case.arrange else []
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    argv = [*(["--db", str(cli.db)] if case.pass_db else []), *flags, *WRITE]
    before = _snapshot(tmp_path)

    result = cli(*argv, db=False) if case.in_process else _in_a_process(cli, argv)

    err = one_error_line(result)
    assert err.startswith("warroom: error: "), err
    assert "Traceback" not in err
    assert not _RAW.search(err), err
    assert case.says in err, err
    assert _snapshot(tmp_path) == before


# --- class 11: what WARROOM_EMAIL_TO takes -----------------------------------------------


@pytest.mark.parametrize(
    ("value", "addresses"),
    [
        ("ops@example.com", ("ops@example.com",)),
        ("a@example.com, b@example.com", ("a@example.com", "b@example.com")),
        ('["a@example.com", "b@example.com"]', ("a@example.com", "b@example.com")),
        (' ["ops@example.com"] ', ("ops@example.com",)),
    ],
    ids=["one", "comma-list", "json-list", "json-one"],
)
def test_email_to_takes_a_comma_list_or_a_json_list(
    monkeypatch: pytest.MonkeyPatch, value: str, addresses: tuple[str, ...]
) -> None:
    monkeypatch.setenv("WARROOM_EMAIL_TO", value)
    assert load_settings().delivery().email_to == addresses


def test_email_to_in_the_settings_file_is_a_list_or_a_comma_list(files: Files) -> None:
    files.settings.write_text('email_to = ["a@example.com", "b@example.com"]\n')
    assert load_settings().email_to == ("a@example.com", "b@example.com")
    files.settings.write_text('email_to = "a@example.com, b@example.com"\n')
    assert load_settings().email_to == ("a@example.com", "b@example.com")


def test_a_flag_is_named_when_it_is_the_setting_refused(files: Files) -> None:
    files.settings.write_text('catalog = "/etc/catalog.toml"\n')  # the flag wins over it
    with pytest.raises(SettingsInvalid) as caught:
        load_settings(catalog="  ")
    assert str(caught.value) == "setting catalog (--catalog): is empty; give a file path"


def test_the_variable_is_named_when_it_overrides_the_file(
    files: Files, monkeypatch: pytest.MonkeyPatch
) -> None:
    files.settings.write_text('email_to = ["ops@example.com"]\n')
    monkeypatch.setenv("WARROOM_EMAIL_TO", "ops")
    with pytest.raises(SettingsInvalid, match=r"^setting email_to \(WARROOM_EMAIL_TO\): 'ops' "):
        load_settings()


# --- scenario files are read the same way -------------------------------------------------


def test_a_huge_scenario_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "story.toml", 64 * MAX_BYTES)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert (
        str(caught.value)
        == f"scenario {path}: cannot read: larger than 1 MiB, the most warroom reads"
    )
