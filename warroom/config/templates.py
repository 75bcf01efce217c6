"""Message templates: one file per phase and channel, ``$placeholders`` filled by comms.

The shipped files are in ``data/templates/``; an organisation overrides any of
them by putting a file of the same name (e.g. ``update-email.txt``) in the
folder ``templates/`` of the user config directory. A file's first line is the
title (status-page name or email subject); the body follows a blank line. Each file is read
as ``textfile`` reads: a regular file of at most 1 MiB, UTF-8.
"""

from __future__ import annotations

import os
import string
from dataclasses import dataclass
from pathlib import Path

from warroom.base.errors import CatalogError
from warroom.base.locations import shipped_data
from warroom.base.textfile import read_text, shown
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
    text = read_text(path, "template", CatalogError)
    title, _, body = text.partition("\n")
    if not title.strip():
        raise CatalogError(f"template {shown(path)}, line 1: the first line must be the title")
    return Template(name, path, string.Template(title.strip()), string.Template(body.strip("\n")))


def load_templates(override_dir: Path | None = None) -> Templates:
    templates: Templates = {}
    for phase in PHASE_NAMES:
        for channel in CHANNEL_NAMES:
            name = f"{phase}-{channel}"
            path = override_dir / f"{name}.txt" if override_dir else None
            # Anything under that name is meant as an override, so a FIFO or a broken link
            # there is refused, not silently replaced by the shipped text.
            if path is None or not os.path.lexists(path):
                path = shipped_templates_dir() / f"{name}.txt"
            templates[(phase, channel)] = _read(path, name)
    return templates
