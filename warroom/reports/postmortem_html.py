"""A postmortem as one self-contained HTML file that prints cleanly: its own styles, no
script, no image, nothing fetched (a Content-Security-Policy says so to the browser too).
Every stored text is escaped; line breaks are kept by the style, not by markup."""

from __future__ import annotations

import html

from warroom.base.text import one_line, safe
from warroom.reports.postmortem_doc import Document, Heading, Missing, Part, Prose, Table

_STYLE = """<style>
body{font-family:system-ui,sans-serif;line-height:1.45;margin:2em auto;max-width:60em;
padding:0 1em;color:#111}
h1{font-size:1.6em}h2{border-bottom:1px solid #999;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0 1em}
th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eee}.prose{white-space:pre-wrap}.missing,.prompt{color:#555;font-style:italic}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{break-after:avoid}
tr,li{break-inside:avoid}a{color:inherit}}
</style>"""

_POLICY = (
    '<meta http-equiv="Content-Security-Policy" '
    "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
)


def _inline(text: str) -> str:
    return html.escape(one_line(text))


def _table(table: Table) -> str:
    head = "".join(f"<th>{_inline(h)}</th>" for h in table.headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _part(part: Part) -> str:
    if isinstance(part, Prose):
        return f'<div class="prose">{html.escape(safe(part.text))}</div>'
    if isinstance(part, Missing):
        return f'<p class="missing">{_inline(part.what)}</p>'
    if isinstance(part, Heading):
        return f"<h3>{_inline(part.title)}</h3>"
    if isinstance(part, Table):
        return _table(part)
    items = []
    for index, item in enumerate(part.items):
        under = part.nested[index] if index < len(part.nested) else []
        nested = "".join(f"<li>{_inline(t)}</li>" for t in under)
        items.append(f"<li>{_inline(item)}" + (f"<ul>{nested}</ul>" if nested else "") + "</li>")
    return "<ul>" + "".join(items) + "</ul>"


def as_html(doc: Document) -> str:
    title = _inline(doc.title)
    body = [f"<h1>{title}</h1>", _table(Table(("postmortem", ""), doc.facts))]
    for section, parts in doc.sections:
        body.append(f'<h2 id="{section.slug}">{_inline(section.title)}</h2>')
        if section.written:
            body.append(f'<p class="prompt">{_inline(section.prompt)}</p>')
        body += [_part(p) for p in parts]
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"{_POLICY}<title>{title}</title>{_STYLE}</head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
