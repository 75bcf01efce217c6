"""Reading a text file people point warroom at: the catalog, ``warroom.toml``, a template,
a scenario.

Only a regular file is read, and at most ``MAX_BYTES`` of it: a FIFO would block forever,
``/dev/zero`` would fill memory, and neither is a configuration. Every refusal is one line
that names the file, with its name escaped (a file name may hold escape sequences too).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TypeVar

from warroom.base.errors import WarroomError
from warroom.base.text import one_line

MAX_BYTES = 1024 * 1024
"""The largest file read (1 MiB); the shipped catalog is 8 KB, a template under 1 KB."""

Error = TypeVar("Error", bound=WarroomError)


def shown(path: Path | str) -> str:
    """A file name as it may appear in a message: escaped, on one line."""
    return one_line(str(path))


def read_text(path: Path, what: str, error: type[Error], limit: int = MAX_BYTES) -> str:
    """The file's text; ``error`` if it is not a regular UTF-8 file of at most ``limit`` bytes."""
    raw = read_bytes(path, what, error, limit)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise error(
            f"{what} {shown(path)}, line {line}: cannot read: not UTF-8 text "
            f"(byte {err.start} is 0x{raw[err.start]:02x})"
        ) from None


def read_bytes(path: Path, what: str, error: type[Error], limit: int = MAX_BYTES) -> bytes:
    where = f"{what} {shown(path)}"
    try:
        # Look before opening: opening a device or a FIFO can block or act on it.
        _check_kind(os.stat(path).st_mode, where, error)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as err:
        raise error(f"{where}: cannot read: {_reason(err)}") from None
    except ValueError:  # os.stat refuses a NUL in the name
        raise error(f"{where}: cannot read: the name contains a NUL character") from None
    try:
        _check_kind(os.fstat(fd).st_mode, where, error)  # in case it was swapped meanwhile
        raw = _read_up_to(fd, limit + 1)
    except OSError as err:
        raise error(f"{where}: cannot read: {_reason(err)}") from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise error(f"{where}: cannot read: larger than {_size(limit)}, the most warroom reads")
    return raw


def _check_kind(mode: int, where: str, error: type[Error]) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = "a folder"
    elif stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "not a file"
    raise error(f"{where}: cannot read: it is {kind}, not a regular file")


def _read_up_to(fd: int, count: int) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left > 0 and (chunk := os.read(fd, min(left, 64 * 1024))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _reason(err: OSError) -> str:
    return one_line(err.strerror or str(err))


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit % (1024 * 1024) == 0 else f"{limit} bytes"
