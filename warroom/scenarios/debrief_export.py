"""A debrief written out: Markdown for a wiki, JSON for comparing runs, HTML to hand round;
and runs of one drill compared, in the same three.

Every text comes from a drill file or a store, so it is data: escaped for a terminal in all
three, and for the format itself. In Markdown, what could make a link, an image, inline
HTML, emphasis or code is written as a character reference, and a bar cannot end a table
cell; in HTML, everything is escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence

from warroom.base import markdown
from warroom.base.durations import format_duration
from warroom.base.localtime import local_text
from warroom.base.text import escaped_code, one_line
from warroom.scenarios.debrief import Comparison, Debrief
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
    """Stored text in a Markdown table cell (or a heading): shown as written."""
    return markdown.inline(text)


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
            {**_expectation_data(s.expectation), **_score_data(s)} for s in debrief.scores
        ],
        "figures": [{"what": f.what, "did": f.did, "bar": f.bar} for f in debrief.figures],
    }
    return escaped_code(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


# Enough to read on a projector or print: ruled cells, a readable font. No scripts, no links.
_STYLE = (
    "<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
    "table{border-collapse:collapse;margin-bottom:1.5em}"
    "th,td{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top}"
    "th{background:#eee}</style>"
)


def as_html(debrief: Debrief) -> str:
    rows = "".join(
        _row([expectation_text(s.expectation), s.standing, _took(s)]) for s in debrief.scores
    )
    figures = "".join(_row([f.what, f.did, f.bar]) for f in debrief.figures)
    return _html_page(
        f"Debrief: {debrief.title}",
        debrief.source,
        "<h2>Expectations</h2>"
        "<table><tr><th>expected</th><th>standing</th><th>took</th></tr>"
        f"{rows}</table>"
        "<h2>Figures</h2>"
        "<table><tr><th>measured</th><th>did</th><th>the bar</th></tr>"
        f"{figures}</table>",
    )


def _html_page(title: str, source: str, body: str) -> str:
    """A whole page: the title (stored text, escaped here), where the drill is drawn from,
    and the body (tables whose cells were escaped as they were made)."""
    shown = html.escape(one_line(title))
    drawn = f"<p>Drawn from: {html.escape(one_line(source))}</p>" if source else ""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{shown}</title>{_STYLE}</head><body><h1>{shown}</h1>{drawn}{body}"
        "</body></html>\n"
    )


# --- runs compared ---------------------------------------------------------------------------


def _standing(score: Score | None) -> str:
    if score is None:
        return "—"  # not in that run's drill file
    return f"{score.standing} at {_took(score)}" if score.took is not None else score.standing


def _shown(did: str | None) -> str:
    return "—" if did is None else did


def _run_lines(comparison: Comparison) -> list[tuple[str, str, str]]:
    """Each run: its number, its store, when it started."""
    return [
        (f"run {n}", run.store, local_text(run.debrief.started))
        for n, run in enumerate(comparison.runs, 1)
    ]


def compared_markdown(comparison: Comparison) -> str:
    runs = _run_lines(comparison)
    heads = " | ".join(number for number, _, _ in runs)
    rule = "|---" * (len(runs) + 1) + "|"
    lines = [f"# Debrief: {_cell(comparison.title)}, {len(runs)} runs compared", ""]
    if comparison.source:
        lines += [f"Drawn from: {_cell(comparison.source)}", ""]
    lines += ["| run | store | started |", "|---|---|---|"]
    lines += [f"| {n} | {_cell(store)} | {_cell(at)} |" for n, store, at in runs]
    lines += ["", f"| expected | {heads} |", rule]
    lines += [
        f"| {_cell(expectation_text(row.expectation))} | "
        + " | ".join(_standing(score) for score in row.scores)
        + " |"
        for row in comparison.expectations
    ]
    lines += ["", f"| measured | {heads} | the bar |", rule + "---|"]
    lines += [
        f"| {_cell(row.what)} | "
        + " | ".join(_cell(_shown(did)) for did in row.did)
        + f" | {_cell(row.bar)} |"
        for row in comparison.figures
    ]
    return "\n".join(lines) + "\n"


def compared_json(comparison: Comparison) -> str:
    data = {
        "title": comparison.title,
        "source": comparison.source,
        "runs": [
            {
                "store": run.store,
                "started_at": run.debrief.started.isoformat() if run.debrief.started else None,
            }
            for run in comparison.runs
        ],
        "expectations": [
            {
                **_expectation_data(row.expectation),
                "runs": [_score_data(score) if score else None for score in row.scores],
            }
            for row in comparison.expectations
        ],
        "figures": [
            {"what": row.what, "bar": row.bar, "did": list(row.did)} for row in comparison.figures
        ],
    }
    return escaped_code(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def _expectation_data(expectation: Expectation) -> dict[str, object]:
    return {
        "expect": expectation.expect,
        "asks": expectation_text(expectation),
        "within_seconds": expectation.within.total_seconds(),
    }


def _score_data(score: Score) -> dict[str, object]:
    took = score.took.total_seconds() if score.took is not None else None
    return {"standing": score.standing.value, "took_seconds": took}


def compared_html(comparison: Comparison) -> str:
    runs = _run_lines(comparison)
    heads = _cells([number for number, _, _ in runs], "th")
    run_rows = "".join(_row(list(run)) for run in runs)
    expectations = "".join(
        _row([expectation_text(row.expectation), *map(_standing, row.scores)])
        for row in comparison.expectations
    )
    figures = "".join(
        _row([row.what, *map(_shown, row.did), row.bar]) for row in comparison.figures
    )
    return _html_page(
        f"Debrief: {comparison.title}, {len(runs)} runs compared",
        comparison.source,
        "<table><tr><th>run</th><th>store</th><th>started</th></tr>"
        f"{run_rows}</table>"
        f"<table><tr><th>expected</th>{heads}</tr>{expectations}</table>"
        f"<table><tr><th>measured</th>{heads}<th>the bar</th></tr>{figures}</table>",
    )


def _cells(texts: Sequence[str], tag: str = "td") -> str:
    return "".join(f"<{tag}>{html.escape(one_line(text))}</{tag}>" for text in texts)


def _row(texts: Sequence[str]) -> str:
    return f"<tr>{_cells(texts)}</tr>"


EXPORTS: dict[str, tuple[Callable[[Debrief], str], Callable[[Comparison], str]]] = {
    "markdown": (as_markdown, compared_markdown),
    "json": (as_json, compared_json),
    "html": (as_html, compared_html),
}
"""Each format: how one run is written, and how runs compared are."""
