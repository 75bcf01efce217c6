"""A postmortem in Markdown that renders well on GitHub, GitLab and through Confluence's
Markdown import: headings, pipe tables and lists only. Stored text goes through
``base.markdown``, so nothing anyone wrote becomes a link, HTML or formatting."""

from __future__ import annotations

from warroom.base import markdown
from warroom.reports.postmortem_doc import Document, Heading, Missing, Part, Prose, Table
from warroom.vocabulary.postmortem import Section


def _table(table: Table) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(markdown.inline(c) for c in cells) + " |"

    return [row(table.headers), "|" + "---|" * len(table.headers), *map(row, table.rows)]


def _part(part: Part) -> list[str]:
    if isinstance(part, Prose):
        return [markdown.block(part.text)]
    if isinstance(part, Missing):
        return [f"_{markdown.inline(part.what)}_"]
    if isinstance(part, Heading):
        return [f"### {markdown.inline(part.title)}"]
    if isinstance(part, Table):
        return ["\n".join(_table(part))]
    lines = []
    for index, item in enumerate(part.items):
        lines.append(f"- {markdown.inline(item)}")
        under = part.nested[index] if index < len(part.nested) else []
        lines += [f"  - {markdown.inline(text)}" for text in under]
    return ["\n".join(lines)]


def section_markdown(section: Section, parts: list[Part]) -> str:
    """One section: its heading, what a written one asks, and its parts."""
    blocks = [f"## {markdown.inline(section.title)}"]
    if section.written:
        blocks.append(f"_{markdown.inline(section.prompt)}_")
    for part in parts:
        blocks += _part(part)
    return "\n\n".join(blocks)


def as_markdown(doc: Document) -> str:
    blocks = [
        f"# {markdown.inline(doc.title)}",
        "\n".join(_table(Table(("postmortem", ""), doc.facts))),
    ]
    blocks += [section_markdown(section, parts) for section, parts in doc.sections]
    return "\n\n".join(blocks) + "\n"
