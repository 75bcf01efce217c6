"""``warroom postmortem KEY [STEP …]``: export a postmortem, or take one step on it — write a
section, ask for review, approve, send back, list and accept blame flags, say what became
of a theory. The console does the same (``screens/postmortem.py``) with the same rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from warroom.base.errors import InvalidInput
from warroom.base.text import safe
from warroom.base.textfile import shown
from warroom.cli.json_output import print_json
from warroom.process import postmortem
from warroom.process.blame import Flag
from warroom.process.context import Context
from warroom.process.postmortem_read import load_postmortem
from warroom.reports.postmortem import load_report
from warroom.reports.postmortem_export import rendered, write_report
from warroom.vocabulary.postmortem import parse_verdict


def cmd_postmortem(ctx: Context, args: argparse.Namespace, by: str) -> int:
    if args.step is None:
        return _export(ctx, args)
    given = list(args.words)
    if args.step == "write":
        section, text = _take(given, "write", "SECTION TEXT", 2)
        if text == "-":
            text = sys.stdin.read()
        view = load_postmortem(ctx, args.key)
        base = view.revision(postmortem.section_slug(section))
        saved = postmortem.write_section(ctx, args.key, section, text, base=base, by=by)
        print(f"{saved.revision.section}: saved (revision {saved.revision.id})")
        return 0
    if args.step in ("submit", "approve", "send-back", "flags"):
        _take(given, args.step, "", 0)
    if args.step == "submit":
        postmortem.submit(ctx, args.key, by=by)
        print(f"the postmortem of {args.key.upper()} is in review; {safe(by)} is its author")
    elif args.step == "approve":
        postmortem.approve(ctx, args.key, by=by)
        print(f"the postmortem of {args.key.upper()} is approved by {safe(by)}")
    elif args.step == "send-back":
        postmortem.send_back(ctx, args.key, by=by)
        print(f"the postmortem of {args.key.upper()} is a draft again")
    elif args.step == "flags":
        return _flags(ctx, args)
    elif args.step == "accept":
        (number,) = _take(given, "accept", "N", 1)
        flag = _flag(ctx, args.key, number)
        postmortem.accept_flag(ctx, args.key, flag.section, flag.rule, flag.words, by=by)
        print(f"flag {number} accepted: “{safe(flag.words)}” stays in {flag.section}")
    else:
        entry, verdict = _take(given, "verdict", "ENTRY WHAT", 2)
        postmortem.set_verdict(
            ctx,
            args.key,
            _entry_id(entry),
            parse_verdict(verdict),
            experiment_id=args.experiment,
            by=by,
        )
        print(f"theory {entry}: {parse_verdict(verdict).value}")
    return 0


def _take(given: list[str], step: str, names: str, count: int) -> list[str]:
    if len(given) != count:
        wanted = f"give {names}" if names else "takes nothing more"
        raise InvalidInput(step, f"{wanted} (got {len(given)} word(s)); see --help")
    return given


def _entry_id(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 2**63:
        raise InvalidInput("entry", f"{safe(text)!r} is not an entry id (show --json lists them)")
    return int(text)


def _export(ctx: Context, args: argparse.Namespace) -> int:
    text = rendered(load_report(ctx, args.key), args.format)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    path = write_report(text, Path(args.output))
    print(f"postmortem written: {shown(path)}", file=sys.stderr)
    return 0


def _flags(ctx: Context, args: argparse.Namespace) -> int:
    flags = load_report(ctx, args.key).flags
    if args.json:
        print_json(
            [
                {"number": n, "section": f.section, "rule": f.rule, "words": f.words}
                | {"why": f.why, "accepted": f.accepted}
                for n, f in enumerate(flags, 1)
            ]
        )
        return 0
    if not flags:
        print("no blame flags")
    for number, flag in enumerate(flags, 1):
        kept = " (accepted)" if flag.accepted else ""
        print(f"{number}. {flag.section}: “{safe(flag.words)}” — {flag.rule}{kept}")
        print(f"   {safe(flag.why)}")
    return 0


def _flag(ctx: Context, key: str, number: str) -> Flag:
    flags = load_report(ctx, key).flags
    if not number.isascii() or not number.isdigit() or not 1 <= int(number) <= len(flags):
        raise InvalidInput("flag", f"{safe(number)!r}: give a number from `postmortem {key} flags`")
    return flags[int(number) - 1]
