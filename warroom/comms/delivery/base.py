"""The delivery interface: what an adapter is given, what it returns, and how one is chosen.

Nothing here knows the store: the caller records each ``Attempt``. A delivery failure never
raises; it comes back as ``Attempt(ok=False)`` with one line a person can act on.

No detail ever carries a credential: ``deliver`` is the one door every adapter's result
passes through before anyone records or shows it, and it blanks out (``redact``) every
secret the adapter names, in every encoding it was sent in, from whatever a server said.

A drill (a training incident's message or page) goes only to the outbox: ``allowed`` is the
one rule, ``adapters_for`` (``pages.page_adapters_for``) chooses by it and ``deliver``
(``pages.deliver_page``) checks it again at the door, so neither a send nor a retry of an
older delivery can reach a mail server, a status page or a pager for a role-play.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from warroom.base.errors import InvalidInput
from warroom.comms.delivery.redact import redact
from warroom.config.delivery import DeliverySettings, one_line
from warroom.vocabulary.channels import PHASE_NAMES, Channel, channel

_DETAIL_LIMIT = 500  # one line in a timeline, not a log dump; room for two outbox paths


@dataclass(frozen=True)
class Outgoing:
    """One message as sent, on one channel."""

    message_id: int
    incident_key: str
    phase: str  # vocabulary.channels.Phase
    channel: str  # vocabulary.channels.CHANNELS
    title: str  # status-page name / email subject
    body: str
    sent_at: datetime  # aware UTC
    sent_by: str
    drill: bool = False  # a training incident's: the outbox only, marked DRILL

    def __post_init__(self) -> None:
        if self.phase not in PHASE_NAMES:
            raise InvalidInput("phase", f"must be one of {', '.join(PHASE_NAMES)}")
        channel(self.channel)
        if self.sent_at.utcoffset() is None:
            raise InvalidInput("sent_at", "must carry a time zone (UTC)")
        # Title and key become mail headers: a line break would let text forge headers.
        one_line("title", self.title)
        one_line("incident_key", self.incident_key)

    @property
    def on(self) -> Channel:
        return channel(self.channel)


@dataclass(frozen=True)
class Attempt:
    """How one adapter fared with one message."""

    adapter: str
    ok: bool
    detail: str  # the file(s) written, the server's answer, or the error; never a credential


class Failed(Exception):
    """A delivery failure, already worded as the one line the Attempt will carry.

    ``hide`` names secrets made while sending (an answer to a server's login challenge),
    which the adapter's ``secrets`` could not know beforehand; ``deliver`` blanks them out
    too."""

    def __init__(self, detail: str, *, hide: Iterable[str] = ()) -> None:
        super().__init__(detail)
        self.hide = tuple(hide)


class Adapter(Protocol):
    """One way out. Each adapter module has one, called ``ADAPTER``."""

    def configured(self, settings: DeliverySettings) -> bool:
        """Whether the settings ask for this adapter at all."""
        ...

    def send(self, outgoing: Outgoing, settings: DeliverySettings) -> str:
        """Deliver, or raise ``Failed``; return what happened, in one line."""
        ...

    def secrets(self, settings: DeliverySettings) -> list[str]:
        """What this adapter sends that a server could quote back, as plain text: each is
        blanked out of the detail line in every encoding (``redact``)."""
        ...


# Adapter name → its module under warroom.comms.delivery. Channels name the adapters that
# carry them (vocabulary.channels); a new adapter is a new module and a line here.
ADAPTERS = {"outbox": "outbox", "smtp": "smtp", "webhook": "webhook"}

# The adapters that keep a message on this machine: the only ways a drill may go.
SANDBOXED = frozenset({"outbox"})

DRILL_MARK = "[DRILL]"
# Said wherever a drill's message is reported as sent (the console, ``warroom send``).
DRILL_NOTE = (
    "Drill: written to the outbox only, marked DRILL; "
    "SMTP and the webhook are never contacted for a training incident."
)


def adapter(name: str) -> Adapter:
    """The adapter called ``name``, imported now: a note never loads smtplib."""
    found: Adapter = imported(name, ADAPTERS, "ADAPTER")
    return found


def imported(name: str, modules: Mapping[str, str], attribute: str) -> Any:
    """``attribute`` of the module under warroom.comms.delivery that ``modules`` names for
    the adapter ``name``, imported only now; an unknown name is refused."""
    if name not in modules:
        raise InvalidInput("adapter", f"must be one of {', '.join(modules)}, not {name!r}")
    return getattr(importlib.import_module(f"{__package__}.{modules[name]}"), attribute)


class MaybeDrill(Protocol):
    """What goes out: a message (``Outgoing``) or a page (``pages.PageOut``)."""

    @property
    def drill(self) -> bool: ...


def allowed(name: str, sent: MaybeDrill) -> bool:
    """Whether ``sent`` may go by the adapter ``name`` at all: a drill never leaves the
    sandbox, whatever the settings say. The one place this is decided, for messages and
    pages alike."""
    return name in SANDBOXED or not sent.drill


def kept_in(name: str) -> Attempt:
    """A drill refused at the door: recorded as a failure, never attempted."""
    return Attempt(
        adapter=name, ok=False, detail=f"not sent by {name}: a drill goes to the outbox only"
    )


def marked(title: str, *, drill: bool) -> str:
    """The title as it goes out: a drill's says so first, so nobody takes it for real."""
    return f"{DRILL_MARK} {title}" if drill else title


def adapters_for(outgoing: Outgoing, settings: DeliverySettings) -> list[str]:
    """The adapters that carry this message's channel, are allowed for it and are
    configured: the outbox always; for a drill, the outbox only (the others are not even
    imported)."""
    return [
        name
        for name in outgoing.on.adapters
        if allowed(name, outgoing) and adapter(name).configured(settings)
    ]


def deliver(name: str, outgoing: Outgoing, settings: DeliverySettings) -> Attempt:
    """Send one message one way. Only an unknown adapter name raises; failures are returned."""
    if name in ADAPTERS and not allowed(name, outgoing):
        # A delivery recorded before drills were kept in: refused here, never attempted.
        return kept_in(name)
    way = adapter(name)
    return attempted(name, lambda: way.send(outgoing, settings), lambda: way.secrets(settings))


def attempted(name: str, send: Callable[[], str], secrets: Callable[[], list[str]]) -> Attempt:
    """Run one adapter's ``send`` and word what came of it, whatever it was: one clean line
    with every secret blanked out. Messages and pages both pass through here."""
    hide: tuple[str, ...] = ()
    try:
        ok, detail = True, send()
    except Failed as failure:
        ok, detail, hide = False, str(failure), failure.hide
    except Exception as err:  # last resort: a sending bug must not take the console down
        ok, detail = False, f"unexpected {type(err).__name__}: {err}"
    return Attempt(adapter=name, ok=ok, detail=_clean(detail, [*secrets(), *hide]))


def os_reason(err: BaseException) -> str:
    """'Not a directory' rather than '[Errno 20] Not a directory: ...' (the path is given)."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    return str(err) or type(err).__name__


def _clean(detail: str, secrets: list[str]) -> str:
    """One printable line, short, with every secret blanked out: before the line is made
    (a secret may hold a control character, as AUTH PLAIN's does) and again after (joined
    lines can bring pieces together), and before it is cut short."""
    printable = "".join(ch if ch.isprintable() else " " for ch in redact(detail, secrets))
    return cut(redact(" ".join(printable.split()), secrets), _DETAIL_LIMIT)


def cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, ending in … where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
