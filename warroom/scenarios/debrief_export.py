"""A debrief written out: Markdown for a wiki, JSON for comparing runs, HTML to hand round.

Every text comes from a drill file or a store, so it is data: escaped for a terminal in all
three, and for the format itself (Markdown table bars, HTML).
"""

from __future__ import annotations

import html
import json

from warroom.base.durations import format_duration
from warroom.base.text import escaped_code, one_line
from warroom.scenarios.debrief import Debrief
from warroom.scenarios.drill import EXPECTATIONS, Expectation
from warroom.scenarios.drill_progress import Score


def expectation_text(expectation: Expectation) -> str:
    """What an expectation asks, in words: "the team named in `team` is paged" with the team."""
    said = EXPECTATIONS[expectation.expect]
    for name in ("team", "role"):
        said = said.replace(f"the {name} named in `{name}`", getattr(expectation, name))
    said = said.replace("`severity`", str(expectation.severity))
    return f"{said}, within {format_duration(expectation.within)}"


def _took(score: Score) -> str:
    return format_duration(score.took) if score.took is not None else "—"


def _cell(text: str) -> str:
    return one_line(text).replace("|", "\\|")


def as_markdown(debrief: Debrief) -> str:
    lines = [f"# Debrief: {_cell(debrief.title)}", ""]
    if debrief.source:
        lines += [f"Drawn from: {_cell(debrief.source)}", ""]
    lines += ["| expected | standing | took |", "|---|---|---|"]
    lines += [
        f"| {_cell(expectation_text(s.expectation))} | {s.standing} | {_took(s)} |"
        for s in debrief.scores
    ]
    lines += ["", "| measured | did | the bar |", "|---|---|---|"]
    lines += [f"| {_cell(f.what)} | {_cell(f.did)} | {_cell(f.bar)} |" for f in debrief.figures]
    return "\n".join(lines) + "\n"


def as_json(debrief: Debrief) -> str:
    data = {
        "title": debrief.title,
        "source": debrief.source,
        "expectations": [
            {
                "expect": s.expectation.expect,
                "asks": expectation_text(s.expectation),
                "within_seconds": s.expectation.within.total_seconds(),
                "standing": s.standing.value,
                "took_seconds": s.took.total_seconds() if s.took is not None else None,
            }
            for s in debrief.scores
        ],
        "figures": [{"what": f.what, "did": f.did, "bar": f.bar} for f in debrief.figures],
    }
    return escaped_code(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def as_html(debrief: Debrief) -> str:
    def cell(text: str) -> str:
        return f"<td>{html.escape(one_line(text))}</td>"

    title = html.escape(one_line(debrief.title))
    rows = "".join(
        f"<tr>{cell(expectation_text(s.expectation))}{cell(s.standing)}{cell(_took(s))}</tr>"
        for s in debrief.scores
    )
    figures = "".join(f"<tr>{cell(f.what)}{cell(f.did)}{cell(f.bar)}</tr>" for f in debrief.figures)
    source = f"<p>Drawn from: {html.escape(one_line(debrief.source))}</p>" if debrief.source else ""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Debrief: {title}</title></head><body>"
        f"<h1>Debrief: {title}</h1>{source}"
        "<table><tr><th>expected</th><th>standing</th><th>took</th></tr>"
        f"{rows}</table>"
        "<table><tr><th>measured</th><th>did</th><th>the bar</th></tr>"
        f"{figures}</table></body></html>\n"
    )
