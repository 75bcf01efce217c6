"""``warroom serve``: who may reach it, what its page loads, and what its consoles inherit.

The rules (``cli.serve_access``) are checked directly; the server as a real process on a
free 127.0.0.1 port, asked over HTTP as a browser and as an intruder would. The browser
itself is in ``test_serve_browser.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from warroom.cli.serve_access import (
    TOKEN_ENV,
    Access,
    PublicUrl,
    ServeRefused,
    is_loopback,
    new_token,
    token_matches,
)

from .cli_support import Cli, one_error_line
from .serve_support import (
    UPGRADE,
    consoles_of,
    css_references,
    off_host,
    page_references,
    serving,
    wait_until,
)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc; serves on Linux")


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


@pytest.fixture
def store(cli: Cli, db_path: Path) -> Path:
    cli.ok("declare", "--summary", "Git push fails", "--severity", "1", "--by", "monitoring")
    return db_path


@pytest.fixture
def token_file(tmp_path: Path) -> tuple[Path, str]:
    token = new_token()
    path = tmp_path / "token"
    path.write_text(token + "\n")
    path.chmod(0o600)
    return path, token


# --- the rules ------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.2.1", "localhost", "LOCALHOST.", "::1"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.0.2.10", "10.0.0.1", "warroom.lan"])
def test_hosts_other_machines_can_reach(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(ServeRefused, match="can be reached from other machines"):
        Access.of(host, None, None)


def test_on_loopback_only_loopback_names_are_answered() -> None:
    access = Access.of("127.0.0.1", None, None)
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LocalHost:8000"):
        assert access.host_allowed(host), host
    # DNS rebinding: a page at an attacker's name that resolves to 127.0.0.1.
    for host in ("evil.example:8000", "127.0.0.1.evil.example", "", None, "[::1"):
        assert not access.host_allowed(host), host


def test_a_websocket_must_come_from_the_console_page() -> None:
    access = Access.of("127.0.0.1", new_token(), None)
    host = "127.0.0.1:8000"
    assert access.origin_allowed("http://127.0.0.1:8000", host)
    for origin in (
        None,
        "",
        "null",
        "http://evil.example",
        "http://127.0.0.1:8001",  # another server on this machine
        "http://evil.example:8000",
        "file://",
    ):
        assert not access.origin_allowed(origin, host), origin
    # The same origin as its Host, but a host name this server does not answer to.
    assert not access.origin_allowed("http://evil.example:8000", "evil.example:8000")


def test_behind_a_reverse_proxy_the_public_url_is_the_origin() -> None:
    public = PublicUrl.parse("https://warroom.example.com")
    assert str(public) == "https://warroom.example.com/"
    access = Access.of("127.0.0.1", None, public)
    assert access.host_allowed("warroom.example.com")
    assert access.origin_allowed("https://warroom.example.com", "127.0.0.1:8000")
    assert not access.origin_allowed("http://warroom.example.com", "127.0.0.1:8000")
    for bad in ("warroom.example.com", "ftp://x", "https://u:p@x/", "https://x/?q=1", "http://"):
        with pytest.raises(ServeRefused):
            PublicUrl.parse(bad)


def test_listening_on_every_address_leaves_host_names_to_the_token() -> None:
    access = Access.of("0.0.0.0", new_token(), None)
    assert access.host_names is None and access.host_allowed("anything:8000")


def test_tokens_compare_whole() -> None:
    token = new_token()
    assert len(token) >= 40 and token != new_token()
    assert token_matches(token, token)
    for given in (None, "", token[:-1], token + "x", token.upper(), "é" * 43):
        assert not token_matches(given, token)


# --- the command line refuses before serving ------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "warroom.lan"])
def test_beyond_loopback_without_a_token_is_refused(cli: Cli, store: Path, host: str) -> None:
    line = one_error_line(cli("serve", "--host", host))
    assert "can be reached from other machines" in line and "token" in line


def test_a_weak_or_missing_token_is_refused(
    cli: Cli, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = tmp_path / "short"
    short.write_text("hunter2\n")
    assert "at least 16" in one_error_line(cli("serve", "--token-file", str(short)))
    assert "cannot read" in one_error_line(cli("serve", "--token-file", str(tmp_path / "none")))
    spaced = tmp_path / "spaced"
    spaced.write_text("a token with spaces in it\n")
    assert "may hold only" in one_error_line(cli("serve", "--token-file", str(spaced)))
    monkeypatch.setenv(TOKEN_ENV, "short")
    line = one_error_line(cli("serve", "--host", "0.0.0.0"))
    assert TOKEN_ENV in line and "short" not in line.split(TOKEN_ENV)[1]
    # Both ways of giving a token at once: which one was meant?
    line = one_error_line(cli("serve", "--token-file", str(short), "--new-token"))
    assert "not allowed with" in line


def test_a_bad_port_or_public_url_is_refused(cli: Cli, store: Path) -> None:
    assert "port" in one_error_line(cli("serve", "--port", "0"))
    assert "port" in one_error_line(cli("serve", "--port", "http"))
    assert "--public-url" in one_error_line(cli("serve", "--public-url", "warroom.example"))


def test_a_store_a_console_would_refuse_is_refused_before_serving(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("not a store\n")
    assert "store" in one_error_line(cli("serve", db=other))


# --- the server, as a browser and an intruder reach it --------------------------------


def test_the_page_and_everything_it_loads_come_from_this_server(
    store: Path, tmp_path: Path
) -> None:
    with serving(store, cwd=tmp_path) as served:
        page = served.get("/")
        assert page.status == 200, page.text
        policy = page.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        references = page_references(page.text)
        assert "static/js/textual.js" in references
        assert any(r.endswith(".ttf") for r in references)  # the font, from here
        assert off_host(served.origin + "/", references) == []
        for reference in references:
            asset = served.get("/" + reference.lstrip("/"))
            assert asset.status == 200, reference
            if reference.endswith(".css"):
                inner = css_references(asset.text)
                assert off_host(served.origin + "/" + reference, inner) == [], reference


def test_the_asset_check_finds_what_textual_serve_loads_from_elsewhere() -> None:
    """The check above can fail: textual-serve's own page loads its font from Google."""
    import textual_serve

    own = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    references = page_references(own.read_text())
    assert off_host("http://127.0.0.1:8000/", references) == [
        "https://fonts.googleapis.com/css?family=Roboto%20Mono"
    ]
    assert off_host("http://127.0.0.1/", ["//cdn.example/x.js", "/a.js", "b.css", "data:,x"]) == [
        "//cdn.example/x.js"
    ]


def test_without_the_token_nothing_is_served(
    store: Path, tmp_path: Path, token_file: tuple[Path, str]
) -> None:
    path, token = token_file
    with serving(store, "--token-file", str(path), cwd=tmp_path) as served:
        refused = [
            "/",
            "/static/js/textual.js",
            "/static/fonts/RobotoMono-VariableFont_wght.ttf",
            "/download/anything",
            "/?token=" + "x" * len(token),
            "/?token=" + token[:-1],
        ]
        for path_asked in refused:
            answer = served.get(path_asked)
            assert answer.status == 401, path_asked
            assert b"<html" not in answer.body.lower() and b"textual" not in answer.body
            assert "set-cookie" not in answer.headers
        for header in ({"Authorization": "Bearer wrong"}, {"Cookie": "warroom_token_1=" + token}):
            assert served.get("/", header).status == 401
        assert served.get("/ws", {**UPGRADE, "Origin": served.origin}).status == 401

        bearer = served.get("/", {"Authorization": f"Bearer {token}"})
        assert bearer.status == 200 and b"textual.js" in bearer.body
        first = served.get(f"/?token={token}")
        assert first.status == 200 and b"textual.js" in first.body
        cookie = first.headers["Set-Cookie"]
        assert cookie.startswith(f"warroom_token_{served.port}={token};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        jar = {"Cookie": f"warroom_token_{served.port}={token}"}
        assert served.get("/static/css/xterm.css", jar).status == 200
        assert "token=…" in served.line and token not in served.line
    assert token not in served.log.read_text()  # the access log names paths, never queries


def test_another_site_cannot_open_the_console(
    store: Path, tmp_path: Path, token_file: tuple[Path, str]
) -> None:
    path, token = token_file
    with serving(store, "--token-file", str(path), cwd=tmp_path) as served:
        jar = {"Cookie": f"warroom_token_{served.port}={token}"}
        for origin in ("http://evil.example", "null", f"http://localhost:{served.port + 1}"):
            assert served.get("/ws", {**UPGRADE, **jar, "Origin": origin}).status == 403
        assert served.get("/ws", {**UPGRADE, **jar}).status == 403  # no Origin at all
        assert served.get("/ws", {**UPGRADE, **jar, "Origin": served.origin}).status == 101


def test_a_page_at_another_host_name_is_refused(store: Path, tmp_path: Path) -> None:
    """DNS rebinding: without a token, a site whose name points at 127.0.0.1 gets nothing."""
    with serving(store, cwd=tmp_path) as served:
        evil = f"evil.example:{served.port}"
        answer = served.get("/", {"Host": evil})
        assert answer.status == 403 and b"<html" not in answer.body.lower()
        origin = {"Host": evil, "Origin": f"http://{evil}"}
        assert served.get("/ws", {**UPGRADE, **origin}).status == 403
        assert served.get("/", {"Host": f"localhost:{served.port}"}).status == 200


def test_a_new_token_is_printed_once_in_the_url(store: Path, tmp_path: Path) -> None:
    with serving(store, "--new-token", cwd=tmp_path) as served:
        url = served.line.split("open ", 1)[1].split()[0]
        assert url.startswith(served.origin + "/?token=")
        token = url.split("token=", 1)[1]
        assert served.get("/").status == 401
        assert served.get(f"/?token={token}").status == 200
    assert token not in served.log.read_text()


def test_each_console_gets_the_store_and_user_but_no_token(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative --db reaches the consoles absolute, through the environment rather than
    a command line; the token stays with the server; stopping it ends every console."""
    token = new_token()
    monkeypatch.setenv(TOKEN_ENV, token)
    absolute = store.resolve()
    with serving(store.name, "--user", "scribe", cwd=store.parent) as served:
        assert f"the console for scribe on {absolute}:" in served.line
        jar = {"Cookie": f"warroom_token_{served.port}={token}"}
        with served.websocket({**jar, "Origin": served.origin}) as status:
            assert status == 101
            wait_until(lambda: consoles_of(absolute), "a console process on the store")
            for command, environment in consoles_of(absolute).values():
                assert environment["WARROOM_DB"] == str(absolute)
                assert environment["WARROOM_USER"] == "scribe"
                assert TOKEN_ENV not in environment
                assert not any(store.name in part for part in command), command
                assert not any(token in part for part in command)
            assert served.stop() == 0
    wait_until(lambda: not consoles_of(absolute), "every console ended with the server")


def test_what_serve_prints_is_escaped(store: Path, tmp_path: Path) -> None:
    """A user name (or a store's file name) is shown, never obeyed by the terminal."""
    hostile = "ana\x1b]0;owned\x07\u202e"
    with serving(store, "--user", hostile, cwd=tmp_path) as served:
        assert served.get("/%1B%5B31m").status == 404  # the access log names the path, decoded
    assert "\x1b" not in served.line and "\u202e" not in served.line
    assert "ana\\x1b]0;owned\\x07\\u202e" in served.line
    log = served.log.read_text()
    assert "/\\x1b[31m" in log and "\x1b" not in log
