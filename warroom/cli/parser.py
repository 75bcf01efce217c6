"""The command line's grammar: every command, its arguments and its help."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from warroom import __version__
from warroom.base.drill_clock import MAX_SPEED
from warroom.base.timeparse import DUE_HINT, HINT
from warroom.cli.serve_access import TOKEN_ENV
from warroom.vocabulary.channels import CHANNEL_NAMES, PHASE_NAMES
from warroom.vocabulary.draft_fields import FIELD_HELP
from warroom.vocabulary.incident import UNKNOWN_SERVICE
from warroom.vocabulary.kinds import PEOPLE_KINDS
from warroom.vocabulary.questions import QUESTIONS

if TYPE_CHECKING:
    from warroom.config.settings import Settings
    from warroom.process.context import Context

EXIT_REFUSED = 2

Handler = Callable[["Context", argparse.Namespace, str], int]
Standalone = Callable[[argparse.Namespace], int]  # a command that opens no store
# A command that opens what it reads itself, given the settings: the catalog alone (oncall),
# or the stores it names (a drill's), never the --db store.
OpensItsOwn = Callable[[argparse.Namespace, "Settings"], int]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line that starts like every other refusal:
    ``warroom: error: retry: argument delivery: … (see warroom retry --help)``."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("warroom").strip()
        where = f"{command}: " if command else ""
        self.exit(EXIT_REFUSED, f"warroom: error: {where}{message} (see {self.prog} --help)\n")


# What `warroom postmortem KEY STEP` takes (postmortem_commands.py does them).
POSTMORTEM_STEP_NAMES = ("write", "submit", "approve", "send-back", "flags", "accept", "verdict")
POSTMORTEM_STEPS = """steps:
  write SECTION TEXT     save a written section (TEXT "-" reads standard input)
  submit                 ask for review; you are its author
  approve                approve it (not if you wrote any of it)
  send-back              return it to draft
  flags                  list the blame flags, numbered (--json for scripts)
  accept N               accept blame flag N: its words stay as they are
  verdict ENTRY WHAT     what became of theory ENTRY: confirmed, ruled out or open
                         (--experiment ID: the experiment that settled it)"""

# oncall --at (oncall_commands.when reads it).
ONCALL_AT_HINT = (
    "now (the default), HH:MM (the latest such time), 15m (ago), in 2h (ahead), "
    "or a date and time like 2026-11-28T02:00 (local) or 2026-11-28T02:00+01:00"
)

_LARGEST_ID = 2**63 - 1  # SQLite's INTEGER: a larger number is no row's id
_LARGEST_PORT = 65535


def _speed(text: str) -> float:
    """A drill's speed: how many seconds of drill time pass in one second."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= MAX_SPEED:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"{text!r}: give a number above 0 and at most {MAX_SPEED}")
    return value


def _later(module: str, name: str) -> Callable[..., int]:
    """A command loaded when it runs: what only it needs (a drill's format and debrief,
    paging's escalation and delivery) stays off the path of every other command."""

    def run(*args: object) -> int:
        commands = importlib.import_module(f"warroom.cli.{module}")
        command: Callable[..., int] = getattr(commands, name)
        return command(*args)

    return run


def _incidents(name: str) -> Callable[..., int]:
    return _later("incident_commands", name)


def _comms(name: str) -> Callable[..., int]:
    return _later("comms_commands", name)


def _oncall(name: str) -> Callable[..., int]:
    return _later("oncall_commands", name)


def _records(name: str) -> Callable[..., int]:
    return _later("record_commands", name)


def _response(name: str) -> Callable[..., int]:
    return _later("response_commands", name)


def _drill(name: str) -> Callable[..., int]:
    return _later("drill_commands", name)


def _paging(name: str) -> Callable[..., int]:
    return _later("page_commands", name)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= _LARGEST_PORT:
        raise argparse.ArgumentTypeError(f"{text!r}: give a port from 1 to {_LARGEST_PORT}")
    return value


def row_id(text: str) -> int:
    """An id as printed by the commands: a positive whole number a row can have."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a whole number)") from None
    if not 1 <= value <= _LARGEST_ID:
        raise argparse.ArgumentTypeError(f"{text!r} is no id warroom gives out")
    return value


def _add_settings(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db",
        default=default,
        help="store: a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE "
        "(env WARROOM_DB)",
    )
    parser.add_argument(
        "--catalog",
        type=Path,
        default=default,
        help="catalog TOML file (env WARROOM_CATALOG)",
    )
    parser.add_argument(
        "--user", default=default, help="your name on everything you do (env WARROOM_USER)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="warroom",
        description="A war-room console for running live incidents. "
        "With no command, opens the console.",
    )
    parser.add_argument("--version", action="version", version=f"warroom {__version__}")
    _add_settings(parser, default=None)
    # The same options after the command too (warroom list --db …); given there, they win.
    settings = _Parser(add_help=False)
    _add_settings(settings, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[settings])
        p.set_defaults(handler=handler)
        p.add_argument("--by", help="who is doing this (default: --user)")
        return p

    sub.add_parser(
        "demo",
        parents=[settings],
        help="open the console on a temporary store of sample incidents (with --db on a "
        "database server: on that new store, filled and kept)",
        description="Open the console on a fresh temporary store with sample incidents: "
        "a severity-1 mid-response, a new severity-2 without an IM, resolved ones with "
        "TTD/TTR. The store is removed when you quit.",
    )
    p = command("declare", _incidents("cmd_declare"), "declare an incident; prints its key")
    p.set_defaults(makes_store=True)
    p.add_argument("--summary", required=True, help="what is the emergency?")
    p.add_argument(
        "--severity", required=True, help="1, 2 or 3; the severity matrix says which are major"
    )
    p.add_argument("--service", default=UNKNOWN_SERVICE, help="faulty service, or Unknown")
    p.add_argument("--product", action="append", default=[], help="affected product (repeat)")
    p.add_argument("--description", default="", help="impact on customers; your contact details")
    p.add_argument("--started", help=f"when the impact started ({HINT})")
    p.add_argument("--detected", help="when it was detected (default: now)")
    p.add_argument("--training", action="store_true", help="a drill, not a real incident")

    kinds = ", ".join(k.value for k in PEOPLE_KINDS)
    p = command("note", _incidents("cmd_note"), "add a timeline note; prints its id")
    p.add_argument("key")
    p.add_argument(
        "text",
        help="the note; without --kind, written as on the console's entry line: "
        "a kind prefix (t: a theory), @14:02 to back-date, and 'undo:' in a change",
    )
    p.add_argument("--kind", help=f"one of {kinds}; the text is then stored as written")
    p.add_argument("--at", help=f"when it happened, to back-date ({HINT})")
    p.add_argument("--undo", default="", help="for a change: how to undo it")

    p = command(
        "note-edit",
        _records("cmd_note_edit"),
        "correct a timeline note; its earlier text is kept",
    )
    p.add_argument("entry", type=row_id, metavar="ID", help="the note's id, as note and show print")
    p.add_argument("text", help="the corrected text, stored as written")
    p.add_argument("--undo", help="for a change: how to undo it (kept if not given)")

    p = command(
        "edit",
        _records("cmd_edit"),
        "correct an incident's summary, description, service or products; the old values "
        "stay on the timeline",
    )
    p.add_argument("key")
    p.add_argument("--summary")
    p.add_argument("--description")
    p.add_argument("--service", help="the faulty service, or Unknown")
    p.add_argument(
        "--product",
        action="append",
        help="an affected product (repeat); the list replaces the one recorded",
    )

    p = command("list", _incidents("cmd_list"), "list incidents (open ones unless --all)")
    p.set_defaults(makes_store=True)  # a new store: says how to declare
    p.add_argument("--all", action="store_true", help="include resolved incidents")
    p.add_argument("--json", action="store_true")

    p = command("show", _incidents("cmd_show"), "show one incident")
    p.add_argument("key")
    p.add_argument("--json", action="store_true")
    p.add_argument("--history", action="store_true", help="also the earlier text of edited notes")

    p = command("take", _incidents("cmd_take"), "take an incident as its incident manager")
    p.add_argument("key")

    p = command("assign", _incidents("cmd_assign"), "give a person a role")
    p.add_argument("key")
    p.add_argument("role", help="e.g. 'Tech lead', 'comms', or a custom role")
    p.add_argument("person")

    p = command(
        "handover",
        _incidents("cmd_handover"),
        "hand a role over to another person",
    )
    p.add_argument("key")
    p.add_argument("role")
    p.add_argument("from_person", metavar="FROM")
    p.add_argument("to_person", metavar="TO")
    p.add_argument(
        "--note", default="", help="for the incoming holder: what is going on, open, next"
    )

    p = command(
        "severity",
        _incidents("cmd_severity"),
        "change the severity, with a reason",
    )
    p.add_argument("key")
    p.add_argument("severity")
    p.add_argument("--reason", required=True)

    questions = "; ".join(f"{q.number}={q.slug}" for q in QUESTIONS)
    p = command("assess", _incidents("cmd_assess"), "answer an assessment question")
    p.add_argument("key")
    p.add_argument("question", help=f"number or name: {questions}")
    p.add_argument(
        "answer",
        help="the answer; write 'unknown' if nobody knows yet. Question 5's is the "
        "support-case count, read as written ('37 tickets so far'); answer again to update",
    )

    p = command(
        "channels",
        _incidents("cmd_channels"),
        "record the chat room, video call and status doc",
    )
    p.add_argument("key")
    p.add_argument("--chat-room")
    p.add_argument("--video")
    p.add_argument("--doc")

    p = command(
        "times",
        _incidents("cmd_times"),
        "set when the impact started and was detected",
    )
    p.add_argument("key")
    p.add_argument("--started")
    p.add_argument("--detected")

    p = command(
        "resolve",
        _incidents("cmd_resolve"),
        "resolve: the business impact has ended",
    )
    p.add_argument("key")
    p.add_argument("--ended", required=True, help=f"when the impact ended ({HINT})")

    fields = "; ".join(f"{name}: {text}" for name, text in FIELD_HELP.items())
    for name, handler, text in (
        (
            "draft",
            _comms("cmd_draft"),
            "print a message as it would go out, with its checklist",
        ),
        (
            "send",
            _comms("cmd_send"),
            "send a message when every gate passes; prints the outbox folder",
        ),
    ):
        p = command(name, handler, text)
        p.add_argument("key")
        p.add_argument(
            "--phase",
            help=f"{', '.join(PHASE_NAMES)} (default: where the incident is, as on the console)",
        )
        p.add_argument(
            "--channel",
            help=f"{', '.join(CHANNEL_NAMES)} (default: the first this phase has not gone out on)",
        )
        p.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="FIELD=VALUE",
            help=f"a draft field (repeat), over the latest words for this phase. Fields — {fields}",
        )
        p.add_argument("--reviewed-by", default="", help="the second pair of eyes, if any")

    p = command("retry", _comms("cmd_retry"), "retry failed deliveries of sent messages")
    p.add_argument("delivery", type=row_id, nargs="+", help="delivery id(s), as printed by send")

    p = command(
        "reopen",
        _incidents("cmd_reopen"),
        "reopen a resolved incident, with a reason",
    )
    p.add_argument("key")
    p.add_argument("--reason", required=True)

    p = command(
        "page",
        _paging("cmd_page"),
        "page a team by its escalation policy; the page carries the key, severity and summary",
    )
    p.add_argument("key")
    p.add_argument("team", help="a team of the catalog, e.g. 'Code Collaboration'")
    p.add_argument(
        "--person", help="whom to page first (default: whoever the team's policy reaches now)"
    )
    p.add_argument("--reason", required=True, help="what you need from them")

    p = command("ack", _paging("cmd_ack"), "acknowledge a page: you have it, stop escalating")
    p.add_argument("page", type=row_id, nargs="+", help="page id(s), as `warroom pages` lists")

    p = command(
        "pages", _paging("cmd_pages"), "list pages: state, age, whom each waits on, deliveries"
    )
    p.set_defaults(makes_store=True)
    p.add_argument("key", nargs="?", help="one incident's pages (default: every incident's)")
    p.add_argument("--open", action="store_true", help="only pages still waiting for an answer")
    p.add_argument("--json", action="store_true")

    text = (
        "escalate every page past its deadline and retry failed page deliveries, once; "
        "for cron or a systemd timer when no console is open (silent when nothing is due)"
    )
    p = command("tick", _paging("cmd_tick"), text)
    p.add_argument("--verbose", action="store_true", help="also list deliveries that went out")

    text = (
        "export a resolved incident's blameless postmortem (Markdown by default), or take a "
        "step on it: write a section, submit, approve, send back, accept a blame flag"
    )
    p = command("postmortem", _later("postmortem_commands", "cmd_postmortem"), text)
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = POSTMORTEM_STEPS
    p.add_argument("key")
    p.add_argument("step", nargs="?", choices=POSTMORTEM_STEP_NAMES, metavar="STEP")
    p.add_argument("words", nargs="*", metavar="ARG", help="what the step takes (below)")
    p.add_argument("--format", choices=("markdown", "html", "json"), default="markdown")
    p.add_argument("--output", metavar="FILE", help="write the export here (default: print it)")
    p.add_argument("--experiment", type=row_id, help="verdict: the experiment that settled it")
    p.add_argument("--json", action="store_true", help="flags: print JSON")

    text = (
        "who is on call now (or --at a time) for each team or the one named: per layer of "
        "its schedule, and who is next and from when"
    )
    p = sub.add_parser("oncall", help=text, description=text, parents=[settings])
    p.set_defaults(
        opens_its_own=_oncall("cmd_oncall")
    )  # reads the catalog only: no store is opened
    p.add_argument("team", nargs="?", help="a team of the catalog (default: every team)")
    p.add_argument("--at", help=f"when to ask about: {ONCALL_AT_HINT}")
    p.add_argument("--json", action="store_true", help="print JSON (times in UTC)")

    text = (
        "copy a whole store into a new one, every row and id as it is: from SQLite to "
        "PostgreSQL, back, or to another store of the same engine"
    )
    p = sub.add_parser("copy", help=text, description=text, parents=[settings])
    p.set_defaults(opens_its_own=_later("copy_command", "cmd_copy"))  # the stores it names
    where = "a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE"
    p.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="SRC",
        help=f"the store to copy, at this warroom's schema: {where}",
    )
    p.add_argument(
        "--to",
        dest="destination",
        required=True,
        metavar="DST",
        help=f"a new store, made if needed (a PostgreSQL database must exist): {where}",
    )

    text = "add a clean-up item to an incident, or mark one done"
    action = sub.add_parser("action", help=text, description=text, parents=[settings])
    steps = action.add_subparsers(
        dest="action_command", metavar="STEP", parser_class=_Parser, required=True
    )
    text = "add a clean-up (or follow-up) item; prints its id"
    p = steps.add_parser("add", help=text, description=text, parents=[settings])
    p.set_defaults(handler=_response("cmd_action_add"))
    p.add_argument("--by", help="who is doing this (default: --user)")
    p.add_argument("key")
    p.add_argument("text", help="what needs doing")
    p.add_argument("--owner", default="", help="who will do it")
    p.add_argument("--due", help=f"when it should be done by ({DUE_HINT})")
    p.add_argument(
        "--kind",
        default="cleanup",
        help="cleanup (during and just after the incident; the default) or follow-up "
        "(from the postmortem)",
    )
    p.add_argument(
        "--priority",
        default="normal",
        help="high (the postmortem's priority actions), normal (the default) or low",
    )
    p.add_argument("--link", default="", help="its ticket: an http:// or https:// URL")
    text = "mark an action item done"
    p = steps.add_parser("done", help=text, description=text, parents=[settings])
    p.set_defaults(handler=_response("cmd_action_done"))
    p.add_argument("--by", help="who is doing this (default: --user)")
    p.add_argument(
        "id", type=row_id, help="the item's id, as printed by 'action add' and 'actions'"
    )
    text = "mark a done action item open again"
    p = steps.add_parser("reopen", help=text, description=text, parents=[settings])
    p.set_defaults(handler=_response("cmd_action_reopen"))
    p.add_argument("--by", help="who is doing this (default: --user)")
    p.add_argument(
        "id", type=row_id, help="the item's id, as printed by 'action add' and 'actions'"
    )

    text = (
        "training drills: start one and run it as the trainer, debrief it, check a drill "
        "file, or make one from a past incident"
    )
    drill = sub.add_parser("drill", help=text, description=text, parents=[settings])
    drills = drill.add_subparsers(
        dest="drill_command", metavar="STEP", parser_class=_Parser, required=True
    )
    text = "list the drills 'drill start' takes by name: your organisation's, then the shipped"
    p = drills.add_parser("list", help=text, description=text, parents=[settings])
    p.set_defaults(standalone=_drill("cmd_drill_list"))  # reads files only: no store is opened
    text = "check drill files: each field, each inject and expectation, the organisation"
    p = drills.add_parser("check", help=text, description=text, parents=[settings])
    p.set_defaults(standalone=_drill("cmd_drill_check"))  # reads files only: no store is opened
    p.add_argument("file", nargs="+", help="a drill file (TOML); see docs/drills.md")
    text = "print a drill made from a resolved incident: its notes become the injects"
    p = drills.add_parser("from", help=text, description=text, parents=[settings])
    p.set_defaults(handler=_drill("cmd_drill_from"), by=None)  # reads only: nobody does anything
    p.add_argument("key", help="a resolved incident, e.g. HOT-12")
    text = (
        "start a drill on a store of its own and open the trainer's console; "
        "it prints the command trainees join with"
    )
    p = drills.add_parser("start", help=text, description=text, parents=[settings])
    p.set_defaults(opens_its_own=_drill("cmd_drill_start"))
    p.add_argument("scenario", help="a drill's name (e.g. tutorial, aws-s3-2017) or a drill file")
    p.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        help=f"how much faster than real time drill time runs (default 1, at most {MAX_SPEED})",
    )
    p.add_argument(
        "--store", help="the drill store to make (default: a new file in the drills folder)"
    )
    p.add_argument(
        "--no-console",
        action="store_true",
        help="make the drill store and print how to join, without opening the trainer's console",
    )
    text = "open the trainer's console on a drill store again (the drill goes on where it was)"
    p = drills.add_parser("trainer", help=text, description=text, parents=[settings])
    p.set_defaults(opens_its_own=_drill("cmd_drill_trainer"))
    p.add_argument("store", help="the drill store, as 'drill start' printed it")
    text = "the debrief of a drill: its scorecard and figures; several stores side by side"
    p = drills.add_parser("debrief", help=text, description=text, parents=[settings])
    p.set_defaults(opens_its_own=_drill("cmd_drill_debrief"))
    p.add_argument("store", nargs="+", help="a drill store; give several to compare runs")
    p.add_argument("--format", choices=("markdown", "json", "html"), default="markdown")

    text = (
        "serve the console to web browsers: each connection runs its own console, on this "
        "store, as this user (--user); loopback only unless an access token is given"
    )
    p = sub.add_parser("serve", help=text, description=text, parents=[settings])
    p.set_defaults(opens_its_own=_later("serve_command", "cmd_serve"))
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only); any other "
        "needs an access token",
    )
    p.add_argument("--port", type=_port, default=8000, help="the port (default 8000)")
    token = p.add_mutually_exclusive_group()
    token.add_argument(
        "--token-file",
        metavar="FILE",
        help=f"a file whose first line is the access token (else env {TOKEN_ENV}); every "
        "request must then carry it: ?token= once, then a cookie, or Authorization: Bearer",
    )
    token.add_argument(
        "--new-token",
        action="store_true",
        help="make a random access token for this run and print the URL that carries it",
    )
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address people open when a reverse proxy is in front "
        "(https://warroom.example.com/): its pages may open the console",
    )

    text = (
        "the numbers across incidents: TTD and TTR per severity and month (median, p90, max), "
        "time to an IM, to the assessment, to first comms, cadence kept, page acknowledgement, "
        "follow-up items; training incidents left out unless --training"
    )
    p = command("report", _later("report_commands", "cmd_report"), text)
    p.add_argument(
        "--since",
        help="incidents declared from then: a date (2026-03-01), 30d (that long ago), "
        "or a date and time (2026-03-01T09:00)",
    )
    p.add_argument("--until", help="incidents declared before then; a date alone includes that day")
    p.add_argument("--severity", help="only incidents of this severity (1, 2 or 3)")
    p.add_argument("--training", action="store_true", help="count training incidents too")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="JSON; durations in seconds")
    output.add_argument("--csv", action="store_true", help="CSV, one row per incident")

    p = command(
        "actions",
        _response("cmd_actions"),
        "list action items: open ones first, soonest due first",
    )
    p.set_defaults(makes_store=True)
    p.add_argument("key", nargs="?", help="one incident's items (default: every incident's)")
    p.add_argument("--open", action="store_true", help="only items not done yet")
    p.add_argument("--overdue", action="store_true", help="only open items past their due time")
    p.add_argument("--json", action="store_true")
    return parser
