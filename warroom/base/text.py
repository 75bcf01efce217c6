"""Text people or scripts wrote, shown so that its control characters cannot act on a terminal."""

from __future__ import annotations


def _is_control(ch: str) -> bool:
    # C0, DEL and C1: U+009B alone is a control sequence introducer on some terminals.
    code = ord(ch)
    return code < 32 or 127 <= code <= 159


def safe(text: str) -> str:
    """Escape control characters (ESC, BEL, CR, …) except newline and tab."""
    return "".join(
        f"\\x{ord(ch):02x}" if _is_control(ch) and ch not in "\n\t" else ch for ch in text
    )


def one_line(text: str) -> str:
    """``safe``, on one line: for headers, summaries and other single-line places."""
    return safe(text).replace("\n", " ")
