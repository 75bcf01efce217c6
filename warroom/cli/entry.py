"""Where the `warroom` command starts: the collector settled around the command's run.

Loading the command line creates some 100,000 objects that live until the process ends
(SQLAlchemy, pydantic, Textual); the collections they trigger while loading, and the full one
the interpreter makes at exit, walk all of them for nothing. Measured on `warroom note`:
about 50 ms of collections while loading and 90 ms at exit, of some 800 ms. So: no
collection while loading, what was loaded frozen out of later collections, and frozen again
at the end. Nothing is skipped at exit: every flush and close still runs as before.
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    try:
        from warroom.cli.main import main as command_line
    finally:
        gc.freeze()
        gc.enable()
    try:
        return command_line()
    finally:
        gc.freeze()  # the interpreter's last full collection then skips it all
