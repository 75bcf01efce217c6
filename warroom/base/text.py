"""Text people or scripts wrote, shown so that it cannot act on a terminal or read as
something it does not say: control characters, and the invisible characters that reorder
or hide text, are shown as escapes."""

from __future__ import annotations

# Characters that change the direction of what follows (U+202E makes "gpj.exe" read
# "exe.jpg") or are invisible (U+2028 and U+2029 break lines no one sees): shown as \uXXXX.
# Joiners (U+200C, U+200D) stay: scripts and emoji sequences need them.
_INVISIBLE = frozenset(
    {0x061C, 0x200B, 0x200E, 0x200F, 0x2028, 0x2029, 0x2060, 0xFEFF}
    | set(range(0x202A, 0x202F))  # LRE, RLE, PDF, LRO, RLO
    | set(range(0x2066, 0x206A))  # LRI, RLI, FSI, PDI
)


def _is_control(ch: str) -> bool:
    # C0, DEL and C1: U+009B alone is a control sequence introducer on some terminals.
    code = ord(ch)
    return code < 32 or 127 <= code <= 159


def _shown(ch: str) -> str:
    if ch in "\n\t":
        return ch
    if _is_control(ch):
        return f"\\x{ord(ch):02x}"
    if ord(ch) in _INVISIBLE:
        return f"\\u{ord(ch):04x}"
    return ch


def is_hostile_character(ch: str) -> bool:
    """A control character (newline and tab aside) or an invisible, direction-changing one:
    never to reach a terminal as it is."""
    return ch not in "\n\t" and (_is_control(ch) or ord(ch) in _INVISIBLE)


# The same rules as tables for str.translate, which applies them in C: every line a command
# prints passes through here, and a character-by-character loop in Python cost seconds on a
# list of 10,000 incidents. Built from the functions above, so the rules stay said once.
_HOSTILE = [code for code in (*range(160), *_INVISIBLE) if is_hostile_character(chr(code))]
_SHOWN_TABLE = {code: _shown(chr(code)) for code in _HOSTILE}
_CODE_TABLE = {code: f"\\u{code:04x}" for code in _HOSTILE}


def escaped_code(dumped: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` with the characters it leaves raw
    but a terminal obeys (DEL, C1, direction-changing) written as \\uXXXX: the same data once
    parsed, and inert when printed. JSON writes them only inside strings, where \\uXXXX means
    the character itself, and has already escaped C0."""
    return dumped.translate(_CODE_TABLE)


def safe(text: str) -> str:
    """Escape control characters (ESC, BEL, CR, …) except newline and tab, and the
    invisible or direction-changing ones (U+202E, U+2066–2069, U+200B, …)."""
    return text.translate(_SHOWN_TABLE)


def one_line(text: str) -> str:
    """``safe``, on one line: for headers, summaries and other single-line places."""
    return safe(text).replace("\n", " ")


def in_place(text: str) -> str:
    """``safe`` for text being edited: each control or invisible character becomes *one*
    visible character (␛ for ESC, ␇ for BEL, … and � for the rest), so what is drawn never
    acts on the terminal while the cursor still counts the stored characters one to one."""
    return "".join(_pictured(ch) for ch in text)


def _pictured(ch: str) -> str:
    code = ord(ch)
    if code < 32:
        return chr(0x2400 + code)  # Unicode's control pictures: ␀ … ␟
    if code == 127:
        return "\u2421"
    if _is_control(ch) or code in _INVISIBLE:
        return "\ufffd"
    return ch


_FORMULA_STARTS = ("=", "+", "-", "@", "\t")  # a carriage return is escaped by safe()


def spreadsheet_cell(text: str) -> str:
    """``safe``, for a CSV cell a spreadsheet will open: text starting with = + - @ or a
    tab would be read as a formula, so it gets a leading apostrophe, which spreadsheets
    show as text (OWASP's advice on CSV injection)."""
    shown = safe(text)
    return f"'{shown}" if shown.startswith(_FORMULA_STARTS) else shown
