"""Where the `warroom` command starts: the collector settled around the command's run.

Loading creates many objects that live until the process ends; the collections they trigger
while loading, and the full one the interpreter makes at exit, walk all of them for nothing
(measured on `warroom note` before it had a direct path: about 50 ms of collections while
loading and 90 ms at exit, of some 800 ms). So: no collection while the command line loads
(``base/collector.py``; the full path pauses it again while it loads), what was loaded
frozen out of later collections, and frozen again at the end. Nothing is skipped at exit:
every flush and close still runs as before.
"""

from __future__ import annotations

import gc

from warroom.base import collector


def main() -> int:
    collector.pause()
    try:
        from warroom.cli.main import main as command_line
    finally:
        gc.freeze()
        collector.resume()
    try:
        return command_line()
    finally:
        gc.freeze()  # the interpreter's last full collection then skips it all
