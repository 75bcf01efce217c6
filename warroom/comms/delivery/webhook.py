"""The webhook: each status-page entry POSTed as JSON to an HTTP endpoint; each page's
notice to another (``page_webhook_url``). ``post_json`` is the one HTTP POST every adapter
makes, PagerDuty's and Opsgenie's too.

What it sends that is secret is in the URL: a token in the path or the query, and a
``user:password@`` that becomes a Basic Authorization header. No signature is sent. An
error page may quote the request back; ``url_secrets`` names all of it, so that
``base.deliver`` blanks it out in every encoding.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import SplitResult, parse_qsl, unquote, unquote_plus, urlsplit, urlunsplit

from warroom.comms.delivery.base import Failed, Outgoing, os_reason
from warroom.comms.delivery.content import status_payload
from warroom.comms.delivery.page_content import page_payload
from warroom.comms.delivery.pages import PageOut
from warroom.config.delivery import DeliverySettings
from warroom.vocabulary.channels import Form

_BODY_SNIPPET = 200  # how much of an HTTP error body to quote
_ANSWER_LIMIT = 64 * 1024  # how much of a success's body to read: a short JSON answer
# A path segment this long may be a token (Slack's, Discord's and Teams' are far longer);
# shorter ones ("hooks", "v1") are blanked only as part of the whole path.
_TOKEN_SEGMENT = 8


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """urllib would turn a redirected POST into a GET and call it success; report 3xx instead."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None


class Webhook:
    def configured(self, settings: DeliverySettings) -> bool:
        return bool(settings.webhook_url)

    def send(self, outgoing: Outgoing, settings: DeliverySettings) -> str:
        url = _webhook_url(outgoing, settings)
        answer = post_json(url, status_payload(outgoing), settings.webhook_timeout)
        return f"HTTP {answer.status} from {origin(url)}"

    def secrets(self, settings: DeliverySettings) -> list[str]:
        return url_secrets(settings.webhook_url)


ADAPTER = Webhook()


class PageWebhook:
    def send(self, page: PageOut, settings: DeliverySettings) -> str:
        if not settings.page_webhook_url:
            raise Failed("no page_webhook_url configured")
        url = settings.page_webhook_url
        answer = post_json(url, page_payload(page), settings.webhook_timeout)
        return f"HTTP {answer.status} from {origin(url)}"

    def secrets(self, settings: DeliverySettings) -> list[str]:
        return url_secrets(settings.page_webhook_url)


PAGE_ADAPTER = PageWebhook()


@dataclass(frozen=True)
class Answer:
    """A 2xx answer to a POST: its status and the start of its body."""

    status: int
    body: bytes

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object; empty if it is not one."""
        try:
            found = json.loads(self.body)
        except (ValueError, RecursionError):
            return {}
        return found if isinstance(found, dict) else {}

    def snippet(self) -> str:
        return _snippet(self.body)


def url_secrets(url: str | None) -> list[str]:
    """What an HTTP endpoint's URL often carries as its token, in the user part, the path or
    the query: each as written and as a server would decode it, and the Basic pair."""
    if not url:
        return []
    parts = urlsplit(url)
    found = [parts.netloc.rpartition("@")[0], parts.query, unquote_plus(parts.query)]
    found += [parts.fragment, *(value for _, value in parse_qsl(parts.query))]
    if parts.username is not None:
        found += [_basic_pair(parts), unquote(parts.username), unquote(parts.password or "")]
    if parts.path.strip("/"):
        segments = [seg for seg in parts.path.split("/") if len(seg) >= _TOKEN_SEGMENT]
        found += [parts.path, unquote(parts.path), *segments, *map(unquote, segments)]
    return found


def post_json(
    url: str, payload: bytes, timeout: float, headers: Mapping[str, str] | None = None
) -> Answer:
    """POST ``payload`` as JSON to ``url``; a 2xx answer, or ``Failed`` saying what came
    back (or did not) from the URL's origin only."""
    shown = origin(url)
    request = _webhook_request(url, payload, headers or {})
    # Built per call so proxy settings are read from the environment at send time.
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return Answer(int(response.status), response.read(_ANSWER_LIMIT))
    except urllib.error.HTTPError as err:
        raise Failed(f"HTTP {err.code} from {shown}: {_error_body(err)}") from None
    except urllib.error.URLError as err:
        raise Failed(f"cannot reach {shown}: {_net_reason(err.reason, timeout)}") from None
    except (OSError, http.client.HTTPException, ValueError) as err:
        raise Failed(f"request to {shown} failed: {_net_reason(err, timeout)}") from None


def _webhook_url(outgoing: Outgoing, settings: DeliverySettings) -> str:
    # As for SMTP: a stale retry is recorded as a failure rather than raised.
    if Form.STATUS not in outgoing.on.forms:
        raise Failed(f"the {outgoing.channel} channel has no status page to post to")
    if not settings.webhook_url:
        raise Failed("no webhook_url configured")
    return settings.webhook_url


def _webhook_request(url: str, payload: bytes, extra: Mapping[str, str]) -> urllib.request.Request:
    """A JSON POST; user:password@ in the URL becomes Basic auth (urllib cannot use it as is).
    ``extra`` headers come last: an API's own Authorization is the one that counts."""
    headers = {"Content-Type": "application/json", "User-Agent": "warroom"}
    parts = urlsplit(url)
    if parts.username is not None:
        pair = _basic_pair(parts).encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        url = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    headers.update(extra)
    return urllib.request.Request(url, data=payload, headers=headers, method="POST")


def _basic_pair(parts: SplitResult) -> str:
    """``user:password`` as Basic auth carries it, decoded from the URL."""
    return f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"


def origin(url: str) -> str:
    """scheme://host[:port] only: webhook URLs often carry their token in the path or query."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def _error_body(err: urllib.error.HTTPError) -> str:
    try:
        raw = err.read(_BODY_SNIPPET * 4)  # UTF-8: at most 4 bytes a character
    except (OSError, http.client.HTTPException):
        return "(no body)"
    return _snippet(raw)


def _snippet(raw: bytes) -> str:
    text = raw[: _BODY_SNIPPET * 4].decode("utf-8", "replace")[:_BODY_SNIPPET]
    return text if text.strip() else "(empty body)"


def _net_reason(reason: object, timeout: float) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve host: {reason.strerror}"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted: {reason.verify_message}"
    if isinstance(reason, OSError):
        return os_reason(reason)
    return str(reason) or type(reason).__name__


# ---------------------------------------------------------------- wording
