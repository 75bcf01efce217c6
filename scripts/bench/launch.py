"""Start one command and say how long it lived and its peak memory:
``python launch.py OUT command...`` writes ``started ended maxrss_kib exit_code`` to OUT.

Why a launcher: Linux keeps a process's peak RSS across ``exec``, so a command started
straight from the benchmark (over 100 MiB by then) would inherit the benchmark's peak as its
own. Forked from this small process, a command's figure can only be raised to this
process's own size (about 10 MiB, less than any command measured). The times are this
process's ``time.monotonic()`` just before the fork and just after the child was reaped; its
own start is not in them.
"""

from __future__ import annotations

import os
import sys
import time


def main() -> int:
    out, *command = sys.argv[1:]
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, rusage = os.wait4(pid, 0)
    ended = time.monotonic()
    code = os.waitstatus_to_exitcode(status)
    with open(out, "w") as file:
        file.write(f"{started!r} {ended!r} {rusage.ru_maxrss} {code}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
