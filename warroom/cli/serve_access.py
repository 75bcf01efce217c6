"""Who may reach ``warroom serve``: its access token, and the host names and origins a
request may come with. Plain rules, without a web server: ``serve_web`` applies them to
every request.

- **The token.** From ``--token-file``, ``--new-token`` (made here, for this run) or
  ``WARROOM_SERVE_TOKEN``; never from a flag's value, which ``ps`` would show. Compared
  with ``hmac.compare_digest``, so the time a wrong guess takes says nothing.
- **The host name** a request names (its ``Host`` header). When the server listens on
  loopback or on one address, only that name, the loopback names and the public URL's
  are answered: a web page whose name an attacker points at 127.0.0.1 (DNS rebinding)
  is refused before anything else is looked at. Listening on every address (``0.0.0.0``),
  the names people use are not known here; the token stands guard.
- **The origin** of a websocket: the page that opened it must be the console's own,
  from this server or the public URL, so another site cannot drive the console from a
  visitor's browser (cross-site websocket hijacking).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from warroom.base.errors import WarroomError
from warroom.base.text import one_line
from warroom.base.textfile import read_text

TOKEN_ENV = "WARROOM_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16
# What a cookie value and a URL carry unchanged: base64 (plain and URL-safe) and hex.
_TOKEN = re.compile(r"[A-Za-z0-9._~+/=-]+")
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_EVERY_ADDRESS = ("", "0.0.0.0", "::")


class ServeRefused(WarroomError):
    """``warroom serve`` cannot serve as asked: a missing or weak token, a bad address."""


def host_name(text: str) -> str:
    """A host as compared here: lower case, no brackets around IPv6, no trailing dot."""
    name = text.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    return name.removesuffix(".")


def is_loopback(host: str) -> bool:
    """Only this machine can reach it: ``localhost`` or an address in 127.0.0.0/8 or ::1.
    Any other name may resolve elsewhere, so it counts as reachable from other machines."""
    name = host_name(host)
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_every_address(host: str) -> bool:
    return host_name(host) in _EVERY_ADDRESS


def new_token() -> str:
    """A fresh access token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def checked_token(token: str, where: str) -> str:
    """The token without surrounding white space, refused if short or oddly written."""
    token = token.strip()
    if len(token) < MIN_TOKEN_LENGTH:
        raise ServeRefused(
            f"serve: the access token ({where}) is {len(token)} characters; give one of "
            f"at least {MIN_TOKEN_LENGTH}, or let --new-token make one"
        )
    if not _TOKEN.fullmatch(token):
        raise ServeRefused(
            f"serve: the access token ({where}) may hold only letters, digits and . _ ~ + / = -"
        )
    return token


def token_from(token_file: str | None, make_new: bool) -> tuple[str | None, str]:
    """The access token and where it came from (said in messages; never the token)."""
    if make_new:
        return new_token(), "--new-token"
    if token_file is not None:
        if not token_file.strip():
            raise ServeRefused("serve: --token-file is empty; give the file holding the token")
        text = read_text(Path(token_file).expanduser(), "token file", ServeRefused)
        lines = text.splitlines()
        return checked_token(lines[0] if lines else "", "--token-file"), "--token-file"
    if (value := os.environ.get(TOKEN_ENV)) is not None:
        return checked_token(value, TOKEN_ENV), TOKEN_ENV
    return None, ""


def token_matches(given: str | None, token: str) -> bool:
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


@dataclass(frozen=True)
class PublicUrl:
    """Where people open the console: ``http://127.0.0.1:8000/``, or the reverse proxy's
    ``https://warroom.example.com/``."""

    scheme: str
    host: str  # as written in a URL: [::1] bracketed
    port: int | None
    path: str

    @classmethod
    def parse(cls, text: str) -> PublicUrl:
        try:
            parts = urlsplit(text.strip())
            port = parts.port
        except ValueError:
            parts, port = None, None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise ServeRefused(
                f"serve: --public-url {one_line(text)}: give an http:// or https:// URL, "
                "e.g. https://warroom.example.com/"
            )
        if parts.username or parts.password or parts.query or parts.fragment:
            raise ServeRefused(
                f"serve: --public-url {one_line(text)}: give only the scheme, host, port and "
                "path, without a user, query or fragment"
            )
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return cls(parts.scheme, host, port, path)

    @classmethod
    def listening(cls, host: str, port: int, shown_host: str) -> PublicUrl:
        name = shown_host if is_every_address(host) else host_name(host)
        return cls("http", f"[{name}]" if ":" in name else name, port, "/")

    @property
    def origin(self) -> str:
        default = {"http": 80, "https": 443}[self.scheme]
        port = "" if self.port in (None, default) else f":{self.port}"
        return f"{self.scheme}://{self.host}{port}"

    def __str__(self) -> str:
        return self.origin + self.path


@dataclass(frozen=True)
class Access:
    """The rules of one ``warroom serve``."""

    token: str | None
    # Host names a request may name; None: any (listening on every address, with a token).
    host_names: frozenset[str] | None
    public: PublicUrl | None  # given with --public-url: a reverse proxy in front

    @classmethod
    def of(cls, host: str, token: str | None, public: PublicUrl | None) -> Access:
        if not is_loopback(host) and token is None:
            raise ServeRefused(
                f"serve: --host {one_line(host)} can be reached from other machines; give an "
                f"access token (--token-file FILE, {TOKEN_ENV} or --new-token) or serve on "
                "127.0.0.1 behind a reverse proxy that asks who you are"
            )
        names: frozenset[str] | None = None
        if not is_every_address(host):
            names = frozenset({host_name(host), *(_LOOPBACK_NAMES if is_loopback(host) else ())})
            if public is not None:
                names |= {host_name(public.host)}
        return cls(token, names, public)

    def host_allowed(self, host_header: str | None) -> bool:
        """Whether a request's ``Host`` names this server (its port is the listener's)."""
        if self.host_names is None:
            return True
        if not host_header:
            return False
        try:
            name = urlsplit(f"//{host_header}").hostname  # drops the port
        except ValueError:  # "[::1": a bracket unclosed
            return False
        return name is not None and host_name(name) in self.host_names

    def origin_allowed(self, origin: str | None, host_header: str | None) -> bool:
        """Whether a websocket's ``Origin`` is the console's own page: the same host and
        port as the request was sent to, or the public URL's origin."""
        if not origin or origin == "null":
            return False
        origin = origin.lower()
        if self.public is not None and origin == self.public.origin.lower():
            return True
        try:
            parts = urlsplit(origin)
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not host_header:
            return False
        return parts.netloc == host_header.lower() and self.host_allowed(host_header)
