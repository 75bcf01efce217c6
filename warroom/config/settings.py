"""The user's settings: flags > WARROOM_* environment > warroom.toml > defaults."""

from __future__ import annotations

import getpass
import tomllib
from pathlib import Path

from pydantic import ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
    TomlConfigSettingsSource,
)

from warroom.base.errors import StoreError, WarroomError
from warroom.base.locations import (
    config_file,
    default_db_path,
    user_catalog_path,
    user_templates_dir,
)
from warroom.base.tomlfile import syntax_error
from warroom.config.delivery import DeliverySettings


class SettingsInvalid(WarroomError):
    """A setting in the environment or warroom.toml cannot be used."""


class Settings(DeliverySettings, BaseSettings):
    """Settings a user may put in warroom.toml or WARROOM_* variables; the delivery
    settings (``outbox``, ``email_to``, ``smtp_host``, …) come from ``DeliverySettings``."""

    model_config = SettingsConfigDict(env_prefix="WARROOM_", extra="ignore", frozen=True)

    db: str | None = None
    user: str | None = None
    catalog: Path | None = None
    keymap: dict[str, str] = {}  # [keymap] in warroom.toml: binding id → keys

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        return (init_settings, env_settings, toml)

    def db_target(self) -> str:
        """The store to open; the default location is created on first use."""
        if self.db is not None:
            if not self.db.strip():
                raise StoreError("store: --db / WARROOM_DB is empty; give a file path")
            return self.db
        path = default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(path)

    def catalog_path(self) -> Path | None:
        """None means the catalog shipped with warroom."""
        if self.catalog:
            return self.catalog
        own = user_catalog_path()
        return own if own.exists() else None

    def templates_dir(self) -> Path | None:
        """An organisation's own templates, if present, replace the shipped ones file by file."""
        own = user_templates_dir()
        return own if own.is_dir() else None

    def delivery(self) -> DeliverySettings:
        """Just the delivery settings, for the services."""
        return DeliverySettings.model_validate(
            self.model_dump(include=set(DeliverySettings.model_fields))
        )

    def user_name(self) -> str:
        return self.user or _login_name()


def load_settings(**flags: object) -> Settings:
    """Settings from flags (those given), WARROOM_* and warroom.toml; one line if invalid."""
    given = {name: value for name, value in flags.items() if value is not None}
    try:
        return Settings(**given)  # type: ignore[arg-type]
    except ValidationError as err:
        first = err.errors()[0]
        name = ".".join(str(part) for part in first["loc"])
        variable = f"WARROOM_{str(first['loc'][0]).upper()}" if first["loc"] else "WARROOM_*"
        raise SettingsInvalid(f"setting {name} ({variable}): {first['msg']}") from None
    except SettingsError as err:
        raise SettingsInvalid(f"settings: {err}") from None
    except tomllib.TOMLDecodeError as err:
        path = config_file()
        text = path.read_text(encoding="utf-8", errors="replace")
        raise SettingsInvalid(syntax_error(path, text, err, "settings")) from None


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "unknown"
