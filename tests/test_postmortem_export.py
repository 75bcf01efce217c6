"""Exporting a postmortem: hostile text in every written section stays text in Markdown,
HTML and JSON; and a real public incident, replayed through the command line with
back-dated notes, exports the right times, order and sections."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from warroom.base.clock import ManualClock
from warroom.base.text import safe
from warroom.vocabulary.postmortem import SECTIONS, WRITTEN

from .cli_support import Cli
from .hostile import PAYLOAD

WORDS = (
    "<script>alert(1)</script> [a link](javascript:alert(1)) ![img](http://evil.example/x.png)"
    " **BOLD** _em_ `code` <img src=x onerror=alert(1)> | cell | \\[escaped\\]\n"
    "# not a heading\n- not a list\n1. not a list\n    not code\n---\n" + PAYLOAD
)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "w.db", capsys)


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> None:
    monkeypatch.setattr("warroom.process.context.SystemClock", lambda: clock)
    monkeypatch.setattr("warroom.cli.clock.SystemClock", lambda: clock)


class _Tags(HTMLParser):
    """What a browser would make of a page: its elements and attributes, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def _resolved(cli: Cli, clock: ManualClock) -> str:
    cli.ok("declare", "--summary", "Checkout fails", "--severity", "2", "--started", "10m")
    cli.ok("take", "HOT-1")
    clock.advance(timedelta(minutes=5))
    cli.ok("resolve", "HOT-1", "--ended", "now")
    return "HOT-1"


def test_hostile_text_in_every_written_section_stays_text(cli: Cli, clock: ManualClock) -> None:
    key = _resolved(cli, clock)
    for section in WRITTEN:
        cli.ok("postmortem", key, "write", section.slug, f"{section.slug}: {WORDS}")
    markdown = cli.ok("postmortem", key, "--format", "markdown")
    page = cli.ok("postmortem", key, "--format", "html")
    data = json.loads(cli.ok("postmortem", key, "--format", "json"))

    # JSON gives back exactly what was stored.
    texts = {s["section"]: s.get("text") for s in data["postmortem"]["sections"]}
    for section in WRITTEN:
        assert texts[section.slug] == f"{section.slug}: {WORDS}"

    # Markdown, rendered as GitHub would (tables on): no element from the stored text, and
    # every section's words shown as they were written.
    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)
    shown = _parsed(rendered)
    own = {"h1", "h2", "h3", "p", "em", "br", "ul", "li"}
    assert shown.tags <= own | {"table", "thead", "tbody", "tr", "th", "td"}
    assert not shown.attributes - {"style"}  # tables' alignment only; no href, no src
    visible = "".join(shown.text)
    for line in safe(WORDS).splitlines():
        assert line.strip() in visible

    # HTML: only the page's own elements; the words come back as text.
    own = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "div"}
    tables = {"table", "thead", "tbody", "tr", "th", "td", "ul", "li"}
    parsed = _parsed(page)
    assert parsed.tags <= own | tables
    assert parsed.attributes <= {"lang", "charset", "http-equiv", "content", "class", "id"}
    assert safe(f"lead-up: {WORDS}") in "".join(parsed.text)
    for raw in ("\x1b", "\x9b", "\u202e"):
        assert raw not in markdown and raw not in page


# Cloudflare, 2 July 2019: a WAF rule with a regular expression that backtracked without
# bound was deployed to every edge server at once; CPU went to 100 % and the edge answered
# 502. Paraphrased from "Details of the Cloudflare outage on July 2, 2019"
# (https://blog.cloudflare.com/details-of-the-cloudflare-outage-on-july-2-2019/). Times UTC.
CLOUDFLARE_NOTES = [
    (
        "13:42",
        "c: a new WAF managed rule deployed to every edge server at once undo: global WAF kill",
    ),
    ("13:45", "o: first page: the synthetic test of the WAF fails"),
    ("13:46", "o: CPU near 100 % on the edge's HTTP cores worldwide; sites answer 502"),
    ("13:48", "t: an attack of a new kind"),
    ("13:50", "e: traffic patterns: no sign of an attack"),
    ("14:00", "t: the WAF's new rule exhausts CPU"),
    ("14:02", "d: kill the WAF globally"),
    ("14:07", "c: global WAF kill executed undo: re-enable the WAF"),
    ("14:09", "o: traffic and CPU back to normal worldwide"),
    ("14:52", "c: WAF re-enabled globally with the rule removed undo: global WAF kill"),
]


def test_replay_of_cloudflares_2019_outage_exports_its_times_order_and_sections(
    cli: Cli, clock: ManualClock
) -> None:
    clock.set(datetime(2019, 7, 2, 13, 52, tzinfo=UTC))
    cli.ok(
        "declare", "--summary", "Every site behind the edge returns 502", "--severity", "1",
        "--started", "13:42", "--detected", "13:45",
    )  # fmt: skip
    cli.ok("take", "HOT-1")
    clock.set(datetime(2019, 7, 2, 15, 30, tzinfo=UTC))  # notes written up after the fire
    for at, note in reversed(CLOUDFLARE_NOTES):  # entered out of order on purpose
        cli.ok("note", "HOT-1", f"@{at} {note}")
    cli.ok("resolve", "HOT-1", "--ended", "14:09")
    cli.ok(
        "postmortem", "HOT-1", "write", "root-cause",
        "A regular expression in the new rule backtracked without bound; the WAF had no "
        "CPU limit per rule, and rules reached every server at once.",
    )  # fmt: skip
    cli.ok("postmortem", "HOT-1", "write", "related", "none before; see also HOT-9")

    data = json.loads(cli.ok("postmortem", "HOT-1", "--format", "json"))
    assert (data["ttd_seconds"], data["ttr_seconds"]) == (180, 27 * 60)
    people = [e for e in data["timeline"] if e["kind"] != "system"]
    assert [e["at"][11:16] for e in people] == [at for at, _ in CLOUDFLARE_NOTES]
    assert [e["at"] for e in data["timeline"]] == sorted(e["at"] for e in data["timeline"])
    assert [t["verdict"] for t in data["postmortem"]["theories"]] == ["open", "open"]
    assert data["postmortem"]["related"] == [{"key": "HOT-9", "summary": None}]

    markdown = cli.ok("postmortem", "HOT-1")
    page = cli.ok("postmortem", "HOT-1", "--format", "html")
    for section in SECTIONS:
        assert f"\n## {section.title}\n" in markdown
        assert f'<h2 id="{section.slug}">{section.title}</h2>' in page
    assert "| TTD (detected − impact started) | 3m 00s |" in markdown
    assert "| TTR (impact ended − impact started) | 27m 00s |" in markdown
    timeline = markdown[markdown.index("\n## Timeline\n") :]
    shown_at = [
        timeline.index(note.split(": ", 1)[1].split(" undo:")[0]) for _, note in CLOUDFLARE_NOTES
    ]
    assert shown_at == sorted(shown_at)


def test_export_to_a_file_says_where_and_refuses_a_folder(
    cli: Cli, clock: ManualClock, tmp_path: Path
) -> None:
    key = _resolved(cli, clock)
    target = tmp_path / "out" / "pm.html"
    target.parent.mkdir()
    result = cli("postmortem", key, "--format", "html", "--output", str(target))
    assert result.code == 0 and result.out == ""
    assert result.err == f"postmortem written: {target}\n"
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    refused = cli("postmortem", key, "--output", str(tmp_path))
    assert refused.code == 2 and "is a folder; give a file name" in refused.err
    # Readable as any file the user makes: a report is meant to be handed round.
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    # A typo in the folder makes no tree of folders.
    typo = tmp_path / "nowhere" / "deeper" / "pm.md"
    missing = cli("postmortem", key, "--output", str(typo))
    assert missing.code == 2 and "does not exist" in missing.err
    assert not (tmp_path / "nowhere").exists()
