"""A postmortem written out in one of its three formats, to a file or for printing."""

from __future__ import annotations

import os
from pathlib import Path

from warroom.base.errors import InvalidInput, Refused
from warroom.base.files import write_atomically
from warroom.base.limits import quoted
from warroom.base.textfile import shown
from warroom.reports.postmortem import PostmortemReport
from warroom.reports.postmortem_doc import document
from warroom.reports.postmortem_html import as_html
from warroom.reports.postmortem_json import as_json
from warroom.reports.postmortem_markdown import as_markdown

FORMATS = {"markdown": ".md", "html": ".html", "json": ".json"}


def rendered(report: PostmortemReport, form: str) -> str:
    if form == "markdown":
        return as_markdown(document(report))
    if form == "html":
        return as_html(document(report))
    if form == "json":
        return as_json(report)
    names = ", ".join(FORMATS)
    raise InvalidInput("format", f"{quoted(form)}: use {names}")


def write_report(text: str, path: Path, *, make_folder: bool = False) -> Path:
    """The whole file or none: an existing file is replaced only once the new one is
    written. A folder, a folder that does not exist (a typo should not make a tree of
    them; ``make_folder`` for warroom's own), or a place that cannot be written is refused
    in one line."""
    if path.is_dir():
        raise Refused(f"{shown(path)} is a folder; give a file name")
    if not make_folder and not path.parent.is_dir():
        raise Refused(f"cannot write {shown(path)}: folder {shown(path.parent)} does not exist")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"), shared=True)
    except OSError as err:
        raise Refused(f"cannot write {shown(path)}: {err.strerror or err}") from None
    return path


def file_name(key: str, form: str) -> str:
    """``INC-12-postmortem.md``; a key is letters, digits and a hyphen, safe in a name."""
    return f"{key}-postmortem{FORMATS[form]}".replace(os.sep, "-")
