"""What the command line prints reaches the terminal through here.

Everything written to stdout and stderr while a command runs passes ``base.text.safe``:
control and direction-changing characters come out as escapes, whatever printed them (a
report, an error that quotes an argument, argparse's usage line). Printers still escape
what they build; this is the door every line goes through, so a printer that forgets
cannot hand stored text to the terminal. ``safe`` leaves printable text as it is, so text
already escaped is not escaped twice.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from warroom.base.text import safe


class _Escaping(io.TextIOBase):
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._stream.write(safe(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()


@contextmanager
def escaped_output() -> Iterator[None]:
    """stdout and stderr escaped for the time of a command."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Escaping(out), _Escaping(err)
    try:
        yield
    finally:  # nothing to flush: each write went straight through
        sys.stdout, sys.stderr = out, err
