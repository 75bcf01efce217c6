"""Blanking credentials out of what a server said, in every encoding they were sent in.

A server may quote what it was sent: a mail server its AUTH line (base64 of the user name
and password) in a 535 rejection, a web server the request's URL or its Authorization
header in an error page. Whatever an adapter reports passes through ``redact`` before it is
recorded (``base.deliver``), so the delivery record, ``warroom send`` and ``retry``, ``show
--json`` and the console's comms tab never carry a credential.

For each secret this blanks out, wherever they occur:

- the secret itself, with any of its characters percent-encoded (either case of hex, ``+``
  for a space), HTML- or JSON-escaped, or as Python's repr would quote it;
- its base64 (standard and URL-safe, with or without padding), and any run of base64
  characters that is a piece of it (a server that wraps the line or quotes part of it);
- any run of base64 characters that holds it at any byte offset (``\\0user\\0password``,
  ``user:password`` in a Basic header, with whatever around them);
- a piece of any of these that ends the text (a quote cut short).

A secret, or a form of one, shorter than ``SHORTEST`` characters is left alone: it cannot
be told apart from ordinary words. Blanking a word that only looks like a piece of a secret
costs a little clarity; leaving a piece of a secret would cost the secret.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

# What replaces a secret. Round brackets, not square ones: "[redacted]" is a Rich markup tag
# wherever a careless display lets markup through.
MARK = "(redacted)"
SHORTEST = 4

# Characters of either base64 alphabet: a maximal run of them is one "word" of encoded text.
_RUN = re.compile(r"[A-Za-z0-9+/=_-]+")
_B64_ENCODERS: tuple[Callable[[bytes], bytes], ...] = (
    base64.b64encode,
    base64.urlsafe_b64encode,
)


@dataclass
class _Forms:
    """Everything to blank out, gathered from every secret."""

    texts: dict[str, str] = field(default_factory=dict)  # a regex for each secret as text
    encoded: set[str] = field(default_factory=set)  # base64: any run that is a piece of one
    cores: set[str] = field(default_factory=set)  # base64: any run holding one

    def literal(self) -> set[str]:
        """The forms whose start, ending the text, is blanked too."""
        quoted = {quote(secret, safe="") for secret in self.texts}
        return {*self.texts, *quoted, *self.encoded}


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every form of every secret replaced by ``MARK``."""
    forms = _forms_of(secrets)
    if not forms.texts and not forms.encoded:
        return text
    text = _RUN.sub(lambda run: MARK if _is_encoded(run.group(), forms) else run.group(), text)
    # Longest first, so a secret holding another is blanked whole; one pass, so what it puts
    # in is not searched again.
    longest_first = sorted(
        [*forms.texts.items(), *((form, re.escape(form)) for form in forms.encoded)],
        key=lambda item: len(item[0]),
        reverse=True,
    )
    text = re.sub("|".join(pattern for _, pattern in longest_first), MARK, text)
    return _cut_tail(text, forms.literal())


def _forms_of(secrets: Iterable[str]) -> _Forms:
    forms = _Forms()
    for secret in {s for s in secrets if s}:
        if len(secret) >= SHORTEST:
            forms.texts[secret] = "".join(_char_pattern(char) for char in secret)
        data = secret.encode("utf-8")
        for encode in _B64_ENCODERS:
            padded = encode(data).decode("ascii")
            forms.encoded.update((padded, padded.rstrip("=")))
            forms.cores.update(_cores(data, encode))
    forms.encoded = {form for form in forms.encoded if len(form) >= SHORTEST}
    forms.cores = {core for core in forms.cores if len(core) >= SHORTEST}
    return forms


def _char_pattern(char: str) -> str:
    """One character of a secret, as text may quote it: as is, percent-encoded (either case,
    ``+`` for a space), as an HTML entity, a JSON or a Python escape. Each character on its
    own, so a text encoding only some of them is matched too."""
    data = char.encode("utf-8")
    ways = {
        char,
        html.escape(char),
        json.dumps(char)[1:-1],
        repr(char)[1:-1],
        repr(data)[2:-1],
        f"&#{ord(char)};",
    }
    if char == " ":
        ways.add("+")
    hexed = "".join(f"%{byte:02X}" for byte in data)
    alternatives = [re.escape(way) for way in sorted(ways, key=len, reverse=True)]
    return f"(?:{'|'.join(alternatives)}|(?i:{re.escape(hexed)}))"


def _cores(data: bytes, encode: Callable[[bytes], bytes]) -> set[str]:
    """The base64 characters that depend on ``data`` alone, for each of the three byte
    offsets it can sit at: any base64 text holding ``data`` holds one of them."""
    cores = set()
    for offset in range(3):
        encoded = encode(bytes(offset) + data).decode("ascii")
        start_bit, end_bit = 8 * offset, 8 * (offset + len(data))
        first = -(-start_bit // 6)  # the first character wholly inside data's bits
        last = end_bit // 6  # one past the last such character
        cores.add(encoded[first:last])
    return cores


def _is_encoded(run: str, forms: _Forms) -> bool:
    if len(run) < SHORTEST:
        return False
    return any(core in run for core in forms.cores) or any(run in form for form in forms.encoded)


def _cut_tail(text: str, literal: set[str]) -> str:
    """Blank the end of ``text`` when it is the start of a secret: a quote cut short."""
    longest = 0
    for form in literal:
        for size in range(min(len(form) - 1, len(text)), max(longest, SHORTEST - 1), -1):
            if text.endswith(form[:size]):
                longest = size
                break
    return text[: len(text) - longest] + MARK if longest else text
