"""Where the store lives: a path or a ``sqlite:///`` URL turned into one file, and the
refusal of anything that is not, or cannot become, a store file.

Every check here looks without touching: ``os.stat`` before any ``open()``, so a FIFO, a
device or a socket is refused at once instead of blocking a read or growing a ``-journal``
file beside ``/dev/null``. Paths in messages go through ``one_line``: a file name may hold
escape sequences.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from warroom.base.errors import StoreError
from warroom.base.text import one_line

# What SQLite creates beside the store; each must be a plain file when it exists.
SIDE_FILES = ("-wal", "-shm", "-journal")

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


# "scheme://user:password@": the password is not repeated even when the rest cannot be parsed.
_PASSWORD = re.compile(r"(://[^/@]*?:)[^/@]*@")


def _shown(path: Path | str) -> str:
    return one_line(str(path))


def shown_target(text: str) -> str:
    """A store location as a message may show it: one line, without a password."""
    return one_line(_PASSWORD.sub(r"\1***@", text))


def _reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


def resolve_target(target: str | Path) -> tuple[str, Path]:
    """A path or a ``sqlite:///`` URL → (URL, absolute file path).

    The URL is built from the path, not pasted together: a file name holding ``?`` or
    ``#`` must name that file and not be read as a query.
    """
    from sqlalchemy.engine import URL

    path = resolve_path(target)
    return URL.create("sqlite", database=str(path)).render_as_string(), path


def resolve_path(target: str | Path) -> Path:
    """A path or a ``sqlite:///`` URL → the absolute file path. SQLAlchemy is loaded only to
    read a URL: a plain path is read without it (the command line's direct path)."""
    text = str(target)
    name = text
    if "://" in text:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(text)
        except (ArgumentError, ValueError):
            raise StoreError(
                f"store {shown_target(text)}: is not a file path or a database URL"
            ) from None
        if url.host or url.port or url.username or url.password:
            raise StoreError(
                f"store {shown_target(text)}: an SQLite store is a file on this machine; "
                "write sqlite:///PATH (three slashes) or just the path"
            )
        if not url.database or url.database == ":memory:":
            raise StoreError(
                f"store {shown_target(text)}: give a file path; an in-memory store would lose notes"
            )
        name = url.database
    else:
        _refuse_odd_name(text)
    try:
        path = Path(name).expanduser()
    except RuntimeError:  # "~someone" with no such user
        raise StoreError(f"store {_shown(name)}: names a home folder that does not exist") from None
    try:
        path = path.resolve()
    except RuntimeError:  # Python 3.11's word for a symlink loop (later ones raise OSError)
        raise StoreError(f"store {_shown(name)}: is a symlink loop") from None
    except (OSError, ValueError) as err:  # a name too long, a NUL byte
        reason = _reason(err) if isinstance(err, OSError) else str(err)
        raise StoreError(f"store {_shown(name)}: cannot be reached ({reason})") from None
    return path


_URL_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?!//)")
_COMPANIONS = ("-wal", "-shm", "-journal")


def _refuse_odd_name(name: str) -> None:
    """Names that would make a file nobody meant: ``:memory:`` and ``sqlite:x.db`` are
    SQLite's and URLs' words, not file names; a store's ``-wal`` is part of that store, and
    SQLite deletes it when the store opens, with anything written there."""
    if name == ":memory:":
        raise StoreError("store :memory:: give a file path; an in-memory store would lose notes")
    if _URL_LIKE.match(name):
        raise StoreError(
            f"store {_shown(name)}: looks like a URL; write sqlite:///PATH, "
            "or ./NAME for a file of that name"
        )
    if name.endswith(_COMPANIONS):
        raise StoreError(
            f"store {_shown(name)}: is a companion file of an SQLite store, not a store; "
            "give the store's own file"
        )


def _check_folder(path: Path) -> None:
    folder = path.parent
    try:
        status = os.stat(folder)
    except FileNotFoundError:
        raise StoreError(f"store {_shown(path)}: folder {_shown(folder)} does not exist") from None
    except OSError as err:
        raise StoreError(f"store {_shown(path)}: cannot be reached ({_reason(err)})") from None
    if not stat.S_ISDIR(status.st_mode):
        raise StoreError(f"store {_shown(path)}: {_shown(folder)} is not a folder")
    if not os.access(folder, os.W_OK):
        raise StoreError(f"store {_shown(path)}: folder {_shown(folder)} is read-only")


def check_file(path: Path) -> os.stat_result | None:
    """Refuse what we must not touch. The existing file's status, or None for a new store."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        _check_folder(path)
        return None
    except OSError as err:  # a loop, a name too long, a file used as a folder, no permission
        raise StoreError(f"store {_shown(path)}: cannot be reached ({_reason(err)})") from None
    if stat.S_ISDIR(status.st_mode):
        raise StoreError(f"store {_shown(path)}: is a directory, not a store file")
    if not stat.S_ISREG(status.st_mode):
        kind = next((k for is_kind, k in _KINDS if is_kind(status.st_mode)), "a special file")
        raise StoreError(f"store {_shown(path)}: is {kind}, not a store file")
    for suffix in SIDE_FILES:
        try:
            side = os.stat(f"{path}{suffix}")
        except OSError:
            continue  # absent (or unreachable: SQLite will say so when it needs it)
        if not stat.S_ISREG(side.st_mode):
            raise StoreError(
                f"store {_shown(path)}: its {suffix} file is not a regular file; "
                "it was left untouched"
            )
    # WAL needs to write the file and its -wal/-shm companions beside it. A file with no
    # write bits was protected on purpose: respect that even for root, who may write anyway.
    writable = status.st_mode & 0o222 and os.access(path, os.R_OK | os.W_OK)
    if not writable or not os.access(path.parent, os.W_OK):
        raise StoreError(
            f"store {_shown(path)}: is read-only; warroom needs to write to it and its folder"
        )
    return status
