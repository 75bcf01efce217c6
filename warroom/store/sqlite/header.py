"""What an SQLite file says about itself, read straight from its bytes.

Opening a file with SQLite, even read-only, creates ``-wal`` and ``-shm`` files beside a
WAL-mode database, or rewrites the ``-shm`` there; a file about to be refused must stay
exactly as it was. So the first look at an existing file is its bytes: the 100-byte header
(https://www.sqlite.org/fileformat.html#the_database_header) and the b-tree header of page
1, which says whether the file holds any table yet.

In WAL mode page 1 in the main file is only brought up to date by a checkpoint; until then
its latest version is in the ``-wal`` (https://www.sqlite.org/fileformat.html#the_write_ahead_log).
``latest`` finds it there from the frame headers alone: frames count up to the last commit
frame whose salts match the ``-wal``'s header. Their checksums are not verified (that would
read the whole ``-wal``); the engine asks SQLite again, under the write lock, before it
changes anything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
_LEAF_TABLE_PAGE = 0x0D  # page 1's b-tree type when the schema fits on it
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_HEADER = 32
_FRAME_HEADER = 24


class HeaderProblem(Exception):
    """The file is not a whole SQLite database; ``str()`` says why, in a few words."""

    def __init__(self, reason: str, *, sqlite: bool) -> None:
        super().__init__(reason)
        self.sqlite = sqlite  # whether it starts as an SQLite file does (damaged or cut short)


@dataclass(frozen=True)
class Header:
    page_size: int
    page_count: int | None  # None when not known to be up to date (see read_header)
    user_version: int
    application_id: int
    empty_schema: bool  # page 1 holds no table, index or trigger


def _u32(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset : offset + 4], "big")


def _from_page_one(page: bytes, page_size: int, page_count: int | None) -> Header:
    return Header(
        page_size=page_size,
        page_count=page_count,
        user_version=_u32(page, 60),
        application_id=_u32(page, 68),
        empty_schema=page[100] == _LEAF_TABLE_PAGE and page[103:105] == b"\0\0",
    )


def read_header(path: Path, size: int) -> Header:
    """The header of the regular file ``path`` of ``size`` bytes (not empty), from its
    main file only; reads at most one page."""
    with path.open("rb") as fh:
        head = fh.read(HEADER_SIZE)
        if not head.startswith(MAGIC):
            raise HeaderProblem("not an SQLite database", sqlite=False)
        if len(head) < HEADER_SIZE:
            raise HeaderProblem(f"truncated: {size} bytes, less than its header", sqlite=True)
        page_size = int.from_bytes(head[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        # Page size a power of two in 512..65536, and the three fixed payload fractions.
        if page_size < 512 or page_size & (page_size - 1) or head[21:24] != b"\x40\x20\x20":
            raise HeaderProblem("its header is damaged", sqlite=True)
        page = head + fh.read(page_size - HEADER_SIZE)
    if len(page) < page_size:
        raise HeaderProblem(f"truncated: {size} bytes, less than one page", sqlite=True)
    # The page count is kept up to date only when the change counter (offset 24) equals
    # the version-valid-for number (offset 92); SQLite before 3.7.0 did not keep it.
    counted = _u32(head, 28)
    valid = counted > 0 and head[24:28] == head[92:96]
    return _from_page_one(page, page_size, counted if valid else None)


def _committed_page_one(wal: Path, page_size: int) -> bytes | None:
    """Page 1 as the last commit in ``wal`` left it, or None when no commit there holds it."""
    with wal.open("rb") as fh:
        head = fh.read(_WAL_HEADER)
        if len(head) < _WAL_HEADER or _u32(head, 0) not in _WAL_MAGIC:
            return None
        if _u32(head, 8) != page_size:
            return None
        salts = head[16:24]
        offset, candidate, committed = _WAL_HEADER, None, None
        while True:
            fh.seek(offset)
            frame = fh.read(_FRAME_HEADER)
            if len(frame) < _FRAME_HEADER or frame[8:16] != salts:
                break  # the end, or frames left from before the -wal was restarted
            if _u32(frame, 0) == 1:
                candidate = offset + _FRAME_HEADER
            if _u32(frame, 4):  # a commit frame: what came before it counts
                committed = candidate
            offset += _FRAME_HEADER + page_size
        if committed is None:
            return None
        fh.seek(committed)
        page = fh.read(page_size)
    return page if len(page) == page_size else None


def latest(path: Path, header: Header) -> Header:
    """``header`` as the ``-wal`` beside ``path`` brings it up to date; its page count is
    then unknown (pages may live in the ``-wal``)."""
    try:
        page = _committed_page_one(Path(f"{path}-wal"), header.page_size)
    except OSError:
        page = None
    found = header if page is None else _from_page_one(page, header.page_size, None)
    return replace(found, page_count=None)


def wal_holds_commits(path: Path) -> bool:
    """Whether a ``-wal`` file beside ``path`` has content: then the main file's page 1 may
    be older than the database."""
    try:
        return os.stat(f"{path}-wal").st_size > 0
    except OSError:
        return False
