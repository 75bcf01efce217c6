"""What a person is told when the database refused an operation it could not finish (locked
past the timeout, a full disk, an I/O error), whichever way the store was reached."""

from __future__ import annotations

from warroom.base.errors import StoreError
from warroom.base.text import one_line


def operation_failed(store_name: str, doing: str, reason: str) -> StoreError:
    return StoreError(f"store {one_line(store_name)}: {doing} failed ({one_line(reason)})")
