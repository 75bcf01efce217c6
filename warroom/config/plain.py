"""The store and the user when nothing but flags, ``WARROOM_DB`` and ``WARROOM_USER`` say
anything: the command line's direct path needs no more, and reading them needs neither
pydantic nor the settings file's parser.

Whenever anything else could matter (a ``warroom.toml``, an organisation's catalog or
templates, ``--catalog``, another ``WARROOM_*`` variable, a blank value), ``plain_settings``
answers None and the full settings (``settings.py``) are read, with every check they make.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from warroom.base.locations import (
    config_file,
    default_db_path,
    user_catalog_path,
    user_templates_dir,
)

PLAIN_VARIABLES = frozenset({"WARROOM_DB", "WARROOM_USER"})


@dataclass(frozen=True)
class PlainSettings:
    """What ``settings.Settings`` would hold, where only these were given."""

    db: str | None
    user: str | None

    def db_target(self) -> str:
        return self.db if self.db is not None else str(default_db_path())

    def user_name(self) -> str:
        return self.user or login_name()


def plain_settings(
    *, db: str | None, user: str | None, catalog: object | None
) -> PlainSettings | None:
    """Flags over the environment over the defaults, as ``settings.load_settings`` has it."""
    if catalog is not None:
        return None
    variables = environment()
    if any(name.startswith("WARROOM_") and name not in PLAIN_VARIABLES for name in variables):
        return None
    if any(os.path.lexists(p) for p in (config_file(), user_catalog_path(), user_templates_dir())):
        return None
    db = db if db is not None else variables.get("WARROOM_DB")
    user = user if user is not None else variables.get("WARROOM_USER")
    if (db is not None and not db.strip()) or (user is not None and not user.strip()):
        return None  # refused by the full settings, which say where the blank came from
    return PlainSettings(db, user)


def environment() -> dict[str, str]:
    """The environment by upper-case names: ``WARROOM_*`` settings are read in any case."""
    return {name.upper(): value for name, value in os.environ.items()}


def login_name() -> str:
    """Who the user is when neither --user nor WARROOM_USER says."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "unknown"


@dataclass(frozen=True)
class CatalogNames:
    """What a declaration is checked against (``process.declare_input.NameBook``), as plain
    data: the shipped catalog's, kept in ``shipped_names.py`` for the direct path."""

    key_prefix: str
    service_names: tuple[str, ...]
    product_names: tuple[str, ...]
