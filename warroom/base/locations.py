"""Where things live: the user's folders (from platformdirs) and the data shipped with warroom."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "warroom"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


def config_file() -> Path:
    return config_dir() / "warroom.toml"


def default_db_path() -> Path:
    return data_dir() / "warroom.db"


def outbox_dir() -> Path:
    """Where sent messages are written when nothing else is configured."""
    return data_dir() / "outbox"


def postmortems_dir() -> Path:
    """Where the console writes the postmortems it exports."""
    return data_dir() / "postmortems"


def user_catalog_path() -> Path:
    """An organisation's own catalog, if present, replaces the shipped one."""
    return config_dir() / "catalog.toml"


def user_templates_dir() -> Path:
    """An organisation's own templates, if present, replace the shipped ones file by file."""
    return config_dir() / "templates"


def shipped_data(*parts: str) -> Path:
    """A file under ``data/`` of a source checkout, else the copy installed with the package."""
    package = Path(__file__).resolve().parent.parent
    in_checkout = package.parent.joinpath("data", *parts)
    return in_checkout if in_checkout.exists() else package.joinpath("_data", *parts)


def log_file() -> Path:
    """Where the console logs what it cannot show in full (a failure's traceback)."""
    return Path(platformdirs.user_log_dir(APP_NAME)) / "warroom.log"
