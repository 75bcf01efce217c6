"""Where sent messages and pages go: the outbox always; SMTP and a webhook when
configured; a page also to its own webhook, PagerDuty and Opsgenie when configured.

One definition of these settings, read from ``warroom.toml`` and ``WARROOM_*`` by
``config.settings`` and used by the delivery adapters. Credentials are not settings: they
come only from the environment (``CREDENTIALS``), read when sending.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from warroom.base.errors import InvalidInput
from warroom.base.locations import outbox_dir
from warroom.base.text import one_line as shown

MAX_TIMEOUT = 600.0
"""Seconds to wait for the SMTP server or an HTTP endpoint at most: ten minutes is already past
any answer worth waiting for, and the socket layer overflows on timeouts past about 9.2e9 s
(``inf`` or ``1e10`` made every delivery fail with an OverflowError)."""

CREDENTIALS = {
    "smtp_user": "WARROOM_SMTP_USER",
    "smtp_password": "WARROOM_SMTP_PASSWORD",
    "pagerduty_routing_key": "WARROOM_PAGERDUTY_ROUTING_KEY",
    "opsgenie_api_key": "WARROOM_OPSGENIE_API_KEY",
}
"""Read only from the environment, when sending; never settings, so never in a file."""

URLS = ("webhook_url", "page_webhook_url", "pagerduty_url", "opsgenie_url")
"""The HTTP endpoints: each unset when blank, and http or https only."""


class DeliverySettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    outbox: Path | None = None  # None: outbox/ in the user data folder
    email_from: str = "warroom@localhost"
    # WARROOM_EMAIL_TO reaches _split_addresses as written: a comma-separated list or a JSON
    # list, told apart there.
    email_to: tuple[str, ...] = ("incidents@localhost",)
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_timeout: float = 10.0
    webhook_url: str | None = None
    webhook_timeout: float = 10.0  # for every HTTP endpoint: the page ones too
    page_webhook_url: str | None = None  # pages, as JSON; webhook_url is a status page's
    pagerduty_url: str | None = None  # Events API v2, e.g. https://events.pagerduty.com/v2/enqueue
    opsgenie_url: str | None = None  # Alerts API, e.g. https://api.opsgenie.com/v2/alerts

    def outbox_dir(self) -> Path:
        return self.outbox or outbox_dir()

    @field_validator("smtp_host", *URLS)
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        # An empty WARROOM_SMTP_HOST= in the environment means "not configured".
        return (value.strip() or None) if value is not None else None

    @field_validator("email_from")
    @classmethod
    def _check_from(cls, value: str) -> str:
        return one_address("email_from", value)

    @field_validator("email_to", mode="before")
    @classmethod
    def _split_addresses(cls, value: object) -> object:
        if isinstance(value, str):
            return split_addresses(value)
        return value

    @field_validator("email_to")
    @classmethod
    def _check_to(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise InvalidInput("email_to", "give at least one address")
        return tuple(one_address("email_to", address) for address in value)

    @field_validator("smtp_port")
    @classmethod
    def _check_port(cls, value: int) -> int:
        if not 0 < value < 65536:
            raise InvalidInput("smtp_port", f"must be 1–65535, not {value}")
        return value

    @field_validator("smtp_timeout", "webhook_timeout")
    @classmethod
    def _check_timeout(cls, value: float, info: ValidationInfo) -> float:
        if not (math.isfinite(value) and 0 < value <= MAX_TIMEOUT):
            raise InvalidInput(
                str(info.field_name),
                f"must be more than 0 and at most {MAX_TIMEOUT:g} seconds, not {value:g}",
            )
        return value

    @field_validator(*URLS)
    @classmethod
    def _check_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        # urllib would also open file:// and ftp:// URLs; an endpoint is HTTP only.
        if value is not None and urlsplit(value).scheme not in ("http", "https"):
            raise InvalidInput(str(info.field_name), "must start with http:// or https://")
        return value


def one_line(field: str, value: str) -> str:
    """Refuse a line break: these values become mail headers, where one would forge more."""
    if "\r" in value or "\n" in value:
        raise InvalidInput(field, "must be one line")
    return value


def split_addresses(value: str) -> list[object]:
    """``a@example.com, b@example.com`` or the JSON list ``["a@example.com", …]``."""
    if not value.lstrip().startswith("["):
        return [part.strip() for part in value.split(",") if part.strip()]
    try:
        parsed = json.loads(value)
    except (json.JSONDecodeError, RecursionError):
        parsed = None
    if not isinstance(parsed, list):
        raise InvalidInput("email_to", "starts with '[' but is not a JSON list of addresses")
    return parsed


# An address is one mailbox, written bare: local@domain, printable ASCII. Display names
# ("Ops <ops@example.com>"), lists and quoted local parts are refused rather than guessed at.
_NOT_IN_ADDRESS = frozenset(' "(),:;<>[\\]')


def one_address(field: str, value: str) -> str:
    """``value`` if it is exactly one bare email address; else one line saying why not."""
    one_line(field, value)
    local, _, domain = value.partition("@")
    problem = ""
    if any(not 32 <= ord(ch) < 127 for ch in value):
        problem = "must be printable ASCII (an international domain in its xn-- form)"
    elif any(ch in _NOT_IN_ADDRESS for ch in value):
        problem = "must be one bare address, like ops@example.com (no names, lists or quotes)"
    elif value.count("@") != 1 or not local or not domain:
        problem = "must be one address with one @, like ops@example.com"
    elif domain.startswith(".") or domain.endswith(".") or ".." in domain:
        problem = "has an empty part in its domain"
    if problem:
        quoted = repr(value if len(value) <= 60 else value[:60] + "…")
        raise InvalidInput(field, f"{shown(quoted)} {problem}")
    return value
