"""The web server of ``warroom serve``: textual-serve's ``Server``, which runs the console
in a subprocess for each browser connection, with

- the rules of ``serve_access`` checked on every request, the websocket's too, by one
  middleware before any handler runs: a refused request gets a status and one line of
  text, never the page;
- a page of its own (``data/serve/console.html``) that loads nothing from elsewhere
  (textual-serve's loads its font from Google), sent with a Content-Security-Policy that
  lets the browser load nothing from elsewhere either, and no framing;
- a log that names each request's path but never its query, where a token may be.

Only ``warroom serve`` imports this module: aiohttp stays off every other command's path.
"""

from __future__ import annotations

import asyncio
import secrets
import signal
from collections.abc import Callable

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.typedefs import Handler, Middleware
from textual_serve.server import Server

from warroom.base.locations import shipped_data
from warroom.cli.serve_access import Access, ServeRefused, token_matches

PAGE = shipped_data("serve", "console.html")
# Everything from this server; styles inline too (xterm.js sets them as it draws), scripts
# only with the page's nonce; websockets back to this server ('self' covers ws: and wss:).
_POLICY = (
    "default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'"
)
_NEEDS_TOKEN = "warroom: this console needs its access token; open the URL warroom serve printed\n"
_WRONG_HOST = "warroom: this server does not answer to that host name\n"
_WRONG_ORIGIN = "warroom: the console's websocket opens only from the console's own page\n"
# How long stopping waits for a connection's request to finish after its console was told
# to quit, before it is cut off.
_SHUTDOWN_SECONDS = 10.0


class ConsoleServer(Server):
    """textual-serve's server, guarded; ``command`` starts one console."""

    def __init__(self, command: str, host: str, port: int, access: Access) -> None:
        super().__init__(command, host=host, port=port, title="warroom")
        self.access = access
        # The port in its name: two servers on one machine do not overwrite each other's.
        self.cookie = f"warroom_token_{port}"
        self._page = PAGE.read_text(encoding="utf-8")
        self._sockets: set[asyncio.Task[object]] = set()

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard()])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self._close_sockets)
        return app

    def _guard(self) -> Middleware:
        access, cookie = self.access, self.cookie

        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            host = request.headers.get("Host")
            if not access.host_allowed(host):
                return _refused(403, _WRONG_HOST)
            from_query = False
            if access.token is not None:
                from_query = token_matches(request.query.get("token"), access.token)
                if not (
                    from_query
                    or token_matches(request.cookies.get(cookie), access.token)
                    or token_matches(_bearer(request), access.token)
                ):
                    return _refused(401, _NEEDS_TOKEN)
            if request.match_info.route.name == "websocket":
                if not access.origin_allowed(request.headers.get("Origin"), host):
                    return _refused(403, _WRONG_ORIGIN)
                return await self._tracked(handler, request)
            response = await handler(request)
            if not response.prepared:
                response.headers["Referrer-Policy"] = "no-referrer"
                if from_query and access.token is not None:
                    response.set_cookie(
                        cookie,
                        access.token,
                        path="/",
                        httponly=True,
                        samesite="Strict",
                        secure=request.secure or _public_is_https(access),
                    )
            return response

        return guard

    async def _tracked(self, handler: Handler, request: web.Request) -> web.StreamResponse:
        """A websocket lives as long as its console; stopping the server ends them."""
        task = asyncio.current_task()
        assert task is not None
        self._sockets.add(task)
        try:
            return await handler(request)
        finally:
            self._sockets.discard(task)

    async def _close_sockets(self, app: web.Application) -> None:
        # textual-serve's handler answers a cancel by closing the websocket and telling
        # its console to quit, and waits for the console to end.
        for task in list(self._sockets):
            task.cancel()

    async def handle_index(self, request: web.Request) -> web.Response:
        nonce = secrets.token_urlsafe(16)
        font_size = min(max(_whole(request.query.get("fontsize"), 16), 6), 64)
        page = self._page.replace("{{nonce}}", nonce).replace("{{font_size}}", str(font_size))
        return web.Response(
            text=page,
            content_type="text/html",
            headers={
                "Content-Security-Policy": _POLICY.format(nonce=nonce),
                "X-Frame-Options": "DENY",
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-store",
            },
        )

    def run(self, ready: Callable[[], None]) -> None:
        """Serve until SIGINT or SIGTERM; ``ready`` once the port is open."""
        asyncio.run(self._run(ready))

    async def _run(self, ready: Callable[[], None]) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        runner = web.AppRunner(
            await self._make_app(),
            access_log_class=_AccessLog,
            handle_signals=False,
            shutdown_timeout=_SHUTDOWN_SECONDS,
        )
        await runner.setup()
        try:
            try:
                await web.TCPSite(runner, self.host, self.port).start()
            except OSError as err:
                reason = err.strerror or type(err).__name__
                raise ServeRefused(
                    f"serve: cannot listen on {self.host} port {self.port}: {reason}"
                ) from None
            ready()
            await stop.wait()
        finally:
            await runner.cleanup()


class _AccessLog(AbstractAccessLogger):
    """Who asked for what, and the answer: the path only, never the query (a token)."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        status = response.status
        self.logger.info("%s %s %s %s", request.remote, request.method, request.path, status)


def _refused(status: int, text: str) -> web.Response:
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="warroom"'
    return web.Response(status=status, text=text, headers=headers)


def _bearer(request: web.Request) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _public_is_https(access: Access) -> bool:
    return access.public is not None and access.public.scheme == "https"


def _whole(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
