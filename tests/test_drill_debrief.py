"""The debrief of drill runs, on real drill stores: each started with ``start_drill`` on a
wall clock moved by hand (drill time runs at the wall's speed, so minute N of the script is
N minutes of drill time), a scripted trainee acting through the services as the console
does, and the trainer ending it. The figures expected are worked out by hand from each
script; ``warroom drill debrief`` prints them, one run or several compared."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from warroom.base.clock import ManualClock
from warroom.base.errors import Refused
from warroom.base.locations import shipped_data
from warroom.comms import paging, sending
from warroom.comms.drafts import Draft
from warroom.config.catalog import IMOC_TEAM, load_catalog
from warroom.process import assessment, incidents, roles
from warroom.process.context import Context
from warroom.process.read import RefusedSend, load_detail, refused_sends
from warroom.scenarios.debrief import Debrief, Figure, Run, compare, debrief, debrief_of
from warroom.scenarios.debrief_export import EXPORTS, as_html, as_json, as_markdown
from warroom.scenarios.drill import load_drill
from warroom.scenarios.drill_session import DrillSession, start_drill

from .cli_support import Cli, Result
from .conftest import T0
from .hostile import PAYLOAD, poison

TUTORIAL = shipped_data("scenarios", "drills", "tutorial.toml")
SEV1_DRILL = shipped_data("scenarios", "drills", "aws-s3-2017.toml")  # ground truth: Sev 1
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)
# What a refused update on the internal or email channel was missing, in short.
FIVE_ITEMS = (
    "1 Impact on customers; 2 Internal and external customers affected; "
    "3 Root cause, or 'unknown'; 4 Expected recovery, or 'unknown'; "
    "5 When and how the next update comes"
)


class Played:
    """A drill store being played: the trainer's session, and the wall clock it runs on."""

    def __init__(self, path: Path, drill: Path, started: datetime) -> None:
        self.path = path
        self.started = started
        self.wall = ManualClock(started)
        self.opened = Context.open(path)
        self.session: DrillSession = start_drill(
            self.opened, drill, speed=1.0, wall=self.wall, by="trainer"
        )
        self.key = ""

    @property
    def ctx(self) -> Context:
        return self.session.ctx  # the drill's context: drill time, its organisation

    def at(self, minutes: int) -> None:
        self.wall.set(self.started + minutes * MINUTE)

    def declare(self, severity: int = 2, products: tuple[str, ...] = ("Wiki",)) -> None:
        form = incidents.Declaration(
            self.session.drill.drill.summary, severity, products=list(products)
        )
        self.key = incidents.declare(self.ctx, form, by="trainee").key

    def assess(self) -> None:
        for number in range(1, 7):
            assessment.answer(self.ctx, self.key, number, "as the responders said", by="trainee")

    def send(self, phase: str, channel: str, draft: Draft | None = None) -> bool:
        """Send as the console would; False when the gates refused it."""
        try:
            sending.send(self.ctx, self.key, phase, channel, draft or Draft(), by="trainee")
        except Refused:
            return False
        return True

    def end(self, minutes: int) -> Debrief:
        self.at(minutes)
        self.session.end(by="trainer")
        return debrief_of(self.session)


@pytest.fixture
def play(tmp_path: Path) -> Iterator[Callable[..., Played]]:
    opened: list[Played] = []

    def start(name: str, drill: Path = TUTORIAL, started: datetime = T0) -> Played:
        run = Played(tmp_path / name, drill, started)
        opened.append(run)
        return run

    yield start
    for run in opened:
        run.opened.close()


def _figures(said: Debrief) -> dict[str, tuple[str, str]]:
    return {f.what: (f.did, f.bar) for f in said.figures}


# --- the figures -----------------------------------------------------------------------------


def test_sends_refused_first_tries_and_the_imoc_for_a_sev_1(play: Callable[..., Played]) -> None:
    """By hand: declared Sev 2 at 2m; at 3m an initial message refused on internal and on
    external (no assessment yet); assessed at 4m; initial comms sent on internal and email
    at 5m; raised to Sev 1 at 6m; an empty update refused on email at 7m (after email's
    first message, so email was complete on the first try); the IMOC paged at 8m."""
    run = play("sev1.db")
    run.at(2)
    run.declare()
    roles.take(run.ctx, run.key, by="trainee")
    run.at(3)
    assert not run.send("initial", "internal")
    assert not run.send("initial", "external")
    run.at(4)
    run.assess()
    run.at(5)
    assert run.send("initial", "internal") and run.send("initial", "email")
    run.at(6)
    incidents.change_severity(run.ctx, run.key, 1, reason="every save fails", by="trainee")
    run.at(7)
    assert not run.send("update", "email")
    run.at(8)
    paging.page(run.ctx, run.key, "Major Incident Managers", reason="Sev 1", by="trainee")

    said = run.end(30)
    figures = _figures(said)
    assert figures["sends refused"] == (
        "3: initial on internal at 3m 00s (missing: Assessment 0/6) · "
        "initial on external at 3m 00s (missing: Assessment 0/6) · "
        f"update on email at 7m 00s (missing: {FIVE_ITEMS})",
        "",
    )
    assert figures["complete on the first try, internal"] == ("no: 1 send refused before it", "")
    assert figures["complete on the first try, email"] == ("yes", "")
    assert figures["complete on the first try, external"] == ("no: 1 send refused, none sent", "")
    assert figures["time to first comms, internal"] == ("5m 00s", "")
    assert figures["severity chosen"] == ("Sev 2 → Sev 1", "Sev 2")
    assert figures["IMOC paged for Sev 1"] == (
        "paged at 8m 00s; Sev 1 from 6m 00s",
        "Major Incident Managers",
    )
    # Paging the IMOC for a Sev 1 is right: not "also paged", though the drill lists only
    # the Wiki's team.
    assert figures["teams paged"] == (
        "Major Incident Managers; not paged: Work Management",
        "Work Management",
    )
    # The figures stand where a reader looks for them: refusals after the comms, the IMOC
    # after the teams paged.
    whats = [f.what for f in said.figures]
    assert whats.index("sends refused") == whats.index("cadence kept, external") + 1
    assert whats.index("IMOC paged for Sev 1") == whats.index("teams paged") + 1


def test_what_was_not_done_when_the_drill_ended_is_missed_not_open(
    play: Callable[..., Played],
) -> None:
    """Declared at 2m, nothing else, ended at 8m: within their limits (paged within 10m,
    resolved within 45m) but never done, so missed; before the end they are open."""
    run = play("ended.db")
    run.at(2)
    run.declare()
    run.at(8)
    running = {s.expectation.expect: s.standing for s in debrief_of(run.session).scores}
    assert (running["declared"], running["paged"], running["resolved"]) == ("met", "open", "open")
    ended = {s.expectation.expect: s.standing for s in run.end(8).scores}
    assert (ended["declared"], ended["paged"], ended["resolved"]) == ("met", "missed", "missed")


def test_the_debrief_says_how_fast_the_drill_ran_and_who_held_each_role(
    play: Callable[..., Played],
) -> None:
    run = play("speeds.db")
    run.at(1)
    run.session.set_speed(4, by="trainer")
    run.session.pause(by="trainer")  # a pause keeps the speed: not a speed of its own
    run.session.resume(by="trainer")
    run.declare()
    roles.take(run.ctx, run.key, by="ana")
    roles.handover(run.ctx, run.key, "Incident manager", "ana", "bo", by="ana", note="yours")
    figures = _figures(run.end(2))
    assert figures["drill speed"] == ("×1, then ×4", "")
    assert figures["roles assigned"] == ("Incident manager (ana, then bo)", "")


def test_a_team_the_drill_spells_in_another_case_counts_as_paged(
    play: Callable[..., Played], tmp_path: Path
) -> None:
    lower = tmp_path / "lower.toml"
    lower.write_text(
        TUTORIAL.read_text("utf-8").replace('"Work Management"', '"work management"'), "utf-8"
    )
    run = play("lower.db", drill=lower)
    run.at(2)
    run.declare()
    run.at(3)
    paging.page(run.ctx, run.key, "Work Management", reason="saves fail", by="trainee")
    said = run.end(10)
    assert _figures(said)["teams paged"] == ("Work Management", "work management")
    paged = next(s for s in said.scores if s.expectation.expect == "paged")
    assert (paged.standing, paged.took) == ("met", 3 * MINUTE)


def test_the_refusals_are_read_back_as_the_gates_recorded_them(
    play: Callable[..., Played],
) -> None:
    run = play("read.db")
    run.at(1)
    run.declare()
    run.at(3)
    assert not run.send("initial", "email")
    incident_id = load_detail(run.ctx, run.key).incident.id
    assert incident_id is not None
    with run.ctx.store.read() as db:
        assert refused_sends(db, incident_id) == [
            RefusedSend(
                at=T0 + 3 * MINUTE,
                by="trainee",
                phase="initial",
                channel="email",
                missing=(
                    "Assessment 0/6 — open: 1 impact, 2 seeing, 3 how_many, 4 started, "
                    "5 support_cases, 6 other_factors",
                ),
            )
        ]
    # A debrief made without reading them leaves the figure out rather than say "none".
    session = run.session
    unread = debrief(session.drill, session.incident(), session.started, session.now())
    assert "sends refused" not in _figures(unread)
    assert _figures(debrief_of(session))["sends refused"][0].startswith("1: initial on email")


def test_advice_not_followed_on_the_first_message_is_not_complete(
    play: Callable[..., Played],
) -> None:
    """The gates let an initial message go with three sentences for customers (advice, not
    a gate); its checklist says so, so it was not complete on the first try."""
    run = play("advice.db")
    run.at(1)
    run.declare()
    run.assess()
    run.at(2)
    long_text = "Saves fail. We are on it. More soon."
    assert run.send("initial", "external", Draft(customer_text=long_text))
    assert run.send("initial", "internal")
    figures = _figures(run.end(10))
    assert figures["complete on the first try, external"] == (
        "no: sent with 1 check not ticked (Customer text is short (3 sentences))",
        "",
    )
    assert figures["complete on the first try, internal"] == ("yes", "")
    assert figures["complete on the first try, email"] == ("not sent", "")
    assert figures["sends refused"] == ("none", "")


def test_the_shipped_catalog_and_every_shipped_drill_have_an_imoc_rotation() -> None:
    assert load_catalog().imoc is not None
    for path in sorted(shipped_data("scenarios", "drills").glob("*.toml")):
        imoc = load_drill(path).catalog().imoc
        assert imoc is not None and imoc.name == IMOC_TEAM, path.name


def test_no_imoc_figure_without_a_sev_1(play: Callable[..., Played]) -> None:
    run = play("sev2.db")
    run.at(1)
    run.declare()
    paging.page(run.ctx, run.key, "Major Incident Managers", reason="help", by="trainee")
    assert "IMOC paged for Sev 1" not in _figures(run.end(10))


def test_a_sev_1_drill_asks_for_the_imoc_even_when_the_trainee_chose_sev_2(
    play: Callable[..., Played],
) -> None:
    run = play("aws.db", SEV1_DRILL)
    run.at(4)
    run.declare(2, products=("S3",))
    paging.page(run.ctx, run.key, "S3 Core", reason="errors", by="trainee")
    figures = _figures(run.end(20))
    assert figures["IMOC paged for Sev 1"] == (
        "not paged; never at Sev 1",
        "Major Incident Managers",
    )
    assert figures["severity chosen"] == ("Sev 2", "Sev 1")


def test_an_organisation_without_an_imoc_team_is_said_so(
    play: Callable[..., Played], tmp_path: Path
) -> None:
    text = SEV1_DRILL.read_text("utf-8")
    assert text.count('"Major Incident Managers"') == 1  # the team's own name only
    drill = tmp_path / "no-imoc.toml"
    drill.write_text(text.replace('"Major Incident Managers"', '"Night Managers"'), "utf-8")
    run = play("no-imoc.db", drill)
    run.at(1)
    run.declare(1, products=("S3",))
    figures = _figures(run.end(5))
    assert figures["IMOC paged for Sev 1"] == (
        "the organisation has no IMOC team (Major Incident Managers)",
        "",
    )


def test_stored_refusals_and_checklists_that_are_not_what_was_written(
    play: Callable[..., Played],
) -> None:
    """What another process wrote into the store is read leniently, never raised."""
    run = play("odd.db")
    run.at(1)
    run.declare()
    assert not run.send("initial", "internal")
    run.at(2)
    assert not run.send("initial", "email")
    run.assess()
    run.at(3)
    assert run.send("initial", "internal")
    run.end(5)
    with _rewriting(run.path) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM event WHERE kind = 'send-refused'")]
        db.execute("UPDATE event SET detail = 'not json' WHERE id = ?", (ids[0],))
        db.execute(
            "UPDATE event SET detail = ? WHERE id = ?",
            (json.dumps({"phase": 3, "channel": ["email"], "missing": "all"}), ids[1]),
        )
        db.execute("UPDATE message SET checklist = '{\"ok\": true}'")
    figures = _figures(debrief_of(run.session))
    assert figures["sends refused"] == (
        "2: ? on ? at 1m 00s (missing: not recorded) · ? on ? at 2m 00s (missing: not recorded)",
        "",
    )
    # The refusals no longer say where they were; the checklist is not a list of checks.
    assert figures["complete on the first try, internal"] == (
        "no: its checklist is not readable",
        "",
    )


@contextmanager
def _rewriting(path: Path) -> Iterator[sqlite3.Connection]:
    """The store, written directly as any process that can write the file could, with the
    triggers that keep the event log and the messages as they were lifted for the while."""
    with closing(sqlite3.connect(path)) as db, db:
        triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        saved = triggers.fetchall()
        for name, _ in saved:
            db.execute(f'DROP TRIGGER "{name}"')
        yield db
        for _, sql in saved:
            db.execute(sql)


# --- the command: one run, runs compared, runs of different drills ----------------------------


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.chdir(tmp_path)  # stores are named as a person would: a.db
    return Cli(tmp_path / "unused.db", capsys)


def _debrief(cli: Cli, *stores: str, format: str = "markdown") -> Result:
    return cli("drill", "debrief", *stores, "--format", format, db=None)


def test_one_store_prints_its_debrief(play: Callable[..., Played], cli: Cli) -> None:
    run = play("one.db")
    run.at(2)
    run.declare()
    said = run.end(12)
    for name, (one, _) in EXPORTS.items():
        assert cli.ok("drill", "debrief", "one.db", "--format", name, db=None) == one(said)


def _two_runs(play: Callable[..., Played]) -> tuple[Debrief, Debrief]:
    """The first run (started first): declared at 4m, IM taken at 4m, nobody paged. The
    second, a day later: declared at 1m, IM at 2m, Work Management paged at 3m."""
    first = play("early.db", started=T0)
    first.at(4)
    first.declare()
    roles.take(first.ctx, first.key, by="trainee")
    second = play("late.db", started=T0 + DAY)
    second.at(1)
    second.declare()
    second.at(2)
    roles.take(second.ctx, second.key, by="trainee")
    second.at(3)
    paging.page(second.ctx, second.key, "Work Management", reason="saves", by="trainee")
    return first.end(20), second.end(20)


def test_two_runs_compared_in_markdown(play: Callable[..., Played], cli: Cli) -> None:
    _two_runs(play)
    out = cli.ok("drill", "debrief", "late.db", "early.db", db=None)  # given newest first
    lines = out.splitlines()
    assert lines[0] == "# Debrief: Tutorial: wiki pages will not save, 2 runs compared"
    for line in [
        "| run | store | started |",
        "| run 1 | early.db | 2026-11-25 14:00 |",
        "| run 2 | late.db | 2026-11-26 14:00 |",
        "| expected | run 1 | run 2 |",
        "|---|---|---|",
        "| the incident is declared, within 5m 00s | met at 4m 00s | met at 1m 00s |",
        "| someone takes the incident-manager role, within 5m 00s | met at 4m 00s "
        "| met at 2m 00s |",
        "| Work Management is paged, within 10m 00s | missed | met at 3m 00s |",
        "| the incident is resolved, within 45m 00s | missed | missed |",  # ended unresolved
        "| measured | run 1 | run 2 | the bar |",
        "|---|---|---|---|",
        "| time to declare | 4m 00s | 1m 00s |  |",
        "| teams paged | nobody; not paged: Work Management | Work Management | Work Management |",
        "| sends refused | none | none |  |",
        "| time to resolve (TTR) | not resolved | not resolved | 41m 00s in the real incident |",
    ]:
        assert line in lines
    assert lines.index("| run 1 | early.db | 2026-11-25 14:00 |") < lines.index(
        "| run 2 | late.db | 2026-11-26 14:00 |"
    )


def test_two_runs_compared_in_json_and_html(play: Callable[..., Played], cli: Cli) -> None:
    _two_runs(play)
    data = json.loads(
        cli.ok("drill", "debrief", "late.db", "early.db", "--format", "json", db=None)
    )
    assert data["title"] == "Tutorial: wiki pages will not save"
    assert data["runs"] == [
        {"store": "early.db", "started_at": "2026-11-25T14:00:00+00:00"},
        {"store": "late.db", "started_at": "2026-11-26T14:00:00+00:00"},
    ]
    rows = {row["expect"] + row["asks"]: row["runs"] for row in data["expectations"]}
    paged = rows["pagedWork Management is paged, within 10m 00s"]
    assert paged == [
        {"standing": "missed", "took_seconds": None},
        {"standing": "met", "took_seconds": 180.0},
    ]
    figures = {row["what"]: (row["did"], row["bar"]) for row in data["figures"]}
    assert figures["time to declare"] == (["4m 00s", "1m 00s"], "")
    assert figures["time to take the incident-manager role"] == (["4m 00s", "2m 00s"], "")

    page = cli.ok("drill", "debrief", "late.db", "early.db", "--format", "html", db=None)
    assert "<tr><td>run 1</td><td>early.db</td><td>2026-11-25 14:00</td></tr>" in page
    assert "<tr><th>expected</th><th>run 1</th><th>run 2</th></tr>" in page
    assert "<tr><td>time to declare</td><td>4m 00s</td><td>1m 00s</td><td></td></tr>" in page
    assert (
        "<tr><td>Work Management is paged, within 10m 00s</td><td>missed</td>"
        "<td>met at 3m 00s</td></tr>"
    ) in page


def test_a_run_never_declared_is_compared_too(play: Callable[..., Played], cli: Cli) -> None:
    """A run where nothing was declared has fewer figures: its cells say so ("—", null),
    and every row keeps its place."""
    _, declared = _two_runs(play)
    idle = play("idle.db", started=T0 + 2 * DAY)
    idle.end(8)
    data = _debrief(cli, "idle.db", "early.db", "late.db", format="json").json()
    assert [run["store"] for run in data["runs"]] == ["early.db", "late.db", "idle.db"]
    figures = {row["what"]: row["did"] for row in data["figures"]}
    assert figures["time to declare"] == ["4m 00s", "1m 00s", "not done"]
    assert figures["time to first comms, internal"] == ["not done", "not done", None]
    whats = [row["what"] for row in data["figures"]]
    assert whats == [f.what for f in declared.figures]
    out = _debrief(cli, "idle.db", "early.db", "late.db").out
    assert "| time to first comms, internal | not done | not done | — |  |" in out.splitlines()


def test_runs_of_different_drills_are_refused(play: Callable[..., Played], cli: Cli) -> None:
    play("tutorial.db").end(5)
    play("s3.db", SEV1_DRILL, T0 + DAY).end(5)
    for format in EXPORTS:
        result = _debrief(cli, "tutorial.db", "s3.db", format=format)
        assert result.code == 2 and result.out == ""
        assert result.err == (
            "warroom: error: store: s3.db is a run of 'Object storage stops answering in the "
            "busiest region (AWS S3, 2017)', not of 'Tutorial: wiki pages will not save' as "
            "tutorial.db is; compare runs of one drill\n"
        )


def test_compare_keeps_the_runs_oldest_first_and_each_row_in_place() -> None:
    def said(started: datetime, *figures: Figure) -> Debrief:
        return Debrief("Drill", "", [], list(figures), started)

    later = said(T0 + DAY, Figure("a", "1"), Figure("b", "2", "bar"), Figure("c", "3"))
    earlier = said(T0, Figure("a", "4"), Figure("c", "5"), Figure("d", "6"))
    compared = compare([Run("later", later), Run("earlier", earlier)])
    assert [run.store for run in compared.runs] == ["earlier", "later"]
    assert [(f.what, f.did, f.bar) for f in compared.figures] == [
        ("a", ("4", "1"), ""),
        ("b", (None, "2"), "bar"),
        ("c", ("5", "3"), ""),
        ("d", ("6", None), ""),
    ]


# --- stored text is data, in every format ----------------------------------------------------

HOSTILE_LABEL = "<script>alert(1)</script> a | b \\[x](javascript:alert(1)) *EM* `CODE` " + PAYLOAD
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u2069", "\u200b")


def _hostile_run(play: Callable[..., Played], name: str, started: datetime) -> None:
    """A run whose every stored text is hostile: the store's free text (tests/hostile.py),
    and the refusal's phase, channel and what was missing."""
    run = play(name, started=started)
    run.at(1)
    run.declare()
    roles.take(run.ctx, run.key, by="trainee")
    paging.page(run.ctx, run.key, "Work Management", reason="saves", by="trainee")
    assert not run.send("initial", "internal")
    run.end(5)
    poison(run.path)
    detail = {"phase": PAYLOAD, "channel": PAYLOAD, "missing": [HOSTILE_LABEL]}
    with _rewriting(run.path) as db:
        db.execute("UPDATE event SET detail = ? WHERE kind = 'send-refused'", (json.dumps(detail),))


def test_hostile_stored_text_is_inert_in_every_format(
    play: Callable[..., Played], cli: Cli
) -> None:
    _hostile_run(play, "a.db", T0)
    _hostile_run(play, "b.db", T0 + DAY)
    for stores in (["a.db"], ["a.db", "b.db"]):
        markdown = _debrief(cli, *stores).out
        page = _debrief(cli, *stores, format="html").out
        data = _debrief(cli, *stores, format="json")
        for text in (markdown, page, data.out):
            assert text and not any(ch in text for ch in RAW), stores
        # Markdown: no inline HTML, link, emphasis or code from stored text; a bar stays in
        # its cell; a stored backslash escapes nothing.
        for live in ("<script", "[x]", "[b]", "[link=", "[@click", "*EM*", "`CODE`"):
            assert live not in markdown
        assert (
            "&lt;script&gt;alert(1)&lt;/script&gt; a &#124; b &#92;&#91;x&#93;(javascript"
            in markdown
        )
        # Terminal escapes are shown as escapes, whose backslash is a reference too.
        assert "&#92;x1b&#93;0;PWNED-TITLE&#92;x07" in markdown and "&#92;u202eRLO-TEXT" in markdown
        # HTML: escaped; the Rich-style markup is plain text there.
        assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "[b]BOLDME[/b]" in page
        # JSON gives the stored text back exactly once parsed.
        figures = data.json()["figures"]
        refused = next(f for f in figures if f["what"] == "sends refused")
        expected = f"1: {PAYLOAD} on {PAYLOAD} at 1m 00s (missing: {HOSTILE_LABEL})"
        assert refused["did"] == expected if len(stores) == 1 else [expected, expected]


def test_the_exports_escape_a_debrief_made_in_code() -> None:
    hostile = HOSTILE_LABEL
    said = Debrief(hostile, hostile, [], [Figure(hostile, hostile, hostile)], T0)
    compared = compare([Run(hostile, said), Run(hostile, said)])
    for text in (as_markdown(said), as_html(said), as_json(said)):
        assert not any(ch in text for ch in RAW)
    for name, (one, many) in EXPORTS.items():
        for text in (one(said), many(compared)):
            assert not any(ch in text for ch in RAW), name
            if name != "json":
                assert "<script" not in text, name
