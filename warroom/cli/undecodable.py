"""Text that is not UTF-8, refused where it enters: bytes that are not UTF-8 reach argv and
the environment as lone surrogates, which no store can keep."""

from __future__ import annotations

import argparse
from typing import Protocol

from warroom.base.errors import InvalidInput


class _Settings(Protocol):
    """The settings these checks read (``config.settings.Settings``, ``config.plain``)."""

    @property
    def db(self) -> str | None: ...

    @property
    def user(self) -> str | None: ...

    def user_name(self) -> str: ...


def refuse_undecodable(args: argparse.Namespace) -> None:
    """Every argument given."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and not is_utf8(item):
                raise InvalidInput(name, "is not valid UTF-8 text")


def refuse_undecodable_settings(settings: _Settings) -> None:
    """WARROOM_DB, WARROOM_USER, and the login name a user is known by when neither --user
    nor WARROOM_USER says."""
    for name, value in (("db", settings.db), ("user", settings.user)):
        if isinstance(value, str) and not is_utf8(value):
            raise InvalidInput(f"WARROOM_{name.upper()}", "is not valid UTF-8 text")
    if not is_utf8(settings.user_name()):
        raise InvalidInput("user", "your login name is not valid UTF-8 text; give --user NAME")


def is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
