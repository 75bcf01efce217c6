"""The user's settings: flags > WARROOM_* environment > warroom.toml > defaults.

``warroom.toml`` is read as ``textfile`` reads (a regular file of at most 1 MiB, UTF-8), so
a FIFO or a huge file there is refused rather than waited on, and every refusal of a value
from it names the file, the line and the key. A key it does not know is refused too, rather
than ignored: a misspelt setting would silently do nothing, and SMTP credentials belong in
the environment only. Unknown ``WARROOM_*`` variables are left alone: other tools share the
prefix.

The sources are merged here and validated by one pydantic model. (pydantic-settings did
this before; its import cost every command about 50 ms, a tenth of `warroom note`, for
what is a dozen lines: a variable per field, names in any case, JSON for a table.)
"""

from __future__ import annotations

import difflib
import json
import os
import stat
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, ValidationError, field_validator

from warroom.base.errors import CatalogError, InvalidInput, StoreError, WarroomError
from warroom.base.locations import (
    config_file,
    default_db_path,
    user_catalog_path,
    user_templates_dir,
)
from warroom.base.textfile import read_text, shown
from warroom.base.toml_lines import Loc, line_of
from warroom.base.tomlfile import field_path, one_line, parse
from warroom.config.delivery import CREDENTIALS, DeliverySettings
from warroom.config.plain import environment, login_name


class SettingsInvalid(WarroomError):
    """A setting in the environment or warroom.toml cannot be used."""


_FLAGS = {"db": "--db", "user": "--user", "catalog": "--catalog"}


class Settings(DeliverySettings):
    """Settings a user may put in warroom.toml or WARROOM_* variables; the delivery
    settings (``outbox``, ``email_to``, ``smtp_host``, …) come from ``DeliverySettings``."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    db: str | None = None
    user: str | None = None
    catalog: Path | None = None
    keymap: dict[str, str] = {}  # [keymap] in warroom.toml: binding id → keys

    @field_validator("db", "catalog", mode="before")
    @classmethod
    def _not_blank(cls, value: object) -> object:
        # An empty path would mean the current folder ("" is Path(".")), never what was meant.
        if isinstance(value, str) and not value.strip():
            raise ValueError("is empty; give a file path")
        return value

    def db_target(self) -> str:
        """The store to open. The default location's folder is made when the store is opened
        (``store.open``), after the catalog and templates were read: a refusal makes nothing."""
        if self.db is not None:
            if not self.db.strip():
                raise StoreError("store: --db / WARROOM_DB is empty; give a file path")
            return self.db
        return str(default_db_path())

    def catalog_path(self) -> Path | None:
        """None means the catalog shipped with warroom."""
        if self.catalog:
            return self.catalog
        own = user_catalog_path()
        # lexists: a FIFO or a broken link there is refused when read, not passed over.
        return own if os.path.lexists(own) else None

    def templates_dir(self) -> Path | None:
        """An organisation's own templates, if present, replace the shipped ones file by file."""
        own = user_templates_dir()
        if not os.path.lexists(own):
            return None
        try:
            mode = os.stat(own).st_mode
        except OSError as err:
            raise CatalogError(f"templates {shown(own)}: cannot read: {err.strerror}") from None
        if not stat.S_ISDIR(mode):
            raise CatalogError(f"templates {shown(own)}: is not a folder")
        return own

    def delivery(self) -> DeliverySettings:
        """Just the delivery settings, for the services."""
        return DeliverySettings.model_validate(
            self.model_dump(include=set(DeliverySettings.model_fields))
        )

    def user_name(self) -> str:
        return self.user or login_name()


def load_settings(**flags: object) -> Settings:
    """Settings from flags (those given), WARROOM_* and warroom.toml; one line if invalid,
    naming the flag, the variable or the file's line the value came from."""
    given = {name: value for name, value in flags.items() if value is not None}
    try:
        merged = _merged(_file_settings(), _env_settings(), given)
        return Settings.model_validate(merged)
    except ValidationError as err:
        first = err.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        raise SettingsInvalid(_refusal(tuple(first["loc"]), message, given)) from None
    except InvalidInput as err:  # raised by a DeliverySettings check
        raise SettingsInvalid(_refusal((err.field,), err.message, given)) from None


# Settings given as JSON in their variable (a table); email_to is not among them: its
# variable is a comma-separated list or a JSON list, told apart by its own check.
_JSON_VARIABLES = frozenset({"keymap"})


def _env_settings() -> dict[str, Any]:
    """The WARROOM_<SETTING> variables, their names in any case."""
    variables = environment()
    found: dict[str, Any] = {}
    for field in Settings.model_fields:
        value = variables.get(f"WARROOM_{field.upper()}")
        if value is None:
            continue
        if field in _JSON_VARIABLES:
            try:
                found[field] = json.loads(value)
            except ValueError:
                raise SettingsInvalid(
                    f"setting {field} (WARROOM_{field.upper()}): is not valid JSON"
                ) from None
        else:
            found[field] = value
    return found


def _merged(*sources: dict[str, Any]) -> dict[str, Any]:
    """Later sources over earlier ones; a table (the keymap) merged key by key."""
    merged: dict[str, Any] = {}
    for source in sources:
        for key, value in source.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = _merged(merged[key], value)
            else:
                merged[key] = value
    return merged


def _settings_text() -> str | None:
    """warroom.toml's text; None when there is none. Anything under that name is read."""
    path = config_file()
    return read_text(path, "settings", SettingsInvalid) if os.path.lexists(path) else None


def _file_settings() -> dict[str, Any]:
    text = _settings_text()
    if text is None:
        return {}
    path = config_file()
    data = parse(path, text, "settings", SettingsInvalid)
    for key in data:
        if key not in Settings.model_fields:
            where = f"settings {shown(path)}, line {line_of(text, (key,)) or '?'}"
            named = key if len(key) <= 60 else f"{key[:60]}…"  # the line stays short
            raise SettingsInvalid(one_line(where, [((named,), _unknown_key(key))]))
    return data


def _unknown_key(key: str) -> str:
    """Why ``key`` is refused, without its value (it may be a password)."""
    if key in CREDENTIALS:
        return (
            f"is read only from the environment ({CREDENTIALS[key]}), when sending; "
            "remove it from this file"
        )
    known = sorted(Settings.model_fields)
    if close := difflib.get_close_matches(key, known, n=1):
        return f"unknown setting; did you mean {close[0]!r}?"
    return f"unknown setting; the settings are {', '.join(known)}"


def _refusal(loc: Loc, message: str, given: dict[str, object]) -> str:
    """Say where the refused value came from: the sources are checked in their order."""
    field = str(loc[0]) if loc else ""
    variable = f"WARROOM_{field.upper()}"
    if field in given:
        return f"setting {shown(field_path(loc))} ({_FLAGS.get(field, field)}): {shown(message)}"
    if field and any(name.upper() == variable for name in os.environ):
        return f"setting {shown(field_path(loc))} ({variable}): {shown(message)}"
    try:
        text = _settings_text()
    except SettingsInvalid:
        text = None
    if text is None:
        return f"setting {shown(field_path(loc))}: {shown(message)}"
    line = line_of(text, loc)
    return one_line(f"settings {shown(config_file())}, line {line or '?'}", [(loc, message)])
