"""What PostgreSQL's errors say to a person: one line, never a password.

Connecting can fail three ways a person can fix (the server cannot be reached, the password
or the user is refused, the database is missing); each gets its own line saying what to do.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import URL

from warroom.base.text import one_line

_WHERE = re.compile(r"^connection to server (at|on) .*? failed: ")

# SQLSTATE classes and codes (PostgreSQL's appendix A).
_AUTHENTICATION = "28"  # invalid_authorization_specification, invalid_password
_NO_DATABASE = "3D000"  # invalid_catalog_name
_LOCK_TIMEOUT = "55P03"  # lock_not_available
_SHUTTING_DOWN = ("57P01", "57P02", "57P03")  # admin shutdown, crash shutdown, cannot connect


def shown_url(url: URL) -> str:
    """``user@host:port/database`` (or the service's name): what a message may show."""
    query = dict(url.query)
    if url.host is None and "service" in query:
        return one_line(f"service={query['service']}")
    user = f"{url.username}@" if url.username else ""
    port = f":{url.port}" if url.port else ""
    return one_line(f"{user}{url.host or 'localhost'}{port}/{url.database or ''}")


def _password(url: URL) -> str | None:
    return None if url.password is None else str(url.password)


def _reason(orig: BaseException | None, password: str | None) -> str:
    """The driver's own words, on one line, with any password blanked out."""
    words = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if password:
        words = words.replace(password, "***")
    # libpq repeats where it tried, which the message already says: keep why it failed.
    words = _WHERE.sub("", words.replace("connection failed: ", "", 1))
    return one_line(words.strip())


def connect_refusal(orig: BaseException | None, url: URL) -> str:
    """Why opening the store at ``url`` failed, for a person."""
    shown = shown_url(url)
    state = str(getattr(orig, "sqlstate", "") or "")
    words = str(orig)
    if state.startswith(_AUTHENTICATION) or "password" in words or "authentication" in words:
        return (
            f"store {shown}: the server refused the user or the password (give it in the URL, "
            "PGPASSWORD or ~/.pgpass)"
        )
    if state == _NO_DATABASE or "does not exist" in words:
        return (
            f"store {shown}: the server has no such database; create it (createdb) and "
            "open it again, which creates the store"
        )
    return f"store {shown}: cannot reach the server ({_reason(orig, _password(url))})"


def lost_refusal(orig: BaseException | None, url: URL, doing: str) -> str | None:
    """For an operational error: a lock not granted in time or a connection lost (the
    driver gives no SQLSTATE when the socket itself failed); None for anything else."""
    state = str(getattr(orig, "sqlstate", "") or "")
    shown = shown_url(url)
    if state == _LOCK_TIMEOUT:
        return f"store {shown}: {doing} failed: another writer held the store too long"
    if state in _SHUTTING_DOWN or not state:
        return (
            f"store {shown}: {doing} failed: the connection to the server was lost "
            f"({_reason(orig, _password(url))}); it reconnects on the next try"
        )
    return None
