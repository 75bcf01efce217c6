"""Message templates: one file per phase and channel, ``$placeholders`` filled by comms.

The shipped files are in ``data/templates/``; an organisation overrides any of
them by putting a file of the same name (e.g. ``update-email.txt``) in the
folder ``templates/`` of the user config directory. A file's first line is the
title (status-page name or email subject); the body follows a blank line.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from warroom.base.errors import CatalogError
from warroom.base.locations import shipped_data
from warroom.vocabulary.channels import CHANNEL_NAMES, PHASE_NAMES


@dataclass(frozen=True)
class Template:
    name: str  # e.g. "update-email"
    source: Path
    title: string.Template
    body: string.Template

    def placeholders(self) -> set[str]:
        found: set[str] = set()
        for part in (self.title, self.body):
            found.update(part.get_identifiers())
        return found


Templates = dict[tuple[str, str], Template]


def shipped_templates_dir() -> Path:
    """``data/templates`` of a source checkout, else the copy installed with the package."""
    return shipped_data("templates")


def _read(path: Path, name: str) -> Template:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise CatalogError(f"template {path}: cannot read: {err.strerror}") from err
    title, _, body = text.partition("\n")
    if not title.strip():
        raise CatalogError(f"template {path}, line 1: the first line must be the title")
    return Template(name, path, string.Template(title.strip()), string.Template(body.strip("\n")))


def load_templates(override_dir: Path | None = None) -> Templates:
    templates: Templates = {}
    for phase in PHASE_NAMES:
        for channel in CHANNEL_NAMES:
            name = f"{phase}-{channel}"
            own = override_dir / f"{name}.txt" if override_dir else None
            path = own if own and own.is_file() else shipped_templates_dir() / f"{name}.txt"
            templates[(phase, channel)] = _read(path, name)
    return templates
