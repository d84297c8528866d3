"""The local API server: aiohttp on its own thread and event loop, off until the user starts it.

Security defaults: it listens on 127.0.0.1 only; another interface needs `allow_remote` *and* an
API key. Requests must name a loopback host (a web page cannot reach it through DNS rebinding),
browsers' cross-site requests are refused unless their origin is allowed, bodies are size-limited,
and an API key, when set, is required on every endpoint (Bearer or X-Api-Key).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from ..chat.api_lore import ApiLore
from . import kobold, openai_routes
from .bridge import Backend, Gate
from .fields import MAX_LOOKUP_DRAFT, ApiError, error_body
from .responses import CACHED_HEADER, CUT_HEADER, REPROCESSED_HEADER, json_response

log = logging.getLogger("fireside.api")
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
EXPOSED = (REPROCESSED_HEADER, CACHED_HEADER, CUT_HEADER)


class ServerError(RuntimeError):
    """The server cannot start with these options (said in plain words)."""


@dataclass
class ServerOptions:
    host: str = "127.0.0.1"
    port: int = 5001  # KoboldCpp's port, which front ends suggest first
    api_key: str = ""
    allow_remote: bool = False  # listen on an interface other computers reach (needs api_key)
    cors_origins: list[str] = field(default_factory=list)  # browser front ends allowed ("*": any site)
    queue_size: int = 2  # requests that may wait while one generates; more get 503
    max_body_bytes: int = 8 * 1024 * 1024
    lore: bool = False  # give chat requests the user's global lorebooks (chat.api_lore)
    # Guess ahead (prompt lookup) for requests that do not set `lookup_draft` themselves: up to this many
    # tokens guessed from the context and verified in one batch (0: off; it needs flash attention).
    guess_ahead: int = 0


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_options(options: ServerOptions) -> None:
    if not 0 <= options.port <= 65535:
        raise ServerError(f"the port must be between 1 and 65535, not {options.port}")
    if options.queue_size < 0:
        raise ServerError("the queue size must be 0 or more")
    if not 0 <= options.guess_ahead <= MAX_LOOKUP_DRAFT:
        raise ServerError(f"guess ahead takes 0 (off) to {MAX_LOOKUP_DRAFT} tokens, not {options.guess_ahead}")
    if not is_loopback(options.host):
        if not options.allow_remote:
            raise ServerError(f"Fireside's API listens on 127.0.0.1 only; listening on {options.host} needs "
                              "the option to allow other computers (and an API key)")
        if not options.api_key:
            raise ServerError(f"listening on {options.host} lets other computers in: set an API key first")


class ApiServer:
    """Start with `start()` (returns the URL), stop with `stop()`. `on_activity` is called from the
    server's thread with what clients do (requests refused, disconnects)."""

    def __init__(self, backend: Backend, options: ServerOptions,
                 on_activity: Callable[[dict[str, Any]], None] | None = None, lore: ApiLore | None = None) -> None:
        check_options(options)
        self.options = options
        self.lore = lore  # Fireside's global lorebooks for chat requests (off: None)
        self.api_key = options.api_key
        self.on_activity = on_activity or (lambda _event: None)
        self.gate = Gate(backend, options.queue_size, self._activity)
        self.url = ""
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None
        self._started = threading.Event()
        self._error: BaseException | None = None

    # --- life ------------------------------------------------------------------------------------

    def start(self, timeout: float = 10.0) -> str:
        self._thread = threading.Thread(target=self._run, name="fireside-api", daemon=True)
        self._thread.start()
        if not self._started.wait(timeout):
            raise ServerError("the API server did not start in time")
        if self._error is not None:
            raise ServerError(_bind_message(self.options, self._error)) from self._error
        log.info("API server listening on %s", self.url)
        return self.url

    def stop(self, timeout: float = 5.0) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(stop.set)
            except RuntimeError:
                pass
        if self._thread is not None:
            self._thread.join(timeout)
        log.info("API server stopped")

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._error is None

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # noqa: BLE001 - said by start(), or logged
            if not self._started.is_set():
                self._error = exc
            else:
                log.exception("the API server stopped unexpectedly")
        finally:
            self._started.set()
            loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        app = self.build_app()
        runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.options.host, self.options.port)
            await site.start()
            self.port = runner.addresses[0][1]
            host = self.options.host if ":" not in self.options.host else f"[{self.options.host}]"
            self.url = f"http://{host}:{self.port}"
            self._started.set()
            await self._stop.wait()
        finally:
            await runner.cleanup()

    # --- the application -------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=self.options.max_body_bytes,
                              middlewares=[self._errors, self._guard])
        app.on_response_prepare.append(self._cors_headers)
        kobold.add_routes(app, self)
        openai_routes.add_routes(app, self)
        return app

    def client_name(self, request: web.Request) -> str:
        agent = request.headers.get("User-Agent", "").split("/")[0].split(" ")[0][:40]
        return f"{request.remote or '?'}{' · ' + agent if agent else ''}"

    def _activity(self, event: dict[str, Any]) -> None:
        try:
            self.on_activity(event)
        except Exception:  # noqa: BLE001 - a listener must never break a request
            log.exception("an API activity listener failed")

    @web.middleware
    async def _errors(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except ApiError as exc:
            if exc.status >= 500:
                log.error("API %s %s: %s", request.method, request.path, exc.message)
            else:
                log.info("API %s %s refused (%d): %s", request.method, request.path, exc.status, exc.message)
            response = json_response(error_body(exc.status, exc.message, exc.kind), exc.status)
            if exc.retry_after:
                response.headers["Retry-After"] = str(exc.retry_after)
            return response
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            message = {404: f"there is no endpoint {request.path}; see the README's endpoint list",
                       405: f"{request.method} is not allowed on {request.path}"}.get(exc.status, exc.text or exc.reason)
            return json_response(error_body(exc.status, message, "invalid_request_error"), exc.status)
        except (asyncio.CancelledError, ConnectionResetError):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug must not take the server down
            log.exception("API %s %s failed", request.method, request.path)
            return json_response(error_body(500, f"{type(exc).__name__}: {exc}", "server_error"), 500)

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        host = request.url.host or ""
        if is_loopback(self.options.host) and not is_loopback(host):
            raise ApiError(403, f"requests must be addressed to 127.0.0.1 or localhost, not {host!r}", "forbidden")
        origin = request.headers.get("Origin")
        allowed = self._origin_allowed(origin)
        if origin is not None and not allowed:
            raise ApiError(403, f"browser requests from {origin} are refused; allow that site in Fireside's API "
                                "settings (web front ends)", "forbidden")
        if request.method == "OPTIONS" and origin is not None:
            return web.Response(status=204)  # a browser's preflight, from an allowed site
        if self.api_key and not self._authorized(request):
            raise ApiError(401, "this server needs an API key: send 'Authorization: Bearer <key>'",
                           "authentication_error")
        return await handler(request)

    async def _cors_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        """Every answer to an allowed browser site says so (streams included: this runs at prepare)."""
        origin = request.headers.get("Origin")
        if origin is not None and self._origin_allowed(origin):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type, X-Api-Key"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED)
            response.headers["Vary"] = "Origin"

    def _origin_allowed(self, origin: str | None) -> bool:
        if origin is None:
            return True
        allowed = self.options.cors_origins
        return "*" in allowed or origin.rstrip("/") in [o.rstrip("/") for o in allowed]

    def _authorized(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else request.headers.get("X-Api-Key", "")
        return hmac.compare_digest(token.encode(), self.api_key.encode())


def _bind_message(options: ServerOptions, exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno in (98, 48, 10048):
        return f"port {options.port} is already in use (another server, or KoboldCpp?); choose another port"
    if isinstance(exc, OSError) and exc.errno in (13, 10013):
        return f"not allowed to listen on port {options.port}; choose a port above 1024"
    return f"the API server could not start on {options.host}:{options.port}: {exc}"
