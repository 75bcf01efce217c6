"""The command line: the console by default, and commands for scripts and monitoring.

Every command goes through the same rules as the console. Refused input exits with status 2
and one line on stderr; nothing changes.

Two paths lead to the store. A note, a declaration or the list as JSON, as monitoring hooks
and scripts ask for them, take the direct path (``direct.py``) when nothing but the store
and the user are configured: the same checks, rows and refusals, with the sqlite3 module
alone. Everything else takes the full path (``full.py``), loaded only then.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from warroom.base import collector
from warroom.base.errors import WarroomError
from warroom.cli.direct import answer_directly
from warroom.cli.output import escaped_output
from warroom.cli.parser import EXIT_REFUSED, build_parser
from warroom.cli.undecodable import refuse_undecodable


def main(argv: Sequence[str] | None = None) -> int:
    # Text output must never crash on a terminal that cannot show a character.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    with escaped_output():  # argparse's own messages quote the arguments
        return _command(build_parser().parse_args(argv))


def _command(args: argparse.Namespace) -> int:
    try:
        refuse_undecodable(args)
        answered = answer_directly(args)
        if answered is not None:
            return answered
        collector.pause()  # while the full path loads; see base/collector.py
        try:
            from warroom.cli.full import run

            return run(args)
        finally:
            collector.resume()
    except WarroomError as err:
        print(f"warroom: error: {err}", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        # `warroom list | head`: the reader left; that is not an error. Point stdout at
        # /dev/null so the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
